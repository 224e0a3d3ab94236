"""End to end: the main window on the bundled data; clicking, stepping, filtering, reloading broken files."""

import shutil

import pytest
from PySide6.QtCore import QSettings, Qt

from conftest import FROZEN, FROZEN_EVENTS, events_at
from kztimeline.app.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings)
    win.resize(1400, 900)  # a desktop's size, larger than the offscreen screen
    qtbot.addWidget(win)
    assert win.open_path(FROZEN_EVENTS, initial=True)
    win.show()
    qtbot.waitExposed(win)
    return win


def _click_event(qtbot, win, event_id):
    timeline = win.timeline
    view_pos = timeline.graphics.mapFromScene(timeline.scene_pos_of(event_id))
    qtbot.mouseClick(timeline.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)


def test_click_a_marker_then_right_and_every_view_follows(qtbot, window):
    _click_event(qtbot, window, "internet-blackout")
    assert window.selection.current_id == "internet-blackout"
    assert "turned down internet connectivity on Wednesday afternoon" in window.sources.browser.toPlainText()
    events = window.selection.filtered_events()
    index = [e.id for e in events].index("internet-blackout")
    qtbot.keyClick(window.timeline, Qt.Key.Key_Right)
    following = events[index + 1]
    assert window.selection.current_id == following.id
    # the list selected its row, the map highlights its places, the source panel shows its excerpts
    rows = window.events.table.selectionModel().selectedRows()
    assert len(rows) == 1 and rows[0].data(Qt.ItemDataRole.UserRole + 1) == following.id
    assert window.places.highlighted_place_ids() == set(following.place_ids)
    assert following.excerpts[0].quote.split()[0] in window.sources.browser.toPlainText()
    assert window.status_text().startswith(f"Event {index + 2} of {len(events)}")


def test_keyboard_steps_through_every_event_each_showing_its_excerpts(qtbot, window):
    events = window.selection.filtered_events()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Home)
    for position, event in enumerate(events):
        assert window.selection.current_id == event.id
        assert window.status_text().startswith(f"Event {position + 1} of {len(events)}")
        shown = " ".join(window.sources.browser.toPlainText().split())
        assert " ".join(event.excerpts[0].quote.split()[:6]) in shown.replace("“", '"').replace("”", '"')
        qtbot.keyClick(window.timeline, Qt.Key.Key_J)
    assert window.selection.current_id == events[-1].id  # Right/J at the end stays there
    qtbot.keyClick(window.timeline, Qt.Key.Key_K)
    assert window.selection.current_id == events[-2].id
    qtbot.keyClick(window.timeline, Qt.Key.Key_End)
    assert window.selection.current_id == events[-1].id


def test_place_filter_narrows_timeline_list_and_stepping(qtbot, window):
    window.places.click_place("almaty")
    assert window.selection.place_filter == {"almaty"}
    almaty = window.selection.filtered_events()
    assert {e.id for e in almaty} == {e.id for e in window.selection.dataset.timeline_events
                                       if "almaty" in e.place_ids}
    assert window.events.model.rowCount() == len(events_at(window.selection.dataset, "almaty"))
    assert window.timeline.scene_pos_of("baikonur-security-tightened") is None  # not drawn
    assert [lane.place_id for lane in window.timeline.layout_.lanes] == ["almaty"]  # only the lanes with events
    qtbot.keyClick(window.timeline, Qt.Key.Key_Home)
    assert "place: Almaty" in window.status_text() and window.status_text().startswith(f"Event 1 of {len(almaty)}")
    window.places.click_place("almaty")  # clicking again clears
    assert not window.selection.place_filter


def test_broken_file_shows_problems_and_keeps_the_data(qtbot, window, tmp_path):
    before = window.selection.dataset
    window.selection.set_current("internet-blackout")
    broken = tmp_path / "events.yaml"
    shutil.copytree(FROZEN / "resources" / "sources", tmp_path / "resources" / "sources")
    broken.write_text(FROZEN_EVENTS.read_text(encoding="utf-8").replace("places: [baikonur]",
                                                                          "places: [baikonurr]"), encoding="utf-8")
    assert window.open_path(broken)
    assert window.selection.dataset is before and window.selection.current_id == "internet-blackout"
    dialog = window.problems_dialog
    assert dialog is not None and dialog.isVisible()
    assert "unknown place 'baikonurr'" in dialog.text.toPlainText() and "events.yaml:" in dialog.text.toPlainText()
    assert "kept" in dialog.summary.text()
    dialog.close()


def test_reload_picks_up_a_fixed_file_and_keeps_the_current_event(qtbot, window, tmp_path):
    shutil.copytree(FROZEN / "resources" / "sources", tmp_path / "resources" / "sources")
    path = tmp_path / "events.yaml"
    shutil.copy(FROZEN_EVENTS, path)
    assert window.open_path(path)
    window.selection.set_current("battle-near-almaty")
    path.write_text(path.read_text(encoding="utf-8").replace("Airborne units battle near Almaty",
                                                             "Airborne units fight near Almaty"), encoding="utf-8")
    window.reload()
    assert window.selection.current.title == "Airborne units fight near Almaty"


def test_layout_is_remembered(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.open_path(None)
    first.docks["places"].hide()
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.open_path(None)
    assert not second.docks["places"].isVisibleTo(second)


def test_whole_period_shortcut_shows_the_whole_month(qtbot, window):
    window.timeline.zoom(0.1)
    qtbot.keyClick(window.timeline, Qt.Key.Key_0,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    period = window.selection.dataset.period
    assert window.timeline.x_range() == pytest.approx((period.start_dt.timestamp(), period.end_dt.timestamp()))


def test_no_display_prints_a_hint_and_exits_non_zero(monkeypatch, capsys):
    from kztimeline.app import launch

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":987")  # nothing listens there
    assert launch.run_app(None) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kztimeline export" in err


def test_large_file_loads_in_the_background_and_replaces_the_data(qtbot, window, tmp_path):
    from kztimeline.model.synth import write_synth

    path = write_synth(3000, tmp_path / "big.yaml", places=6)
    window.background_bytes = 0  # treat every file as large
    window.open_path(path)
    assert window.loading is not None and window.progress.isVisible()
    qtbot.waitUntil(lambda: window.loading is None, timeout=30000)
    assert len(window.selection.dataset.events) == 3000
    assert window.timeline.layout_ is not None and len(window.timeline.layout_.lanes) == 6


def test_the_status_line_writes_large_counts_with_thousands_separators(qtbot, window, tmp_path):
    """"Event 1 of 3,000", as the list's count line writes its numbers ("3,000 events")."""
    from kztimeline.model.synth import write_synth

    assert window.open_path(write_synth(3000, tmp_path / "big.yaml", places=6))
    qtbot.waitUntil(lambda: window.loading is None, timeout=30000)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Right)
    shown = window.selection.filtered_count()
    assert shown >= 1000 and window.status_text().startswith(f"Event 1 of {shown:,} in ")


def test_cancelling_a_background_load_keeps_the_data_shown(qtbot, window, tmp_path):
    from kztimeline.model.synth import write_synth

    before = window.selection.dataset
    # many progress reports (one per 2,000 events), so that Cancel lands in one however fast the load is
    path = write_synth(30_000, tmp_path / "big.yaml", places=6)
    window.background_bytes = 0
    window.open_path(path)
    qtbot.waitUntil(lambda: "Checking events" in window.progress.labelText(), timeout=30000)
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(window.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # the Cancel button
    qtbot.waitUntil(lambda: window.loading is None, timeout=30000)
    assert window.selection.dataset is before
    assert "cancelled" in window.statusBar().currentMessage()


def _started_with(qtbot, tmp_path, path):
    """A new window started on `path` as `kztimeline FILE` starts it, every file loaded in the background."""
    win = MainWindow(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    win.background_bytes = 0
    qtbot.addWidget(win)
    assert win.open_path(path, initial=True)
    win.show()
    assert win.windowTitle() == f"Opening {path.name} — kztimeline"
    return win


def test_a_file_that_fails_to_open_at_start_up_is_not_shown_as_still_opening(qtbot, tmp_path):
    from kztimeline.model.synth import write_synth

    path = write_synth(200, tmp_path / "big.yaml", places=5)
    path.write_text(path.read_text(encoding="utf-8").replace("date: '2022-01-", "date: '2022-13-", 1),
                    encoding="utf-8")
    win = _started_with(qtbot, tmp_path, path)
    qtbot.waitUntil(lambda: win.loading is None and win.problems_dialog is not None, timeout=30000)
    assert win.selection.dataset is None
    assert win.windowTitle() == "kztimeline"
    assert win.status_text().startswith("big.yaml could not be opened; nothing is open.")
    win.problems_dialog.close()


def test_a_start_up_load_cancelled_leaves_nothing_open_and_reload_tries_again(qtbot, tmp_path):
    from PySide6.QtWidgets import QPushButton

    from kztimeline.model.synth import write_synth

    path = write_synth(30_000, tmp_path / "big.yaml", places=6)  # many progress reports: Cancel lands in one
    win = _started_with(qtbot, tmp_path, path)
    qtbot.waitUntil(lambda: win.loading is not None and "Checking events" in win.progress.labelText(),
                    timeout=30000)
    qtbot.mouseClick(win.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # the Cancel button
    qtbot.waitUntil(lambda: win.loading is None, timeout=30000)
    assert win.selection.dataset is None and win.windowTitle() == "kztimeline"
    assert win.status_text().startswith("Opening big.yaml was cancelled; nothing is open.")
    win.reload()
    qtbot.waitUntil(lambda: win.loading is None and win.selection.dataset is not None, timeout=60000)
    assert len(win.selection.dataset.events) == 30_000 and "big.yaml" in win.windowTitle()


def test_reload_reads_a_mapped_csv_that_failed_in_the_background_with_its_own_mapping(qtbot, window, tmp_path):
    """A large mapped CSV is loaded in the background: if it fails, Reload (after fixing it) reads it with the columns
    it was opened with, not those of the file shown before."""
    from kztimeline.model.mappedcsv import ColumnMapping

    sheet = tmp_path / "sheet.csv"
    sheet.write_text("when,what,where\n2022-01-05,Blackout,Almaty\n2022-01-41,Riot,Almaty\n", encoding="utf-8")
    mapping = ColumnMapping(date="when", title="what", place="where")
    window.background_bytes = 0
    window.open_path(sheet, columns=mapping)
    qtbot.waitUntil(lambda: window.loading is None and window.problems_dialog is not None, timeout=30000)
    window.problems_dialog.close()
    assert window._failed == (sheet, mapping)
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("2022-01-41", "2022-01-06"), encoding="utf-8")
    window.reload()
    qtbot.waitUntil(lambda: window.loading is None and window.path == sheet, timeout=30000)
    assert [e.title for e in window.selection.dataset.events] == ["Blackout", "Riot"]
    assert window._columns == mapping  # and a Reload of it now reads it so too


def test_acled_csv_opens_in_the_window(qtbot, window):
    from conftest import DATA

    assert window.open_path(DATA / "acled-sample.csv")
    assert window.selection.dataset.title.endswith("(ACLED CSV)")
    assert [lane.place_id for lane in window.timeline.layout_.lanes] == ["zhanaozen", "aktau", "almaty"]


def test_reload_of_a_large_file_keeps_the_current_event_once_loaded(qtbot, window, tmp_path):
    from kztimeline.model.synth import write_synth

    path = write_synth(500, tmp_path / "big.yaml", places=5)
    assert window.open_path(path)
    window.selection.set_current("e42")
    window.background_bytes = 0
    window.reload()
    qtbot.waitUntil(lambda: window.loading is None, timeout=30000)
    assert window.selection.current_id == "e42"


def test_ctrl_click_two_places_shows_the_events_of_both_and_copies_them(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from kztimeline.views.mapitems import PLACE_ROLE

    tree = window.places.list_widget
    rows = {tree.topLevelItem(i).data(0, PLACE_ROLE): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}
    for place_id, modifier in (("baikonur", Qt.KeyboardModifier.NoModifier),
                               ("almaty", Qt.KeyboardModifier.ControlModifier)):
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier,
                         tree.visualItemRect(rows[place_id]).center())
    data = window.selection.dataset
    both = {e.id for e in data.events if {"almaty", "baikonur"} & set(e.place_ids)}
    model = window.events.model
    assert {model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1) for row in range(model.rowCount())} == both
    assert len(events_at(data, "almaty")) < len(both)
    assert [lane.place_id for lane in window.timeline.layout_.lanes] == ["almaty", "baikonur"]
    names = f"{data.places['almaty'].name}, {data.places['baikonur'].name}"
    assert f"filter: {names} (2 places) · Esc: all places" in window.status_text()
    window.copy_link_action.trigger()
    assert QApplication.clipboard().text().endswith("--places almaty,baikonur")  # the dataset's order
    qtbot.keyClick(window.timeline, Qt.Key.Key_Escape)
    assert not window.selection.place_filter and "filter:" not in window.status_text()


def test_esc_in_the_search_box_clears_the_search_then_shows_all_places(qtbot, window):
    window.selection.filter_to_place("almaty")
    box = window.events.search
    box.setFocus()
    qtbot.keyClicks(box, "airport")
    assert window.selection.text_filter == "airport"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # the typed search goes first, the place stays
    assert box.text() == "" and window.selection.text_filter == ""
    assert window.selection.place_filter == {"almaty"}
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # an empty box: the window's Esc, all places
    assert not window.selection.place_filter


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform and a popup menu
def test_an_events_menu_adds_its_place_to_a_filter(qtbot, window):
    from PySide6.QtCore import QPoint

    window.selection.filter_to_place("almaty")
    menu = window.event_menu("baikonur-security-tightened", QPoint(0, 0))
    texts = [a.text() for a in menu.actions()]
    name = window.selection.dataset.places["baikonur"].name
    assert f"Filter to {name}" in texts
    next(a for a in menu.actions() if a.text() == f"Add {name} to Filter").trigger()
    menu.close()
    assert window.selection.place_filter == {"almaty", "baikonur"}


def test_keyboard_shortcuts_list_no_empty_key(window):
    """Help → Keyboard Shortcuts listed Full Screen as ", F11": the standard full-screen key is empty on X11 (and
    so under the offscreen platform), and its empty text was joined with the rest."""
    from PySide6.QtGui import QAction, QKeySequence

    action = QAction("Unbound Test", window)
    action.setShortcuts([QKeySequence(), QKeySequence("F12")])
    window.addAction(action)
    text = window.shortcut_text()
    assert "<b>F12</b>" in text
    assert "<b>, " not in text and ", </b>" not in text and ", ," not in text


def test_the_search_texts_are_built_after_the_first_paint_while_idle(qtbot, window):
    """They are built a part at a time once the window has painted the dataset (not before its first paint)."""
    from kztimeline.model.columns import columns_of
    from kztimeline.model.loader import load_dataset

    dataset = load_dataset(FROZEN_EVENTS, cache=False).dataset
    window.show_dataset(dataset, FROZEN_EVENTS)
    columns = columns_of(dataset)
    assert columns._texts is None  # nothing built in the call that showed the dataset
    qtbot.waitUntil(lambda: columns._texts is not None, timeout=5000)


def test_a_new_cache_entry_is_stored_once_the_window_has_painted_the_dataset(qtbot, window, tmp_path, monkeypatch):
    """Storing the entry is Python work that would slow building and painting the window: it waits until the window
    has painted the dataset, then starts without anyone waiting for it."""
    from kztimeline.model import cache
    from kztimeline.model.loader import load_dataset

    monkeypatch.setattr(cache, "STORE_DELAY_S", 60.0)
    path = tmp_path / "events.yaml"
    shutil.copytree(FROZEN, tmp_path, dirs_exist_ok=True)
    result = load_dataset(path, store_later=True)
    assert result.ok
    window.show_dataset(result.dataset, path)
    assert not cache.entry_path(path).exists()  # nothing stored while the window was being built
    qtbot.waitUntil(lambda: cache.entry_path(path).exists(), timeout=10000)


def test_closing_the_window_before_its_first_paint_stores_the_new_cache_entry(qtbot, tmp_path, monkeypatch):
    """The store waiting for the first paint is let go when the window closes (the process then waits for it, not
    for the delay)."""
    from kztimeline.app import mainwindow
    from kztimeline.model import cache
    from kztimeline.model.loader import load_dataset

    monkeypatch.setattr(cache, "STORE_DELAY_S", 60.0)
    monkeypatch.setattr(mainwindow, "PAINTED_DELAY_MS", 60_000)  # closed long before it would count as painted
    path = tmp_path / "data" / "events.yaml"
    shutil.copytree(FROZEN, path.parent)
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show_dataset(load_dataset(path, store_later=True).dataset, path)
    win.show()
    qtbot.waitExposed(win)
    win.close()
    qtbot.waitUntil(lambda: cache.entry_path(path).exists(), timeout=10000)
