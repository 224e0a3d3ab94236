"""Issue 13: the places map fits any set of places: labels never overlap, every place is in view, regions are not
water-coloured, and crowded markers cluster (tests/data/stress/places.yaml: 32 places across Kazakhstan and abroad)."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF

from kztimeline.app.wiring import connect_places
from kztimeline.geo.basemap import project
from kztimeline.model.loader import load_dataset
from kztimeline.model.selection import Selection
from kztimeline.views.mapitems import LabelRequest, cluster_points, layout_labels
from kztimeline.views.placemap import PlacesPanel

STRESS = Path(__file__).parent / "data" / "stress" / "places.yaml"
SIZES = [(260, 380), (420, 600), (900, 700)]  # the default dock, a wider one, the map undocked


@pytest.fixture(scope="module")
def stress_dataset():
    result = load_dataset(STRESS)
    assert result.ok, result.problems
    return result.dataset


def _panel(qtbot, dataset, size):
    selection = Selection()
    selection.set_dataset(dataset)
    panel = PlacesPanel(selection)
    connect_places(selection, panel)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.wait(30)
    return panel


def _overlaps(rects):
    items = list(rects.items())
    return [(a, b) for i, (a, ra) in enumerate(items) for b, rb in items[i + 1:] if ra.intersects(rb)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("which", ["bundled", "stress"])
def test_label_rectangles_never_overlap(qtbot, dataset, stress_dataset, which, size):
    panel = _panel(qtbot, dataset if which == "bundled" else stress_dataset, size)
    rects = panel.label_rects()
    assert rects, "no label shown"
    assert _overlaps(rects) == []
    view = panel.view.sceneBoundingRect()
    assert all(view.contains(r) for r in rects.values())
    panel.view.scaleBy((0.5, 0.5))  # zoomed in, the labels are laid out again
    qtbot.wait(30)
    assert _overlaps(panel.label_rects()) == []


@pytest.mark.parametrize("size", SIZES)
def test_every_place_of_the_stress_dataset_is_in_view(qtbot, stress_dataset, size):
    panel = _panel(qtbot, stress_dataset, size)
    (x0, x1), (y0, y1) = panel.view.viewRange()
    for place in stress_dataset.places.values():
        if place.id in panel.boxes:  # abroad beyond the basemap (Moscow, Minsk) and International: a corner box
            assert panel.view.sceneBoundingRect().contains(panel.boxes[place.id].sceneBoundingRect())
            continue
        x, y = project(place.lon, place.lat)
        assert x0 <= x <= x1 and y0 <= y1 and y0 <= y <= y1, place.id
    assert set(panel.boxes) == {"moscow", "minsk", "international"}
    assert {"yerevan", "bishkek", "dushanbe"} <= set(panel._marker_ids)  # on the basemap: markers


def test_the_whole_country_is_in_the_default_view(qtbot, dataset):
    panel = _panel(qtbot, dataset, SIZES[0])
    west, south, east, north = panel.basemap.bounds("country")
    (x0, x1), (y0, y1) = panel.view.viewRange()
    (a, b), (c, d) = project(west, south), project(east, north)
    assert x0 <= a and c <= x1 and y0 <= b and d <= y1


def test_regions_are_shaded_in_a_colour_distinct_from_water(qtbot, dataset):
    panel = _panel(qtbot, dataset, SIZES[1])
    shade = panel._shades["mangistau"].brush().color()
    water = panel._base["water"][0].brush().color()
    assert shade.hue() != -1 and water.hue() != -1
    assert min(abs(shade.hue() - water.hue()), 360 - abs(shade.hue() - water.hue())) > 90


def test_crowded_markers_cluster_and_split_on_zoom(qtbot, stress_dataset):
    panel = _panel(qtbot, stress_dataset, SIZES[0])
    clusters = [members for members in panel._clusters.values() if len(members) > 1]
    assert clusters, "at the default dock size, Zhanaozen and Aktau share a marker"
    assert any({"zhanaozen", "aktau"} <= set(m) for m in clusters)
    drawn = len(panel._clusters)
    lead = next(lead for lead, m in panel._clusters.items() if "aktau" in m)
    panel.view.scaleBy((1 / 16, 1 / 16), center=QPointF(*project(51.9, 43.5)))
    qtbot.wait(30)
    assert len(panel._clusters) >= 1 and len(panel._clusters.get(lead, [lead])) == 1
    assert "aktau" in panel._clusters and "zhanaozen" in panel._clusters
    assert drawn < len(stress_dataset.places)
    assert "nearby" in panel.describe(lead) or len(panel._clusters[lead]) == 1


def test_layout_places_the_busiest_first_and_drops_what_does_not_fit():
    from PySide6.QtCore import QRectF
    requests = [LabelRequest("big", QPointF(50, 50), ((80, 16),), radius=5, priority=10),
                LabelRequest("small", QPointF(52, 50), ((80, 16), (30, 16)), radius=5, priority=1)]
    placed = layout_labels(requests, {}, QRectF(0, 0, 200, 100))
    assert "big" in placed and placed["big"][1].left() > 50  # right of its marker
    assert "small" in placed and not placed["small"][1].intersects(placed["big"][1])
    crowded = layout_labels(requests, {}, QRectF(40, 40, 100, 20))
    assert list(crowded) == ["big"]


def test_cluster_points_groups_overlapping_markers():
    points = {"a": QPointF(0, 0), "b": QPointF(5, 0), "c": QPointF(100, 0)}
    groups = cluster_points(points, {"a": 10, "b": 10, "c": 10}, {"a": 1, "b": 5, "c": 1})
    assert groups == [["b", "a"], ["c"]]


def _painted(dataset, width, height):
    from PySide6.QtGui import QImage, QPainter

    from kztimeline.export.figure import Figure, FigureOptions

    figure = Figure(dataset, FigureOptions(width, height))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    figure.paint(painter)
    painter.end()
    return figure


@pytest.mark.parametrize("size", [(1920, 1080), "default"])
def test_exported_stress_figure_has_every_lane_name_apart_and_every_number_on_its_bar(qapp, stress_dataset, size):
    from kztimeline.export.figure import FigureOptions, fitting_height

    width, height = (1600, fitting_height(stress_dataset, FigureOptions(1600, 500))) if size == "default" else size
    assert height > 500 or size != "default"
    figure = _painted(stress_dataset, width, height)
    assert _overlaps(figure.lane_label_rects) == []
    assert len(figure.lane_label_rects) == len(stress_dataset.places)  # every lane named
    assert figure.numbers_drawn == {e.id for e in figure.events}  # every number (or title) stands on its bar
    if figure.numbered:
        assert figure.key_shown >= 1


def test_a_figure_too_low_for_its_lanes_keeps_names_apart_and_the_cli_says_what_fits(qapp, stress_dataset,
                                                                                     tmp_path, capsys):
    from kztimeline.cli import main

    figure = _painted(stress_dataset, 1600, 500)
    assert figure.numbered and _overlaps(figure.lane_label_rects) == []
    assert len(figure.lane_label_rects) >= len(stress_dataset.places) // 2
    assert main(["export", str(STRESS), "--output", str(tmp_path / "f.png"), "--height", "500"]) == 0
    assert "--height" in capsys.readouterr().out
    assert main(["export", str(STRESS), "--output", str(tmp_path / "g.png")]) == 0
    out = capsys.readouterr().out
    assert "to fit 32 lanes" in out


def test_the_bundled_figure_keeps_its_default_size(qapp, dataset):
    from kztimeline.export.figure import FigureOptions, fitting_height

    assert fitting_height(dataset, FigureOptions(1600, 500)) == 500
    figure = _painted(dataset, 1600, 500)
    assert _overlaps(figure.lane_label_rects) == [] and len(figure.lane_label_rects) == len(dataset.places)
    assert figure.numbers_drawn == {e.id for e in figure.events}


def test_the_filtered_place_is_brought_back_into_view(qtbot, stress_dataset):
    panel = _panel(qtbot, stress_dataset, SIZES[1])
    panel.view.setRange(xRange=(50, 54), yRange=(50, 54), padding=0)  # far north-west, zoomed in
    panel.selection.filter_to_place("almaty")
    qtbot.wait(10)
    (x0, x1), (y0, y1) = panel.view.viewRange()
    x, y = project(76.9115, 43.25249)
    assert x0 <= x <= x1 and y0 <= y <= y1


def test_a_renamed_place_shows_its_name_of_today_on_hover(qtbot, stress_dataset):
    panel = _panel(qtbot, stress_dataset, SIZES[1])
    assert panel.describe("nur-sultan").splitlines()[0] == "Nur-Sultan (now Astana)"


def test_clicking_a_cluster_zooms_in_instead_of_filtering(qtbot, stress_dataset):
    from PySide6.QtCore import Qt

    panel = _panel(qtbot, stress_dataset, SIZES[0])
    lead = next(lead for lead, members in panel._clusters.items() if "aktau" in members and len(members) > 1)
    width = panel.view.viewRange()[0][1] - panel.view.viewRange()[0][0]
    qtbot.mouseClick(panel.map.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.map.mapFromScene(panel.marker_scene_pos(lead)))
    qtbot.wait(20)
    assert not panel.selection.place_filter
    assert panel.view.viewRange()[0][1] - panel.view.viewRange()[0][0] < width * 0.6


def test_the_export_dialog_offers_a_height_that_fits_the_lanes(qtbot, stress_dataset):
    from kztimeline.export.dialog import PRESETS, ExportDialog

    selection = Selection()
    selection.set_dataset(stress_dataset)
    dialog = ExportDialog(selection)
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex([p[0] for p in PRESETS].index("1600 × 500 (article column)"))
    dialog.update_preview()
    assert "px high gives every lane" in dialog.hint.text()
    dialog.preset.setCurrentIndex([p[2] for p in PRESETS].index(-1))
    dialog.update_preview()
    assert dialog.width_box.value() == 1600 and dialog.height_box.value() > 1000 and dialog.hint.text() == ""
