"""`views/eventparts`: cutting the parts of every entry down to a filter gives what grouping it anew does."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from kztimeline.views.eventparts import EXACT, group, within


def _layout(seed: int, n: int = 4000, categories: int = 5) -> SimpleNamespace:
    rng = np.random.default_rng(seed)
    y = np.sort(rng.integers(0, 30, n)).astype(float)  # sorted by row (then start, as a layout is)
    x0 = rng.uniform(0, 1e6, n)
    order = np.lexsort((x0, y))
    exact = rng.random(n) < 0.3
    return SimpleNamespace(x0=x0[order], x1=x0[order] + rng.exponential(5e3, n) * ~exact, y=y[order],
                           exact=exact, span=rng.random(n) < 0.5, category=rng.integers(0, categories, n))


def _plain(parts) -> list[tuple]:
    return [(p.layer, p.entries.tolist(), p.x0.tolist(), p.x1.tolist(), p.y.tolist(), p.rank.tolist(),
             None if p.category is None else p.category.tolist()) for p in parts]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_parts_cut_down_to_a_filter_equal_parts_grouped_for_it(seed: int) -> None:
    lay = _layout(seed)
    rank = np.searchsorted(np.unique(lay.y), lay.y)
    every = group(lay, np.ones(len(lay.x0), dtype=bool), rank, 5)
    rng = np.random.default_rng(seed + 10)
    for share in (0.0, 0.001, 0.3, 0.9, 1.0):
        mask = rng.random(len(lay.x0)) < share
        assert _plain(within(every, mask)) == _plain(group(lay, mask, rank, 5))


def test_parts_hold_each_passing_entry_once_in_its_layer_in_the_layouts_order() -> None:
    lay = _layout(4)
    rank = np.searchsorted(np.unique(lay.y), lay.y)
    mask = np.random.default_rng(5).random(len(lay.x0)) < 0.5
    parts = group(lay, mask, rank, 5)
    held = np.concatenate([p.entries for p in parts])
    assert sorted(held.tolist()) == np.flatnonzero(mask).tolist()
    for part in parts:
        assert (np.diff(part.entries) > 0).all()
        if part.layer == EXACT:
            assert lay.exact[part.entries].all() and part.category.tolist() == lay.category[part.entries].tolist()
        else:
            assert not lay.exact[part.entries].any()
            assert (lay.category[part.entries] * 2 + lay.span[part.entries] == part.layer).all()
    assert [p.layer for p in parts] == [*sorted(p.layer for p in parts if p.layer != EXACT), EXACT]
