"""A dataset in the events.yaml layout, as plain values: what `convert` writes as YAML and what the CSV export
carries in its kztimeline columns, so that reading either back goes through the same checks as events.yaml."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..model.dates import Precision, format_offset
from ..model.entities import Dataset, Event, Place, Source
from .common import date_fields


def dataset_header(dataset: Dataset, base: Path) -> dict[str, Any]:
    """Everything but the events: title, description, period, categories, places, sources."""
    period = dataset.period
    out: dict[str, Any] = {"title": dataset.title}
    if dataset.description:
        out["description"] = dataset.description
    out["period"] = {"start": period.start.isoformat(), "end": period.end.isoformat(),
                     "timezone": format_offset(period.tz)}
    out["categories"] = {c.id: {"label": c.label, "colour": c.colour} for c in dataset.categories.values()}
    out["places"] = [place_tree(p) for p in dataset.places.values()]
    out["sources"] = [source_tree(s, base) for s in dataset.sources.values()]
    return out


def dataset_tree(dataset: Dataset, base: Path) -> dict[str, Any]:
    out = dataset_header(dataset, base)
    out["events"] = [event_tree(dataset, e) for e in dataset.events]
    return out


def sources_outside(dataset: Dataset, base: Path) -> list[str]:
    """Ids of sources whose archived file is not inside `base`: a YAML or CSV written there names them with '..',
    which the reader refuses (it reads sources only from inside the dataset's folder), so they cannot be verified."""
    return [s.id for s in dataset.sources.values() if source_tree(s, base)["file"].startswith("../")]


def place_tree(place: Place) -> dict[str, Any]:
    out: dict[str, Any] = {"id": place.id, "name": place.name, "kind": place.kind}
    if place.lat is not None and place.lon is not None:
        out["lat"], out["lon"] = place.lat, place.lon
    if place.utc_offset is not None:
        out["utc_offset"] = format_offset(place.utc_offset)
    if place.description:
        out["description"] = place.description
    return out


def source_tree(source: Source, base: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"id": source.id, "outlet": source.outlet}
    if source.outlet_basis:
        out["outlet_basis"] = source.outlet_basis
    out["title"] = source.title
    if source.author:
        out["author"] = source.author
    out["published"] = source.published.isoformat(timespec="minutes" if not source.published.second else "seconds")
    if source.published_precision is not Precision.MINUTE:
        out["published_precision"] = source.published_precision.value
    if source.published_basis:
        out["published_basis"] = source.published_basis
    if source.accessed is not None:
        out["accessed"] = source.accessed.isoformat()
    out["file"] = Path(os.path.relpath(source.file.resolve(), base.resolve())).as_posix()
    if source.url:
        out["url"] = source.url
    return out


def event_tree(dataset: Dataset, event: Event) -> dict[str, Any]:
    first, last = date_fields(dataset, event)
    out: dict[str, Any] = {"id": event.id, "title": event.title, "date": first}
    if last:
        out["end"] = last
    out["precision"] = event.window.precision.value
    if event.window.precision is Precision.BY and event.window.start != dataset.period.start_dt:
        start = event.window.start
        out["not_before"] = start.date().isoformat() if start.time().isoformat() == "00:00:00" else \
            start.isoformat(timespec="minutes")
    when = event.when
    if when.phrase or when.note:
        spec: dict[str, Any] = {}
        if when.phrase:
            spec["phrase"] = when.phrase
        if when.source_id and (not event.excerpts or when.source_id != event.excerpts[0].source_id or
                               not when.phrase):
            spec["source"] = when.source_id
        if when.after:
            spec["after"] = when.after
        if when.manual and when.note:
            spec["manual"] = True
        if when.note:
            spec["note"] = when.note
        if when.lang:
            spec["lang"] = when.lang
        out["when"] = spec
    out["places"] = list(event.place_ids)
    if event.category:
        out["category"] = event.category
    if event.context:
        out["context"] = True
    if event.excerpts:
        out["excerpts"] = [{"source": x.source_id, "quote": x.quote, **({"note": x.note} if x.note else {})}
                           for x in event.excerpts]
    if event.conflicts:
        out["conflicts"] = [{"topic": c.topic, **({"note": c.note} if c.note else {}), "sources": list(c.source_ids)}
                            for c in event.conflicts]
    if event.notes:
        out["notes"] = event.notes
    if event.media:
        out["media"] = event.media
    if event.unverified:
        out["unverified"] = event.unverified
    return out
