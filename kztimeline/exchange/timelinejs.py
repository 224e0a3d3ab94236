"""TimelineJS3 JSON: a title slide and one slide per event, which Knight Lab's TimelineJS3 renders as it is.

A slide's date is given to the precision we know (a year, a month, a day; the hour for a part of the day, which
TimelineJS then places right; the minute for an exact time) in the event's local time, with `display_date` showing
our own label ("5 Jan 2022, afternoon", "by 6 Jan 2022"). The group is the event's (first) place; the text holds the
excerpts with their outlets. A `kztimeline` block, which TimelineJS ignores, keeps the period, time zone and places,
so `kztimeline convert` reads the file back to the same titles, dates and places.
"""

from __future__ import annotations

import html
from datetime import datetime, time, timedelta
from typing import Any

from .. import __version__
from ..model.dates import TIMED, Precision, format_offset
from ..model.entities import Dataset, Event, Place
from .common import dumps, event_zone, part_start_hour
from .tree import place_tree


def timelinejs_bytes(dataset: Dataset) -> bytes:
    return dumps(timelinejs_document(dataset))


def timelinejs_document(dataset: Dataset) -> dict[str, Any]:
    period = dataset.period
    sources = "".join(f"<li>{html.escape(s.outlet)}: “{html.escape(s.title)}”, {html.escape(s.published_label)}</li>"
                      for s in dataset.sources.values())
    intro = f"<p>{html.escape(dataset.description)}</p>" if dataset.description else ""
    intro += (f"<p>{len(dataset.events)} events, each backed by verbatim excerpts from archived sources"
              f"{' (except those marked unverified)' if any(not e.verified for e in dataset.events) else ''}.</p>")
    if sources:
        intro += f"<p>Sources:</p><ul>{sources}</ul>"
    intro += f"<p><small>Exported by kztimeline {html.escape(__version__)}, data {dataset.digest}.</small></p>"
    return {
        "title": {"text": {"headline": html.escape(dataset.title), "text": intro}},
        "scale": "human",
        "events": [_slide(dataset, event) for event in dataset.events],
        "kztimeline": {
            "version": __version__,
            "digest": dataset.digest,
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat(),
                       "timezone": format_offset(period.tz)},
            "places": [_place(p) for p in (dataset.places[i] for i in dataset.places)],
            "event_places": {e.id: list(e.place_ids) for e in dataset.events},
            "event_not_before": {e.id: _day_text(e.window.start.astimezone(event_zone(dataset, e)))
                                 for e in dataset.events if e.window.precision is Precision.BY},
            "event_zones": {e.id: format_offset(event_zone(dataset, e)) for e in dataset.events
                            if event_zone(dataset, e) != period.tz},
        },
    }


def _day_text(moment: datetime) -> str:
    return moment.date().isoformat() if moment.time() == time(0) else moment.isoformat(timespec="minutes")


def _place(place: Place) -> dict[str, Any]:
    """The place as events.yaml writes it, without its description (TimelineJS shows none)."""
    return {key: value for key, value in place_tree(place).items() if key != "description"}


def _date(event: Event, dataset: Dataset, end: bool = False) -> dict[str, Any]:
    window, zone = event.window, event_zone(dataset, event)
    p = window.precision
    if end:
        moment = window.end.astimezone(zone)
        if p not in TIMED:
            moment -= timedelta(days=1)  # the last day the event lasted, not the midnight after it
    elif p is Precision.BY:
        moment = window.end.astimezone(zone)
        if moment.hour == moment.minute == 0:
            moment -= timedelta(days=1)
        else:  # by an instant (a report's publication time)
            return {"year": moment.year, "month": moment.month, "day": moment.day, "hour": moment.hour,
                    "minute": moment.minute}
    else:
        moment = window.start.astimezone(zone)
    out: dict[str, Any] = {"year": moment.year}
    if p is Precision.YEAR:
        return out
    out["month"] = moment.month
    if p is Precision.MONTH:
        return out
    out["day"] = moment.day
    hour = part_start_hour(p)
    if p in TIMED:
        out["hour"], out["minute"] = moment.hour, moment.minute
    elif hour is not None and not end:
        out["hour"] = hour
    return out


def _slide(dataset: Dataset, event: Event) -> dict[str, Any]:
    label = event.date_label(dataset.period.tz)
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": _date(event, dataset)}
    if event.window.is_span:
        slide["end_date"] = _date(event, dataset, end=True)
    slide["display_date"] = label
    places = [dataset.places[p].name for p in event.place_ids if p in dataset.places]
    slide["text"] = {"headline": html.escape(event.title), "text": _text(dataset, event, places)}
    if places:
        slide["group"] = places[0]
    if event.media:
        slide["media"] = {"url": event.media}
    return slide


def _text(dataset: Dataset, event: Event, places: list[str]) -> str:
    parts = [f"<p><b>{html.escape(label)}</b></p>" for label in [" · ".join(places)] if label]
    if event.when.explanation:
        parts.append(f"<p><small>{html.escape(event.when.explanation)}</small></p>")
    for excerpt in event.excerpts:
        source = dataset.sources.get(excerpt.source_id)
        who = html.escape(f"{source.outlet}, “{source.title}”, {source.published_label}" if source
                          else excerpt.source_id)
        link = f' <a href="{html.escape(source.url)}">link</a>' if source and source.url else ""
        parts.append(f"<blockquote>“{html.escape(excerpt.quote)}”</blockquote><p>— {who}{link}</p>")
    for conflict in event.conflicts:
        parts.append(f"<p><i>Sources disagree on {html.escape(conflict.topic)}: {html.escape(conflict.note)}</i></p>")
    if event.notes:
        parts.extend(f"<p>{html.escape(line)}</p>" for line in event.notes.split("\n\n"))
    if not event.verified:
        parts.append(f"<p><i>Unverified: {html.escape(event.unverified)}.</i></p>")
    return "".join(parts)
