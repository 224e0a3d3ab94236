"""A bar layer finds the bars in view by binary search per row: the same bars a test of every bar finds."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QBrush

from kztimeline.views.bars import BarLayer


def test_bars_in_range_are_those_a_test_of_every_bar_finds(qapp):
    rng = np.random.default_rng(1)
    for _ in range(300):
        n = int(rng.integers(1, 300))
        x0 = rng.uniform(0, 1000, n)
        x1 = x0 + rng.exponential(20, n) * (rng.random(n) < 0.8)  # some instants
        layer = BarLayer(x0, x1, rng.integers(0, 7, n) + 0.5, QBrush())
        layer.row = np.searchsorted(np.unique(layer.y), layer.y).astype(np.int64)
        a, b = sorted(rng.uniform(-100, 1100, 2))
        expected = np.flatnonzero((layer.x1 >= a) & (layer.x0 <= b))
        found = layer.in_range(a, b)
        assert np.array_equal(np.arange(n) if found is None else np.sort(found), expected)
