"""Large event sets arrive as CSV: this reads ACLED's column layout (event_date, location, latitude, longitude,
event_type, notes, source) into a dataset.

Each row becomes a day-precision event at its location (places are made from the distinct locations, with the
row's coordinates); event_type is the category; notes is the excerpt, quoted from the CSV file itself (the archived
source here), and verified against it like any quote; the row's `source` names whom ACLED cites. Other columns
(ACLED's exports have some thirty) are allowed and ignored.

The file is read with the csv module, strictly, one record at a time, while a second, independent scan of the same
text finds where each record and field stands. The two must agree on every value; so each note's excerpt is the
field's exact place in the file, and the note is verified when the text there, unescaped (`""` read as `"`), is the
note. Both passes are linear in the file's size. A row that breaks a rule is refused with a problem at its line and
column that says what to do; the rest of the file is still read. The limits (`limits.py`) bound the file's size,
its rows, a field and a line; what they refuse:

- a file that is not UTF-8 (named with the line of the first bad byte and the likely encoding), too large, empty,
  or without the seven columns in its header (line 1, or the first line that is not blank), or with one twice;
- a row with fewer or more fields than the header, a quote left open, text after a closing quote, a field or a
  line over the limit, a control character (NUL, other C0/C1 controls, bidirectional overrides);
- a date that is not one (YYYY-MM-DD, or ACLED's '05 January 2022'), or outside min_date..max_date;
- a latitude or longitude that is empty, not a plain decimal number (so no 'nan', 'inf', '1e5'), or out of range;
- an empty location, event_type or notes (an event must say on whose word).

Two things are warnings, the row kept and its excerpt verified: a note of fewer than three words (it proves
little), and a quoted field running over a line that looks like a row of its own (a closing quote may be missing).
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from .dates import Precision, window_for
from .entities import Category, Dataset, Event, Excerpt, Period, Place, Source, When
from .excerpts import Match, short_quote
from .gcpause import paused_gc
from .limits import DEFAULT_LIMITS, Limits
from .order import EPOCH, MICROSECOND
from .palette import default_colour
from .problems import Problem, Severity, unlisted_problem
from .results import LoadResult
from .textfile import CONTROL, describe_char, read_text_file

COLUMNS = ("event_date", "location", "latitude", "longitude", "event_type", "notes", "source")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")
KAZAKHSTAN_TIME = timezone(timedelta(hours=6))

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_QUOTED = re.compile(r'"[^"]*+(?:""[^"]*+)*+"')  # possessive: a quote left open fails in linear time
_UNQUOTED = re.compile(r"[^,\n]*+")
_FIELD = r'(?:"[^"]*+(?:""[^"]*+)*+"|[^,\n"][^,\n]*+)?'
_FIELDS = re.compile(f"{_FIELD}(?:,{_FIELD})*+")  # a run of well-formed fields and the commas between them
#: Fields of one record that are located; a header with more columns is refused (ACLED's exports have about 30).
MAX_FIELDS = 1_000
_SLUG = re.compile(r"[\W_]+")
_ROW_CONTROLS_SHOWN = 3


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-") or "x"


def _date(text: str) -> date | None:
    text = text.strip()
    if len(text) > 40:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _shown(value: str, most: int = 40) -> str:
    value = value.strip()
    return value if len(value) <= most else value[:most] + "…"


def load_acled_csv(path: Path, name: str, progress: Callable[[str, int, int], None] | None = None,
                   tz: timezone = KAZAKHSTAN_TIME, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Read, check and verify a CSV file in ACLED's layout; every problem located, nothing raised for bad input
    (a progress callback may still raise LoadCancelled)."""
    text, problems = read_text_file(path, name, limits.max_file_bytes)
    if text is None:
        return LoadResult(None, problems)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as the file was read before: universal newlines
    with paused_gc():  # as for YAML: a large file makes millions of objects and no cyclic garbage
        return _CsvReader(path, name, text, tz, limits, progress).read()


class _LineTooLong(Exception):
    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


class _Lines:
    """The text's lines for the csv module, keeping count of where they start. A line over the limit stops the
    record it is in (the csv module never holds it); the reader then goes on after that record."""

    def __init__(self, text: str, max_chars: int) -> None:
        self.text = text
        self.max_chars = max_chars
        self.pos = 0  # offset after the last line handed out
        self.number = 0  # lines handed out
        self.skip_to = 0  # lines starting before this offset are passed over: the rest of a record that failed

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        while True:
            if self.pos >= len(self.text):
                raise StopIteration
            end = self.text.find("\n", self.pos)
            end = len(self.text) if end < 0 else end + 1
            start, self.pos = self.pos, end
            self.number += 1
            if start < self.skip_to:
                continue
            if end - start > self.max_chars:
                raise _LineTooLong(self.number)
            return self.text[start:end]


@dataclass(frozen=True)
class _Record:
    """One record as the file holds it: its first line, its text [start, end), its fields' places."""

    line: int
    start: int
    end: int
    spans: list[tuple[int, int, bool]]  # (content start, content end, quoted) of each field
    bad: int | None = None  # offset of the first text after a closing quote (breaks CSV's quoting rules)
    unclosed: int | None = None  # offset of a quote that opens a field and is never closed


def _scan(text: str, start: int, line: int) -> _Record:
    """The record at `start`, found without the csv module: quoted fields run to their closing quote (`""` is a
    quote inside), other fields to the next comma or line break; text after a closing quote is passed over to the
    next comma or line break, as the csv module's lenient mode does, and remembered. Past MAX_FIELDS fields only
    the record's end is sought, and runs of unquoted fields are passed over at once (a line of a million commas)."""
    spans: list[tuple[int, int, bool]] = []
    pos, bad, size = start, None, len(text)
    while True:
        if pos < size and text[pos] == '"':
            quoted = _QUOTED.match(text, pos)
            if quoted is None:
                spans.append((pos + 1, size, True))
                return _Record(line, start, size, spans, bad, pos)
            if len(spans) < MAX_FIELDS:
                spans.append((pos + 1, quoted.end() - 1, True))
            pos = quoted.end()
            if pos < size and text[pos] not in ",\n":
                bad = pos if bad is None else bad
                pos = _match_end(_UNQUOTED, text, pos)
        elif len(spans) < MAX_FIELDS:
            end = _match_end(_UNQUOTED, text, pos)
            spans.append((pos, end, False))
            pos = end
        else:  # only the end is sought: pass over whole runs of well-formed fields at once
            pos = _match_end(_FIELDS, text, pos)
            if pos < size and text[pos] == '"' and text[pos - 1] == ",":
                continue  # a quote left open: the loop's first branch says so
            if pos < size and text[pos] not in ",\n":
                bad = pos if bad is None else bad
                pos = _match_end(_UNQUOTED, text, pos)
        if pos >= size:
            return _Record(line, start, size, spans, bad)
        if text[pos] == "\n":
            return _Record(line, start, pos + 1, spans, bad)
        pos += 1  # a comma


def _match_end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    found = pattern.match(text, pos)
    return found.end() if found else pos


@contextmanager
def _csv_field_limit(chars: int) -> Iterator[None]:
    """The csv module's own field limit raised (never lowered) to ours while reading, when ours is the higher."""
    old = csv.field_size_limit()
    if chars < old:
        yield
        return
    csv.field_size_limit(chars + 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


class _Problems:
    """Problems of one file, at most `limit` listed; the rest counted in one last message."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.listed: list[Problem] = []
        self.dropped = 0
        self.dropped_errors = 0

    def add(self, line: int, column: int, message: str, field: str | None = None, event_id: str | None = None,
            severity: Severity = "error") -> None:
        if len(self.listed) < self.limit:
            self.listed.append(Problem(self.name, line, column, message, event_id, field, severity))
        else:
            self.dropped += 1
            self.dropped_errors += severity == "error"

    def all(self) -> list[Problem]:
        if not self.dropped:
            return self.listed
        return [*self.listed, unlisted_problem(self.name, self.dropped, self.dropped_errors, self.limit)]

    def result(self, dataset: Dataset | None) -> LoadResult:
        """The problems (`all`), with how many were left out, and the dataset (None: the file did not open)."""
        return LoadResult(dataset, self.all(), self.dropped, self.dropped_errors)


class _CsvReader:
    def __init__(self, path: Path, name: str, text: str, tz: timezone, limits: Limits,
                 progress: Callable[[str, int, int], None] | None) -> None:
        self.path, self.name, self.text, self.tz, self.limits, self.progress = path, name, text, tz, limits, progress
        self.problems = _Problems(name, limits.max_problems)
        self.columns: dict[str, int] = {}
        self.width = 0
        self.places: dict[str, Place] = {}
        self.categories: dict[str, Category] = {}
        self.events: list[Event] = []

    def read(self) -> LoadResult:
        if not self.text.strip():
            return LoadResult(None, [Problem(self.name, 0, 0, "the file is empty (expected a header line: "
                                                              f"{','.join(COLUMNS)}, then one row per event)")])
        with _csv_field_limit(self.limits.max_field_chars):
            complete = self._read_records()
        if not complete:
            return self.problems.result(None)
        if not self.events:
            if self.problems.all():
                return self.problems.result(None)
            return LoadResult(None, [Problem(self.name, 0, 0, "the file has no rows")])
        return self.problems.result(self._dataset())

    def _read_records(self) -> bool:
        """Every record checked; False when the file as a whole is refused (header, row limit)."""
        lines = _Lines(self.text, self.limits.max_line_chars)
        reader = csv.reader(lines, strict=True)
        start, line, rows = 0, 1, 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return bool(self.columns)
            except (csv.Error, _LineTooLong) as exc:
                record = _scan(self.text, start, line)
                self._unreadable(record, exc)
                if not self.columns:
                    return False  # without its header the file cannot be read
                if record.end > lines.pos:  # the csv module stopped inside the record: go on after its end
                    lines.skip_to = record.end
                    start, line = record.end, record.line + self.text.count("\n", record.start, record.end)
                else:
                    start, line = lines.pos, lines.number + 1
                continue
            record = _scan(self.text, start, line)
            start, line = lines.pos, lines.number + 1
            if not values or (len(values) == 1 and not values[0].strip()):
                continue  # a blank line
            if record.end != lines.pos or len(values) > MAX_FIELDS:
                self.problems.add(record.line, 1, f"the row cannot be read unambiguously as CSV (more than "
                                                  f"{MAX_FIELDS:,} fields, or quoting the located scan reads "
                                                  "otherwise); check its quoting")
                if not self.columns:
                    return False
                continue
            if not self.columns:
                if not self._header(values, record):
                    return False
                continue
            rows += 1
            if rows > self.limits.max_rows:
                self.problems.add(record.line, 1, f"the file has more than {self.limits.max_rows:,} rows, the limit "
                                                  "for one file; split it into smaller files")
                return False
            if self.progress and rows % 5000 == 0:
                self.progress("Reading rows", rows, 0)
            self._row(values, record)

    def _locate(self, record: _Record, offset: int) -> tuple[int, int]:
        """Line and column of `offset` inside `record` (records start at the start of a line)."""
        line_start = max(record.start, self.text.rfind("\n", record.start, offset) + 1)
        return record.line + self.text.count("\n", record.start, offset), offset - line_start + 1

    def _field_at(self, record: _Record, index: int) -> tuple[int, int]:
        start, _end, quoted = record.spans[min(index, len(record.spans) - 1)]
        return self._locate(record, start - 1 if quoted else start)

    def _unreadable(self, record: _Record, error: Exception) -> None:
        """A record the csv module could not read: say where and why in the user's terms."""
        if isinstance(error, _LineTooLong):
            self.problems.add(error.number, 1, f"the line is longer than {self.limits.max_line_chars:,} characters, "
                                               "the limit for one line; the row is not read")
        elif record.unclosed is not None:
            line, column = self._locate(record, record.unclosed)
            self.problems.add(line, column, 'a quoted field opens here and is never closed: end it with " (and '
                                            'write "" for a quote inside a field); the rest of the file is not read')
        elif "field larger than field limit" in str(error):
            index = next((i for i, (s, e, _q) in enumerate(record.spans) if e - s > self.limits.max_field_chars), 0)
            line, column = self._field_at(record, index)
            self.problems.add(line, column, f"the field is longer than {self.limits.max_field_chars:,} characters, "
                                            "the limit for one field; the row is not read")
        elif record.bad is not None:
            opened = next((s - 1 for s, e, q in record.spans if q and e + 1 == record.bad), record.bad)
            if "\n" in self.text[opened:record.bad]:
                line, column = self._locate(record, opened)
                where, _ = self._locate(record, record.bad)
                self.problems.add(line, column, f"a quoted field opens here and runs on to line {where}, where text "
                                                "follows its closing quote: is a closing quote missing here? (write "
                                                '"" for a quote inside a field); the rows in between are not read')
            else:
                line, column = self._locate(record, record.bad)
                self.problems.add(line, column, "text after a closing quote: a quoted field must end with \" "
                                                "followed by a comma or the end of the line (write \"\" for a quote "
                                                "inside it)")
        else:
            self.problems.add(record.line, 1, f"the row cannot be read as CSV ({error})")

    def _controls(self, record: _Record) -> bool:
        """Report control characters in the record; True when there are any."""
        found = False
        for count, match in enumerate(CONTROL.finditer(self.text, record.start, record.end)):
            found = True
            if count >= _ROW_CONTROLS_SHOWN:
                break
            line, column = self._locate(record, match.start())
            self.problems.add(line, column, f"the text holds {describe_char(match.group())}, a control character "
                                            "that no CSV file should contain; delete it (the row is not read)")
        return found

    def _header(self, values: list[str], record: _Record) -> bool:
        if self._controls(record):
            return False
        names = [v.strip() for v in values]
        twice = [n for n in dict.fromkeys(names) if n in COLUMNS and names.count(n) > 1]
        if twice:
            self.problems.add(record.line, 1, f"column(s) {', '.join(twice)} appear more than once in the header; "
                                              "keep one of each")
            return False
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            folded = {n.casefold().replace(" ", "_"): n for n in names}
            near = [f"'{folded[c]}'" for c in missing if c in folded]
            hint = f"; found {', '.join(near)}: column names are lower case with underscores" if near else ""
            self.problems.add(record.line, 1, f"missing column(s): {', '.join(missing)} (expected ACLED's layout: "
                                              f"{', '.join(COLUMNS)}){hint}")
            return False
        self.columns = {c: names.index(c) for c in COLUMNS}
        self.width = len(values)
        return True

    def _row(self, values: list[str], record: _Record) -> None:
        if self._controls(record):
            return
        if len(values) != self.width:
            self._wrong_width(values, record)
            return
        if record.bad is not None or len(record.spans) != len(values) or any(
                value != self._value(span) for value, span in zip(values, record.spans)):
            self.problems.add(record.line, 1, "the row cannot be read unambiguously as CSV (the csv module and the "
                                              "located scan disagree); check its quoting")
            return
        errors = len(self.problems.listed) + self.problems.dropped
        for index, value in enumerate(values):
            if len(value) > self.limits.max_field_chars:
                line, column = self._field_at(record, index)
                self.problems.add(line, column, f"the field is {len(value):,} characters long, over the limit of "
                                                f"{self.limits.max_field_chars:,} for one field")
        if len(self.problems.listed) + self.problems.dropped > errors:
            return
        field = {c: values[i] for c, i in self.columns.items()}
        report = _FieldReport(self, record)
        day = self._day(field["event_date"], report)
        lat = self._coordinate(field, "latitude", 90, report)
        lon = self._coordinate(field, "longitude", 180, report)
        for name in ("location", "event_type", "notes"):
            if not field[name].strip():
                why = ": every event must say on whose word (the note is its excerpt)" if name == "notes" else ""
                report(name, f"{name} is empty{why}")
        if report.count or day is None or lat is None or lon is None:
            return
        self._event(field, record, day, lat, lon, report)

    def _swallowed_row(self, record: _Record, index: int, event_id: str) -> None:
        """Warn when a field runs over a line that looks like a row of its own (a date, a comma, and as many
        commas as a row has): its closing quote is most likely missing, and it has swallowed that row."""
        start, end, _quoted = record.spans[index]
        at = self.text.find("\n", start, end)
        while at >= 0:
            line_end = self.text.find("\n", at + 1)
            line_end = len(self.text) if line_end < 0 else line_end
            comma = self.text.find(",", at + 1, min(end, at + 42))
            if comma > at and self.text.count(",", at + 1, line_end) >= self.width - 1 \
                    and _date(self.text[at + 1:comma]) is not None:
                opened, column = self._field_at(record, index)
                line, _ = self._locate(record, at + 1)
                name = next((c for c, i in self.columns.items() if i == index), None)
                self.problems.add(opened, column, f"the quoted field opened here runs on over line {line}, which "
                                  "looks like a row of its own: is a closing quote missing? (if so, that row is "
                                  "read as part of this one)", name, event_id, "warning")
                return
            at = self.text.find("\n", at + 1, end)

    def _value(self, span: tuple[int, int, bool]) -> str:
        start, end, quoted = span
        return self.text[start:end].replace('""', '"') if quoted else self.text[start:end]

    def _wrong_width(self, values: list[str], record: _Record) -> None:
        spanning = next((s - 1 for s, e, q in record.spans if q and "\n" in self.text[s:e]), None)
        hint = ""
        if spanning is not None:
            line, column = self._locate(record, spanning)
            hint = f" (the quoted field at line {line}, column {column} runs over several lines: is its closing " \
                   "quote missing?)"
        if len(values) > self.width:
            line, column = self._field_at(record, self.width)
            self.problems.add(line, column, f"the row has {len(values)} fields, the header {self.width}: a value "
                                            f"holding a comma must be in double quotes{hint}; the row is not read")
        else:
            line, column = self._locate(record, record.end - 1 if self.text.endswith("\n", 0, record.end)
                                        else record.end)
            names = [c for c, i in self.columns.items() if i >= len(values)]
            lacking = f" (no {', '.join(names)})" if names else ""
            self.problems.add(line, column, f"the row has {len(values)} field{'s' if len(values) != 1 else ''}, "
                                            f"the header {self.width}{lacking}{hint}; the row is not read")

    def _day(self, value: str, report: _FieldReport) -> date | None:
        if not value.strip():
            report("event_date", "event_date is empty")
            return None
        day = _date(value)
        if day is None:
            report("event_date", f"'{_shown(value)}' is not a date (expected YYYY-MM-DD, e.g. 2022-01-05, or "
                                 "05 January 2022 as in ACLED's exports)")
            return None
        if not self.limits.min_date <= day <= self.limits.max_date:
            report("event_date", f"{day.isoformat()} is outside the dates this reader accepts "
                                 f"({self.limits.min_date.isoformat()} to {self.limits.max_date.isoformat()}); "
                                 "is the year mistyped?")
            return None
        return day

    def _coordinate(self, field: dict[str, str], column: str, bound: int, report: _FieldReport) -> float | None:
        text = field[column].strip()
        if not text:
            report(column, f"{column} is empty (give decimal degrees, e.g. 43.252)")
            return None
        if not _NUMBER.fullmatch(text):
            try:
                odd = not math.isfinite(float(text))
            except ValueError:
                report(column, f"'{_shown(text)}' is not a number (expected decimal degrees, e.g. 43.252)")
                return None
            kind = "not a finite number" if odd else "not written as a plain decimal number"
            report(column, f"'{_shown(text)}' is {kind} (expected decimal degrees, e.g. 43.252)")
            return None
        value = float(text)
        if abs(value) > bound:
            other = field["longitude"].strip()
            swapped = column == "latitude" and value <= 180 and _NUMBER.fullmatch(other) and abs(float(other)) <= 90
            hint = " (are latitude and longitude swapped?)" if swapped else ""
            report(column, f"{column} {_shown(text)} is out of range (-{bound} to {bound} degrees){hint}")
            return None
        return value

    def _event(self, field: dict[str, str], record: _Record, day: date, lat: float, lon: float,
               report: _FieldReport) -> None:
        notes_index = self.columns["notes"]
        start, end, quoted = record.spans[notes_index]
        raw_value = field["notes"]
        quote = raw_value.strip()
        match = Match(start + len(raw_value) - len(raw_value.lstrip()), end - len(raw_value) + len(raw_value.rstrip()))
        found = self.text[match.start:match.end]
        if (found.replace('""', '"') if quoted else found) != quote:
            report("notes", "the note could not be located in the file's text; check the row's quoting")
            return
        warning = short_quote(quote, self.limits.min_quote_words)
        event_id = f"row-{record.line}"
        if warning:
            report("notes", warning, severity="warning", event_id=event_id)
        for index, (first, last, in_quotes) in enumerate(record.spans):
            if in_quotes and self.text.find("\n", first, last) >= 0:
                self._swallowed_row(record, index, event_id)
        location = field["location"].strip()
        place_id = _slug(location)
        self.places.setdefault(place_id, Place(place_id, location, "city", lat, lon, self.tz))
        label = field["event_type"].strip()
        category = _slug(label)
        if category not in self.categories:
            colour = default_colour(len(self.categories))
            self.categories[category] = Category(category, label, colour)
        cited = field["source"].strip()
        excerpt = Excerpt("csv", quote, match, note=f"ACLED cites: {cited}" if cited else "ACLED names no source")
        title = quote.split(". ")[0][:90] or label
        self.events.append(Event(event_id, title, window_for(day, Precision.DAY, self.tz), (place_id,), category,
                                 (excerpt,), When(source_id="csv", explanation=f"event_date {field['event_date']}"),
                                 line=record.line))

    def _dataset(self) -> Dataset:
        days = [e.window.start.date() for e in self.events]
        first, last = min(days), max(days)
        period = Period(first.replace(day=1), (last.replace(day=28) + timedelta(days=4)).replace(day=1)
                        - timedelta(days=1), self.tz)
        self.events.sort(key=lambda e: ((e.window.start - EPOCH) // MICROSECOND, e.id))  # on numbers: faster
        source = Source(id="csv", outlet=f"ACLED export {self.path.name}", title=self.path.name,
                        published=_modified(self.path), file=self.path, text=self.text,
                        published_basis=MTIME_BASIS)
        return Dataset(title=f"{self.path.stem} (ACLED CSV)", period=period, places=self.places,
                       sources={"csv": source}, categories=self.categories, events=self.events, path=self.path,
                       digest=hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:10])


class _FieldReport:
    """Reports problems with one row's named fields, at each field's line and column."""

    def __init__(self, reader: _CsvReader, record: _Record) -> None:
        self.reader, self.record, self.count = reader, record, 0

    def __call__(self, column: str, message: str, severity: Severity = "error", event_id: str | None = None) -> None:
        line, col = self.reader._field_at(self.record, self.reader.columns[column])
        self.reader.problems.add(line, col, message, column, event_id, severity)
        if severity == "error":
            self.count += 1


#: What a CSV's own source says of its `published` (the cache refreshes it: the time is not the content).
MTIME_BASIS = "The CSV file's modification time."


def _modified(path: Path) -> datetime:
    """The file's modification time, or the epoch when it cannot be had (gone, or a time no datetime holds)."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except (OSError, OverflowError, ValueError):
        return datetime(1970, 1, 1, tzinfo=UTC)


modified_time = _modified

__all__ = ["COLUMNS", "DATE_FORMATS", "KAZAKHSTAN_TIME", "MTIME_BASIS", "load_acled_csv", "modified_time"]
