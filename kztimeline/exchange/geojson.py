"""GeoJSON (RFC 7946): one Feature per event and place, a Point at the place (longitude, latitude, WGS 84), or no
geometry (`null`, as RFC 7946 allows) for a place with no coordinates such as "International"."""

from __future__ import annotations

from typing import Any

from ..model.entities import Dataset, Event, Place
from .common import date_fields, dumps, iso


def geojson_bytes(dataset: Dataset) -> bytes:
    features = [_feature(dataset, event, dataset.places[p]) for event in dataset.events for p in event.place_ids
                if p in dataset.places]
    return dumps({"type": "FeatureCollection", "features": features})


def _feature(dataset: Dataset, event: Event, place: Place) -> dict[str, Any]:
    geometry = None
    if place.lat is not None and place.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]}
    first, last = date_fields(dataset, event)
    category = dataset.categories.get(event.category)
    excerpts = []
    for excerpt in event.excerpts:
        source = dataset.sources.get(excerpt.source_id)
        excerpts.append({"source": excerpt.source_id, "outlet": source.outlet if source else "",
                         "quote": excerpt.quote, "verified": excerpt.match is not None})
    properties: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        "start": iso(event.window.start),
        "end": iso(event.window.end),
        "date": first,
        "end_date": last or None,
        "precision": event.window.precision.value,
        "date_label": event.date_label(dataset.period.tz),
        "category": event.category or None,
        "category_label": category.label if category else None,
        "colour": dataset.colour_of(event.category),
        "place": place.id,
        "place_name": place.name,
        "place_kind": place.kind,
        "places": list(event.place_ids),
        "sources": list(event.source_ids),
        "excerpts": excerpts,
        "context": event.context,
        "verified": event.verified,
    }
    if not event.verified:
        properties["unverified"] = event.unverified
    return {"type": "Feature", "id": f"{event.id}@{place.id}", "geometry": geometry, "properties": properties}
