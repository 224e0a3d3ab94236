"""Events in time order, sorted on whole numbers rather than on aware datetimes.

Comparing two aware datetimes asks each for its UTC offset, in Python-level tzinfo calls; a sort of 100,000 events
makes some two million comparisons (3.2 s of a 100k load). Each event's start and end are turned once into
microseconds since the epoch (exact: an aware subtraction, then a whole division), and the sort compares integers.
The order is the same: the same instants, ties broken by end, then id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from .entities import Event

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def instant(moment: datetime) -> int:
    """An aware datetime as whole microseconds since 1970-01-01 UTC (negative before it)."""
    return (moment - EPOCH) // MICROSECOND


def time_order(events: Iterable[Event]) -> list[Event]:
    """Events by start, then end, then id."""
    return sorted(events, key=lambda e: ((e.window.start - EPOCH) // MICROSECOND,
                                         (e.window.end - EPOCH) // MICROSECOND, e.id))


__all__ = ["EPOCH", "MICROSECOND", "instant", "time_order"]
