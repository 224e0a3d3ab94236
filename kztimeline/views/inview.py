"""Which timeline entries are in view, and how many per row, without a test of every entry per paint.

The timeline titles what it can in view and counts the rest per lane ("+N more"); at a million events a test of
every entry against the view costs more than the paint itself. Entries are kept sorted by row, then start, so per
row those starting before the view's right edge are a prefix found by binary search; those also ending before its
left edge are a prefix of the same row sorted by end (ends are never before starts). Their difference is the
row's count in view: the work per paint follows the rows, and the sort by end is made once per layout.

A search makes the index again at each keystroke; `within` makes it from the index of every entry, keeping that
index's sort keys, which hold for any part of its entries: at a million entries a few masks (some 6 ms), where
gathering starts, ends and ranks and keying them anew took 24 ms of each keystroke.
"""

from __future__ import annotations

import numpy as np


class InView:
    """Entries passing a filter (`passing`, ascending entry indices of a layout sorted by row then start), their
    row ranks (`rank`, ascending along `passing`), starts and ends; `by_end` is every entry of the layout ordered
    by row, then end, in the same row order."""

    def __init__(self, passing: np.ndarray, rank: np.ndarray, x0: np.ndarray, x_end: np.ndarray,
                 by_end: np.ndarray, keep: np.ndarray):
        self.passing = passing
        self.ends = ends = by_end[keep[by_end]]  # the passing entries, by row then end
        starts, stops = x0[passing], x_end[passing]  # gathered once (at a million entries, a few ms each)
        self.low = float(starts.min()) if passing.size else 0.0
        high = float(stops.max()) if passing.size else 0.0
        self.stride = (high - self.low) + 1.0
        self.longest = float((stops - starts).max()) if passing.size else 0.0
        self.start_key = rank[passing] * self.stride + (starts - self.low)
        self.end_key = rank[ends] * self.stride + (x_end[ends] - self.low)
        self.x0, self.x_end = x0, x_end

    def within(self, keep: np.ndarray) -> InView:
        """The index of the entries where `keep` (one flag per entry of the layout) is True, all among this
        index's own: its keys, cut down. Its origin, stride and longest entry stay this index's, which bound the
        fewer entries as well (the longest only widens what `entries` looks at before testing each end)."""
        index = object.__new__(InView)
        # positions, then `take`: NumPy's boolean indexing of a mask as mixed as a search's is 3-4 times slower
        inner = keep if len(self.passing) == len(keep) else keep[self.passing]  # every entry: passing is 0, 1, ...
        starting, ending = np.flatnonzero(inner), np.flatnonzero(keep[self.ends])
        index.passing, index.start_key = self.passing.take(starting), self.start_key.take(starting)
        index.ends, index.end_key = self.ends.take(ending), self.end_key.take(ending)
        index.low, index.stride, index.longest = self.low, self.stride, self.longest
        index.x0, index.x_end = self.x0, self.x_end
        return index

    def _at(self, key: np.ndarray, rows: np.ndarray, x: float, side: str) -> np.ndarray:
        offset = min(max(x - self.low, 0.0), self.stride - 0.5)
        if x < self.low:  # before every start: nothing of the row is at or before it
            side = "left"
        return np.searchsorted(key, rows * self.stride + offset, side=side)  # type: ignore[call-overload]

    def counts(self, rows: np.ndarray, x_min: float, x_max: float) -> np.ndarray:
        """Per row rank in `rows`, how many passing entries reach into [x_min, x_max]."""
        starting = self._at(self.start_key, rows, x_max, "right")  # start <= x_max (and all rows before)
        ended = self._at(self.end_key, rows, x_min, "left")  # end < x_min (and all rows before)
        return np.asarray(starting - ended, dtype=np.int64)

    def entries(self, rows: np.ndarray, x_min: float, x_max: float) -> np.ndarray:
        """The passing entries in those rows reaching into [x_min, x_max], sorted (row by row, by start)."""
        lo = self._at(self.start_key, rows, x_min - self.longest, "left")
        hi = self._at(self.start_key, rows, x_max, "right")
        counts = np.maximum(hi - lo, 0)
        total = int(counts.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        index = self.passing[np.arange(total, dtype=np.int64) + np.repeat(lo - starts, counts)]
        return index[self.x_end[index] >= x_min]


__all__ = ["InView"]
