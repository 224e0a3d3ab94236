"""Fuzzing the CSV loader with hypothesis: whatever the document, loading it raises nothing, reports problems with
a place, accepts no event without a verified excerpt, and takes bounded time.

A short run by default (well under 10 s); set KZTIMELINE_FUZZ_EXAMPLES=5000 for a long one, and add `-s` to see
its summary, e.g.:

    KZTIMELINE_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest -q -p no:cacheprovider -s tests/test_fuzz_csv.py
"""

import csv
import io
import math
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kztimeline.model import load_dataset
from kztimeline.model.limits import DEFAULT_LIMITS

EXAMPLES = int(os.environ.get("KZTIMELINE_FUZZ_EXAMPLES", "0") or 0)
LONG_RUN = EXAMPLES > 0
SETTINGS = settings(max_examples=EXAMPLES or 120, deadline=None, database=None, derandomize=not LONG_RUN,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SECONDS_PER_DOCUMENT = 2.0
COLUMNS = ["event_date", "location", "latitude", "longitude", "event_type", "notes", "source"]
HEADER_LINE = (",".join(COLUMNS) + "\n").encode()
STATS: Counter[str] = Counter()

TOKENS = ["a", "b", "Ж", "é", " ", ",", '"', '""', "\n", "\r\n", "\r", "\t", ";", "1", ".", "-", "2022-01-05",
          "\x00", "\x07", "\x1b", "\x85", "\u202e", "\u200b", "\ufeff", "\u00a0", "e\u0301", "nan", "inf", "’", "“"]
WORDS = ["On", "5", "January", "2022,", "protesters", "gathered", "in", "Almaty", "Жаңаөзен", "\"enough\"", "and",
         "police", "fired", "tear-gas", "—", "the", "square.", "café", "said:", "'no'"]
hostile_text = st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)
sentence = st.lists(st.sampled_from(WORDS), min_size=0, max_size=14).map(" ".join)
valid_day = st.dates(min_value=DEFAULT_LIMITS.min_date, max_value=DEFAULT_LIMITS.max_date)
any_day = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
date_text = st.one_of(valid_day.map(date.isoformat), valid_day.map(lambda d: d.strftime("%d %B %Y")),
                      any_day.map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"), hostile_text)
number_text = st.one_of(st.floats(-200, 200).map(lambda x: f"{x:.4f}"), st.floats().map(str),
                        st.integers(-1000, 1000).map(str), st.sampled_from(["", "nan", "-inf", "1e3", "4_3", "４３"]),
                        hostile_text)
name_text = st.one_of(st.sampled_from(["Almaty", "Aktau", "Алматы", "Zhanaozen", "", "  ", "São Paulo"]), hostile_text)
notes_text = st.one_of(sentence, sentence.map(lambda s: s.replace(" ", "\n", 2)), hostile_text,
                       st.tuples(sentence, hostile_text, sentence).map("".join))


def _cell(value, style):
    if style == "quoted":
        return '"' + value.replace('"', '""') + '"'
    if style == "minimal" and any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value  # raw: may break the row, on purpose


@st.composite
def documents(draw):
    """A CSV document as bytes: mostly ACLED-shaped, with hostile values, broken quoting, odd headers, line
    endings, byte-order marks, other encodings and byte-level damage."""
    header = list(COLUMNS)
    shape = draw(st.sampled_from(["plain", "plain", "plain", "shuffled", "extra", "missing", "duplicate"]))
    if shape == "shuffled":
        header = draw(st.permutations(COLUMNS))
    elif shape == "extra":
        header = ["event_id_cnty", *header, "fatalities"]
    elif shape == "missing":
        header.remove(draw(st.sampled_from(COLUMNS)))
    elif shape == "duplicate":
        header.append(draw(st.sampled_from(COLUMNS)))
    hostile = {"event_date": date_text, "location": name_text, "latitude": number_text, "longitude": number_text,
               "event_type": name_text, "notes": notes_text, "source": name_text}
    clean = {"event_date": valid_day.map(date.isoformat), "location": st.sampled_from(["Almaty", "Алматы", "Aktau"]),
             "latitude": st.floats(-90, 90).map(lambda x: f"{x:.3f}"),
             "longitude": st.floats(-180, 180).map(lambda x: f"{x:.3f}"), "event_type": st.sampled_from(["Riots"]),
             "notes": notes_text, "source": name_text}
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", " ", '"', ",,,,,,"])))
            continue
        style = draw(st.sampled_from(["minimal", "minimal", "quoted", "raw"]))
        values = draw(st.sampled_from([clean, clean, hostile]))
        cells = [_cell(draw(values.get(column, hostile_text)), style) for column in header]
        change = draw(st.integers(0, 12))
        if change == 0 and cells:
            cells.pop()
        elif change == 1:
            cells.append(draw(hostile_text))
        lines.append(",".join(cells))
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    text = ending.join(lines) + draw(st.sampled_from([ending, "", ending * 3]))
    encoding = draw(st.sampled_from(["utf-8"] * 8 + ["utf-8-sig", "utf-16", "cp1251", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    for _ in range(draw(st.integers(0, 3)) if draw(st.booleans()) else 0):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + draw(st.integers(0, 2)):]
    return data


@st.composite
def valid_documents(draw):
    """Documents a careful exporter writes: every row right, quoted as the csv module quotes."""
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        notes = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(" ".join))
        notes = draw(st.sampled_from([notes, notes.replace(" ", "\n", 1), notes + ', "quoted"']))
        rows.append([draw(valid_day).isoformat(), draw(st.sampled_from(["Almaty", "Алматы", "Aktau, port"])),
                     f"{draw(st.floats(-90, 90)):.4f}", f"{draw(st.floats(-180, 180)):.4f}",
                     draw(st.sampled_from(["Protests", "Riots"])), notes, draw(st.sampled_from(["", "Reuters"]))])
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
                        lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8"), rows


def _load(data, kind):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        started = time.perf_counter()
        result = load_dataset(path)
        elapsed = time.perf_counter() - started
    STATS[f"{kind}: documents"] += 1
    return result, elapsed, str(path)


def _check(result, elapsed, name, data, kind):
    assert elapsed < SECONDS_PER_DOCUMENT, elapsed
    lines = data.count(b"\n") + data.count(b"\r") + 1
    for problem in result.problems:
        assert problem.file == name and isinstance(problem.message, str) and problem.message
        assert 0 <= problem.line <= lines and problem.column >= 0, problem
        assert "Traceback" not in problem.message
    STATS[f"{kind}: problems"] += len(result.problems)
    if result.dataset is None:
        return
    STATS[f"{kind}: accepted documents"] += 1
    error_lines = {p.line for p in result.problems if not p.is_warning}
    text = result.dataset.sources["csv"].text
    for event in result.dataset.events:
        STATS[f"{kind}: events"] += 1
        assert event.line not in error_lines, event.id
        assert len(event.excerpts) == 1 and event.excerpts[0].match is not None, event.id
        excerpt = event.excerpts[0]
        found = text[excerpt.match.start:excerpt.match.end]  # as written: "" stands for " in a quoted field only
        assert excerpt.quote.strip() and excerpt.quote in (found, found.replace('""', '"'))
        assert DEFAULT_LIMITS.min_date <= event.window.start.date() <= DEFAULT_LIMITS.max_date
        place = result.dataset.places[event.place_ids[0]]
        assert math.isfinite(place.lat) and math.isfinite(place.lon) and abs(place.lat) <= 90 \
            and abs(place.lon) <= 180
        STATS[f"{kind}: verified excerpts"] += 1


@SETTINGS
@given(documents())
@example(HEADER_LINE + b'2000-01-01,Almaty,0.000,0.000,Riots,a"" b c,X\n')  # a literal "" in an unquoted field
def test_any_document_loads_without_exception_and_accepts_only_verified_events(data):
    try:
        result, elapsed, name = _load(data, "any")
    except Exception:
        STATS["any: unhandled exceptions"] += 1
        raise
    try:
        _check(result, elapsed, name, data, "any")
    except AssertionError:
        STATS["any: failed checks"] += 1
        raise


@SETTINGS
@given(valid_documents())
@example((HEADER_LINE + b'2000-01-01,Almaty,0.0000,0.0000,Protests,"On\n5 January 2022,",\n',
          [["2000-01-01", "Almaty", "0.0000", "0.0000", "Protests", "On\n5 January 2022,", ""]]))  # found by a long
#   run: a note's line that starts like an ACLED date was taken for a swallowed row
def test_a_well_formed_document_loads_whole_and_verified(document):
    data, rows = document
    result, elapsed, name = _load(data, "well-formed")
    _check(result, elapsed, name, data, "well-formed")
    assert result.dataset is not None and not [p for p in result.problems if not p.is_warning], result.problems
    assert sorted(e.excerpts[0].quote for e in result.dataset.events) == sorted(row[5].strip() for row in rows)


@pytest.fixture(scope="module", autouse=True)
def _summary():
    yield
    if LONG_RUN:
        print(f"\nCSV fuzz summary: {dict(sorted(STATS.items()))}", file=sys.stderr)
