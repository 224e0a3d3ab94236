"""Reading back the CSV that `kztimeline export --output FILE.csv` writes: ACLED's column layout followed by `kzt_`
columns holding each event as events.yaml has it (see `exchange/acledcsv.py`). Each row becomes an event of the
events.yaml layout, marked at the row's line, and the dataset is checked as events.yaml is; a CSV without the
`kzt_` columns is left to the ACLED reader.
"""

from __future__ import annotations

import csv
import io
import stat
import json
import re
import sys
from pathlib import Path
from typing import Any

import msgspec

from ..geo.gazetteer import Gazetteer
from .csvrows import CsvRows
from .fastevents import ABSENT, FAST_KEYS, EventTable
from .limits import DEFAULT_LIMITS
from .schema import Reader
from .textfile import CONTROL
from .yamlnodes import LMap, Mark, build

REQUIRED = ("kzt_id", "kzt_title", "kzt_date", "kzt_precision", "kzt_places", "kzt_excerpts")


#: How much of a file is read to find its header.
HEADER_BYTES = 64 * 1024


def csv_file_header(path: Path) -> list[str]:
    """The CSV's column names; [] when they cannot be read (the reader the file then goes to says why).

    Only the start of a regular file is read: this runs before any reader's checks, on whatever the user opened (a
    FIFO must not block it, a 1 GB first line must not be read whole)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return []
        with path.open("rb") as handle:
            head = handle.read(HEADER_BYTES)
    except OSError:
        return []
    if len(head) == HEADER_BYTES and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]  # whole lines only: a character may be cut at the end
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []  # not UTF-8: the reader says so, with the likely encoding
    if CONTROL.search(text):
        return []  # control characters (a binary file, UTF-16): the reader names them
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


def has_kztimeline_columns(path: Path) -> bool:
    """Whether the CSV's header names our kzt_ columns."""
    return "kzt_id" in csv_file_header(path)


def _json(reader: Reader, text: str, mark: Mark, field: str, event_id: str, default: Any) -> Any:
    if not text.strip():
        return default
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{exc.msg} character {exc.pos + 1}" if exc.msg.endswith(" at") else \
            f"{exc.msg} at character {exc.pos + 1}"  # ('Unterminated string starting at' ends so already)
        reader.report(mark, f"not valid JSON ({where}); re-export the file", event_id, field)
        return default
    except ValueError:  # an int of more digits than Python converts (a hostile file)
        reader.report(mark, f"a number in it has more than {sys.get_int_max_str_digits():,} digits, more than "
                      "kztimeline reads; re-export the file", event_id, field)
        return default
    except RecursionError:  # brackets nested thousands deep (a hostile file)
        reader.report(mark, "its values are nested too deeply to read; re-export the file", event_id, field)
        return default


def read_table_rows(text: str, reader: Reader) -> tuple[dict[str, Any], list[tuple[dict[str, Any], Mark]]] | None:
    """The dataset's header (from the first row's kzt_dataset) and each row's event in the events.yaml layout, as
    plain values with the row's mark; None (reported) when the file cannot be read as our export."""
    table = CsvRows(text, reader, read=_READ.__contains__)  # (the ACLED columns, and any other, are not read)
    header = table.header()
    if header is None or not _has_required(header, reader):
        return None
    column = {name: index for index, name in enumerate(header)}
    width = len(header)
    dataset: dict[str, Any] | None = None
    events: list[tuple[dict[str, Any], Mark]] = []
    for mark, row in table.records():
        if len(row) < width:
            row = row + [""] * (width - len(row))
        cells = {name: row[index] for name, index in column.items()}
        if dataset is None and cells.get("kzt_dataset", "").strip():
            value = _json(reader, cells["kzt_dataset"], mark, "kzt_dataset", cells["kzt_id"].strip(), None)
            dataset = value if isinstance(value, dict) else None
        events.append((_event(reader, cells, mark), mark))
    header_value = None if table.failed else _header(reader, dataset)
    return None if header_value is None else (header_value, events)


def _has_required(header: list[str], reader: Reader) -> bool:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        reader.report(Mark(1, 1), f"missing column(s): {', '.join(missing)} (a kztimeline CSV export has them)")
    return not missing


def _header(reader: Reader, dataset: dict[str, Any] | None) -> dict[str, Any] | None:
    if dataset is None:
        reader.report(Mark(2, 1), "no row has the dataset's header (kzt_dataset, in the first row of an export); "
                      "re-export the file")
        return None
    dataset.setdefault("sources", [])
    dataset.setdefault("places", [])
    return dataset


def _event(reader: Reader, cells: dict[str, str], mark: Mark) -> dict[str, Any]:
    """One row's event in the events.yaml layout."""
    event_id = cells["kzt_id"].strip()
    return _event_of(event_id, cells["kzt_title"], cells["kzt_date"], cells.get("kzt_end", "").strip(),
                     cells["kzt_precision"].strip(), _places(cells["kzt_places"]),
                     cells.get("kzt_category", "").strip(),
                     _json(reader, cells["kzt_excerpts"], mark, "kzt_excerpts", event_id, []),
                     _json(reader, cells.get("kzt_extra", ""), mark, "kzt_extra", event_id, {}))


def _event_of(event_id: str, title: str, date: str, end: str, precision: str, places: list[str], category: str,
              excerpts: Any, extra: Any) -> dict[str, Any]:
    """A row's event from its cells (end and category stripped, "" when blank; the JSON ones decoded): the rule
    of the marked reading (`_event`) and of the fast one (`read_table_columns`) alike."""
    event: dict[str, Any] = {"id": event_id, "title": title, "date": date}
    if end:
        event["end"] = end
    event["precision"] = precision
    event["places"] = places
    if category:
        event["category"] = category
    if excerpts:
        event["excerpts"] = excerpts
    if isinstance(extra, dict):
        event.update({k: v for k, v in extra.items() if k not in event})
    return event


def _places(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


_KEPT = ("kzt_id", "kzt_title", "kzt_date", "kzt_end", "kzt_precision", "kzt_places", "kzt_category", "kzt_excerpts",
         "kzt_extra")
#: The columns either reading takes values from (held to `max_field_chars`, by both alike).
_READ = (*_KEPT, "kzt_dataset")


def read_table_columns(raw: bytes, reader: Reader, max_field_chars: int = DEFAULT_LIMITS.max_field_chars
                       ) -> tuple[dict[str, Any], EventTable] | None:
    """`read_table_rows` as columns (for the fast first load, `fastevents`), from the file's checked UTF-8 bytes:
    the header and an EventTable; None when the file has anything to report, or rows that span lines or are blank
    (the marked reading says where, or reads them).

    The cells are read by pyarrow's CSV reader (C++, in threads, only the kzt_ columns converted: a fifth of the
    csv module's time on our export, which it reads the same way: RFC 4180 quoting, doubled quotes); anything it
    reads otherwise than one record a line, with the header's fields, is declined."""
    if b"\r" in raw and _LONE_CR.search(raw):  # a line break the marked reading and pyarrow may read apart
        return None
    end = raw.find(b"\n")
    try:
        header = next(csv.reader([raw[:end if end != -1 else len(raw)].decode("utf-8")]))
    except (StopIteration, csv.Error, UnicodeDecodeError):
        return None
    if not _has_required(header, reader) or len(set(header)) != len(header):
        return None
    names = [name for name in _READ if name in header]
    records = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1) - 1  # one a line, after the header
    import pyarrow as pa  # some 0.1 s to import: only when our export is opened
    import pyarrow.csv as arrow_csv

    try:
        table = arrow_csv.read_csv(
            pa.py_buffer(raw), read_options=arrow_csv.ReadOptions(use_threads=True),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                include_columns=names, column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowException, ValueError):
        return None
    n = table.num_rows
    if n != records:
        return None
    import pyarrow.compute as arrow_compute

    if n and any(arrow_compute.max(arrow_compute.utf8_length(table.column(name))).as_py() > max_field_chars
                 for name in names):  # a field over the limit: the marked reading says which and where
        return None
    kept: dict[str, list[str]] = {}
    for name in _READ:
        if name != "kzt_excerpts":
            kept[name] = table.column(name).to_pylist() if name in names else [""] * n
    repeated = _repeats(table.column("kzt_excerpts")) if "kzt_excerpts" in names else ([""], [0] * n)
    del table
    ids = list(map(str.strip, kept["kzt_id"]))
    if "" in ids:
        return None  # a blank row, or a row without an id: the marked reading skips or reports it
    line_numbers = list(range(2, n + 2))
    first = next((i for i, value in enumerate(kept["kzt_dataset"]) if value.strip()), None)
    if first is None:
        return None
    dataset = _decode(kept["kzt_dataset"][first])
    del kept["kzt_dataset"]
    header_value = dataset if isinstance(dataset, dict) else None
    if header_value is None:
        return None
    header_value.setdefault("sources", [])
    header_value.setdefault("places", [])
    columns: dict[str, list[Any]] = {"id": ids, "title": kept["kzt_title"], "date": kept["kzt_date"],
                                     "precision": list(map(str.strip, kept["kzt_precision"]))}
    columns["end"] = _optional(kept["kzt_end"])
    columns["category"] = _optional(kept["kzt_category"])
    places = {cell: tuple(_places(cell)) for cell in dict.fromkeys(kept["kzt_places"])}
    columns["places"] = list(map(places.__getitem__, kept["kzt_places"]))
    cells, index = repeated
    values = _decoded(cells)  # each distinct cell's JSON (None for a blank one)
    if values is None:
        return None
    shown = values if all(values) else [value if value else ABSENT for value in values]
    excerpts = list(map(values.__getitem__, index))
    # (every row with excerpts, as most are: the list itself, checked at C speed; it is never written to then)
    columns["excerpts"] = excerpts if shown is values else list(map(shown.__getitem__, index))
    repeats = {"excerpts": (shown, index)}
    for name in ("context", "notes", "media"):
        columns[name] = [ABSENT] * n
    slow: set[int] = set()
    extra_cells = kept.pop("kzt_extra")
    extras: list[Any] | None = None
    if any(map(str.strip, dict.fromkeys(extra_cells))):
        extras = _decoded(extra_cells)
        if extras is None:
            return None
    del extra_cells
    written = {name: columns[name] for name in ("end", "category")}  # as the row has them, before the extras
    if extras is not None:
        written = {name: list(values) for name, values in written.items()}
        for i, extra in enumerate(extras):
            if not isinstance(extra, dict) or not extra:
                continue
            for key, value in extra.items():
                if key not in FAST_KEYS:
                    slow.add(i)
                elif columns[key][i] is ABSENT:
                    columns[key][i] = value
                    if key in repeats:  # a value of the row's own: one more distinct value, which only it holds
                        distinct, index = repeats[key]
                        index[i] = len(distinct)
                        distinct.append(value)
    titles, dates, precisions, places_of = columns["title"], columns["date"], columns["precision"], columns["places"]
    del kept

    def item(i: int) -> dict[str, Any]:
        """Row i's event as `_event` makes it (from the cells as read, the JSON decoded)."""
        end, category = (value if (value := written[name][i]) is not ABSENT else "" for name in ("end", "category"))
        return _event_of(ids[i], titles[i], dates[i], end, precisions[i], list(places_of[i]), category,
                         excerpts[i], extras[i] if extras is not None else None)

    return header_value, EventTable(columns, line_numbers, slow, item, repeats=repeats)


def _repeats(column: Any) -> tuple[list[str], list[int]]:
    """A pyarrow column's distinct cells and each row's index among them. A million events' excerpts cells hold
    some tens of thousands of distinct ones (a passage is quoted by many events); Arrow finds them in C++
    (`dictionary_encode`, 0.3 s), where making each row's string and hashing it took 0.8 s, and the events
    read them as they stand (`EventTable.repeats`) instead of finding the distinct values once more (1 s)."""
    import pyarrow as pa
    import pyarrow.compute as arrow_compute

    chunks = arrow_compute.dictionary_encode(column).chunks
    if not chunks:
        return [], []
    dictionary = chunks[-1].dictionary
    if any(not chunk.dictionary.equals(dictionary) for chunk in chunks):  # not one dictionary for them all
        whole = arrow_compute.dictionary_encode(column.combine_chunks())  # (copying every cell: 0.3 s more)
        return whole.dictionary.to_pylist(), whole.indices.to_numpy().tolist()
    indices = pa.chunked_array([chunk.indices for chunk in chunks], type=chunks[0].indices.type)
    return dictionary.to_pylist(), indices.to_numpy().tolist()


def _optional(cells: list[str]) -> list[Any]:
    stripped = {cell: cell.strip() or ABSENT for cell in dict.fromkeys(cells)}
    return list(map(stripped.__getitem__, cells))


def _decoded(cells: list[str]) -> list[Any] | None:
    """Each cell's JSON (None for a blank cell), each distinct cell decoded once; None if any is not JSON. The
    distinct cells are decoded in one call, one per line (no cell holds a line break: a record over several lines
    is not read here), and one by one if that fails, as `json.loads` reads them."""
    distinct = [cell for cell in dict.fromkeys(cells) if cell.strip()]
    try:
        decoded = _JSON.decode_lines("\n".join(distinct)) if distinct else []
    except (msgspec.DecodeError, ValueError):
        decoded = []
    if len(decoded) != len(distinct):
        decoded = [_decode(cell) for cell in distinct]
        if any(value is _NOT_JSON for value in decoded):
            return None
    values: dict[str, Any] = dict(zip(distinct, decoded, strict=True))
    return list(map(values.get, cells))


_NOT_JSON = object()
_LONE_CR = re.compile(rb"\r(?!\n)")
_JSON = msgspec.json.Decoder()


def _decode(cell: str) -> Any:
    """A cell's JSON as `json.loads` reads it (msgspec first: several times faster on the same valid input)."""
    try:
        return _JSON.decode(cell)
    except (msgspec.DecodeError, ValueError):
        try:
            return json.loads(cell)
        except (ValueError, RecursionError):  # not JSON, an int of more digits than Python converts, deep nesting
            return _NOT_JSON


def read_table_csv(text: str, reader: Reader, gazetteer: Gazetteer | None = None) -> LMap | None:
    """The export as the events.yaml layout with marks at each row's line, for the checks."""
    read = read_table_rows(text, reader)
    if read is None:
        return None
    dataset, events = read
    dataset["events"] = []
    tree = build(dataset, Mark(2, 1))
    assert isinstance(tree, LMap)
    for event, mark in events:
        tree["events"].append(build(event, mark))
        tree["events"].marks.append_packed((mark.line - 1) << 32)
    return tree
