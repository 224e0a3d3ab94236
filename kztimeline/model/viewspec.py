"""A citable view: the event selected, the time shown and the place filtered, as command-line options
(`kztimeline FILE --select ID --from DATE --to DATE --places ID`) and back."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from .dates import parse_when_value
from .entities import Dataset


class ViewSpecError(ValueError):
    """One line saying which option is wrong and how."""


@dataclass(frozen=True)
class ViewSpec:
    select: str | None = None
    start: date | datetime | None = None  # a day (from its start) or an instant
    end: date | datetime | None = None  # a day (to its end) or an instant
    places: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.select is None and self.start is None and self.end is None and not self.places

    @classmethod
    def parse(cls, select: str | None, start: str | None, end: str | None, places: str | None) -> ViewSpec:
        bounds: list[date | datetime | None] = []
        for flag, text in (("--from", start), ("--to", end)):
            if text is None:
                bounds.append(None)
                continue
            try:
                bounds.append(parse_when_value(text))
            except ValueError as exc:
                raise ViewSpecError(f"{flag}: {exc}") from None
        names = tuple(n.strip() for n in (places or "").split(",") if n.strip())
        return cls(select.strip() if select else None, bounds[0], bounds[1], names)

    def time_range(self, dataset: Dataset) -> tuple[float, float] | None:
        """The visible range in epoch seconds, or None when neither end is given."""
        if self.start is None and self.end is None:
            return None
        tz = dataset.period.tz
        first = _instant(self.start, tz, False) if self.start is not None else dataset.period.start_dt
        last = _instant(self.end, tz, True) if self.end is not None else dataset.period.end_dt
        if last <= first:
            raise ViewSpecError(f"--from {self.start} is not before --to {self.end}")
        return first.timestamp(), last.timestamp()

    def check(self, dataset: Dataset) -> list[str]:
        """What in the spec does not fit the dataset, one line each."""
        from .schema import suggest

        problems = []
        if self.select is not None and self.select not in {e.id for e in dataset.events}:
            problems.append(f"--select: no event '{self.select}'{suggest(self.select, [e.id for e in dataset.events])}")
        for name in self.places:
            if name not in dataset.places:
                problems.append(f"--places: unknown place '{name}'{suggest(name, list(dataset.places))}")
        if len(self.places) > 1:
            problems.append("--places: the window filters to one place at a time; give one id")
        try:
            self.time_range(dataset)
        except ViewSpecError as exc:
            problems.append(str(exc))
        return problems


def _instant(value: date | datetime, tz: timezone, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    moment = datetime.combine(value, time(0), tz)
    return moment + timedelta(days=1) if end else moment


def _bound(seconds: float, dataset: Dataset, end: bool) -> str:
    moment = datetime.fromtimestamp(round(seconds / 60) * 60, dataset.period.tz)
    if moment.time() == time(0):
        return (moment.date() - timedelta(days=1) if end else moment.date()).isoformat()
    return moment.isoformat(timespec="minutes")


def command_line(path: Path | None, dataset: Dataset, select: str | None, time_range: tuple[float, float] | None,
                 place: str | None, program: str = "kztimeline") -> str:
    """The command that opens the window at this view."""
    parts = [program]
    if path is not None:
        parts.append(str(path))
    if select:
        parts += ["--select", select]
    if time_range is not None:
        parts += ["--from", _bound(time_range[0], dataset, False), "--to", _bound(time_range[1], dataset, True)]
    if place:
        parts += ["--places", place]
    return shlex.join(parts)
