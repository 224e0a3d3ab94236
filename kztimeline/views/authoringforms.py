"""The forms of building a dataset: File → New (title, period, time zone, folder) and Add Source (what was
extracted from the page, every field correctable). A form validates through a callback given by the window and
stays open with a one-line message when the input is refused, so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ..model.capture import Capture
from .richtext import plain_label

#: validate(form) → None when accepted, else the one-line message to show.
Validator = Callable[[QDialog], "str | None"]


class _Form(QDialog):
    def __init__(self, title: str, validate: Validator | None, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.validate = validate
        self.message = plain_label("", self)
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        problem = self.validate(self) if self.validate else None
        if problem:
            self.message.setText(problem)
            return
        super().accept()


@dataclass(frozen=True)
class NewDataset:
    folder: Path
    title: str
    start: date
    end: date
    timezone: str


class NewDatasetDialog(_Form):
    """Title, period, time zone and the folder the dataset lives in (its sources go in resources/sources/)."""

    def __init__(self, validate: Validator | None = None, parent: QWidget | None = None, folder: str = ""):
        super().__init__("New Dataset", validate, parent)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("e.g. January 2022 unrest in Kazakhstan")
        self.start, self.end = QDateEdit(self), QDateEdit(self)
        for edit, value in ((self.start, QDate(2022, 1, 1)), (self.end, QDate(2022, 1, 31))):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setDate(value)
        self.timezone = QLineEdit("+06:00", self)
        self.timezone.setToolTip("The UTC offset the timeline is drawn in, e.g. +06:00 for Almaty in January 2022")
        self.folder = QLineEdit(folder, self)
        self.folder.setPlaceholderText("an empty folder for events.yaml and its archived sources")
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Period starts", self.start)
        form.addRow("Period ends", self.end)
        form.addRow("Time zone", self.timezone)
        form.addRow("Folder", row)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("A new, empty dataset: events.yaml in the folder, with resources/sources/ for "
                                     "the archived articles.", self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.title.setFocus()
        self.resize(520, 0)

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Folder for the new dataset", self.folder.text())
        if name:
            self.folder.setText(name)

    def value(self) -> NewDataset:
        start, end = self.start.date(), self.end.date()
        return NewDataset(Path(self.folder.text().strip()).expanduser(), self.title.text().strip(),
                          date(start.year(), start.month(), start.day()), date(end.year(), end.month(), end.day()),
                          self.timezone.text().strip())


#: The source fields the form shows, in order: (key, label, tooltip).
SOURCE_FIELDS = (
    ("outlet", "Outlet", "The publication's name, e.g. Reuters"),
    ("outlet_basis", "Outlet basis", "If the page does not name the outlet: how you know it"),
    ("title", "Title", "The article's headline"),
    ("author", "Author", "The byline, if any"),
    ("published", "Published", "Publication time with UTC offset, e.g. 2022-01-06T07:35+05:30, or only a day"),
    ("published_basis", "Published basis", "If the page has no date line: how the date was inferred"),
    ("url", "URL", "The address the article was published at"),
    ("source_id", "Id", "How events refer to this source (made from outlet, day and title if left empty)"),
)


class SourceForm(_Form):
    """What was extracted from a page or text (a proposal); every field can be corrected before it is added.
    With `paste=True` the text box is empty and editable: the user pastes the article there."""

    def __init__(self, capture: Capture | None, validate: Validator | None = None, parent: QWidget | None = None,
                 paste: bool = False):
        super().__init__("Add Source", validate, parent)
        self.capture = capture
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label, tip in SOURCE_FIELDS:
            edit = QLineEdit(self)
            edit.setToolTip(tip)
            edit.setAccessibleName(label)
            edit.setText(str(getattr(capture, key, "") or "") if capture is not None else "")
            self.fields[key] = edit
            form.addRow(label, edit)
        self.fields["source_id"].setPlaceholderText("made from outlet, day and title")
        self.fields["published"].setPlaceholderText("2022-01-06T07:35+05:30")
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Article text")
        if paste:
            self.text.setPlaceholderText("Paste the article's text here (it is archived as it stands).")
        else:
            self.text.setPlainText(capture.text if capture is not None else "")
            self.text.setReadOnly(True)
        where = "pasted text" if paste else (capture.name if capture is not None else "")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"From {where}: check what was found and correct any field. The text below is "
                                     "what quotes will be checked against.", self))
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.text if paste else self.fields["outlet"]).setFocus()
        self.resize(720, 640)

    def value(self, key: str) -> str:
        return self.fields[key].text().strip()
