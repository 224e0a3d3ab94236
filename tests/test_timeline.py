"""The timeline widget, driven through the shared selection: picking, labels, zoom limits, filters."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent

from conftest import FROZEN_EVENTS
from kztimeline.model import load_dataset
from kztimeline.app.wiring import connect_timeline
from kztimeline.model.selection import Selection
from kztimeline.views.clippedaxis import ClippedPaint
from kztimeline.views.timeline import TimelineWidget


def _shown(qtbot, selection: Selection, width: int = 1400) -> TimelineWidget:
    widget = TimelineWidget(selection)
    connect_timeline(selection, widget)
    widget.resize(width, 600)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.update_labels_now()
    return widget


@pytest.fixture
def timeline(qtbot):
    return _shown(qtbot, Selection(load_dataset(FROZEN_EVENTS).dataset))


def _click(qtbot, widget, scene_pos: QPointF) -> None:
    view_pos = widget.graphics.mapFromScene(scene_pos)
    qtbot.mouseClick(widget.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)


def test_clicking_an_event_makes_it_current(qtbot, timeline):
    pos = timeline.scene_pos_of("csto-peacekeepers-decision")
    _click(qtbot, timeline, pos)
    assert timeline.selection.current_id == "csto-peacekeepers-decision"


def test_first_view_frames_the_events_and_whole_period_shows_the_month(timeline):
    period = timeline.selection.dataset.period
    lay = timeline.layout_
    start, end = timeline.x_range()
    assert start <= lay.x0.min() and lay.x1.max() <= end  # every event in view, with a margin
    assert end - start < 0.8 * (period.end_dt.timestamp() - period.start_dt.timestamp())
    timeline.fit_period()
    start, end = timeline.x_range()
    assert start == pytest.approx(period.start_dt.timestamp()) and end == pytest.approx(period.end_dt.timestamp())
    assert [lane.place_id for lane in timeline.layout_.lanes] == list(timeline.selection.dataset.places)


def test_multi_place_event_is_drawn_in_each_lane(timeline):
    assert len(timeline.layout_.entries_of("state-of-emergency")) == 2


def test_day_precision_events_are_windows_not_dots(timeline):
    lay = timeline.layout_
    (entry,) = lay.entries_of("government-resigns")
    assert not lay.exact[entry] and lay.x1[entry] - lay.x0[entry] == 86400


def test_labels_never_overlap(timeline):
    rects = [rect for _entry, rect in timeline.placed]
    assert len(rects) >= 10 and len(timeline.visible_labels()) == len(rects)
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b)


def test_wheel_zoom_narrows_around_the_cursor_and_stays_in_january(qtbot, timeline):
    period = timeline.selection.dataset.period
    view = timeline.plot.getViewBox()
    target = period.start_dt.timestamp() + 5.5 * 86400
    scene = view.mapViewToScene(QPointF(target, 3))
    pos = timeline.graphics.mapFromScene(scene)
    before = timeline.x_range()
    for _ in range(3):
        event = QWheelEvent(QPointF(pos), QPointF(timeline.graphics.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        qtbot.wait(1)
        from PySide6.QtWidgets import QApplication
        QApplication.sendEvent(timeline.graphics.viewport(), event)
    after = timeline.x_range()
    assert after[1] - after[0] < (before[1] - before[0]) * 0.8
    assert after[0] <= target <= after[1]
    # the point under the cursor stays under the cursor
    fraction_before = (target - before[0]) / (before[1] - before[0])
    fraction_after = (target - after[0]) / (after[1] - after[0])
    assert fraction_after == pytest.approx(fraction_before, abs=0.02)
    for _ in range(40):  # zooming out far stays inside the period
        timeline.zoom(3.0)
    start, end = timeline.x_range()
    assert start >= period.start_dt.timestamp() - 1 and end <= period.end_dt.timestamp() + 1


def test_zoom_in_stops_at_about_an_hour(timeline):
    for _ in range(30):
        timeline.zoom(0.3)
    start, end = timeline.x_range()
    assert 3000 <= end - start <= 4000


def test_finer_ticks_appear_when_zoomed_in(timeline):
    start = timeline.selection.dataset.period.start_dt.timestamp() + 4 * 86400
    timeline.plot.setXRange(start, start + 86400, padding=0)
    levels = timeline.axis.tickValues(start, start + 86400, 1200)
    assert levels[0][0] == 86400 and any(step <= 6 * 3600 for step, _ in levels[1:])
    timeline.axis.picture = None
    timeline.graphics.grab()
    texts = [label.text for label in timeline.axis.labels]
    assert "Wed 5 Jan" in texts  # Almaty's 5 January, whatever the machine's zone
    assert "06:00" in texts


def test_current_event_is_highlighted_and_kept_in_view(timeline):
    timeline.plot.setXRange(*(timeline.selection.dataset.period.end_dt.timestamp() - 86400 * d for d in (3, 1)),
                            padding=0)
    timeline.selection.set_current("internet-blackout")
    (entry,) = timeline.layout_.entries_of("internet-blackout")
    start, end = timeline.x_range()
    assert start <= timeline.layout_.x0[entry] and timeline.layout_.x1[entry] <= end
    assert len(timeline.highlight.opts["x0"]) == 1


def test_place_filter_hides_other_events_from_picking(qtbot, timeline):
    pos = timeline.scene_pos_of("baikonur-security-tightened")
    timeline.selection.filter_to_place("almaty")
    assert timeline.event_at(pos) != "baikonur-security-tightened"
    assert timeline.scene_pos_of("baikonur-security-tightened") is None
    timeline.selection.clear_place_filter()
    assert timeline.event_at(pos) == "baikonur-security-tightened"


def test_search_finds_events_by_their_quotes_too(timeline):
    timeline.selection.set_text_filter("Kazakhtelecom")
    assert [e.id for e in timeline.selection.filtered_events()] == ["internet-blackout"]
    timeline.selection.set_text_filter("blackout")  # the id and the quote say blackout, the title does not
    assert [e.id for e in timeline.selection.filtered_events()] == ["internet-blackout"]


def test_crowded_rows_show_overlapping_categories_in_grey_and_say_so(qtbot, tmp_path):
    from kztimeline.model.synth import write_synth
    from kztimeline.views.bars import LayeredBars

    result = load_dataset(write_synth(3000, tmp_path / "crowd.yaml", places=5))
    widget = TimelineWidget(Selection(result.dataset))
    widget.resize(1200, 600)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.graphics.grab()
    bars = next(item for plot, item in widget._event_items if plot is widget.plot and isinstance(item, LayeredBars))
    assert bars.drawn_mixed > 0
    assert "Grey: categories overlap" in widget.legend.text()


def test_packed_rows_need_no_grey_in_the_legend(timeline):
    assert "overlap" not in timeline.legend.text()


def _painted_alone(axis, paint) -> bytes:
    """What `paint` draws of `axis` on a white image with room around its bounding rectangle (grid included)."""
    axis.picture = None
    rect = axis.boundingRect().adjusted(-8, -8, 8, 8)
    image = QImage(int(rect.width()) + 1, int(rect.height()) + 1, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(-rect.left(), -rect.top())
    paint(axis, painter, None, None)
    painter.end()
    return bytes(image.constBits())


@pytest.mark.parametrize("days", [31, 3, 0.5])
def test_axes_clipped_for_speed_look_as_they_did_unclipped(timeline, days):
    """The axes paint with a clip (views/clippedaxis.py: their translucent grid lines draw 30x faster); the clip
    reaches past every pixel they draw, grid, ticks and the axis line's ends included."""
    start = timeline.selection.dataset.period.start_dt.timestamp() + 4 * 86400
    timeline.plot.setXRange(start, start + days * 86400, padding=0)
    timeline._update_labels()
    for axis in (timeline.axis, timeline.overview_axis, timeline.plot.getAxis("left")):
        assert isinstance(axis, ClippedPaint)
        unclipped = _painted_alone(axis, lambda item, *args: super(ClippedPaint, item).paint(*args))
        assert _painted_alone(axis, type(axis).paint) == unclipped


def test_a_search_typed_looks_as_the_same_search_drawn_anew(qtbot, tmp_path):
    """Typing cuts the drawing of every event down to what the search finds (and counts it, per lane, from the
    index of every event): pixel for pixel what a timeline opened with that search set draws from scratch."""
    from kztimeline.model.synth import write_synth

    dataset = load_dataset(write_synth(3000, tmp_path / "crowd.yaml", places=5)).dataset
    typed, anew = Selection(dataset), Selection(dataset)
    typed_widget, anew_widget = _shown(qtbot, typed, 1200), _shown(qtbot, anew, 1200)
    # every event drawn and counted once: typing cuts those parts and that index down
    assert typed_widget._all_parts is not None and typed_widget._all_index is not None
    anew_widget._all_parts = anew_widget._all_index = None  # the other draws and counts from the layout
    anew.set_text_filter("road")
    assert anew_widget._all_parts is None
    for text in ("r", "ro", "roa", "road"):  # typed letter by letter: every event's parts, cut down
        typed.set_text_filter(text)
    assert 0 < typed.filtered_count() < len(dataset.events) / 2
    assert typed_widget.layout_ is typed_widget.full_layout  # every lane finds some: none is hidden
    for widget in (typed_widget, anew_widget):
        widget.fit_period()
        widget.zoom(0.2)  # mid-month: events ending before the view must not be counted in it
        widget.update_labels_now()
    assert typed_widget.graphics.grab().toImage() == anew_widget.graphics.grab().toImage()
    assert typed_widget.visible_labels() == anew_widget.visible_labels()


def test_the_first_frame_after_a_search_titles_only_what_it_finds(timeline):
    """The titles follow a search before the next paint (no turn of the event loop in between)."""
    shown = timeline.visible_labels()
    assert len(shown) >= 10
    timeline.selection.set_text_filter("Kazakhtelecom")
    assert timeline.visible_labels() == ["Kazakhtelecom cuts the internet nationwide"] != shown
    timeline.selection.set_text_filter("")
    assert timeline.visible_labels() == shown
