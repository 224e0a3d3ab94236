"""The search box over a million events: which events' search texts hold the typed text, per keystroke.

A search remembers, per event, where the text it looked for first stands. Typing on ("pro" after "pr") can then
only find the longer text where the shorter one stands, and mostly at its first place: that is checked for every
event at once, a few array comparisons over one ASCII copy of all the texts, and only events where the first place
does not continue so are searched again, from there on. Anything else (a first search, a deletion, a pasted text,
texts with non-ASCII letters) tests each event's text in C (`map`), which holds 1,000,000 events to some 50 ms.

A text of two letters or more is looked for in the ASCII copy itself: every place where its first two letters stand
(two comparisons of the copy read as 16-bit numbers), narrowed letter by letter, and typing on narrows the places
kept, a few array operations over far fewer places than texts. Only when a pair is too common (more than
PLACES_MAX places per text) does it fall back on first places.

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
PLACES_MAX = 4  # places kept per text, on average, at most (else first places only)
CHUNK = 1 << 20  # bytes of the blob compared at a time when looking for a pair of letters
Places = tuple[np.ndarray, np.ndarray]  # where a text stands in the blob, and in which text, per place


class TextSearch:
    """Searches over fixed texts (casefolded by the caller), one per event."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self._blob: np.ndarray | None = None  # every text, ASCII bytes, each followed by a newline
        self._starts: np.ndarray | None = None  # where each text starts in the blob
        self._ascii: bool | None = None
        # the last few searches, newest last: text -> (mask, first place per text or -1, or None if not known;
        # or where the text stands in the blob, every place, and the text of each)
        self._kept: OrderedDict[str, tuple[np.ndarray, np.ndarray | None, Places | None]] = OrderedDict()

    def prepare(self) -> None:
        """Make the ASCII copy of the texts that typing on reads (else the first search makes it)."""
        self._fast()

    def find(self, needle: str) -> np.ndarray:
        """Per text, whether it holds `needle`."""
        kept = self._kept.get(needle)
        if kept is not None:
            self._kept.move_to_end(needle)
            return kept[0]
        first: np.ndarray | None = None
        places: Places | None = None
        if not needle:
            first = np.zeros(len(self.texts), dtype=np.int64)  # every text holds the empty text
            mask = np.ones(len(self.texts), dtype=bool)
        elif needle.isascii() and "\n" not in needle and self._fast():
            # typing on from a text whose every place is known, or from its first two letters' places, or the
            # first places of a shorter text; a single letter: every text searched in C
            known = self._longest_kept(needle, with_places=True)
            if known is not None:
                places = self._narrow(self._kept[known][2], len(known), needle)
            elif len(needle) >= 2:
                places = self._narrow(self._pairs(needle), 2, needle)
            if places is not None:
                mask = np.zeros(len(self.texts), dtype=bool)
                mask[places[1]] = True
            else:
                shorter = self._longest_kept(needle, with_places=False)
                if shorter is not None:
                    known_first = self._kept[shorter][1]
                    assert known_first is not None
                    first = self._extend(shorter, known_first, needle)
                else:
                    first = np.fromiter(map(str.find, self.texts, repeat(needle)), np.int64, len(self.texts))
                mask = first >= 0
        else:
            mask = np.fromiter(map(operator.contains, self.texts, repeat(needle)), bool, len(self.texts))
        self._kept[needle] = (mask, first, places)
        if len(self._kept) > KEPT:
            self._kept.popitem(last=False)
        return mask

    def _longest_kept(self, needle: str, with_places: bool) -> str | None:
        """The longest kept text that `needle` starts with and whose places (or first places) are known."""
        return max((text for text, (_, first, places) in self._kept.items()
                    if text and needle.startswith(text) and (places if with_places else first) is not None),
                   key=len, default=None)

    def _pairs(self, needle: str) -> Places | None:
        """Every place where the first two letters of `needle` stand, and its text; None when there are more
        than PLACES_MAX per text (a common pair: their arrays would cost more than searching the texts).

        The blob read as 16-bit numbers from an even and from an odd start: two comparisons of half its length
        each, instead of a search of every text in Python's C loop, which is several times slower for two or
        more letters than for one. A CHUNK of the blob at a time: the comparisons' flags and the places found
        stay in the processor's cache, which at a million events (130 MB of texts) takes 69 ms for "pr" against
        105-130 ms, and a common pair is given up as soon as it is known to be one. (Sorting the places would
        cost more than it saves in `searchsorted`.)"""
        blob, starts = self._blob, self._starts
        assert blob is not None and starts is not None
        pair = ord(needle[0]) | (ord(needle[1]) << 8)
        most = PLACES_MAX * len(self.texts)
        found: list[np.ndarray] = []
        count = 0
        for low in range(0, len(blob) - 1, CHUNK):
            part = blob[low:low + CHUNK + 1]  # pairs starting in [low, low + CHUNK), the last one's second byte too
            even = part[: len(part) // 2 * 2].view("<u2")
            odd = part[1: 1 + (len(part) - 1) // 2 * 2].view("<u2")
            at = np.concatenate((np.flatnonzero(even == pair) * 2, np.flatnonzero(odd == pair) * 2 + 1))
            count += len(at)
            if count > most:
                return None
            if len(at):
                at += low
                found.append(at)
        at = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        return at, np.searchsorted(starts, at, side="right") - 1

    def _narrow(self, places: Places | None, done: int, needle: str) -> Places | None:
        """Of the places where needle[:done] stands, those where all of `needle` does (a text ends in a newline,
        which no needle holds, so a match never runs into the next text)."""
        if places is None:
            return None
        blob = self._blob
        assert blob is not None
        at, text = places
        for offset in range(done, len(needle)):
            # the blob ends in a newline, so a place of needle[:offset] is followed by a byte of the blob; and
            # positions, then `take`: NumPy's boolean indexing is 3-4 times slower at masks as mixed as these
            kept = np.flatnonzero(blob.take(at + offset) == ord(needle[offset]))
            at, text = at.take(kept), text.take(kept)
        return at, text

    def _fast(self) -> bool:
        """Whether the texts are all ASCII (so that a character's place is its byte's), making their blob."""
        if self._ascii is None:
            joined = "\n".join([*self.texts, ""])  # the last text ends in a newline too
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
