"""The timeline as a print figure: drawn with QPainter at an exact pixel size, light whatever the window's theme.

Title and date range, lanes with labels, a day axis with dates and weekdays, the events with their titles (or,
when the titles cannot all be set legibly without overlapping, numbers on the bars with a key below), the category
legend, and a footer naming the sources, the event count, the kztimeline version and a short hash of the data.
Lane names never overlap (they shrink to their lane, and where lanes are thinner still, every other name is left
out); `fitting_height` gives the height at which every lane's numbers or titles are legible and the key fits, which
`kztimeline export` uses unless a height is given. Nothing here depends on the time of day, so the same data and
options give the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from .. import __version__
from ..model.columns import columns_of
from ..model.entities import Dataset, Event

INK, GREY, GRID, BAND, WEEKEND, PAPER = "#1a1a1a", "#666666", "#d9d9d9", "#f4f4f4", "#ebebeb", "#ffffff"
FONT_FAMILY = "DejaVu Sans"
DENSE_ABOVE = 400  # events; beyond this the figure shades events per hour instead of drawing each one
MIN_NAME_PX = 8.0  # lane names shrink to their lane down to this size; below it, some names are left out
MAX_HEIGHT = 20000


@dataclass(frozen=True)
class FigureOptions:
    width: int = 1600
    height: int = 500
    start: datetime | None = None  # default: the dataset's period
    end: datetime | None = None
    places: tuple[str, ...] | None = None  # default: all places


@dataclass
class _Row:
    extents: list[tuple[float, float]] = field(default_factory=list)

    def fits(self, a: float, b: float) -> bool:
        return all(b <= x or a >= y for x, y in self.extents)


class Figure:
    """Lays out and paints one figure; `numbered` tells which of the two title styles was chosen."""

    def __init__(self, dataset: Dataset, options: FigureOptions):
        self.data, self.options = dataset, options
        self.width, self.height = options.width, options.height
        period = dataset.period
        self.start = options.start or period.start_dt
        self.end = options.end or period.end_dt
        self.tz = period.tz
        self.place_ids = list(options.places or dataset.places)
        # which events, from the dataset's columns: a dense figure of a million events never builds one
        columns = self.columns = columns_of(dataset)
        chosen = (~columns.context & (columns.end > self.start.timestamp()) & (columns.start < self.end.timestamp())
                  & columns.at_places(self.place_ids))
        self.positions = np.flatnonzero(chosen)
        self.count = len(self.positions)
        self.dense = self.count > DENSE_ABOVE
        every = dataset.events
        self.events: list[Event] = [] if self.dense else [every[i] for i in self.positions.tolist()]
        self.numbers = {e.id: i + 1 for i, e in enumerate(self.events)}
        self.base = max(11.0, min(64.0, self.width / 110, self.height / 36))
        self.font = _font(self.base)
        self.small = _font(self.base * 0.85)
        self.bold = _font(self.base, bold=True)
        self.title_font = _font(self.base * 1.45, bold=True)
        self.margin = max(8.0, self.base)
        self.lane_label_rects: dict[str, QRectF] = {}  # the lane names drawn, where (filled by paint)
        self.numbers_drawn: set[str] = set()  # the events whose number (or title) stands on its bar (by paint)
        self._layout()

    # --- layout ---------------------------------------------------------------------------------------------------
    def _layout(self) -> None:
        fm, small = QFontMetricsF(self.font), QFontMetricsF(self.small)
        names = [self.data.places[p].name for p in self.place_ids]
        self.label_w = max((fm.horizontalAdvance(n) for n in names), default=0) + self.base
        top = self.margin + QFontMetricsF(self.title_font).height() * 1.5
        self.footer_h = small.height() * 1.6
        self.axis_h = fm.height() * 2.3
        left = self.margin + self.label_w
        right = self.width - self.margin
        bottom = self.height - self.margin - self.footer_h - self.axis_h
        self.plot = QRectF(left, top, max(right - left, 10), max(bottom - top, 10))
        self.numbered = False
        if self.dense:  # too many to title or number: one shaded strip per category in each lane
            self.categories = list(self.columns.categories)
            self.rows: dict[str, list[list[Event]]] = {p: [[] for _ in self.categories] for p in self.place_ids}
            self.row_h = self._fit_row_height()
            self.lane_gap = self.row_h * 0.5
            return
        for scale in (1.0, 0.9, 0.8):  # titles at a slightly smaller size beat a numbered key
            self.font, self.bold = _font(max(10.0, self.base * scale)), _font(max(10.0, self.base * scale), True)
            fm = QFontMetricsF(self.font)
            self.rows, self.row_h = self._pack(titles=True), fm.height() * 1.35
            if self._lanes_height(self.row_h) <= self.plot.height():
                break
        else:
            self.numbered = True
            self.font, self.bold = _font(self.base), _font(self.base, True)
            self.key_lines, self.key_cols = self._key_layout()
            self.rows = self._pack(titles=False)
            # the lanes keep rows tall enough for numbers of MIN_NAME_PX; the key takes the rest, cut short if it
            # must (its last line then says how many more there are)
            avail, line_h = max(bottom - top, 10), small.height() * 1.25
            lane_rows = sum(len(r) for r in self.rows.values()) + 0.5 * max(len(self.place_ids) - 1, 0)
            whole_key = line_h * self.key_lines + self.base * 0.6
            if avail - whole_key >= lane_rows * 6.5:  # the whole key, if numbers of 7 px still fit the rows
                room = whole_key
            else:
                room = max(avail - lane_rows * MIN_NAME_PX * 1.3, min(avail * 0.3, line_h * 3 + self.base))
            self.key_shown = min(len(self.events), self.key_cols * max(1, int((room - self.base * 0.6) // line_h)))
            if self.key_shown < len(self.events):
                self.key_lines = math.ceil(self.key_shown / self.key_cols)
            key_h = line_h * self.key_lines + self.base * 0.6
            self.plot.setBottom(max(top + 10, bottom - key_h))
            self.row_h = min(QFontMetricsF(self.font).height() * 1.35, self._fit_row_height())
            # numbers shrink with the rows, down to a still-legible size
            self.bold = _font(max(7.0, min(self.base, self.row_h * 0.8)), bold=True)
        self.lane_gap = self.row_h * 0.5

    def needed_height(self) -> float:
        """The height this figure needs at its width: every lane's rows tall enough for legible titles or numbers
        (and lane names), the key whole; the figure's own height if it already fits."""
        fm, small = QFontMetricsF(_font(self.base)), QFontMetricsF(self.small)
        fixed = self.plot.top() + self.axis_h + self.footer_h + self.margin
        gaps = max(len(self.place_ids) - 1, 0)
        if self.dense:
            total_rows = sum(len(rows) for rows in self.rows.values())
            row_h = fm.height() * 1.1 / (len(self.categories) + 0.5)
            return max(self.height, fixed + row_h * (total_rows + 0.5 * gaps))
        if not self.numbered:
            return self.height
        key_h = small.height() * 1.25 * math.ceil(len(self.events) / self.key_cols) + self.base * 0.6
        row_h = max(fm.height() * 1.35, MIN_NAME_PX * 1.2)
        numbered = fixed + key_h + (sum(len(r) for r in self.rows.values()) + 0.5 * gaps) * row_h
        font = self.font
        self.font = _font(max(10.0, self.base * 0.9))
        titled = fixed + self._lanes_height(QFontMetricsF(self.font).height() * 1.35, self._pack(titles=True))
        self.font = font
        return max(self.height, min(titled, numbered))

    def _fit_row_height(self) -> float:
        total_rows = sum(len(rows) for rows in self.rows.values()) or 1
        gaps = 0.5 * max(len(self.place_ids) - 1, 0)
        return self.plot.height() / (total_rows + gaps)

    def _lanes_height(self, row_h: float, rows: dict[str, list[list[Event]]] | None = None) -> float:
        rows = self.rows if rows is None else rows
        return sum(len(r) for r in rows.values()) * row_h + 0.5 * row_h * max(len(self.place_ids) - 1, 0)

    def x(self, moment: datetime) -> float:
        span = (self.end - self.start).total_seconds()
        return self.plot.left() + (moment - self.start).total_seconds() / span * self.plot.width()

    def _extent(self, event: Event, titles: bool) -> tuple[float, float, float]:
        """(left, right, text_x): the horizontal room an event takes with its title or number."""
        fm = QFontMetricsF(self.font)
        a = max(self.x(event.window.start), self.plot.left())
        b = min(max(self.x(event.window.end), a + 3), self.plot.right())
        text = event.title if titles else str(self.numbers[event.id])
        width = fm.horizontalAdvance(text) + (self.base * 0.8 if titles else self.base * 0.5)
        text_x = a + self.base * 0.25
        if text_x + width > self.plot.right():
            text_x = self.plot.right() - width
        return min(a, text_x), max(b, text_x + width), text_x

    def _pack(self, titles: bool) -> dict[str, list[list[Event]]]:
        lanes: dict[str, list[list[Event]]] = {}
        for place_id in self.place_ids:
            rows: list[_Row] = []
            members: list[list[Event]] = []
            for event in (e for e in self.events if place_id in e.place_ids):
                a, b, _ = self._extent(event, titles)
                for row, bucket in zip(rows, members):
                    if row.fits(a, b):
                        row.extents.append((a, b))
                        bucket.append(event)
                        break
                else:
                    rows.append(_Row([(a, b)]))
                    members.append([event])
            lanes[place_id] = members or [[]]
        return lanes

    def _key_layout(self) -> tuple[int, int]:
        small = QFontMetricsF(self.small)
        widths = sorted(small.horizontalAdvance(self._key_text(e)) for e in self.events) or [100.0]
        typical = widths[int(len(widths) * 0.6)] if len(widths) > 1 else widths[0]  # the longer ones are elided
        cols = max(1, int((self.width - 2 * self.margin) // (min(typical, self.width / 2) + self.base * 2)))
        return math.ceil(len(self.events) / cols), cols

    def _key_text(self, event: Event) -> str:
        return f"{self.numbers[event.id]}  {event.title} ({event.date_label(self.tz)})"

    # --- painting -------------------------------------------------------------------------------------------------
    def paint(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.fillRect(QRectF(0, 0, self.width, self.height), QColor(PAPER))
        self._paint_title(p)
        lane_rects = self._paint_lanes(p)
        self._paint_days(p)
        if self.dense:
            self._paint_density(p, lane_rects)
        else:
            self._paint_events(p, lane_rects)
        if self.numbered:
            self._paint_key(p)
        self._paint_footer(p)

    def _paint_title(self, p: QPainter) -> None:
        p.setPen(QColor(INK))
        p.setFont(self.title_font)
        title = f"{self.data.title} — {self.range_label()}"
        fm = QFontMetricsF(self.title_font)
        p.drawText(QPointF(self.margin, self.margin + fm.ascent()), fm.elidedText(title, Qt.TextElideMode.ElideRight,
                                                                               self.width * 0.6))
        x = self.width - self.margin
        p.setFont(self.small)
        small = QFontMetricsF(self.small)
        used = {self.columns.categories[i] for i in np.unique(self.columns.category[self.positions]).tolist()}
        for category in reversed([c for c in self.data.categories.values() if c.id in used]):
            w = small.horizontalAdvance(category.label)
            x -= w
            p.setPen(QColor(INK))
            p.drawText(QPointF(x, self.margin + fm.ascent()), category.label)
            x -= self.base * 1.1
            p.fillRect(QRectF(x, self.margin + fm.ascent() - small.ascent() * 0.85, self.base * 0.8,
                              small.ascent() * 0.85), QColor(category.colour))
            x -= self.base * 1.0

    def range_label(self) -> str:
        first = self.start.astimezone(self.tz)
        last = (self.end - timedelta(seconds=1)).astimezone(self.tz)
        if (first.year, first.month) == (last.year, last.month):
            if first.day == 1 and (last + timedelta(days=1)).day == 1 and first.date() != last.date():
                return first.strftime("%B %Y")
            return f"{first.day}–{last.day} {last.strftime('%B %Y')}"
        return f"{first.day} {first.strftime('%b %Y')} – {last.day} {last.strftime('%b %Y')}"

    def _paint_lanes(self, p: QPainter) -> dict[str, QRectF]:
        """The lanes' bands and names. A name is set at most as tall as its lane's share of the height (down to
        MIN_NAME_PX), and where lanes are thinner than that, a name is left out when it would touch the one above;
        so names never overlap."""
        rects: dict[str, QRectF] = {}
        y = self.plot.top()
        thinnest = min((len(self.rows[p_]) * self.row_h + self.lane_gap for p_ in self.place_ids), default=self.row_h)
        font = _font(max(MIN_NAME_PX, min(self.font.pixelSize(), thinnest * 0.8)))
        p.setFont(font)
        fm = QFontMetricsF(font)
        last_bottom = -math.inf
        self.lane_label_rects = {}
        for index, place_id in enumerate(self.place_ids):
            h = len(self.rows[place_id]) * self.row_h
            rect = QRectF(self.plot.left(), y, self.plot.width(), h)
            rects[place_id] = rect
            if index % 2:
                p.fillRect(rect.adjusted(-self.label_w, -self.lane_gap / 2, 0, self.lane_gap / 2), QColor(BAND))
            name = self.data.places[place_id].name
            label = QRectF(self.margin, y + h / 2 - fm.height() / 2, fm.horizontalAdvance(name), fm.height())
            if label.top() >= last_bottom:
                p.setPen(QColor(INK))
                p.drawText(QPointF(label.left(), label.top() + fm.ascent()), name)
                self.lane_label_rects[place_id] = label
                last_bottom = label.bottom()
            y += h + self.lane_gap
        return rects

    def _paint_days(self, p: QPainter) -> None:
        start_local = self.start.astimezone(self.tz)
        day = start_local.replace(hour=0, minute=0, second=0, microsecond=0)
        days = []
        while day < self.end:
            days.append(day)
            day = (day + timedelta(days=1, hours=2)).replace(hour=0)
        px_day = self.plot.width() / max((self.end - self.start).total_seconds() / 86400, 1e-9)
        fm = QFontMetricsF(self.small)
        p.setFont(self.small)
        for day in days:
            x0, x1 = max(self.x(day), self.plot.left()), min(self.x(day + timedelta(days=1)), self.plot.right())
            if day.weekday() >= 5:
                p.fillRect(QRectF(x0, self.plot.top(), x1 - x0, self.plot.height()), _alpha(WEEKEND, 110))
            p.setPen(QPen(QColor(GRID), 1))
            if self.x(day) >= self.plot.left():
                p.drawLine(QPointF(x0, self.plot.top()), QPointF(x0, self.plot.bottom() + self.base * 0.3))
            p.setPen(QColor(INK))
            if px_day >= fm.horizontalAdvance("Wed 30 Jan") * 1.2:
                label = f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"
            elif px_day >= fm.horizontalAdvance("Wed") * 1.3:
                label = f"{day.strftime('%a')}\n{day.day}"
            else:
                label = str(day.day) if day.day % 2 else ""
            p.drawText(QRectF(x0, self.plot.bottom() + self.base * 0.3, max(x1 - x0, 1), self.axis_h),
                       int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), label)
        if px_day >= fm.horizontalAdvance("00:00") * 5:
            self._paint_hours(p, px_day)
        p.setPen(QPen(QColor(GREY), 1))
        p.drawLine(QPointF(self.plot.left(), self.plot.bottom()), QPointF(self.plot.right(), self.plot.bottom()))

    def _paint_hours(self, p: QPainter, px_day: float) -> None:
        step = 6 if px_day < QFontMetricsF(self.small).horizontalAdvance("00:00") * 10 else 3
        moment = self.start.astimezone(self.tz).replace(minute=0, second=0, microsecond=0)
        p.setFont(self.small)
        while moment < self.end:
            if moment.hour % step == 0 and moment.hour and moment >= self.start:
                x = self.x(moment)
                p.setPen(QPen(_alpha(GRID, 140), 1, Qt.PenStyle.DotLine))
                p.drawLine(QPointF(x, self.plot.top()), QPointF(x, self.plot.bottom()))
                p.setPen(QColor(GREY))
                p.drawText(QPointF(x + 2, self.plot.bottom() + self.axis_h * 0.9), moment.strftime("%H:%M"))
            moment += timedelta(hours=1)

    def _paint_events(self, p: QPainter, lanes: dict[str, QRectF]) -> None:
        fm = QFontMetricsF(self.font)
        for place_id, rows in self.rows.items():
            for row_index, events in enumerate(rows):
                top = lanes[place_id].top() + row_index * self.row_h
                for event in events:
                    self._paint_event(p, event, top, fm)

    def _paint_event(self, p: QPainter, event: Event, top: float, fm: QFontMetricsF) -> None:
        colour = QColor(self.data.colour_of(event.category))
        _a, _b, text_x = self._extent(event, titles=not self.numbered)
        x0 = max(self.x(event.window.start), self.plot.left())
        x1 = min(max(self.x(event.window.end), x0 + 3), self.plot.right())
        bar = QRectF(x0, top + self.row_h * 0.12, x1 - x0, self.row_h * 0.76)
        if event.window.is_exact:
            p.setPen(QPen(QColor(INK), 1))
            p.setBrush(colour)
            radius = self.row_h * 0.3
            p.drawEllipse(QPointF(x0, bar.center().y()), radius, radius)
        else:
            fill = QColor(colour)
            fill.setAlpha(210 if event.window.is_span else 80)
            edge = QColor(colour)
            edge.setAlpha(240 if event.window.is_span else 180)
            p.setPen(QPen(edge, 1))
            p.setBrush(fill)
            p.drawRect(bar)
        font = self.bold if self.numbered else self.font
        fm = QFontMetricsF(font)
        if self.row_h < fm.height() * 0.75:
            return
        text = str(self.numbers[event.id]) if self.numbered else event.title
        baseline = bar.center().y() + fm.ascent() / 2 - fm.descent() / 2
        if self.numbered:  # the number on a light patch, legible on any bar colour
            patch = QRectF(text_x - 1, baseline - fm.ascent(), fm.horizontalAdvance(text) + 2, fm.ascent() + 1)
            p.fillRect(patch, _alpha(PAPER, 200))
        p.setPen(QColor(INK))
        p.setFont(font)
        p.drawText(QPointF(text_x, baseline), text)
        self.numbers_drawn.add(event.id)

    def _paint_density(self, p: QPainter, lanes: dict[str, QRectF]) -> None:
        """Events per hour, each category in its own colour, as one image per lane (vectors would be too many)."""
        bins = max(1, math.ceil((self.end - self.start).total_seconds() / 3600))
        t0, span = self.start.timestamp(), (self.end - self.start).total_seconds()
        lane_of = {p: i for i, p in enumerate(self.place_ids)}
        columns = self.columns  # every (event, place) pair in arrays: no event is visited
        lane_index = np.array([lane_of.get(p, -1) for p in columns.places], dtype=np.int64)
        chosen = np.zeros(len(columns), dtype=bool)
        chosen[self.positions] = True
        owner = columns.place_owner
        pair = chosen[owner] & (lane_index[columns.place] >= 0)
        owner, lane = owner[pair], lane_index[columns.place[pair]]
        first = np.maximum(0.0, (columns.start[owner] - t0) / span * bins).astype(np.int64)
        last_a = np.minimum(bins, np.maximum(first + 1, np.ceil((columns.end[owner] - t0) / span * bins))).astype(
            np.int64)
        rows_a, first_a = lane * len(self.categories) + columns.category[owner], first
        weight = 1.0 / (last_a - first_a)  # an event known only to the day counts 1/24 in each of its hours
        grid = np.zeros((len(self.place_ids) * len(self.categories), bins + 1))
        np.add.at(grid, (rows_a, first_a), weight)
        np.add.at(grid, (rows_a, last_a), -weight)
        density = np.cumsum(grid, axis=1)[:, :bins]
        level = np.sqrt(np.clip(density / max(density.max(), 1e-12), 0, 1))
        qcolours = [QColor(self.data.colour_of(c)) for c in self.categories]
        colours = np.array([(q.red(), q.green(), q.blue()) for q in qcolours], dtype=float)
        rgb = 255 - (255 - colours[np.arange(len(level)) % len(self.categories)][:, None, :]) * level[:, :, None]
        pixels = (0xFF000000 | (rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8)
                  | rgb[..., 2].astype(np.uint32)).astype(np.uint32)
        image = QImage(pixels.tobytes(), bins, len(level), bins * 4, QImage.Format.Format_RGB32)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for place_id, rect in lanes.items():
            first_row = lane_of[place_id] * len(self.categories)
            p.drawImage(rect, image, QRectF(0, first_row, bins, len(self.categories)))

    def _paint_key(self, p: QPainter) -> None:
        small = QFontMetricsF(self.small)
        p.setFont(self.small)
        p.setPen(QColor(INK))
        top = self.plot.bottom() + self.axis_h + self.base * 0.3
        col_w = (self.width - 2 * self.margin) / self.key_cols
        line_h = small.height() * 1.25
        shown = self.events[:self.key_shown]
        for index, event in enumerate(shown):
            col, row = divmod(index, self.key_lines)
            text = self._key_text(event)
            if index == len(shown) - 1 and len(shown) < len(self.events):
                text = f"… {len(self.events) - index} more: export a taller figure (--height) for the whole key"
            text = small.elidedText(text, Qt.TextElideMode.ElideRight, col_w - self.base)
            p.drawText(QPointF(self.margin + col * col_w, top + row * line_h + small.ascent()), text)

    def _paint_footer(self, p: QPainter) -> None:
        small = QFontMetricsF(self.small)
        p.setFont(self.small)
        p.setPen(QColor(GREY))
        p.drawText(QPointF(self.margin, self.height - self.margin - small.descent()),
                   small.elidedText(self.footer_text(), Qt.TextElideMode.ElideRight, self.width - 2 * self.margin))

    def footer_text(self) -> str:
        used = set(self.columns.sources_of(self.positions))
        sources = "; ".join(f"{s.outlet} ({s.published.day} {s.published.strftime('%b %Y')})"
                            for s in self.data.sources.values() if s.id in used)
        count = self.count
        shading = " (shaded by events per hour)" if self.dense else ""
        if len(used) > 6:
            sources = f"{len(used)} sources"
        return (f"Sources: {sources or 'none'} · {count} event{'s' if count != 1 else ''}{shading} · "
                f"kztimeline {__version__} · data {self.data.digest}")


def fitting_height(dataset: Dataset, options: FigureOptions) -> int:
    """The height (at least `options.height`) at which the figure's lanes, titles or numbers and key all fit."""
    height = options.height
    for _ in range(6):  # the fonts grow a little with the height, so settle in a few steps
        needed = math.ceil(Figure(dataset, replace(options, height=height)).needed_height())
        if needed <= height:
            break
        height = min(MAX_HEIGHT, needed)
    return height


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _alpha(colour: str, alpha: int) -> QColor:
    out = QColor(colour)
    out.setAlpha(alpha)
    return out
