"""The timeline: one lane per place, events as windows (faint bars), spans (solid bars) or exact dots, with an
overview strip of the whole period below.

Drawing is vectorised: one item for all bars (layered by category and style), one item for the dots of exact
times, and a small pool of labels placed only where they fit. The geometry comes from `lanes.layout`, computed
once per dataset; filters only mask it, so events keep their places while the user filters.
"""

from __future__ import annotations

import html
from datetime import UTC

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from ..model.entities import Dataset
from ..model.palette import UNDECLARED_COLOUR
from .colours import blend
from .bars import BarLayer, LayeredBars
from .dots import Dots
from .lanes import LaneLayout, layout
from ..model.selection import Selection
from .timeaxis import HOUR, TimeAxis

BAR_HALF = 0.36  # half a bar's height, in row units
PICK_PX = 6.0
MAX_LABELS = 300
MAX_LABEL_CANDIDATES = 5000
MIXED_SHADE = 0.2  # share of the text colour in the grey of bars where categories overlap


class TimelineWidget(QWidget):
    """Zoomable lanes-by-time view of the selection's dataset.

    It reads the selection it is given; what it does for the user (a click on an event, a pan or zoom) it only
    announces, and `app/wiring.py` decides what that changes."""

    eventClicked = Signal(str)  # the id of the event clicked
    rangeMoved = Signal(float, float)  # the visible time range after a zoom or pan, epoch seconds

    def __init__(self, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.selection = selection
        self.layout_: LaneLayout | None = None
        self._mask = np.zeros(0, dtype=bool)
        self._in_dataset = np.zeros(0, dtype=int)  # dataset position of each laid-out event
        # (plot, item) pairs owned by the current dataset, and those drawing the filtered events
        self._items: list[tuple[pg.PlotItem, QGraphicsItem]] = []
        self._event_items: list[tuple[pg.PlotItem, QGraphicsItem]] = []
        self._labels: list[pg.TextItem] = []
        self._label_widths: dict[int, float] = {}
        self._syncing = False
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys step through events when it has focus
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(self._font.pointSizeF() - 1, 7.5))
        self._metrics = QFontMetricsF(self._font)

        self.legend = QHBoxLayout()
        self.legend.setContentsMargins(8, 2, 8, 0)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setAccessibleName("Timeline plot")
        self.graphics.setBackground(self.palette().color(QPalette.ColorRole.Base))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(self.legend)
        box.addWidget(self.graphics, 1)

        tz = selection.dataset.period.tz if selection.dataset else None
        self.axis = TimeAxis(tz or UTC)
        self.plot: pg.PlotItem = self.graphics.addPlot(row=0, col=0, axisItems={"bottom": self.axis})
        self.overview_axis = TimeAxis(self.axis.tz)
        self.overview: pg.PlotItem = self.graphics.addPlot(row=1, col=0, axisItems={"bottom": self.overview_axis})
        self._label_timer = QTimer(self, singleShot=True, interval=0)
        self._label_timer.timeout.connect(self._update_labels)
        self._setup_plots()
        self._hover = pg.SignalProxy(self.graphics.scene().sigMouseMoved, rateLimit=30, slot=self._on_hover)

        if selection.dataset is not None:
            self.rebuild()

    # --- set-up ---------------------------------------------------------------------------------------------------
    def _setup_plots(self) -> None:
        for plot in (self.plot, self.overview):
            plot.setMouseEnabled(x=True, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
            plot.getViewBox().invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        for axis in (self.axis, self.overview_axis):  # room for two-line day labels ("Wed" over "5")
            axis.setHeight(int(2 * QFontMetricsF(axis.font()).height() + 14))
        self.plot.getAxis("left").setStyle(tickLength=0)
        self.overview.setMaximumHeight(90)
        self.overview.hideAxis("left")
        self.overview.setMouseEnabled(x=False, y=False)
        self.overview.getAxis("bottom").setStyle(showValues=True)
        self.region = pg.LinearRegionItem(brush=pg.mkBrush(80, 140, 255, 50), swapMode="block")
        self.region.setZValue(10)
        self.overview.addItem(self.region, ignoreBounds=True)
        self.region.sigRegionChanged.connect(self._region_moved)
        self.plot.getViewBox().sigXRangeChanged.connect(self._range_moved)
        self.plot.getViewBox().sigResized.connect(self._label_timer.start)
        self.graphics.scene().sigMouseClicked.connect(self._on_click)
        highlight_pen = pg.mkPen(self.palette().color(QPalette.ColorRole.Highlight), width=3)
        self.highlight = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[], pen=highlight_pen, brush=None)
        self.highlight.setZValue(20)
        self.highlight_dots = pg.ScatterPlotItem(size=16, pen=highlight_pen, brush=None)
        self.highlight_dots.setZValue(21)

    def rebuild(self) -> None:
        """Lay out a new dataset and create its drawing items."""
        data = self.selection.dataset
        if data is None:  # nothing to lay out until a dataset is shown
            return
        for plot, item in self._items:
            plot.removeItem(item)
        self._items.clear()
        for label in self._labels:
            self.plot.removeItem(label)
        self._labels.clear()
        self._label_widths.clear()
        self.layout_ = lay = layout(data)
        self._in_dataset = np.asarray(data.timeline_positions(), dtype=int)  # the layout's events are these
        for axis in (self.axis, self.overview_axis):
            axis.set_timezone(data.period.tz)
        self._mask = np.ones(len(lay.x0), dtype=bool)
        start, end = data.period.start_dt.timestamp(), data.period.end_dt.timestamp()
        height = lay.height
        for plot in (self.plot, self.overview):
            plot.getViewBox().setLimits(xMin=start, xMax=end, minXRange=HOUR, maxXRange=end - start)
        self.plot.setYRange(-0.3, height + 0.1, padding=0)
        self.overview.setYRange(-0.3, height + 0.1, padding=0)
        self.overview.setXRange(start, end, padding=0)
        left = self.plot.getAxis("left")
        left.setTicks([[(lane.centre, _short(lane.name)) for lane in lay.lanes], []])
        names = [_short(lane.name) for lane in lay.lanes] or [""]
        left.setWidth(int(max(QFontMetricsF(left.font()).horizontalAdvance(n) for n in names)) + 18)
        self._add_lane_bands(lay, data)
        self._draw_events()
        for item in (self.highlight, self.highlight_dots):
            self.plot.addItem(item)
            self._items.append((self.plot, item))
        self._fill_legend(lay, data)
        self.fit()
        self.show_current(self.selection.current_id)

    def _add_lane_bands(self, lay: LaneLayout, data: Dataset) -> None:
        shade = QColor(self.palette().color(QPalette.ColorRole.AlternateBase))
        lanes = lay.lanes[1::2]
        if lanes:
            period = data.period
            start, end = period.start_dt.timestamp(), period.end_dt.timestamp()
            bands = pg.BarGraphItem(x0=[start] * len(lanes), x1=[end] * len(lanes),
                                    y0=[lane.top - 0.3 for lane in lanes], y1=[lane.bottom + 0.3 for lane in lanes],
                                    brush=shade, pen=pg.mkPen(None))
            bands.setZValue(-10)
            self.plot.addItem(bands)
            self._items.append((self.plot, bands))

    def _draw_events(self) -> None:
        """(Re)create the vectorised items for the events that pass the filters."""
        for plot, item in self._event_items:
            plot.removeItem(item)
        self._event_items = []
        lay, data, mask = self.layout_, self.selection.dataset, self._mask
        if lay is None or data is None:  # no dataset shown yet
            return
        colours = [QColor(data.colour_of(c)) for c in lay.categories]
        base = self.palette().color(QPalette.ColorRole.Base)
        main_layers, overview_layers = [], []
        for index, colour in enumerate(colours):
            in_cat = mask & (lay.category == index)
            for solid in (False, True):
                chosen = np.flatnonzero(in_cat & ~lay.exact & (lay.span == solid))
                if not chosen.size:
                    continue
                # opaque colours mixed with the background: the same look as translucent ones where bars do not
                # overlap (rows are packed), and far cheaper to fill at 100k events than blending
                fill, edge = blend(base, colour, 0.8 if solid else 0.28), blend(base, colour, 0.9 if solid else 0.65)
                x0, x1, y = lay.x0[chosen], lay.x1[chosen], lay.y[chosen]
                main_layers.append(BarLayer(x0, x1, y, pg.mkBrush(fill), pg.mkPen(edge, width=1), group=index))
                overview_layers.append(BarLayer(x0, x1, y, pg.mkBrush(colour), group=index))
        exact = np.flatnonzero(mask & lay.exact)
        if exact.size:
            overview_layers.append(BarLayer(lay.x0[exact], lay.x1[exact], lay.y[exact],
                                            pg.mkBrush(QColor(UNDECLARED_COLOUR))))
        # where bars of different categories overlap (rows shared in a crowd), neither colour would be the truth
        text = self.palette().color(QPalette.ColorRole.Text)
        mixed, mixed_edge = blend(base, text, MIXED_SHADE), blend(base, text, 2 * MIXED_SHADE)
        self._add_event_item(self.plot, LayeredBars(main_layers, BAR_HALF, QBrush(mixed), pg.mkPen(mixed_edge)))
        overview = LayeredBars(overview_layers, 0.5, QBrush(mixed_edge))
        overview.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # the overview's range never moves
        self._add_event_item(self.overview, overview)
        if exact.size:
            # one item for the exact times of all lanes: per-item overhead, not points, dominates a paint
            pen = pg.mkPen(self.palette().color(QPalette.ColorRole.Text), width=1)
            dots = Dots(lay.x0[exact], lay.y[exact], lay.category[exact], colours, size=11, pen=pen, row_height=1.0)
            self._add_event_item(self.plot, dots)
        self._label_timer.start()

    def _add_event_item(self, plot: pg.PlotItem, item: QGraphicsItem) -> None:
        plot.addItem(item)
        self._event_items.append((plot, item))

    def _fill_legend(self, lay: LaneLayout, data: Dataset) -> None:
        while self.legend.count():
            item = self.legend.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget:
                widget.deleteLater()
        used = {e.category for e in data.timeline_events}
        for category in data.categories.values():
            if category.id not in used:
                continue
            swatch = QLabel(f"<span style='color:{category.colour}'>■</span> {html.escape(category.label)}")
            swatch.setAccessibleName(f"Legend: {category.label}")
            self.legend.addWidget(swatch)
        text = "▭ faint: known only to the day/part of day · ▬ solid: lasted · ● exact time"
        if lay.categories_overlap():
            text += " · grey: categories overlap"
        hint = QLabel(text)
        hint.setEnabled(False)
        hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # clipped, never widening
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.legend.addWidget(hint, 1)

    # --- view range -----------------------------------------------------------------------------------------------
    def fit(self) -> None:
        """Show the whole period."""
        if self.selection.dataset is None:  # no period until a dataset is shown
            return
        period = self.selection.dataset.period
        self.plot.setXRange(period.start_dt.timestamp(), period.end_dt.timestamp(), padding=0)

    def zoom(self, factor: float) -> None:
        """Zoom about the centre (factor < 1 zooms in)."""
        (x0, x1), _ = self.plot.getViewBox().viewRange()
        centre, half = (x0 + x1) / 2, (x1 - x0) * factor / 2
        self.plot.setXRange(centre - half, centre + half, padding=0)

    def x_range(self) -> tuple[float, float]:
        (x0, x1), _ = self.plot.getViewBox().viewRange()
        return x0, x1

    def _range_moved(self, _view: pg.ViewBox, x_range: tuple[float, float]) -> None:
        if not self._syncing:
            self._syncing = True
            self.region.setRegion(x_range)
            self._syncing = False
        self.rangeMoved.emit(*x_range)
        self._label_timer.start()

    def _region_moved(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        self.plot.setXRange(*self.region.getRegion(), padding=0)
        self._syncing = False

    # --- filters and the current event ----------------------------------------------------------------------------
    def apply_filter(self) -> None:
        lay = self.layout_
        if lay is None:
            return
        # the selection works out (once, for all views) which events pass; reuse its answer
        passing = self.selection.passing_mask()
        self._mask = np.ones(len(lay.event), dtype=bool) if passing is None else passing[self._in_dataset][lay.event]
        self._draw_events()

    def show_current(self, event_id: str | None) -> None:
        lay = self.layout_
        if lay is None:  # nothing drawn to highlight yet
            return
        entries = lay.entries_of(event_id) if event_id else np.empty(0, dtype=int)
        bars = entries[~lay.exact[entries]] if entries.size else entries
        dots = entries[lay.exact[entries]] if entries.size else entries
        self.highlight.setOpts(x0=lay.x0[bars] if bars.size else [], x1=np.maximum(lay.x1[bars], lay.x0[bars] + 60)
                               if bars.size else [], y0=lay.y[bars] - BAR_HALF - 0.06 if bars.size else [],
                               y1=lay.y[bars] + BAR_HALF + 0.06 if bars.size else [])
        self.highlight_dots.setData(x=lay.x0[dots] if dots.size else [], y=lay.y[dots] if dots.size else [])
        if entries.size:
            self._keep_in_view(float(lay.x0[entries].min()), float(lay.x1[entries].max()))
        self._label_timer.start()

    def _keep_in_view(self, start: float, end: float) -> None:
        x0, x1 = self.x_range()
        if start >= x0 and end <= x1:
            return
        width = x1 - x0
        if end - start <= width and end > x0 and start < x1:
            shift = (end - x1) if end > x1 else (start - x0)
            self.plot.setXRange(x0 + shift, x1 + shift, padding=0)
            return
        centre = (start + min(end, start + width)) / 2
        self.plot.setXRange(centre - width / 2, centre + width / 2, padding=0)

    # --- picking, hovering ----------------------------------------------------------------------------------------
    def event_at(self, scene_pos: QPointF) -> str | None:
        """The event drawn under a scene position (nearest within a few pixels), or None."""
        lay = self.layout_
        view = self.plot.getViewBox()
        if lay is None or not view.sceneBoundingRect().contains(scene_pos) or not lay.x0.size:
            return None
        point = view.mapSceneToView(scene_pos)
        x, y = point.x(), point.y()
        px = view.viewPixelSize()[0]
        tol = PICK_PX * px
        near = self._mask & (np.abs(lay.y - y) <= 0.5) & (lay.x0 - tol <= x) & (np.maximum(lay.x1, lay.x0) + tol >= x)
        candidates = np.flatnonzero(near)
        if not candidates.size:
            return None
        centres = np.where(lay.exact[candidates], lay.x0[candidates], (lay.x0[candidates] + lay.x1[candidates]) / 2)
        widths = np.where(lay.exact[candidates], 0.0, lay.x1[candidates] - lay.x0[candidates])
        best = candidates[np.lexsort((np.abs(centres - x), widths, ~lay.exact[candidates]))[0]]
        return lay.events[int(lay.event[best])].id

    def scene_pos_of(self, event_id: str) -> QPointF | None:
        """Scene position of the middle of an event's first drawn mark (for tests and keyboard focus)."""
        lay = self.layout_
        if lay is None:
            return None
        entries = lay.entries_of(event_id)
        if not entries.size:
            return None
        first = entries[0]
        x = lay.x0[first] if lay.exact[first] else (lay.x0[first] + lay.x1[first]) / 2
        scene_pos: QPointF = self.plot.getViewBox().mapViewToScene(QPointF(float(x), float(lay.y[first])))
        return scene_pos

    def _on_click(self, event: MouseClickEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        event_id = self.event_at(event.scenePos())
        if event_id is not None:
            event.accept()
            self.eventClicked.emit(event_id)

    def _on_hover(self, args: tuple[QPointF]) -> None:
        scene_pos = args[0]
        event_id = self.event_at(scene_pos)
        data = self.selection.dataset
        if event_id is None or data is None:  # (an event is only found once a dataset is shown)
            QToolTip.hideText()
            return
        view_pos = self.graphics.mapFromScene(scene_pos)
        QToolTip.showText(self.graphics.mapToGlobal(view_pos), self.hover_text(data, event_id), self.graphics)

    @staticmethod
    def hover_text(data: Dataset, event_id: str) -> str:
        """An event's tooltip: title, date and places, escaped (titles are data, not markup)."""
        event = data.event(event_id)
        places = ", ".join(data.places[p].name for p in event.place_ids)
        return (f"<b>{html.escape(event.title)}</b><br>{html.escape(event.date_label(data.period.tz))}<br>"
                f"{html.escape(places)}")

    # --- labels ---------------------------------------------------------------------------------------------------
    def update_labels_now(self) -> None:
        """Place labels at once instead of on the next turn of the event loop."""
        self._label_timer.stop()
        self._update_labels()

    def visible_labels(self) -> list[str]:
        return [label.toPlainText() for label in self._labels if label.isVisible()]

    def _update_labels(self) -> None:
        """Label the visible events where a title fits, never overlapping; the current event first."""
        lay = self.layout_
        if lay is None:
            return
        view = self.plot.getViewBox()
        (xa, xb), (ya, yb) = view.viewRange()
        width_px = max(view.width(), 1.0)
        row_px = view.height() / max(abs(yb - ya), 1e-9)
        sec_per_px = (xb - xa) / width_px
        in_view = self._mask & (lay.x1 >= xa) & (lay.x0 <= xb)
        current = lay.entries_of(self.selection.current_id) if self.selection.current_id else np.empty(0, int)
        current = current[in_view[current]]
        count = int(np.count_nonzero(in_view))
        if count > MAX_LABEL_CANDIDATES or row_px < self._metrics.height() * 0.95:
            order = current  # too crowded to label: only the current event
        else:
            visible = np.flatnonzero(in_view)
            order = np.concatenate([current, visible[np.argsort(lay.x0[visible], kind="stable")]])
        current_set = set(current.tolist())
        taken: dict[float, list[tuple[float, float]]] = {}
        placed: list[tuple[float, float, str, bool]] = []
        seen: set[int] = set()
        for entry in order.tolist():
            if entry in seen or len(placed) >= MAX_LABELS:
                continue
            seen.add(entry)
            event = lay.events[int(lay.event[entry])]
            text_px = self._text_width(int(lay.event[entry]), event.title) + 10
            left = max((lay.x0[entry] - xa) / sec_per_px, 0.0) + (8 if lay.exact[entry] else 3)
            right = left + text_px
            if right > width_px:
                continue
            row = float(lay.y[entry])
            if any(a < right and left < b for a, b in taken.get(row, ())):
                continue
            taken.setdefault(row, []).append((left, right))
            placed.append((xa + left * sec_per_px, row, event.title, entry in current_set))
        self._show_labels(placed)

    def _text_width(self, index: int, title: str) -> float:
        width = self._label_widths.get(index)
        if width is None:
            width = self._label_widths[index] = self._metrics.horizontalAdvance(title)
        return width

    def _show_labels(self, placed: list[tuple[float, float, str, bool]]) -> None:
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        while len(self._labels) < len(placed):
            label = pg.TextItem(anchor=(0, 0.5), color=text_colour)
            label.setFont(self._font)
            label.setZValue(30)
            self.plot.addItem(label, ignoreBounds=True)
            self._labels.append(label)
        bold = QFont(self._font)
        bold.setBold(True)
        for label, (x, y, title, is_current) in zip(self._labels, placed):
            label.setText(title)
            label.setFont(bold if is_current else self._font)
            label.setPos(x, y)
            label.show()
        for label in self._labels[len(placed):]:
            label.hide()


def _short(name: str) -> str:
    return name if len(name) <= 18 else name.split(" (")[0]
