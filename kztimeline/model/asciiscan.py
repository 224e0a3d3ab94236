"""Scans of an ASCII text's raw characters as an array of byte codes, for `fastyaml`'s checks of a file.

A pattern that looks at every colon or every line start of a 24 MB file takes 60 ms a pass in `re`, holding the
interpreter all that time, while yaml-rs's threads read the same file and wait for it whenever they build
objects. Over the codes, numpy compares all positions at once (and lets go of the interpreter while it does), and
only the few places the pattern would look into further are left to Python. Each scan answers as the pattern it
stands for (a test holds them together); a text that is not ASCII is left to the patterns, whose offsets count
characters, not bytes.
"""

from __future__ import annotations

import numpy as np

_NEWLINE, _SPACE, _COLON, _HASH = ord("\n"), ord(" "), ord(":"), ord("#")


def ascii_codes(text: str) -> np.ndarray | None:
    """The text's characters as bytes (one per character), or None if it is not ASCII."""
    if not text.isascii():
        return None
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8)


def _table(characters: str) -> np.ndarray:
    """A look-up table: byte code -> whether it is one of `characters`."""
    table = np.zeros(256, dtype=bool)
    table[[ord(char) for char in characters]] = True
    return table


#: A colon that may start a value (as `fastyaml._COLON_VALUE` finds it): after a flow indicator, a line break or a
#: space, or before a flow indicator.
_BEFORE_COLON = _table("[{,\n ")
_AFTER_COLON = _table(",[]{}")


def colon_places(codes: np.ndarray) -> list[int]:
    """Where `fastyaml._COLON_VALUE` matches, in order."""
    at = np.flatnonzero(codes == _COLON)
    if not at.size:
        return []
    n = len(codes)
    before = (at > 0) & _BEFORE_COLON[codes[np.maximum(at - 1, 0)]]
    after = (at + 1 < n) & _AFTER_COLON[codes[np.minimum(at + 1, n - 1)]]
    places: list[int] = at[before | after].tolist()
    return places


def entry_lines(codes: np.ndarray, start: int, dash: str) -> tuple[list[int], list[int]] | None:
    """What `fastyaml._event_lines` gives (the line and place of each entry, `dash` being a line break, the
    entries' indent and '-'), or None where it gives None: an entry with its value below it (the dash followed by
    nothing but spaces on its line, or by spaces and a comment), or no entry at all."""
    n = len(codes)
    breaks = np.flatnonzero(codes == _NEWLINE)  # the line breaks: the i-th ends line i + 1
    numbers = np.arange(len(breaks))
    keep = breaks >= start
    for offset, char in enumerate(dash[1:], start=1):
        keep &= (breaks + offset < n) & (codes[np.minimum(breaks + offset, n - 1)] == ord(char))
    breaks, numbers = breaks[keep], numbers[keep]
    after = breaks + len(dash)  # the character after each dash, and then past the spaces that follow it
    spaced = np.zeros(len(after), dtype=bool)
    moving = np.flatnonzero(after < n)
    moving = moving[codes[after[moving]] == _SPACE]
    while moving.size:
        spaced[moving] = True
        after[moving] += 1
        moving = moving[(after[moving] < n)]
        moving = moving[codes[after[moving]] == _SPACE]
    ends = after >= n
    follows = codes[np.minimum(after, n - 1)]
    if (ends | (follows == _NEWLINE) | (spaced & ~ends & (follows == _HASH))).any():
        return None
    if not spaced.any():  # a dash and then another character ('-x', '--') is no entry
        return None
    lines: list[int] = (numbers[spaced] + 2).tolist()
    places: list[int] = (breaks[spaced] + 1).tolist()
    return lines, places


__all__ = ["ascii_codes", "colon_places", "entry_lines"]
