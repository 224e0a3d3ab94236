"""Fixed UTC offsets, as places kept them in January 2022 and as files write them ('+06:00')."""

from __future__ import annotations

import re
from datetime import timedelta, timezone


def parse_offset(text: str) -> timezone:
    """'+06:00' / 'UTC+6' / '+0530' -> a fixed-offset timezone; ValueError otherwise."""
    match = re.fullmatch(r"(?:UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a UTC offset (expected e.g. +06:00)")
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        raise ValueError(f"'{text}' is not a UTC offset (expected e.g. +06:00)")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign == "-" else delta)


def format_offset(tz: timezone) -> str:
    """A fixed offset as '+06:00'."""
    total = int(tz.utcoffset(None).total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
