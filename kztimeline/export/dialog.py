"""File → Export Timeline PNG…: size, range and places, with a preview of exactly what will be written."""

from __future__ import annotations

from datetime import datetime, UTC
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QRadioButton, QSizePolicy,
                               QSpinBox, QVBoxLayout, QWidget)

from ..model.entities import Dataset
from ..model.selection import Selection
from .figure import FigureOptions, fitting_height
from .writer import ExportError, render_image, write_figure

PRESETS = (
    ("1920 × 1080 (screen, slides)", 1920, 1080),
    ("3840 × 1080 (wide banner)", 3840, 1080),
    ("A4 landscape, 300 dpi (3508 × 2480)", 3508, 2480),
    ("1600 × 500 (article column)", 1600, 500),
    ("1600 wide, as high as the lanes need", 1600, -1),
    ("Custom", 0, 0),
)
PREVIEW_WIDTH = 640
PREVIEW_MIN = (320, 180)  # the preview's least size: the dialog fits a small screen


class ExportDialog(QDialog):
    def __init__(self, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.selection = selection
        self.setWindowTitle("Export Timeline PNG")
        self.preset = QComboBox()
        self.preset.setAccessibleName("Image size preset")
        for label, _w, _h in PRESETS:
            self.preset.addItem(label)
        self.width_box, self.height_box = _spin(1920), _spin(1080)
        size_row = QHBoxLayout()
        size_row.addWidget(self.preset, 1)
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        size_row.addWidget(QLabel("px"))
        self.whole = QRadioButton("Whole period")
        self.view = QRadioButton("Current view")
        self.all_places = QRadioButton("All places")
        self.filtered = QRadioButton("Active filter")
        self.whole.setChecked(True)
        self.all_places.setChecked(True)
        for first, second in ((self.whole, self.view), (self.all_places, self.filtered)):
            group = QButtonGroup(self)
            group.addButton(first)
            group.addButton(second)
        if selection.place_filter and selection.dataset:
            self.filtered.setText(f"Active filter: {selection.describe_places().removeprefix('place: ')}")
        else:
            self.filtered.setEnabled(False)
        if not selection.time_range:
            self.view.setEnabled(False)
        self.path_edit = QLineEdit(str(Path.cwd() / "kztimeline-timeline.png"))
        self.path_edit.setAccessibleName("Output file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(*PREVIEW_MIN)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # follows the dialog
        self._image: QImage | None = None
        self.preview.setAccessibleName("Export preview")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Export size hint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Size", size_row)
        form.addRow("Range", _row(self.whole, self.view))
        form.addRow("Places", _row(self.all_places, self.filtered))
        form.addRow("File", path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)

        self._preview_timer = QTimer(self, singleShot=True, interval=150)
        self._preview_timer.timeout.connect(self.update_preview)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        for widget in (self.width_box, self.height_box):
            widget.valueChanged.connect(self._preview_timer.start)
        for button in (self.whole, self.view, self.all_places, self.filtered):
            button.toggled.connect(self._preview_timer.start)
        self._preset_chosen(0)

    def _preset_chosen(self, index: int) -> None:
        _label, width, height = PRESETS[index]
        custom = width == 0
        self.width_box.setEnabled(custom)
        self.height_box.setEnabled(custom)
        if not custom:
            self.width_box.setValue(width)
            self.height_box.setValue(height if height > 0 else self._fitting_height(500))
        self._preview_timer.start()

    def _fitting_height(self, height: int) -> int:
        options = self.options()
        return fitting_height(self._dataset(), FigureOptions(options.width, height, options.start, options.end,
                                                             options.places))

    def options(self) -> FigureOptions:
        """What the dialog's choices mean, as the figure's options."""
        start = end = None
        if self.view.isChecked() and self.selection.time_range:
            start, end = (datetime.fromtimestamp(t, tz=UTC) for t in self.selection.time_range)
        filtered = self.selection.place_filter_ids()  # in the dataset's order, like the lanes
        places = tuple(filtered) if self.filtered.isChecked() and filtered else None
        return FigureOptions(self.width_box.value(), self.height_box.value(), start, end, places)

    def _dataset(self) -> Dataset:
        dataset = self.selection.dataset
        # the window offers this dialog only once it shows a dataset, and a selection never goes back to none
        assert dataset is not None, "nothing to export without a dataset"
        return dataset

    def update_preview(self) -> None:
        if PRESETS[self.preset.currentIndex()][2] == -1:  # as high as the lanes need, for this range and places
            self.height_box.blockSignals(True)
            self.height_box.setValue(self._fitting_height(500))
            self.height_box.blockSignals(False)
        options = self.options()
        needed = self._fitting_height(options.height)
        self.hint.setText(f"The lanes are tight at this height: {needed} px high gives every lane full-size titles "
                          f"or numbers (size: “{PRESETS[-2][0]}”)." if needed > options.height else "")
        self._image = render_image(self._dataset(), options)
        self._show_preview()

    def _show_preview(self) -> None:
        """The whole figure, scaled to fit the preview's width and height."""
        if self._image is None:
            return
        room = self.preview.size()
        width, height = max(room.width() - 4, PREVIEW_MIN[0]), max(room.height() - 4, PREVIEW_MIN[1])
        self.preview.setPixmap(QPixmap.fromImage(self._image).scaled(
            width, height, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_preview()

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export timeline", self.path_edit.text(),
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if name:
            self.path_edit.setText(name)

    def accept(self) -> None:
        path = Path(self.path_edit.text()).expanduser()
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".png")
        try:
            write_figure(self._dataset(), self.options(), path)
        except ExportError as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
            return
        self.written = path
        super().accept()


def _spin(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(16, 20000)
    box.setValue(value)
    box.setAccessibleName("Image size in pixels")
    return box


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
