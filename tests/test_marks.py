"""The timeline's vectorised marks draw less than they are given, and the picture must not change because of it."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor

from kztimeline.views.bars import flatten
from kztimeline.views.dots import Dots


def _random_runs(rng, layers: int, rows: int, width: int):
    """Per layer, non-overlapping (left, right, row) runs sorted by row then left, as `LayeredBars` makes them."""
    out = []
    for _ in range(layers):
        lefts, rights, row_of = [], [], []
        for row in range(rows):
            edges = np.sort(rng.choice(width, size=2 * rng.integers(0, 6), replace=False))
            if edges.size >= 4 and rng.random() < 0.5:
                edges[2] = edges[1]  # two runs of the layer touch
            lefts += edges[0::2].tolist()
            rights += edges[1::2].tolist()
            row_of += [row] * (len(edges) // 2)
        out.append(tuple(np.asarray(a, dtype=np.int64) for a in (lefts, rights, row_of)))
    return out


def _painted(runs, shape, groups=None):
    """What painting the layers in order leaves on each pixel: the top layer, or -2 where groups mix."""
    top, mixed = np.full(shape, -1), np.zeros(shape, dtype=bool)
    seen = np.empty(shape, dtype=object)
    for index in np.ndindex(shape):
        seen[index] = set()
    for layer, (left, right, row) in enumerate(runs):
        group = groups[layer] if groups else None
        for a, b, r in zip(left, right, row):
            for column in range(a, b):
                top[r, column] = layer
                if group is None:  # lies on top in its own colour
                    seen[r, column], mixed[r, column] = set(), False
                else:
                    seen[r, column].add(group)
                    mixed[r, column] = len(seen[r, column]) > 1
    return np.where(mixed, -2, top) if groups else top


@pytest.mark.parametrize("seed", range(30))
def test_flattened_bars_fill_each_pixel_once_with_the_colour_layering_leaves(seed):
    rng = np.random.default_rng(seed)
    rows, width = 7, 60
    runs = _random_runs(rng, layers=4, rows=rows, width=width)
    groups = [None, 0, 1, None] if seed % 3 == 0 else [0, 1, 0, 2] if seed % 3 == 1 else None
    flat = np.full((rows, width), -1)
    for layer, (left, right, row) in enumerate(flatten(runs, groups)):
        assert np.all(np.diff(row * width + left) > 0), "rectangles out of order"
        for a, b, r in zip(left, right, row):
            assert (flat[r, a:b] == -1).all(), "a pixel was filled twice"
            flat[r, a:b] = -2 if layer == len(runs) else layer
    assert (flat == _painted(runs, (rows, width), groups)).all()


def test_flatten_merges_neighbouring_pieces_of_one_layer():
    one = (np.array([0, 10]), np.array([10, 20]), np.array([0, 0]))
    nothing = (np.empty(0, np.int64),) * 3
    (left, right, row), _ = flatten([one, nothing])
    assert left.tolist() == [0] and right.tolist() == [20] and row.tolist() == [0]


def _grab(qtbot, item: Dots) -> np.ndarray:
    plot = pg.PlotWidget()
    item.plot_widget = plot  # keep the widget (and with it the item) alive while the test looks at them
    plot.resize(400, 200)
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.addItem(item)
    plot.setRange(xRange=(0, 100), yRange=(0, 20), padding=0)
    qtbot.addWidget(plot)
    plot.show()
    qtbot.waitExposed(plot)
    return _pixels(plot.grab().toImage())


def _pixels(image) -> np.ndarray:
    return np.array([[image.pixel(x, y) for x in range(image.width())] for y in range(image.height())])


def test_dots_stamp_one_per_pixel_and_look_the_same_as_stamping_every_dot(qtbot, monkeypatch):
    # without antialiasing, so that the pictures must match to the bit (with it, only the soft rim of a stack of
    # identical dots differs: stamped once it stays soft, stamped eight times it darkens)
    rng = np.random.default_rng(1)
    column = rng.uniform(0, 100)  # rows 15-19 hold one dot each, at the same time: stacked in x, not in y
    x = np.concatenate([rng.uniform(0, 100, 400), np.repeat(rng.uniform(0, 100, 50), 8), np.full(5, column)])
    y = np.concatenate([rng.integers(1, 15, 400), np.repeat(rng.integers(1, 15, 50), 8), np.arange(15, 20)])
    y = y.astype(float)
    colour = rng.integers(0, 3, len(x))
    colours = [QColor("#d62728"), QColor("#1f77b4"), QColor("#2ca02c")]
    pen = pg.mkPen("k", width=1)
    fewer = Dots(x, y, colour, colours, 11, pen, antialias=False)
    picture = _grab(qtbot, fewer)
    assert 0 < fewer.drawn <= len(x) - 350  # the 400 dots stacked in 50 places are stamped once per place

    every = Dots(x, y, colour, colours, 11, pen, antialias=False)

    def all_of_them(transform, x_min, x_max):
        device_x = np.round(every.x * transform.m11() + transform.dx())
        device_y = np.round(every.y * transform.m22() + transform.dy())
        return device_x, device_y, np.arange(len(every.x))

    monkeypatch.setattr(every, "visible", all_of_them)
    assert (_grab(qtbot, every) == picture).all()
    assert every.drawn == len(x)
    assert len(np.unique(picture)) > 3  # dots in all three colours over the background, not a blank image


@pytest.mark.parametrize(("rows_in_view", "diameter"), [(10, 11), (20, 8), (40, 4.0), (400, 4.0)])
def test_dots_shrink_to_fit_thin_rows(qtbot, rows_in_view, diameter):
    dots = Dots(np.array([10.0, 50.0]), np.array([1.0, 2.0]), np.array([0, 0]), [QColor("red")], 11,
                pg.mkPen("k"), row_height=1.0)
    plot = pg.PlotWidget()
    plot.resize(400, 200)
    plot.addItem(dots)
    plot.setRange(xRange=(0, 100), yRange=(0, rows_in_view), padding=0)
    qtbot.addWidget(plot)
    plot.show()
    qtbot.waitExposed(plot)
    plot.grab()
    assert dots.diameter == diameter and dots.drawn == 2


def test_flatten_marks_where_layers_of_different_groups_overlap():
    protest = (np.array([0]), np.array([30]), np.array([0]))
    protest_solid = (np.array([5]), np.array([10]), np.array([0]))
    economy = (np.array([20]), np.array([50]), np.array([0]))
    *layers, mixed = flatten([protest, protest_solid, economy], groups=[0, 0, 1])
    assert list(zip(mixed[0], mixed[1])) == [(20, 30)]  # protest and economy both claim 20..30
    assert list(zip(layers[1][0], layers[1][1])) == [(5, 10)]  # a solid bar over its own category's window stays
    assert list(zip(layers[2][0], layers[2][1])) == [(30, 50)]
    assert list(zip(layers[0][0], layers[0][1])) == [(0, 5), (10, 20)]


def _layout(x0, x1, y, category):
    from kztimeline.views.lanes import LaneLayout

    n = len(x0)
    return LaneLayout([], [], np.asarray(x0, float), np.asarray(x1, float), np.asarray(y, float), np.arange(n),
                      np.asarray(category), np.zeros(n, bool), np.zeros(n, bool), ["a", "b"])


def test_layout_tells_whether_categories_overlap_in_a_row():
    assert _layout([0, 10], [20, 30], [0.5, 0.5], [0, 1]).categories_overlap()
    assert not _layout([0, 20], [20, 30], [0.5, 0.5], [0, 1]).categories_overlap()  # touching is not overlapping
    assert not _layout([0, 10], [20, 30], [0.5, 1.5], [0, 1]).categories_overlap()  # different rows
    assert not _layout([0, 10, 40], [20, 30, 50], [0.5, 0.5, 0.5], [0, 0, 1]).categories_overlap()
    assert _layout([0, 5, 15], [30, 10, 20], [0.5, 0.5, 0.5], [0, 0, 1]).categories_overlap()  # inside a long one
    for order in ([0, 1], [1, 0]):  # a bar of no length, drawn a pixel wide, at the start of another
        assert _layout([0, 0], np.array([0, 30])[order], [0.5, 0.5], np.array([0, 1])[order]).categories_overlap()


def test_bundled_timeline_has_no_overlapping_categories(dataset):
    from kztimeline.views.lanes import layout

    assert not layout(dataset).categories_overlap()


def _show(qtbot, item, x_range, y_range, invert=False) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.resize(400, 200)
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.getViewBox().invertY(invert)
    plot.addItem(item)
    plot.setRange(xRange=x_range, yRange=y_range, padding=0)
    qtbot.addWidget(plot)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def _colour_at(plot: pg.PlotWidget, image, x: float, y: float) -> str:
    point = plot.mapFromScene(plot.getViewBox().mapViewToScene(pg.QtCore.QPointF(x, y)))
    return QColor(image.pixel(point.x(), point.y())).name()


def test_dots_land_on_their_data_coordinates(qtbot):
    dots = Dots(np.array([20.0, 70.0]), np.array([5.0, 15.0]), np.array([0, 1]),
                [QColor("#d62728"), QColor("#1f77b4")], 11, pg.mkPen("k"))
    plot = _show(qtbot, dots, (0, 100), (0, 20))
    image = plot.grab().toImage()
    assert _colour_at(plot, image, 20, 5) == "#d62728" and _colour_at(plot, image, 70, 15) == "#1f77b4"
    assert _colour_at(plot, image, 45, 10) == "#ffffff"


def test_layered_bars_paint_top_layers_own_colour_and_grey_where_categories_mix(qtbot):
    from PySide6.QtGui import QBrush

    from kztimeline.views.bars import BarLayer, LayeredBars

    window = BarLayer(np.array([0.0, 0.0]), np.array([60.0, 40.0]), np.array([1.0, 3.0]), QBrush(QColor("#ffcccc")),
                      group=0)
    span = BarLayer(np.array([10.0]), np.array([20.0]), np.array([1.0]), QBrush(QColor("#d62728")), group=0)
    other = BarLayer(np.array([50.0, 30.0]), np.array([90.0, 80.0]), np.array([1.0, 3.0]), QBrush(QColor("#1f77b4")),
                     group=1)
    bars = LayeredBars([window, span, other], 0.4, mixed=QBrush(QColor("#cccccc")))
    plot = _show(qtbot, bars, (0, 100), (0, 4), invert=True)  # the timeline's rows run downwards
    image = plot.grab().toImage()
    row_1 = [_colour_at(plot, image, x, 1.0) for x in (5, 15, 30, 55, 85, 95)]
    assert row_1 == ["#ffcccc", "#d62728", "#ffcccc", "#cccccc", "#1f77b4", "#ffffff"]
    row_3 = [_colour_at(plot, image, x, 3.0) for x in (20, 35, 60)]
    assert row_3 == ["#ffcccc", "#cccccc", "#1f77b4"]
    assert _colour_at(plot, image, 15, 2.0) == "#ffffff"  # between rows
    assert bars.drawn_mixed == 2
