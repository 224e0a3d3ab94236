"""Dates as the sources give them: a precision, an uncertainty window, and the phrase they came from.

A news report rarely dates an event to the minute. "On Wednesday afternoon" in a report published on Thursday
6 January 2022 means 5 January, 12:00-18:00 local time; "by" a date gives only an upper bound. Every event therefore
carries a window [start, end) of aware datetimes and the precision that produced it, and relative phrases are
resolved here, in plain Python, so that the resolution can be checked and explained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum

from ..geo.offsets import format_offset, parse_offset

__all__ = [
    "PART_HOURS",
    "TIMED",
    "Precision",
    "Window",
    "day_start",
    "describe_window",
    "format_offset",
    "parse_offset",
    "parse_when_value",
    "window_for",
]


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    EARLY_MORNING = "early-morning"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"
    HOUR = "hour"
    MINUTE = "minute"
    BY = "by"


#: Local hours covered by each part of the day; the night runs into the next morning.
PART_HOURS: dict[Precision, tuple[int, int]] = {
    Precision.EARLY_MORNING: (0, 6),
    Precision.MORNING: (6, 12),
    Precision.AFTERNOON: (12, 18),
    Precision.EVENING: (18, 24),
    Precision.NIGHT: (18, 30),
}
#: Precisions that need a date and time, not only a date.
TIMED = (Precision.HOUR, Precision.MINUTE)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


#: The years kztimeline handles: every window, even a year-long one, one a day past its date, or one moved to
#: UTC from a zone ahead of it (1 January of year 1 at +06:00 is still year 0 in UTC, which no datetime holds and
#: which crashed the timeline's painting), stays a date.
FIRST_YEAR, LAST_YEAR = 2, 9998


def parse_when_value(text: str) -> date | datetime:
    """An ISO date ('2022-01-05') or datetime with offset ('2022-01-05T14:00+06:00') from year 1 to 9998;
    ValueError otherwise."""
    value = _parse_when_value(str(text).strip())
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"'{str(text).strip()}': year {value.year} is outside the years kztimeline handles "
                         f"({FIRST_YEAR} to {LAST_YEAR})")
    return value


def _parse_when_value(text: str) -> date | datetime:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a real date ({exc})") from None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?", text):
        try:
            value = datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a real date and time ({exc})") from None
        if value.tzinfo is None:
            raise ValueError(f"'{text}' has no UTC offset (write e.g. {text}+06:00)")
        return value
    raise ValueError(f"'{text}' is not a date (expected YYYY-MM-DD, or YYYY-MM-DDTHH:MM+06:00)")


@dataclass(frozen=True, slots=True)
class Window:
    """When an event happened, as closely as the sources allow: [start, end) in aware datetimes."""

    start: datetime
    end: datetime
    precision: Precision
    is_span: bool = False  # True when the event lasted from start to end (an `end:` was given)

    @property
    def is_exact(self) -> bool:
        """True when the time is known to the hour or better, so a dot is honest."""
        return self.precision in TIMED and not self.is_span

    @property
    def middle(self) -> datetime:
        return self.start + (self.end - self.start) / 2


def day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tz)


def window_for(value: date | datetime, precision: Precision, tz: timezone, *,
               end: date | datetime | None = None, not_before: date | datetime | None = None,
               floor: datetime | None = None) -> Window:
    """The window that a date, its precision and an optional span end or lower bound stand for."""
    if isinstance(value, datetime):
        local_day, start = value.date(), value
    else:
        local_day, start = value, day_start(value, tz)
    if precision is Precision.YEAR:
        start = day_start(date(local_day.year, 1, 1), tz)
        stop = day_start(date(local_day.year + 1, 1, 1), tz)
    elif precision is Precision.MONTH:
        start = day_start(local_day.replace(day=1), tz)
        nxt = date(local_day.year + local_day.month // 12, local_day.month % 12 + 1, 1)
        stop = day_start(nxt, tz)
    elif precision in PART_HOURS:
        first, last = PART_HOURS[precision]
        base = day_start(local_day, (value.tzinfo or tz) if isinstance(value, datetime) else tz)
        start, stop = base + timedelta(hours=first), base + timedelta(hours=last)
    elif precision is Precision.HOUR:
        start = start.replace(minute=0, second=0, microsecond=0)
        stop = start + timedelta(hours=1)
    elif precision is Precision.MINUTE:
        start = start.replace(second=0, microsecond=0)
        stop = start + timedelta(minutes=1)
    elif precision is Precision.BY:
        stop = start if isinstance(value, datetime) else day_start(local_day + timedelta(days=1), tz)
        if not_before is not None:
            start = not_before if isinstance(not_before, datetime) else day_start(not_before, tz)
        elif floor is not None:
            start = floor
        else:
            start = stop - timedelta(days=1)
    else:  # DAY
        stop = day_start(local_day + timedelta(days=1), tz)
    if end is not None:
        stop = end if isinstance(end, datetime) else day_start(end + timedelta(days=1), tz)
        return Window(start, stop, precision, is_span=True)
    return Window(start, stop, precision)


def describe_window(window: Window, tz: timezone) -> str:
    """A reader's label: '5 Jan 2022, afternoon', 'by 6 Jan 2022', '2–5 Jan 2022', '6 Jan 2022, 14:00 (UTC+6)'.

    Calendar days are named in the event's own zone (the day the source means); clock times in `tz`, with the
    offset shown.
    """
    local = window.start.tzinfo or tz
    start, end = window.start.astimezone(local), window.end.astimezone(local)
    last = end - timedelta(microseconds=1)
    p = window.precision
    if window.is_span:
        if p in TIMED:
            return f"{_fmt_dt(window.start, tz)} – {_fmt_dt(window.end, tz)}"
        if start.year == last.year and start.month == last.month:
            return f"{start.day}–{last.day} {last.strftime('%b %Y')}"
        return f"{_fmt_day(start)} – {_fmt_day(last)}"
    if p is Precision.YEAR:
        return f"{start.year}"
    if p is Precision.MONTH:
        return start.strftime("%B %Y")
    if p is Precision.BY:
        return f"by {_fmt_day(last)}" if end.time() == time(0) else f"by {_fmt_dt(window.end, tz)}"
    if p in PART_HOURS:
        return f"{_fmt_day(start)}, {p.value.replace('-', ' ')}"
    if p in TIMED:
        return _fmt_dt(window.start, tz)
    return _fmt_day(start)


def _fmt_day(value: datetime | date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


def _fmt_dt(value: datetime, tz: timezone) -> str:
    local = value.astimezone(tz)
    return f"{_fmt_day(local)}, {local.strftime('%H:%M')} (UTC{_short_offset(tz)})"


def _short_offset(tz: timezone) -> str:
    """'+6', '+5:30', '-3'."""
    text = format_offset(tz)
    hours, minutes = text[:3], text[4:]
    return f"{hours[0]}{int(hours[1:])}" + (f":{minutes}" if minutes != "00" else "")
