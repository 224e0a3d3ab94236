"""The parts of the places panel: marker sizes and labels, map paths, the corner box for international events and
the list of places. Kept apart from `placemap` so that the panel module holds only the panel's behaviour.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Set
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPainterPath,
                           QPen, QPolygonF)
from PySide6.QtWidgets import (QAbstractItemView, QGraphicsPathItem, QHeaderView, QTreeWidget, QTreeWidgetItem,
                               QWidget)

from ..geo.basemap import X_SCALE, MapFeature
from ..model.entities import Place

PLACE_ROLE = Qt.ItemDataRole.UserRole
MAX_MARKER = 44.0


def marker_size(count: int) -> float:
    """Marker diameter in pixels for a place with `count` events: area grows with the count, up to a cap so
    that a place with thousands of events does not cover the map."""
    return min(MAX_MARKER, 8 + 4 * math.sqrt(count))


def format_km(km: float) -> str:
    """'1 112 km': whole kilometres, thousands grouped with a space."""
    return f"{round(km):,} km".replace(",", " ")


def count_label(place: Place, count: int) -> str:
    """'Almaty (4)', 'Almaty (12,400)'; a name that already ends in brackets takes the count inside: 'Kazakhstan
    (nationwide, 12)'."""
    return f"{place.name[:-1]}, {count:,})" if place.name.endswith(")") else f"{place.name} ({count:,})"


def short_label(name: str, limit: int = 12) -> str:
    """A name cut to fit a crowded map: 'Mangistau region' → 'Mangistau…'; short names stay whole."""
    if len(name) <= limit:
        return name
    first = name.split()[0]
    return (first if len(first) <= limit else first[: limit - 1]) + "…"


def international_label(place: Place, count: int) -> str:
    """'International: CSTO, Moscow, Yerevan (4)', the list taken from the description after its dash."""
    _, dash, detail = place.description.rpartition(" — ")
    detail = re.sub(r"^the\s+", "", detail.strip().rstrip(".")) if dash else ""
    return f"{place.name}: {detail} ({count:,})" if detail and len(detail) <= 40 else count_label(place, count)


@dataclass(frozen=True)
class LabelRequest:
    """A label to place on the map, in scene pixels: next to a marker of `radius` at `at`, or centred on it (a
    region, the country). `texts` are tried in order (the full label, then shorter ones); the highest `priority`
    is placed first."""

    id: str
    at: QPointF
    sizes: tuple[tuple[float, float], ...]  # (width, height) of each text
    radius: float = 0.0
    centred: bool = False
    priority: float = 0.0


def _candidates(request: LabelRequest, width: float, height: float) -> list[QRectF]:
    x, y, r = request.at.x(), request.at.y(), request.radius
    if request.centred:
        return [QRectF(x - width / 2 + dx * width, y - height / 2 + dy * height, width, height)
                for dx, dy in ((0, 0), (0, -1), (0, 1), (0, -2), (0, 2), (-0.4, 0), (0.4, 0), (-0.4, -1), (0.4, 1))]
    gap = r + 2
    return [QRectF(x + gap, y - height / 2, width, height),  # right, left, above, below, then the diagonals
            QRectF(x - gap - width, y - height / 2, width, height),
            QRectF(x - width / 2, y - gap - height, width, height),
            QRectF(x - width / 2, y + gap, width, height),
            QRectF(x + gap * 0.7, y - gap * 0.7 - height, width, height),
            QRectF(x + gap * 0.7, y + gap * 0.7, width, height),
            QRectF(x - gap * 0.7 - width, y - gap * 0.7 - height, width, height),
            QRectF(x - gap * 0.7 - width, y + gap * 0.7, width, height)]


def layout_labels(requests: list[LabelRequest], obstacles: dict[str, QRectF],
                  bounds: QRectF) -> dict[str, tuple[int, QRectF]]:
    """Where each label goes: {id: (index of the text used, its rectangle)}, for the labels that fit. Labels are
    placed greedily, most important first, around their marker; none overlaps another placed label, another
    place's marker (`obstacles`, by place id) or leaves `bounds`. A label that fits nowhere is left out (the
    place still shows its name on hover)."""
    placed: dict[str, tuple[int, QRectF]] = {}
    taken: list[QRectF] = []
    for request in sorted(requests, key=lambda r: (-r.priority, r.id)):
        blocked = [rect for key, rect in obstacles.items() if key != request.id]
        for index, (width, height) in enumerate(request.sizes):
            spot = next((rect for rect in _candidates(request, width, height)
                         if bounds.contains(rect) and not any(rect.intersects(o) for o in taken)
                         and not any(rect.intersects(o) for o in blocked)), None)
            if spot is not None:
                placed[request.id] = (index, spot)
                taken.append(spot)
                break
    return placed


def cluster_points(points: dict[str, QPointF], radii: dict[str, float], weights: dict[str, int]) -> list[list[str]]:
    """Groups of markers that would overlap on screen (scene pixels), heaviest first in each group; a group of one
    is a marker on its own. Greedy: each marker, heaviest first, joins the first group whose leader it overlaps."""
    groups: list[list[str]] = []
    for place_id in sorted(points, key=lambda i: (-weights.get(i, 0), i)):
        p = points[place_id]
        for group in groups:
            lead = points[group[0]]
            if math.hypot(p.x() - lead.x(), p.y() - lead.y()) < (radii[group[0]] + radii[place_id]) * 0.8:
                group.append(place_id)
                break
        else:
            groups.append([place_id])
    return groups


def feature_path(feature: MapFeature) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in feature.points:
        path.addPolygon(_polygon(ring))  # (a move to its first point, a line to each next one)
        path.closeSubpath()
    return path


def border_path(features: list[MapFeature]) -> QPainterPath:
    path = QPainterPath()
    for line in (line for feature in features for line in feature.border_lines()):
        path.addPolygon(_polygon(line))
    return path


def _polygon(ring: np.ndarray) -> QPolygonF:
    """The projected points of a ring's (lon, lat) rows, filled in through numpy (pyqtgraph's view of a QPolygonF's
    memory): the basemap's ten thousand points one QPointF at a time took some 5 ms of start-up. Same numbers as
    `project`."""
    polygon = pg.functions.create_qpolygonf(len(ring))
    points = pg.functions.ndarray_from_qpolygonf(polygon)
    points[:] = ring
    points[:, 0] *= X_SCALE
    return polygon


class MapPath(QGraphicsPathItem):
    """A shape of the map, whose bounding rectangle is its path's widened by its pen: Qt's own strokes the whole
    path to find it, each time the pen changes (the basemap's borders, some thousands of points: 4-8 ms of
    start-up). The pen's width counts in the item's units, as in Qt's stroke; the stroke reaches past the path by
    at most the whole width (half of it, more at square or round caps), or the miter limit's multiple of it at miter
    joins (tests/test_views_places.py holds this to Qt's own rectangle)."""

    def __init__(self, path: QPainterPath):
        super().__init__(path)
        self._box = path.controlPointRect()

    def boundingRect(self) -> QRectF:
        pen = self.pen()
        if pen.style() == Qt.PenStyle.NoPen:
            return QRectF(self._box)
        miter = pen.joinStyle() == Qt.PenJoinStyle.MiterJoin
        margin = pen.widthF() * (max(1.0, pen.miterLimit()) if miter else 1.0)
        return self._box.adjusted(-margin, -margin, margin, margin)


def path_item(feature: MapFeature | QPainterPath, z: int) -> QGraphicsPathItem:
    item = MapPath(feature if isinstance(feature, QPainterPath) else feature_path(feature))
    item.setZValue(z)
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    return item


class CornerBox(pg.GraphicsWidgetAnchor, pg.GraphicsWidget):
    """A labelled box that stays in a corner of the map while it pans and zooms."""

    PAD = 5.0

    def __init__(self, text: str, font: QFont):
        pg.GraphicsWidget.__init__(self)
        pg.GraphicsWidgetAnchor.__init__(self)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach the scene, which picks the place
        self.text, self.font = text, QFont(font)
        self.full_text, self.max_width = text, math.inf
        self.pen, self.text_colour = pg.mkPen(None), QColor()
        self.brush: QBrush | QColor = QBrush()
        self._resize()

    def set_style(self, pen: QPen, brush: QBrush | QColor, text_colour: QColor, bold: bool) -> None:
        self.pen, self.brush, self.text_colour = pen, brush, text_colour
        self.font.setBold(bold)
        self._resize()
        self.update()

    def set_text(self, text: str) -> None:
        if text != self.full_text:
            self.full_text = text
            self._resize()
            self.update()

    def set_max_width(self, width: float) -> None:
        """Elide the text so that the box stays within `width` pixels (a narrow dock)."""
        if width != self.max_width:
            self.max_width = width
            self._resize()
            self.update()

    def _resize(self) -> None:
        metrics = QFontMetricsF(self.font)
        room = self.max_width - 2 * self.PAD - 2
        self.text = (metrics.elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(room, 20.0))
                     if metrics.horizontalAdvance(self.full_text) > room else self.full_text)
        self.setFixedWidth(math.ceil(metrics.horizontalAdvance(self.text) + 2 * self.PAD + 2))
        self.setFixedHeight(math.ceil(metrics.height() + 2 * self.PAD))

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width(), self.height())

    def paint(self, painter: QPainter, *args: object) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(self.pen)
        painter.setBrush(self.brush)
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 4, 4)
        painter.setFont(self.font)
        painter.setPen(self.text_colour)
        painter.drawText(self.boundingRect(), Qt.AlignmentFlag.AlignCenter, self.text)


class PlaceItem(QTreeWidgetItem):
    """A row of the places list whose first column's tooltip is worded when asked for (hovered, or read by a screen
    reader): it names the place's current name from the gazetteer, which the window's first paint need not load."""

    def __init__(self, texts: list[str], describe: Callable[[], str]):
        super().__init__(texts)
        self._describe = describe

    def data(self, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return self._describe()
        return super().data(column, role)


class PlaceList(QTreeWidget):
    """The list of places. `picked(place_id, clicked, extend)`: a row was clicked or Space pressed on it (toggle),
    or reached with the arrow keys (set); `extend` when Ctrl (⌘ on macOS) was held: add it to the filter or take it
    out. Ctrl with the arrow keys moves without filtering, so Ctrl+Space can pick a second place.

    The rows highlighted are the filtered places, set by the panel (`show_places`): clicks do not select rows
    themselves, so what looks selected is always what filters."""

    picked = Signal(object, bool, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Places list")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setColumnCount(3)
        # the numbers (events, distance) as wide as they need (the panel sizes them to their contents when they
        # change: a column that did so itself measured every row at each row's change, 13 ms a search at 20
        # places), the names the rest, shortened with "…" in a narrow panel: the distance is never cut off behind
        # a scroll bar, and the tooltip has the whole name
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._extend = False  # Ctrl held on the click being handled
        self._hint: QSize | None = None  # the size hint, until the rows change
        self.itemClicked.connect(lambda item, _column: self.picked.emit(item.data(0, PLACE_ROLE), True, self._extend))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._extend = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        try:
            super().mouseReleaseEvent(event)  # emits itemClicked
        finally:
            self._extend = False

    def show_places(self, place_ids: Set[str]) -> None:
        """Highlight the rows of these places ("All places" when there are none)."""
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            if item is not None:
                place_id = item.data(0, PLACE_ROLE)
                item.setSelected(place_id in place_ids if place_ids else place_id is None)

    def sizeHint(self) -> QSize:
        """Tall enough for every row (up to a dozen), so the splitter gives the list its rows first. Worked out once
        per filling, font and style (`rows_changed`): the window's layout asks for it some forty times at start-up."""
        if self._hint is None:
            rows = min(self.topLevelItemCount(), 12) or 1
            row = self.sizeHintForRow(0) if self.topLevelItemCount() else self.fontMetrics().height() + 4
            height = self.header().sizeHint().height() + rows * row + 2 * self.frameWidth()
            self._hint = QSize(super().sizeHint().width(), height)
        return QSize(self._hint)

    def rows_changed(self) -> None:
        """The rows were filled again: the size hint follows."""
        self._hint = None
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint = None
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        extend = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        item = self.currentItem()
        if event.key() == Qt.Key.Key_Space and item is not None:
            self.picked.emit(item.data(0, PLACE_ROLE), True, extend)
            return
        before = item
        super().keyPressEvent(event)
        after = self.currentItem()
        if after is not None and after is not before and not extend:
            self.picked.emit(after.data(0, PLACE_ROLE), False, False)
