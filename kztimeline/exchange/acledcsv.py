"""CSV in ACLED's column layout (event_id_cnty, event_date, year, time_precision, event_type, country, location,
latitude, longitude, source, notes, …), one row per event, so that tools made for ACLED data read it; followed by
`kzt_` columns that carry what ACLED's layout cannot (exact date window, all places, excerpts with their sources,
dating, notes), so that kztimeline reads the file back to the same events. The first row's `kzt_dataset` holds the
dataset's title, period, categories, places and sources.

Source files are named relative to the CSV's folder: write it beside the events file so the excerpts can be
verified again when it is read back.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..model.dates import PART_HOURS, Precision
from ..model.entities import Dataset, Event
from .common import date_fields
from .tree import dataset_header, event_tree

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "country",
                 "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities")
KZT_COLUMNS = ("kzt_id", "kzt_title", "kzt_date", "kzt_end", "kzt_precision", "kzt_places", "kzt_category",
               "kzt_excerpts", "kzt_extra", "kzt_dataset")
#: Keys of an event carried as they are in kzt_extra (JSON).
EXTRA_KEYS = ("not_before", "when", "context", "conflicts", "notes", "media", "unverified")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def acled_csv_bytes(dataset: Dataset, target: Path) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*ACLED_COLUMNS, *KZT_COLUMNS))
    header = _json(dataset_header(dataset, target.parent))
    for number, event in enumerate(dataset.events):
        writer.writerow((*_acled(dataset, event, number), *_kzt(dataset, event, header if number == 0 else "")))
    return out.getvalue().encode("utf-8")


def _time_precision(event: Event) -> str:
    """ACLED's code: 1 the day is known, 2 the week, 3 the month (or less)."""
    window = event.window
    days = (window.end - window.start).total_seconds() / 86400
    if window.precision in (Precision.YEAR, Precision.MONTH) or days > 7:
        return "3"
    if window.precision is Precision.BY or (days > 1.0001 and window.precision not in PART_HOURS):
        return "2"
    return "1"


def _acled(dataset: Dataset, event: Event, number: int) -> tuple[str, ...]:
    first, _last = date_fields(dataset, event)
    day = first[:10]
    place = next((dataset.places[p] for p in event.place_ids if p in dataset.places), None)
    located = place is not None and place.lat is not None and place.lon is not None
    category = dataset.categories.get(event.category)
    outlets = list(dict.fromkeys(dataset.sources[s].outlet for s in event.source_ids if s in dataset.sources))
    notes = " ".join(f"{dataset.sources[x.source_id].outlet if x.source_id in dataset.sources else x.source_id}: "
                     f"“{x.quote}”" for x in event.excerpts) or event.title
    kind = place.kind if place else ""
    return (
        f"KZT{number + 1}",
        day,
        day[:4],
        _time_precision(event),
        category.label if category else event.category,
        "",
        "Kazakhstan" if kind in ("city", "region", "site", "country") else "",
        place.name if place and kind == "region" else "",
        place.name if place else "",
        f"{place.lat:.5f}" if located and place and place.lat is not None else "",
        f"{place.lon:.5f}" if located and place and place.lon is not None else "",
        {"city": "1", "site": "1", "region": "2", "country": "3"}.get(kind, ""),
        "; ".join(outlets),
        notes,
        "",
    )


def _kzt(dataset: Dataset, event: Event, header: str) -> tuple[str, ...]:
    tree = event_tree(dataset, event)
    extra = {k: tree[k] for k in EXTRA_KEYS if k in tree}
    return (event.id, event.title, tree["date"], tree.get("end", ""), tree["precision"], ";".join(event.place_ids),
            event.category, _json(tree.get("excerpts", [])), _json(extra) if extra else "", header)
