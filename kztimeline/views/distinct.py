"""`distinct(values)`: the sorted distinct values of an array, as `np.unique(values)` gives them.

Why not np.unique: its fast path asks `np.ma.is_masked`, and the first call imports numpy.ma (some 5 ms, most of
it before the window's first paint, where the timeline and its bars want distinct rows, lanes and categories).
Nothing here is masked; a sort and a comparison of neighbours is all np.unique does for these."""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of a 1-D array, sorted (NaNs, which the views never hold, are each kept)."""
    ordered = np.sort(np.asarray(values).ravel())
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
