"""The places panel: the list shows counts and distances, clicks filter, the current event's places light up."""

import pytest
from PySide6.QtCore import QPointF, Qt

from conftest import events_at
from kztimeline.app.wiring import connect_places
from kztimeline.model.columns import search_text
from kztimeline.views.mapitems import PLACE_ROLE, count_label, format_km, international_label
from kztimeline.views.placemap import PlacesPanel
from kztimeline.model.selection import Selection


@pytest.fixture
def panel(qtbot, selection):
    panel = PlacesPanel(selection)
    connect_places(selection, panel)
    qtbot.addWidget(panel)
    panel.resize(500, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def rows(panel):
    tree = panel.list_widget
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]


def row_of(panel, place_id):
    return next(item for item in rows(panel) if item.data(0, PLACE_ROLE) == place_id)


def click_row(qtbot, panel, place_id, modifier=Qt.KeyboardModifier.NoModifier):
    tree = panel.list_widget
    rect = tree.visualItemRect(row_of(panel, place_id))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def highlighted(panel):
    """The places whose rows are shown selected (None: "All places")."""
    return [item.data(0, PLACE_ROLE) for item in rows(panel) if item.isSelected()]


def test_list_shows_every_place_with_its_count_and_distance(panel, dataset):
    items = rows(panel)
    assert panel.list_widget.accessibleName() == "Places list"
    assert items[0].text(0) == "All places" and items[0].text(1) == str(len(dataset.events))
    assert [i.data(0, PLACE_ROLE) for i in items[1:]] == list(dataset.places)
    for item in items[1:]:
        place_id = item.data(0, PLACE_ROLE)
        assert item.text(0) == dataset.places[place_id].name
        assert int(item.text(1)) == len(events_at(dataset, place_id))
    assert panel.list_widget.headerItem().text(2) == "From Almaty"
    assert row_of(panel, "almaty").text(2) == "0 km"
    baikonur = row_of(panel, "baikonur").text(2)
    assert baikonur.endswith(" km") and int(baikonur[:-3].replace(" ", "")) == pytest.approx(1112, abs=15)
    assert row_of(panel, "kazakhstan").text(2) == row_of(panel, "international").text(2) == "—"


def test_clicking_rows_toggles_the_place_filter(qtbot, panel, selection):
    click_row(qtbot, panel, "baikonur")
    assert selection.place_filter == {"baikonur"}
    assert panel.list_widget.currentItem().data(0, PLACE_ROLE) == "baikonur"
    click_row(qtbot, panel, "baikonur")
    assert not selection.place_filter
    assert highlighted(panel) == [None]  # "All places" (the clicked row keeps the keyboard's place)
    click_row(qtbot, panel, "almaty")
    click_row(qtbot, panel, None)
    assert not selection.place_filter


def test_list_follows_the_filter_set_elsewhere(panel, selection):
    selection.filter_to_place("mangistau")
    assert panel.list_widget.currentItem().data(0, PLACE_ROLE) == "mangistau"
    assert panel.labels["mangistau"].textItem.font().bold()
    assert not panel.labels["almaty"].textItem.font().bold()


def test_current_event_highlights_its_places(panel, selection):
    assert panel.highlighted_place_ids() == set()
    selection.set_current("state-of-emergency")
    assert panel.highlighted_place_ids() == {"mangistau", "almaty"}
    assert len(panel.halo.data) == 1  # the ring around Almaty's marker
    selection.set_current("internet-blackout")
    assert panel.highlighted_place_ids() == {"kazakhstan"} and len(panel.halo.data) == 0
    accent = panel.palette().color(panel.palette().ColorRole.Highlight)
    assert panel.outline.pen().color().rgb() == accent.rgb()


def test_clicking_a_marker_on_the_map_filters_to_it(qtbot, panel, selection):
    view_pos = panel.map.mapFromScene(panel.marker_scene_pos("baikonur"))
    qtbot.mouseClick(panel.map.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert selection.place_filter == {"baikonur"}
    qtbot.mouseClick(panel.map.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert not selection.place_filter


def test_map_picks_regions_the_country_and_the_international_box(qtbot, panel, selection):
    from kztimeline.geo.basemap import project

    assert panel.map.accessibleName() == "Places map"
    assert panel.place_at_map_point(*project(52.9, 43.3)) == "mangistau"  # Zhanaozen, inside the shaded region
    assert panel.place_at_map_point(*project(73.1, 49.8)) == "kazakhstan"  # Karaganda: nationwide
    assert panel.place_at_map_point(*project(60.0, 38.0)) is None  # Turkmenistan
    box = panel.boxes["international"]
    assert panel.place_at_scene_pos(box.sceneBoundingRect().center()) == "international"
    qtbot.mouseClick(panel.map.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.map.mapFromScene(box.sceneBoundingRect().center()))
    assert selection.place_filter == {"international"}
    panel.click_place("international")
    assert not selection.place_filter


def test_hovering_a_place_shows_its_name_kind_and_count(qtbot, panel):
    from PySide6.QtGui import QTextDocument

    panel._on_map_hover(panel.marker_scene_pos("almaty"))
    shown = QTextDocument()
    shown.setHtml(panel.view.toolTip())  # what the tooltip shows
    assert shown.toPlainText().splitlines()[:2] == ["Almaty", "city · 4 events"]
    panel._on_map_hover(QPointF(-1000, -1000))
    assert panel.view.toolTip() == ""


def test_under_a_search_every_number_counts_what_it_finds(qtbot, panel, selection, dataset):
    """The list, the map's labels and corner box and the tooltips count the events the search finds (the place
    filter aside: a place's number is what filtering to it would show); clearing the search counts all again."""
    from PySide6.QtGui import QTextDocument

    names = {place.id: place.name for place in dataset.places.values()}
    found = [e for e in dataset.events if "airport" in search_text(e, names)]  # brute force
    assert 0 < len(found) < len(dataset.events)
    at = {place_id: sum(place_id in e.place_ids for e in found) for place_id in dataset.places}
    selection.filter_to_place("baikonur")
    selection.set_text_filter("airport")
    assert panel.list_widget.headerItem().text(1) == "Found"
    assert rows(panel)[0].text(1) == str(len(found))
    assert {item.data(0, PLACE_ROLE): int(item.text(1)) for item in rows(panel)[1:]} == at
    assert panel.labels["almaty"].textItem.toPlainText() == count_label(dataset.places["almaty"], at["almaty"])
    international = dataset.places["international"]
    assert panel.boxes["international"].full_text == international_label(international, at["international"])
    panel._on_map_hover(panel.marker_scene_pos("almaty"))
    shown = QTextDocument()
    shown.setHtml(panel.view.toolTip())
    assert shown.toPlainText().splitlines()[1] == f"city · {at['almaty']} of 4 events found by the search “airport”"

    selection.set_text_filter("")
    assert panel.list_widget.headerItem().text(1) == "Events"
    assert rows(panel)[0].text(1) == str(len(dataset.events))
    assert int(row_of(panel, "almaty").text(1)) == len(events_at(dataset, "almaty")) == 4
    assert panel.labels["almaty"].textItem.toPlainText() == "Almaty (4)"
    assert panel.boxes["international"].full_text == international_label(
        international, len(events_at(dataset, "international")))


def test_markers_shrink_to_what_the_search_finds(panel, selection):
    before = panel.markers_size("almaty")
    selection.set_text_filter("no event holds this")
    assert panel.markers_size("almaty") < before
    assert {item.text(1) for item in rows(panel)} == {"0"}
    selection.set_text_filter("")
    assert panel.markers_size("almaty") == before


def test_laying_the_map_out_again_draws_no_new_marker_symbols(panel, selection):
    """Each layout (every zoom or pan step, every search) made new pens and brushes, and the scatter item, which
    keys the symbols it has drawn by their identity, drew every marker again: its atlas grew by two symbols a
    layout, 400 after 200 layouts."""
    panel._relayout()
    drawn = len(panel.markers.fragmentAtlas)
    for _ in range(50):
        panel._relayout()
    selection.set_text_filter("airport")
    selection.set_text_filter("")
    assert len(panel.markers.fragmentAtlas) <= drawn + 2  # the sizes the search gave, drawn once


def test_new_dataset_rebuilds_markers_and_list(qtbot, panel, selection, dataset):
    from dataclasses import replace

    fewer = replace(dataset, events=[e for e in dataset.events if "almaty" not in e.place_ids])
    selection.set_dataset(fewer)
    assert row_of(panel, "almaty").text(1) == "0"
    assert panel.labels["almaty"].textItem.toPlainText() == "Almaty (0)"


def test_labels():
    from kztimeline.model.entities import Place

    assert format_km(1111.6) == "1 112 km" and format_km(0) == "0 km"
    assert count_label(Place("k", "Kazakhstan (nationwide)", "country"), 12) == "Kazakhstan (nationwide, 12)"
    international = Place("i", "International", "international",
                          description="Events outside Kazakhstan — the CSTO, Moscow, Yerevan.")
    assert international_label(international, 4) == "International: CSTO, Moscow, Yerevan (4)"
    assert international_label(Place("i", "Abroad", "international"), 2) == "Abroad (2)"
    assert count_label(Place("a", "Almaty", "city"), 52262) == "Almaty (52,262)"  # as the list and status bar write it


def test_panel_renders_a_map(qtbot, panel, selection, tmp_path):
    selection.filter_to_place("almaty")
    selection.set_current("state-of-emergency")
    image = panel.grab().toImage()
    assert (image.width(), image.height()) == (500, 700)
    colours = {image.pixel(x, y) for x in range(0, 500, 10) for y in range(0, 450, 10)}
    assert len(colours) > 5  # land, neighbours, water, the shaded region, markers


def test_keyboard_in_the_list_sets_the_filter(qtbot, panel, selection):
    panel.list_widget.setFocus()
    panel.list_widget.setCurrentItem(row_of(panel, None))
    qtbot.keyClick(panel.list_widget, Qt.Key.Key_Down)
    assert selection.place_filter == {"almaty"}
    qtbot.keyClick(panel.list_widget, Qt.Key.Key_Down)
    assert selection.place_filter == {"mangistau"}
    qtbot.keyClick(panel.list_widget, Qt.Key.Key_Home)
    assert not selection.place_filter


def test_panel_without_a_dataset(qtbot):
    panel = PlacesPanel(Selection())
    qtbot.addWidget(panel)
    assert [i.text(0) for i in rows(panel)] == ["All places"] and panel.highlighted_place_ids() == set()


def test_map_follows_a_dark_palette(qtbot, panel):
    from PySide6.QtGui import QColor, QPalette

    dark = QPalette(panel.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    panel.setPalette(dark)
    land = panel._base["land"][0].brush().color()
    assert land.name() == "#1e1e1e"
    assert panel.labels["almaty"].textItem.defaultTextColor().name() == "#e0e0e0"


def test_marker_size_grows_with_events_but_is_capped():
    from kztimeline.views.mapitems import MAX_MARKER, marker_size

    assert marker_size(1) < marker_size(4) < marker_size(20)
    assert marker_size(5000) == MAX_MARKER


CTRL = Qt.KeyboardModifier.ControlModifier


def bold(panel, place_id):
    return panel.labels[place_id].textItem.font().bold()


def test_ctrl_click_in_the_list_filters_to_several_places(qtbot, panel, selection):
    click_row(qtbot, panel, "baikonur")
    click_row(qtbot, panel, "almaty", CTRL)
    assert selection.place_filter == {"almaty", "baikonur"}
    assert highlighted(panel) == ["almaty", "baikonur"]  # every filtered row, in the list's order
    assert bold(panel, "almaty") and bold(panel, "baikonur") and not bold(panel, "mangistau")
    click_row(qtbot, panel, "baikonur", CTRL)  # Ctrl-click on a filtered place takes it out
    assert selection.place_filter == {"almaty"} and highlighted(panel) == ["almaty"]
    click_row(qtbot, panel, "kazakhstan", CTRL)
    click_row(qtbot, panel, "mangistau")  # a plain click: that place alone
    assert selection.place_filter == {"mangistau"} and highlighted(panel) == ["mangistau"]
    click_row(qtbot, panel, None, CTRL)  # "All places"
    assert not selection.place_filter and highlighted(panel) == [None]


def test_ctrl_click_on_the_map_adds_a_place(qtbot, panel, selection):
    for place_id, modifier in (("almaty", Qt.KeyboardModifier.NoModifier), ("baikonur", CTRL)):
        view_pos = panel.map.mapFromScene(panel.marker_scene_pos(place_id))
        qtbot.mouseClick(panel.map.viewport(), Qt.MouseButton.LeftButton, modifier, view_pos)
    assert selection.place_filter == {"almaty", "baikonur"}
    ringed = {panel.markers.data["data"][k] for k, pen in enumerate(panel.markers.data["pen"]) if pen.width() == 2}
    assert {"almaty", "baikonur"} <= ringed  # both markers drawn as filtered
    assert highlighted(panel) == ["almaty", "baikonur"]


def test_the_keyboard_picks_several_places_with_ctrl_space(qtbot, panel, selection):
    tree = panel.list_widget
    tree.setFocus()
    tree.setCurrentItem(row_of(panel, None))
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert selection.place_filter == {"almaty"}
    qtbot.keyClick(tree, Qt.Key.Key_Down, CTRL)  # moves without filtering
    qtbot.keyClick(tree, Qt.Key.Key_Down, CTRL)
    assert selection.place_filter == {"almaty"} and tree.currentItem().data(0, PLACE_ROLE) == "baikonur"
    qtbot.keyClick(tree, Qt.Key.Key_Space, CTRL)
    assert selection.place_filter == {"almaty", "baikonur"}
    assert tree.currentItem().data(0, PLACE_ROLE) == "baikonur"  # the keyboard stays where it is
    qtbot.keyClick(tree, Qt.Key.Key_Space)  # Space alone: this place only
    assert selection.place_filter == {"baikonur"}


def test_a_filter_of_several_places_set_elsewhere_is_shown(panel, selection):
    selection.set_place_filter({"kazakhstan", "mangistau"})
    assert highlighted(panel) == ["mangistau", "kazakhstan"]
    assert panel.list_widget.currentItem().data(0, PLACE_ROLE) == "mangistau"  # the first, brought into the list
    assert bold(panel, "mangistau") and bold(panel, "kazakhstan") and not bold(panel, "almaty")
    selection.clear_place_filter()
    assert highlighted(panel) == [None] and not bold(panel, "mangistau")


def test_basemap_paths_are_the_projected_rings_point_for_point():
    """mapitems fills the basemap's paths through numpy: the same points `project` gives, a closed subpath per ring
    (borders: open lines)."""
    from PySide6.QtGui import QPainterPath

    from kztimeline.geo.basemap import load_basemap, project
    from kztimeline.views.mapitems import border_path, feature_path

    def points(path: QPainterPath) -> list[tuple[bool, float, float]]:
        return [(path.elementAt(i).isMoveTo(), path.elementAt(i).x, path.elementAt(i).y)
                for i in range(path.elementCount())]

    basemap = load_basemap()
    for feature in basemap.features:
        expected = [(i == 0, *project(*p)) for ring in feature.rings for i, p in enumerate([*ring, ring[0]])]
        assert points(feature_path(feature)) == expected, feature.name
    lines = [line for f in basemap.of_kind("neighbour") for line in f.border_lines()]
    assert points(border_path(basemap.of_kind("neighbour"))) == [(i == 0, *project(*p)) for line in lines
                                                                for i, p in enumerate(line)]


@pytest.mark.parametrize("width", [0.0, 1.0, 1.6, 3.0])
def test_map_shapes_bound_at_least_what_qt_strokes(qapp, width):
    """MapPath's bounding rectangle (no stroke of the path) holds the one Qt works out by stroking it, for the pens
    the map draws with and the caps and joins Qt has."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QGraphicsPathItem

    from kztimeline.geo.basemap import load_basemap
    from kztimeline.views.mapitems import border_path, feature_path, path_item

    basemap = load_basemap()
    paths = [feature_path(f) for f in basemap.features] + [border_path(basemap.of_kind("neighbour"))]
    for cap in (Qt.PenCapStyle.FlatCap, Qt.PenCapStyle.SquareCap, Qt.PenCapStyle.RoundCap):
        for join in (Qt.PenJoinStyle.BevelJoin, Qt.PenJoinStyle.MiterJoin, Qt.PenJoinStyle.RoundJoin,
                     Qt.PenJoinStyle.SvgMiterJoin):
            pen = pg.mkPen("k", width=width)
            pen.setCapStyle(cap)
            pen.setJoinStyle(join)
            for path in paths:
                ours, qts = path_item(path, 0), QGraphicsPathItem(path)
                for item in (ours, qts):
                    item.setPen(pen)
                assert ours.boundingRect().contains(qts.boundingRect())
                assert ours.boundingRect().width() <= qts.boundingRect().width() + 4 * width  # (not much more)
    nothing = path_item(paths[0], 0)
    nothing.setPen(pg.mkPen(None))
    assert nothing.boundingRect() == paths[0].controlPointRect()


def test_markers_and_labels_are_laid_out_for_the_map_shown(qtbot, selection):
    """Hidden (or before it is first shown) the map lays out no markers or labels: it does when shown, for the size
    it is shown at, with what changed meanwhile."""
    panel = PlacesPanel(selection)
    connect_places(selection, panel)
    qtbot.addWidget(panel)
    assert len(panel.markers.data) == 0  # built, not shown: nothing laid out yet
    panel.resize(500, 700)
    panel.show()
    qtbot.waitExposed(panel)
    assert "almaty" in set(panel.markers.data["data"]) and "almaty" in panel.label_rects()
    def alphas() -> dict[str, int]:  # of each marker's fill: dimmed or emphasised by a filter
        return {i: brush.color().alpha() for i, brush in zip(panel.markers.data["data"], panel.markers.data["brush"])}

    shown = alphas()
    panel.hide()
    selection.filter_to_place("almaty")
    assert alphas() == shown  # (hidden: not drawn again)
    panel.show()
    qtbot.waitExposed(panel)
    assert alphas()["almaty"] > shown["almaty"] and alphas()["baikonur"] < shown["baikonur"]


@pytest.mark.parametrize("width", [500, 230])
def test_a_narrow_panel_shortens_the_names_and_shows_every_number_whole(qtbot, panel, width):
    panel.resize(width, 700)
    qtbot.wait(10)
    tree, header = panel.list_widget, panel.list_widget.header()
    assert not tree.horizontalScrollBar().isVisible()
    assert header.sectionPosition(2) + header.sectionSize(2) <= tree.viewport().width()
    metrics = tree.fontMetrics()
    for item in rows(panel):
        for column in (1, 2):  # every count and distance, whole
            assert metrics.horizontalAdvance(item.text(column)) < header.sectionSize(column)
    for column in (1, 2):
        assert metrics.horizontalAdvance(tree.headerItem().text(column)) < header.sectionSize(column)
    longest = max(metrics.horizontalAdvance(item.text(0)) for item in rows(panel))
    assert (header.sectionSize(0) < longest) == (width == 230)  # the names give way first
