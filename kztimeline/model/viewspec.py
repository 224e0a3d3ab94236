"""A citable view: the event selected, the time shown and the places filtered, as command-line options
(`kztimeline FILE --select ID --from DATE --to DATE --places ID,ID`) and back.

The options are declared here (`add_view_arguments`), so the `kztimeline` command and the round trip in the
tests read a command line the same way; `command_line` writes one, with the places in the dataset's order, so the
same view always gives the same line."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from .columns import columns_of
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
    def parse(cls, select: str | None, start: str | None, end: str | None,
              places: str | Sequence[str] | None) -> ViewSpec:
        """The options as typed; `places` is comma-separated ids, or a list of those (the flag given repeatedly).
        A place named twice counts once."""
        bounds: list[date | datetime | None] = []
        for flag, text in (("--from", start), ("--to", end)):
            if text is None:
                bounds.append(None)
                continue
            try:
                bounds.append(parse_when_value(text))
            except ValueError as exc:
                raise ViewSpecError(f"{flag}: {exc}") from None
        given = [places] if isinstance(places, str) else list(places or ())
        names = tuple(dict.fromkeys(n.strip() for text in given for n in text.split(",") if n.strip()))
        return cls(select.strip() if select else None, bounds[0], bounds[1], names)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> ViewSpec:
        """From the options `add_view_arguments` declared."""
        return cls.parse(args.select, args.start, args.end, args.places)

    @classmethod
    def of_view(cls, dataset: Dataset, select: str | None, time_range: tuple[float, float] | None,
                places: Iterable[str]) -> ViewSpec:
        """The view shown: the time range to the minute (whole days as dates), the places in the dataset's order."""
        if isinstance(places, str):  # a str is an iterable of letters
            raise TypeError(f"places is a collection of place ids, not the str {places!r}")
        chosen = set(places)
        ordered = tuple(p for p in dataset.places if p in chosen) + tuple(sorted(chosen.difference(dataset.places)))
        if time_range is None:
            return cls(select or None, None, None, ordered)
        return cls(select or None, _bound(time_range[0], dataset, False), _bound(time_range[1], dataset, True),
                   ordered)

    def arguments(self) -> list[str]:
        """The options that open this view (the inverse of `parse`)."""
        parts = []
        if self.select:
            parts += ["--select", self.select]
        for flag, value in (("--from", self.start), ("--to", self.end)):
            if value is not None:
                parts += [flag, value.isoformat(timespec="minutes") if isinstance(value, datetime)
                          else value.isoformat()]
        if self.places:
            parts += ["--places", ",".join(self.places)]
        return parts

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
        problems = []
        # the id index of the columns: a dataset reopened from the cache builds no event to answer
        if self.select is not None and columns_of(dataset).position(self.select) is None:
            from .schema import suggest

            problems.append(f"--select: no event '{self.select}'{suggest(self.select, [e.id for e in dataset.events])}")
        for name in self.places:
            if name not in dataset.places:
                problems.append(f"--places: unknown place '{name}'{_near(name, list(dataset.places))}")
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


def _near(name: str, known: list[str]) -> str:
    """' (did you mean 'a', 'b' or 'c'?)' with the closest ids, else the known ids (as `schema.suggest` does)."""
    import difflib  # (only for a name that is not found: not at start-up)

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if len(close) < 2:
        from .schema import suggest  # (it brings the YAML reader: not at start-up)

        return suggest(name, known)
    quoted = [f"'{c}'" for c in close]
    return f" (did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?)"


def _bound(seconds: float, dataset: Dataset, end: bool) -> date | datetime:
    """One end of the visible range: a whole day as a date (the last day shown, for the end), else the minute."""
    moment = datetime.fromtimestamp(round(seconds / 60) * 60, dataset.period.tz)
    if moment.time() == time(0):
        return moment.date() - timedelta(days=1) if end else moment.date()
    return moment


def add_view_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of a citable view, as `kztimeline` takes them."""
    parser.add_argument("--select", metavar="EVENT-ID", help="open with this event selected")
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day (or instant) shown")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day (or instant) shown")
    parser.add_argument("--places", metavar="ID[,ID...]", action="append",
                        help="show only the events at these places (ids separated by commas, or the option "
                             "repeated); View → Copy Link to This View writes these options for the view shown")


def command_line(path: Path | None, dataset: Dataset, select: str | None, time_range: tuple[float, float] | None,
                 places: Iterable[str] = (), program: str = "kztimeline") -> str:
    """The command that opens the window at this view; the places in the dataset's order."""
    parts = [program] + ([str(path)] if path is not None else [])
    import shlex  # (only when a view is copied: not at start-up)

    return shlex.join(parts + ViewSpec.of_view(dataset, select, time_range, places).arguments())
