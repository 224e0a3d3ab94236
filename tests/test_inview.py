"""`views/inview.InView` counts and lists the entries in view as a test of every entry would (synthetic data)."""

from __future__ import annotations

import numpy as np
import pytest

from kztimeline.views.inview import InView


def _layout(seed: int, n: int = 3000, rows: int = 40) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, rows, n).astype(float)
    x0 = rng.uniform(0, 1e6, n)
    x_end = x0 + np.where(rng.random(n) < 0.3, 0.0, rng.exponential(5e3, n))  # some dots: end at start
    order = np.lexsort((x0, y))
    return y[order], x0[order], x_end[order]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_and_entries_equal_a_test_of_every_entry(seed: int) -> None:
    y, x0, x_end = _layout(seed)
    rng = np.random.default_rng(seed + 10)
    mask = rng.random(len(y)) < 0.6
    rows = np.unique(y)
    rank = np.searchsorted(rows, y)
    index = InView(np.flatnonzero(mask), rank, x0, x_end, np.lexsort((x_end, y)), mask)
    for x_min, x_max in [(-1e9, 1e9), (2e5, 2.5e5), (5e5, 5e5 + 10), (9.99e5, 2e6), (-5, 0.0)]:
        for chosen in (np.arange(len(rows)), np.arange(5, 17)):
            shown = mask & (x_end >= x_min) & (x0 <= x_max) & np.isin(rank, chosen)
            expected = np.bincount(rank[shown], minlength=len(rows))[chosen]
            assert index.counts(chosen, x_min, x_max).tolist() == expected.tolist()
            assert index.entries(chosen, x_min, x_max).tolist() == np.flatnonzero(shown).tolist()


def test_nothing_passing() -> None:
    y, x0, x_end = _layout(4, n=50)
    mask = np.zeros(len(y), dtype=bool)
    rank = np.searchsorted(np.unique(y), y)
    index = InView(np.flatnonzero(mask), rank, x0, x_end, np.lexsort((x_end, y)), mask)
    assert index.counts(np.arange(3), 0.0, 1e6).tolist() == [0, 0, 0]
    assert index.entries(np.arange(3), 0.0, 1e6).size == 0


@pytest.mark.parametrize("seed", [5, 6])
def test_an_index_cut_down_to_a_search_counts_as_one_made_for_it(seed: int) -> None:
    y, x0, x_end = _layout(seed)
    rng = np.random.default_rng(seed + 20)
    rows = np.unique(y)
    rank, by_end = np.searchsorted(rows, y), np.lexsort((x_end, y))
    everything = np.ones(len(y), dtype=bool)
    whole = InView(np.arange(len(y)), rank, x0, x_end, by_end, everything)
    for share in (0.0, 0.02, 0.5, 1.0):
        mask = rng.random(len(y)) < share
        made, cut = InView(np.flatnonzero(mask), rank, x0, x_end, by_end, mask), whole.within(mask)
        for x_min, x_max in [(-1e9, 1e9), (2e5, 2.5e5), (5e5, 5e5 + 10), (-5, 0.0)]:
            for chosen in (np.arange(len(rows)), np.arange(3, 11)):
                assert cut.counts(chosen, x_min, x_max).tolist() == made.counts(chosen, x_min, x_max).tolist()
                assert cut.entries(chosen, x_min, x_max).tolist() == made.entries(chosen, x_min, x_max).tolist()
        assert cut.passing.tolist() == np.flatnonzero(mask).tolist()
        fewer = mask & (rng.random(len(y)) < 0.5)  # cut down again, from an index of some of the entries
        made, cut = InView(np.flatnonzero(fewer), rank, x0, x_end, by_end, fewer), cut.within(fewer)
        for x_min, x_max in [(-1e9, 1e9), (2e5, 2.5e5), (-5, 0.0)]:
            chosen = np.arange(len(rows))
            assert cut.counts(chosen, x_min, x_max).tolist() == made.counts(chosen, x_min, x_max).tolist()
            assert cut.entries(chosen, x_min, x_max).tolist() == made.entries(chosen, x_min, x_max).tolist()
