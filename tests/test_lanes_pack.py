"""Packing a lane's windows into rows: the quick path for crowds gives the rows the plain greedy rule gives."""

from __future__ import annotations

import numpy as np

from kztimeline.views.distinct import distinct
from kztimeline.views.lanes import MAX_ROWS, _pack


def greedy(starts: np.ndarray, ends: np.ndarray) -> list[int]:
    """The rule, plainly: the first row free at the start, else the row that frees first (the lowest such)."""
    row_end: list[float] = []
    out = []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        free = [i for i, busy in enumerate(row_end) if busy <= start]
        if free:
            row = free[0]
        elif len(row_end) < MAX_ROWS:
            row = len(row_end)
            row_end.append(end)
        else:
            row = min(range(MAX_ROWS), key=row_end.__getitem__)
        row_end[row] = end
        out.append(row)
    return out


def test_rows_follow_the_greedy_rule_in_crowds_and_ties():
    rng = np.random.default_rng(3)
    for n in (0, 1, 5, 50, 500, 3000):
        for trial in range(12):
            starts = np.sort(rng.uniform(0, 1000, n))
            ends = starts + rng.exponential(30 if trial % 2 else 300, n)
            if trial % 4 == 3:  # ties
                starts, ends = np.round(starts / 50) * 50, np.round(ends / 50) * 50
            assert _pack(starts, ends).tolist() == greedy(starts, ends)


def test_distinct_is_numpy_unique():
    rng = np.random.default_rng(5)
    for values in (np.empty(0), np.array([3.0]), rng.integers(0, 9, 200), rng.normal(size=50).round(1),
                   np.array([2, 2, 2], dtype=np.int16)):
        got, expected = distinct(values), np.unique(values)
        assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
