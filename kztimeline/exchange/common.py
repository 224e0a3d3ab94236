"""What several formats say about an event the same way: its local dates, places, excerpts and their passages."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from typing import Any

from ..model.dates import PART_HOURS, TIMED, Precision, format_offset
from ..model.entities import Dataset, Event, Excerpt, Source

#: Characters of the source around a quote kept as a TextQuoteSelector's prefix and suffix.
CONTEXT_CHARS = 32


def dumps(value: Any) -> bytes:
    """JSON as every writer here emits it: UTF-8, two-space indent, a final newline, keys in the order given."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def event_zone(dataset: Dataset, event: Event) -> timezone:
    """The zone the event's calendar day is named in (its window's own offset, else the dataset's)."""
    zone = event.window.start.tzinfo
    return zone if isinstance(zone, timezone) else dataset.period.tz


def iso(value: datetime) -> str:
    """'2022-01-05T12:00:00+06:00'."""
    return value.isoformat(timespec="seconds")


def date_fields(dataset: Dataset, event: Event) -> tuple[str, str]:
    """The event's `date` and `end` as events.yaml writes them ('2022-01-05', '2022-01-05T14:00+06:00'); end is
    '' unless the event lasted."""
    window, zone = event.window, event_zone(dataset, event)
    start = window.start.astimezone(zone)
    p = window.precision
    if p in TIMED:
        first = _local(start)
    elif p is Precision.BY:
        last = window.end.astimezone(zone)
        first = _local(last) if last.time() != datetime.min.time() else (last - timedelta(days=1)).date().isoformat()
    else:
        first = start.date().isoformat()
    if not window.is_span:
        return first, ""
    end = window.end.astimezone(zone)
    if p in TIMED:
        return first, _local(end)
    return first, (end - timedelta(days=1)).date().isoformat()


def _local(value: datetime) -> str:
    zone = value.tzinfo
    assert isinstance(zone, timezone)
    seconds = f":{value.second:02d}" if value.second else ""
    return value.strftime("%Y-%m-%dT%H:%M") + seconds + format_offset(zone)


def part_start_hour(precision: Precision) -> int | None:
    hours = PART_HOURS.get(precision)
    return hours[0] if hours else None


def excerpt_passage(source: Source, excerpt: Excerpt) -> tuple[str, str, str] | None:
    """(prefix, exact, suffix) of the verified excerpt in its archived text, or None when it was not verified."""
    if excerpt.match is None or not source.text:
        return None
    text, start, end = source.text, excerpt.match.start, excerpt.match.end
    return text[max(0, start - CONTEXT_CHARS):start], text[start:end], text[end:end + CONTEXT_CHARS]


def text_sha256(source: Source) -> str:
    """The hash of the archived text as read (UTF-8): what offsets and quotes refer to."""
    return hashlib.sha256(source.text.encode("utf-8")).hexdigest()

