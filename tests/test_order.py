"""Events are sorted on whole numbers, in exactly the order of their aware datetimes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

from kztimeline.model.dates import Precision, Window
from kztimeline.model.entities import Event
from kztimeline.model.order import instant, time_order


def test_time_order_is_the_order_of_aware_datetimes():
    rng = random.Random(7)
    zones = [timezone(timedelta(hours=h, minutes=m)) for h, m in ((0, 0), (5, 0), (6, 0), (-3, -30), (5, 45))]
    events = []
    for _ in range(2000):
        start = datetime(2022, 1, 1, tzinfo=rng.choice(zones)) + timedelta(minutes=rng.randrange(3000),
                                                                           microseconds=rng.randrange(3))
        end = (start + timedelta(hours=rng.choice((1, 6, 24)))).astimezone(rng.choice(zones))
        events.append(Event(f"e{rng.randrange(500)}", "t", Window(start, end, Precision.HOUR), ("p",), "c", ()))
    assert time_order(events) == sorted(events, key=lambda e: (e.window.start, e.window.end, e.id))
    assert instant(datetime(1969, 12, 31, 23, 0, tzinfo=UTC)) == -3600 * 10**6
    assert instant(datetime(2, 1, 1, 5, tzinfo=timezone(timedelta(hours=6)))) < instant(datetime(2, 1, 1, tzinfo=
                                                                                              UTC))
