"""Vectorised bars that stay fast at 100k events: one item draws every bar layer of a plot, only what is in view,
merging bars that touch on screen into one rectangle per run, so the cost of a paint follows the pixels, not the
events.

Layers are drawn in order, later ones over earlier ones, but never by painting layer over layer: at 100k events
rows are shared and every category covers most of every row, so that would fill the same pixels a dozen times.
`flatten` works out, per row and screen pixel, which layer ends up on top, and each pixel is filled once. Outlines
are drawn only while the rectangles are few enough to tell apart.

At a million events a zoomed-out view holds far more bars than pixels. Each layer therefore keeps coarser levels of
itself, like a mipmap: its bars already merged into runs at 2**e data units per pixel, made (once, on the first
paint that needs them) from the next finer level. Merging is monotone in the pixel size, so merging a level's runs
at a pixel size at least its own gives exactly the runs that merging the bars would: a paint reads the coarsest level
finer than half its pixel, whose runs number about the pixels, not the events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QPainter, QPen

from .distinct import distinct

OUTLINE_MAX = 1500  # rectangles in view up to which they get outlines
MIN_OUTLINED_PX = 6  # bars thinner than this are drawn without outlines, which would hide their colour
_ROW_STRIDE = 1 << 32  # pixel columns per row in the (row, column) keys used by `flatten`
LEVEL_SHARE = 0.5  # a coarser level is kept only when it holds at most this share of the runs it is made from
LEVEL_MIN = 2000  # layers (or levels) with fewer bars than this are merged as they are
NEAR_LEVELS = (-2, -1, 1, 2)  # after a paint, while idle, the levels a zoom step or two away are made too


@dataclass
class BarLayer:
    """Bars of one colour and style: starts, ends and row centres in data units."""

    x0: np.ndarray
    x1: np.ndarray
    y: np.ndarray
    brush: QBrush
    pen: QPen = field(default_factory=lambda: QPen(Qt.PenStyle.NoPen))
    group: int | None = None  # layers of different groups (categories) that overlap are drawn as mixed
    presorted: bool = False  # already sorted by y, then x0 (a filtered subset of a sorted layout): no sorting here
    rank: np.ndarray | None = None  # with presorted: each bar's row rank among the rows given to LayeredBars
    last: np.ndarray | None = None  # per bar (a level's run), the latest start in it: the bar's own start if None

    def __post_init__(self) -> None:
        if self.presorted:
            self.x0, self.x1, self.y = (np.asarray(a, dtype=float) for a in (self.x0, self.x1, self.y))
        else:
            order = np.lexsort((self.x0, self.y))
            self.x0, self.x1, self.y = (np.asarray(a, dtype=float)[order] for a in (self.x0, self.x1, self.y))
        self.pen = QPen(self.pen)
        self.pen.setCosmetic(True)
        # rank of y among all rows of the item, set by LayeredBars (or given, with the rows, by a caller that knows)
        self.row = np.zeros(len(self.y), dtype=np.int64) if self.rank is None else np.asarray(self.rank, np.int64)
        self.last = self.x0 if self.last is None else np.asarray(self.last, dtype=float)
        self.levels: dict[int, BarLayer] = {}  # exponent e -> this layer merged at 2**e data units per pixel

    def set_rows(self, row: np.ndarray) -> None:
        """Set each bar's row rank (LayeredBars does): forgets what was worked out from the old ones."""
        self.row = row
        self.__dict__.pop("_key", None)  # in_range's index is made from the rows
        self.levels = {}

    def level(self, px: float) -> BarLayer:
        """The coarsest level of this layer that merging at `px` data units per pixel may start from (itself when
        the bars are few, or no coarser level would hold markedly fewer runs)."""
        if len(self.x0) < LEVEL_MIN or px <= 0.0:
            return self
        exponent = int(np.floor(np.log2(px))) - 1  # runs at a quarter to half a pixel
        if exponent in self.levels:
            return self.levels[exponent]
        if any(level is self for e, level in self.levels.items() if e > exponent):
            self.levels[exponent] = self  # merging at a coarser pixel hardly thinned the bars: a finer one won't
            return self
        finer = [e for e in self.levels if e < exponent]
        source = self.levels[max(finer)] if finer else self
        made = source._coarser(2.0 ** exponent) if len(source.x0) >= LEVEL_MIN else source
        self.levels[exponent] = made if len(made.x0) <= LEVEL_SHARE * len(source.x0) else source
        return self.levels[exponent]

    def _coarser(self, px: float) -> BarLayer:
        """This layer's bars merged into runs at `px`: each run's start, latest end, latest start and row."""
        latest = self.x0 if self.last is None else self.last
        first, _ = _runs(self.x0, self.x1, latest, self.row, px)
        x1, last = np.maximum.reduceat(self.x1, first), np.maximum.reduceat(latest, first)
        return BarLayer(self.x0[first], x1, self.y[first], self.brush, presorted=True, rank=self.row[first],
                        last=last)

    def in_range(self, x_min: float, x_max: float) -> np.ndarray | None:
        """Indices of the bars reaching into [x_min, x_max], or None for all of them.

        Bars are sorted by row, then start, so each row's candidates are one slice found by binary search (a bar
        starts at most the longest bar's length before x_min): a zoomed-in view costs what it shows, not what the
        layer holds."""
        if not len(self.x0):
            return None
        key = self.__dict__.get("_key")
        if key is None or len(key) != len(self.x0):
            low, high = float(self.x0.min()), float(self.x1.max())
            longest = float((self.x1 - self.x0).max())
            stride = (high - low) + longest + 1.0
            rows = self.row[np.append(True, self.row[1:] != self.row[:-1])]  # sorted already: no hashing
            key = (self.row - rows[0]) * stride + (self.x0 - low)
            self.__dict__.update(_key=key, _bounds=(low, high, longest, stride, rows - rows[0]))
        low, high, longest, stride, rows = self.__dict__["_bounds"]
        if x_min <= low and x_max >= high:
            return None
        room = stride - 0.5  # a row's keys stay below its stride: searches are clipped into their own row
        lo = np.searchsorted(key, rows * stride + min(max(x_min - longest - low, 0.0), room), side="left")
        hi = np.searchsorted(key, rows * stride + min(max(x_max - low, 0.0), room), side="right")
        counts = np.maximum(hi - lo, 0)
        total = int(counts.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        if total > len(key) // 4:  # a wide view: one test of every bar costs less than gathering slices
            return np.flatnonzero((self.x1 >= x_min) & (self.x0 <= x_max))
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        index = np.arange(total, dtype=np.int64) + np.repeat(lo - starts, counts)
        return index[(self.x1[index] >= x_min) & (self.x0[index] <= x_max)]

    def merged(self, x_min: float, x_max: float, px: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(starts, ends, row ranks) of the runs visible in [x_min, x_max] at `px` data units per pixel."""
        source = self.level(px)
        index = source.in_range(x_min, x_max)
        if index is None:
            x0, x1, row = source.x0, source.x1, source.row
            last = x0 if source.last is None else source.last
        else:
            x0, x1, row = source.x0[index], source.x1[index], source.row[index]
            last = x0 if source.last is None or source.last is source.x0 else source.last[index]
        if not x0.size:
            return x0, x1, row
        first, ends = _runs(x0, x1, last, row, px)
        return x0[first], ends, row[first]


def _runs(x0: np.ndarray, x1: np.ndarray, last: np.ndarray, row: np.ndarray, px: float
          ) -> tuple[np.ndarray, np.ndarray]:
    """Bars (or runs) sorted by row, then start, merged where they touch within `px`, each at least a pixel long:
    the index of each run's first bar, and the run's end."""
    low = float(x0.min())
    ends = np.maximum(x1, last + px) - low  # never thinner than a pixel
    offset = row * (float(ends.max()) + 4 * px + 1.0)  # rows never merge
    starts, ends = x0 - low + offset, ends + offset
    running = np.maximum.accumulate(ends)
    new_run = np.empty(len(starts), dtype=bool)
    new_run[0] = True
    new_run[1:] = starts[1:] > running[:-1] + px
    first = np.flatnonzero(new_run)
    end_at = np.append(first[1:] - 1, len(starts) - 1)
    return first, running[end_at] - offset[first] + low


def flatten(runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]], groups: list[int | None] | None = None
            ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per layer, the parts of its runs that no later layer covers.

    `runs[i]` holds layer i's (left, right, row) in whole pixel columns, 0 <= left < right < 2**32 (right
    exclusive), sorted by row then left, not overlapping within a layer. The answer has the same form; together its
    rectangles cover each pixel at most once, with the colour painting the layers in order would leave there.

    With `groups` (say, each layer's category), pixels that layers of two different groups cover go to one more
    answer, after the layers' own: there, neither group's colour would be the truth. A layer in group None never
    counts as different, and where it lies on top it shows in its own colour.
    """
    keys = [(row * _ROW_STRIDE + left, row * _ROW_STRIDE + right) for left, right, row in runs]
    outputs = len(runs) + (groups is not None)
    bounds = distinct(np.concatenate([k for pair in keys for k in pair])) if keys else np.empty(0, np.int64)
    if bounds.size < 2:
        return [(np.empty(0, np.int64),) * 3 for _ in range(outputs)]
    seg_start, seg_end = bounds[:-1], bounds[1:]
    top = np.full(len(seg_start), -1)
    top_group = np.full(len(seg_start), -1)
    mixed = np.zeros(len(seg_start), dtype=bool)
    for index, (starts, ends) in enumerate(keys):
        if not starts.size:
            continue
        at = np.searchsorted(starts, seg_start, side="right") - 1
        covered = (at >= 0) & (ends[np.maximum(at, 0)] > seg_start)
        top[covered] = index
        group = groups[index] if groups is not None else None
        if group is None:  # on top of whatever was there, in its own colour
            mixed[covered] = False
            top_group[covered] = -1
        else:
            mixed |= covered & (top_group >= 0) & (top_group != group)
            top_group[covered] = group
    if groups is not None:
        top[mixed] = len(runs)
    # neighbouring segments on top of the same layer become one rectangle (a segment between rows is never covered)
    change = np.flatnonzero(np.diff(top, prepend=-2) != 0)
    owner = top[change]
    run_end = np.append(seg_end[change[1:] - 1], seg_end[-1])
    out = []
    for index in range(outputs):
        mine = owner == index
        starts, ends = seg_start[change[mine]], run_end[mine]
        row = starts // _ROW_STRIDE
        out.append((starts - row * _ROW_STRIDE, ends - row * _ROW_STRIDE, row))
    return out


class LayeredBars(pg.GraphicsObject):
    """Every bar layer of one plot, `half` a row high on each side of its row centre.

    With a `mixed` brush, pixels where layers of different groups overlap get it instead of the top layer's colour
    (at 100k events shared rows would otherwise show the last category everywhere)."""

    def __init__(self, layers: list[BarLayer], half: float, mixed: QBrush | None = None,
                 mixed_pen: QPen | None = None, rows: np.ndarray | None = None):
        super().__init__()
        self.layers = [layer for layer in layers if len(layer.x0)]
        self.half = half
        self.mixed = mixed
        self._styles = [(layer.brush, layer.pen) for layer in self.layers]
        if mixed is not None:
            pen = QPen(mixed_pen) if mixed_pen is not None else QPen(Qt.PenStyle.NoPen)
            pen.setCosmetic(True)
            self._styles.append((mixed, pen))
        given = rows is not None and bool(self.layers)
        if rows is None or not self.layers:  # every row's y, sorted (a caller that knows them saves a sort)
            rows = distinct(np.concatenate([layer.y for layer in self.layers])) if self.layers else np.empty(0)
        for layer in self.layers:
            if layer.rank is None or not given:  # ranks are given only along with the rows they count in
                layer.set_rows(np.searchsorted(rows, layer.y).astype(np.int64))
            else:
                layer.set_rows(layer.row)
        self.rows = rows
        self._rects = pg.Qt.internals.PrimitiveArray(QRectF, 4)  # float64 memory
        if self.layers:
            x_min = min(float(layer.x0.min()) for layer in self.layers)
            x_max = max(float(layer.x1.max()) for layer in self.layers)
            self._bounds = QRectF(x_min, rows[0] - half, x_max - x_min, rows[-1] - rows[0] + 2 * half)
        else:
            self._bounds = QRectF()
        self.drawn = 0  # rectangles drawn by the last paint (for tests and benchmarks)
        self.drawn_mixed = 0  # of which in the mixed colour
        self.outlined = True  # whether the last paint drew outlines (bars few and tall enough to tell apart)
        self._px = 0.0  # data units per pixel of the last paint
        self._warming = False

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, *args: object) -> None:
        view = self.getViewBox()
        self.drawn = self.drawn_mixed = 0
        if view is None or not self.layers:
            return
        (x_min, x_max), _ = view.viewRange()
        px = max(view.viewPixelSize()[0], 1e-9)
        t = painter.transform()
        # whole pixel columns, counted from just left of the view so that they stay small and positive; both edges
        # rounded alike, so that bars which touch in time touch on screen rather than overlap by a pixel
        origin = np.floor(x_min * t.m11() + t.dx()) - 2
        limit = np.ceil(x_max * t.m11() + t.dx()) + 2 - origin
        runs = []
        for layer in self.layers:
            starts, ends, row = layer.merged(x_min, x_max, px)
            left = np.clip(np.round(starts * t.m11() + t.dx()) - origin, 0, limit).astype(np.int64)
            right = np.clip(np.round(ends * t.m11() + t.dx()) - origin, 0, limit).astype(np.int64)
            runs.append((left, np.maximum(right, left + 1), row))
        runs = flatten(runs, [layer.group for layer in self.layers] if self.mixed is not None else None)
        bar_px = abs(2 * self.half * t.m22())
        self.outlined = sum(len(left) for left, _, _ in runs) <= OUTLINE_MAX and bar_px >= MIN_OUTLINED_PX
        painter.save()
        painter.resetTransform()  # whole pixels, no transform: the raster engine's fast path for solid fills
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        no_pen = QPen(Qt.PenStyle.NoPen)
        for (brush, pen), (left, right, row) in zip(self._styles, runs):
            if not len(left):
                continue
            top_edge = (self.rows[row] - self.half) * t.m22() + t.dy()
            bottom_edge = (self.rows[row] + self.half) * t.m22() + t.dy()
            top = np.round(np.minimum(top_edge, bottom_edge))
            bottom = np.maximum(np.round(np.maximum(top_edge, bottom_edge)), top + 1)
            self._rects.resize(len(left))
            memory = self._rects.ndarray()
            memory[:, 0] = left + origin
            memory[:, 1] = top
            memory[:, 2] = right - left
            memory[:, 3] = bottom - top
            painter.setPen(pen if self.outlined else no_pen)
            painter.setBrush(brush)
            painter.drawRects(*self._rects.drawargs())
            self.drawn += len(left)
        if self.mixed is not None:
            self.drawn_mixed = len(runs[-1][0])
        painter.restore()
        self._px = px
        if not self._warming:  # the levels a zoom step or two away, made while idle rather than by the next paint
            self._warming = True
            QTimer.singleShot(0, self._warm_levels)

    def _warm_levels(self) -> None:
        self._warming = False
        for step in NEAR_LEVELS:  # finer first: a coarser level is made from them
            for layer in self.layers:
                layer.level(self._px * 2.0 ** step)
