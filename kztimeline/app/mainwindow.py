"""The main window: the timeline in the centre, places, events and sources in docks.

`_connect_signals` is where the window is wired: the panels to the shared selection (through `wiring.py`, which a
single-panel test uses too), and the selection to the window's own status bar.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QMainWindow, QMenu, QMessageBox,
                               QProgressDialog, QWidget)

from .. import __version__
from ..crashlog import report_internal_error
from ..exchange.formats import Format
from ..model.entities import Dataset
from ..model.loader import load_dataset
from ..model.mappedcsv import ColumnMapping
from ..model.problems import Problem
from ..model.results import LoadResult
from ..model.viewspec import ViewSpec
from ..resources import bundled_events
from ..views.eventlist import EventListPanel
from ..views.placemap import PlacesPanel
from ..model.selection import Selection
from ..views.richtext import plain_label
from ..views.sourcepanel import SourcePanel
from ..views.timeline import TimelineWidget
from . import csvmapping, exchange_actions, wiring
from .authoring import Authoring
from .loading import BackgroundLoad
from .problemsdialog import ProblemsDialog


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.selection = Selection()
        self.path: Path | None = None
        self.problems_dialog: ProblemsDialog | None = None
        self.loading: BackgroundLoad | None = None
        self.progress: QProgressDialog  # made with each background load, and kept once it is closed
        self._reselect: str | None = None  # event to select again once a reload is shown
        self.setWindowTitle("kztimeline")
        self.resize(1400, 900)
        self.timeline: TimelineWidget | None = None
        self.authoring = Authoring(self)  # New, Save, sources, quoting, the event editor, undo (app/authoring.py)

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
        if self.timeline is not None and path.is_file() and path.stat().st_size > self.background_bytes:
            self._load_in_background(path, columns)
            return True
        self._columns = columns  # for a reload of the same file
        try:
            result = load_dataset(path, columns=columns)
        except Exception as exc:  # a bug, not bad input (that comes back as problems): say so, keep what is shown
            result = LoadResult(None, [Problem(str(path), 0, 0, report_internal_error(exc, f"opening {path}"))])
        return self._loaded(path, result, initial)

    def _loaded(self, path: Path, result: LoadResult, initial: bool = False) -> bool:
        if not result.ok:
            self._report(path, result.problems, initial)
            return self.selection.dataset is not None
        assert result.dataset is not None  # result.ok: a dataset, and no problems
        previous, previous_path = self.selection.dataset, self.path
        try:
            self.show_dataset(result.dataset, path)
            self.authoring.file_opened()  # edits start afresh on the file opened
            if result.warnings:
                count = len(result.warnings)
                self.statusBar().showMessage(f"{count} warning{'s' * (count != 1)} in {path.name} (such as quotes "
                                             "too short to prove much); `kztimeline check` lists them", 15000)
        except Exception as exc:  # a bug in a view: go back to the data shown before, and say what happened
            message = report_internal_error(exc, f"showing {path}")
            if previous is not None:
                self.show_dataset(previous, previous_path)
            self._report(path, [Problem(str(path), 0, 0, message)], initial)
            return previous is not None
        return True

    def _report(self, path: Path, problems: Sequence[Problem], initial: bool) -> None:
        if initial:  # no window yet: the terminal is where the user looks
            for problem in problems:
                print(problem, file=sys.stderr)
        else:
            self._show_problems(path, list(problems), keeping=self.selection.dataset is not None)

    def show_dataset(self, dataset: Dataset, path: Path | None = None) -> None:
        """Show a loaded, checked dataset in every view."""
        self.path = path or dataset.path
        self.selection.set_dataset(dataset)
        reselect, self._reselect = self._reselect, None
        if reselect and any(e.id == reselect for e in dataset.events):
            self.selection.set_current(reselect)
        if self.timeline is None:
            self._build()
        self.setWindowTitle(f"{dataset.title} — {self.path.name if self.path else 'untitled'}[*] — kztimeline")
        self._update_status()

    def _load_in_background(self, path: Path, columns: ColumnMapping | None = None) -> None:
        if self.loading is not None:  # one load at a time: a newer request replaces the older, which says nothing
            for signal in (self.loading.progressed, self.loading.loaded, self.loading.cancelled,
                           self.loading.failed):
                signal.disconnect()
            self.loading.cancel()
            self.progress.close()
        self.loading = BackgroundLoad(path, self, columns)
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
        path = self.loading.path
        self.progress.close()
        self.loading = None
        self._loaded(path, result)

    def _background_failed(self, message: str) -> None:
        assert self.loading is not None  # as in _background_done
        path = self.loading.path
        self.progress.close()
        self.loading = None
        self._loaded(path, LoadResult(None, [Problem(str(path), 0, 0, message)]))

    def _background_cancelled(self) -> None:
        self.progress.close()
        self.loading = None
        self.statusBar().showMessage("Opening cancelled; the data shown is unchanged.", 8000)

    def _show_problems(self, path: Path, problems: list[Problem], keeping: bool) -> None:
        self.problems_dialog = ProblemsDialog(path, problems, keeping, self)
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

    def reload(self) -> None:
        if self.path is not None and self.authoring.confirm_discard("reloading"):
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
        self.authoring.add_docks()
        self._build_actions(timeline)
        self.authoring.add_actions(self.file_menu, self.view_menu)
        self._connect_signals(timeline)
        self._restore_layout()
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
        self._action(file_menu, "&Reload", self.reload, [QKeySequence.StandardKey.Refresh, "Ctrl+R"])
        export_menu = file_menu.addMenu("E&xport")
        self.export_action = self._action(export_menu, "Timeline &PNG or SVG…", self.export_dialog, ["Ctrl+E"])
        export_menu.addSeparator()
        self.export_data_actions = exchange_actions.add_export_actions(self, export_menu, self.export_data)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, [QKeySequence.StandardKey.Quit])
        self.view_menu = view = bar.addMenu("&View")
        self._action(view, "&Fit Whole Period", lambda: timeline.fit(), ["Ctrl+0"])
        self._action(view, "Zoom &In", lambda: timeline.zoom(0.5), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])
        self._action(view, "Zoom &Out", lambda: timeline.zoom(2.0), [QKeySequence.StandardKey.ZoomOut])
        self.copy_link_action = self._action(view, "Copy &Link to This View", self.copy_view_link, ["Ctrl+Shift+C"],
                                             "Copy the command line that opens kztimeline at this view")
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        go = bar.addMenu("&Go")
        self._action(go, "&Next Event", lambda: self.selection.step(1), ["Right", "J"])
        self._action(go, "&Previous Event", lambda: self.selection.step(-1), ["Left", "K"])
        self._action(go, "&First Event", self.selection.first, ["Home"])
        self._action(go, "&Last Event", self.selection.last, ["End"])
        self._action(go, "&All Places", lambda: self.selection.set_place_filter(None), ["Escape"])
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About kztimeline", self.about)

    def _connect_signals(self, timeline: TimelineWidget) -> None:
        """All wiring between the panels, the shared selection and the window's own widgets sits here."""
        # each panel both ways with the selection
        wiring.connect_timeline(self.selection, timeline)
        wiring.connect_places(self.selection, self.places)
        wiring.connect_event_list(self.selection, self.events)
        wiring.connect_sources(self.selection, self.sources)
        wiring.connect_authoring(self.selection, self.authoring, self.sources)
        # the status bar follows the selection and the filters
        self.selection.currentChanged.connect(self._update_status)
        self.selection.filterChanged.connect(self._update_status)
        self.selection.datasetChanged.connect(self._update_status)

    # --- status, about, export ------------------------------------------------------------------------------------
    def _update_status(self, *_args: object) -> None:
        events = self.selection.filtered_events()
        position = self.selection.position()
        data = self.selection.dataset
        if position is not None:
            text = f"Event {position + 1} of {len(events)}"
        elif self.selection.current is not None and data is not None:  # (no current event without a dataset)
            text = f"Background event (outside {data.period.start:%B %Y})"
        else:
            text = f"{len(events)} events — click one, or press Right to start"
        active = self.selection.describe_filter()
        self.status_label.setText(f"{text} · filter: {active}" if active else text)

    def status_text(self) -> str:
        return self.status_label.text()

    def about(self) -> None:
        data = self.selection.dataset
        sources = "".join(f"<li>{html.escape(s.outlet)}: “{html.escape(s.title)}”, {html.escape(s.published_label)}"
                          f"</li>" for s in data.sources.values()) if data else ""
        QMessageBox.about(self, "About kztimeline", (
            f"<h3>kztimeline {html.escape(__version__)}</h3>"
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
        dialog.open()
        self.export = dialog

    # --- layout memory --------------------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and self.restoreState(state):
            return
        self._default_dock_sizes = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if getattr(self, "_default_dock_sizes", False):  # first run: docks get room, the timeline the rest
            self._default_dock_sizes = False
            QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        self.resizeDocks([self.docks["places"], self.docks["sources"]], [310, 350], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["events"]], [230], Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.timeline is not None and not self.authoring.confirm_discard("closing"):
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)
