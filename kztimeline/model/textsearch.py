"""The search box over a million events: which events' search texts hold the typed text, per keystroke.

A search remembers, per event, where the text it looked for first stands. Typing on ("pro" after "pr") can then
only find the longer text where the shorter one stands, and mostly at its first place: that is checked for every
event at once, a few array comparisons over one ASCII copy of all the texts, and only events where the first place
does not continue so are searched again, from there on. Anything else (a first search, a deletion, a pasted text,
texts with non-ASCII letters) tests each event's text in C (`map`), which holds 1,000,000 events to some 50 ms.

The last few answers are kept: deleting back to a text searched a moment ago, or clearing the box, costs nothing,
and the longest kept text the new one starts with is the one typing on continues from. The ASCII copy is made by
`prepare`, which the window calls while idle, not at the first keystroke.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from itertools import repeat

import numpy as np


KEPT = 4  # searches remembered (at a million events each holds some 9 MB)


class TextSearch:
    """Searches over fixed texts (casefolded by the caller), one per event."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self._blob: np.ndarray | None = None  # every text, ASCII bytes, each followed by a newline
        self._starts: np.ndarray | None = None  # where each text starts in the blob
        self._ascii: bool | None = None
        # the last few searches, newest last: text -> (mask, first place of the text or -1, None if not known)
        self._kept: OrderedDict[str, tuple[np.ndarray, np.ndarray | None]] = OrderedDict()

    def prepare(self) -> None:
        """Make the ASCII copy of the texts that typing on reads (else the first search makes it)."""
        self._fast()

    def find(self, needle: str) -> np.ndarray:
        """Per text, whether it holds `needle`."""
        kept = self._kept.get(needle)
        if kept is not None:
            self._kept.move_to_end(needle)
            return kept[0]
        shorter = max((text for text, (_, first) in self._kept.items()
                       if text and first is not None and needle.startswith(text)), key=len, default=None)
        if not needle:
            first = np.zeros(len(self.texts), dtype=np.int64)  # every text holds the empty text
            mask = np.ones(len(self.texts), dtype=bool)
        elif shorter is not None and self._fast():
            known = self._kept[shorter][1]
            assert known is not None
            first = self._extend(shorter, known, needle)
            mask = first >= 0
        elif needle.isascii() and self._fast():
            first = np.fromiter(map(str.find, self.texts, repeat(needle)), np.int64, len(self.texts))
            mask = first >= 0
        else:
            first = None
            mask = np.fromiter(map(operator.contains, self.texts, repeat(needle)), bool, len(self.texts))
        self._kept[needle] = (mask, first)
        if len(self._kept) > KEPT:
            self._kept.popitem(last=False)
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
        if again.size > len(first) // 2:  # most of them: one search of every text costs less than picking them
            return np.fromiter(map(str.find, self.texts, repeat(needle)), np.int64, len(self.texts))
        if again.size:
            texts = self.texts
            out[again] = np.fromiter(map(str.find, map(texts.__getitem__, again.tolist()), repeat(needle),
                                         (first[again] + 1).tolist()), np.int64, len(again))
        return out


__all__ = ["TextSearch"]
