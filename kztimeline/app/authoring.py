"""Building a dataset in the window: New / Save / Save As, Add Source, quoting a selection, the event editor, undo,
and the Problems dock.

`Authoring` holds the `EventsDocument` being edited (opened from the file shown at the first edit, or made by File →
New) and one `QUndoStack`. Every change is a model `Command` (`model/commands.py`) wrapped in a QUndoCommand, so
Edit → Undo names it; after every change the document is checked with the code `kztimeline check` runs
(`EventsDocument.check`), the Problems dock lists what it says, and every view shows the new dataset with the same
current event. The title bar's `*` follows the undo stack's clean state.

Dialogs that would block (file choosers, questions) go through the `ask_*` attributes, which tests replace.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (QDialog, QDockWidget, QFileDialog, QInputDialog, QMenu, QMessageBox, QToolBar,
                               QWidget)

from ..crashlog import report_internal_error
from ..geo.gazetteer import Gazetteer, default_gazetteer
from ..model.columns import columns_of
from ..model.entities import Dataset
from ..model.problems import Problem
from ..views.articletext import ADD_EXCERPT_SHORTCUT, NEW_EVENT_SHORTCUT, QuotableText, quoted_passages
from ..views.problemspanel import ProblemsPanel

# The editing model (ruamel.yaml, capture, date phrases) and the source forms are imported where they are used: the
# window is on screen before anyone edits (tests/test_startup_imports.py).
if TYPE_CHECKING:
    from ..views.eventeditor import EventEditor
    from ..model.capture import Capture
    from ..model.commands import Command, EditEvent, ExcerptSpec
    from ..model.document import EventsDocument
    from ..model.quoting import DateChoice
    from ..views.authoringforms import NewDataset, SourceForm
    from ..views.sourcebrowser import SourceBrowser
    from ..views.sourcedialog import SourceDialog

EDITABLE_SUFFIXES = (".yaml", ".yml")
SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"
RELOAD = "reload"
OVERWRITE = "overwrite"
SAVE_AS = "save-as"


class _Undoable(QUndoCommand):
    """Model commands as one undo step: done when pushed (already applied), undone in reverse order."""

    def __init__(self, authoring: Authoring, name: str, commands: Sequence[Command], select: str | None):
        super().__init__(name)
        self.authoring, self.commands, self.select = authoring, list(commands), select
        self._pushed = True  # the first redo() is the push: the commands were applied before it

    def redo(self) -> None:
        if self._pushed:
            self._pushed = False
        else:
            doc = self.authoring.doc
            assert doc is not None
            for command in self.commands:
                command.apply(doc)
        self.authoring.changed(self.select)

    def undo(self) -> None:
        doc = self.authoring.doc
        assert doc is not None
        for command in reversed(self.commands):
            command.revert(doc)
        self.authoring.changed(self.select)


class _Fetch(QObject):
    """fetch_url in a worker thread; the answer comes back to the window's thread by a queued signal."""

    fetched = Signal(object)
    failed = Signal(str)

    def start(self, url: str) -> None:
        from ..model.capture import CaptureError, fetch_url

        def work() -> None:
            try:
                self.fetched.emit(fetch_url(url))
            except CaptureError as exc:
                self.failed.emit(str(exc))
            except Exception as exc:  # a bug: say so in one line, with the log's name
                self.failed.emit(report_internal_error(exc, f"fetching {url}"))

        threading.Thread(target=work, name="kztimeline-fetch", daemon=True).start()


class Authoring(QObject):
    """The window's editing half: its actions, docks and the document being edited."""

    datasetEdited = Signal()  # the edited dataset was checked and shown again
    message = Signal(str)  # one line for the status bar
    editorBuilt = Signal(object)  # the EventEditor, built when first needed (app/wiring.py connects it then)

    def __init__(self, window: Any):  # the MainWindow (not imported: it imports this module)
        super().__init__(window)
        self.window = window
        self.doc: EventsDocument | None = None
        self.problems: list[Problem] = []
        self.undo_stack = QUndoStack(self)
        self._gazetteer: Gazetteer | None = None  # the bundled one, loaded when first needed (not at start-up)
        self.articles: list[QuotableText] = []
        self.browser: SourceBrowser | None = None
        self.fetching: _Fetch | None = None
        self.form: QDialog | None = None
        self._showing = False
        # the dialogs that would block, replaceable (tests): each returns what the user chose
        self.ask_unsaved: Callable[[str], str] = self._ask_unsaved
        self.ask_changed_on_disk: Callable[[str], str] = self._ask_changed_on_disk
        self.ask_save_path: Callable[[Path], Path | None] = self._ask_save_path
        self.ask_source_file: Callable[[Path], Path | None] = self._ask_source_file
        self.ask_url: Callable[[], str | None] = self._ask_url
        self._editor: EventEditor | None = None  # built when first needed: see `editor`
        self.problems_panel = ProblemsPanel()
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    @property
    def editor(self) -> EventEditor:
        """The Edit Event form, built the first time it is needed (its dock shown, a field to focus, a message
        for it): it starts as a tab behind Sources, and building it took 7 ms of every start."""
        if self._editor is None:
            from ..views.eventeditor import EventEditor

            self._editor = EventEditor()
            dock = getattr(self.window, "docks", {}).get("editor")
            if dock is not None:
                dock.setWidget(self._editor)
            self.editorBuilt.emit(self._editor)
            self.refresh_editor()
        return self._editor

    @property
    def editor_built(self) -> bool:
        return self._editor is not None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def _clean_changed(self, clean: bool) -> None:
        if _alive(self.window):  # (a load finishing after its window was closed)
            self.window.setWindowModified(not clean)

    # --- building --------------------------------------------------------------------------------------------------
    def add_docks(self) -> dict[str, QDockWidget]:
        window = self.window
        # the form itself when the dock is first shown (a tab behind Sources at first)
        editor = window._dock("Edit Event", self._editor or QWidget(), Qt.DockWidgetArea.RightDockWidgetArea)
        editor.visibilityChanged.connect(lambda visible: visible and self.editor)
        problems = window._dock("Problems", self.problems_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        window.tabifyDockWidget(window.docks["sources"], editor)
        window.tabifyDockWidget(window.docks["events"], problems)
        window.docks["sources"].raise_()
        window.docks["events"].raise_()
        window.docks.update({"editor": editor, "problems": problems})
        return {"editor": editor, "problems": problems}

    def add_actions(self, file_menu: QMenu, view_menu: QMenu | None = None, edit_menu: QMenu | None = None) -> None:
        """File → New/Save/Save As, Undo/Redo and the quoting actions at the top of the Edit menu (the window's own,
        when it has one), the Sources menu, and the docks' toggles in the View menu."""
        window = self.window
        bar = window.menuBar()
        first = file_menu.actions()[0]  # Open…
        self.new_action = self._action("&New Dataset…", self.new_dataset, [QKeySequence.StandardKey.New],
                                       "Start an empty dataset in a folder you choose")
        self.save_action = self._action("&Save", self.save, [QKeySequence.StandardKey.Save])
        self.save_as_action = self._action("Save &As…", self.save_as, [QKeySequence.StandardKey.SaveAs,
                                                                        "Ctrl+Shift+S"])
        file_menu.insertAction(first, self.new_action)
        after_open = file_menu.actions()[file_menu.actions().index(first) + 1]  # Reload
        file_menu.insertAction(after_open, self.save_action)
        file_menu.insertAction(after_open, self.save_as_action)
        file_menu.insertSeparator(after_open)
        edit = edit_menu if edit_menu is not None else QMenu("&Edit", bar)
        existing = edit.actions()
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        top = existing[0] if existing else None  # Undo and Redo come first in an Edit menu

        def put(action: QAction | None = None) -> None:
            """An action (or, without one, a separator) above the menu's own actions."""
            if action is None:
                edit.insertSeparator(top) if top is not None else edit.addSeparator()
            elif top is not None:
                edit.insertAction(top, action)
            else:
                edit.addAction(action)

        for action in (self.undo_action, self.redo_action):
            put(action)
            window.addAction(action)
        put()
        self.new_event_action = self._action("New &Event from Selection", self.new_event_from_selection,
                                             [NEW_EVENT_SHORTCUT], "Make an event from the passage selected in a "
                                             "source")
        self.add_excerpt_action = self._action("Add E&xcerpt to Current Event", self.add_excerpt_from_selection,
                                               [ADD_EXCERPT_SHORTCUT])
        self.delete_action = self._action("&Delete Event", self.delete_current, [],
                                          "Delete the current event (undo brings it back)")
        for action in (self.new_event_action, self.add_excerpt_action, self.delete_action):
            put(action)
        if top is not None:
            put()
        sources = QMenu("&Sources", bar)
        self.add_source_action = self._action("&Add Source…", self.add_source_file, ["Ctrl+Shift+O"],
                                              "A saved web page (.html) or a text file (.txt)")
        self.paste_source_action = self._action("Add &Pasted Text…", self.add_source_paste, [],
                                                "Paste an article's text")
        self.url_source_action = self._action("Add Source from &URL…", self.add_source_url, [],
                                              "Fetch a page once (goes online) and archive it as a WARC record")
        self.browse_action = self._action("&Browse Sources…", self.browse_sources, ["Ctrl+B"],
                                          "Every source's archived text, to read and quote")
        for action in (self.add_source_action, self.paste_source_action, self.url_source_action):
            sources.addAction(action)
        sources.addSeparator()
        sources.addAction(self.browse_action)
        before = view_menu.menuAction() if view_menu is not None else None
        if edit_menu is None:
            bar.insertMenu(before, edit)
        bar.insertMenu(before, sources)
        if view_menu is not None:
            for key in ("editor", "problems"):
                view_menu.addAction(window.docks[key].toggleViewAction())
        toolbar = QToolBar("Building", window)
        toolbar.setObjectName("toolbar-building")
        for action in (self.add_source_action, self.browse_action, self.new_event_action, self.add_excerpt_action,
                       self.undo_action, self.redo_action, self.save_action):
            toolbar.addAction(action)
        window.addToolBar(toolbar)
        self.toolbar = toolbar

    def _action(self, text: str, slot: Callable[[], object], shortcuts: Sequence[QKeySequence.StandardKey | str],
                tip: str = "") -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    # --- the document ----------------------------------------------------------------------------------------------
    def file_opened(self) -> None:
        """The window opened (or reloaded) a file: edits start afresh on it, nothing to save."""
        if not _alive(self.window):
            return
        self.doc = None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.window.setWindowModified(False)
        self.problems = []
        self.problems_panel.show_problems([])
        self.refresh_editor()
        self._refresh_articles()

    def document(self) -> EventsDocument | None:
        """The document being edited; opened from the file shown at the first edit. None (said why) if it cannot
        be edited."""
        from ..model.document import DocumentError, EventsDocument

        if self.doc is not None:
            return self.doc
        path = self.window.path
        if path is None or path.suffix.lower() not in EDITABLE_SUFFIXES:
            self.fail("Only events.yaml files can be edited: export this one as events.yaml (File → Export) and "
                     "open that, or start a new dataset (File → New Dataset…).")
            return None
        try:
            self.doc = EventsDocument.open(path)
        except DocumentError as exc:
            self.fail(str(exc))
            return None
        return self.doc

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def run(self, name: str, commands: Sequence[Command], select: str | None = None) -> bool:
        """Apply `commands` as one undoable step named `name`; a refused one is said in one line, nothing done."""
        from ..model.commands import CommandError
        from ..model.document import DocumentError

        doc = self.document()
        if doc is None:
            return False
        done: list[Command] = []
        try:
            for command in commands:
                command.apply(doc)
                done.append(command)
        except (CommandError, DocumentError) as exc:
            for command in reversed(done):
                command.revert(doc)
            self.fail(str(exc))
            return False
        self.undo_stack.push(_Undoable(self, name, commands, select))
        return True

    def changed(self, select: str | None = None) -> None:
        """After every change (done, undone, redone): check the document and show the dataset it gives."""
        from ..model.document import DocumentError

        doc = self.doc
        assert doc is not None
        try:
            result = doc.check(self.gazetteer)
        except DocumentError as exc:
            self.fail(str(exc))
            return
        self.problems = result.problems
        self.problems_panel.show_problems(result.problems)
        if result.dataset is not None:
            self.show(result.dataset, select)
        self.datasetEdited.emit()

    def show(self, dataset: Dataset, select: str | None = None) -> None:
        """Show the edited dataset in every view, keeping the current event (or selecting `select`) and filters."""
        selection, window = self.window.selection, self.window
        current = select or selection.current_id
        place, text = selection.place_filter, selection.text_filter
        if current and columns_of(dataset).position(current) is not None:
            window._reselect = current
        shown = selection.dataset
        timeline = window.timeline
        keep_range = None  # the time range the user zoomed to stays, as long as the period is the same
        if timeline is not None and shown is not None and shown.period == dataset.period:
            keep_range = timeline.plot.getViewBox().viewRange()[0]
        self._showing = True  # the editor is shown once, at the end: not emptied while the views follow
        try:
            window.show_dataset(dataset, self.doc.path if self.doc else None)
        finally:
            self._showing = False
        if keep_range is not None and window.timeline is not None:
            window.timeline.plot.setXRange(*keep_range, padding=0)
        if place:  # the places the edited dataset still has (an edit may have removed one)
            selection.set_place_filter(p for p in place if p in dataset.places)
        if text:
            selection.set_text_filter(text)
        self.refresh_editor()
        self._refresh_articles()

    def say(self, text: str) -> None:
        """One line for the status bar: what was done."""
        self.message.emit(text)
        self.window.statusBar().showMessage(text, 12000)

    def fail(self, text: str) -> None:
        """One line saying why something was not done: in the status bar and in the editor, in red."""
        self.editor.show_message(text)
        self.say(text)

    # --- New / Save / Save As / unsaved changes --------------------------------------------------------------------
    def confirm_discard(self, doing: str = "closing") -> bool:
        """Before closing, opening another file or New: True when it is fine to go on (saved or discarded)."""
        if not self.modified:
            return True
        choice = self.ask_unsaved(doing)
        if choice == SAVE:
            return self.save()
        return choice == DISCARD

    def new_dataset(self, value: NewDataset | None = None) -> bool:
        """File → New Dataset: asks title, period, time zone and folder (unless given), creates and shows it."""
        from ..views.authoringforms import NewDatasetDialog

        if not self.confirm_discard("starting a new dataset"):
            return False
        if value is not None:
            return self._create(value) is None
        folder = Path.home() / "my-timeline"  # a place the user can write to; they choose another as they like
        number = 2
        while (folder / "events.yaml").exists():
            folder, number = Path.home() / f"my-timeline-{number}", number + 1
        self.form = dialog = NewDatasetDialog(None, self.window, folder=str(folder))
        dialog.validate = lambda _form: self._create(dialog.value())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return True

    def _create(self, value: NewDataset) -> str | None:
        from ..model.document import DocumentError, EventsDocument

        if not str(value.folder).strip() or value.folder == Path():
            return "choose a folder for the dataset"
        try:
            doc = EventsDocument.new(value.folder, value.title, value.start, value.end, value.timezone or "+06:00")
            doc.save()  # the folder now holds the dataset: Open finds it, and there is nothing unsaved
        except DocumentError as exc:
            return str(exc)
        result = doc.check(self.gazetteer)
        if result.dataset is None:
            return "; ".join(str(p) for p in result.problems[:1]) or "the new dataset cannot be read"
        self.window.show_dataset(result.dataset, doc.path)
        self.file_opened()
        self.doc = doc
        self.say(f"New dataset {doc.path}: add a source (Sources → Add Source…) to begin.")
        return None

    def save(self, force: bool = False) -> bool:
        """File → Save: atomically, keeping the previous version as .bak; says how many problems it has."""
        from ..model.document import ChangedOnDisk, DocumentError

        doc = self.doc
        if doc is None:
            if self.window.path is None:
                return False
            self.say("Nothing has changed since the file was opened.")
            return True
        try:
            doc.save(force=force)
        except ChangedOnDisk as exc:
            choice = self.ask_changed_on_disk(str(exc))
            if choice == OVERWRITE:
                return self.save(force=True)
            if choice == SAVE_AS:
                return self.save_as()
            if choice == RELOAD:
                self.undo_stack.clear()
                self.window.open_path(doc.path)
                return False
            return False
        except DocumentError as exc:
            self.fail(f"Not saved: {exc}")
            return False
        self._saved(doc)
        return True

    def save_as(self, path: Path | None = None) -> bool:
        from ..model.document import DocumentError

        doc = self.document()
        if doc is None:
            return False
        path = path or self.ask_save_path(doc.path)
        if path is None:
            return False
        try:
            doc.save_as(path)
        except DocumentError as exc:
            self.fail(f"Not saved: {exc}")
            return False
        self._saved(doc)
        self.changed()  # the dataset's file name changed
        return True

    def _saved(self, doc: EventsDocument) -> None:
        self.undo_stack.setClean()
        self.window.setWindowModified(False)
        errors = sum(not p.is_warning for p in self.problems)
        self.say(f"Saved {doc.path.name}" + (f" with {errors} problem{'s' * (errors != 1)} (see Problems)."
                                              if errors else "; kztimeline check finds no problems."))

    def _ask_unsaved(self, doing: str) -> str:
        name = self.doc.path.name if self.doc else "the dataset"
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"{name} has changes that are not saved. Save them before {doing}?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: SAVE,
                QMessageBox.StandardButton.Discard: DISCARD}.get(QMessageBox.StandardButton(answer), CANCEL)

    def _ask_changed_on_disk(self, text: str) -> str:
        box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk", text, QMessageBox.StandardButton.Cancel,
                          self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        reload = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.AcceptRole)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.ActionRole)
        box.exec()
        clicked = box.clickedButton()
        return RELOAD if clicked is reload else OVERWRITE if clicked is overwrite else SAVE_AS if clicked is save_as \
            else CANCEL

    def _ask_save_path(self, current: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, "Save dataset as", str(current), "Events (*.yaml *.yml)")
        return Path(name) if name else None

    def _ask_source_file(self, start: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Add source", str(start),
                                              "Articles (*.html *.htm *.txt);;All files (*)")
        return Path(name) if name else None

    def _ask_url(self) -> str | None:
        url, ok = QInputDialog.getText(self.window, "Add Source from URL",
                                       "Address of the article (fetched once now, and archived):")
        return url.strip() if ok and url.strip() else None

    # --- sources ---------------------------------------------------------------------------------------------------
    def add_source_file(self, path: Path | None = None) -> SourceForm | None:
        """Sources → Add Source…: a saved page or a text file, shown in the form to check and correct."""
        from ..model.capture import CaptureError, read_path

        doc = self.document()
        if doc is None:
            return None
        path = path or self.ask_source_file(doc.folder)
        if path is None:
            return None
        try:
            capture = read_path(path)
        except CaptureError as exc:
            self.fail(str(exc))
            return None
        return self._source_form(capture)

    def add_source_paste(self) -> SourceForm | None:
        if self.document() is None:
            return None
        return self._source_form(None, paste=True)

    def add_source_url(self, url: str | None = None) -> bool:
        """Sources → Add Source from URL…: one request in a worker thread; the form opens with what came back."""
        if self.document() is None:
            return False
        url = url or self.ask_url()
        if not url:
            return False
        self.fetching = fetch = _Fetch(self)
        fetch.fetched.connect(self._fetched)
        fetch.failed.connect(lambda text: self.fail(f"Not fetched: {text}"))
        self.say(f"Fetching {url} …")
        fetch.start(url)
        return True

    def _fetched(self, capture: Capture) -> None:
        self.fetching = None
        self.say(f"Fetched {capture.url or capture.name}; check what was found.")
        self._source_form(capture)

    def _source_form(self, capture: Capture | None, paste: bool = False) -> SourceForm:
        from ..views.authoringforms import SourceForm

        form = SourceForm(capture, None, self.window, paste=paste)
        form.validate = lambda _f: self._add_source(form)
        form.setWindowModality(Qt.WindowModality.WindowModal)
        self.form = form
        form.open()
        return form

    def _add_source(self, form: SourceForm) -> str | None:
        from ..model.capture import CaptureError, SourceFields, from_text, remove_stored, store

        doc = self.document()
        if doc is None:
            return "no dataset is being edited"
        capture = form.capture
        if capture is None or form.text.isReadOnly() is False:
            try:
                capture = from_text(form.text.toPlainText(), url=form.value("url"))
            except CaptureError as exc:
                return str(exc)
        fields = SourceFields(outlet=form.value("outlet"), title=form.value("title"), author=form.value("author"),
                              published=form.value("published"), url=form.value("url"),
                              source_id=form.value("source_id"))
        try:
            command = store(doc, capture, fields)
        except CaptureError as exc:
            return str(exc)
        for key in ("published_basis", "outlet_basis"):
            if form.value(key):
                command.entry[key] = form.value(key)
        if not self.run("Add Source", [command]):
            remove_stored(doc, command)
            return self.window.statusBar().currentMessage() or "the source was not added"
        self.say(f"Added source '{command.source_id}'. Select a passage in it to quote it.")
        self.browse_sources(command.source_id)
        return None

    def browse_sources(self, source_id: str | None = None) -> SourceBrowser | None:
        from ..views.sourcebrowser import SourceBrowser

        dataset = self.window.selection.dataset
        if dataset is None:
            return None
        if self.browser is None:
            self.browser = SourceBrowser(dataset, self.window)
            self.browser.articleShown.connect(self.attach_article)
        else:
            self.browser.set_dataset(dataset)
        self.browser.show()
        if QGuiApplication.platformName() != "offscreen":  # (which cannot raise a window, and warns)
            self.browser.raise_()
        if source_id:
            self.browser.show_source(source_id)
        elif self.browser.list.currentRow() < 0 and self.browser.list.count():
            self.browser.list.setCurrentRow(0)
        return self.browser

    # --- quoting ---------------------------------------------------------------------------------------------------
    def attach_article(self, view: QuotableText | SourceDialog) -> None:
        """An article view opened (Show in source, Browse Sources): its quoting requests come here."""
        from ..views.sourcedialog import SourceDialog

        text = view.text if isinstance(view, SourceDialog) else view
        self.articles = [a for a in self.articles if _alive(a)] + [text]
        text.newEventRequested.connect(self.new_event)
        text.addExcerptRequested.connect(self.add_excerpt)
        text.eventLinkClicked.connect(self.window.selection.set_current)

    def _refresh_articles(self) -> None:
        dataset = self.window.selection.dataset
        self.articles = [a for a in self.articles if _alive(a)]
        for text in self.articles:
            if dataset is not None and text.source.id in dataset.sources:
                text.source = dataset.sources[text.source.id]
                text.set_passages(quoted_passages(dataset, text.source.id))
        if self.browser is not None and dataset is not None and _alive(self.browser):
            self.browser.set_dataset(dataset)

    def _active_article(self) -> QuotableText | None:
        live = [a for a in self.articles if _alive(a) and a.textCursor().hasSelection()]
        focused = [a for a in live if a.hasFocus()]
        chosen = focused or live[-1:]
        return chosen[0] if chosen else None

    def new_event_from_selection(self) -> bool:
        text = self._active_article()
        span = text.selected_span() if text is not None else None
        if text is None or span is None:
            self.fail("Select a passage in a source first (Sources → Browse Sources…, or Show in source).")
            return False
        return self.new_event(text.source.id, *span)

    def add_excerpt_from_selection(self) -> bool:
        text = self._active_article()
        span = text.selected_span() if text is not None else None
        if text is None or span is None:
            self.fail("Select a passage in a source first (Sources → Browse Sources…, or Show in source).")
            return False
        return self.add_excerpt(text.source.id, *span)

    def _quote(self, source_id: str, start: int, end: int) -> ExcerptSpec | None:
        from ..model.commands import ExcerptSpec
        from ..model.selectors import make_selector

        dataset = self.window.selection.dataset
        source = dataset.sources.get(source_id) if dataset else None
        if source is None:
            self.fail(f"there is no source '{source_id}' in the dataset")
            return None
        try:
            quote, selector = make_selector(source.text, start, end)
        except ValueError as exc:
            self.fail(str(exc))
            return None
        return ExcerptSpec(source_id, quote, selector)

    def new_event(self, source_id: str, start: int, end: int) -> bool:
        """An event whose excerpt is the passage [start, end) of the source: a title from its words, the places it
        (or its sentence) names, and the first date phrase around it (else the day of publication)."""
        from ..model.commands import AddEvent, AddPlace, WhenSpec, slugify, unique_id
        from ..model.quoting import named_places, passage_dates, place_tz, sentence_span, short_title

        excerpt = self._quote(source_id, start, end)
        dataset = self.window.selection.dataset
        if excerpt is None or dataset is None or self.document() is None:
            return False
        source = dataset.sources[source_id]
        begin, stop = sentence_span(source.text, start, end)
        found = named_places(source.text[start:end], self.gazetteer) or named_places(source.text[begin:stop],
                                                                                    self.gazetteer)
        commands: list[Command] = []
        place_ids: list[str] = []
        for entry in found[:3]:
            place_id = self._place_id(dataset, entry.name, entry.id)
            if place_id is None:
                add = AddPlace(entry.name, _kind(entry.kind), gazetteer=entry.name,
                               place_id=unique_id(slugify(entry.name, "place"), [*dataset.places,
                                                                                  *[c.place_id for c in commands
                                                                                    if isinstance(c, AddPlace)]]))
                commands.append(add)
                place_id = add.place_id
            place_ids.append(place_id)
        if not place_ids and dataset.places:
            place_ids = [next(iter(dataset.places))]
        if not place_ids:
            self.fail("The passage names no place the gazetteer knows, and the dataset has none yet: select a "
                     "passage that says where, or add the place first.")
            return False
        tz = place_tz(found, dataset.period.tz)
        dates = passage_dates(source, start, end, tz, self.gazetteer)
        inside = [d for d in dates if d.proposal.start < end and d.proposal.end > start]
        choice = (inside or dates)[0] if inside or dates else None
        fields: dict[str, Any]
        if choice is not None:
            fields = {**choice.changes(), "when": WhenSpec(choice.phrase, source_id)}
        else:
            fields = {"date": source.published.astimezone(tz).date()}
        if fields.get("precision") == "day":
            fields["precision"] = None
        add_event = AddEvent(short_title(excerpt.quote), fields["date"], place_ids, [excerpt],
                             precision=fields.get("precision"), end=fields.get("end"), when=fields.get("when"))
        commands.append(add_event)
        if not self.run("New Event from Selection", commands, select=None):
            return False
        self.window.selection.set_current(add_event.event_id)
        self.window.docks["editor"].raise_()
        self.say(f"New event '{add_event.event_id}'"
                 + (f", dated by ‘{choice.phrase}’" if choice else ", dated by the day of publication (no date "
                    "phrase around the passage)") + ". Correct it in Edit Event.")
        return True

    def add_excerpt(self, source_id: str, start: int, end: int) -> bool:
        from ..model.commands import AddExcerpt

        current = self.window.selection.current_id
        if current is None:
            self.fail("Select the event to add the excerpt to first (or make a new event from the selection).")
            return False
        excerpt = self._quote(source_id, start, end)
        return excerpt is not None and self.run("Add Excerpt", [AddExcerpt(current, excerpt)], select=current)

    # --- the event editor's requests -------------------------------------------------------------------------------
    def refresh_editor(self, *_args: object) -> None:
        if self._showing or self._editor is None:  # (a form not built yet is filled when it is)
            return
        selection = self.window.selection
        event, dataset = selection.current, selection.dataset
        fields: dict[str, Any] = {}
        if event is not None and self.window.path is not None \
                and self.window.path.suffix.lower() in EDITABLE_SUFFIXES:
            doc = self.doc or self._open_quietly()
            if doc is None:  # too large to open for every look, or unreadable: the fields the dataset has
                fields = {"title": event.title, "date": event.raw_date, "category": event.category}
            else:
                try:
                    fields = doc.event_fields(event.id)
                except KeyError:
                    fields = {}
        self._editor.show_event(dataset, event, fields)

    def show_field(self, event_id: str, field: str) -> None:
        self.window.docks["editor"].show()
        self.window.docks["editor"].raise_()
        self.editor.focus_field(event_id, field)

    def _open_quietly(self) -> EventsDocument | None:
        """The file shown, opened for editing so that the editor shows its fields as written; only when it is
        small (a large one is opened at the first edit), and silently (a file that cannot be is said then)."""
        from ..model.document import DocumentError, EventsDocument

        path = self.window.path
        try:
            if path is None or path.stat().st_size > self.window.background_bytes:
                return None
            self.doc = EventsDocument.open(path)
        except (OSError, DocumentError):
            return None
        return self.doc

    def edit_event(self, event_id: str, changes: dict[str, Any]) -> bool:
        from ..model.commands import CommandError, EditEvent

        try:
            command = EditEvent(event_id, changes)
        except CommandError as exc:
            self.fail(str(exc))
            return False
        return self.run(command.name, [command], select=event_id)

    def choose_date(self, event_id: str, choice: DateChoice) -> bool:
        from ..model.commands import WhenSpec

        return self.edit_event(event_id, {**choice.changes(), "when": WhenSpec(choice.phrase, choice.source_id)})

    def _place_id(self, dataset: Dataset, name: str, gazetteer_id: str | None = None) -> str | None:
        wanted = name.casefold()
        for place in dataset.places.values():
            if place.id == name or place.name.casefold() == wanted:
                return place.id
            if gazetteer_id and place.gazetteer_id == gazetteer_id:
                return place.id
        return None

    def add_place(self, event_id: str, name: str) -> bool:
        """A place of the dataset by id or name, or any spelling the gazetteer knows (added to `places:`)."""
        from ..model.commands import AddPlace

        dataset = self.window.selection.dataset
        if dataset is None:
            return False
        event = dataset.event(event_id)
        entry = self.gazetteer.resolve(name)
        place_id = self._place_id(dataset, name, entry.id if entry else None)
        commands: list[Command] = []
        if place_id is None:
            if entry is None:
                self.fail(f"'{name}' is neither a place of the dataset nor in the gazetteer; try another spelling "
                         f"(or `kztimeline geocode \"{name}\" --online` once, then try again).")
                return False
            add = AddPlace(entry.name, _kind(entry.kind), gazetteer=entry.name)
            commands.append(add)
            name_of = entry.name
        else:
            name_of = dataset.places[place_id].name
        if place_id is not None and place_id in event.place_ids:
            self.fail(f"{name_of} is already a place of this event.")
            return False
        # the AddPlace's id is made when it is applied: EditEvent takes the place's name, which the file accepts
        edit = _places_after(event_id, list(event.place_ids), place_id, commands[0] if commands else None)
        commands.append(edit)
        if not self.run("Add Place", commands, select=event_id):
            return False
        self.editor.place_name.clear()
        return True

    def add_category(self, event_id: str, label: str, colour: str) -> bool:
        from ..model.commands import AddCategory, CommandError, EditEvent, slugify, unique_id

        dataset = self.window.selection.dataset
        taken = list(dataset.categories) if dataset else []
        category_id = unique_id(slugify(label, "category"), taken)
        try:
            commands: list[Command] = [AddCategory(category_id, label, colour),
                                       EditEvent(event_id, {"category": category_id})]
        except CommandError as exc:
            self.fail(str(exc))
            return False
        if self.run("Add Category", commands, select=event_id):
            self.editor.category_added()
            return True
        return False

    def remove_excerpt(self, event_id: str, index: int) -> bool:
        from ..model.commands import RemoveExcerpt

        return self.run("Remove Excerpt", [RemoveExcerpt(event_id, index)], select=event_id)

    def set_conflicts(self, event_id: str, specs: list[Any]) -> bool:
        from ..model.commands import SetConflicts

        return self.run("Set Disagreements", [SetConflicts(event_id, specs)], select=event_id)

    def delete_event(self, event_id: str) -> bool:
        from ..model.commands import DeleteEvent

        if self.run("Delete Event", [DeleteEvent(event_id)]):
            self.window.selection.set_current(None)
            return True
        return False

    def delete_current(self) -> bool:
        current = self.window.selection.current_id
        if current is None:
            self.fail("Select the event to delete first.")
            return False
        return self.delete_event(current)


def _places_after(event_id: str, places: list[str], place_id: str | None, add: Command | None) -> Command:
    """EditEvent of an event's places to its places plus one, whose id an AddPlace applied just before made (a
    class made when first needed: the editing model is not imported at start-up)."""
    from ..model.commands import Command

    class _PlacesAfter(Command):
        """EditEvent of an event's places to its places plus one, whose id an AddPlace applied just before made."""

        name = "Add Place"

        def __init__(self, event_id: str, places: list[str], place_id: str | None, add: Command | None):
            super().__init__()
            self.event_id, self.places, self.place_id, self.add = event_id, places, place_id, add
            self.edit: EditEvent | None = None

        def _plan(self, doc: EventsDocument, steps: list[Any]) -> None:
            from ..model.commands import AddPlace, EditEvent

            new = self.place_id or (self.add.place_id if isinstance(self.add, AddPlace) else "")
            self.edit = EditEvent(self.event_id, {"places": [*self.places, new]})
            self.edit.apply(doc)

        def revert(self, doc: EventsDocument) -> None:
            if self.edit is not None:
                self.edit.revert(doc)

        def apply(self, doc: EventsDocument) -> None:
            if self.edit is not None:  # redo
                self.edit.apply(doc)
            else:
                self._plan(doc, [])

    return _PlacesAfter(event_id, places, place_id, add)


def _kind(kind: str) -> str:
    return kind if kind in ("city", "region", "site", "country", "international") else "other"


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # deleted on close
        return False
    return True
