"""A date axis in the dataset's own time zone, with day labels that never run together.

pyqtgraph's DateAxisItem falls back on the machine's local zone in places; here the offset is fixed and explicit
and the ticks are computed from it, so Almaty's midnight is a day line on every machine.

Ticks (and the grid) mark midnights and, zoomed in, hours; the labels name the days between them, centred on the
day's visible part. `day_labels` chooses, from the pixels a day gets, the richest form that fits without touching
its neighbour: "Wed 5 Jan", "Wed" over "5", every day's number, every 2nd, every 7th (1, 8, 15 …), every 14th,
then months only. Weekday and month names are abbreviated as the system locale writes them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timezone

import pyqtgraph as pg
from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter

from .clippedaxis import ClippedPaint

DAY = 86400.0
HOUR = 3600.0
#: Finer tick steps, coarsest first; one is shown once it is at least MIN_MINOR_PX apart.
MINOR_STEPS = (12 * HOUR, 6 * HOUR, 3 * HOUR, HOUR, 30 * 60.0, 15 * 60.0, 5 * 60.0)
MIN_MINOR_PX = 46.0
GAP_PX = 8.0  # least room between two labels
#: Days between labelled days, densest first, once a day's own label no longer fits.
DAY_STEPS = (1, 2, 7, 14)


@dataclass(frozen=True)
class AxisLabel:
    """One label: its text (one or two lines), the rectangle it is drawn in, axis coordinates."""

    text: str
    rect: QRectF


@functools.cache
def _names(locale: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Short weekday (Monday first) and month names as the locale writes them."""
    loc, short = QLocale(locale), QLocale.FormatType.ShortFormat
    return tuple(loc.dayName(d, short) for d in range(1, 8)), tuple(loc.monthName(m, short) for m in range(1, 13))


def _month(local: datetime) -> str:
    return _names(QLocale().name())[1][local.month - 1]


def day_forms(local: datetime) -> list[str]:
    """A day's label, richest first: "Wed 5 Jan", "Wed\\n5", "5"."""
    weekdays, months = _names(QLocale().name())
    weekday = weekdays[local.isoweekday() - 1]
    return [f"{weekday} {local.day} {months[local.month - 1]}", f"{weekday}\n{local.day}", f"{local.day}"]


def day_labels(start: float, end: float, left: float, width: float, top: float, metrics: QFontMetricsF,
               tz: timezone, hours: bool = False) -> list[AxisLabel]:
    """The day labels of [start, end] (epoch seconds) drawn over `width` pixels from `left`.

    With `hours`, the first line is left to hour labels and days take the second. Labels never overlap and never
    leave [left, left + width]; a day cut by an edge is labelled in its visible part (so the first day is too)."""
    if width <= 0 or end <= start:
        return []
    px_per_s = width / (end - start)
    px_day = DAY * px_per_s
    line = metrics.height()
    offset = tz.utcoffset(None).total_seconds()
    first = (start + offset) // DAY * DAY - offset
    days: list[float] = []
    t = first
    while t < end and len(days) < 4000:
        days.append(t)
        t += DAY
    locals_ = [datetime.fromtimestamp(t + DAY / 2, tz=UTC).astimezone(tz) for t in days]

    sample = [day_forms(d) for d in locals_[:40]]
    measured: dict[int, float] = {}

    def widest(form: int) -> float:
        """The widest label of a form among the sample's, measured once (every step tries the shortest again)."""
        if form not in measured:
            measured[form] = max((max(metrics.horizontalAdvance(part) for part in forms[form].split("\n"))
                                  for forms in sample), default=0.0)
        return measured[form]

    forms = [0] if hours else [0, 1, 2]
    choice: tuple[int, int] | None = None
    for step in DAY_STEPS:
        for form in forms if step == 1 else [2]:
            if form == 1 and hours:
                continue
            if widest(form) + GAP_PX <= step * px_day:
                choice = (form, step)
                break
        if choice:
            break
    if choice is None and hours:  # a day wider than the axis: its full name still fits, in its visible part
        choice = (0, 1)
    labels: list[AxisLabel] = []
    if choice is None:  # months only, at the first of each month (or the start)
        return _month_labels(locals_, days, start, left, px_per_s, width, top, metrics)
    form, step = choice
    y = top + (line if hours else 0)
    for day_start, local in zip(days, locals_):
        if step > 1 and (local.day - 1) % step:
            continue
        text = day_forms(local)[form]
        text_w = max(metrics.horizontalAdvance(part) for part in text.split("\n"))
        lines = text.count("\n") + 1
        if step == 1:  # centred on the day's visible part, kept inside the axis
            a = left + max(day_start - start, 0.0) * px_per_s
            b = left + min(day_start + DAY - start, end - start) * px_per_s
            if b - a < text_w:
                if b - a < text_w / 2 or (a > left and b < left + width):
                    continue
                x = a if a <= left else b - text_w  # an edge day: as much of it as fits, flush with the edge
            else:
                x = (a + b - text_w) / 2
        else:
            x = left + (day_start + DAY / 2 - start) * px_per_s - text_w / 2
        x = min(max(x, left), left + width - text_w)
        rect = QRectF(x, y, text_w, line * lines)
        if labels and labels[-1].rect.right() + GAP_PX / 2 > rect.left():
            continue
        if rect.left() < left - 0.5 or rect.right() > left + width + 0.5:
            continue
        labels.append(AxisLabel(text, rect))
    return labels


def _month_labels(locals_: list[datetime], days: list[float], start: float, left: float, px_per_s: float,
                  width: float, top: float, metrics: QFontMetricsF) -> list[AxisLabel]:
    labels: list[AxisLabel] = []
    for index, (day_start, local) in enumerate(zip(days, locals_)):
        if local.day != 1 and index:
            continue
        text = f"{_month(local)} {local.year}"
        text_w = metrics.horizontalAdvance(text)
        x = max(left + (day_start - start) * px_per_s, left)
        rect = QRectF(min(x, left + width - text_w), top, text_w, metrics.height())
        if labels and labels[-1].rect.right() + GAP_PX > rect.left():
            continue
        if rect.left() >= left - 0.5:
            labels.append(AxisLabel(text, rect))
    return labels


def hour_labels(values: list[float], start: float, end: float, left: float, width: float, top: float,
                metrics: QFontMetricsF, tz: timezone) -> list[AxisLabel]:
    """Labels of hour ticks ("06:00") on the first line, centred on their ticks, none overlapping or cut."""
    labels: list[AxisLabel] = []
    px_per_s = width / (end - start)
    for value in values:
        local = datetime.fromtimestamp(value, tz=UTC).astimezone(tz)
        text = f"{local:%H:%M}"
        text_w = metrics.horizontalAdvance(text)
        x = left + (value - start) * px_per_s - text_w / 2
        rect = QRectF(x, top, text_w, metrics.height())
        if rect.left() < left or rect.right() > left + width:
            continue
        if labels and labels[-1].rect.right() + GAP_PX > rect.left():
            continue
        labels.append(AxisLabel(text, rect))
    return labels


class TimeAxis(ClippedPaint, pg.DateAxisItem):
    """Bottom axis: midnight and hour ticks in a fixed UTC offset, with day labels between them."""

    def __init__(self, tz: timezone, orientation: str = "bottom", **kwargs: object):
        offset = tz.utcoffset(None).total_seconds()
        # pyqtgraph counts utcOffset in seconds west of UTC (like time.timezone), so UTC+6 is -21600.
        super().__init__(orientation=orientation, utcOffset=-offset, **kwargs)
        self.set_timezone(tz)
        self._minor: list[float] = []
        self.labels: list[AxisLabel] = []  # as last drawn (for tests)

    def set_timezone(self, tz: timezone) -> None:
        """Label ticks in another fixed zone (a newly opened dataset's)."""
        self.tz = tz
        self.offset = tz.utcoffset(None).total_seconds()
        self.utcOffset = -self.offset
        self.picture = None  # redraw the labels

    def _local_floor(self, value: float, step: float) -> float:
        return (value + self.offset) // step * step - self.offset

    def tickValues(self, minVal: float, maxVal: float, size: float  # noqa: N803 (pyqtgraph names them)
                   ) -> list[tuple[float, list[float]]]:
        if size <= 0 or maxVal <= minVal:
            return []
        first_day = self._local_floor(minVal, DAY)
        days = [t for t in _arange(first_day, maxVal + 1, DAY) if t >= minVal - 1]
        levels = [(DAY, days)]
        px_per_second = size / (maxVal - minVal)
        self._minor = []
        for step in MINOR_STEPS:
            if step * px_per_second >= MIN_MINOR_PX:
                start = self._local_floor(minVal, step)
                values = [t for t in _arange(start, maxVal + 1, step) if t >= minVal - 1 and (t + self.offset) % DAY]
                levels.append((step, values))
                self._minor = values
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return ["" for _ in values]  # labels are drawn by generateDrawSpecs, between the ticks

    def generateDrawSpecs(self, p: QPainter) -> tuple[object, object, list[tuple[QRectF, int, str]]] | None:
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis_spec, tick_specs, _ = specs
        self.labels = self.compute_labels(QFontMetricsF(p.font()))
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip)
        return axis_spec, tick_specs, [(label.rect, flags, label.text) for label in self.labels]

    def compute_labels(self, metrics: QFontMetricsF | None = None) -> list[AxisLabel]:
        """The labels for the current range and size, in axis coordinates."""
        metrics = metrics or QFontMetricsF(self.style["tickFont"] or self.font())
        start, end = self.range
        bounds = self.mapRectFromParent(self.geometry())
        if not self.style["showValues"] or end <= start:
            return []
        top = bounds.top() + max(0, self.style["tickLength"]) + self.style["tickTextOffset"][1]
        hours = bool(self._minor)
        labels = day_labels(start, end, bounds.left(), bounds.width(), top, metrics, self.tz, hours)
        if hours:
            labels += hour_labels(self._minor, start, end, bounds.left(), bounds.width(), top, metrics, self.tz)
        return labels


def _arange(start: float, stop: float, step: float) -> list[float]:
    count = int((stop - start) // step) + 1
    return [start + i * step for i in range(max(count, 0))][:2000]


__all__ = ["DAY", "HOUR", "AxisLabel", "TimeAxis", "day_labels"]
