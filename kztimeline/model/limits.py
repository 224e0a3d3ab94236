"""The limits an input file must keep to be read: stated once here, enforced by the readers, reported when broken.

A hostile or broken file must fail with a clear, located message rather than exhaust memory or time. Each limit
is meant to be generous for real data (the views are measured at 1,000,000 events; an ACLED note runs to a few
hundred characters) and small enough that the worst file within them loads in bounded time and memory:

==================  =============  ===========================================================================
limit               default        why
==================  =============  ===========================================================================
max_file_bytes      512 MiB        the whole file is read into memory and kept as the CSV's archived source;
                                   a million synthetic events take 235 MiB of YAML
max_rows            2,000,000      twice the 1,000,000 events the views are measured at (README, performance)
max_field_chars     100,000        an ACLED note is a few hundred characters; below the csv module's own
                                   131,072-character limit, so that limit never decides
max_line_chars      1,000,000      one physical line; bounds the work and memory of a line of commas
max_problems        1,000          problems listed per file; the rest are counted in one last message
min_date/max_date   1900-01-01 –   ACLED's data starts in 1997; a year such as 0001 or 9999 in a CSV is a
                    2100-12-31     placeholder or a typo, and dates far from the epoch break drawing code
min_quote_words     3              a quote of one or two words ("a", "the") stands almost anywhere and
                                   proves nothing
closest_seconds     2.0            time allowed to find the closest passage for a quote that does not match
closest_seconds_    30.0           time allowed for all such searches in one source text (refilled at a tenth
per_source                         of the time that passes), so that a dataset whose quotes are checked
                                   against the wrong file still loads in bounded time
==================  =============  ===========================================================================

`DEFAULT_LIMITS` holds the defaults. A command-line flag or a setting can derive others with
`DEFAULT_LIMITS.override("max_rows", "500000")` (text as typed, checked, ValueError with a message when wrong) or
`dataclasses.replace(DEFAULT_LIMITS, max_rows=500_000)`, and pass them to the reader (`load_acled_csv(..., limits=)`).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from dataclasses import dataclass
from datetime import date

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@dataclass(frozen=True)
class Limits:
    """What a file may hold; see the module's documentation for the reasons behind each default."""

    max_file_bytes: int = 512 * MIB
    max_rows: int = 2_000_000
    max_field_chars: int = 100_000
    max_line_chars: int = 1_000_000
    max_problems: int = 1_000
    min_date: date = date(1900, 1, 1)
    max_date: date = date(2100, 12, 31)
    min_quote_words: int = 3
    closest_seconds: float = 2.0
    closest_seconds_per_source: float = 30.0

    def override(self, name: str, value: str) -> Limits:
        """A copy with one limit set from text as a user types it ('500000', '1.5G', '2100-12-31'); ValueError
        with a message naming the limit and what it accepts when the name or value is wrong."""
        key = name.strip().replace("-", "_")
        fields = {f.name: f for f in dataclasses.fields(self)}
        if key not in fields:
            raise ValueError(f"unknown limit '{name}' (known: {', '.join(n.replace('_', '-') for n in fields)})")
        current = getattr(self, key)
        text = value.strip()
        parsed: int | float | date
        try:
            if isinstance(current, date):
                parsed = date.fromisoformat(text)
            elif isinstance(current, float):
                parsed = float(text)
                if not 0 < parsed < 1e6:
                    raise ValueError
            elif key == "max_file_bytes":
                parsed = parse_size(text)
            else:
                parsed = int(text.replace("_", "").replace(",", ""))
                if parsed < 1:
                    raise ValueError
        except ValueError:
            kind = ("a date (YYYY-MM-DD)" if isinstance(current, date) else "a size such as 200M or 1.5G"
                    if key == "max_file_bytes" else "a positive number")
            raise ValueError(f"limit '{name}': '{value}' is not {kind}") from None
        limits: Limits = dataclasses.replace(self, **{key: parsed})  # type: ignore[arg-type]
        if limits.min_date > limits.max_date:
            raise ValueError(f"limit '{name}': min-date {limits.min_date} is after max-date {limits.max_date}")
        return limits


DEFAULT_LIMITS = Limits()

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?", re.IGNORECASE | re.ASCII)


def parse_size(text: str) -> int:
    """'200M', '1.5 GiB', '65536' -> bytes; ValueError otherwise."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a size (expected e.g. 200M or 1.5G)")
    scale = {"": 1, "k": KIB, "m": MIB, "g": GIB}[match.group(2).lower()]
    size = int(float(match.group(1)) * scale)
    if size < 1:
        raise ValueError(f"'{text}' is not a size (expected e.g. 200M or 1.5G)")
    return size


def describe_size(size: int) -> str:
    """A byte count for a message: '200 MiB', '1.5 GiB', '512 bytes'."""
    for unit, scale in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= scale:
            return f"{size / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} bytes"


__all__ = ["DEFAULT_LIMITS", "GIB", "KIB", "MIB", "Limits", "describe_size", "parse_size"]


def add_limit_argument(parser: argparse.ArgumentParser) -> None:
    """`--limit NAME=VALUE`, repeatable: the command-line way to raise (or lower) one of the limits above."""
    names = ", ".join(f.name.replace("_", "-") for f in dataclasses.fields(Limits))
    parser.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE",
                        help=f"change a limit for this run, e.g. --limit max-rows=500000 --limit max-file-bytes=1G "
                             f"(limits: {names})")


def limits_from_args(parser: argparse.ArgumentParser, settings: list[str]) -> Limits:
    """The limits with each NAME=VALUE applied; a wrong one ends the command with argparse's usage error."""
    limits = DEFAULT_LIMITS
    for setting in settings:
        name, sep, value = setting.partition("=")
        if not sep:
            parser.error(f"--limit {setting}: expected NAME=VALUE, e.g. max-rows=500000")
        try:
            limits = limits.override(name, value)
        except ValueError as exc:
            parser.error(f"--limit: {exc}")
    return limits
