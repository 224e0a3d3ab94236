"""`kztimeline check`'s counts read from the rows a dataset keeps (`model/tallies.py`): the same as counting one
built event at a time, for a fast load's parts, a cache's rows and plain events."""

from __future__ import annotations

import shutil
from pathlib import Path

from kztimeline.cli import main
from kztimeline.model.eventrows import PartsEvents
from kztimeline.model.lazyevents import LazyEvents, encode_rows, tallies_of
from kztimeline.model.loader import load_dataset
from kztimeline.model.tallies import tally

from conftest import DATA

UNVERIFIED = """\
  - id: imported-claim
    title: An imported claim
    date: 2022-01-09
    places: [almaty]
    unverified: imported from a spreadsheet
"""


def _with_an_unverified_event(tmp_path: Path) -> Path:
    """The frozen dataset (background events, dates from phrases, several excerpts) and one unverified event."""
    folder = tmp_path / "data"
    shutil.copytree(DATA / "frozen", folder)
    path = folder / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8") + UNVERIFIED, encoding="utf-8")
    return path


def test_counts_read_from_rows_are_those_of_the_events(tmp_path):
    path = _with_an_unverified_event(tmp_path)
    result = load_dataset(path, cache=False)
    assert result.ok, result.problems
    events = result.dataset.events
    assert isinstance(events, PartsEvents)
    expected = tally(tuple(events))
    assert expected.events == len(events) and expected.unverified
    assert 0 < expected.context < expected.events and 0 < expected.resolved < expected.events
    assert 0 < expected.verified_excerpts == expected.excerpts
    line = path.read_text(encoding="utf-8").splitlines().index("  - id: imported-claim") + 1
    assert expected.unverified == [(line, "imported-claim", "imported from a spreadsheet")]
    assert events.tallies() == expected
    assert LazyEvents(*encode_rows(events)).tallies() == expected
    assert tallies_of(tuple(events)) == expected


def test_check_says_the_same_of_a_file_opened_cold_and_from_the_cache(tmp_path, capsys):
    path = _with_an_unverified_event(tmp_path)
    outputs = []
    for _ in range(2):  # the second from the cache of checked datasets
        assert main(["check", "--allow-unverified", str(path)]) == 0
        outputs.append(capsys.readouterr())
    assert outputs[0] == outputs[1]
    assert isinstance(load_dataset(path).dataset.events, LazyEvents)  # what the second check read
    assert "imported-claim': unverified: no excerpt from an archived source backs it" in outputs[0].out
    assert "; 1 events UNVERIFIED (no excerpt)" in outputs[0].out
