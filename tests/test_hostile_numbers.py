"""Numbers too large for Python to convert (over `sys.get_int_max_str_digits()` digits, or too large for a float) in
the formats read as JSON: each is a located problem, never an internal error. (YAML's cases are in the hostile YAML
corpus: lat-huge-int, lat-huge-hex, id-5000-digits, date-5000-digits.)"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys

from kztimeline.cli import main
from kztimeline.model import load_dataset

from conftest import DATA

DIGITS = "9" * (sys.get_int_max_str_digits() + 700)


def test_a_timelinejs_number_too_long_is_located(tmp_path, capsys):
    slide = {"start_date": {"year": 2022, "month": 1, "day": 5}, "text": {"headline": "A"}}
    text = json.dumps({"title": {"text": {"headline": "T"}}, "events": [slide]}, indent=1)
    text = text.replace('"year": 2022', '"year": ' + DIGITS)
    path = tmp_path / "timeline.json"
    path.write_text(text, encoding="utf-8")
    result = load_dataset(path)
    assert not result.ok
    lines = text.splitlines()
    line = next(number for number, content in enumerate(lines, 1) if DIGITS in content)
    [problem] = result.problems
    assert (problem.line, problem.column) == (line, lines[line - 1].index(DIGITS) + 1)
    assert "a number of more than 4,300 digits" in problem.message
    assert main(["check", str(path)]) == 1
    assert "internal error" not in capsys.readouterr().err


def test_a_number_too_long_in_our_csvs_json_cells_is_located(tmp_path, capsys):
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    assert main(["convert", str(tmp_path / "events.yaml"), str(tmp_path / "events.csv")]) == 0
    text = (tmp_path / "events.csv").read_text(encoding="utf-8")
    hostile = text.replace('""quote"":', '""n"":' + DIGITS + ',""quote"":', 1)
    assert hostile != text
    (tmp_path / "events.csv").write_text(hostile, encoding="utf-8")
    result = load_dataset(tmp_path / "events.csv")
    assert not result.ok
    assert any(p.line == 2 and p.field == "kzt_excerpts" and "a number in it has more than 4,300 digits"
               in p.message for p in result.problems), [str(p) for p in result.problems]
    capsys.readouterr()
    assert main(["check", str(tmp_path / "events.csv")]) == 1
    assert "internal error" not in capsys.readouterr().err


def test_a_broken_json_cell_of_our_csv_says_where_in_plain_words(tmp_path):
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    assert main(["convert", str(tmp_path / "events.yaml"), str(tmp_path / "events.csv")]) == 0
    text = (tmp_path / "events.csv").read_text(encoding="utf-8")
    start = text.index('"[{""source"":""rw"",""quote"":""') + len('"[{""source"":""rw"",""quote"":""')
    end = text.index('\n', start)
    (tmp_path / "events.csv").write_text(text[:start] + 'cut short"' + text[end:], encoding="utf-8")
    messages = [p.message for p in load_dataset(tmp_path / "events.csv").problems]
    assert any(m.startswith("not valid JSON (Unterminated string starting at character 25)") for m in messages), \
        messages


def test_json_nested_thousands_deep_is_a_located_problem(tmp_path, capsys):
    deep = "[" * 40_000 + "]" * 40_000
    timeline = tmp_path / "deep.json"
    timeline.write_text('{"title": {"text": {"headline": "T"}}, "events": ' + deep + "}", encoding="utf-8")
    [problem] = load_dataset(timeline).problems
    assert problem.line == 1 and "nested too deeply" in problem.message
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    assert main(["convert", str(tmp_path / "events.yaml"), str(tmp_path / "events.csv")]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "events.csv").read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("kzt_extra")] = deep
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (tmp_path / "events.csv").write_text(out.getvalue(), encoding="utf-8")
    result = load_dataset(tmp_path / "events.csv")
    assert any(p.line == 2 and p.field == "kzt_extra" and "nested too deeply" in p.message for p in result.problems), \
        [str(p) for p in result.problems]
    capsys.readouterr()
    assert main(["check", str(tmp_path / "events.csv")]) == 1
    assert "internal error" not in capsys.readouterr().err


def test_a_long_run_of_digits_is_found_in_linear_time(tmp_path):
    """Many runs of digits just under the limit, then one over it: located without searching each run from every
    place in it (28 s on 8 MB of them), and found from its first digit."""
    limit = sys.get_int_max_str_digits()
    slides = [{"start_date": {"year": 2022, "month": 1, "day": 5}, "text": {"headline": "A"}}] * 60
    text = json.dumps({"title": {"text": {"headline": "T"}}, "events": slides})
    text = text.replace('"day": 5', '"day": ' + "1" * limit).replace('"year": 2022', '"year": ' + "9" * (limit + 1), 1)
    path = tmp_path / "timeline.json"
    path.write_text(text, encoding="utf-8")
    [problem] = load_dataset(path).problems
    assert "a number of more than" in problem.message and problem.column == text.index("9" * (limit + 1)) + 1
