"""The places panel: an offline map of Kazakhstan with the dataset's places, above a list of the places with their
event counts and distances. Clicking a place in either filters the events to it (clicking again clears);
Ctrl-clicking (⌘-clicking on macOS) adds a place to the filter or takes it out, as in a file manager, so the events
of several places show at once. Every filtered place is highlighted on the map and in the list; the places of the
current event light up on the map.

On the map, cities and sites are markers sized by their number of events, a region place is its shaded region, the
country place ("nationwide") is the country's outline, and the international place, and places beyond the basemap
(Moscow, Minsk), are boxes in the map's top-left corner. The first view frames the country and every place. Markers
that would overlap at the current zoom merge into one cluster marker (dotted ring), which splits as the map zooms
in; labels are laid out again at every zoom, pan and resize so that none overlaps another label or a marker, the
busiest places first, shortened or hidden where they do not fit. All picking goes through `place_at_scene_pos`, so
hover tooltips, clicks and tests agree on what is where.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Set
from functools import partial

import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QEvent, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen, QShowEvent
from PySide6.QtWidgets import QGraphicsPathItem, QSplitter, QTreeWidgetItem, QVBoxLayout, QWidget

from ..geo.basemap import Basemap, MapFeature, load_basemap, project, region_features_for
from ..geo.distance import geodesic_km
from ..geo.gazetteer import default_gazetteer
from ..model.entities import Dataset, Place
from .colours import MapColours, blend, with_alpha
from .mapitems import (PLACE_ROLE, CornerBox, LabelRequest, PlaceItem, PlaceList, border_path, cluster_points,
                       count_label, format_km, international_label, layout_labels, marker_size, path_item,
                       short_label)
from ..model.selection import Selection
from .richtext import tooltip

MARGIN_DEG = 1.2  # around Kazakhstan and the places in the initial view
KIND_LABELS = {"city": "city", "region": "region", "site": "site", "country": "whole country",
               "international": "outside Kazakhstan"}
_CTRL = "⌘" if sys.platform == "darwin" else "Ctrl"
CLICK_HINT = f"Click: filter to this place · {_CTRL}-click: add it to the filter or take it out"
Z_NEIGHBOUR, Z_LAND, Z_SHADE, Z_WATER, Z_BORDER, Z_OUTLINE, Z_HALO, Z_MARKER, Z_LABEL = range(9)


class PlacesPanel(QWidget):
    """Map and list of the selection's places; the current event's places are highlighted.

    A click on a place is only announced (`placeClicked` toggles, `placeChosen` filters to one place, None: all
    places); `app/wiring.py` turns it into a filter."""

    placeClicked = Signal(object, bool)  # a place id (or None), and whether Ctrl was held: add to the filter
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
        self._counts: dict[str, int] = {}  # events at each place that the search finds (all of them without one)
        self._totals: dict[str, int] = {}  # events at each place
        self._found = 0  # events the search finds (all of them without one)
        # the largest marker's size before scaling, with the counts and clusters it was worked out from: both are
        # replaced, never changed in place, so a new one of either is what makes it stale
        self._biggest: tuple[dict[str, int], dict[str, list[str]], float] | None = None
        self._pens: dict[tuple[int, float, Qt.PenStyle], QPen] = {}  # the markers' pens, one per look
        self._brushes: dict[int, QBrush] = {}  # and brushes, by colour
        self._marker_ids: list[str] = []
        self._clusters: dict[str, list[str]] = {}  # a marker drawn → the markers it stands for (itself first)
        self._label_at: dict[str, tuple[float, float, bool]] = {}  # map point of each label, centred or not
        self._shades: dict[str, QGraphicsPathItem] = {}
        self.labels: dict[str, pg.TextItem] = {}
        self.boxes: dict[str, CornerBox] = {}
        self._country_id: str | None = None
        self._hovered: str | None = None
        self._picking = False  # the list is announcing a pick: the filter that follows leaves its current row alone
        self._sized = False  # the splitter has shared the first height between map and list
        self._markers_stale = False  # the markers and labels wait for the map to be shown (see _style_markers)

        # a bare view box, no PlotItem: the map has no axes, buttons or menu, and a PlotItem builds them all (and
        # its options form, some forty widgets), 4 ms of start-up
        self.map = pg.GraphicsView()
        self.map.setAccessibleName("Places map")
        self.map.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the mouse's way in; the keyboard's is the list below
        self.view = pg.ViewBox(enableMenu=False)
        self.map.setCentralItem(self.view)
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
        if self._markers_stale:
            self._relayout()

    # --- set-up ---------------------------------------------------------------------------------------------------
    def _setup_map(self) -> None:
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
        self.view.sigRangeChanged.connect(lambda *_: self._relayout())
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
        """Show the whole country and every place of the dataset on the basemap, with a margin, at any size."""
        west, south, east, north = self.basemap.bounds("country") if self.basemap.country else self.basemap.bounds()
        for place_id in getattr(self, "_marker_ids", []):
            lon, lat = self._by_id[place_id].lon, self._by_id[place_id].lat
            if lon is not None and lat is not None:
                west, south, east, north = min(west, lon), min(south, lat), max(east, lon), max(north, lat)
        (x0, y0) = project(west - MARGIN_DEG, south - MARGIN_DEG)
        (x1, y1) = project(east + MARGIN_DEG, north + MARGIN_DEG)
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    # --- building per dataset -------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        dataset = self.selection.dataset
        self._places = list(dataset.places.values()) if dataset else []
        self._by_id = {p.id: p for p in self._places}
        self._found, self._counts = self.selection.place_counts()
        self._totals = self.selection.place_counts(searched=False)[1] if self.selection.text_filter else self._counts
        self._clear_places()
        regions = [p for p in self._places if p.kind == "region"]
        shaded = dict(zip([p.id for p in regions], region_features_for(regions, self.basemap), strict=True))
        country = self.basemap.country
        for place in self._places:
            feature = shaded.get(place.id)
            if feature is not None:
                self._add_region(place, feature)
            elif place.kind == "country" and self._country_id is None and country is not None:
                self._add_country(place, country)
            elif place.kind == "international" or (place.lat is not None and place.lon is not None
                                                   and not self._on_basemap(place.lon, place.lat)):
                self._add_box(place)  # beyond the basemap (Moscow, Minsk): a box in the corner, like "International"
            elif place.lat is not None and place.lon is not None and place.kind != "country":
                self._marker_ids.append(place.id)
                self._add_label(place, project(place.lon, place.lat), anchor=(0, 0.5))
        self._fill_list(dataset)
        if not self._user_moved:
            self.home()
        self.show_filter(self.selection.place_filter)

    def _on_basemap(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.basemap.bounds()
        return west <= lon <= east and south <= lat <= north

    def _clear_places(self) -> None:
        for item in [*self._shades.values(), *self.labels.values()]:
            self.view.removeItem(item)
        for box in self.boxes.values():
            box.setParentItem(None)
            if box.scene() is not None:
                box.scene().removeItem(box)
        self._shades, self.labels, self.boxes, self._marker_ids, self._country_id = {}, {}, {}, [], None
        self._clusters, self._label_at = {}, {}
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

    def _box_text(self, place: Place) -> str:
        count = self._counts[place.id]
        return (international_label(place, count) if place.kind == "international"
                else f"Abroad: {count_label(place, count)}")

    def _add_box(self, place: Place) -> None:
        box = CornerBox(self._box_text(place), self._font)
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
        self._label_at[place.id] = (*pos, anchor == (0.5, 0.5))
        label.setZValue(Z_LABEL)
        label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.labels[place.id] = label
        self.view.addItem(label)

    # --- the list -------------------------------------------------------------------------------------------------
    def _fill_list(self, dataset: Dataset | None) -> None:
        origin = self._distance_origin()
        self.list_widget.clear()
        self.list_widget.setHeaderLabels(["Place", "Events", f"From {origin.name}" if origin else "Distance"])
        rows: list[tuple[str, str, str | None]] = [("All places", "", None)]
        rows += [(p.name, self._distance_text(p, origin), p.id) for p in self._places]
        for name, distance, place_id in rows:
            texts = [name, "", distance]
            item = QTreeWidgetItem(texts) if place_id is None else PlaceItem(texts, partial(self._tooltip, place_id))
            item.setData(0, PLACE_ROLE, place_id)
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list_widget.addTopLevelItem(item)
        self._show_counts()
        for column in (1, 2):
            self.list_widget.resizeColumnToContents(column)
        self.list_widget.rows_changed()

    def _show_counts(self) -> None:
        """Each row's number: its events, or under a search those the search finds (the header says which)."""
        tree = self.list_widget
        tree.headerItem().setText(1, "Found" if self.selection.text_filter else "Events")
        for row in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(row)
            if item is not None:
                place_id = item.data(0, PLACE_ROLE)
                text = f"{self._found if place_id is None else self._counts.get(place_id, 0):,}"
                if item.text(1) != text:  # (typing on often finds as many)
                    item.setText(1, text)

    def recount(self) -> None:
        """A search was typed or cleared: every place's number follows it (the list, the map's labels and corner
        boxes, the tooltips), and so do the markers' sizes, so that the map shows where the search finds events."""
        if self.selection.dataset is None:
            return
        found, counts = self.selection.place_counts()
        changed, self._found, self._counts = counts != self._counts, found, counts
        self._show_counts()  # the header says whether they are what a search finds
        if changed:  # typing on often finds the same events: the map (some 15 ms to lay out) stays as it is
            self.list_widget.resizeColumnToContents(1)
            for place_id, box in self.boxes.items():
                box.set_text(self._box_text(self._by_id[place_id]))
            self.style_places()

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
        """Emphasise the filtered places, dim the others, and highlight the current event's places."""
        c, filtered, current = self._colours(), self.selection.place_filter, self.highlighted_place_ids()
        country_on = self._country_id is not None and self._country_id in current | filtered
        self.outline.setPen(pg.mkPen(c.accent, width=3) if country_on else pg.mkPen(blend(c.base, c.text, 0.7),
                                                                                    width=1.6))
        for place_id, item in self._shades.items():
            strength = 150 if place_id in current else 110 if place_id in filtered else 25 if filtered else 60
            item.setBrush(with_alpha(c.shade, strength))  # a warm tint: never mistaken for the water's blue
            item.setPen(pg.mkPen(c.shade, width=2.5) if place_id in current else pg.mkPen(None))
        for place_id, box in self.boxes.items():
            on, dim = place_id in current, bool(filtered) and place_id not in filtered and place_id not in current
            box.set_style(pg.mkPen(c.accent, width=3 if on else 1),
                          with_alpha(blend(c.base, c.accent, 0.25 if on else 0), 235), c.faint if dim else c.text,
                          bold=place_id in filtered)
        for place_id, label in self.labels.items():
            dim = bool(filtered) and place_id not in filtered and place_id not in current
            label.setColor(c.faint if dim else c.text)
            label.fill = pg.mkBrush(with_alpha(c.base, 170))
            font = label.textItem.font()
            if font.bold() != (place_id in filtered or place_id in current):
                font.setBold(not font.bold())
                label.setFont(font)
        self._style_markers(c, filtered, current)

    def _style_markers(self, c: MapColours, filtered: Set[str], current: set[str]) -> None:
        """One marker per place, or, where markers would overlap at this zoom, one per cluster: sized by the events
        of all its places, ringed, and split again as the map zooms in. Not while the map is hidden, or being shown
        (it is given its size before it shows): they are laid out for the size shown, when the panel is shown (the
        window's start laid them out three times, twice for sizes never seen)."""
        if not self.map.isVisible():
            self._markers_stale = True
            return
        self._markers_stale = False
        points = {i: self.marker_scene_pos(i) for i in self._marker_ids}
        self._clusters = {}  # each marker alone while they are measured
        radii = {i: self.markers_size(i) / 2 for i in self._marker_ids}
        groups = cluster_points(points, radii, self._counts)
        self._clusters = {group[0]: group for group in groups}
        ids = list(self._clusters)
        spots = [_map_point(self._by_id[i]) for i in ids]
        sizes = [self.markers_size(i) for i in ids]
        on = {i for i in ids if (filtered | current) & set(self._clusters[i])}
        alphas = [255 if i in on else 70 if filtered else 200 for i in ids]
        brushes = [self._brush(with_alpha(c.accent, a)) for a in alphas]
        pens = [self._pen(c.text, 2) if filtered & set(self._clusters[i])
                else self._pen(c.text, 2, Qt.PenStyle.DotLine) if len(self._clusters[i]) > 1
                else self._pen(c.base, 1.5) for i in ids]
        self.markers.setData(pos=spots, size=sizes, data=ids, brush=brushes, pen=pens)
        ringed = [k for k, i in enumerate(ids) if current & set(self._clusters[i])]
        self.halo.setData(pos=[spots[k] for k in ringed], size=[sizes[k] + 10 for k in ringed],
                          pen=self._pen(c.accent, 3), brush=None)
        self._layout_labels(filtered, current)

    def _pen(self, colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        """The same pen object for the same look: the scatter items key the symbols they have drawn by the pen's
        and brush's identity, so new ones at each layout (every zoom step, every search) drew every marker again
        and grew the symbol atlas without end."""
        key = (colour.rgba(), width, style)
        if key not in self._pens:
            self._pens[key] = pg.mkPen(colour, width=width, style=style)
        return self._pens[key]

    def _brush(self, colour: QColor) -> QBrush:
        if colour.rgba() not in self._brushes:
            self._brushes[colour.rgba()] = pg.mkBrush(colour)
        return self._brushes[colour.rgba()]

    def _relayout(self) -> None:
        """Markers cluster and labels move as the map zooms, pans or is resized."""
        for box in self.boxes.values():
            box.set_max_width(self.view.width() - 12)
        if self._by_id and hasattr(self, "markers"):
            self._style_markers(self._colours(), self.selection.place_filter, self.highlighted_place_ids())

    def _label_texts(self, place_id: str) -> list[str]:
        place, members = self._by_id[place_id], self._clusters.get(place_id, [place_id])
        if len(members) > 1:
            total = sum(self._counts[m] for m in members)
            return [f"{place.name} +{len(members) - 1} ({total:,})", f"{short_label(place.name)} +{len(members) - 1}"]
        count = self._counts[place_id]
        texts = [count_label(place, count), short_label(place.name)]
        return [count_label(place, count), place.name] + ([texts[1]] if texts[1] != place.name else [])

    def _layout_labels(self, filtered: Set[str], current: set[str]) -> None:
        """Places every label where it overlaps no other label or marker, the busiest places first; a label that
        fits nowhere, even shortened, is hidden (hovering the place still names it)."""
        hidden = {m for members in self._clusters.values() for m in members[1:]}
        requests, texts = [], {}
        obstacles = {i: QRectF(self.marker_scene_pos(i) - QPointF(r, r), QSizeF(2 * r, 2 * r))
                     for i in self._clusters
                     for r in [self.markers_size(i) / 2 + (5 if current & set(self._clusters[i]) else 0)]}
        for n, box in enumerate(self.boxes.values()):
            obstacles[f"box {n}"] = box.sceneBoundingRect()
        for place_id, label in self.labels.items():
            if place_id in hidden or place_id not in self._label_at:
                label.setVisible(False)
                continue
            x, y, centred = self._label_at[place_id]
            texts[place_id] = self._label_texts(place_id)
            metrics = QFontMetricsF(label.textItem.font())
            margin = 2 * label.textItem.document().documentMargin()
            members = self._clusters.get(place_id, [place_id])
            requests.append(LabelRequest(
                place_id, self.view.mapViewToScene(QPointF(x, y)),
                tuple((metrics.horizontalAdvance(t) + margin, metrics.height() + margin) for t in texts[place_id]),
                radius=(self.markers_size(place_id) / 2 + (5 if current & set(members) else 0)  # clear of the halo
                        if place_id in self._clusters else 0.0), centred=centred,
                priority=sum(self._counts[m] for m in members) + (1e6 if (filtered | current) & set(members) else 0)))
        placed = layout_labels(requests, obstacles, self.view.sceneBoundingRect())
        for request in requests:
            label = self.labels[request.id]
            spot = placed.get(request.id)
            label.setVisible(spot is not None)
            if spot is not None:
                index, rect = spot
                if label.textItem.toPlainText() != texts[request.id][index]:
                    label.setText(texts[request.id][index])
                label.setAnchor((0, 0))
                label.setPos(self.view.mapSceneToView(rect.topLeft()))

    def markers_size(self, place_id: str) -> float:
        """The diameter a marker is drawn at: `marker_size`, scaled down so that the busiest marker (or cluster)
        is at most a tenth of the map's smaller side; a cluster's grows with all its places' events."""
        members = self._clusters.get(place_id, [place_id])
        memo = self._biggest  # asked for each marker, several times a layout: worked out once
        if memo is None or memo[0] is not self._counts or memo[1] is not self._clusters:
            largest = marker_size(max((sum(self._counts[m] for m in g) for g in self._clusters.values()),
                                      default=max((self._counts[i] for i in self._marker_ids), default=1)))
            memo = self._biggest = (self._counts, self._clusters, largest)
        biggest = memo[2]
        room = max(14.0, min(self.view.width(), self.view.height()) / 10)
        scale = min(1.0, (room - 6) / max(biggest - 6, 1.0))
        size = 6 + (marker_size(sum(self._counts[m] for m in members)) - 6) * scale
        # whole pixels: the scatter item draws each new size into its atlas (some 7 ms a layout while a search
        # changes the counts), and a few sizes recur where any fraction would be new
        return float(round(size + (4 if len(members) > 1 else 0)))

    def label_rects(self) -> dict[str, QRectF]:
        """The scene rectangles of the labels shown (for tests: they never overlap)."""
        return {place_id: label.sceneBoundingRect() for place_id, label in self.labels.items() if label.isVisible()}

    # --- reacting to the selection --------------------------------------------------------------------------------
    def show_filter(self, place_ids: Set[str] = frozenset()) -> None:
        """Highlight the filtered places in the list and on the map. A filter set elsewhere (the map, a menu, the
        command line) also moves the list's current row to a filtered place, unless it is on one already."""
        tree = self.list_widget
        tree.show_places(place_ids)
        current = tree.currentItem()
        on_one = current is not None and (current.data(0, PLACE_ROLE) in place_ids if place_ids
                                          else current.data(0, PLACE_ROLE) is None)
        if not self._picking and not on_one:
            first = next((p for p in self._by_id if p in place_ids), None)
            for row in range(tree.topLevelItemCount()):
                item = tree.topLevelItem(row)
                if item is not None and item.data(0, PLACE_ROLE) == first:
                    tree.setCurrentItem(item)
                    tree.scrollToItem(item)
                    break
        self._bring_into_view(place_ids)
        self.style_places()

    def _bring_into_view(self, place_ids: Set[str]) -> None:
        """If no filtered place's marker is in sight (panned or zoomed away), the map pans to the middle of them."""
        points = [_map_point(self._by_id[p]) for p in self._marker_ids if p in place_ids]
        if not points:
            return
        (x0, x1), (y0, y1) = self.view.viewRange()
        if any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points):
            return
        xs, ys = [x for x, _ in points], [y for _, y in points]
        x, y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        self.view.translateBy(x=x - (x0 + x1) / 2, y=y - (y0 + y1) / 2)

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
            if place_id != self._country_id and label.isVisible() and label.sceneBoundingRect().contains(pos):
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
        for place_id in self._clusters or self._marker_ids:  # the markers drawn (a cluster's first place)
            delta = self.marker_scene_pos(place_id) - pos
            distance = math.hypot(delta.x(), delta.y())
            if distance <= self.markers_size(place_id) / 2 + 2 and distance < best_distance:
                best, best_distance = place_id, distance
        return best

    def click_place(self, place_id: str | None, extend: bool = False) -> None:
        """What clicking a place on the map does: filter to it, or clear the filter if it is the only place
        filtered; with `extend` (Ctrl-click, ⌘-click on macOS), add it to the filter or take it out."""
        self.placeClicked.emit(place_id, extend)

    def _tooltip(self, place_id: str) -> str:
        return tooltip(self.describe(place_id))

    def describe(self, place_id: str) -> str:
        """Tooltip text: name, kind and number of events (and the place's description)."""
        place = self._by_id[place_id]
        count, total = self._counts.get(place_id, 0), self._totals.get(place_id, 0)
        entry = default_gazetteer().entries.get(place.gazetteer_id) if place.gazetteer_id else None
        name = f"{place.name} (now {entry.now})" if entry is not None and entry.now else place.name
        events = f"{total:,} event{'s' * (total != 1)}"
        if self.selection.text_filter:
            events = f"{count:,} of {events} found by the search “{self.selection.text_filter}”"
        lines = [name, f"{KIND_LABELS.get(place.kind, place.kind)} · {events}"]
        others = self._clusters.get(place_id, [place_id])[1:]
        if others:
            lines.append(f"with {', '.join(self._by_id[o].name for o in others)} nearby: click or zoom in to separate")
        return "\n".join(lines + ([place.description] if place.description else []) + [CLICK_HINT])

    def _on_map_click(self, ev: MouseClickEvent) -> None:
        """A click on a place filters to it; a double click away from the places shows the whole country again."""
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        place_id = self.place_at_scene_pos(ev.scenePos())
        if ev.double():
            if place_id is None:
                self._user_moved = False
                self.home()
        elif place_id is not None and len(self._clusters.get(place_id, ())) > 1:
            ev.accept()  # a cluster: zoom in on it until its places separate
            self._user_moved = True
            self.view.scaleBy((0.5, 0.5), center=self.view.mapSceneToView(ev.scenePos()))
        elif place_id is not None:
            ev.accept()
            self.click_place(place_id, bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier))

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

    def _on_list_pick(self, place_id: str | None, clicked: bool, extend: bool) -> None:
        self._picking = True  # the row the user is on stays the list's current row
        try:
            if clicked and place_id is not None:
                self.placeClicked.emit(place_id, extend)
            else:
                self.placeChosen.emit(place_id)
        finally:
            self._picking = False


def _lat_lon(place: Place) -> tuple[float, float] | None:
    """(lat, lon) of a place with coordinates, else None."""
    return (place.lat, place.lon) if place.lat is not None and place.lon is not None else None


def _map_point(place: Place) -> tuple[float, float]:
    """Where a place with coordinates is on the map (see `geo.basemap.project`)."""
    if place.lat is None or place.lon is None:
        raise ValueError(f"place '{place.id}' has no coordinates")
    return project(place.lon, place.lat)

