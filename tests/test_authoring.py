"""Building a dataset in the window, through the widgets a user touches: File → New, Add Source, select a passage,
New Event from Selection, a proposed date, a place by an alias, Save; undo and redo; the unsaved-changes prompt.

Dialogs that would block (file choosers, the Save/Discard/Cancel question) are replaced through the `ask_*`
attributes of `window.authoring`; the forms (New Dataset, Add Source) are real and filled in as a user would."""

from __future__ import annotations

import http.server
import shutil

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from ruamel.yaml import YAML

from conftest import DATA, serving
from kztimeline import cli
from kztimeline.app import authoring as authoring_module
from kztimeline.app.mainwindow import MainWindow
from kztimeline.model.loader import load_dataset

PAGE = DATA / "capture" / "steppe-daily-almaty-airport.html"
SENTENCE = ("Protesters seized the international airport in Almaty on Wednesday evening, the city's authorities "
            "said")


@pytest.fixture
def window(qtbot, tmp_path):
    shutil.copytree(DATA / "sources", tmp_path / "start" / "sources")
    shutil.copy(DATA / "minimal.yaml", tmp_path / "start" / "events.yaml")
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_path(tmp_path / "start" / "events.yaml", initial=True)
    win.show()
    qtbot.waitExposed(win)

    def unexpected(*args):
        raise AssertionError(f"a question nobody expected: {args}")

    win.authoring.ask_changed_on_disk = unexpected
    win.authoring.ask_unsaved = lambda doing: authoring_module.DISCARD  # (pytest-qt closes the window after a test)
    return win


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _new_dataset(qtbot, win, folder):
    win.authoring.new_action.trigger()
    form = win.authoring.form
    assert form is not None and form.isVisible()
    qtbot.keyClicks(form.title, "Almaty in January")
    form.folder.setText(str(folder))
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.message.text()
    return folder / "events.yaml"


def _add_page(qtbot, win, monkeypatch):
    monkeypatch.setattr(win.authoring, "ask_source_file", lambda _start: PAGE)
    win.authoring.add_source_action.trigger()
    form = win.authoring.form
    assert form.fields["outlet"].text() == "Steppe Daily"  # what was extracted, shown to be checked
    assert form.fields["title"].text() == "Almaty airport seized as Kazakhstan unrest spreads"
    assert form.fields["published"].text() == "2022-01-06T09:12:00+06:00"
    assert form.text.toPlainText().startswith("ALMATY — Protesters seized")
    qtbot.keyClicks(form.fields["published_basis"], "the page's own time stamp")
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.message.text()
    browser = win.authoring.browser
    assert browser is not None and browser.isVisible() and browser.text is not None
    return browser.text


def test_from_new_to_a_saved_checked_dataset(qtbot, window, tmp_path, monkeypatch):
    path = _new_dataset(qtbot, window, tmp_path / "mine")
    assert path.is_file() and (tmp_path / "mine" / "resources" / "sources").is_dir()
    assert "events.yaml[*]" in window.windowTitle() and not window.isWindowModified()
    assert window.selection.dataset.title == "Almaty in January"

    article = _add_page(qtbot, window, monkeypatch)
    assert window.isWindowModified()
    source = article.source
    start = source.text.index(SENTENCE)
    article.select_span(start, start + len(SENTENCE))
    assert article.textCursor().selectedText() == SENTENCE
    assert article.new_event_action.isEnabled()
    article.new_event_action.trigger()  # the toolbar's and context menu's New Event from Selection

    event = window.selection.current
    assert event is not None and event.excerpts[0].quote == SENTENCE and event.excerpts[0].match is not None
    assert event.place_ids == ("almaty",)  # the place the passage names, added from the gazetteer
    editor = window.authoring.editor
    assert editor.title.text() == event.title
    phrases = [editor.proposals.item(i).text() for i in range(editor.proposals.count())]
    row = next(i for i, text in enumerate(phrases) if text.startswith("‘on Wednesday evening’"))
    editor.proposals.setCurrentRow(row)
    qtbot.mouseClick(editor.use_date, Qt.MouseButton.LeftButton)
    event = window.selection.current
    assert (event.when.phrase, event.window.precision.value) == ("on Wednesday evening", "evening")
    assert event.window.start.date().isoformat() == "2022-01-05"

    qtbot.keyClicks(editor.place_name, "Aqtau")
    qtbot.keyClick(editor.place_name, Qt.Key.Key_Return)
    event = window.selection.current
    assert [window.selection.dataset.places[p].name for p in event.place_ids] == ["Almaty", "Aktau"]
    assert editor.places.count() == 2

    qtbot.keyClicks(editor.title, " - airport seized")
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    title = window.selection.current.title
    assert title.endswith("airport seized")
    assert window.authoring.problems == [] and "No problems" in window.authoring.problems_panel.summary.text()

    window.authoring.save_action.trigger()
    assert not window.isWindowModified()
    assert cli.main(["check", str(path)]) == 0

    reopened = load_dataset(path).dataset
    (saved,) = reopened.events
    assert (saved.id, saved.title, saved.place_ids) == (event.id, title, event.place_ids)
    assert saved.when.phrase == "on Wednesday evening" and saved.when.resolved
    at = YAML(typ="safe").load(path.read_text(encoding="utf-8"))["events"][0]["excerpts"][0]["at"]
    assert (at["start"], at["end"]) == (start, start + len(SENTENCE))
    assert source.text[at["start"]:at["end"]] == SENTENCE


def test_undo_and_redo_in_the_edit_menu_follow_the_title_bar_star(qtbot, window, tmp_path, monkeypatch):
    _new_dataset(qtbot, window, tmp_path / "mine")
    _add_page(qtbot, window, monkeypatch)
    window.authoring.save_action.trigger()
    assert not window.isWindowModified()
    editor = window.authoring.editor
    article = window.authoring.browser.text
    start = article.source.text.index(SENTENCE)
    article.select_span(start, start + len(SENTENCE))
    article.new_event_action.trigger()
    event_id = window.selection.current_id
    assert window.isWindowModified()
    undo, redo = window.authoring.undo_action, window.authoring.redo_action
    assert undo.text() == "Undo New Event from Selection"
    undo.trigger()
    assert not window.isWindowModified() and event_id not in {e.id for e in window.selection.dataset.events}
    assert redo.text() == "Redo New Event from Selection"
    redo.trigger()
    assert window.isWindowModified() and event_id in {e.id for e in window.selection.dataset.events}
    window.selection.set_current(event_id)
    editor.title.setText("Airport seized")
    editor.title.editingFinished.emit()
    assert undo.text() == "Undo Change Title" and window.selection.current.title == "Airport seized"
    undo.trigger()
    assert window.selection.current_id == event_id and window.selection.current.title != "Airport seized"


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_closing_with_unsaved_changes_asks_save_discard_or_cancel(qtbot, window, tmp_path, answer):
    path = tmp_path / "start" / "events.yaml"
    before = path.read_bytes()
    window.selection.set_current("blackout")
    editor = window.authoring.editor
    editor.title.setText("Internet cut")
    editor.title.editingFinished.emit()
    assert window.isWindowModified() and window.selection.current.title == "Internet cut"
    asked = []
    window.authoring.ask_unsaved = lambda doing: asked.append(doing) or answer
    closed = window.close()
    assert asked == ["closing"]
    assert closed is (answer != "cancel")
    if answer == "save":
        assert b"title: Internet cut" in path.read_bytes() and cli.main(["check", str(path)]) == 0
        assert (tmp_path / "start" / "events.yaml.bak").read_bytes() == before
    else:
        assert path.read_bytes() == before
    if answer == "cancel":
        assert window.isVisible() and window.isWindowModified()


def test_opening_another_file_with_unsaved_changes_can_be_cancelled(qtbot, window, monkeypatch):
    window.selection.set_current("blackout")
    window.authoring.delete_action.trigger()
    assert "blackout" not in {e.id for e in window.selection.dataset.events}
    window.authoring.ask_unsaved = lambda doing: authoring_module.CANCEL
    opened = []
    monkeypatch.setattr("kztimeline.app.mainwindow.QFileDialog.getOpenFileName",
                        lambda *a, **k: opened.append(1) or ("", ""))
    window.open_dialog()
    assert opened == [] and window.isWindowModified()


def test_a_bad_value_is_one_line_and_keeps_what_was_typed(qtbot, window):
    window.selection.set_current("blackout")
    editor = window.authoring.editor
    editor.date.setText("5 January")
    editor.date.editingFinished.emit()
    assert "date" in editor.message.text() and "\n" not in editor.message.text()
    assert editor.date.text() == "5 January"  # not reset: the user can correct it
    assert not window.isWindowModified()


def test_problems_dock_lists_the_check_and_selects_the_event(qtbot, window):
    window.selection.set_current("protests")
    editor = window.authoring.editor
    editor.date.setText("2022-01-03")
    editor.date.editingFinished.emit()
    panel = window.authoring.problems_panel
    assert panel.list.count() >= 1 and "protests" in panel.list.item(0).text()
    window.selection.set_current("blackout")
    panel.list.itemClicked.emit(panel.list.item(0))
    assert window.selection.current_id == "protests"
    assert editor.date.hasFocus() or QApplication.focusWidget() is editor.date or not window.isActiveWindow()
    assert editor.precision.currentText() == "(day)" and editor.end.text() == "2022-01-05"  # the file's fields


def test_save_as_in_another_folder_takes_the_sources_along(qtbot, window, tmp_path):
    window.selection.set_current("blackout")
    editor = window.authoring.editor
    assert editor.precision.currentText() == "afternoon"  # the fields as the file has them, before any edit
    editor.title.setText("Internet cut")
    editor.title.editingFinished.emit()
    target = tmp_path / "copy" / "events.yaml"
    target.parent.mkdir()
    window.authoring.ask_save_path = lambda current: target
    window.authoring.save_as_action.trigger()
    assert not window.isWindowModified() and window.path == target and "events.yaml[*]" in window.windowTitle()
    assert cli.main(["check", str(target)]) == 0
    assert b"Internet cut" not in (tmp_path / "start" / "events.yaml").read_bytes()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args):
        pass


@pytest.fixture
def server():
    """The data folder served on 127.0.0.1 from a thread, as a stand-in for a news site."""
    with serving(_Quiet) as address:
        yield address


def test_add_source_from_url_fetches_in_a_thread_and_fills_the_form(qtbot, window, tmp_path, server):
    _new_dataset(qtbot, window, tmp_path / "mine")
    window.authoring.ask_url = lambda: f"{server}/capture/steppe-daily-almaty-airport.html"
    window.authoring.url_source_action.trigger()
    qtbot.waitUntil(lambda: window.authoring.fetching is None and window.authoring.form is not None
                    and window.authoring.form.windowTitle() == "Add Source", timeout=10000)
    form = window.authoring.form
    assert form.fields["outlet"].text() == "Steppe Daily"
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    (source,) = window.selection.dataset.sources.values()
    assert source.original is not None and source.original.name.endswith(".warc.gz")


def test_add_source_from_url_offline_is_one_line(qtbot, window, tmp_path):
    _new_dataset(qtbot, window, tmp_path / "mine")
    window.authoring.ask_url = lambda: "http://127.0.0.1:9/nothing-listens-here"
    window.authoring.url_source_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Not fetched:"), timeout=30000)
    message = window.statusBar().currentMessage()
    assert "\n" not in message and "Traceback" not in message


def test_pasted_text_then_an_excerpt_added_to_the_current_event(qtbot, window):
    window.authoring.paste_source_action.trigger()
    form = window.authoring.form
    form.text.setPlainText("ALMATY, Jan 5 (Wire) - Police dispersed a crowd on the main square on Wednesday night, "
                           "witnesses said.\n")
    qtbot.keyClicks(form.fields["outlet"], "Wire")
    qtbot.keyClicks(form.fields["published"], "2022-01-05T23:00+06:00")
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.message.text()
    article = window.authoring.browser.text
    assert article.source.outlet == "Wire"
    window.selection.set_current("blackout")
    quote = "Police dispersed a crowd on the main square"
    start = article.source.text.index(quote)
    article.select_span(start, start + len(quote))
    article.add_excerpt_action.trigger()
    event = window.selection.current
    assert event.id == "blackout" and [e.quote for e in event.excerpts][-1] == quote
    assert event.excerpts[-1].match is not None  # verified
    # the passage is now highlighted in the article, linked to its event
    assert [(p.event_id, p.start) for p in article.passages] == [("blackout", start)]
    window.selection.set_current("protests")
    rect = article.cursorRect(article.textCursor())
    qtbot.mouseClick(article.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() - QPoint(20, 0))
    assert window.selection.current_id == "blackout"


def test_a_form_keeps_what_was_typed_when_it_is_refused(qtbot, window):
    window.authoring.paste_source_action.trigger()
    form = window.authoring.form
    form.text.setPlainText("Some article text that says nothing of note.\n")
    qtbot.keyClicks(form.fields["published"], "sometime")
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.message.text() and "\n" not in form.message.text()
    assert form.fields["published"].text() == "sometime"
    assert form.text.toPlainText().startswith("Some article text")
    form.reject()


def test_show_in_source_can_be_quoted_too(qtbot, window):
    window.selection.set_current("protests")
    dialog = window.sources.show_in_source(0)
    qtbot.addWidget(dialog)
    text = dialog.text
    assert {p.event_id for p in text.passages} == {"protests", "blackout"}  # every excerpt of this source
    quote = "for the fourth day in a row"
    start = text.source.text.index(quote)
    text.select_span(start, start + len(quote))
    text.new_event_action.trigger()
    event = window.selection.current
    assert event.id not in ("protests", "blackout") and event.excerpts[0].quote == quote
    assert event.when.phrase and event.excerpts[0].match is not None
    dialog.close()


def test_changed_on_disk_offers_reload_overwrite_or_save_as(qtbot, window, tmp_path):
    path = tmp_path / "start" / "events.yaml"
    window.selection.set_current("blackout")
    window.authoring.delete_action.trigger()
    path.write_text(path.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8")
    answers = ["cancel", "overwrite"]
    asked = []
    window.authoring.ask_changed_on_disk = lambda text: asked.append(text) or answers.pop(0)
    window.authoring.save_action.trigger()
    assert "changed by another program" in asked[0] and window.isWindowModified()
    assert "edited elsewhere" in path.read_text(encoding="utf-8")
    window.authoring.save_action.trigger()
    assert not window.isWindowModified() and "id: blackout" not in path.read_text(encoding="utf-8")


def test_saving_with_problems_is_allowed_and_counted(qtbot, window, tmp_path):
    window.selection.set_current("protests")
    editor = window.authoring.editor
    editor.date.setText("2022-01-03")
    editor.date.editingFinished.emit()
    window.authoring.save_action.trigger()
    assert not window.isWindowModified()
    message = window.statusBar().currentMessage()
    assert message.startswith("Saved events.yaml with 1 problem") and "Problems" in message
    assert cli.main(["check", str(tmp_path / "start" / "events.yaml")]) == 1


def test_category_excerpt_and_delete_are_each_one_undo_step(qtbot, window):
    window.selection.set_current("blackout")
    editor = window.authoring.editor
    qtbot.keyClicks(editor.new_category, "Security")
    qtbot.keyClick(editor.new_category, Qt.Key.Key_Return)
    data = window.selection.dataset
    assert data.categories["security"].label == "Security" and window.selection.current.category == "security"
    assert window.authoring.undo_action.text() == "Undo Add Category"
    editor.excerpts.setCurrentRow(0)
    qtbot.mouseClick(editor.remove_excerpt, Qt.MouseButton.LeftButton)
    assert window.selection.current.excerpts == ()
    assert any(p.event_id == "blackout" for p in window.authoring.problems)  # an event needs an excerpt
    qtbot.mouseClick(editor.delete, Qt.MouseButton.LeftButton)
    assert "blackout" not in {e.id for e in window.selection.dataset.events}
    for _ in range(3):
        window.authoring.undo_action.trigger()
    assert not window.isWindowModified()
    assert "security" not in window.selection.dataset.categories
    assert len(window.selection.dataset.event("blackout").excerpts) == 1


def test_an_edit_keeps_the_current_event_the_filters_and_the_zoom(qtbot, window):
    window.selection.set_current("protests")
    window.timeline.zoom(0.25)
    before = window.timeline.plot.getViewBox().viewRange()[0]
    window.selection.set_text_filter("pro")
    window.selection.set_place_filter({"almaty", "mangistau"})
    editor = window.authoring.editor
    editor.title.setText("Protests spread")
    editor.title.editingFinished.emit()
    assert window.selection.current_id == "protests" and window.selection.current.title == "Protests spread"
    assert window.selection.text_filter == "pro"
    assert window.selection.place_filter == {"almaty", "mangistau"}
    assert window.timeline.plot.getViewBox().viewRange()[0] == pytest.approx(before)


def test_scrolling_over_the_editor_changes_nothing(qtbot, window):
    window.selection.set_current("blackout")
    editor = window.authoring.editor
    combo = editor.category
    before = combo.currentText()
    centre = combo.rect().center()
    wheel = QWheelEvent(QPointF(centre), QPointF(combo.mapToGlobal(centre)), QPoint(0, 120), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(combo, wheel)
    assert combo.currentText() == before and not window.isWindowModified()


def test_new_with_unsaved_changes_asks_first(qtbot, window):
    window.selection.set_current("blackout")
    window.authoring.delete_action.trigger()
    asked = []
    window.authoring.ask_unsaved = lambda doing: asked.append(doing) or authoring_module.CANCEL
    window.authoring.new_action.trigger()
    assert asked == ["starting a new dataset"] and window.isWindowModified()
    assert window.authoring.form is None  # no New Dataset form: the user cancelled


def test_a_file_that_is_not_events_yaml_is_not_edited_and_says_why(qtbot, window):
    assert window.open_path(DATA / "acled-sample.csv")
    window.authoring.paste_source_action.trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith("Only events.yaml files can be edited") and "\n" not in message
    assert window.authoring.form is None and not window.isWindowModified()


def test_the_editor_is_built_when_its_dock_is_first_shown_and_then_works(qtbot, window):
    """The Edit Event form starts unbuilt (a tab behind Sources); bringing its tab to the front builds it, in its dock,
    showing the current event, and what is typed in it is an edit."""
    window.selection.set_current("blackout")
    assert not window.authoring.editor_built
    window.docks["editor"].raise_()  # what clicking its tab does
    qtbot.waitUntil(lambda: window.authoring.editor_built)
    editor = window.authoring.editor
    assert window.docks["editor"].widget() is editor and editor.isVisible()
    assert editor.title.text() == window.selection.current.title  # filled when built
    editor.title.setText("Internet cut")
    editor.title.editingFinished.emit()
    assert window.selection.current.title == "Internet cut" and window.isWindowModified()
