"""The `kztimeline` command: the window by default, and `check`, `export`, `synth`, `geocode` sub-commands.

Qt is imported only by the commands that draw, so `kztimeline check` works on a machine without Qt's libraries.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

COMMANDS = ("check", "export", "convert", "schema", "synth", "geocode", "date", "source")

_DESCRIPTION = """\
kztimeline: the January 2022 unrest in Kazakhstan on a timeline and a map, every event backed by verbatim
excerpts from archived sources.

  kztimeline [FILE] [--select EVENT-ID] [--from DATE] [--to DATE] [--places ID,...]
                                    open the window (default: the bundled events.yaml), optionally at a view
  kztimeline check [EVENTS.yaml]    validate a dataset and verify every excerpt against its source
  kztimeline export [EVENTS.yaml] --output FILE.png|.svg    draw the timeline to a file, no display needed
  kztimeline export [EVENTS.yaml] --output FILE.timelinejs.json|.geojson|.kml|.csv|.jsonld|.csl.json|.yaml
  kztimeline convert IN OUT         read any file kztimeline opens, write it in another format
  kztimeline schema                 print the JSON Schema of events.yaml
  kztimeline synth N --output FILE  write a synthetic dataset of N events (for benchmarks)
  kztimeline geocode NAME           look a place name up: offline gazetteer, then (with --online) Nominatim
  kztimeline date PHRASE --published WHEN    what a date phrase from a report resolves to
  kztimeline source add PATH|- --to EVENTS.yaml   capture a source (text, saved page, or --online a URL)

Run `kztimeline COMMAND --help` for a command's options."""


#: Exit status when kztimeline itself failed (a bug): the message names the log with the details.
EXIT_INTERNAL_ERROR = 3


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(argv)
    except Exception as exc:  # the last line of defence: bad input never gets here, bugs might
        from .crashlog import report_internal_error

        doing = f"running 'kztimeline {' '.join(argv[:1])}'" if argv else "starting kztimeline"
        print(f"kztimeline: {report_internal_error(exc, doing)}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] in COMMANDS:
        command, rest = argv[0], argv[1:]
        if command == "check":
            return _check(rest)
        if command == "geocode":
            return _geocode(rest)
        if command == "date":
            from .datecmd import run_date

            return run_date(rest)
        if command == "source":
            from .sourcecmd import run_source

            return run_source(rest)
        if command == "export":
            from .exchange.command import data_format_requested, run_data_export

            if data_format_requested(rest):
                return run_data_export(rest)
            from .export.command import run_export

            return run_export(rest)
        if command == "convert":
            from .exchange.command import run_convert

            return run_convert(rest)
        if command == "schema":
            return _schema(rest)
        from .model.synth import run_synth

        return run_synth(rest)
    return _open_window(argv)


def _open_window(argv: list[str]) -> int:
    """`kztimeline [FILE] [view options]`: the window (app/launch.py). The model and numpy, imported here first, make
    some hundred thousand objects and no garbage: the collector is paused meanwhile, as it is while the window is
    built (its passes over them took 15 ms of the start), and what they made goes to its oldest generation at the
    block's end (`gcpause.to_oldest`), as what the window's start made does in app/launch.py."""
    from .app import dataclasscode, startimports
    from .model.gcpause import paused_gc

    startimports.one_blas_thread()  # before numpy is imported (viewspec, below, imports the model)
    with paused_gc():
        dataclasscode.install()  # before the model's classes are made
        parser = argparse.ArgumentParser(prog="kztimeline", description=_DESCRIPTION,
                                         formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("--version", action="version", version=f"kztimeline {__version__}")
        parser.add_argument("events", nargs="?", type=Path, help="events file to open (default: the bundled one)")
        from .model.limits import add_limit_argument, limits_from_args
        from .model.viewspec import ViewSpec, ViewSpecError, add_view_arguments

        add_view_arguments(parser)
        add_limit_argument(parser)
        args = parser.parse_args(argv)
        from .app.launch import run_app

        try:
            view = ViewSpec.from_args(args)
        except ViewSpecError as exc:
            parser.error(str(exc))
        limits = limits_from_args(parser, args.limit)
    return run_app(args.events, view, limits)


def _schema(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="kztimeline schema", description="Print the JSON Schema of events.yaml (for "
                            "editors: a '# yaml-language-server: $schema=FILE' line in the YAML uses it).") \
        .parse_args(argv)
    from .resources import resource

    sys.stdout.write(resource("events.schema.json").read_text(encoding="utf-8"))
    return 0


def _check(argv: list[str]) -> int:
    from .model.limits import add_limit_argument, limits_from_args
    from .model.loader import load_dataset
    from .model.lazyevents import tallies_of
    from .model.tallies import Tallies
    from .resources import bundled_events

    parser = argparse.ArgumentParser(prog="kztimeline check",
                                     description="Validate an events file and verify every excerpt against its "
                                                 "archived source. Exit 0 when clean, 1 with every problem listed.")
    parser.add_argument("events", nargs="?", type=Path, help="events file (default: the bundled events.yaml)")
    parser.add_argument("--allow-unverified", action="store_true", help="exit 0 when the only problem is events "
                        "marked unverified: (imported without a source text); they are still counted")
    add_limit_argument(parser)
    args = parser.parse_args(argv)
    limits = limits_from_args(parser, args.limit)
    path = args.events or bundled_events()
    result = load_dataset(path, display_name=str(args.events) if args.events else "events.yaml", limits=limits)
    for problem in result.problems:
        print(problem)
    data = result.dataset
    counts = tallies_of(data.events) if data is not None else Tallies()
    unverified = counts.unverified
    if data is not None and not result.problems and unverified:
        for line, event_id, why in unverified:
            print(f"{args.events or 'events.yaml'}:{line}: event '{event_id}': unverified: no excerpt from an "
                  f"archived source backs it ({why})")
        print(f"{len(unverified)} of {counts.events} events unverified in {args.events or 'events.yaml'}: add "
              "excerpts from archived sources (and remove unverified:)", file=sys.stderr)
        if not args.allow_unverified:
            return 1
    if not result.ok:
        count = result.error_count
        print(f"{count:,} problem{'s' if count != 1 else ''} in {args.events or 'events.yaml'}", file=sys.stderr)
        return 1
    assert data is not None  # result.ok: a dataset, and no problems
    warnings = result.warning_count
    print(f"ok: {counts.events} events ({counts.context} background), {len(data.sources)} sources, "
          f"{len(data.places)} places, {counts.verified_excerpts} of {counts.excerpts} excerpts verified verbatim; "
          f"{counts.resolved} dates resolved from phrases, {counts.events - counts.resolved} set by hand"
          + (f"; {len(unverified)} events UNVERIFIED (no excerpt)" if unverified else "")
          + (f"; {warnings:,} warning{'s' * (warnings != 1)} above" if warnings else ""))
    return 0


def _geocode(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kztimeline geocode",
        description="Find a place's coordinates in the offline gazetteer (any spelling). With --online, ask "
                    "OpenStreetMap's Nominatim for names the gazetteer lacks (one request per second, answers "
                    "cached in your data folder and used offline afterwards).")
    parser.add_argument("name", help="place name, e.g. Zhanaozen, Жаңаөзен or Alma-Ata")
    parser.add_argument("--online", action="store_true", help="ask Nominatim if the gazetteer lacks the name")
    parser.add_argument("--kind", choices=("city", "region", "district", "site", "country"),
                        help="the kind of place meant, where a city and a region share the name")
    args = parser.parse_args(argv)
    from .geo.gazetteer import default_gazetteer

    found = default_gazetteer().candidates(args.name, args.kind) or default_gazetteer().candidates(
        args.name, args.kind, loose=True)
    if found:
        entry = found[0]
        offset = f", UTC offset in January 2022: {entry.utc_offset.tzname(None)}" if entry.utc_offset else ""
        names = " / ".join(dict.fromkeys(n for n in (entry.name_ru, entry.name_kk) if n))
        print(f"{entry.display_name} ({entry.kind}, {entry.origin}): {entry.lat:.5f}, {entry.lon:.5f}{offset}"
              + (f"; {names}" if names else "") + (f"; formerly {', '.join(entry.historical)}"
                                                   if entry.historical else ""))
        others = [f"{e.display_name} ({e.kind}{', ' + e.country if e.country not in ('KZ', '') else ''})"
                  for e in found[1:4]]
        if others:
            print(f"  also: {'; '.join(others)}" + (" …" if len(found) > 4 else ""))
        return 0
    if not args.online:
        print(f"'{args.name}' is not in the offline gazetteer; add --online to ask Nominatim", file=sys.stderr)
        return 1
    from .geo.geocode import GeocodeError, geocode

    try:
        hit = geocode(args.name)
    except GeocodeError as exc:
        print(f"kztimeline geocode: {exc}", file=sys.stderr)
        return 1
    print(f"{hit['query']}: {hit['lat']:.5f}, {hit['lon']:.5f} — {hit['display_name']} "
          f"(Nominatim, © OpenStreetMap contributors, ODbL; {'from cache' if hit['cached'] else 'now cached'})")
    return 0
