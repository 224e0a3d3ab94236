"""Opening a CSV of any layout: a dialog maps its columns to date, end, title, place, latitude/longitude, category,
text, source and URL, with a preview of the first rows; the mapping is remembered per header (the same columns in
the same order), so a file of the same shape opens with it next time."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

if TYPE_CHECKING:
    from ..model.mappedcsv import ColumnMapping

NONE = "(none)"


def needs_mapping(path: Path) -> list[str] | None:
    """The header of a CSV that is neither ours nor ACLED's (so its columns must be mapped); None otherwise."""
    if path.suffix.lower() != ".csv":
        return None
    from ..model.loader import csv_needs_mapping
    from ..model.tablecsv import csv_file_header

    header = csv_file_header(path)
    return header if csv_needs_mapping(header) else None


def _key(header: list[str]) -> str:
    return "csv-mapping/" + hashlib.sha1("\x1f".join(header).encode("utf-8")).hexdigest()


def remembered(settings: QSettings, header: list[str]) -> ColumnMapping | None:
    from ..model.mappedcsv import ColumnMapping

    value = settings.value(_key(header))
    if not isinstance(value, str):
        return None
    try:
        return ColumnMapping.from_dict(json.loads(value))
    except (ValueError, TypeError):
        return None


def remember(settings: QSettings, header: list[str], mapping: ColumnMapping) -> None:
    settings.setValue(_key(header), json.dumps(mapping.as_dict(), sort_keys=True))


def preview_rows(path: Path, count: int = 5) -> list[list[str]]:
    import csv

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            next(rows, None)
            return [row for _, row in zip(range(count), rows)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


class ColumnMappingDialog(QDialog):
    def __init__(self, path: Path, header: list[str], mapping: ColumnMapping | None = None,
                 parent: QWidget | None = None):
        from ..model.mappedcsv import FIELDS, guess_mapping

        super().__init__(parent)
        self.setWindowTitle(f"Columns of {path.name}")
        self.header = header
        mapping = mapping or guess_mapping(header)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Which column holds what? Date and title (or text) are needed. Rows become events "
                                "marked unverified: no archived source text backs them."))
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for name, label, required in FIELDS:
            combo = QComboBox()
            combo.addItems([NONE, *header])
            current = getattr(mapping, name)
            combo.setCurrentText(current if current in header else NONE)
            combo.setAccessibleName(f"{label} column")
            combo.currentTextChanged.connect(self._check)
            form.addRow(f"{label}{' *' if required else ''}:", combo)
            self.combos[name] = combo
        self.timezone = QLineEdit(mapping.timezone)
        self.timezone.setToolTip("UTC offset of times given without one, e.g. +06:00")
        form.addRow("Times without offset are at UTC", self.timezone)
        layout.addLayout(form)
        rows = preview_rows(path)
        table = QTableWidget(len(rows), len(header))
        table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(rows):
            for c, value in enumerate(row[: len(header)]):
                table.setItem(r, c, QTableWidgetItem(value))
        table.setMaximumHeight(170)
        layout.addWidget(table)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.message = QLabel()
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._check()

    def mapping(self) -> ColumnMapping:
        from ..model.mappedcsv import ColumnMapping

        chosen = {name: combo.currentText() for name, combo in self.combos.items() if combo.currentText() != NONE}
        return ColumnMapping(**chosen, timezone=self.timezone.text().strip() or "+00:00")

    def _check(self, *_args: object) -> None:
        missing = self.mapping().missing()
        self.message.setText(f"Choose a column for: {', '.join(missing)}" if missing else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)


def ask_mapping(parent: QWidget, settings: QSettings, path: Path, header: list[str]) -> ColumnMapping | None:
    """Show the dialog (with the remembered or guessed mapping); the mapping chosen, remembered, or None."""
    dialog = ColumnMappingDialog(path, header, remembered(settings, header), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    mapping = dialog.mapping()
    remember(settings, header, mapping)
    return mapping
