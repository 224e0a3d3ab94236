"""The window's side of exchanging data: File → Export → one action per data format, and citable views (apply a
view given on the command line; the command line for the view shown)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from ..exchange.atomic import ExchangeError
from ..exchange.formats import FORMATS, Format, write_format
from ..model.entities import Dataset
from ..model.selection import Selection
from ..model.viewspec import ViewSpec, command_line
from ..views.timeline import TimelineWidget


def add_export_actions(window: QMainWindow, menu: QMenu, export: Callable[[Format], object]) -> dict[str, QAction]:
    actions = {}
    for fmt in FORMATS:
        action = QAction(f"{fmt.label}…", window)
        action.setStatusTip(f"Write the dataset as {fmt.label} ({', '.join(fmt.suffixes)})")
        action.triggered.connect(lambda _checked=False, f=fmt: export(f))
        menu.addAction(action)
        actions[fmt.name] = action
    return actions


def export_format(window: QMainWindow, data: Dataset | None, shown_path: Path | None, fmt: Format,
                  path: Path | None = None) -> bool:
    """Ask where (unless given), then write; a problem is one line in a message box. True when written."""
    if data is None:
        return False
    if path is None:
        folder = shown_path.parent if shown_path else Path.cwd()
        suggested = folder / f"{shown_path.stem if shown_path else 'events'}{fmt.suffixes[0]}"
        name, _ = QFileDialog.getSaveFileName(window, f"Export {fmt.label}", str(suggested),
                                              f"{fmt.label} ({' '.join('*' + s for s in fmt.suffixes)});;"
                                              "All files (*)")
        if not name:
            return False
        path = Path(name)
    try:
        warning = write_format(data, path, fmt)
    except ExchangeError as exc:
        QMessageBox.warning(window, "Export", str(exc))
        return False
    window.statusBar().showMessage(f"Wrote {path} ({fmt.label}, {len(data.events)} events).", 8000)
    if warning:
        QMessageBox.information(window, "Export", f"Wrote {path.name}; note: {warning}.")
    return True


def view_command(selection: Selection, path: Path | None, timeline: TimelineWidget | None) -> str:
    data = selection.dataset
    if data is None:
        return "kztimeline"
    x_range = timeline.x_range() if timeline is not None else None
    return command_line(path, data, selection.current_id, x_range, selection.place_filter)


def apply_view(selection: Selection, timeline: TimelineWidget | None, view: ViewSpec) -> list[str]:
    data = selection.dataset
    if data is None:
        return ["no dataset is shown"]
    problems = view.check(data)
    if problems:
        return problems
    if view.places:
        selection.set_place_filter(view.places)
    if view.select:
        selection.set_current(view.select)
    shown = view.time_range(data)
    if shown is not None and timeline is not None:
        timeline.plot.setXRange(shown[0], shown[1], padding=0)
    return []
