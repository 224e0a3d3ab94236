"""Hostile CSV files: every bad input gets a clear, located error; nothing crashes, hangs, leaks or is wrongly
accepted. The corpus is tests/data/hostile/csv/ (what each file must report is in its EXPECTED.yaml); the larger
cases are made here."""

import csv
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import DATA

from kztimeline.cli import main
from kztimeline.model import load_dataset
from kztimeline.model.acled import load_acled_csv
from kztimeline.model.limits import DEFAULT_LIMITS, MIB, Limits, parse_size
from kztimeline.model.textfile import decode_text, guess_encoding, read_text_file

CORPUS = DATA / "hostile" / "csv"
EXPECTED = yaml.safe_load((CORPUS / "EXPECTED.yaml").read_text(encoding="utf-8"))
FILES = sorted(CORPUS.glob("*.csv"))
HEADER = "event_date,location,latitude,longitude,event_type,notes,source\n"


def _row(notes="On 5 January 2022, rioters set fire to the city administration building.", date="2022-01-05",
         location="Almaty", lat="43.252", lon="76.912"):
    quoted = '"' + notes.replace('"', '""') + '"'
    return f"{date},{location},{lat},{lon},Riots,{quoted},Synthetic test row\n"


def _write(tmp_path, text, name="x.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _assert_verified(dataset):
    """Every event has an excerpt whose offsets hold, unescaped, exactly its quote."""
    for event in dataset.events:
        (excerpt,) = event.excerpts
        assert excerpt.match is not None
        found = dataset.sources["csv"].text[excerpt.match.start:excerpt.match.end]
        assert excerpt.quote in (found, found.replace('""', '"'))  # "" stands for " in a quoted field only


def test_the_corpus_is_large_enough_and_every_file_has_an_expectation():
    assert len(FILES) >= 40
    assert sorted(p.name for p in FILES) == sorted(EXPECTED)


def _only_warnings(path) -> bool:
    """Files whose expected problems are all warnings are still shown (and check clean), with the warnings listed."""
    return all(expect.get("warning", False) for expect in EXPECTED[path.name])


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_hostile_file_is_reported_at_its_line(path):
    result = load_dataset(path)
    assert result.ok == _only_warnings(path)
    found = [str(p) for p in result.problems]
    for expect in EXPECTED[path.name]:
        assert any(p.line == expect["line"] and p.column == expect["column"] and expect["message"] in p.message
                   and p.is_warning == expect.get("warning", False) for p in result.problems), (expect, found)
    assert all(str(p).startswith(f"{path}:") for p in result.problems)
    bad_lines = {p.line for p in result.problems if not p.is_warning}
    if result.dataset is not None:
        assert not [e.id for e in result.dataset.events if e.line in bad_lines]
        _assert_verified(result.dataset)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_check_exits_1_with_located_messages_and_no_traceback(path, capsys):
    assert main(["check", str(path)]) == (0 if _only_warnings(path) else 1)
    out, err = capsys.readouterr()
    for expect in EXPECTED[path.name]:
        where = f"{path}:{expect['line']}:{expect['column']}:" if expect["line"] else f"{path}:"
        assert any(line.startswith(where) and expect["message"] in line for line in out.splitlines()), out
    assert "Traceback" not in out + err
    assert ("warnings above" in out or "warning above" in out) if _only_warnings(path) else "problem" in err


def test_the_sample_loads_clean_with_verified_notes():
    result = load_dataset(DATA / "acled-sample.csv")
    assert result.ok
    _assert_verified(result.dataset)


def test_notes_with_escaped_quotes_are_verified(tmp_path, capsys):
    notes = 'He said ""enough"" twice; "" then left'.replace('""', '"')
    path = _write(tmp_path, HEADER + _row() + _row(notes=notes) + _row(notes='"Quoted" from the start, "and end"'))
    result = load_dataset(path)
    assert result.ok, result.problems
    assert {e.excerpts[0].quote for e in result.dataset.events} >= {notes, '"Quoted" from the start, "and end"'}
    _assert_verified(result.dataset)
    assert main(["check", str(path)]) == 0
    assert "3 of 3 excerpts verified" in capsys.readouterr().out


def test_line_numbers_hold_across_multiline_notes_blank_lines_and_crlf(tmp_path):
    text = HEADER + "\n" + _row(notes="First line,\nsecond line\n\nand a fourth.") + "\n\n" + _row() + _row(lat="x")
    variants = (("lf.csv", text), ("crlf.csv", text.replace("\n", "\r\n")), ("cr.csv", text.replace("\n", "\r")))
    for name, data in variants:
        result = load_dataset(_write(tmp_path, data, name))
        assert sorted(e.id for e in result.dataset.events) == ["row-3", "row-9"]
        (problem,) = result.problems
        assert (problem.line, problem.column, problem.field) == (10, 19, "latitude")


def test_a_utf8_byte_order_mark_is_allowed(tmp_path):
    result = load_dataset(_write(tmp_path, b"\xef\xbb\xbf" + (HEADER + _row()).encode("utf-8")))
    assert result.ok and result.dataset.events[0].line == 2


def test_other_columns_are_allowed_as_in_acled_exports(tmp_path):
    text = "event_id_cnty," + HEADER.rstrip("\n") + ",fatalities\n" + "KAZ1," + _row().rstrip("\n") + ",0\n"
    result = load_dataset(_write(tmp_path, text))
    assert result.ok and result.dataset.events[0].excerpts[0].quote.startswith("On 5 January")


def test_places_with_cyrillic_names_stay_apart(tmp_path):
    result = load_dataset(_write(tmp_path, HEADER + _row(location="Алматы") + _row(location="Актау", lat="43.6")))
    assert result.ok and len(result.dataset.places) == 2


def test_a_field_over_the_csv_modules_own_limit_is_a_located_error(tmp_path, capsys):
    path = _write(tmp_path, HEADER + _row() + _row(notes="x" * 140_000) + _row())
    result = load_dataset(path)
    (problem,) = result.problems
    assert (problem.line, problem.column) == (3, 39) and "longer than 100,000 characters" in problem.message
    assert [e.line for e in result.dataset.events] == [2, 4]
    assert main(["check", str(path)]) == 1 and "Traceback" not in capsys.readouterr().out


def test_a_field_over_our_limit_but_under_the_csv_modules_is_refused_too(tmp_path):
    (problem,) = load_dataset(_write(tmp_path, HEADER + _row(notes="word " * 25_000))).problems
    assert problem.line == 2 and "125,000 characters long, over the limit of 100,000" in problem.message


def test_a_multiline_field_over_the_limit_does_not_derail_the_rows_after_it(tmp_path):
    notes = "\n".join(["a long line of words in a note"] * 6_000)  # 186,000 characters over 6,000 lines
    result = load_dataset(_write(tmp_path, HEADER + _row(notes=notes) + _row()))
    (problem,) = result.problems
    assert problem.line == 2 and "longer than 100,000 characters" in problem.message
    assert [e.line for e in result.dataset.events] == [6_002]


def test_a_raised_field_limit_is_honoured_and_the_csv_module_is_left_as_it_was(tmp_path):
    before = csv.field_size_limit()
    path = _write(tmp_path, HEADER + _row(notes="word " * 40_000))
    limits = DEFAULT_LIMITS.override("max-field-chars", "300000")
    result = load_acled_csv(path, "x.csv", limits=limits)
    assert result.ok and csv.field_size_limit() == before


def test_a_line_over_the_limit_is_refused_without_reading_its_fields(tmp_path):
    path = _write(tmp_path, HEADER + _row() + "2022-01-05" + "," * 1_200_000 + "\n" + _row())
    started = time.perf_counter()
    result = load_dataset(path)
    assert time.perf_counter() - started < 5
    (problem,) = result.problems
    assert problem.line == 3 and "longer than 1,000,000 characters" in problem.message
    assert [e.line for e in result.dataset.events] == [2, 4]


def test_a_1_gib_file_is_refused_before_it_is_read(tmp_path, capsys):
    path = tmp_path / "huge.csv"
    with path.open("wb") as stream:
        stream.write(HEADER.encode())
        stream.truncate(1024 * MIB)  # sparse: one 1 GiB "line" of NUL bytes, never written to disk
    started = time.perf_counter()
    (problem,) = load_dataset(path).problems
    assert time.perf_counter() - started < 1
    assert "the file is 1 GiB, over the limit of 512 MiB" in problem.message
    assert main(["check", str(path)]) == 1 and "over the limit" in capsys.readouterr().out


def test_more_rows_than_the_limit_refuse_the_file(tmp_path):
    path = _write(tmp_path, HEADER + _row() * 5)
    result = load_acled_csv(path, "x.csv", limits=replace(DEFAULT_LIMITS, max_rows=3))
    assert result.dataset is None
    (problem,) = result.problems
    assert problem.line == 5 and "more than 3 rows" in problem.message


def test_problems_past_the_limit_are_counted_not_listed(tmp_path):
    path = _write(tmp_path, HEADER + _row(lat="x") * 30)
    result = load_acled_csv(path, "x.csv", limits=replace(DEFAULT_LIMITS, max_problems=10))
    assert len(result.problems) == 11 and (result.unlisted, result.unlisted_errors) == (20, 20)
    assert result.problems[-1].message.startswith("20 more problems not listed (20 of them errors; the first 10 are)")
    assert not result.problems[-1].is_warning


def test_warnings_past_the_limit_are_counted_and_the_file_still_opens(tmp_path, capsys):
    """Rows whose notes are too short to prove much are warnings: past max-problems they are counted in a warning,
    which does not stop the file opening, and check's totals say how many there were."""
    path = _write(tmp_path, HEADER + "".join(_row(notes="Riot here.", date=f"2022-01-{day:02d}") for day in
                                             range(1, 13)))
    result = load_acled_csv(path, "x.csv", limits=replace(DEFAULT_LIMITS, max_problems=5))
    assert result.ok and len(result.warnings) == 6 and (result.unlisted, result.unlisted_errors) == (7, 0)
    assert result.problems[-1].message.startswith("7 more warnings not listed (the first 5 problems are)")
    assert main(["check", str(path), "--limit", "max-problems=5"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("; 12 warnings above")


def test_dates_are_accepted_within_the_documented_range_only(tmp_path):
    rows = [_row(date=d) for d in ("1900-01-01", "2100-12-31", "1899-12-31", "2101-01-01", "0001-01-01", "9998-12-31")]
    result = load_dataset(_write(tmp_path, HEADER + "".join(rows)))
    assert sorted(e.line for e in result.dataset.events) == [2, 3]
    assert [p.line for p in result.problems] == [4, 5, 6, 7]
    narrow = DEFAULT_LIMITS.override("min-date", "2022-01-01")
    assert not load_acled_csv(_write(tmp_path, HEADER + _row(date="2021-12-31"), "n.csv"), "n", limits=narrow).ok


@pytest.mark.parametrize("year", [1, 999, 1000, 1899, 2101, 5000, 9998, 9999])
def test_any_year_is_refused_with_a_message_outside_the_range(tmp_path, year):
    (problem,) = load_dataset(_write(tmp_path, HEADER + _row(date=f"{year:04d}-06-15"))).problems
    assert problem.line == 2 and "outside the dates this reader accepts" in problem.message


def test_a_folder_a_missing_file_and_a_pipe_are_refused(tmp_path):
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    assert "a folder, not a file" in load_dataset(folder).problems[0].message
    assert load_dataset(tmp_path / "none.csv").problems[0].message == "file not found"
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    started = time.perf_counter()
    assert "not a regular file" in load_dataset(fifo).problems[0].message  # reading it would block
    assert time.perf_counter() - started < 1


def test_a_modification_time_no_datetime_holds_does_not_crash():
    from kztimeline.model.acled import _modified

    class FarFuture:
        st_mtime = 1e13  # the year 318857; ext4 clamps it, other file systems may not

    class Gone:
        def stat(self):
            raise FileNotFoundError

    class Strange:
        def stat(self):
            return FarFuture()

    assert _modified(Strange()).year == 1970 and _modified(Gone()).year == 1970


def test_20k_rows_load_in_near_linear_time(tmp_path):
    rows = "".join(_row(notes=f"On 5 January 2022, crowd number {n} gathered on the square of Almaty.")
                   for n in range(20_000))
    path = _write(tmp_path, HEADER + rows)
    started = time.perf_counter()
    result = load_dataset(path)
    assert result.ok and len(result.dataset.events) == 20_000
    assert time.perf_counter() - started < 8  # the quadratic reader took 10 s here; this one about 1 s


def test_text_file_helper_names_encodings(tmp_path):
    assert guess_encoding("Алматы и Актау".encode("cp1251")) == "Windows-1251 (Cyrillic)"
    assert guess_encoding("Алматы и Актау".encode("koi8-r")) == "KOI8-R (Cyrillic)"
    assert guess_encoding("Crème brûlée".encode("latin-1")).startswith("Latin-1")
    text, problems = decode_text("a,b\nc,Алматы\n".encode("cp1251"), "f.csv")
    assert text is None and (problems[0].line, problems[0].column) == (2, 3)
    text, problems = read_text_file(_write(tmp_path, "ok\n"), "f", max_bytes=2)
    assert text is None and "over the limit of 2 bytes" in problems[0].message


def test_limits_can_be_overridden_from_text_with_clear_errors():
    assert DEFAULT_LIMITS.override("max-file-bytes", "1.5G").max_file_bytes == int(1.5 * 1024 * MIB)
    assert DEFAULT_LIMITS.override("max_rows", "500,000").max_rows == 500_000
    assert parse_size("64k") == 65_536
    for name, value, message in (("max-rows", "-1", "is not a positive number"), ("nope", "1", "unknown limit"),
                                 ("max-date", "2022-13-01", "is not a date"),
                                 ("min-date", "2200-01-01", "is after max-date")):
        with pytest.raises(ValueError, match=message):
            DEFAULT_LIMITS.override(name, value)
    assert isinstance(DEFAULT_LIMITS, Limits)


def test_relative_path_in_messages_is_the_one_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.csv").write_text(HEADER + _row(lat="nan"), encoding="utf-8")
    assert str(load_dataset("bad.csv").problems[0]).startswith("bad.csv:2:19: latitude: 'nan'")
