"""`kztimeline export` for the data formats, and `kztimeline convert IN OUT`: read any file kztimeline opens, write
any format it writes. Usage problems and bad input print one line (or the located problems) and exit 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from ..model.limits import DEFAULT_LIMITS, Limits, add_limit_argument, limits_from_args
from ..model.mappedcsv import ColumnMapping
from .atomic import ExchangeError
from .formats import BY_NAME, FORMATS, format_for, write_format

FORMAT_HELP = ", ".join(f"{f.name} ({' or '.join(f.suffixes)}: {f.label})" for f in FORMATS)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def data_format_requested(argv: list[str]) -> bool:
    """Whether an export's --format or --output names a data format (rather than a figure, PNG or SVG)."""
    output, name = None, None
    for index, arg in enumerate(argv):
        following = argv[index + 1] if index + 1 < len(argv) else None
        if arg in ("--output", "-o"):
            output = following
        elif arg.startswith("--output="):
            output = arg.split("=", 1)[1]
        elif arg == "--format":
            name = following
        elif arg.startswith("--format="):
            name = arg.split("=", 1)[1]
    if name is not None:
        return name in BY_NAME
    return output is not None and format_for(Path(output)) is not None


def run_data_export(argv: list[str]) -> int:
    parser = _Parser(prog="kztimeline export", description="Write the dataset in another format. The format "
                     f"comes from --format or the output's name: {FORMAT_HELP}.")
    parser.add_argument("events", nargs="?", type=Path, help="events file (default: the bundled events.yaml)")
    parser.add_argument("--output", "-o", required=True, type=Path, help="the file to write")
    parser.add_argument("--format", choices=sorted(BY_NAME), help="the format (default: from the file name)")
    add_limit_argument(parser)
    args = parser.parse_args(argv)
    return _convert(args.events, args.output, args.format, "kztimeline export",
                    limits=limits_from_args(parser, args.limit))


def run_convert(argv: list[str]) -> int:
    parser = _Parser(prog="kztimeline convert", description="Read any file kztimeline opens (events.yaml, "
                     "TimelineJS3 JSON, CSV) and write it in another format, chosen by --format or the output's "
                     f"name: {FORMAT_HELP}.")
    parser.add_argument("input", type=Path, help="the file to read")
    parser.add_argument("output", type=Path, help="the file to write")
    parser.add_argument("--format", choices=sorted(BY_NAME), help="the format (default: from the file name)")
    parser.add_argument("--columns", metavar="FIELD=COLUMN,...", help="for a CSV of another layout than ACLED's: "
                        "which column holds what (fields: date, end, title, place, latitude, longitude, category, "
                        "text, source, url, timezone); unnamed fields are guessed from the column names")
    add_limit_argument(parser)
    args = parser.parse_args(argv)
    limits = limits_from_args(parser, args.limit)
    columns = None
    if args.columns is not None:
        from ..model.mappedcsv import guess_mapping, parse_columns
        from ..model.tablecsv import csv_file_header

        try:
            columns = parse_columns(args.columns, guess_mapping(csv_file_header(args.input)))
        except ValueError as exc:
            parser.error(f"--columns: {exc}")
    return _convert(args.input, args.output, args.format, "kztimeline convert", columns, limits)


def _convert(source: Path | None, output: Path, name: str | None, prog: str,
             columns: ColumnMapping | None = None, limits: Limits = DEFAULT_LIMITS) -> int:
    from ..model.loader import load_dataset
    from ..resources import bundled_events

    fmt = format_for(output, name)
    if fmt is None:
        print(f"{prog}: cannot tell the format from '{output.name}': give --format, or a name ending in one of "
              f"{', '.join(s for f in FORMATS for s in f.suffixes)}", file=sys.stderr)
        return 2
    path = source or bundled_events()
    result = load_dataset(path, display_name=str(source) if source else "events.yaml", columns=columns,
                          limits=limits)
    for problem in result.problems:  # warnings too: listed, as `check` lists them
        print(problem, file=sys.stderr)
    if not result.ok:  # errors stop the write; warnings (a short quote) do not, as in `check` and the window
        print(f"{prog}: {len(result.errors)} problem(s) in {source or 'events.yaml'}; nothing written",
              file=sys.stderr)
        return 2
    data = result.dataset
    assert data is not None  # result.ok: a dataset, and no errors
    if output.resolve() == Path(path).resolve():
        print(f"{prog}: '{output}' is the file being read; write to another file", file=sys.stderr)
        return 2
    try:
        warning = write_format(data, output, fmt)
    except ExchangeError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    unverified = sum(1 for e in data.events if not e.verified)
    note = f", {unverified} unverified" if unverified else ""
    print(f"wrote {output} ({fmt.label}: {len(data.events)} events{note})")
    if warning:
        print(f"{prog}: warning: {warning}", file=sys.stderr)
    return 0
