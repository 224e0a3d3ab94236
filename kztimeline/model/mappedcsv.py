"""Any CSV of events, read through a column mapping: which column holds the date, end, title, place, latitude and
longitude, category, text, source and URL. The window asks for the mapping (and remembers it per header);
`kztimeline convert --columns date=When,title=What …` gives it on the command line; otherwise it is guessed from
the column names.

Each row becomes an event of the events.yaml layout, marked at the row's line, and is checked as events.yaml is. A
spreadsheet row quotes no archived source text, so its event is marked `unverified:`; the text column becomes its
notes, and the source and URL columns are named in them (an http(s) URL is also kept as the event's `media`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from ..geo.gazetteer import Gazetteer
from .csvrows import CsvRows
from .schema import Reader
from .yamlnodes import LMap, Mark, build

#: The fields a mapping can fill, in the order a dialog shows them, with a label and whether it is required.
FIELDS = (("date", "Date", True), ("end", "End date", False), ("title", "Title", True), ("place", "Place", False),
          ("latitude", "Latitude", False), ("longitude", "Longitude", False), ("category", "Category", False),
          ("text", "Text", False), ("source", "Source", False), ("url", "URL", False))
#: Column names (case and punctuation aside) that a guess maps to each field.
_GUESSES = {
    "date": ("date", "start", "startdate", "eventdate", "when", "day", "time", "datetime", "timestamp"),
    "end": ("end", "enddate", "until", "to", "finish"),
    "title": ("title", "headline", "event", "name", "summary", "what"),
    "place": ("place", "location", "city", "where", "region", "group", "admin1"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    "category": ("category", "type", "eventtype", "kind", "tag"),
    "text": ("text", "description", "notes", "details", "body", "content"),
    "source": ("source", "outlet", "publisher", "media"),
    "url": ("url", "link", "href", "sourceurl"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M",
                    "%d.%m.%Y %H:%M")


@dataclass(frozen=True)
class ColumnMapping:
    """The column (by its header name) holding each field; "" for none."""

    date: str = ""
    end: str = ""
    title: str = ""
    place: str = ""
    latitude: str = ""
    longitude: str = ""
    category: str = ""
    text: str = ""
    source: str = ""
    url: str = ""
    timezone: str = "+00:00"  # the offset of times given without one

    def as_dict(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> ColumnMapping:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in value.items() if k in names and v is not None})

    def missing(self) -> list[str]:
        """The required fields left unmapped (a title may come from the text)."""
        out = [] if self.date else ["date"]
        if not self.title and not self.text:
            out.append("title")
        return out

    def unknown(self, header: list[str]) -> list[str]:
        return [f"{name}={column}" for name, column in self.as_dict().items()
                if name != "timezone" and column and column not in header]


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def guess_mapping(header: list[str]) -> ColumnMapping:
    """The mapping the column names suggest (each column used once, the first good name winning)."""
    taken: set[str] = set()
    chosen: dict[str, str] = {}
    for field_name, names in _GUESSES.items():
        for column in header:
            if column not in taken and _key(column) in names:
                chosen[field_name] = column
                taken.add(column)
                break
    return ColumnMapping(**chosen)


def parse_columns(text: str, base: ColumnMapping) -> ColumnMapping:
    """'date=When,title=What' over a base mapping; ValueError naming a bad part."""
    known = {f.name for f in fields(ColumnMapping)}
    changes: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, sep, column = part.partition("=")
        if not sep or name.strip() not in known:
            raise ValueError(f"'{part}' is not FIELD=COLUMN (fields: {', '.join(sorted(known))})")
        changes[name.strip()] = column.strip()
    return replace(base, **changes)


def csv_header(text: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60].strip("-")


def _when(text: str, tz: str) -> str | None:
    """A cell's date as events.yaml writes it, or None when it is not one."""
    value = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?\s*(Z|[+-]\d{2}:?\d{2})", value):
        return value.replace(" ", "T", 1)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).strftime("%Y-%m-%dT%H:%M") + tz
        except ValueError:
            continue
    return None


def read_mapped_csv(text: str, reader: Reader, gazetteer: Gazetteer | None, mapping: ColumnMapping,
                    file_name: str = "") -> LMap | None:
    used = {column for name, column in mapping.as_dict().items() if name != "timezone" and column}
    table = CsvRows(text, reader, read=used.__contains__)  # the columns mapped are read; the others are not
    header = table.header()
    if header is None:
        return None
    problems = [f"no column for {name}" for name in mapping.missing()] + \
        [f"no column named '{pair.split('=', 1)[1]}' ({pair.split('=', 1)[0]})" for pair in mapping.unknown(header)]
    if problems:
        reader.report(Mark(1, 1), f"{'; '.join(problems)}: map the columns (in the window, or with "
                      f"--columns date=COLUMN,title=COLUMN,...); the columns are: {', '.join(header)}")
        return None
    index = {name: i for i, name in enumerate(header)}
    places: dict[str, dict[str, Any]] = {}
    categories: dict[str, dict[str, str]] = {}
    events: list[tuple[dict[str, Any], Mark]] = []
    ids: set[str] = set()
    days: list[date] = []
    for mark, row in table.records():

        def cell(name: str, row: list[str] = row) -> str:
            column = getattr(mapping, name)
            at = index.get(column, -1) if column else -1
            return row[at].strip() if 0 <= at < len(row) else ""

        event = _row_event(reader, mark, cell, mapping, gazetteer, places, categories, ids, file_name)
        if event is not None:
            events.append((event, mark))
            days.append(date.fromisoformat(event["date"][:10]))
    if table.failed:
        return None
    if not events:
        if not reader.problems:
            reader.report(Mark(2, 1), "the file has no rows")
        return None
    tree = build({"title": file_name.rsplit(".", 1)[0] or "CSV events",
                  "description": f"Imported from the CSV file {file_name}.",
                  "period": {"start": min(days).isoformat(), "end": max(days).isoformat(),
                             "timezone": mapping.timezone},
                  "categories": categories, "places": list(places.values()), "sources": [], "events": []}, Mark(1, 1))
    assert isinstance(tree, LMap)
    for event, mark in events:
        tree["events"].append(build(event, mark))
        tree["events"].marks.append_packed((mark.line - 1) << 32)
    return tree


def _row_event(reader: Reader, mark: Mark, cell: Any, mapping: ColumnMapping, gazetteer: Gazetteer | None,
               places: dict[str, dict[str, Any]], categories: dict[str, dict[str, str]], ids: set[str],
               file_name: str) -> dict[str, Any] | None:
    when = _when(cell("date"), mapping.timezone)
    if when is None:
        reader.report(mark, f"'{cell('date')}' is not a date (e.g. 2022-01-05, 5 January 2022, 05.01.2022, "
                      f"2022-01-05 14:00)", field=f"column '{mapping.date}'")
        return None
    text = cell("text")
    title = cell("title") or text.split(". ")[0][:90]
    base = _slug(title) or f"row-{mark.line}"
    event_id, count = base, 1
    while event_id in ids:
        count += 1
        event_id = f"{base}-{count}"
    ids.add(event_id)
    event: dict[str, Any] = {"id": event_id, "title": title or f"Row {mark.line}", "date": when}
    if cell("end"):
        end = _when(cell("end"), mapping.timezone)
        if end is None:
            reader.report(mark, f"'{cell('end')}' is not a date", field=f"column '{mapping.end}'")
        else:
            event["end"] = end
    event["places"] = [_place(reader, mark, cell, mapping, gazetteer, places)]
    if cell("category"):
        key = _slug(cell("category")) or "other"
        categories.setdefault(key, {"label": cell("category")})
        event["category"] = key
    notes = [text] if text and text != title else []
    source, url = cell("source"), cell("url")
    if source or url:
        notes.append("Source: " + ", ".join(x for x in (source, url) if x))
    if url.startswith(("http://", "https://")):
        event["media"] = url
    if notes:
        event["notes"] = "\n\n".join(notes)
    event["unverified"] = f"imported from the CSV file {file_name} (line {mark.line}); no archived source text " \
                          "backs it"
    return event


def _place(reader: Reader, mark: Mark, cell: Any, mapping: ColumnMapping, gazetteer: Gazetteer | None,
           places: dict[str, dict[str, Any]]) -> str:
    name = cell("place")
    lat_text, lon_text = cell("latitude"), cell("longitude")
    coordinates: tuple[float, float] | None = None
    if lat_text or lon_text:
        try:
            coordinates = (float(lat_text), float(lon_text))
        except ValueError:
            reader.report(mark, f"latitude '{lat_text}' / longitude '{lon_text}' are not numbers",
                          field=f"column '{mapping.latitude or mapping.longitude}'")
    if not name and coordinates is not None:
        name = f"{coordinates[0]:.3f}, {coordinates[1]:.3f}"
    name = name or "Timeline"
    place_id = _slug(name) or "place"
    if place_id in places:
        return place_id
    entry: dict[str, Any] = {"id": place_id, "name": name}
    if coordinates is not None:
        entry.update(kind="site", lat=coordinates[0], lon=coordinates[1])
    elif cell("place") and gazetteer is not None and (found := gazetteer.resolve(name)) is not None:
        entry.update(kind=found.kind if found.kind in ("city", "region", "site", "country")
                     else "region" if found.kind == "district" else "city", gazetteer=name)
    else:
        entry.update(kind="other")
    places[place_id] = entry
    return place_id
