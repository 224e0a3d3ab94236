"""Exact-time dots at 100k events: fixed-size circles stamped from a pre-drawn atlas, one per pixel.

A zoomed-out timeline stacks tens of thousands of dots on a few hundred rows; most land on a pixel another dot of
the same row also lands on, and only the last one drawn there can be seen. Each paint keeps just that one, so the
picture is what drawing them all would give (but for the soft antialiased rim of such a stack, which stays soft
instead of darkening with every dot), at a third of the cost. pyqtgraph's ScatterPlotItem cannot do this,
and its per-paint transform of every point, in view or not, is most of its cost here.

At a million events even finding the dots in view is too much per paint. Zoomed out, a paint reads a coarser level
(made once, from the next finer one): per row and stretch of 2**e data units, a quarter to half a pixel, the last
dot, which is the one a paint would keep there but for a stretch cut by a pixel's edge (the dot then lands a pixel
on, under a stamp several pixels wide). Zoomed in, the dots in view are found by binary search on their times.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget


MIN_SIZE = 4.0  # pixels: the smallest dot drawn when rows are thin
MIN_OUTLINED = 7.0  # pixels: smaller dots are drawn without their outline, which would hide their colour
LEVEL_MIN = 2000  # with fewer dots than this, a paint looks at them all
LEVEL_SHARE = 0.5  # a coarser level is kept only when it holds at most this share of the dots it is made from


class Dots(pg.GraphicsObject):
    """Circles at (x, y) in data units, dot i filled with `colours[colour[i]]`; drawn row by row, left to right, so
    that a later dot overlaps an earlier one the way time runs.

    Dots are `size` pixels wide, or less where rows `row_height` data units apart are drawn closer than that: a
    100k-event timeline has rows two pixels high, and 11-pixel dots would bury them.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, colour: np.ndarray, colours: list[QColor], size: float,
                 pen: QPen, antialias: bool = True, row_height: float | None = None, presorted: bool = False):
        super().__init__()
        # row by row, left to right: dots sharing a pixel end up side by side (a sorted layout's subset already is)
        order = slice(None) if presorted else np.lexsort((x, y))
        self.x, self.y = np.asarray(x, dtype=float)[order], np.asarray(y, dtype=float)[order]
        self.colour = np.asarray(colour, dtype=np.int64)[order]
        self.colours, self.size, self.pen, self.antialias = list(colours), float(size), QPen(pen), antialias
        self.row_height = row_height
        cell = int(np.ceil(self.size + max(self.pen.widthF(), 1.0) + 1))
        self._cell = cell + cell % 2  # pixels per atlas cell; even, so that a stamp centred on a pixel edge is whole
        self._atlas: QPixmap | None = None
        self._atlas_key = (0.0, 0.0)  # (diameter, pixel ratio) the atlas was drawn for
        self.diameter = self.size  # of the dots drawn by the last paint
        self._fragments = pg.Qt.internals.PrimitiveArray(QPainter.PixmapFragment, 10)
        if len(self.x):
            self._data_rect = QRectF(float(self.x.min()), float(self.y.min()), float(np.ptp(self.x)),
                                     float(np.ptp(self.y)))
        else:
            self._data_rect = QRectF()
        self.drawn = 0  # dots stamped by the last paint (for tests and benchmarks)
        self._levels: dict[int, np.ndarray | None] = {}  # exponent -> dots kept at 2**e data units (None: all)
        self._by_x: tuple[np.ndarray, np.ndarray] | None = None  # (order by time, times in that order)
        self._px = 0.0  # data units per pixel of the last paint
        self._warming = False

    def boundingRect(self) -> QRectF:
        if not len(self.x):
            return QRectF()
        pad_x, pad_y = self.pixelWidth() * self._cell, self.pixelHeight() * self._cell  # 0 before it is in a view
        return self._data_rect.adjusted(-pad_x, -pad_y, pad_x, pad_y)

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self.prepareGeometryChange()  # the pixel padding of the bounds changed

    def _diameter(self, transform: QTransform) -> float:
        if self.row_height is None:
            return self.size
        row_px = abs(self.row_height * transform.m22())
        return float(max(MIN_SIZE, min(self.size, round(row_px * 0.9))))

    def _side(self, ratio: float) -> int:
        """Width of an atlas cell in the atlas's own pixels."""
        return int(np.ceil(self._cell * ratio))

    def _atlas_for(self, diameter: float, ratio: float) -> QPixmap:
        """One antialiased dot per colour, side by side, at the screen's pixel ratio."""
        if self._atlas is None or self._atlas_key != (diameter, ratio):
            side = self._side(ratio)
            image = QImage(side * max(len(self.colours), 1), side, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, self.antialias)
            painter.scale(ratio, ratio)
            painter.setPen(self.pen if diameter >= MIN_OUTLINED else QPen(Qt.PenStyle.NoPen))
            radius = diameter / 2
            for index, colour in enumerate(self.colours):
                painter.setBrush(QBrush(colour))
                painter.drawEllipse(QPointF(index * side / ratio + self._cell / 2, self._cell / 2), radius, radius)
            painter.end()
            self._atlas, self._atlas_key = QPixmap.fromImage(image), (diameter, ratio)
        return self._atlas

    def visible(self, transform: QTransform, x_min: float, x_max: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(pixel x, pixel y, dot index) of the dots to stamp: in view, and the last one per pixel."""
        px = 1.0 / max(abs(transform.m11()), 1e-12)
        pad = self._cell * px  # dots just outside the view still show their edge
        chosen = self._in_range(x_min - pad, x_max + pad, px)
        dx = np.round(self.x[chosen] * transform.m11() + transform.dx())
        dy = np.round(self.y[chosen] * transform.m22() + transform.dy())
        last = np.ones(len(chosen), dtype=bool)  # the last dot of each run on one pixel (dots are sorted by row, x)
        last[:-1] = (dx[1:] != dx[:-1]) | (dy[1:] != dy[:-1])
        return dx[last], dy[last], chosen[last]

    def _level(self, px: float) -> np.ndarray | None:
        """The dots a paint at `px` data units per pixel starts from: a coarser level, or None for all of them."""
        if len(self.x) < LEVEL_MIN or px <= 0.0:
            return None
        exponent = int(np.floor(np.log2(px))) - 1
        if exponent in self._levels:
            return self._levels[exponent]
        if any(level is None for e, level in self._levels.items() if e > exponent):
            self._levels[exponent] = None  # a coarser level hardly thinned the dots: a finer one won't
            return None
        finer = [e for e in self._levels if e < exponent]
        source = self._levels[max(finer)] if finer else None
        index = np.arange(len(self.x)) if source is None else source
        bucket, row = np.floor(self.x[index] / 2.0 ** exponent), self.y[index]
        last = np.ones(len(index), dtype=bool)  # the last dot of each row's stretch (dots are sorted by row, x)
        last[:-1] = (bucket[1:] != bucket[:-1]) | (row[1:] != row[:-1])
        made = index[last]
        self._levels[exponent] = made if len(made) <= LEVEL_SHARE * len(index) else source
        return self._levels[exponent]

    def _in_range(self, x_min: float, x_max: float, px: float) -> np.ndarray:
        """Indices, ascending, of the dots to look at between x_min and x_max."""
        level = self._level(px)
        if level is not None:
            return level[(self.x[level] >= x_min) & (self.x[level] <= x_max)]
        if len(self.x) < LEVEL_MIN:
            return np.flatnonzero((self.x >= x_min) & (self.x <= x_max))
        if self._by_x is None:
            order = np.argsort(self.x, kind="stable")
            self._by_x = (order, self.x[order])
        order, times = self._by_x
        return np.sort(order[np.searchsorted(times, x_min, "left"):np.searchsorted(times, x_max, "right")])

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        view = self.getViewBox()
        self.drawn = 0
        if view is None or not len(self.x):
            return
        (x_min, x_max), _ = view.viewRange()
        ratio = widget.devicePixelRatioF() if widget is not None else painter.device().devicePixelRatioF()
        transform = painter.transform()
        self.diameter = self._diameter(transform)
        atlas = self._atlas_for(self.diameter, ratio)
        dx, dy, index = self.visible(transform, x_min, x_max)
        self.drawn = len(index)
        if not self.drawn:
            return
        side = self._side(ratio)
        self._fragments.resize(self.drawn)
        fragments = self._fragments.ndarray()
        fragments[:, 0] = dx
        fragments[:, 1] = dy
        fragments[:, 2] = self.colour[index] * side  # source left in the atlas
        fragments[:, 3] = 0
        fragments[:, 4:6] = side
        fragments[:, 6:8] = 1 / ratio
        fragments[:, 8] = 0  # rotation
        fragments[:, 9] = 1  # opacity
        painter.save()
        painter.resetTransform()
        # drawargs() is (fragments, count) or, with some bindings, (fragments,): the stub knows only the first form
        painter.drawPixmapFragments(*self._fragments.drawargs(), atlas)  # type: ignore[call-arg]
        painter.restore()
        self._px = 1.0 / max(abs(transform.m11()), 1e-12)
        if not self._warming and len(self.x) >= LEVEL_MIN:  # levels a zoom step or two away, made while idle
            self._warming = True
            QTimer.singleShot(0, self._warm_levels)

    def _warm_levels(self) -> None:
        self._warming = False
        for step in (-2, -1, 1, 2):  # finer first: a coarser level is made from them
            self._level(self._px * 2.0 ** step)
