"""A date axis in the dataset's own time zone, with day ticks labelled by date and weekday.

pyqtgraph's DateAxisItem falls back on the machine's local zone in places; here the offset is fixed and explicit
and the ticks are computed from it, so Almaty's midnight is a day line on every machine.
"""

from __future__ import annotations

from datetime import datetime, timezone, UTC

import pyqtgraph as pg

DAY = 86400.0
HOUR = 3600.0
#: Finer tick steps, coarsest first; one is shown once it is at least MIN_MINOR_PX apart.
MINOR_STEPS = (12 * HOUR, 6 * HOUR, 3 * HOUR, HOUR, 30 * 60.0, 15 * 60.0, 5 * 60.0)
MIN_MINOR_PX = 46.0


class TimeAxis(pg.DateAxisItem):
    """Bottom axis: days as major ticks ('Wed 5 Jan', or 'Wed' over '5' when narrow), 12/6/3/1-hour ticks as the
    user zooms in, all in a fixed UTC offset."""

    def __init__(self, tz: timezone, orientation: str = "bottom", **kwargs: object):
        offset = tz.utcoffset(None).total_seconds()
        # pyqtgraph counts utcOffset in seconds west of UTC (like time.timezone), so UTC+6 is -21600.
        super().__init__(orientation=orientation, utcOffset=-offset, **kwargs)
        self.set_timezone(tz)
        self._px_per_day = 100.0

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
        self._px_per_day = DAY * size / (maxVal - minVal)
        first_day = self._local_floor(minVal, DAY)
        days = [t for t in _arange(first_day, maxVal + 1, DAY) if t >= minVal - 1]
        levels = [(DAY, days)]
        px_per_second = size / (maxVal - minVal)
        for step in MINOR_STEPS:
            if step * px_per_second >= MIN_MINOR_PX:
                start = self._local_floor(minVal, step)
                levels.append((step, [t for t in _arange(start, maxVal + 1, step)
                                      if t >= minVal - 1 and (t + self.offset) % DAY]))
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for value in values:
            local = datetime.fromtimestamp(value, tz=UTC).astimezone(self.tz)
            if spacing >= DAY:
                out.append(self._day_label(local))
            else:
                out.append(local.strftime("%H:%M"))
        return out

    def _day_label(self, local: datetime) -> str:
        if self._px_per_day >= 80:
            return f"{local.strftime('%a')} {local.day} {local.strftime('%b')}"
        if self._px_per_day >= 30:
            return f"{local.strftime('%a')}\n{local.day}"
        if self._px_per_day >= 14:
            return f"{local.strftime('%a')[0]}\n{local.day}"
        step = 2 if self._px_per_day >= 9 else 7
        if (local.toordinal() - 1) % step:  # keep every other (or seventh) day's number
            return ""
        return f"{local.day}"


def _arange(start: float, stop: float, step: float) -> list[float]:
    count = int((stop - start) // step) + 1
    return [start + i * step for i in range(max(count, 0))][:2000]


__all__ = ["DAY", "HOUR", "TimeAxis"]
