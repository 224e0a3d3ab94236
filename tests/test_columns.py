"""The dataset's columns (model/columns.py) equal what a walk over the events says, and follow an edit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from conftest import event_counts
from kztimeline.model.columns import build_columns, columns_of, search_text
from kztimeline.model.entities import Dataset, Event
from kztimeline.model.loader import load_dataset
from kztimeline.model.selection import Selection
from kztimeline.model.synth import write_synth

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Dataset:
    path = write_synth(400, tmp_path_factory.mktemp("synth") / "events.yaml", places=7)
    result = load_dataset(path, cache=False)
    assert result.ok and result.dataset is not None
    return result.dataset


@pytest.fixture(scope="module")
def frozen() -> Dataset:
    """A real-world-shaped dataset with background events, several places per event and undeclared categories."""
    result = load_dataset(DATA / "frozen" / "events.yaml", cache=False)
    assert result.dataset is not None
    return result.dataset


def brute_force(dataset: Dataset) -> dict[str, list]:
    return {
        "start": [e.window.start.timestamp() for e in dataset.events],
        "end": [e.window.end.timestamp() for e in dataset.events],
        "exact": [e.window.is_exact for e in dataset.events],
        "span": [e.window.is_span for e in dataset.events],
        "context": [e.context for e in dataset.events],
        "category": [e.category for e in dataset.events],
        "places": [list(e.place_ids) for e in dataset.events],
        "title_len": [len(e.title) for e in dataset.events],
        "source_count": [len(e.source_ids) for e in dataset.events],
    }


@pytest.mark.parametrize("name", ["synth", "frozen"])
def test_columns_equal_a_walk_over_the_events(name, request):
    dataset: Dataset = request.getfixturevalue(name)
    columns, expected = build_columns(dataset), brute_force(dataset)
    assert len(columns) == len(dataset.events)
    for key in ("start", "end", "exact", "span", "context", "title_len", "source_count"):
        assert getattr(columns, key).tolist() == expected[key], key
    assert [columns.categories[i] for i in columns.category] == expected["category"]
    places = [[columns.places[columns.place[j]] for j in range(columns.place_start[i], columns.place_start[i + 1])]
              for i in range(len(columns))]
    assert places == expected["places"]
    assert columns.places[:len(dataset.places)] == tuple(dataset.places)
    sources = [[columns.sources[columns.source[j]] for j in range(columns.source_start[i], columns.source_start[i + 1])]
               for i in range(len(columns))]
    assert sources == [list(e.source_ids) for e in dataset.events]
    half = np.arange(0, len(columns), 2)
    assert columns.sources_of(half) == [s for s in columns.sources
                                        if any(s in dataset.events[i].source_ids for i in half.tolist())]
    assert columns.categories[:len(dataset.categories)] == tuple(dataset.categories)
    assert columns.in_period().tolist() == [i for i, e in enumerate(dataset.events) if not e.context]
    assert dict(zip(columns.places, columns.place_counts().tolist(), strict=True)) == {
        p: c for p, c in event_counts(dataset).items() if c} | {p: 0 for p, c in event_counts(dataset).items()
                                                                if not c}
    assert all(columns.position(e.id) == i for i, e in enumerate(dataset.events))
    assert columns.position("no such event") is None


@pytest.mark.parametrize("name", ["synth", "frozen"])
def test_place_masks_equal_a_walk(name, request):
    dataset: Dataset = request.getfixturevalue(name)
    columns = columns_of(dataset)
    for place_id in dataset.places:
        assert columns.at_places(place_id).tolist() == [place_id in e.place_ids for e in dataset.events]
    some = list(dataset.places)[:2]
    assert columns.at_places(some).tolist() == [any(p in e.place_ids for p in some) for e in dataset.events]


@pytest.mark.parametrize("name", ["synth", "frozen"])
def test_search_equals_a_walk_and_narrows_as_one_types(name, request):
    dataset: Dataset = request.getfixturevalue(name)
    columns = build_columns(dataset)
    names = {p.id: p.name for p in dataset.places.values()}

    def walk(text: str) -> list[bool]:
        return [text.casefold() in search_text(e, names) for e in dataset.events]

    word = dataset.events[len(dataset.events) // 2].title.split()[-1]
    typed = [word[:i] for i in range(1, len(word) + 1)] + [word + "zz", word[:2], "", "E1", dataset.events[0].id]
    for text in typed:  # each one after the last, as typing: narrowing must give what a fresh walk gives
        assert columns.search(dataset, text).tolist() == walk(text), text
    place = next(iter(dataset.places.values()))
    assert columns.search(dataset, place.name.upper()).tolist() == walk(place.name)


def test_columns_are_kept_per_dataset_and_an_edit_gets_its_own(synth):
    assert columns_of(synth) is columns_of(synth)
    first: Event = synth.events[0]
    moved = dataclasses.replace(first, category="security", title=first.title + " and more",
                                place_ids=(list(synth.places)[-1],), context=True)
    edited = dataclasses.replace(synth, events=(moved, *synth.events[1:]))
    columns, expected = columns_of(edited), brute_force(edited)
    assert columns is not columns_of(synth)
    assert columns.title_len.tolist() == expected["title_len"]
    assert [columns.categories[i] for i in columns.category] == expected["category"]
    assert columns.context.tolist() == expected["context"]
    assert columns.at_places(list(synth.places)[-1]).tolist() == [
        list(synth.places)[-1] in e.place_ids for e in edited.events]


def test_the_selection_filters_with_the_columns(frozen):
    selection = Selection(frozen)
    places = {p for p, count in event_counts(frozen).items() if count > 1}
    places = set(sorted(places)[:2])  # two places: an event passes at either
    assert len(places) == 2
    selection.set_place_filter(places)
    selection.set_text_filter("a")
    expected = [bool(places & set(e.place_ids))
                and "a" in search_text(e, {p.id: p.name for p in frozen.places.values()})
                for e in frozen.events]
    assert selection.passing_mask().tolist() == expected
    in_period = [e for e, ok in zip(frozen.events, expected, strict=True) if ok and not e.context]
    assert selection.filtered_events() == in_period
    assert selection.filtered_count() == len(in_period)
    assert np.array_equal(selection.filtered_positions(),
                          [i for i, e in enumerate(frozen.events) if expected[i] and not e.context])
    selection.first()
    assert selection.position() == 0 and selection.current_id == in_period[0].id
    selection.step(1)
    assert selection.position() == min(1, len(in_period) - 1)
    selection.last()
    assert selection.position() == len(in_period) - 1


@pytest.mark.parametrize("name", ["synth", "frozen"])
def test_search_texts_built_in_parts_equal_those_built_at_once(name, request, tmp_path):
    dataset: Dataset = request.getfixturevalue(name)
    whole = build_columns(dataset)
    parts = build_columns(dataset)
    steps = 0
    while not parts.prepare_search(dataset, rows=7):
        steps += 1
    assert steps == (len(dataset.events) - 1) // 7 + 1  # and one more call for the search's ASCII copy
    assert parts.search(dataset, "e1").tolist() == whole.search(dataset, "e1").tolist()
    assert parts._texts == whole._texts
