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
from pathlib import Path
from typing import Any

from ..geo.gazetteer import Gazetteer
from .csvrows import CsvRows
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
        reader.report(mark, f"not valid JSON ({exc.msg} at character {exc.pos + 1}); re-export the file", event_id,
                      field)
        return default


def read_table_rows(text: str, reader: Reader) -> tuple[dict[str, Any], list[tuple[dict[str, Any], Mark]]] | None:
    """The dataset's header (from the first row's kzt_dataset) and each row's event in the events.yaml layout, as
    plain values with the row's mark; None (reported) when the file cannot be read as our export."""
    table = CsvRows(text, reader)
    header = table.header()
    if header is None:
        return None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        reader.report(Mark(1, 1), f"missing column(s): {', '.join(missing)} (a kztimeline CSV export has them)")
        return None
    column = {name: index for index, name in enumerate(header)}
    width = len(header)
    dataset: dict[str, Any] | None = None
    events: list[tuple[dict[str, Any], Mark]] = []
    for mark, row in table.records():
        if len(row) < width:
            row = row + [""] * (width - len(row))
        cells = {name: row[index] for name, index in column.items()}
        event_id = cells["kzt_id"].strip()
        if dataset is None and cells.get("kzt_dataset", "").strip():
            value = _json(reader, cells["kzt_dataset"], mark, "kzt_dataset", event_id, None)
            dataset = value if isinstance(value, dict) else None
        event: dict[str, Any] = {"id": event_id, "title": cells["kzt_title"], "date": cells["kzt_date"]}
        if cells.get("kzt_end", "").strip():
            event["end"] = cells["kzt_end"].strip()
        event["precision"] = cells["kzt_precision"].strip()
        event["places"] = [p.strip() for p in cells["kzt_places"].split(";") if p.strip()]
        if cells.get("kzt_category", "").strip():
            event["category"] = cells["kzt_category"].strip()
        excerpts = _json(reader, cells["kzt_excerpts"], mark, "kzt_excerpts", event_id, [])
        if excerpts:
            event["excerpts"] = excerpts
        extra = _json(reader, cells.get("kzt_extra", ""), mark, "kzt_extra", event_id, {})
        if isinstance(extra, dict):
            event.update({k: v for k, v in extra.items() if k not in event})
        events.append((event, mark))
    if table.failed:
        return None
    if dataset is None:
        reader.report(Mark(2, 1), "no row has the dataset's header (kzt_dataset, in the first row of an export); "
                      "re-export the file")
        return None
    dataset.setdefault("sources", [])
    dataset.setdefault("places", [])
    return dataset, events


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
