"""`max-field-chars` (100,000 by default) holds every field kztimeline reads from a CSV, in our own export and a
mapped CSV as in ACLED's layout: a longer one is named at its line with the limit, and the file's other problems are
still said; a column nobody reads may hold what it likes."""

from __future__ import annotations

import csv
import io
import shutil

from kztimeline.cli import main
from kztimeline.model import load_dataset
from kztimeline.model.limits import DEFAULT_LIMITS
from kztimeline.model.loader import _load_table_fast
from kztimeline.model.mappedcsv import ColumnMapping

from conftest import DATA

LONG = "x" * 120_000


def _export(tmp_path):
    """tests/data/minimal.yaml as our CSV export, beside its sources: its path and rows (header first)."""
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    assert main(["convert", str(tmp_path / "events.yaml"), str(tmp_path / "events.csv")]) == 0
    path = tmp_path / "events.csv"
    return path, list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(path, rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_long_field_of_our_export_is_named_and_the_other_problems_are_still_said(tmp_path, capsys):
    path, rows = _export(tmp_path)
    column = {name: index for index, name in enumerate(rows[0])}
    rows[1][column["kzt_title"]] = LONG
    _write(path, rows)
    assert _load_table_fast(path, str(path), None, None, DEFAULT_LIMITS) is None  # the fast reading declines it
    assert [p.line for p in load_dataset(path).problems] == [2]
    rows[2][column["kzt_date"]] = "2022-01-41"
    _write(path, rows)
    capsys.readouterr()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{path}:2:1: kzt_title: the field 'kzt_title' is 120,000 characters long, over the limit of "
                      "100,000 for one field; shorten it, or raise the limit (--limit max-field-chars=N)")
    assert out[1].startswith(f"{path}:3:") and "'2022-01-41' is not a real date" in out[1] and len(out) == 2
    assert main(["check", str(path), "--limit", "max-field-chars=200000"]) == 1
    assert "characters long" not in capsys.readouterr().out


def test_a_long_field_in_a_column_that_is_not_read_is_left_alone(tmp_path):
    path, rows = _export(tmp_path)
    rows[1][rows[0].index("notes")] = LONG  # ACLED's notes column of our export (kztimeline reads the kzt_ ones)
    _write(path, rows)
    assert _load_table_fast(path, str(path), None, None, DEFAULT_LIMITS) is not None
    assert load_dataset(path, cache=False).ok


def test_a_mapped_csv_holds_its_mapped_columns_to_the_limit(tmp_path):
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    path = tmp_path / "sheet.csv"
    path.write_text(f"when,what,where,unused\n2022-01-05,Blackout,Almaty,{LONG}\n2022-01-06,{LONG},Almaty,\n",
                    encoding="utf-8")
    mapping = ColumnMapping(date="when", title="what", place="where")
    result = load_dataset(path, columns=mapping)
    errors = [p for p in result.problems if "characters long" in p.message]
    assert [(p.line, p.field) for p in errors] == [(3, "what")], [str(p) for p in result.problems]


def test_a_title_over_the_limit_is_reported_at_its_event_in_yaml_too(tmp_path):
    """A title is laid out by every view (a 10 MB one took seconds a paint): held to the same limit as a CSV field,
    by the fast reading and the per-event one alike."""
    from kztimeline.model.synth import write_synth

    path = write_synth(40, tmp_path / "events.yaml", places=5)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 'Event 7: ", f"title: '{LONG} ", 1), encoding="utf-8")
    line = next(n for n, content in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if LONG in content)
    for fast in (True, False):
        from kztimeline.model.loader import load_text

        result = load_text(path.read_text(encoding="utf-8"), path, "events.yaml", fast=fast)
        assert [(p.line, p.event_id, p.field) for p in result.problems] == [(line, "e7", "title")]
        assert "the title is 120,0" in result.problems[0].message and "max-field-chars" in result.problems[0].message
    from dataclasses import replace

    assert load_dataset(path, limits=replace(DEFAULT_LIMITS, max_field_chars=200_000)).ok
