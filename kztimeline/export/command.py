"""`kztimeline export`: the print figure, drawn with no display (Qt's offscreen platform)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NoReturn

from ..model.dates import parse_when_value
from ..model.limits import add_limit_argument, limits_from_args
from ..model.entities import Dataset


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as for every usage problem
        self.exit(2, f"kztimeline export: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kztimeline export", description="Draw the timeline to a PNG or SVG file (no display "
                     "needed). The same data and options give a byte-identical PNG.")
    parser.add_argument("events", nargs="?", type=Path, help="events file (default: the bundled events.yaml)")
    parser.add_argument("--output", "-o", required=True, type=Path, help="FILE.png or FILE.svg")
    parser.add_argument("--width", type=int, default=1600, help="pixels (default 1600)")
    parser.add_argument("--height", type=int, help="pixels (default: 500, or taller as the lanes and the key need)")
    parser.add_argument("--from", dest="start", help="first day shown, YYYY-MM-DD (default: the period's start)")
    parser.add_argument("--to", dest="end", help="last day shown, YYYY-MM-DD (default: the period's end)")
    parser.add_argument("--places", help="comma-separated place ids or names (default: all places)")
    return parser


def run_export(argv: list[str]) -> int:
    parser = _parser()
    add_limit_argument(parser)
    args = parser.parse_args(argv)
    args.limits = limits_from_args(parser, args.limit)
    try:
        return _export(args)
    except _Usage as exc:
        print(f"kztimeline export: {exc}", file=sys.stderr)
        return 2


class _Usage(Exception):
    pass


def _export(args: argparse.Namespace) -> int:
    from ..model.loader import load_dataset
    from ..resources import bundled_events

    height = 500 if args.height is None else args.height
    if not (16 <= args.width <= 20000 and 16 <= height <= 20000):
        raise _Usage(f"size {args.width}x{height} is out of range (16 to 20000 pixels each way)")
    path = args.events or bundled_events()
    result = load_dataset(path, display_name=str(args.events) if args.events else "events.yaml",
                          limits=args.limits)
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        raise _Usage(f"{len(result.problems)} problem(s) in {args.events or 'events.yaml'}; nothing written")
    data = result.dataset
    assert data is not None  # result.ok: a dataset, and no problems
    start, end = _range(args, data)
    places = _places(args.places, data) if args.places else None
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    from .figure import FigureOptions, fitting_height
    from .writer import ExportError, write_figure

    _app = QGuiApplication.instance() or QGuiApplication(["kztimeline"])
    options = FigureOptions(args.width, height, start, end, places)
    note = ""
    if args.height is None:
        fitted = fitting_height(data, options)
        if fitted > height:
            lanes = len(places or data.places)
            note = f"; {fitted} px high instead of {height}, to fit {lanes} lanes (give --height to fix the height)"
            options = FigureOptions(args.width, fitted, start, end, places)
    else:
        needed = fitting_height(data, options)
        if needed > height:
            note = f"; the lanes are tight at this height: --height {needed} gives them full-size titles or numbers"
    try:
        write_figure(data, options, args.output)
    except ExportError as exc:
        raise _Usage(str(exc)) from None
    print(f"wrote {args.output} ({options.width}x{options.height}{note})")
    return 0


def _range(args: argparse.Namespace, data: Dataset) -> tuple[datetime | None, datetime | None]:
    tz = data.period.tz
    bounds: list[date | None] = []
    for flag, text, default in (("--from", args.start, None), ("--to", args.end, None)):
        if text is None:
            bounds.append(default)
            continue
        try:
            value = parse_when_value(text)
        except ValueError as exc:
            raise _Usage(f"{flag}: {exc}") from None
        day = value.date() if isinstance(value, datetime) else value
        bounds.append(day)
    first: date = bounds[0] or data.period.start
    last: date = bounds[1] or data.period.end
    if last < first:
        raise _Usage(f"--from {first} is after --to {last}")
    start = datetime(first.year, first.month, first.day, tzinfo=tz)
    end = datetime(last.year, last.month, last.day, tzinfo=tz) + timedelta(days=1)
    return start, end


def _places(text: str, data: Dataset) -> tuple[str, ...]:
    from ..geo.gazetteer import default_gazetteer
    from ..model.placenames import PlaceResolver

    resolver = PlaceResolver(data.places, default_gazetteer())
    out = []
    for name in (n.strip() for n in text.split(",") if n.strip()):
        place_id = resolver.resolve(name)
        if place_id is None:
            raise _Usage(f"unknown place '{name}' (known: {', '.join(data.places)})")
        out.append(place_id)
    if not out:
        raise _Usage("--places names no place")
    return tuple(out)
