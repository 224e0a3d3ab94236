"""The places panel: an offline map of Kazakhstan with the dataset's places, above a list of the places with their
event counts and distances. Clicking a place in either filters the events to it (clicking again clears); the places
of the current event light up on the map.

On the map, cities and sites are markers sized by their number of events, a region place is its shaded region, the
country place ("nationwide") is the country's outline, and the international place is a box in the map's top-left
corner. All picking goes through `place_at_scene_pos`, so hover tooltips, clicks and tests agree on what is where.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import QGraphicsPathItem, QSplitter, QTreeWidgetItem, QVBoxLayout, QWidget

from ..geo.basemap import Basemap, MapFeature, load_basemap, project, region_feature_for
from ..geo.distance import geodesic_km
from ..model.entities import Dataset, Place
from .colours import MapColours, blend, with_alpha
from .mapitems import (PLACE_ROLE, CornerBox, PlaceList, border_path, count_label, format_km, international_label,
                       marker_size, path_item)
from ..model.selection import Selection
from .richtext import tooltip

MARGIN_DEG = 1.2  # around Kazakhstan in the initial view
KIND_LABELS = {"city": "city", "region": "region", "site": "site", "country": "whole country",
               "international": "outside Kazakhstan"}
Z_NEIGHBOUR, Z_LAND, Z_SHADE, Z_WATER, Z_BORDER, Z_OUTLINE, Z_HALO, Z_MARKER, Z_LABEL = range(9)


class PlacesPanel(QWidget):
    """Map and list of the selection's places; the current event's places are highlighted.

    A click on a place is only announced (`placeClicked` toggles, `placeChosen` sets, None: all places);
    `app/wiring.py` turns it into a filter."""

    placeClicked = Signal(object)  # a place id, or None
    placeChosen = Signal(object)  # a place id, or None for all places

    def __init__(self, selection: Selection, parent: QWidget | None = None, basemap: Basemap | None = None):
        super().__init__(parent)
        self.selection = selection
        self.basemap = basemap or load_basemap()
        self.setAccessibleName("Places")
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(self._font.pointSizeF() - 1, 7.5))
        self._places: list[Place] = []
        self._by_id: dict[str, Place] = {}  # the places shown, by id
        self._counts: dict[str, int] = {}
        self._marker_ids: list[str] = []
        self._shades: dict[str, QGraphicsPathItem] = {}
        self.labels: dict[str, pg.TextItem] = {}
        self.boxes: dict[str, CornerBox] = {}
        self._country_id: str | None = None
        self._hovered: str | None = None
        self._sized = False  # the splitter has shared the first height between map and list

        self.map = pg.PlotWidget()
        self.map.setAccessibleName("Places map")
        self.map.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the mouse's way in; the keyboard's is the list below
        self.view: pg.ViewBox = self.map.getPlotItem().getViewBox()
        self.list_widget = PlaceList()
        self.list_widget.setAccessibleName("Places list")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.map)
        self.splitter.addWidget(self.list_widget)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.splitter)

        self._setup_map()
        self._draw_basemap()
        self._connect_signals()
        self.rebuild()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time it is shown, the list gets the height its rows need and the map the rest."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total, wanted = sum(self.splitter.sizes()), self.list_widget.sizeHint().height()
            self.splitter.setSizes([max(total - wanted, total // 2), min(wanted, total - total // 2)])

    # --- set-up ---------------------------------------------------------------------------------------------------
    def _setup_map(self) -> None:
        plot = self.map.getPlotItem()
        for axis in ("left", "bottom"):
            plot.hideAxis(axis)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        self.map.setMinimumSize(200, 150)
        self.view.setAspectLocked(True)
        self.view.disableAutoRange()
        self._user_moved = False
        self._update_limits()
        self.home()
        self.markers = pg.ScatterPlotItem(pxMode=True, symbol="o")
        self.markers.setZValue(Z_MARKER)
        self.halo = pg.ScatterPlotItem(pxMode=True, symbol="o", brush=None)
        self.halo.setZValue(Z_HALO)
        for item in (self.markers, self.halo):
            self.view.addItem(item)

    def _draw_basemap(self) -> None:
        self._base: dict[str, list[QGraphicsPathItem]] = {"neighbour": [], "land": [], "water": [], "region": []}
        layers = {"neighbour": Z_NEIGHBOUR, "water": Z_WATER, "region": Z_BORDER}
        for feature in self.basemap.features:
            if feature.kind in layers:
                self._base[feature.kind].append(path_item(feature, layers[feature.kind]))
        self._base["abroad"] = [path_item(border_path(self.basemap.of_kind("neighbour")), Z_NEIGHBOUR)]
        country = self.basemap.country
        if country is not None:
            self._base["land"].append(path_item(country, Z_LAND))
        self.outline = path_item(country, Z_OUTLINE) if country else QGraphicsPathItem()
        for item in [*(i for items in self._base.values() for i in items), self.outline]:
            self.view.addItem(item)
        self._style_basemap(self._colours())

    def _connect_signals(self) -> None:
        # the user picks places on the map or in the list (the panel's own widgets)
        self.map.scene().sigMouseClicked.connect(self._on_map_click)
        self.map.scene().sigMouseMoved.connect(self._on_map_hover)
        self.view.sigResized.connect(self._on_view_resized)
        self.view.sigRangeChangedManually.connect(lambda *_: setattr(self, "_user_moved", True))
        self.list_widget.picked.connect(self._on_list_pick)

    def _update_limits(self) -> None:
        """Panning and zooming stay on the basemap: at most the whole of it is shown. Where the view's shape
        differs from the basemap's, the limits grow along one side only, as much as the locked aspect requires."""
        west, south, east, north = self.basemap.bounds()
        (x0, y0), (x1, y1) = project(west, south), project(east, north)
        width, height = x1 - x0, y1 - y0
        ratio = self.view.height() / self.view.width() if self.view.width() > 1 else height / width
        pad_x, pad_y = max(0.0, height / ratio - width) / 2, max(0.0, width * ratio - height) / 2
        self.view.setLimits(xMin=x0 - pad_x, xMax=x1 + pad_x, yMin=y0 - pad_y, yMax=y1 + pad_y,
                            maxXRange=width + 2 * pad_x, maxYRange=height + 2 * pad_y, minXRange=1.0, minYRange=1.0)

    def _on_view_resized(self) -> None:
        self._update_limits()
        if not self._user_moved:
            self.home()

    def home(self) -> None:
        """Show the whole country."""
        west, south, east, north = self.basemap.bounds("country") if self.basemap.country else self.basemap.bounds()
        (x0, y0) = project(west - MARGIN_DEG, south - MARGIN_DEG)
        (x1, y1) = project(east + MARGIN_DEG, north + MARGIN_DEG)
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    # --- building per dataset -------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        dataset = self.selection.dataset
        self._places = list(dataset.places.values()) if dataset else []
        self._by_id = {p.id: p for p in self._places}
        self._counts = dataset.event_counts() if dataset else {}
        self._clear_places()
        shaded = {p.id: region_feature_for(p, self.basemap) for p in self._places if p.kind == "region"}
        country = self.basemap.country
        for place in self._places:
            feature = shaded.get(place.id)
            if feature is not None:
                self._add_region(place, feature)
            elif place.kind == "country" and self._country_id is None and country is not None:
                self._add_country(place, country)
            elif place.kind == "international":
                self._add_box(place)
            elif place.lat is not None and place.lon is not None and place.kind != "country":
                self._marker_ids.append(place.id)
                self._add_label(place, project(place.lon, place.lat), anchor=(0, 0.5))
        self._fill_list(dataset)
        self.show_filter(self.selection.place_filter)

    def _clear_places(self) -> None:
        for item in [*self._shades.values(), *self.labels.values()]:
            self.view.removeItem(item)
        for box in self.boxes.values():
            box.setParentItem(None)
            if box.scene() is not None:
                box.scene().removeItem(box)
        self._shades, self.labels, self.boxes, self._marker_ids, self._country_id = {}, {}, {}, [], None
        self._hovered = None
        self.view.setToolTip("")

    def _add_region(self, place: Place, feature: MapFeature) -> None:
        item = path_item(feature, Z_SHADE)
        self._shades[place.id] = item
        self.view.addItem(item)
        self._add_label(place, project(*feature.label_point()), anchor=(0.5, 0.5))

    def _add_country(self, place: Place, country: MapFeature) -> None:
        self._country_id = place.id
        lon, lat = country.label_point()
        self._add_label(place, project(lon, lat + 1.5), anchor=(0.5, 0.5), italic=True)

    def _add_box(self, place: Place) -> None:
        box = CornerBox(international_label(place, self._counts[place.id]), self._font)
        box.setParentItem(self.view)
        box.setZValue(100)
        box.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(6, 6 + len(self.boxes) * (box.height() + 4)))
        self.boxes[place.id] = box

    def _add_label(self, place: Place, pos: tuple[float, float], anchor: tuple[float, float],
                   italic: bool = False) -> None:
        label = pg.TextItem(count_label(place, self._counts[place.id]), anchor=anchor)
        font = QFont(self._font)
        font.setItalic(italic)
        label.setFont(font)
        label.setPos(*pos)
        label.setZValue(Z_LABEL)
        label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.labels[place.id] = label
        self.view.addItem(label)

    # --- the list -------------------------------------------------------------------------------------------------
    def _fill_list(self, dataset: Dataset | None) -> None:
        origin = self._distance_origin()
        self.list_widget.clear()
        self.list_widget.setHeaderLabels(["Place", "Events", f"From {origin.name}" if origin else "Distance"])
        rows: list[tuple[str, int, str, str | None]] = [("All places", len(dataset.events) if dataset else 0, "", None)]
        rows += [(p.name, self._counts[p.id], self._distance_text(p, origin), p.id) for p in self._places]
        for name, count, distance, place_id in rows:
            item = QTreeWidgetItem([name, str(count), distance])
            item.setData(0, PLACE_ROLE, place_id)
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if place_id is not None:
                item.setToolTip(0, tooltip(self.describe(place_id)))
            self.list_widget.addTopLevelItem(item)
        for column in range(3):
            self.list_widget.resizeColumnToContents(column)
        self.list_widget.updateGeometry()

    def _distance_origin(self) -> Place | None:
        """Almaty if the dataset has it, else its first city."""
        located = [p for p in self._places if p.lat is not None and p.lon is not None]
        return next((p for p in located if p.gazetteer_id == "almaty"),
                    next((p for p in located if p.kind == "city"), None))

    @staticmethod
    def _distance_text(place: Place, origin: Place | None) -> str:
        here, there = _lat_lon(origin) if origin is not None else None, _lat_lon(place)
        if here is None or place.kind in ("country", "international") or there is None:
            return "—"
        return format_km(0 if place is origin else geodesic_km(here, there))

    # --- looks ----------------------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "outline"):
            self._restyle()

    def _colours(self) -> MapColours:
        return MapColours.from_palette(self.palette())

    def _restyle(self) -> None:
        """Colour everything from the palette (again, when the palette changes: light and dark themes)."""
        self._style_basemap(self._colours())
        self.style_places()

    def _style_basemap(self, c: MapColours) -> None:
        abroad = blend(c.base, c.text, 0.09)
        self.map.setBackground(abroad)  # beyond the basemap's box, when the view is narrower or wider than it
        for kind, brush, pen in (("neighbour", abroad, None), ("abroad", None, (blend(c.base, c.text, 0.25), 1)),
                                 ("land", c.base, None), ("water", blend(c.base, QColor(70, 130, 190), 0.3), None),
                                 ("region", None, (blend(c.base, c.text, 0.35), 1))):
            for item in self._base[kind]:
                item.setBrush(QBrush(brush) if brush is not None else QBrush())
                item.setPen(pg.mkPen(pen[0], width=pen[1]) if pen else pg.mkPen(None))

    def style_places(self) -> None:
        """Emphasise the filtered place, dim the others, and highlight the current event's places."""
        c, filtered, current = self._colours(), self.selection.place_filter, self.highlighted_place_ids()
        country_on = self._country_id is not None and self._country_id in current | {filtered}
        self.outline.setPen(pg.mkPen(c.accent, width=3) if country_on else pg.mkPen(blend(c.base, c.text, 0.7),
                                                                                    width=1.6))
        for place_id, item in self._shades.items():
            strength = 150 if place_id in current else 110 if place_id == filtered else 25 if filtered else 60
            item.setBrush(with_alpha(c.accent, strength))
            item.setPen(pg.mkPen(c.accent, width=2.5) if place_id in current else pg.mkPen(None))
        for place_id, box in self.boxes.items():
            on, dim = place_id in current, filtered is not None and place_id != filtered and place_id not in current
            box.set_style(pg.mkPen(c.accent, width=3 if on else 1),
                          with_alpha(blend(c.base, c.accent, 0.25 if on else 0), 235), c.faint if dim else c.text,
                          bold=place_id == filtered)
        for place_id, label in self.labels.items():
            dim = filtered is not None and place_id != filtered and place_id not in current
            label.setColor(c.faint if dim else c.text)
            label.fill = pg.mkBrush(with_alpha(c.base, 170))
            font = label.textItem.font()
            font.setBold(place_id == filtered or place_id in current)
            label.setFont(font)
        self._style_markers(c, filtered, current)

    def _style_markers(self, c: MapColours, filtered: str | None, current: set[str]) -> None:
        ids = self._marker_ids
        spots = [_map_point(self._by_id[i]) for i in ids]
        sizes = [marker_size(self._counts[i]) for i in ids]
        alphas = [255 if i == filtered or i in current else 70 if filtered else 200 for i in ids]
        brushes = [pg.mkBrush(with_alpha(c.accent, a)) for a in alphas]
        self.markers.setData(pos=spots, size=sizes, data=ids, brush=brushes,
                             pen=[pg.mkPen(c.text, width=2) if i == filtered else pg.mkPen(c.base, width=1.5)
                                  for i in ids])
        ringed = [k for k, i in enumerate(ids) if i in current]
        self.halo.setData(pos=[spots[k] for k in ringed], size=[sizes[k] + 10 for k in ringed],
                          pen=pg.mkPen(c.accent, width=3), brush=None)
        for place_id, size in zip(ids, sizes):  # a city's label starts just clear of its marker, at any zoom
            label = self.labels[place_id]
            label.setAnchor((-(size / 2 + 3) / max(label.textItem.boundingRect().width(), 1.0), 0.5))

    # --- reacting to the selection --------------------------------------------------------------------------------
    def show_filter(self, place_id: str | None) -> None:
        for row in range(self.list_widget.topLevelItemCount()):
            item = self.list_widget.topLevelItem(row)
            if item is not None and item.data(0, PLACE_ROLE) == place_id:
                self.list_widget.setCurrentItem(item)
                self.list_widget.scrollToItem(item)
                break
        self.style_places()

    def highlighted_place_ids(self) -> set[str]:
        """The current event's places (those the map highlights)."""
        event = self.selection.current
        return set(event.place_ids) if event is not None else set()

    # --- picking --------------------------------------------------------------------------------------------------
    def place_at_scene_pos(self, pos: QPointF) -> str | None:
        """The place drawn at a point of the map's scene, topmost first: a corner box, a marker, a label, a shaded
        region, the country."""
        for place_id, box in self.boxes.items():
            if box.sceneBoundingRect().contains(pos):
                return place_id
        marker = self._marker_at(pos)
        if marker is not None:
            return marker
        for place_id, label in self.labels.items():
            if place_id != self._country_id and label.sceneBoundingRect().contains(pos):
                return place_id
        point = self.view.mapSceneToView(pos)
        for place_id, item in reversed(self._shades.items()):
            if item.path().contains(point):
                return place_id
        if self._country_id is not None and self.outline.path().contains(point):
            return self._country_id
        return None

    def place_at_map_point(self, x: float, y: float) -> str | None:
        """The place drawn at a point in map coordinates (see `geo.basemap.project`)."""
        return self.place_at_scene_pos(self.view.mapViewToScene(QPointF(x, y)))

    def marker_scene_pos(self, place_id: str) -> QPointF:
        """Where a place's marker is in the map's scene (map it to the viewport with `map.mapFromScene`)."""
        scene_pos: QPointF = self.view.mapViewToScene(QPointF(*_map_point(self._by_id[place_id])))
        return scene_pos

    def _marker_at(self, pos: QPointF) -> str | None:
        """The marker nearest to a scene point, if the point is on it (or within 2 px of its edge)."""
        best, best_distance = None, math.inf
        for place_id in self._marker_ids:
            delta = self.marker_scene_pos(place_id) - pos
            distance = math.hypot(delta.x(), delta.y())
            if distance <= marker_size(self._counts[place_id]) / 2 + 2 and distance < best_distance:
                best, best_distance = place_id, distance
        return best

    def click_place(self, place_id: str | None) -> None:
        """What clicking a place on the map does: filter to it, or clear the filter if it is the filtered place."""
        self.placeClicked.emit(place_id)

    def describe(self, place_id: str) -> str:
        """Tooltip text: name, kind and number of events (and the place's description)."""
        place = self._by_id[place_id]
        count = self._counts.get(place_id, 0)
        lines = [place.name, f"{KIND_LABELS.get(place.kind, place.kind)} · {count} event{'s' * (count != 1)}"]
        return "\n".join(lines + ([place.description] if place.description else []))

    def _on_map_click(self, ev: MouseClickEvent) -> None:
        """A click on a place filters to it; a double click away from the places shows the whole country again."""
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        place_id = self.place_at_scene_pos(ev.scenePos())
        if ev.double():
            if place_id is None:
                self._user_moved = False
                self.home()
        elif place_id is not None:
            ev.accept()
            self.click_place(place_id)

    def _on_map_hover(self, pos: QPointF) -> None:
        place_id = self.place_at_scene_pos(pos)
        if place_id == self._hovered:
            return
        self._hovered = place_id
        self.view.setToolTip(tooltip(self.describe(place_id)) if place_id else "")
        if place_id:
            self.map.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.map.viewport().unsetCursor()

    def _on_list_pick(self, place_id: str | None, clicked: bool) -> None:
        if clicked and place_id is not None:
            self.placeClicked.emit(place_id)
        else:
            self.placeChosen.emit(place_id)


def _lat_lon(place: Place) -> tuple[float, float] | None:
    """(lat, lon) of a place with coordinates, else None."""
    return (place.lat, place.lon) if place.lat is not None and place.lon is not None else None


def _map_point(place: Place) -> tuple[float, float]:
    """Where a place with coordinates is on the map (see `geo.basemap.project`)."""
    if place.lat is None or place.lon is None:
        raise ValueError(f"place '{place.id}' has no coordinates")
    return project(place.lon, place.lat)
