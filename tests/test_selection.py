"""The shared selection is plain Python: filters, stepping and signals, tested with no QApplication at all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kztimeline.model import load_dataset
from kztimeline.model.selection import Selection

from conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA / "minimal.yaml").dataset


def _recorder(selection: Selection) -> list[tuple[str, tuple]]:
    seen: list[tuple[str, tuple]] = []
    for name in ("datasetChanged", "currentChanged", "placeFilterChanged", "textFilterChanged", "filterChanged",
                 "timeRangeChanged"):
        getattr(selection, name).connect(lambda *args, _name=name: seen.append((_name, args)))
    return seen


def test_the_selection_module_does_not_bring_qt_in():
    code = ("import sys, kztimeline.model.selection; "
            "sys.exit(any(m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    assert Selection.__mro__[1] is object


def test_stepping_walks_the_events_in_time_and_stops_at_the_ends(data):
    selection = Selection(data)
    order = [e.id for e in selection.filtered_events()]
    assert order == ["protests", "blackout"]
    selection.step(1)
    assert selection.current_id == "protests" and selection.position() == 0
    selection.step(1)
    selection.step(1)
    assert selection.current_id == "blackout" and selection.position() == 1
    selection.first()
    assert selection.current_id == "protests"


def test_a_place_filter_keeps_only_its_events_and_drops_a_current_event_it_hides(data):
    selection = Selection(data)
    seen = _recorder(selection)
    selection.set_current("protests")
    selection.set_place_filter(["kazakhstan"])
    assert [e.id for e in selection.filtered_events()] == ["blackout"]
    assert selection.current_id is None
    assert ("placeFilterChanged", ({"kazakhstan"},)) in seen and ("currentChanged", (None,)) in seen
    selection.toggle_place_filter("kazakhstan")
    assert selection.place_filter == frozenset() and len(selection.filtered_events()) == 2


def test_search_looks_in_titles_places_and_quotes(data):
    selection = Selection(data)
    selection.set_text_filter("CONNECTIVITY")  # in the blackout's quote only, any case
    assert [e.id for e in selection.filtered_events()] == ["blackout"]
    assert selection.describe_filter() == "search: “CONNECTIVITY”"
    mask = selection.passing_mask()
    assert mask is not None and mask.tolist() == [e.id == "blackout" for e in data.events]


def test_a_new_dataset_resets_current_event_and_filters_and_says_so(data):
    selection = Selection(data)
    selection.set_current("blackout")
    selection.set_text_filter("x")
    seen = _recorder(selection)
    selection.set_dataset(data)
    assert (selection.current_id, selection.text_filter, selection.place_filter) == (None, "", frozenset())
    assert seen == [("datasetChanged", ())]


def test_setting_the_same_value_twice_signals_once(data):
    selection = Selection(data)
    seen = _recorder(selection)
    selection.set_time_range(1.0, 2.0)
    selection.set_time_range(1.0, 2.0)
    selection.set_current("blackout")
    selection.set_current("blackout")
    assert seen == [("timeRangeChanged", (1.0, 2.0)), ("currentChanged", ("blackout",))]
