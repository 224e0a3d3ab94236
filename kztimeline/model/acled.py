"""Large event sets arrive as CSV: this reads ACLED's column layout (event_date, location, latitude, longitude,
event_type, notes, source) into a dataset.

Each row becomes a day-precision event at its location (places are made from the distinct locations, with the
row's coordinates); event_type is the category; notes is the excerpt, quoted from the CSV file itself (the archived
source here), and verified against it like any quote; the row's `source` names whom ACLED cites.
"""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date, datetime, timedelta, timezone, UTC
from pathlib import Path

from .dates import Precision, window_for
from .entities import Category, Dataset, Event, Excerpt, Period, Place, Source, When
from .excerpts import normalized
from .palette import default_colour
from .problems import Problem
from .results import LoadResult

COLUMNS = ("event_date", "location", "latitude", "longitude", "event_type", "notes", "source")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def _date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def load_acled_csv(path: Path, name: str, progress=None, tz: timezone = timezone(timedelta(hours=6))) -> LoadResult:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return LoadResult(None, [Problem(name, 0, 0, f"cannot read the file: {exc}")])
    rows = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (rows.fieldnames or [])]
    if missing:
        return LoadResult(None, [Problem(name, 1, 1, f"missing column(s): {', '.join(missing)} "
                                                     f"(expected ACLED's layout: {', '.join(COLUMNS)})")])
    problems: list[Problem] = []
    places: dict[str, Place] = {}
    categories: dict[str, Category] = {}
    source = Source(id="csv", outlet=f"ACLED export {path.name}", title=path.name,
                    published=datetime.fromtimestamp(path.stat().st_mtime, tz=UTC), file=path, text=text,
                    published_basis="The CSV file's modification time.")
    folded = normalized(text)
    events: list[Event] = []
    for index, row in enumerate(rows):
        line = index + 2
        if progress and index % 5000 == 0:
            progress("Reading rows", index, 0)
        day = _date(row["event_date"] or "")
        if day is None:
            problems.append(Problem(name, line, 1, f"'{row['event_date']}' is not a date", field="event_date"))
            continue
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            problems.append(Problem(name, line, 1, "latitude/longitude are not numbers", field="latitude"))
            continue
        place_id = _slug(row["location"])
        places.setdefault(place_id, Place(place_id, row["location"].strip(), "city", lat, lon, tz))
        category = _slug(row["event_type"])
        if category not in categories:
            colour = default_colour(len(categories))
            categories[category] = Category(category, row["event_type"].strip(), colour)
        notes = (row["notes"] or "").strip()
        excerpts = (Excerpt("csv", notes, folded.find(notes), note=f"ACLED cites: {row['source']}"),) if notes else ()
        title = notes.split(". ")[0][:90] or row["event_type"]
        events.append(Event(f"row-{line}", title, window_for(day, Precision.DAY, tz), (place_id,), category,
                            excerpts, When(source_id="csv", explanation=f"event_date {row['event_date']}"),
                            line=line))
    if not events:
        return LoadResult(None, problems or [Problem(name, 0, 0, "the file has no rows")])
    days = [e.window.start.date() for e in events]
    first, last = min(days), max(days)
    period = Period(first.replace(day=1), (last.replace(day=28) + timedelta(days=4)).replace(day=1)
                    - timedelta(days=1), tz)
    events.sort(key=lambda e: (e.window.start, e.id))
    dataset = Dataset(title=f"{path.stem} (ACLED CSV)", period=period, places=places, sources={"csv": source},
                      categories=categories, events=events, path=path,
                      digest=hashlib.sha256(text.encode("utf-8")).hexdigest()[:10])
    return LoadResult(dataset, problems)
