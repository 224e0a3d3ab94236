"""Events kept as rows (model/lazyevents.py) and the cache that reopens datasets with them: the reopened dataset
is the cold one, event by event, with the same columns."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from kztimeline.model import cache
from kztimeline.model.columns import build_columns, columns_of
from kztimeline.model.dates import Precision, Window
from kztimeline.model.entities import Conflict, Event, Excerpt, When
from kztimeline.model.excerpts import Match
from kztimeline.model.lazyevents import LazyEvents, encode_rows
from kztimeline.model.loader import load_dataset
from kztimeline.model.synth import write_synth

DATA = Path(__file__).parent / "data"


def odd_events() -> list[Event]:
    """Every field set, zones of several offsets (and UTC), spans, unverified and background events."""
    plus5, minus3 = timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-3))
    start = datetime(2022, 1, 5, 14, 7, 3, 123456, tzinfo=plus5)
    return [
        Event("a", "A “quoted” title", Window(start, start + timedelta(hours=1), Precision.HOUR), ("p1", "p2"),
              "protest", (Excerpt("s1", "some words here", Match(10, 25), "a note"), Excerpt("s2", "more", None)),
              When("on Wednesday", "s1", "explained", "n", True, "b", True, "ru"),
              (Conflict("time", "they differ", ("s1", "s2")),), True, "2022-01-05T14:07+05:30", 12, "notes",
              "https://example.org/x.jpg", ""),
        Event("b", "B", Window(datetime(2022, 1, 1, tzinfo=UTC), datetime(2022, 1, 3, tzinfo=minus3), Precision.BY,
                               True), ("p1",), "other", (), unverified="imported"),
    ]


def test_rows_give_back_the_events_they_were_made_from():
    events = odd_events()
    lazy = LazyEvents(*encode_rows(events))
    assert len(lazy) == 2
    assert lazy == events and list(lazy) == events and repr(lazy) == repr(tuple(events))
    for got, want in zip(lazy, events, strict=True):
        assert got.window.start.utcoffset() == want.window.start.utcoffset()
        assert got.window.end.utcoffset() == want.window.end.utcoffset()
    assert lazy[0] is lazy[0] and lazy[-1] is lazy[1]  # decoded once, kept
    assert lazy[0:2] == tuple(events)
    assert lazy.ids() == ["a", "b"] and lazy.index_of("b") == 1 and lazy.index_of("c") is None
    assert lazy.event_by_id("b") is lazy[1]
    with pytest.raises(KeyError):
        lazy.event_by_id("c")
    with pytest.raises(IndexError):
        lazy[2]


def test_search_texts_from_rows_equal_those_from_events():
    events = odd_events()
    names = {"p1": "Almaty"}
    from kztimeline.model.columns import search_text

    assert LazyEvents(*encode_rows(events)).search_texts(names) == [search_text(e, names) for e in events]


def test_no_events_make_an_empty_sequence():
    lazy = LazyEvents(*encode_rows([]))
    assert len(lazy) == 0 and list(lazy) == [] and lazy == ()


def test_offsets_that_do_not_fit_the_rows_are_refused():
    blob, offsets = encode_rows(odd_events())
    with pytest.raises(ValueError):
        LazyEvents(blob[:-1], offsets)


@pytest.mark.parametrize("where", ["frozen", "synth"])
def test_a_reopened_dataset_is_the_cold_one_event_by_event(where, tmp_path):
    path = (DATA / "frozen" / "events.yaml" if where == "frozen"
            else write_synth(300, tmp_path / "events.yaml", places=6))
    cold = load_dataset(path)
    assert cold.ok and cold.dataset is not None
    warm = load_dataset(path)
    assert warm.dataset is not None and isinstance(warm.dataset.events, LazyEvents)
    assert len(warm.dataset.events) == len(cold.dataset.events)
    for got, want in zip(warm.dataset.events, cold.dataset.events, strict=True):
        assert got == want and repr(got) == repr(want)
    assert warm.dataset == cold.dataset and warm.problems == cold.problems
    stored, fresh = columns_of(warm.dataset), build_columns(cold.dataset)
    for name in ("start", "end", "exact", "span", "context", "category", "place_start", "place", "title_len",
                 "source_start", "source"):
        assert np.array_equal(getattr(stored, name), getattr(fresh, name)), name
    assert (stored.categories, stored.places, stored.sources) == (fresh.categories, fresh.places, fresh.sources)
    assert stored.positions() == fresh.positions()
    first = cold.dataset.events[-1]
    assert warm.dataset.event(first.id) == first
    assert columns_of(warm.dataset).search(warm.dataset, "a").tolist() == fresh.search(cold.dataset, "a").tolist()


def test_an_edit_of_a_reopened_dataset_gets_columns_of_its_own(tmp_path):
    path = write_synth(50, tmp_path / "events.yaml", places=5)
    load_dataset(path)
    warm = load_dataset(path).dataset
    assert warm is not None
    changed = dataclasses.replace(warm.events[0], title="x")
    edited = dataclasses.replace(warm, events=(changed, *warm.events[1:]))
    assert columns_of(edited).title_len[0] == 1 and columns_of(warm).title_len[0] == len(warm.events[0].title)


def test_an_entry_sealed_by_another_key_is_a_miss(tmp_path):
    path = write_synth(20, tmp_path / "events.yaml", places=5)
    load_dataset(path)
    where = cache.entry_path(path)
    assert cache.decode_entry(where.read_bytes()) is not None
    (where.parent / "seal.key").write_bytes(b"k" * 32)
    assert cache.decode_entry(where.read_bytes()) is None
    (where.parent / "seal.key").unlink()
    assert cache.decode_entry(where.read_bytes()) is None


def test_quoted_passages_from_rows_equal_those_from_events(tmp_path):
    from kztimeline.views.articletext import quoted_passages

    path = write_synth(80, tmp_path / "events.yaml", places=5)
    loaded = load_dataset(path).dataset
    warm = load_dataset(path).dataset
    assert loaded is not None and warm is not None
    cold = dataclasses.replace(loaded, events=tuple(loaded.events))  # the same events as objects
    assert isinstance(warm.events, LazyEvents) and not isinstance(cold.events, LazyEvents)
    for source_id in cold.sources:
        assert quoted_passages(warm, source_id) == quoted_passages(cold, source_id)
    assert quoted_passages(warm, "s0")


def test_search_texts_of_some_rows_equal_those_of_all():
    events = odd_events() * 3
    lazy = LazyEvents(*encode_rows(events))
    names = {"p2": "Aktau"}
    whole = lazy.search_texts(names)
    assert lazy.search_texts(names, 0, 2) + lazy.search_texts(names, 2, 5) + lazy.search_texts(names, 5) == whole
    assert lazy.search_texts(names, 4, 4) == [] and lazy.search_texts(names, 5, 99) == whole[5:]


def test_the_event_list_sorts_rows_as_it_sorts_events(tmp_path, qapp):
    from PySide6.QtCore import Qt

    from kztimeline.views.eventlist import CATEGORY, DATE, PLACES, SOURCES, TITLE, EventTableModel

    path = write_synth(120, tmp_path / "events.yaml", places=6)
    cold = load_dataset(path).dataset
    warm = load_dataset(path).dataset
    assert isinstance(warm.events, LazyEvents)
    for column in (DATE, TITLE, PLACES, CATEGORY, SOURCES):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            models = [EventTableModel(dataset) for dataset in (cold, warm)]
            for model in models:
                model.sort(column, order)
            assert [m.event_at(row).id for m in models[:1] for row in range(m.rowCount())] == [
                models[1].event_at(row).id for row in range(models[1].rowCount())], (column, order)


def test_a_layout_of_a_reopened_dataset_equals_the_cold_one_without_building_events(tmp_path):
    import shutil

    from kztimeline.views.lanes import layout

    folder = tmp_path / "frozen"
    shutil.copytree(DATA / "frozen", folder)
    cold = load_dataset(folder / "events.yaml").dataset
    warm = load_dataset(folder / "events.yaml").dataset
    assert isinstance(warm.events, LazyEvents) and any(e.context for e in cold.events)
    a, b = layout(cold), layout(warm)
    assert [b.title(i) for i in range(len(b.events))] == [e.title for e in a.events]
    assert not any(warm.events._decoded)  # titles came from the rows
    assert list(b.events) == list(a.events) and b.events[1:3] == a.events[1:3]
    for name in ("x0", "x1", "y", "event", "category", "exact", "span", "lane"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    some = a.events[len(a.events) // 2].id
    assert np.array_equal(a.entries_of(some), b.entries_of(some))


def test_a_citable_view_of_a_reopened_dataset_is_checked_without_building_events(tmp_path):
    import shutil

    from kztimeline.model.viewspec import ViewSpec

    folder = tmp_path / "frozen"
    shutil.copytree(DATA / "frozen", folder)
    cold = load_dataset(folder / "events.yaml").dataset
    warm = load_dataset(folder / "events.yaml").dataset
    assert isinstance(warm.events, LazyEvents)
    chosen = cold.events[len(cold.events) // 2].id
    assert ViewSpec(select=chosen).check(warm) == []
    assert not any(warm.events._decoded)  # the id came from the columns' index, no event was built
    assert "no event 'nowhere'" in ViewSpec(select="nowhere").check(warm)[0]
