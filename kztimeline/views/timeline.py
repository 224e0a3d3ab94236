"""The timeline: one lane per place, events as windows (faint bars), spans (solid bars) or exact dots, with an
overview strip of the whole period below.

Drawing is vectorised: one item for all bars (layered by category and style), one item for the dots of exact
times, and a small pool of labels placed only where they fit. The geometry comes from `lanes.layout`, computed
once per dataset; filters only mask it (and close up the lanes left empty), so events keep their rows.

Labels never hide an event silently: a title is drawn only where it clears the next bar of its row and every other
title, and each event in view without one is counted in its lane's "+N more" (clicking the lane's name zooms in
on them). Rows keep a readable height: when the lanes need more room than the window has, they scroll.
"""

from __future__ import annotations

from datetime import UTC

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QLabel, QScrollBar, QToolTip, QVBoxLayout, QWidget

from ..model.columns import columns_of
from ..model.entities import Dataset
from ..model.palette import UNDECLARED_COLOUR
from ..model.selection import Selection
from .bareplot import BarePlot
from .clippedaxis import ClippedAxis
from .bars import BarLayer, LayeredBars
from .distinct import distinct
from .colours import blend, muted
from .dots import Dots
from .eventparts import EXACT, Part, group, within
from .inview import InView
from .lanes import LaneLayout, layout
from .richtext import escape
from .timeaxis import DAY, HOUR, TimeAxis
from .titles import Titles

BAR_HALF = 0.36  # half a bar's height, in row units
PICK_PX = 6.0
MAX_LABELS = 300
MAX_LABEL_CANDIDATES = 5000
ELIDE_MIN_PX = 90.0  # the least room in which a title is shown shortened ("Two-week state of…")
MIXED_SHADE = 0.2  # share of the text colour in the grey of bars where categories overlap
ROW_EXTRA_PX = 6.0  # a row is at least this much taller than a line of label text
MAX_ROW_LINES = 2.2  # and at most this many times the least height
FIT_MARGIN = 0.06  # share of the events' extent added on each side by "Fit events"
TOOLTIP_MS = 30000  # a tooltip stays this long while the pointer rests on its event
LEGEND_HINT = ("Faint bar: known only to the day or part of the day · Solid bar: lasted the whole time shown · "
               "Dot: exact time")


class TimelineWidget(QWidget):
    """Zoomable lanes-by-time view of the selection's dataset.

    It reads the selection it is given; what it does for the user (a click on an event, a pan or zoom) it only
    announces, and `app/wiring.py` decides what that changes."""

    eventClicked = Signal(str)  # the id of the event clicked
    rangeMoved = Signal(float, float)  # the visible time range after a zoom or pan, epoch seconds
    eventMenuRequested = Signal(str, QPoint)  # right-click on an event (or its title): its id, global position

    def __init__(self, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.selection = selection
        self.full_layout: LaneLayout | None = None  # every lane
        self.layout_: LaneLayout | None = None  # the lanes shown (those with events passing the filters)
        self._mask = np.zeros(0, dtype=bool)
        self._in_dataset = np.zeros(0, dtype=int)  # dataset position of each laid-out event
        # (plot, item) pairs owned by the current dataset, by the lanes shown, and drawing the filtered events
        self._items: list[tuple[BarePlot, QGraphicsItem]] = []
        self._lane_items: list[tuple[BarePlot, QGraphicsItem]] = []
        self._event_items: list[tuple[BarePlot, QGraphicsItem]] = []
        self._rows = np.zeros(0)  # every row's y in the lanes shown, sorted
        self._row_rank = np.zeros(0, dtype=np.int64)  # per entry, the rank of its row among them
        self._x_end = np.zeros(0)  # per entry, where its mark ends (a dot's at its start)
        self._widths = np.zeros(0)  # per laid-out event, its title's width in pixels (NaN until measured)
        self._title_len = np.zeros(0)  # per laid-out event, its title's length in characters
        self.placed: list[tuple[int, QRectF]] = []  # (entry, rectangle in view pixels) of each title shown
        self._hidden: np.ndarray | None = np.zeros(0, dtype=int)  # entries in view without a title (None: all)
        self._row_lane = np.zeros(0, dtype=np.int64)  # per row rank, its lane's index
        self._by_end: np.ndarray | None = None  # every entry, by row then end (once per dataset)
        self._view_index: tuple[object, np.ndarray, InView] | None = None  # (layout, mask, index) of the last
        # the event items and index of every entry (no filter), kept while filtered: clearing a filter reuses them
        self._all_items: list[tuple[BarePlot, QGraphicsItem]] | None = None
        self._all_index: InView | None = None
        self._all_parts: list[Part] | None = None  # every entry of the full layout, in the parts it is drawn in
        self._more_counts: tuple[int, ...] = ()  # per lane shown, how many of them (as the lane names say)
        self._tip_id: str | None = None
        self._syncing = False
        self._y_top = -0.3
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys step through events when it has focus
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(self._font.pointSizeF() - 1, 7.5))
        self._metrics = QFontMetricsF(self._font)
        self._char_px = QFontMetricsF(self._bold_font()).averageCharWidth()  # for estimates of title widths

        self.legend = QLabel(self)
        self.legend.setWordWrap(True)  # wraps under a narrow window instead of running into itself
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setContentsMargins(8, 2, 8, 2)
        self.legend.setAccessibleName("Legend")
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setAccessibleName("Timeline plot")
        self.graphics.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the widget itself takes the keyboard
        self.lane_scroll = QScrollBar(Qt.Orientation.Vertical, self)
        self.lane_scroll.setAccessibleName("Scroll lanes")
        self.lane_scroll.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.legend)
        row = QHBoxLayout()
        row.setSpacing(0)
        row.addWidget(self.graphics, 1)
        row.addWidget(self.lane_scroll)
        box.addLayout(row, 1)

        tz = selection.dataset.period.tz if selection.dataset else None
        self.axis = TimeAxis(tz or UTC)
        # (bare plots, not PlotItems: no title, top or right axis, buttons or menus; views/bareplot.py)
        self.plot = BarePlot(self.axis, left=ClippedAxis("left"))
        self.graphics.addItem(self.plot, row=0, col=0)
        self.overview_axis = TimeAxis(self.axis.tz)
        self.overview = BarePlot(self.overview_axis)  # (and no left axis)
        self.graphics.addItem(self.overview, row=1, col=0)
        self._label_timer = QTimer(self, singleShot=True, interval=0)
        self._label_timer.timeout.connect(self._update_labels)
        self._setup_plots()
        self.plot.getAxis("left").setTicks([[], []])  # no lanes until a dataset is shown (not 0 to 1)
        self._restyle()
        self._hover = pg.SignalProxy(self.graphics.scene().sigMouseMoved, rateLimit=30, slot=self._on_hover)

        if selection.dataset is not None:
            self.rebuild()

    # --- set-up ---------------------------------------------------------------------------------------------------
    def _setup_plots(self) -> None:
        self.plot.setMouseEnabled(x=True, y=False)
        for plot in (self.plot, self.overview):
            plot.getViewBox().invertY(True)
        self.plot.showGrid(x=True, alpha=0.25)
        for axis in (self.axis, self.overview_axis):  # room for two-line labels ("Wed" over "5", hours over days)
            axis.setHeight(int(2 * QFontMetricsF(axis.font()).height() + 14))
        self.plot.getAxis("left").setStyle(tickLength=0)
        self.overview.setMaximumHeight(90)
        self.overview.setMouseEnabled(x=False, y=False)
        self.overview.getAxis("bottom").setStyle(showValues=True)
        self.region = pg.LinearRegionItem(brush=pg.mkBrush(80, 140, 255, 50), swapMode="block")
        self.region.setZValue(10)
        self.overview.addItem(self.region, ignoreBounds=True)
        self.region.sigRegionChanged.connect(self._region_moved)
        self.plot.getViewBox().sigXRangeChanged.connect(self._range_moved)
        self.plot.getViewBox().sigResized.connect(self._fit_rows)
        self.lane_scroll.valueChanged.connect(self._scrolled)
        self.graphics.scene().sigMouseClicked.connect(self._on_click)
        self.highlight = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[], brush=None)
        self.highlight.setZValue(20)
        self.highlight_dots = pg.ScatterPlotItem(size=16, brush=None)
        self.highlight_dots.setZValue(21)
        self.titles = Titles(self._font, self._bold_font())  # every title, drawn in one item
        self.titles.setZValue(30)
        self.plot.addItem(self.titles, ignoreBounds=True)

    def _restyle(self) -> None:
        """Colours from the palette: background, axes and their text, the highlight (again after a change)."""
        palette = self.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        self.graphics.setBackground(base)
        for axis in (self.axis, self.overview_axis, self.plot.getAxis("left")):
            axis.setTextPen(pg.mkPen(text))
            axis.setPen(pg.mkPen(muted(text, base, 0.5)))
        pen = pg.mkPen(palette.color(QPalette.ColorRole.Highlight), width=3)
        self.highlight.setOpts(pen=pen)
        self.highlight_dots.setPen(pen)
        self.titles.set_colour(text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "highlight"):
            self._restyle()
            if self.layout_ is not None and self.selection.dataset is not None:
                self._all_items = None  # their colours are the old palette's
                self._draw_lanes()
                self._draw_events()
                self._fill_legend(self.layout_, self.selection.dataset)

    def rebuild(self) -> None:
        """Lay out a new dataset and create its drawing items."""
        data = self.selection.dataset
        if data is None:  # nothing to lay out until a dataset is shown
            return
        for plot, item in self._items:
            plot.removeItem(item)
        self._items.clear()
        self.full_layout = self.layout_ = lay = layout(data)
        self._x_end = np.maximum(lay.x1, lay.x0)
        self._by_end, self._view_index, self._all_items, self._all_index = None, None, None, None
        self._all_parts = None
        columns = columns_of(data)
        self._in_dataset = columns.in_period()  # the layout's events are these
        self._widths = np.full(len(lay.events), np.nan)
        self._title_len = columns.title_len[self._in_dataset].astype(float)
        for axis in (self.axis, self.overview_axis):
            axis.set_timezone(data.period.tz)
        self._mask = np.ones(len(lay.x0), dtype=bool)
        start, end = data.period.start_dt.timestamp(), data.period.end_dt.timestamp()
        for plot in (self.plot, self.overview):
            plot.getViewBox().setLimits(xMin=start, xMax=end, minXRange=HOUR, maxXRange=end - start)
        self.overview.setXRange(start, end, padding=0)
        for item in (self.highlight, self.highlight_dots):
            self.plot.addItem(item)
            self._items.append((self.plot, item))
        self._y_top = -0.3
        self._draw_lanes()
        self._draw_events()
        self._fill_legend(lay, data)
        self.fit()
        self.show_current(self.selection.current_id)

    def _draw_lanes(self) -> None:
        """The lanes shown: their names, alternate shading and heights (again after a filter closes some up)."""
        for plot, item in self._lane_items:
            plot.removeItem(item)
        self._lane_items = []
        lay, data = self.layout_, self.selection.dataset
        if lay is None or data is None:
            return
        self._rows = distinct(lay.y[lay.y > -1e5])  # every row's y, once per set of lanes shown
        self._row_rank = np.searchsorted(self._rows, lay.y)  # per entry (those of lanes not shown: unused)
        shown = lay.y > -1e5
        self._row_lane = np.zeros(len(self._rows), dtype=np.int64)
        self._row_lane[self._row_rank[shown]] = lay.lane[shown]
        left = self.plot.getAxis("left")
        names = [_short(lane.name) for lane in lay.lanes] or [""]
        metrics = QFontMetricsF(left.font())
        widest = max([metrics.horizontalAdvance(n) for n in names] + [metrics.horizontalAdvance("+99,999 more")])
        left.setWidth(int(widest) + 18)
        self._set_lane_ticks((), force=True)
        self.overview.setYRange(-0.3, lay.height + 0.1, padding=0)
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
            self._lane_items.append((self.plot, bands))
        self._fit_rows()

    @property
    def more(self) -> dict[int, np.ndarray]:
        """Lane index -> the entries in view that have no title there (its "+N more")."""
        lay = self.layout_
        hidden = np.flatnonzero(self.in_view()) if self._hidden is None else self._hidden
        if lay is None or not hidden.size:
            return {}
        lanes = lay.lane[hidden]
        return {int(index): hidden[lanes == index] for index in distinct(lanes).tolist()}

    def _set_lane_ticks(self, counts: tuple[int, ...], force: bool = False) -> None:
        """Lane names, each with its "+N more" (the axis is redrawn only when a count changed)."""
        lay = self.layout_
        if lay is None or (counts == self._more_counts and not force):
            return
        self._more_counts = counts
        ticks = []
        for index, lane in enumerate(lay.lanes):
            count = counts[index] if index < len(counts) else 0
            ticks.append((lane.centre, _short(lane.name) + (f"\n+{count:,} more" if count else "")))
        self.plot.getAxis("left").setTicks([ticks, []])

    def row_px_min(self) -> float:
        """The least height of a row on screen: a line of label text and a little room."""
        return self._metrics.height() + ROW_EXTRA_PX

    def _fit_rows(self) -> None:
        """Show as many rows as fit at a readable height; the scroll bar reaches the others."""
        lay = self.layout_
        if lay is None:
            return
        view_px = max(self.plot.getViewBox().height(), 1.0)
        total = lay.height + 0.4
        rows = view_px / self.row_px_min()
        if rows >= total:  # all fit; rows no taller than a few lines (a lane or two left by a filter stay at the top)
            self._y_top = -0.3
            self.lane_scroll.hide()
            shown = max(total, view_px / (self.row_px_min() * MAX_ROW_LINES))
            self.plot.setYRange(-0.3, -0.3 + shown, padding=0)
        else:
            self._y_top = min(max(self._y_top, -0.3), -0.3 + total - rows)
            self.lane_scroll.blockSignals(True)
            self.lane_scroll.setRange(0, round((total - rows) * 10))
            self.lane_scroll.setPageStep(max(int(rows * 10), 1))
            self.lane_scroll.setSingleStep(10)
            self.lane_scroll.setValue(round((self._y_top + 0.3) * 10))
            self.lane_scroll.blockSignals(False)
            self.lane_scroll.show()
            self.plot.setYRange(self._y_top, self._y_top + rows, padding=0)
        self._label_timer.start()

    def _scrolled(self, value: int) -> None:
        self._y_top = value / 10 - 0.3
        self._fit_rows()

    def y_range(self) -> tuple[float, float]:
        _, (y0, y1) = self.plot.getViewBox().viewRange()
        return y0, y1

    def _draw_events(self) -> None:
        """(Re)create the vectorised items for the events that pass the filters."""
        for plot, item in self._event_items:
            plot.removeItem(item)
        self._event_items = []
        lay, data, mask = self.layout_, self.selection.dataset, self._mask
        if lay is None or data is None:  # no dataset shown yet
            return
        everything = lay is self.full_layout and bool(mask.all())
        if everything and self._all_items is not None:  # a filter cleared: the items drawn before it, levels and all
            for plot, item in self._all_items:
                self._add_event_item(plot, item)
            self._label_timer.start()
            return
        colours = [QColor(data.colour_of(c)) for c in lay.categories]
        base = self.palette().color(QPalette.ColorRole.Base)
        if lay is self.full_layout and self._all_parts is not None:  # a search: every entry's parts, cut down
            parts = within(self._all_parts, mask)
        else:
            parts = group(lay, mask, self._row_rank, len(colours))
        main_layers, overview_layers = [], []
        dots: Part | None = None
        for part in parts:  # in the layers' order: by category, faint bars before solid ones, the exact times last
            if part.layer == EXACT:
                dots = part
                overview_layers.append(BarLayer(part.x0, part.x1, part.y, pg.mkBrush(QColor(UNDECLARED_COLOUR)),
                                                presorted=True, rank=part.rank))
                continue
            index, solid = divmod(part.layer, 2)
            colour = colours[index]
            # opaque colours mixed with the background: the same look as translucent ones where bars do not
            # overlap (rows are packed), and far cheaper to fill at 100k events than blending
            fill, edge = blend(base, colour, 0.8 if solid else 0.28), blend(base, colour, 0.9 if solid else 0.65)
            main_layers.append(BarLayer(part.x0, part.x1, part.y, pg.mkBrush(fill), pg.mkPen(edge, width=1),
                                        group=index, presorted=True, rank=part.rank))
            overview_layers.append(BarLayer(part.x0, part.x1, part.y, pg.mkBrush(colour), group=index,
                                            presorted=True, rank=part.rank))
        # where bars of different categories overlap (rows shared in a crowd), neither colour would be the truth
        text = self.palette().color(QPalette.ColorRole.Text)
        mixed, mixed_edge = blend(base, text, MIXED_SHADE), blend(base, text, 2 * MIXED_SHADE)
        self._add_event_item(self.plot, LayeredBars(main_layers, BAR_HALF, QBrush(mixed), pg.mkPen(mixed_edge),
                                                    rows=self._rows))
        overview = LayeredBars(overview_layers, 0.5, QBrush(mixed_edge), rows=self._rows)
        overview.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # the overview's range never moves
        self._add_event_item(self.overview, overview)
        if dots is not None:
            # one item for the exact times of all lanes: per-item overhead, not points, dominates a paint
            assert dots.category is not None
            pen = pg.mkPen(text, width=1)
            self._add_event_item(self.plot, Dots(dots.x0, dots.y, dots.category, colours, size=11, pen=pen,
                                                 row_height=1.0, presorted=True))
        if everything:
            self._all_items, self._all_parts = list(self._event_items), parts
        self._label_timer.start()

    def _add_event_item(self, plot: BarePlot, item: QGraphicsItem) -> None:
        plot.addItem(item)
        self._event_items.append((plot, item))

    def _fill_legend(self, lay: LaneLayout, data: Dataset) -> None:
        columns = columns_of(data)
        used = {columns.categories[i] for i in distinct(columns.category[columns.in_period()]).tolist()}
        palette = self.palette()
        hint_colour = muted(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window))
        items = [f"<span style='color:{escape(category.colour)}'>■</span>&nbsp;"
                 f"{escape(category.label).replace(' ', '&nbsp;')}"
                 for category in data.categories.values() if category.id in used]
        hint = LEGEND_HINT + (" · Grey: categories overlap" if lay.categories_overlap() else "")
        self.legend.setText("&nbsp;&nbsp; ".join(items) + f"&nbsp;&nbsp;&nbsp; <span style='color:"
                            f"{hint_colour.name()}'>{escape(hint)}</span>")

    # --- view range -----------------------------------------------------------------------------------------------
    def fit(self) -> None:
        """Frame the events that pass the filters, with a margin (the whole period when there are none)."""
        lay, data = self.layout_, self.selection.dataset
        if data is None or lay is None:  # no period until a dataset is shown
            return
        shown = self._mask
        if not shown.any():
            self.fit_period()
            return
        start, end = data.period.start_dt.timestamp(), data.period.end_dt.timestamp()
        first, last = float(lay.x0[shown].min()), float(np.maximum(lay.x1[shown], lay.x0[shown]).max())
        width = max(last - first, DAY / 2)
        margin = width * FIT_MARGIN
        x0, x1 = max(first - margin, start), min(first + width + margin, end)
        self.plot.setXRange(x0, x1, padding=0)

    def fit_period(self) -> None:
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
        full = self.full_layout
        if full is None:
            return
        # the selection works out (once, for all views) which events pass; reuse its answer
        passing = self.selection.passing_mask()
        mask = np.ones(len(full.event), dtype=bool) if passing is None else passing[self._in_dataset][full.event]
        # a place filter shows those places' lanes; a search, the lanes where something passes
        places = self.selection.place_filter
        if places:
            keep = np.fromiter((lane.place_id in places for lane in full.lanes), bool, len(full.lanes))
        else:
            keep = full.lanes_with(mask) if passing is not None else np.ones(len(full.lanes), dtype=bool)
        if not keep.any():
            keep[:] = True  # nothing passes: the empty lanes say so better than an empty chart
        mask &= keep[full.lane]
        shown = full.only_lanes(keep)
        if shown is self.layout_ and np.array_equal(mask, self._mask):  # a keystroke that hides nothing more
            self.show_current(self.selection.current_id)
            return
        self._mask = mask
        if shown is not self.layout_:
            self.layout_ = shown
            self._draw_lanes()
        self._draw_events()
        self.show_current(self.selection.current_id)
        # titles and lane counts follow before the next paint, not after it: the first frame after a keystroke
        # shows the search whole (at a million events, hidden events' titles stayed up for a paint, some 30 ms)
        self.update_labels_now()

    def show_current(self, event_id: str | None) -> None:
        lay = self.layout_
        if lay is None:  # nothing drawn to highlight yet
            return
        entries = lay.entries_of(event_id) if event_id else np.empty(0, dtype=int)
        entries = entries[self._mask[entries]] if entries.size else entries
        bars = entries[~lay.exact[entries]] if entries.size else entries
        dots = entries[lay.exact[entries]] if entries.size else entries
        self.highlight.setOpts(x0=lay.x0[bars] if bars.size else [], x1=np.maximum(lay.x1[bars], lay.x0[bars] + 60)
                               if bars.size else [], y0=lay.y[bars] - BAR_HALF - 0.06 if bars.size else [],
                               y1=lay.y[bars] + BAR_HALF + 0.06 if bars.size else [])
        self.highlight_dots.setData(x=lay.x0[dots] if dots.size else [], y=lay.y[dots] if dots.size else [])
        self._update_description(event_id)
        if entries.size:
            self._keep_in_view(float(lay.x0[entries].min()), float(lay.x1[entries].max()))
            self._keep_row_in_view(float(lay.y[entries].min()))
        self._label_timer.start()

    def _update_description(self, event_id: str | None) -> None:
        """What a screen reader says about the timeline: the selected event."""
        data, event = self.selection.dataset, self.selection.current
        if event_id and data is not None and event is not None and event.id == event_id:
            self.setAccessibleDescription(f"Selected: {event.title}, {event.date_label(data.period.tz)}")
        else:
            self.setAccessibleDescription("No event selected")

    def _keep_in_view(self, start: float, end: float) -> None:
        """Bring an event into view only when none of it shows (a click on a bar never moves the view)."""
        x0, x1 = self.x_range()
        if end >= x0 and start <= x1:
            return
        width = x1 - x0
        if end - start <= width:
            shift = (end - x1 + width * 0.05) if end > x1 else (start - x0 - width * 0.05)
            self.plot.setXRange(x0 + shift, x1 + shift, padding=0)
            return
        self.plot.setXRange(start, start + width, padding=0)

    def _keep_row_in_view(self, y: float) -> None:
        if not self.lane_scroll.isVisible():
            return
        y0, y1 = self.y_range()
        if y0 <= y - 0.5 and y + 0.5 <= y1:
            return
        self._y_top = y - 0.5 - 0.3 if y < y0 + 0.5 else y + 0.5 + 0.3 - (y1 - y0)
        self._fit_rows()

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

    def label_at(self, scene_pos: QPointF) -> str | None:
        """The event whose title is drawn at a scene position, or None."""
        lay = self.layout_
        if lay is None:
            return None
        point = self.plot.getViewBox().mapFromScene(scene_pos)
        for entry, rect in self.placed:
            if rect.contains(point):
                return lay.events[int(lay.event[entry])].id
        return None

    def lane_label_at(self, scene_pos: QPointF) -> int | None:
        """The index of the lane whose name is at a scene position (in the left axis), or None."""
        lay = self.layout_
        left = self.plot.getAxis("left")
        if lay is None or not left.sceneBoundingRect().contains(scene_pos):
            return None
        y = self.plot.getViewBox().mapSceneToView(scene_pos).y()
        for index, lane in enumerate(lay.lanes):
            if lane.top - 0.3 <= y <= lane.bottom + 0.3:
                return index
        return None

    def scene_pos_of(self, event_id: str) -> QPointF | None:
        """Scene position of the middle of an event's first drawn mark (for tests and keyboard focus)."""
        lay = self.layout_
        if lay is None:
            return None
        entries = lay.entries_of(event_id)
        entries = entries[self._mask[entries]]
        if not entries.size:
            return None
        first = entries[0]
        x = lay.x0[first] if lay.exact[first] else (lay.x0[first] + lay.x1[first]) / 2
        scene_pos: QPointF = self.plot.getViewBox().mapViewToScene(QPointF(float(x), float(lay.y[first])))
        return scene_pos

    def _on_click(self, event: MouseClickEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            event_id = self.event_at(event.scenePos()) or self.label_at(event.scenePos())
            if event_id is not None:
                event.accept()
                self.eventMenuRequested.emit(event_id, event.screenPos().toPoint())
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        event_id = self.event_at(event.scenePos()) or self.label_at(event.scenePos())
        if event_id is not None:
            event.accept()
            self.eventClicked.emit(event_id)
            return
        lane = self.lane_label_at(event.scenePos())
        if lane is not None and lane < len(self._more_counts) and self._more_counts[lane]:
            event.accept()
            self.expand_more(lane)

    def expand_more(self, lane: int) -> None:
        """Zoom in on the events of a lane that have no title in view (its "+N more")."""
        lay = self.layout_
        hidden = self.more.get(lane)
        if lay is None or hidden is None or not hidden.size:
            return
        x0, x1 = self.x_range()
        first, last = float(lay.x0[hidden].min()), float(np.maximum(lay.x1[hidden], lay.x0[hidden]).max())
        first, last = max(first, x0), min(last, x1)
        if last - first > (x1 - x0) * 0.6:  # spread over the view: halve the view around them
            centre = (first + last) / 2
            first, last = centre - (x1 - x0) / 4, centre + (x1 - x0) / 4
        margin = max((last - first) * FIT_MARGIN, HOUR / 2)
        self.plot.setXRange(first - margin, last + margin, padding=0)
        self._keep_row_in_view(float(lay.lanes[lane].top + 0.5))

    def _on_hover(self, args: tuple[QPointF]) -> None:
        scene_pos = args[0]
        event_id = self.event_at(scene_pos) or self.label_at(scene_pos)
        data = self.selection.dataset
        if event_id is None or data is None:  # (an event is only found once a dataset is shown)
            if self._tip_id is not None:
                QToolTip.hideText()
                self._tip_id = None
            return
        if event_id == self._tip_id and QToolTip.isVisible():
            return  # resting on the same event: the tooltip stays as it is
        self._tip_id = event_id
        view_pos = self.graphics.mapFromScene(scene_pos)
        QToolTip.showText(self.graphics.mapToGlobal(view_pos), self.hover_text(data, event_id), self.graphics,
                          QRect(), TOOLTIP_MS)

    @staticmethod
    def hover_text(data: Dataset, event_id: str) -> str:
        """An event's tooltip: title, date and places, escaped (titles are data, not markup)."""
        event = data.event(event_id)
        places = ", ".join(data.places[p].name for p in event.place_ids)
        return (f"<b>{escape(event.title)}</b><br>{escape(event.date_label(data.period.tz))}<br>"
                f"{escape(places)}")

    # --- labels ---------------------------------------------------------------------------------------------------
    def update_labels_now(self) -> None:
        """Place labels at once instead of on the next turn of the event loop."""
        self._label_timer.stop()
        self._update_labels()

    def visible_labels(self) -> list[str]:
        return self.titles.texts()

    def in_view(self) -> np.ndarray:
        """Entries passing the filters with some part in the visible range and rows."""
        lay = self.layout_
        if lay is None:
            return np.zeros(0, dtype=bool)
        (xa, xb), (ya, yb) = self.plot.getViewBox().viewRange()
        if len(self._x_end) != len(lay.x0):
            self._x_end = np.maximum(lay.x1, lay.x0)
        shown = self._mask & (self._x_end >= xa) & (lay.x0 <= xb)
        if ya > 0.0 or yb < lay.height:  # some rows are scrolled out of view (rows' centres lie in between)
            shown &= (lay.y >= ya) & (lay.y <= yb)
        return shown

    def _update_labels(self) -> None:
        """Title every event in view whose title clears the next mark of its row; count the others per lane.

        All in arrays: the entries in view sorted by row and start, each title's room is up to the next entry of
        its row (titles of one row can then never overlap, and rows are a line of text apart)."""
        lay = self.layout_
        if lay is None:
            return
        view = self.plot.getViewBox()
        (xa, xb), (ya, yb) = view.viewRange()
        width_px = max(view.width(), 1.0)
        row_px = view.height() / max(abs(yb - ya), 1e-9)
        sec_per_px = (xb - xa) / width_px
        rows = np.arange(len(self._rows))
        if ya > 0.0 or yb < lay.height:  # some rows are scrolled out of view (rows' centres lie in between)
            rows = rows[np.searchsorted(self._rows, ya, "left"):np.searchsorted(self._rows, yb, "right")]
        index = self._in_view_index()
        row_counts = index.counts(rows, xa, xb)
        total = int(row_counts.sum())
        placed: list[tuple[int, float, float]] = []  # (entry, left px, right px)
        if not total or total > MAX_LABEL_CANDIDATES or row_px < self._metrics.height() * 0.95:
            # no titles: every entry in view is counted in its lane (and listed only when asked, by `more`)
            self._hidden = None if total else np.zeros(0, dtype=int)
            per_lane = np.bincount(self._row_lane[rows], weights=row_counts, minlength=len(lay.lanes))
            self._set_lane_ticks(tuple(int(c) for c in per_lane) if total else ())
            self._show_labels(placed, xa, sec_per_px, ya, row_px)
            return
        visible = index.entries(rows, xa, xb)
        labelled = np.zeros(len(lay.x0), dtype=bool)
        if visible.size:
            order = visible[np.lexsort((lay.x0[visible], lay.y[visible]))]
            x0_px = (lay.x0[order] - xa) / sec_per_px
            x1_px = (np.maximum(lay.x1[order], lay.x0[order]) - xa) / sec_per_px
            exact = lay.exact[order]
            left = np.maximum(x0_px, 0.0) + np.where(exact, 8.0, 3.0)
            # the next mark of the same row: its start (a dot's left edge)
            same_row_next = np.append(lay.y[order][1:] == lay.y[order][:-1], False)
            next_left = np.append(np.where(exact[1:], x0_px[1:] - 6.0, x0_px[1:]), np.inf)
            obstacle = np.where(same_row_next, next_left, np.inf)
            # and no earlier mark of the row reaching over the title (rows shared in a crowd)
            offset = np.unique(lay.y[order], return_inverse=True)[1] * (4 * width_px + 1e6)
            reach = np.maximum.accumulate(np.where(exact, x0_px + 6.0, x1_px) + offset) - offset
            earlier = np.append(-np.inf, reach[:-1])
            same_row_prev = np.append(False, lay.y[order][1:] == lay.y[order][:-1])
            earlier = np.where(same_row_prev, earlier, -np.inf)
            # titles are measured (once each) only where one might fit: the room between the marks around it
            # holds most of its width estimated from its length; the others cannot show whole
            events = lay.event[order]
            estimate = self._title_len[events] * self._char_px
            room_around = np.minimum(obstacle - 2.0, width_px) - np.maximum(earlier + 1.0, 0.0)
            measured = room_around >= 0.7 * estimate
            widths = estimate.copy()
            widths[measured] = self._title_widths(events[measured])
            right = left + widths + 6.0
            # a title running past the right edge moves left, over its own bar, while it still starts on it; only
            # the last mark of a row in view can (the next is past the edge), after the titles before it are placed
            at_bar = left
            room = np.minimum(obstacle - 2.0, width_px) - at_bar  # from its bar to the next mark or the edge
            over = np.maximum(right - width_px, 0.0)
            movable = (over > 0) & measured & (obstacle >= width_px)
            fits = (right <= obstacle - 2.0) & (right <= width_px) & (earlier <= left - 1.0) & (left >= 0.0) & measured
            # where the whole title has no room, its beginning does (shortened with "…"; the tooltip has it all)
            shortened = ~fits & ~movable & (room >= ELIDE_MIN_PX) & (earlier <= at_bar - 1.0)
            left, right = np.where(shortened, at_bar, left), np.where(shortened, at_bar + room, right)
            fits |= shortened
            prev_title = np.append(-np.inf, np.where(fits, right, -np.inf)[:-1])  # the title before, in its row
            prev_title = np.where(same_row_prev, prev_title, -np.inf)
            moved_left, moved_right = left - over, right - over
            moved = (movable & (earlier <= moved_left - 1.0) & (prev_title <= moved_left - 2.0) & (moved_left >= 0.0)
                     & (moved_left <= x1_px))
            # and where it cannot move far enough, it is shortened from its bar like the others
            cut = movable & ~moved & (room >= ELIDE_MIN_PX) & (earlier <= at_bar - 1.0) & (prev_title <= at_bar - 2.0)
            left = np.where(moved, moved_left, np.where(cut, at_bar, left))
            right = np.where(moved, moved_right, np.where(cut, at_bar + room, right))
            fits |= moved | cut
            chosen = np.flatnonzero(fits)
            if chosen.size > MAX_LABELS:  # the current event's titles first, then from the left
                current = np.isin(order[chosen], self._current_entries())
                chosen = chosen[np.lexsort((left[chosen], ~current))][:MAX_LABELS]
            labelled[order[chosen]] = True
            placed = [(int(order[i]), float(left[i]), float(right[i])) for i in chosen.tolist()]
        self._hidden = visible[~labelled[visible]]
        hidden = self._hidden
        self._set_lane_ticks(tuple(int(c) for c in np.bincount(lay.lane[hidden], minlength=len(lay.lanes)))
                             if hidden.size else ())
        self._show_labels(placed, xa, sec_per_px, ya, row_px)

    def _in_view_index(self) -> InView:
        """What `_update_labels` counts entries in view with, made again when the filter or lanes change."""
        lay = self.layout_
        assert lay is not None
        cached = self._view_index
        if cached is not None and cached[0] is lay and cached[1] is self._mask:
            return cached[2]
        everything = lay is self.full_layout and bool(self._mask.all())
        if everything and self._all_index is not None:
            self._view_index = (lay, self._mask, self._all_index)
            return self._all_index
        if lay is self.full_layout and self._all_index is not None:  # a search: every lane's rows as they were
            self._view_index = (lay, self._mask, self._all_index.within(self._mask))
            return self._view_index[2]
        full = self.full_layout if self.full_layout is not None else lay
        if self._by_end is None or len(self._by_end) != len(lay.x0):
            self._by_end = np.lexsort((np.maximum(full.x1, full.x0), full.y))
        if len(self._x_end) != len(lay.x0):
            self._x_end = np.maximum(lay.x1, lay.x0)
        index = InView(np.flatnonzero(self._mask), self._row_rank, lay.x0, self._x_end, self._by_end, self._mask)
        self._view_index = (lay, self._mask, index)
        if everything:
            self._all_index = index
        return index

    def _current_entries(self) -> np.ndarray:
        lay, current = self.layout_, self.selection.current_id
        return lay.entries_of(current) if lay is not None and current else np.empty(0, dtype=int)

    def _title_widths(self, events: np.ndarray) -> np.ndarray:
        """Pixel widths of the titles of these laid-out events, measured once each."""
        widths = self._widths[events]
        missing = np.flatnonzero(np.isnan(widths))
        if missing.size:
            lay = self.layout_
            assert lay is not None
            bold = QFontMetricsF(self._bold_font())  # measured bold: the current event's title is drawn so
            for index in distinct(events[missing]).tolist():
                self._widths[index] = bold.horizontalAdvance(lay.title(index))
            widths = self._widths[events]
        return widths

    def _bold_font(self) -> QFont:
        bold = QFont(self._font)
        bold.setBold(True)
        return bold

    def _show_labels(self, placed: list[tuple[int, float, float]], xa: float, sec_per_px: float, ya: float,
                     row_px: float) -> None:
        lay = self.layout_
        assert lay is not None
        bold = self._bold_font()
        current = set(self._current_entries().tolist())
        line = self._metrics.height()
        self.placed = []
        bold_metrics = QFontMetricsF(bold)
        titles = []
        for entry, left, right in placed:
            title = lay.title(int(lay.event[entry]))
            width = self._title_widths(lay.event[entry:entry + 1])[0]
            if right - left < width + 6.0 - 0.5:  # no room for all of it
                title = bold_metrics.elidedText(title, Qt.TextElideMode.ElideRight, right - left - 8.0)
            y = float(lay.y[entry])
            titles.append((xa + (left + 1.0) * sec_per_px, y, title, entry in current))
            top = (y - ya) * row_px - line / 2
            self.placed.append((entry, QRectF(left, top, right - left, line)))
        self.titles.set_titles(titles, self.plot.getViewBox().viewRect())


def _short(name: str) -> str:
    return name if len(name) <= 18 else name.split(" (")[0]
