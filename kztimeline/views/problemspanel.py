"""The Problems dock: what `kztimeline check` says about the dataset being edited, refreshed after every change.
Clicking a problem selects its event (announced with `eventChosen`; the window decides)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..model.problems import Problem
from .richtext import plain_label, tooltip


def short(problem: Problem) -> str:
    """A problem in one line without its file name (the dock is about the file being edited)."""
    text = str(problem)
    prefix = f"{problem.file}:"
    return "line " + text[len(prefix):] if text.startswith(prefix) and problem.line else text


class ProblemsPanel(QWidget):
    eventChosen = Signal(str)  # the event of the problem clicked
    fieldChosen = Signal(str, str)  # event id, field (e.g. "date", "excerpts[0].quote")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = plain_label("No dataset is being edited.", self)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Problems")
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        self.problems: list[Problem] = []

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        self.list.clear()
        errors = sum(not p.is_warning for p in problems)
        warnings = len(problems) - errors
        if not problems:
            self.summary.setText("No problems: every excerpt verifies and every date agrees with its phrase.")
        else:
            parts = [f"{errors} problem{'s' * (errors != 1)}"] if errors else []
            parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
            self.summary.setText(" and ".join(parts) + " — click one to go to its event.")
        for problem in problems:
            item = QListWidgetItem(("⚠ " if problem.is_warning else "✖ ") + short(problem))
            item.setData(Qt.ItemDataRole.UserRole, problem.event_id or "")
            item.setData(Qt.ItemDataRole.UserRole + 1, problem.field or "")
            item.setToolTip(tooltip(str(problem)))
            self.list.addItem(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        event_id = item.data(Qt.ItemDataRole.UserRole)
        if event_id:
            self.eventChosen.emit(event_id)
            self.fieldChosen.emit(event_id, item.data(Qt.ItemDataRole.UserRole + 1))
