"""Lists a file's problems (file:line: message) and says the data shown is unchanged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from ..model.problems import Problem
from ..views.richtext import plain_label


class ProblemsDialog(QDialog):
    def __init__(self, path: Path, problems: list[Problem], keeping: bool, parent: QWidget | None = None,
                 count: int | None = None):
        """`count`: how many problems were found (`LoadResult.problem_count`: more than listed when capped)."""
        super().__init__(parent)
        self.setWindowTitle(f"Problems in {path.name}")
        count = len(problems) if count is None else count
        summary = f"{path} has {count:,} problem{'s' if count != 1 else ''}."
        summary += " The data already shown is kept." if keeping else " Nothing was opened."
        self.summary = plain_label(summary)
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(str(p) for p in problems))
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Problems")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(820, 360)
