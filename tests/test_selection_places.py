"""The place filter is a set of places: an event passes when it is at any of them. Plain Python, no Qt."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from kztimeline.model import load_dataset
from kztimeline.model.entities import Dataset, Place
from kztimeline.model.selection import Selection

from conftest import DATA


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(DATA / "minimal.yaml").dataset


@pytest.fixture(scope="module")
def synthetic(data) -> Dataset:
    """600 events at 0 to 3 of 15 places (some at a place no filter names), a tenth of them background."""
    rng = random.Random(12)
    places = {f"p{i}": Place(f"p{i}", f"Place {i}", "city") for i in range(15)}
    base = data.events[0]
    events = [replace(base, id=f"e{n}", place_ids=tuple(rng.sample(sorted(places), rng.randint(0, 3))),
                      context=rng.random() < 0.1)
              for n in range(600)]
    return replace(data, places=places, events=events)


def _recorder(selection: Selection) -> list[tuple[str, tuple]]:
    seen: list[tuple[str, tuple]] = []
    for name in ("currentChanged", "placeFilterChanged", "filterChanged"):
        getattr(selection, name).connect(lambda *args, _name=name: seen.append((_name, args)))
    return seen


def test_the_mask_is_the_events_at_any_filtered_place(synthetic):
    selection = Selection(synthetic)
    rng = random.Random(3)
    for size in (1, 2, 3, 7, 15):
        chosen = set(rng.sample(sorted(synthetic.places), size))
        selection.set_place_filter(chosen)
        mask = selection.passing_mask()
        assert mask is not None
        assert mask.tolist() == [bool(chosen & set(e.place_ids)) for e in synthetic.events]  # brute force
        assert [e.id for e in selection.filtered_events()] == [
            e.id for e in synthetic.timeline_events if chosen & set(e.place_ids)]


def test_places_and_search_both_narrow(synthetic):
    selection = Selection(synthetic)
    selection.set_place_filter({"p1", "p2"})
    selection.set_text_filter("e1")  # the ids e1, e10…e19, e100…
    mask = selection.passing_mask()
    assert mask is not None and mask.tolist() == [
        bool({"p1", "p2"} & set(e.place_ids)) and "e1" in e.id for e in synthetic.events]


def test_place_counts_count_what_the_search_finds_whatever_places_are_filtered(synthetic):
    selection = Selection(synthetic)
    every = {place_id: sum(place_id in e.place_ids for e in synthetic.events) for place_id in synthetic.places}
    assert selection.place_counts() == (600, every) == selection.place_counts(searched=False)
    selection.set_place_filter({"p1", "p2"})  # left out: each number says what filtering to that place shows
    selection.set_text_filter("e1")
    found = [e for e in synthetic.events if "e1" in e.id]
    assert selection.place_counts() == (len(found), {
        place_id: sum(place_id in e.place_ids for e in found) for place_id in synthetic.places})
    assert selection.place_counts(searched=False) == (600, every)
    selection.set_text_filter("no event holds this")
    assert selection.place_counts() == (0, dict.fromkeys(synthetic.places, 0))
    assert Selection().place_counts() == (0, {})


def test_a_place_no_event_is_at_passes_nothing(data):
    selection = Selection(data)
    selection.set_place_filter({"nowhere"})
    mask = selection.passing_mask()
    assert mask is not None and not mask.any() and selection.filtered_events() == []


def test_set_semantics_and_one_signal_per_change(data):
    selection = Selection(data)
    seen = _recorder(selection)
    selection.set_place_filter(["almaty", "kazakhstan", "almaty"])
    assert selection.place_filter == frozenset({"almaty", "kazakhstan"})
    assert seen == [("placeFilterChanged", (frozenset({"almaty", "kazakhstan"}),)), ("filterChanged", ())]
    seen.clear()
    selection.set_place_filter(("kazakhstan", "almaty"))  # the same set in another order: no change
    assert seen == []
    assert {e.id for e in selection.filtered_events()} == {"protests", "blackout"}
    selection.clear_place_filter()
    assert selection.place_filter == frozenset() and selection.passing_mask() is None


def test_a_str_is_refused_rather_than_read_as_letters(data):
    with pytest.raises(TypeError, match="collection of place ids"):
        Selection(data).set_place_filter("almaty")


def test_click_filters_to_one_place_and_ctrl_click_adds_or_removes(data):
    selection = Selection(data)
    selection.toggle_place_filter("almaty")
    assert selection.place_filter == {"almaty"}
    selection.toggle_place_filter("kazakhstan", extend=True)
    assert selection.place_filter == {"almaty", "kazakhstan"}
    selection.toggle_place_filter("almaty")  # a plain click on one of several: that one only
    assert selection.place_filter == {"almaty"}
    selection.toggle_place_filter("almaty")  # … and again: all places
    assert selection.place_filter == frozenset()
    selection.set_place_filter({"almaty", "kazakhstan"})
    selection.toggle_place_filter("kazakhstan", extend=True)  # Ctrl-click on a filtered place takes it out
    assert selection.place_filter == {"almaty"}
    selection.toggle_place_filter("almaty", extend=True)  # the last one out: all places
    assert selection.place_filter == frozenset()
    selection.filter_to_place("mangistau")
    selection.toggle_place_filter(None, extend=True)  # "All places" clears either way
    assert selection.place_filter == frozenset()


def test_removing_a_place_that_held_the_current_event_clears_it(data):
    selection = Selection(data)
    selection.set_place_filter({"almaty", "kazakhstan"})
    selection.set_current("protests")  # at Almaty and Mangistau
    selection.toggle_place_filter("kazakhstan", extend=True)
    assert selection.current_id == "protests"  # still at a filtered place
    selection.toggle_place_filter("almaty", extend=True)
    selection.toggle_place_filter("kazakhstan", extend=True)
    assert selection.current_id is None and selection.hidden_by_filter is not None


def test_the_filter_in_words_in_the_datasets_order(data):
    selection = Selection(data)
    selection.set_place_filter({"kazakhstan", "almaty"})
    assert selection.place_filter_ids() == ["almaty", "kazakhstan"]
    assert selection.describe_filter() == "Almaty, Kazakhstan (2 places)"
    selection.filter_to_place("mangistau")
    assert selection.describe_filter() == "place: Mangistau region"
    selection.set_text_filter("army")
    assert selection.describe_filter() == "place: Mangistau region, search: “army”"


def test_many_places_are_named_in_part(synthetic):
    selection = Selection(synthetic)
    selection.set_place_filter(f"p{i}" for i in (9, 1, 4, 7, 2))
    assert selection.describe_places() == "Place 1, Place 2, Place 4 and 2 more (5 places)"
    assert selection.describe_places(most=None) == "Place 1, Place 2, Place 4, Place 7, Place 9 (5 places)"


def test_a_new_dataset_clears_the_places_and_their_index(data, synthetic):
    selection = Selection(synthetic)
    selection.set_place_filter({"p1"})
    assert selection.passing_mask() is not None
    selection.set_dataset(data)
    assert selection.place_filter == frozenset()
    selection.set_place_filter({"almaty"})
    assert selection.passing_mask().tolist() == ["almaty" in e.place_ids for e in data.events]
