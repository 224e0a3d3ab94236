"""The search box over a million events: which events' search texts hold the typed text, per keystroke.

A search remembers, per event, where the text it looked for first stands. Typing on ("pro" after "pr") can then
only find the longer text where the shorter one stands, and mostly at its first place: that is checked for every
event at once, a few array comparisons over one ASCII copy of all the texts, and only events where the first place
does not continue so are searched again, from there on. Anything else (a first search, a deletion, a pasted text,
texts with non-ASCII letters) tests each event's text in C (`map`), which holds 1,000,000 events to some 50 ms.
"""

from __future__ import annotations

import operator
from itertools import repeat

import numpy as np


class TextSearch:
    """Searches over fixed texts (casefolded by the caller), one per event."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self._blob: np.ndarray | None = None  # every text, ASCII bytes, each followed by a newline
        self._starts: np.ndarray | None = None  # where each text starts in the blob
        self._ascii: bool | None = None
        self._last: tuple[str, np.ndarray, np.ndarray | None] | None = None  # text, mask, first place or -1

    def find(self, needle: str) -> np.ndarray:
        """Per text, whether it holds `needle`."""
        last = self._last
        if last is not None and last[0] == needle:
            return last[1]
        if last is not None and last[0] and last[2] is not None and needle.startswith(last[0]) and self._fast():
            first = self._extend(last[0], last[2], needle)
            mask = first >= 0
        elif needle.isascii() and self._fast():
            first = np.fromiter(map(str.find, self.texts, repeat(needle)), np.int64, len(self.texts))
            mask = first >= 0
        else:
            first = None
            mask = np.fromiter(map(operator.contains, self.texts, repeat(needle)), bool, len(self.texts))
        self._last = (needle, mask, first)
        return mask

    def _fast(self) -> bool:
        """Whether the texts are all ASCII (so that a character's place is its byte's), making their blob."""
        if self._ascii is None:
            joined = "\n".join(self.texts)
            self._ascii = joined.isascii()
            if self._ascii:
                self._blob = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
                starts = np.zeros(len(self.texts) + 1, dtype=np.int64)
                np.cumsum(np.fromiter(map(len, self.texts), np.int64, len(self.texts)) + 1, out=starts[1:])
                self._starts = starts
        return self._ascii

    def _extend(self, shorter: str, first: np.ndarray, needle: str) -> np.ndarray:
        """First places of `needle`, which starts with `shorter`, whose first places are `first`."""
        blob, starts = self._blob, self._starts
        assert blob is not None and starts is not None
        held = np.flatnonzero(first >= 0)
        at = starts[held] + first[held]  # where `shorter` first stands, in the blob
        ok = at + len(needle) <= starts[held + 1] - 1  # room for the rest before the text ends
        for offset in range(len(shorter), len(needle)):
            ok &= blob[np.minimum(at + offset, len(blob) - 1)] == ord(needle[offset])
        out = np.full(len(first), -1, dtype=np.int64)
        out[held[ok]] = first[held[ok]]
        again = held[~ok]  # the longer text may still stand further on
        if again.size:
            texts = self.texts
            out[again] = np.fromiter(map(str.find, map(texts.__getitem__, again.tolist()), repeat(needle),
                                         (first[again] + 1).tolist()), np.int64, len(again))
        return out


__all__ = ["TextSearch"]
