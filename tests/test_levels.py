"""Coarse levels of the timeline's marks (views/bars.py, views/dots.py): a zoomed-out paint starts from runs merged
beforehand, and must show what merging every bar would show, every lane's events included."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QImage

from kztimeline.model import load_dataset
from kztimeline.model.selection import Selection
from kztimeline.views import bars, dots
from kztimeline.views.bars import BarLayer
from kztimeline.views.timeline import TimelineWidget


@pytest.mark.parametrize("seed", [1, 2])
def test_runs_from_a_coarser_level_equal_those_merged_from_every_bar(qapp, monkeypatch, seed):
    rng = np.random.default_rng(seed)
    n = 20000
    y = rng.integers(0, 50, n).astype(float)
    x0 = rng.uniform(0, 3e6, n)
    x1 = x0 + rng.exponential(3000, n) * (rng.random(n) < 0.9)  # some instants
    order = np.lexsort((x0, y))
    x0, x1, y = x0[order], x1[order], y[order]

    def layer() -> BarLayer:
        return BarLayer(x0, x1, y, QBrush(), presorted=True, rank=y.astype(np.int64))

    coarse, exact = layer(), layer()
    for px in (0.5, 40.0, 700.0, 5000.0, 90000.0, 40.0):  # zooming out, then in again
        monkeypatch.setattr(bars, "LEVEL_MIN", 10**12)
        expected = exact.merged(-1.0, 4e6, px)
        monkeypatch.setattr(bars, "LEVEL_MIN", 100)
        found = coarse.merged(-1.0, 4e6, px)
        assert all(np.array_equal(a, b) for a, b in zip(found, expected)), px
    assert any(len(level.x0) < n // 4 for level in coarse.levels.values())  # coarse levels were made and used


def _picture(qtbot, dataset, level_min: int, monkeypatch) -> tuple[np.ndarray, TimelineWidget]:
    monkeypatch.setattr(bars, "LEVEL_MIN", level_min)
    monkeypatch.setattr(dots, "LEVEL_MIN", level_min)
    widget = TimelineWidget(Selection(dataset))
    widget.resize(900, 500)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.fit_period()  # zoomed right out: many events per pixel
    return _pixels(widget), widget


def _pixels(widget: TimelineWidget) -> np.ndarray:
    image = widget.graphics.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), image.bytesPerLine() // 4)
    return rows[:, :image.width()].copy()


def test_zoomed_out_timeline_from_coarse_levels_shows_every_lanes_events(qtbot, tmp_path, monkeypatch):
    from kztimeline.model.synth import write_synth

    dataset = load_dataset(write_synth(3000, tmp_path / "crowd.yaml", places=3)).dataset
    exact, _ = _picture(qtbot, dataset, 10**12, monkeypatch)
    coarse, widget = _picture(qtbot, dataset, 50, monkeypatch)  # every layer and the dots read coarser levels
    assert exact.shape == coarse.shape
    background = np.bincount(np.unique(exact, return_inverse=True)[1].ravel()).argmax()
    assert (exact != np.unique(exact)[background]).sum() > 1000  # there is a picture to compare
    # bars are exact; only which of the dots sharing a pixel is stamped on top may differ
    assert (exact != coarse).mean() < 0.01
    # and every lane shows events: a line of pixels through the middle of its rows is coloured for a stretch
    empty = np.unique(exact)[background]
    view = widget.plot.getViewBox()
    (x_min, x_max), _ = view.viewRange()
    lay = widget.layout_
    assert lay is not None and len(lay.lanes) >= 3
    for index, lane in enumerate(lay.lanes):
        if widget.lane_scroll.isVisible():  # lanes scroll: bring this one to the top
            widget.lane_scroll.setValue(round(lane.top * 10))
            coarse = _pixels(widget)
        y_min, y_max = widget.y_range()
        rows = [row for row in np.unique(lay.y[lay.lane == index]).tolist() if y_min + 0.5 <= row <= y_max - 0.5]
        assert rows, lane.name
        for row in rows:
            at = widget.graphics.mapFromScene(view.mapViewToScene(QPointF((x_min + x_max) / 2, row)))
            assert (coarse[at.y()] != empty).sum() > 20, (lane.name, row)
