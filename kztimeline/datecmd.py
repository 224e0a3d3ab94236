"""`kztimeline date PHRASE --published WHEN`: what a date phrase resolves to, for a user debugging a date.

It calls the same resolver as `kztimeline check` and the event editor's proposals (`model.phrases.resolve`), and
prints the window, the precision and the explanation; with `--json`, one object with `start`, `end`, `precision`
and `explanation`. Exit 0 when the phrase resolves, 1 when it cannot be resolved, 2 for bad options.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, time, timedelta, timezone

from .model.dates import Precision, Window, describe_window, parse_offset, parse_when_value
from .model.phrases import DAYS, Anchor, PhraseResolution, resolve, short


def label(resolution: PhraseResolution) -> str:
    """A reader's label for a resolution: '5 Jan 2022, afternoon', '2–5 Jan 2022', 'August 2021'."""
    tz = resolution.place_tz or timezone(timedelta(0))
    if resolution.precision == DAYS:
        return describe_window(Window(resolution.start, resolution.end, Precision.DAY, is_span=True), tz)
    precision = resolution.precision if isinstance(resolution.precision, Precision) else Precision.DAY
    return describe_window(Window(resolution.start, resolution.end, precision), tz)


def run_date(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kztimeline date",
        description="Resolve a date phrase from a report ('on Wednesday afternoon', 'Two days later', "
                    "'ALMATY, January 5. /TASS/', 'в ночь на четверг') against the report's publication time, "
                    "as `kztimeline check` does, and print the window, precision and explanation. "
                    "Exit 1 when the phrase cannot be resolved.")
    parser.add_argument("phrase", help="the phrase as the report gives it")
    parser.add_argument("--published", required=True,
                        help="publication time with UTC offset (2022-01-06T07:35+05:30), or only its day "
                             "(2022-01-06)")
    parser.add_argument("--place", help="the event's place, any spelling the gazetteer knows (almaty, Актау); its "
                                        "January 2022 UTC offset places the day (default: the writer's zone)")
    parser.add_argument("--writer-zone", help="the outlet's UTC offset when it differs from --published's "
                                              "(e.g. +05:30)")
    parser.add_argument("--after", help="the date a chained phrase ('two days later') counts from, YYYY-MM-DD")
    parser.add_argument("--lang", help="the phrase's language (en, ru, kk, …); English and Russian need none")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    def fail(message: str) -> int:
        print(f"kztimeline date: {message}", file=sys.stderr)
        return 2

    place_tz: timezone | None = None
    from .geo.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    if args.place:
        entry = gazetteer.resolve(args.place)
        if entry is None or entry.utc_offset is None:
            return fail(f"unknown place '{args.place}' (try `kztimeline geocode {args.place}`)")
        place_tz = entry.utc_offset
    try:
        published_value = parse_when_value(args.published)
        writer_tz = parse_offset(args.writer_zone) if args.writer_zone else None
        anchor_value = parse_when_value(args.after) if args.after else None
    except ValueError as exc:
        return fail(str(exc))
    if isinstance(published_value, datetime):
        published, precision = published_value, Precision.MINUTE
    else:
        published = datetime.combine(published_value, time(0), writer_tz or place_tz or timezone(timedelta(0)))
        precision = Precision.DAY
    anchor = None
    if anchor_value is not None:
        day = anchor_value.date() if isinstance(anchor_value, datetime) else anchor_value
        anchor = Anchor(day, f"the --after date ({short(day)})")

    def zone_of(city: str) -> timezone | None:
        found = gazetteer.resolve(city)
        return found.utc_offset if found is not None else None

    resolution = resolve(args.phrase, published, place_tz=place_tz, writer_tz=writer_tz,
                         published_precision=precision, lang=args.lang, anchor=anchor, zone_of=zone_of)
    if resolution is None:
        print(f"kztimeline date: cannot resolve '{args.phrase}' to a date", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"start": resolution.start.isoformat(), "end": resolution.end.isoformat(),
                          "precision": str(resolution.precision), "explanation": resolution.explanation},
                         ensure_ascii=False))
        return 0
    print(label(resolution))
    print(f"  window:      {resolution.start.isoformat()} – {resolution.end.isoformat()}")
    print(f"  precision:   {resolution.precision}")
    print(f"  explanation: {resolution.explanation}")
    return 0


