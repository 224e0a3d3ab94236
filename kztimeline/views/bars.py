"""A vectorised bar item that stays fast at 100k bars: it draws only what is in view and merges bars that touch
on screen into one rectangle per run, so the cost of a paint follows the pixels, not the events.

Bars are pre-sorted by row and start once; each paint is a handful of numpy operations and one `drawRects` call.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen


OUTLINE_MAX = 1500


class MergedBars(pg.GraphicsObject):
    def __init__(self, x0: np.ndarray, x1: np.ndarray, y: np.ndarray, half: float, brush: QBrush, pen: QPen):
        super().__init__()
        order = np.lexsort((x0, y))
        self.x0, self.x1, self.y = x0[order].astype(float), x1[order].astype(float), y[order].astype(float)
        self.half, self.brush, self.pen = half, brush, pen
        self.pen.setCosmetic(True)
        rows, self.row_rank = np.unique(self.y, return_inverse=True)
        self._rects = pg.Qt.internals.PrimitiveArray(QRectF, 4)  # float64 memory
        self._bounds = QRectF(float(self.x0.min()), float(self.y.min() - half), float(self.x1.max() - self.x0.min()),
                              float(self.y.max() - self.y.min() + 2 * half)) if len(self.x0) else QRectF()
        self.drawn = 0  # rectangles drawn by the last paint (for tests and benchmarks)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self._bounds

    def merged(self, x_min: float, x_max: float, px: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(starts, ends, rows) of the runs visible in [x_min, x_max] at `px` data units per pixel."""
        keep = (self.x1 >= x_min) & (self.x0 <= x_max)
        x0, x1, y, rank = self.x0[keep], self.x1[keep], self.y[keep], self.row_rank[keep]
        if not x0.size:
            return x0, x1, y
        x1 = np.maximum(x1, x0 + px)  # never thinner than a pixel
        offset = rank * ((x_max - x_min) * 4 + (self.x1.max() - self.x0.min()) + 1)  # rows never merge
        starts, ends = x0 + offset, x1 + offset
        running = np.maximum.accumulate(ends)
        new_run = np.empty(len(starts), dtype=bool)
        new_run[0] = True
        new_run[1:] = starts[1:] > running[:-1] + px
        first = np.flatnonzero(new_run)
        last = np.append(first[1:] - 1, len(starts) - 1)
        return x0[first], running[last] - offset[first], y[first]

    def paint(self, painter: QPainter, *args) -> None:
        view = self.getViewBox()
        if view is None or not len(self.x0):
            return
        (x_min, x_max), _ = view.viewRange()
        px = max(view.viewPixelSize()[0], 1e-9)
        starts, ends, rows = self.merged(x_min, x_max, px)
        self.drawn = len(starts)
        if not self.drawn:
            return
        # whole device pixels with no transform: the raster engine's fast path for solid rectangles
        t = painter.transform()
        left = np.floor(starts * t.m11() + t.dx())
        right = np.maximum(np.ceil(ends * t.m11() + t.dx()), left + 1)
        top_edge, bottom_edge = (rows - self.half) * t.m22() + t.dy(), (rows + self.half) * t.m22() + t.dy()
        top = np.round(np.minimum(top_edge, bottom_edge))
        bottom = np.maximum(np.round(np.maximum(top_edge, bottom_edge)), top + 1)
        self._rects.resize(self.drawn)
        memory = self._rects.ndarray()
        memory[:, 0] = left
        memory[:, 1] = top
        memory[:, 2] = right - left
        memory[:, 3] = bottom - top
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # outlines only where bars are few enough to tell apart; a crowd is drawn as fills (twice as fast)
        painter.setPen(self.pen if self.drawn <= OUTLINE_MAX else QPen(Qt.PenStyle.NoPen))
        painter.setBrush(self.brush)
        painter.drawRects(*self._rects.drawargs())
        painter.restore()
