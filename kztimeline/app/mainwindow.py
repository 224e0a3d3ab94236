"""The main window: the timeline in the centre, places, events and sources in docks.

`_connect_signals` is where the window is wired: the panels to the shared selection (through `wiring.py`, which a
single-panel test uses too), and the selection to the window's own status bar.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import (QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QGuiApplication,
                           QKeySequence, QShowEvent)
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QMainWindow, QMenu, QMessageBox,
                               QProgressDialog, QPushButton, QWidget)

from .. import __version__
from ..crashlog import report_internal_error
from ..model.columns import columns_of
from ..model.entities import Dataset
from ..model.limits import DEFAULT_LIMITS
from ..model.problems import Problem
from ..model.results import LoadResult
from ..resources import bundled_events
from ..views.eventlist import EventListPanel
from ..views.placemap import PlacesPanel
from ..model.selection import Selection
from ..views.richtext import escape, plain_label
from ..views.sourcepanel import SourcePanel
from ..views.timeline import TimelineWidget
from . import csvmapping, exchange_actions, wiring
from .authoring import Authoring
from .loading import BackgroundLoad, load

if TYPE_CHECKING:
    from ..exchange.formats import Format
    from ..model.mappedcsv import ColumnMapping
    from ..model.viewspec import ViewSpec
    from .problemsdialog import ProblemsDialog


SEARCH_WARMUP_ROWS = 20_000
#: Delay before background work on a new dataset starts (its search texts built, its cache entry stored): after the
#: window has painted it.
PAINTED_DELAY_MS = 250


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.selection = Selection()
        self.path: Path | None = None
        self.problems_dialog: ProblemsDialog | None = None
        self.loading: BackgroundLoad | None = None
        self.limits = DEFAULT_LIMITS  # what a file may hold (kztimeline FILE --limit NAME=VALUE changes them)
        self.progress: QProgressDialog  # made with each background load, and kept once it is closed
        self._reselect: str | None = None  # event to select again once a reload is shown
        # the search texts of a new dataset, built a part at a time while the window is idle
        self._search_warmup = QTimer(self, interval=0)
        self._search_warmup.timeout.connect(self._warm_search)
        self.setWindowTitle("kztimeline")
        self._failed: tuple[Path, ColumnMapping | None] | None = None  # the last file that failed to open
        self.timeline: TimelineWidget | None = None
        self.authoring = Authoring(self)  # New, Save, sources, quoting, the event editor, undo (app/authoring.py)
        self.setAcceptDrops(True)  # a file dropped on the window opens
        self.fit_to_screen()

    #: Share of the available screen a first window takes.
    screen_share = 0.9

    def fit_to_screen(self) -> None:
        """Size the window to `screen_share` of the screen's available area, centred (the first run)."""
        area = self._available()
        width, height = int(area.width() * self.screen_share), int(area.height() * self.screen_share)
        self.resize(width, height)
        self.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)

    def _available(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)

    def clip_to_screen(self) -> None:
        """Keep a restored window inside the screen it is on (the saved one may have been larger)."""
        area, frame = self._available(), self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), area.width() - extra_w)
        height = min(self.height(), area.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(frame.x(), area.x()), area.right() + 1 - width - extra_w)
        y = min(max(frame.y(), area.y()), area.bottom() + 1 - height - extra_h)
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    #: Files larger than this load in a background thread with a progress dialog and Cancel.
    background_bytes = 2_000_000

    # --- opening data ---------------------------------------------------------------------------------------------
    def open_path(self, path: Path | None, initial: bool = False, columns: ColumnMapping | None = None) -> bool:
        """Load a dataset and show it; on problems, list them and keep what is shown. False if nothing to show.

        A large file is loaded in the background once a dataset is shown: this returns at once and the window
        stays usable; the new data replaces the old only if it loads clean.
        """
        path = Path(path) if path else bundled_events()
        header = csvmapping.needs_mapping(path) if columns is None else None
        if header is not None:  # a CSV of another layout: which column is what (asked, except at start-up)
            columns = csvmapping.remembered(self.settings, header)
            if not initial:
                columns = csvmapping.ask_mapping(self, self.settings, path, header)
                if columns is None:
                    return self.selection.dataset is not None
        if path.is_file() and path.stat().st_size > self.background_bytes and (self.timeline is not None or initial):
            if self.timeline is None:  # started with a big file: the window first, the data as it comes
                self._build()
                self.setWindowTitle(f"Opening {path.name} — kztimeline")
                self.status_label.setText(f"Opening {path.name}…")
                # once the window is on screen (the caller shows it), so that the progress shows over it
                QTimer.singleShot(0, lambda: self._load_in_background(path, columns))
                return True
            self._load_in_background(path, columns)
            return True
        try:
            result = load(path, columns, self.limits)
        except Exception as exc:  # a bug, not bad input (that comes back as problems): say so, keep what is shown
            result = LoadResult(None, [Problem(str(path), 0, 0, report_internal_error(exc, f"opening {path}"))])
        return self._loaded(path, result, initial, columns)

    #: Files listed under File → Open Recent.
    recent_count = 8

    def recent_files(self) -> list[Path]:
        value = self.settings.value("recent/files", [])
        names: list[object] = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        return [Path(name) for name in names if isinstance(name, str) and name]

    def _remember(self, path: Path) -> None:
        names = [str(path.resolve())] + [str(p) for p in self.recent_files() if p != path.resolve()]
        self.settings.setValue("recent/files", names[: self.recent_count])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(path.name, lambda p=path: self.open_path(p))
            action.setStatusTip(str(path))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    def _loaded(self, path: Path, result: LoadResult, initial: bool = False,
                columns: ColumnMapping | None = None) -> bool:
        """Show a load's result (`columns`: how its CSV was read, kept for Reload)."""
        if not result.ok:
            self._failed = (path, columns)  # Reload tries this file again, read the same way
            self._report(path, result.problems, initial, result.problem_count)
            return self.selection.dataset is not None
        self._failed = None
        if path != bundled_events():
            self._remember(path)
        assert result.dataset is not None  # result.ok: a dataset, and no problems
        previous, previous_path = self.selection.dataset, self.path
        try:
            self.show_dataset(result.dataset, path)
            self._columns = columns  # for a reload of the same file
            self.authoring.file_opened()  # edits start afresh on the file opened
            if result.warnings:
                count = result.warning_count
                self.statusBar().showMessage(f"{count} warning{'s' * (count != 1)} in {path.name} (such as quotes "
                                             "too short to prove much); `kztimeline check` lists them", 15000)
        except Exception as exc:  # a bug in a view: go back to the data shown before, and say what happened
            message = report_internal_error(exc, f"showing {path}")
            if previous is not None:
                self.show_dataset(previous, previous_path)
            self._report(path, [Problem(str(path), 0, 0, message)], initial)
            return previous is not None
        return True

    def _report(self, path: Path, problems: Sequence[Problem], initial: bool, count: int | None = None) -> None:
        if initial:  # no window yet: the terminal is where the user looks
            for problem in problems:
                print(problem, file=sys.stderr)
        else:
            self._show_problems(path, list(problems), keeping=self.selection.dataset is not None, count=count)

    def show_dataset(self, dataset: Dataset, path: Path | None = None) -> None:
        """Show a loaded, checked dataset in every view."""
        self.path = path or dataset.path
        self.selection.set_dataset(dataset)
        reselect, self._reselect = self._reselect, None
        if reselect and columns_of(dataset).position(reselect) is not None:
            self.selection.set_current(reselect)
        if self.timeline is None:
            self._build()
        name = self.path.name if self.path is not None else "untitled"
        self.setWindowTitle(f"{dataset.title} — {name}[*] — kztimeline")
        self._update_status()
        # after the first paint of the dataset (a zero-delay timer started now would run before it)
        QTimer.singleShot(PAINTED_DELAY_MS, self._after_paint)

    def _after_paint(self) -> None:
        from ..model.cache import release_stores

        release_stores()
        self._search_warmup.start()

    def _warm_search(self) -> None:
        """Build the next part of the search texts (at a million events, building them all at the first keystroke
        held the window for seconds; parts of SEARCH_WARMUP_ROWS take some tens of milliseconds each)."""
        dataset = self.selection.dataset
        if dataset is None or columns_of(dataset).prepare_search(dataset, rows=SEARCH_WARMUP_ROWS):
            self._search_warmup.stop()

    def _load_in_background(self, path: Path, columns: ColumnMapping | None = None) -> None:
        if self.loading is not None:  # one load at a time: a newer request replaces the older, which says nothing
            for signal in (self.loading.progressed, self.loading.loaded, self.loading.cancelled,
                           self.loading.failed):
                signal.disconnect()
            self.loading.cancel()
            self.progress.close()
        self.loading = BackgroundLoad(path, self, columns, self.limits)
        self.progress = QProgressDialog("", "Cancel", 0, 0, self)
        self.progress.setLabel(plain_label(f"Loading {path.name}…"))  # a file name is not markup
        self.progress.setWindowTitle("Opening")
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        # not modal: the data already shown stays usable (and a modal setValue would re-enter the event loop)
        self.progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress.canceled.connect(self.loading.cancel)
        self.loading.progressed.connect(self._show_progress)
        self.loading.loaded.connect(self._background_done)
        self.loading.cancelled.connect(self._background_cancelled)
        self.loading.failed.connect(self._background_failed)
        self.progress.show()
        self.loading.start()

    def _show_progress(self, phase: str, done: int, total: int) -> None:
        self.progress.setLabelText(f"{phase}… {done:,}" + (f" of {total:,}" if total else ""))
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _background_done(self, result: LoadResult) -> None:
        # connected to the current load only (a replaced one is disconnected), which is set until its result is in
        assert self.loading is not None
        path, columns = self.loading.path, self.loading.worker.columns
        self.progress.close()
        self.loading = None
        if not self._loaded(path, result, columns=columns):
            self._nothing_open(f"{path.name} could not be opened")

    def _background_failed(self, message: str) -> None:
        assert self.loading is not None  # as in _background_done
        path, columns = self.loading.path, self.loading.worker.columns
        self.progress.close()
        self.loading = None
        if not self._loaded(path, LoadResult(None, [Problem(str(path), 0, 0, message)]), columns=columns):
            self._nothing_open(f"{path.name} could not be opened")

    def _background_cancelled(self) -> None:
        assert self.loading is not None  # as in _background_done
        path, columns = self.loading.path, self.loading.worker.columns
        self.progress.close()
        self.loading = None
        if self.selection.dataset is not None:
            self.statusBar().showMessage("Opening cancelled; the data shown is unchanged.", 8000)
        else:  # started with this file: Reload tries it again
            self._failed = (path, columns)
            self._nothing_open(f"Opening {path.name} was cancelled", "to try again")

    def _nothing_open(self, what: str, reload: str = "once it is fixed") -> None:
        """The title and status bar once a file given at start-up did not open: no longer "Opening …"."""
        self.setWindowTitle("kztimeline")
        self.status_label.setText(f"{what}; nothing is open. File → Open… (Ctrl+O), or Reload (F5) {reload}")

    def _show_problems(self, path: Path, problems: list[Problem], keeping: bool, count: int | None = None) -> None:
        from .problemsdialog import ProblemsDialog

        self.problems_dialog = ProblemsDialog(path, problems, keeping, self, count)
        self.problems_dialog.open()

    def open_dialog(self) -> None:
        if not self.authoring.confirm_discard("opening another file"):
            return
        start = str(self.path.parent if self.path else Path.cwd())
        name, _ = QFileDialog.getOpenFileName(self, "Open events file", start,
                                              "Events (*.yaml *.yml *.csv *.json);;TimelineJS3 JSON (*.json);;"
                                              "All files (*)")
        if name:
            self.open_path(Path(name))

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        local = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
        return local[0] if len(local) == 1 and local[0].is_file() else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(path))  # after the drop: a dialog may follow

    def reload(self) -> None:
        """Read again the file shown, or the one that last failed to open (after fixing it)."""
        if not self.authoring.confirm_discard("reloading"):
            return
        if self._failed is not None:
            path, columns = self._failed
            self.open_path(path, columns=columns)
        elif self.path is not None:
            self._reselect = self.selection.current_id  # restored by show_dataset, also after a background load
            self.open_path(self.path, columns=getattr(self, "_columns", None))

    # --- building -------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.timeline = timeline = TimelineWidget(self.selection)
        self.setCentralWidget(timeline)
        self.places = PlacesPanel(self.selection)
        self.events = EventListPanel(self.selection)
        self.sources = SourcePanel(self.selection)
        self.docks = {
            "places": self._dock("Places", self.places, Qt.DockWidgetArea.LeftDockWidgetArea),
            "events": self._dock("Events", self.events, Qt.DockWidgetArea.BottomDockWidgetArea),
            "sources": self._dock("Sources", self.sources, Qt.DockWidgetArea.RightDockWidgetArea),
        }
        self.status_label = plain_label()
        self.statusBar().addWidget(self.status_label, 1)
        self.open_folder_button = QPushButton("Open Folder")
        self.open_folder_button.setAccessibleName("Open the folder of the file saved")
        self.open_folder_button.clicked.connect(self.open_written_folder)
        self.open_folder_button.hide()
        self.statusBar().addPermanentWidget(self.open_folder_button)
        self.authoring.add_docks()
        self._build_actions(timeline)
        self.authoring.add_actions(self.file_menu, self.view_menu, self.edit_menu)
        self._connect_signals(timeline)
        self._restore_layout()
        QWidget.setTabOrder(timeline, self.places.list_widget)  # Tab: timeline, places, search, table, sources
        QWidget.setTabOrder(self.places.list_widget, self.events.search)
        QWidget.setTabOrder(self.events.search, self.events.table)
        QWidget.setTabOrder(self.events.table, self.sources.browser)
        self._update_status()
        timeline.setFocus()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} panel")
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object],
                shortcuts: Sequence[QKeySequence.StandardKey | str] = (), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work whichever panel has focus
        return action

    def _build_actions(self, timeline: TimelineWidget) -> None:
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu("&File")
        self._action(file_menu, "&Open…", self.open_dialog, [QKeySequence.StandardKey.Open])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        self._action(file_menu, "&Reload", self.reload, [QKeySequence.StandardKey.Refresh, "Ctrl+R"])
        export_menu = file_menu.addMenu("E&xport")
        self.export_action = self._action(export_menu, "Timeline &PNG or SVG…", self.export_dialog, ["Ctrl+E"])
        export_menu.addSeparator()
        self.export_data_actions = exchange_actions.add_export_actions(self, export_menu, self.export_data)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, [QKeySequence.StandardKey.Quit])
        edit = self.edit_menu = bar.addMenu("&Edit")
        self.copy_action = self._action(edit, "&Copy Citation", self.copy_citation, [QKeySequence.StandardKey.Copy],
                                        "Copy the selected event: title, date, places and excerpts with outlets")
        self._action(edit, "&Find…", self.focus_search, [QKeySequence.StandardKey.Find], "Search the events")
        self.view_menu = view = bar.addMenu("&View")
        self._action(view, "&Fit Events", lambda: timeline.fit(), ["Ctrl+0"], "Frame the events shown")
        self._action(view, "&Whole Period", lambda: timeline.fit_period(), ["Ctrl+Shift+0"],
                     "Show the whole period, events or not")
        self._action(view, "Zoom &In", lambda: timeline.zoom(0.5), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])
        self._action(view, "Zoom &Out", lambda: timeline.zoom(2.0), [QKeySequence.StandardKey.ZoomOut])
        self.copy_link_action = self._action(view, "Copy &Link to This View", self.copy_view_link, ["Ctrl+Shift+C"],
                                             "Copy the command line that opens kztimeline at this view")
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        self._action(view, "&Reset Layout", self.reset_layout, tip="Every panel back in its first place and size")
        view.addSeparator()
        self.full_screen_action = self._action(view, "F&ull Screen", self.toggle_full_screen,
                                               [QKeySequence.StandardKey.FullScreen, "F11"])
        self.full_screen_action.setCheckable(True)
        go = bar.addMenu("&Go")
        self._action(go, "&Next Event", lambda: self.selection.step(1), ["Right", "J"])
        self._action(go, "&Previous Event", lambda: self.selection.step(-1), ["Left", "K"])
        self._action(go, "&First Event", self.selection.first, ["Home"])
        self._action(go, "&Last Event", self.selection.last, ["End"])
        self._action(go, "&All Places", lambda: self.selection.clear_place_filter(), ["Escape"],
                     "Show the events of every place (clears the place filter)")
        go.addSeparator()
        self._action(go, "Next &Panel", lambda: self.cycle_panel(1), ["F6"])
        self._action(go, "Pre&vious Panel", lambda: self.cycle_panel(-1), ["Shift+F6"])
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard Shortcuts", self.show_shortcuts, [QKeySequence.StandardKey.HelpContents])
        self._action(help_menu, "&About kztimeline", self.about)

    def _connect_signals(self, timeline: TimelineWidget) -> None:
        """All wiring between the panels, the shared selection and the window's own widgets sits here."""
        # each panel both ways with the selection
        wiring.connect_timeline(self.selection, timeline)
        wiring.connect_places(self.selection, self.places)
        wiring.connect_event_list(self.selection, self.events)
        wiring.connect_sources(self.selection, self.sources)
        # right-click on an event, in the timeline or the table: the window's menu for it
        timeline.eventMenuRequested.connect(self.event_menu)
        self.events.eventMenuRequested.connect(self.event_menu)
        wiring.connect_authoring(self.selection, self.authoring, self.sources)
        # the status bar follows the selection and the filters
        self.selection.currentChanged.connect(self._update_status)
        self.selection.filterChanged.connect(self._update_status)
        self.selection.datasetChanged.connect(self._update_status)

    # --- an event's menu, copying, layout -------------------------------------------------------------------------
    def event_menu(self, event_id: str, pos: QPoint) -> QMenu:
        """Right-click on an event: it becomes current, and a menu offers what to do with it."""
        self.selection.set_current(event_id)
        data = self.selection.dataset
        assert data is not None  # (an event is only shown with its dataset)
        event = data.event(event_id)
        menu = QMenu(self)
        menu.addAction("Copy Citation", self.copy_citation)
        show = menu.addAction("Show in Source", lambda: self.sources.show_in_source(0))
        show.setEnabled(bool(event.excerpts))
        filtered = self.selection.place_filter
        for place_id in event.place_ids:
            name = data.places[place_id].name if place_id in data.places else place_id
            menu.addAction(f"Filter to {name}", lambda p=place_id: self.selection.filter_to_place(p))
            if filtered and place_id not in filtered:  # what Ctrl-clicking the place does
                menu.addAction(f"Add {name} to Filter", lambda p=place_id: self.selection.toggle_place_filter(p, True))
        menu.popup(pos)
        self.menu_shown = menu
        return menu

    def copy_citation(self) -> None:
        """Edit → Copy Citation: the selected event, pasteable (title, date, places, excerpts with outlets)."""
        from ..model.citation import event_citation

        event, data = self.selection.current, self.selection.dataset
        if event is None or data is None:
            self.statusBar().showMessage("Select an event to copy its citation.", 5000)
            return
        QApplication.clipboard().setText(event_citation(data, event))
        self.statusBar().showMessage(f"Copied the citation of “{event.title}”.", 5000)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    def reset_layout(self) -> None:
        """Every panel shown, docked where it starts, at its first size."""
        areas = {"places": Qt.DockWidgetArea.LeftDockWidgetArea, "events": Qt.DockWidgetArea.BottomDockWidgetArea,
                 "sources": Qt.DockWidgetArea.RightDockWidgetArea}
        tabbed = {"editor": "sources", "problems": "events"}  # the authoring docks share a place with these
        for name, dock in self.docks.items():
            dock.setFloating(False)
            if name in areas:
                self.addDockWidget(areas[name], dock)
            dock.show()
        for name, beside in tabbed.items():
            if name in self.docks:
                self.tabifyDockWidget(self.docks[beside], self.docks[name])
        for name in areas:
            self.docks[name].raise_()
        self._size_docks()

    # --- keyboard -------------------------------------------------------------------------------------------------
    def panel_widgets(self) -> list[QWidget]:
        """The widget that takes the keyboard in each panel, in F6 order (hidden panels left out)."""
        assert self.timeline is not None
        pairs = [(None, self.timeline), (self.docks["places"], self.places.list_widget),
                 (self.docks["events"], self.events.table), (self.docks["sources"], self.sources.browser)]
        return [widget for dock, widget in pairs if dock is None or dock.isVisible()]

    def cycle_panel(self, step: int) -> None:
        """F6 / Shift+F6: move the keyboard to the next (previous) panel."""
        panels = self.panel_widgets()
        focus = self.focusWidget()
        here = next((i for i, w in enumerate(panels) if focus is not None and (w is focus or w.isAncestorOf(focus)
                                                                            or focus.isAncestorOf(w))), -1)
        if here < 0 and focus is self.events.search:
            here = panels.index(self.events.table) if self.events.table in panels else -1
        panels[(here + step) % len(panels)].setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        """Ctrl+F: to the search box, its text selected."""
        self.docks["events"].show()
        self.docks["events"].raise_()
        self.events.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.events.search.selectAll()

    def shortcut_text(self) -> str:
        """Every menu action with a shortcut, as rows of an HTML table."""
        rows = []
        for action in self.actions():
            # a standard key this platform has no binding for (Full Screen on X11) is an empty sequence: left out
            keys = ", ".join(text for k in action.shortcuts()
                             if (text := k.toString(QKeySequence.SequenceFormat.NativeText)))
            if keys:
                rows.append(f"<tr><td>{escape(action.text().replace('&', ''))}</td>"
                            f"<td>&nbsp;&nbsp;<b>{escape(keys)}</b></td></tr>")
        rows.append("<tr><td>Move through the window</td><td>&nbsp;&nbsp;<b>Tab, Shift+Tab</b></td></tr>")
        rows.append("<tr><td>Add a place to the filter, or take it out</td><td>&nbsp;&nbsp;<b>Ctrl+click (map, "
                    "places list), Ctrl+Space (places list)</b></td></tr>")
        return "<table>" + "".join(rows) + "</table>"

    def show_shortcuts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard Shortcuts", self.shortcut_text(),
                          QMessageBox.StandardButton.Close, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()
        self.shortcuts_box = box

    # --- status, about, export ------------------------------------------------------------------------------------
    def _update_status(self, *_args: object) -> None:
        position = self.selection.position()
        period = self.selection.period_label()
        if position is not None:
            text = f"Event {position + 1:,} of {self.selection.filtered_count():,} in {period}"
        elif self.selection.current is not None:  # shown by the filters (they clear a current event they hide)
            text = f"Background event (outside {period})"
        elif self.selection.dataset is None:
            text = "No events open"
        else:
            text = f"{self.selection.count_text()} — click one, or press Right to start"
        active = self.selection.describe_filter()
        clear = " · Esc: all places" if self.selection.place_filter else ""
        self.status_label.setText(f"{text} · filter: {active}{clear}" if active else text)
        places = self.selection.describe_places(most=None)  # every name, where the status bar has room for a few
        self.status_label.setToolTip(f"Filtered to {places.removeprefix('place: ')}" if places else "")

    def status_text(self) -> str:
        return self.status_label.text()

    def about(self) -> None:
        data = self.selection.dataset
        sources = "".join(f"<li>{escape(s.outlet)}: “{escape(s.title)}”, {escape(s.published_label)}"
                          f"</li>" for s in data.sources.values()) if data else ""
        QMessageBox.about(self, "About kztimeline", (
            f"<h3>kztimeline {escape(__version__)}</h3>"
            "<p>The January 2022 unrest in Kazakhstan: what happened, where, and on whose word. Every excerpt is "
            "verified against its archived source.</p>"
            f"<p><b>Archived sources</b></p><ul>{sources}</ul>"
            "<p><b>Data</b>: gazetteer contains data from GeoNames (geonames.org), CC BY 4.0; basemap from "
            "Natural Earth (public domain); online geocoding, only on request, by Nominatim, © OpenStreetMap "
            "contributors, ODbL.</p>"))

    def view_command(self) -> str:
        """The command line that opens the window at the view shown (event, time range, place)."""
        return exchange_actions.view_command(self.selection, self.path, self.timeline)

    def copy_view_link(self) -> None:
        QApplication.clipboard().setText(self.view_command())
        self.statusBar().showMessage("Copied the command line for this view to the clipboard.", 6000)

    def apply_view(self, view: ViewSpec) -> list[str]:
        """Show the view a command line asked for; the problems (one line each) when it does not fit the data."""
        return exchange_actions.apply_view(self.selection, self.timeline, view)

    def export_data(self, fmt: Format, path: Path | None = None) -> bool:
        """File → Export → a data format: asks where (unless given) and writes; True when written."""
        return exchange_actions.export_format(self, self.selection.dataset, self.path, fmt, path)

    def export_dialog(self) -> None:
        from ..export.dialog import ExportDialog

        dialog = ExportDialog(self.selection, self)
        dialog.accepted.connect(lambda: self.announce_written(dialog.written))
        dialog.resize(min(900, self.width()), min(700, self.height()))
        dialog.open()
        self.export = dialog

    def announce_written(self, path: Path) -> None:
        """After a save: the status bar names the file, and a button opens its folder."""
        self.written_path = path
        self.statusBar().showMessage(f"Saved {path.name} in {path.parent}", 20000)
        self.open_folder_button.setToolTip(str(path.parent))
        self.open_folder_button.show()

    def open_written_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written_path.parent)))
        self.open_folder_button.hide()

    # --- layout memory --------------------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            self.clip_to_screen()
        if isinstance(state, QByteArray) and self.restoreState(state):
            return
        self._default_dock_sizes = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if getattr(self, "_default_dock_sizes", False):  # first run: docks get room, the timeline the rest
            self._default_dock_sizes = False
            QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        # on a small screen the docks take less, so that the timeline keeps room for its titles
        width, height = self.width(), self.height()
        self.resizeDocks([self.docks["places"], self.docks["sources"]], [min(310, width // 4), min(350, width // 4)],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["events"]], [min(230, height // 4)], Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.timeline is not None and not self.authoring.confirm_discard("closing"):
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        from ..model.cache import release_stores

        release_stores()  # a cache entry still waiting for the first paint: stored now (the process waits for it)
        super().closeEvent(event)
