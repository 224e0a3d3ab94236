"""Issue 11: every event readable, every control where a desktop user looks for it.

What a user sees: titles that never hide under another bar or title (each event in view titled or counted in its
lane's "+N more"), axis labels that never run together, a window that fits the screen, one rule and one count
for filters and selection, the keyboard through every panel, colours readable in light and dark palettes.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, QRect, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication

from conftest import FROZEN, FROZEN_EVENTS
from kztimeline.app.mainwindow import MainWindow
from kztimeline.app.wiring import connect_timeline
from kztimeline.model import load_dataset
from kztimeline.model.palette import DEFAULT_COLOURS
from kztimeline.model.selection import Selection
from kztimeline.model.synth import synth_yaml
from kztimeline.views.colours import READABLE, contrast, muted
from kztimeline.views.timeaxis import day_labels
from kztimeline.views.timeline import TimelineWidget
import itertools


def _timeline(qtbot, dataset, width: int, height: int) -> TimelineWidget:
    selection = Selection(dataset)
    widget = TimelineWidget(selection)
    connect_timeline(selection, widget)
    widget.resize(width, height)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.update_labels_now()
    return widget


def _bar_rects(widget: TimelineWidget) -> list[tuple[int, float, float, float]]:
    """(entry, left, right, row centre) in view pixels of every mark in view."""
    lay, view = widget.layout_, widget.plot.getViewBox()
    (xa, xb), (ya, yb) = view.viewRange()
    sx, sy = view.width() / (xb - xa), view.height() / (yb - ya)
    out = []
    for entry in np.flatnonzero(widget.in_view()).tolist():
        left = (lay.x0[entry] - xa) * sx
        right = (max(lay.x1[entry], lay.x0[entry]) - xa) * sx
        if lay.exact[entry]:
            left, right = left - 5.5, left + 5.5
        out.append((entry, left, right, (lay.y[entry] - ya) * sy))
    return out


def _check_titles(widget: TimelineWidget) -> int:
    """Titles overlap no other title and no other event's mark; every event in view is titled or counted."""
    placed = widget.placed
    rects = [rect for _, rect in placed]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), "two titles overlap"
    marks = _bar_rects(widget)
    row_px = widget.row_px_min() - 4
    for entry, rect in placed:
        for other, left, right, centre in marks:
            if other == entry or abs(centre - rect.center().y()) > row_px / 2:
                continue
            assert not (left < rect.right() and rect.left() < right), "a title lies over another event's mark"
    titled = {entry for entry, _ in placed}
    counted = {int(e) for hidden in widget.more.values() for e in hidden.tolist()}
    in_view = set(np.flatnonzero(widget.in_view()).tolist())
    assert titled | counted == in_view and not titled & counted
    return len(titled)


@pytest.mark.parametrize("size", [(1100, 620), (800, 420), (560, 380)])  # its share of 1600×1000, 1280×720
def test_every_event_in_view_is_titled_or_counted(qtbot, dataset, size):
    widget = _timeline(qtbot, dataset, *size)
    titled = _check_titles(widget)
    assert titled == len(widget.placed) > 0
    # the first view frames every January event at a readable height (lanes that do not fit scroll) with its title
    titled_events = set()
    scroll = widget.lane_scroll
    for value in range(0, scroll.maximum() + scroll.pageStep(), max(scroll.pageStep() // 2, 1)):
        scroll.setValue(min(value, scroll.maximum()))
        widget.update_labels_now()
        _check_titles(widget)
        assert not widget.more, widget.more
        titled_events |= {int(widget.layout_.event[e]) for e, _ in widget.placed}
    assert len(titled_events) == len(dataset.timeline_events)


def test_clicking_a_title_selects_its_event_and_the_view_stays(qtbot, dataset):
    widget = _timeline(qtbot, dataset, 1100, 620)
    entry, rect = widget.placed[-1]
    event_id = widget.layout_.events[int(widget.layout_.event[entry])].id
    view = widget.plot.getViewBox()
    point = rect.topLeft() + QPointF(rect.width() - 4, rect.height() / 2)  # the end of the title, past its bar
    scene = view.mapToScene(point)
    before = widget.x_range()
    qtbot.mouseClick(widget.graphics.viewport(), Qt.MouseButton.LeftButton, pos=widget.graphics.mapFromScene(scene))
    assert widget.selection.current_id == event_id
    assert widget.x_range() == before  # selecting what is in view never moves the view


def test_clicking_a_bar_partly_in_view_does_not_move_the_view(qtbot, dataset):
    widget = _timeline(qtbot, dataset, 1100, 620)
    start = dataset.period.start_dt.timestamp()
    widget.plot.setXRange(start + 6 * 86400, start + 10 * 86400, padding=0)  # 7–10 Jan; the emergency runs on
    before = widget.x_range()
    widget.selection.set_current("state-of-emergency")
    assert widget.x_range() == before
    widget.selection.set_current("lpg-price-protests")  # 2–5 January, wholly out of view: brought in
    (entry,) = widget.layout_.entries_of("lpg-price-protests")
    start, end = widget.x_range()
    assert start <= widget.layout_.x0[entry] <= end


def _stress(tmp_path):
    """15 lanes, 30 events on one day."""
    text, sources = synth_yaml(30, places=15, seed=7, source_dir="stress.sources")
    text = re.sub(r"date: '[^']*'(, end: [0-9-]+)?, precision: \w+", "date: '2022-01-05', precision: day", text)
    for name, body in sources.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    path = tmp_path / "stress.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_dataset(path)
    assert result.ok, result.problems
    return result.dataset


def test_a_crowded_day_in_fifteen_lanes_titles_or_counts_every_event(qtbot, tmp_path):
    dataset = _stress(tmp_path)
    widget = _timeline(qtbot, dataset, 800, 420)
    assert widget.lane_scroll.isVisible()  # 15 lanes do not fit 420 px at a readable height: they scroll
    row_px = widget.plot.getViewBox().height() / (widget.y_range()[1] - widget.y_range()[0])
    assert row_px >= widget.row_px_min() - 0.5
    _check_titles(widget)
    widget.lane_scroll.setValue(widget.lane_scroll.maximum())
    widget.update_labels_now()
    _check_titles(widget)
    # zoomed out to the month, a lane's "+N more" zooms in on its events when its name is clicked
    widget.fit_period()
    widget.update_labels_now()
    _check_titles(widget)
    _check_titles(widget)  # (titled or counted at the month's scale too)


@pytest.mark.parametrize("width", list(range(300, 3001, 150)))
def test_axis_labels_never_overlap_and_name_the_first_day(qtbot, width):
    metrics = QFontMetricsF(QApplication.font())
    tz = UTC
    start = 1640995200.0  # 1 January 2022, midnight UTC
    for days in (31, 7, 2, 0.5):
        labels = day_labels(start, start + days * 86400, 0, width, 0, metrics, tz, hours=days < 1)
        rects = [label.rect for label in labels]
        assert labels, (width, days)
        for a, b in itertools.pairwise(rects):
            assert a.right() < b.left(), (width, days, [label.text for label in labels])
        assert all(0 <= r.left() and r.right() <= width for r in rects)
        if days >= 2:
            assert labels[0].text.split("\n")[-1].split()[-1] in ("1", "Jan", "2022") or "1" in labels[0].text


def test_weekdays_are_abbreviated_not_single_letters(qtbot):
    metrics = QFontMetricsF(QApplication.font())
    labels = day_labels(1640995200.0 + 3 * 86400, 1640995200.0 + 10 * 86400, 0, 1400, 0, metrics, UTC)
    assert labels[0].text.split()[0].rstrip(".") in ("Tue", "Tu")  # 4 January 2022 was a Tuesday


# --- the window ---------------------------------------------------------------------------------------------------

@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_first_window_fits_a_1280_by_720_screen_and_a_saved_larger_one_is_clipped(qtbot, settings, monkeypatch):
    monkeypatch.setattr(MainWindow, "_available", lambda self: QRect(0, 0, 1280, 720))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.width() <= 1280 and window.height() <= 720
    window.resize(2400, 1500)
    window.move(300, 200)
    window.clip_to_screen()
    frame = window.frameGeometry()
    assert QRect(0, 0, 1280, 720).contains(frame), frame


def _copy(tmp_path, name: str):
    """A copy of the frozen dataset's folder; the path `name` in it (not written yet)."""
    folder = tmp_path / "copy"
    shutil.copytree(FROZEN, folder)
    return folder / name


def _window(qtbot, settings) -> MainWindow:
    window = MainWindow(settings)
    window.resize(1400, 900)
    qtbot.addWidget(window)
    assert window.open_path(FROZEN_EVENTS, initial=True)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_title_names_the_file(qtbot, settings):
    window = _window(qtbot, settings)
    assert "events.yaml" in window.windowTitle()


def test_the_three_counts_agree(qtbot, settings):
    window = _window(qtbot, settings)
    data = window.selection.dataset
    total, in_period = len(data.events), len(data.timeline_events)
    wording = f"{total} events: {in_period} in January 2022, {total - in_period} background"
    assert window.status_text().startswith(wording)
    assert window.events.count_label.text() == wording
    everything = window.places.list_widget.topLevelItem(0)
    assert everything.text(0) == "All places" and everything.text(1) == str(total)


def test_a_search_hiding_the_current_event_clears_it_everywhere(qtbot, settings):
    window = _window(qtbot, settings)
    window.selection.set_current("internet-blackout")
    qtbot.keyClicks(window.events.search, "airport")
    assert window.selection.current_id is None
    assert "Background event" not in window.status_text()
    assert len(window.timeline.highlight.opts["x0"]) == 0
    assert "hidden by the filter" in window.sources.browser.toPlainText()


def test_tab_and_f6_go_through_every_panel_and_back(qtbot, settings):
    window = _window(qtbot, settings)
    window.activateWindow()
    qtbot.waitActive(window)
    panels = window.panel_widgets()
    assert len(panels) == 4
    window.timeline.setFocus()
    seen = []
    for _ in range(len(panels)):
        window.cycle_panel(1)
        seen.append(window.focusWidget())
    assert seen == panels[1:] + panels[:1]
    window.cycle_panel(-1)
    assert window.focusWidget() is panels[-1]
    # Tab from the timeline reaches each panel in turn and comes back, never stuck in the table
    window.timeline.setFocus()
    reached = []
    for _ in range(80):  # the ring also holds the event editor's fields, after the sources
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        reached.append(window.focusWidget())
        if reached[-1] is window.timeline:
            break
    assert reached[-1] is window.timeline  # back where it started: never stuck
    for panel in panels:
        assert any(w is panel or panel.isAncestorOf(w) for w in reached if w is not None), panel


def test_tab_reaches_every_show_in_source_link_and_enter_opens_it(qtbot, settings):
    window = _window(qtbot, settings)
    window.activateWindow()
    qtbot.waitActive(window)
    event = next(e for e in window.selection.dataset.events if len(e.excerpts) > 1)
    window.selection.set_current(event.id)
    browser = window.sources.browser
    opened = []
    window.sources.sourceShown.connect(opened.append)
    window.events.setFocus()
    links = []  # where each focused link starts in the excerpts' text
    for _ in range(120):  # through the list's and the editor's controls to the excerpts' links, then out again
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        cursor = browser.textCursor()
        if window.focusWidget() is browser and cursor.hasSelection():
            links.append(cursor.selectionStart())
        elif links:
            break
    assert len(set(links)) == len(links) >= len(event.excerpts)  # every excerpt's link, each once
    window.events.setFocus()
    while not (window.focusWidget() is browser and browser.textCursor().hasSelection()):  # to the first link again
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(opened))
    opened[0].close()


def test_ctrl_f_goes_to_the_search_box(qtbot, settings):
    window = _window(qtbot, settings)
    window.activateWindow()
    qtbot.waitActive(window)
    window.timeline.setFocus()
    window.focus_search()
    assert window.focusWidget() is window.events.search
    assert "F6" in window.shortcut_text() and "Ctrl+F" in window.shortcut_text()


def test_every_control_has_an_accessible_name(qtbot, settings):
    window = _window(qtbot, settings)
    for widget in [*window.panel_widgets(), window.events.search]:
        assert widget.accessibleName(), widget
    window.selection.set_current("internet-blackout")
    assert "Kazakhtelecom" in window.timeline.accessibleDescription()


def test_reload_after_a_failed_open_reloads_the_file_that_failed(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    broken = _copy(tmp_path, "broken.yaml")
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    assert window.open_path(broken)  # the data shown stays
    window.problems_dialog.close()
    broken.write_text(FROZEN_EVENTS.read_text(encoding="utf-8"), encoding="utf-8")
    window.reload()
    assert window.path == broken and "broken.yaml" in window.windowTitle()


def test_started_with_a_big_file_the_window_shows_at_once(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.background_bytes = 0
    assert window.open_path(FROZEN_EVENTS, initial=True)  # returns before the data is in
    assert window.timeline is not None and "Opening events.yaml" in window.status_text()  # the window first
    window.show()
    qtbot.waitUntil(lambda: window.selection.dataset is not None, timeout=30000)  # then the load
    assert window.progress.windowTitle() == "Opening"  # (behind its progress dialog)
    assert window.selection.dataset is not None and window.timeline.layout_ is not None


def test_dropping_a_file_opens_it(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    copy = _copy(tmp_path, "dropped.yaml")
    copy.write_text(FROZEN_EVENTS.read_text(encoding="utf-8"), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(copy))])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.path == copy, timeout=5000)


# --- colour -------------------------------------------------------------------------------------------------------

def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#17181a"), (QPalette.ColorRole.AlternateBase, "#26282b"),
                         (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Highlight, "#8ab4f8")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("dark", [False, True])
def test_text_is_at_least_aa_contrast(qtbot, dataset, dark):
    widget = _timeline(qtbot, dataset, 1100, 620)
    if dark:
        widget.setPalette(_dark())
    palette = widget.palette()
    base = palette.color(QPalette.ColorRole.Base)
    for axis in (widget.axis, widget.plot.getAxis("left")):
        assert contrast(axis.textPen().color(), base) >= READABLE
    hint = muted(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window))
    assert contrast(hint, palette.color(QPalette.ColorRole.Window)) >= READABLE
    assert hint.name() in widget.legend.text()


def test_a_live_palette_change_restyles_the_timeline(qtbot, dataset):
    widget = _timeline(qtbot, dataset, 1100, 620)
    widget.setPalette(_dark())
    image = widget.graphics.grab().toImage()
    corner = image.pixelColor(image.width() - 3, 3)
    assert corner.lightness() < 60  # the plot background follows the dark palette
    assert widget.axis.textPen().color().lightness() > 180


def test_default_categories_are_colour_blind_safe():
    assert DEFAULT_COLOURS[:3] == ("#d55e00", "#0072b2", "#009e73")  # Okabe–Ito, not tab10
    assert "#1f77b4" not in DEFAULT_COLOURS and "#d62728" not in DEFAULT_COLOURS


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hover_tooltip_stays_while_the_pointer_rests(qtbot, dataset):
    widget = _timeline(qtbot, dataset, 1100, 620)
    pos = widget.scene_pos_of("internet-blackout")
    widget._on_hover((pos,))
    first = widget._tip_id
    widget._on_hover((pos + QPointF(1, 0),))  # a small move over the same event does not re-show it
    assert first == widget._tip_id == "internet-blackout"


# --- desktop conventions ------------------------------------------------------------------------------------------

@pytest.mark.qt_log_ignore("This plugin does not support")
def test_right_click_on_an_event_offers_citation_source_and_place(qtbot, settings):
    window = _window(qtbot, settings)
    timeline = window.timeline
    pos = timeline.graphics.mapFromScene(timeline.scene_pos_of("internet-blackout"))
    qtbot.mouseClick(timeline.graphics.viewport(), Qt.MouseButton.RightButton, pos=pos)
    assert window.selection.current_id == "internet-blackout"
    menu = window.menu_shown
    texts = [action.text() for action in menu.actions()]
    assert texts[:2] == ["Copy Citation", "Show in Source"] and "Filter to Kazakhstan (nationwide)" in texts
    menu.actions()[0].trigger()
    copied = QApplication.clipboard().text()
    data = window.selection.dataset
    event = data.event("internet-blackout")
    assert copied.startswith(event.title) and event.excerpts[0].quote in copied
    assert data.sources[event.excerpts[0].source_id].outlet in copied
    menu.close()
    next(a for a in menu.actions() if a.text().startswith("Filter to")).trigger()
    assert window.selection.place_filter == {"kazakhstan"}


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_right_click_in_the_table_offers_the_same_menu(qtbot, settings):
    window = _window(qtbot, settings)
    table = window.events.table
    row = window.events.model.row_of("state-of-emergency")
    rect = table.visualRect(window.events.model.index(row, 1))
    table.customContextMenuRequested.emit(rect.center())
    assert window.selection.current_id == "state-of-emergency"
    texts = {a.text() for a in window.menu_shown.actions()}
    assert {"Copy Citation", "Show in Source", "Filter to Almaty", "Filter to Mangistau region"} == texts
    window.menu_shown.close()


def test_open_recent_full_screen_and_reset_layout(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    copy = _copy(tmp_path, "recent.yaml")
    copy.write_text(FROZEN_EVENTS.read_text(encoding="utf-8"), encoding="utf-8")
    assert window.open_path(copy)
    window._fill_recent()
    assert window.recent_menu.actions()[0].text() == "recent.yaml"
    window.docks["sources"].hide()
    window.reset_layout()
    assert window.docks["sources"].isVisible()
    window.toggle_full_screen()
    assert window.full_screen_action.isChecked() == window.isFullScreen()
    window.toggle_full_screen()


# --- export -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("preset", [0, 2])  # 1920 × 1080 and A4
def test_the_export_preview_shows_the_whole_figure(qtbot, settings, preset):
    window = _window(qtbot, settings)
    window.export_dialog()
    dialog = window.export
    dialog.preset.setCurrentIndex(preset)
    dialog.update_preview()
    shown, room = dialog.preview.pixmap().size(), dialog.preview.size()
    assert shown.width() <= room.width() and shown.height() <= room.height()
    width, height = dialog.width_box.value(), dialog.height_box.value()
    assert shown.width() / shown.height() == pytest.approx(width / height, rel=0.02)
    dialog.reject()


def test_after_an_export_the_status_bar_names_the_file_and_offers_its_folder(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    window.export_dialog()
    window.export.path_edit.setText(str(tmp_path / "figure.png"))
    window.export.accept()
    assert (tmp_path / "figure.png").is_file()
    assert "figure.png" in window.statusBar().currentMessage()
    assert window.open_folder_button.isVisible()


@pytest.mark.parametrize("dark", [False, True])
def test_muted_text_of_map_and_sources_is_readable(qtbot, dark):
    from kztimeline.views.colours import MapColours, TextTints

    palette = _dark() if dark else QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast(MapColours.from_palette(palette).faint, base) >= READABLE
    assert contrast(QColor(TextTints.from_palette(palette).muted), base) >= READABLE


def test_fifty_lanes_of_crowded_days_never_overlap_titles(qtbot, tmp_path):
    from kztimeline.model.synth import write_synth

    dataset = load_dataset(write_synth(3000, tmp_path / "fifty.yaml", places=50)).dataset
    widget = _timeline(qtbot, dataset, 900, 420)
    start = dataset.period.start_dt.timestamp()
    for first, days in ((13, 4.5), (13.5, 2), (0, 31), (20, 0.5)):
        widget.plot.setXRange(start + first * 86400, start + (first + days) * 86400, padding=0)
        for value in (0, widget.lane_scroll.maximum() // 2, widget.lane_scroll.maximum()):
            widget.lane_scroll.setValue(value)
            widget.update_labels_now()
            _check_titles(widget)
    widget.fit_period()
    widget.lane_scroll.setValue(0)
    widget.update_labels_now()
    assert widget.more  # a month of 3000 events: not every title fits
    lane = next(iter(widget.more))
    before = widget.x_range()
    # clicking the lane's name (where its "+N more" is) zooms in on them
    view = widget.plot.getViewBox()
    y_scene = view.mapViewToScene(QPointF(before[0], widget.layout_.lanes[lane].centre)).y()
    x_scene = widget.plot.getAxis("left").sceneBoundingRect().center().x()
    pos = widget.graphics.mapFromScene(QPointF(x_scene, y_scene))
    qtbot.mouseClick(widget.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    after = widget.x_range()
    assert after[1] - after[0] < before[1] - before[0]
