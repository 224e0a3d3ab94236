"""views/distinct.py gives what np.unique gives (without importing numpy.ma)."""

from __future__ import annotations

import numpy as np
import pytest

from kztimeline.views.distinct import distinct


@pytest.mark.parametrize("seed", range(20))
def test_distinct_is_np_unique(seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 60))
    for values in (rng.integers(-5, 5, size), rng.integers(0, 3, size).astype(np.int8),
                   rng.choice([0.5, -1.0, 2.25, 1e9], size), rng.integers(0, 4, (size // 4, 4))):
        got, expected = distinct(values), np.unique(values)
        assert got.dtype == expected.dtype and got.tolist() == expected.tolist()


def test_distinct_of_nothing_and_of_one():
    assert distinct(np.empty(0)).tolist() == [] and distinct(np.array([7])).tolist() == [7]
