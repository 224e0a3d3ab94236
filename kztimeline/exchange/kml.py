"""KML 2.2 for Google Earth: a Placemark per event and located place, with a TimeSpan (so the time slider plays
the month) and a style per category (its colour on the timeline). Places with no coordinates are left out, and the
document's description says how many events that concerns."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model.entities import Dataset, Event, Place
from .common import iso

KML_NS = "http://www.opengis.net/kml/2.2"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def kml_colour(rgb: str, alpha: str = "ff") -> str:
    """'#d62728' → 'ff2827d6' (KML writes alpha, blue, green, red)."""
    r, g, b = rgb[1:3], rgb[3:5], rgb[5:7]
    return f"{alpha}{b}{g}{r}".lower()


def kml_bytes(dataset: Dataset) -> bytes:
    root = ET.Element("kml", {"xmlns": KML_NS})
    document = _sub(root, "Document")
    _sub(document, "name", dataset.title)
    unplaced = [e for e in dataset.events if not any(_located(dataset.places.get(p)) for p in e.place_ids)]
    description = dataset.description
    if unplaced:
        description += (f"\n\n{len(unplaced)} event(s) at places without coordinates (e.g. international) are not "
                        "placed on the map.")
    _sub(document, "description", description.strip())
    categories = dict(dataset.categories)
    for event in dataset.events:
        if event.category and event.category not in categories:
            categories[event.category] = None  # type: ignore[assignment]  # undeclared: grey
    for key in ["", *categories]:
        style = _sub(document, "Style", id=f"category-{key or 'none'}")
        icon_style = _sub(style, "IconStyle")
        _sub(icon_style, "color", kml_colour(dataset.colour_of(key)))
        _sub(icon_style, "scale", "1.1")
        icon = _sub(icon_style, "Icon")
        _sub(icon, "href", "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png")
        label_style = _sub(style, "LabelStyle")
        _sub(label_style, "scale", "0.8")
    for event in dataset.events:
        for place_id in event.place_ids:
            place = dataset.places.get(place_id)
            if place is not None and _located(place):
                _placemark(document, dataset, event, place)
    ET.indent(root, space="  ")
    body: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return body + b"\n"


def _located(place: Place | None) -> bool:
    return place is not None and place.lat is not None and place.lon is not None


def _placemark(document: ET.Element, dataset: Dataset, event: Event, place: Place) -> None:
    mark = _sub(document, "Placemark", id=f"{event.id}@{place.id}")
    _sub(mark, "name", event.title)
    lines = [f"{event.date_label(dataset.period.tz)} · {place.name}"]
    for excerpt in event.excerpts:
        source = dataset.sources.get(excerpt.source_id)
        lines.append(f"“{excerpt.quote}” — {source.outlet if source else excerpt.source_id}")
    if not event.verified:
        lines.append(f"Unverified: {event.unverified}")
    _sub(mark, "description", "\n".join(lines))
    span = _sub(mark, "TimeSpan")
    _sub(span, "begin", iso(event.window.start))
    _sub(span, "end", iso(event.window.end))
    _sub(mark, "styleUrl", f"#category-{event.category or 'none'}")
    extended = _sub(mark, "ExtendedData")
    for name, value in (("id", event.id), ("precision", event.window.precision.value),
                        ("category", event.category), ("sources", ",".join(event.source_ids))):
        data = _sub(extended, "Data", name=name)
        _sub(data, "value", value)
    point = _sub(mark, "Point")
    assert place.lat is not None and place.lon is not None
    _sub(point, "coordinates", f"{place.lon:.6f},{place.lat:.6f}")
