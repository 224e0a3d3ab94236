"""Sources → Browse Sources: every source of the dataset in a list, the chosen one's archived text beside it, ready
to be quoted (the same article view as "Show in source")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QSplitter, QToolBar, QVBoxLayout, QWidget)

from ..model.entities import Dataset
from .articletext import QuotableText, quoted_passages
from .colours import blend
from .richtext import tooltip
from .sourcedialog import open_web_link, source_header_html


class SourceBrowser(QDialog):
    """A non-modal window: the sources on the left, the chosen one's text on the right."""

    articleShown = Signal(object)  # the QuotableText just made for the chosen source (the window connects it)

    def __init__(self, dataset: Dataset, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sources")
        self.dataset = dataset
        self.list = QListWidget(self)
        self.list.setAccessibleName("Sources")
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setOpenExternalLinks(False)
        self.header.linkActivated.connect(open_web_link)
        self.text: QuotableText | None = None
        self.toolbar = QToolBar("Quote", self)
        self.right = QWidget(self)
        self.right_layout = QVBoxLayout(self.right)
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.right_layout.addWidget(self.header)
        self.right_layout.addWidget(self.toolbar)
        self.placeholder = QLabel("Choose a source on the left to read it; select a passage to quote it.", self)
        self.right_layout.addWidget(self.placeholder, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.right)
        splitter.setSizes([260, 640])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(splitter)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(lambda item, _old: self._show(item))
        self.resize(980, 620)
        self.set_dataset(dataset)

    def set_dataset(self, dataset: Dataset) -> None:
        """Show another version of the dataset (after an edit): the list again, the same source kept open."""
        self.dataset = dataset
        keep = self.text.source.id if self.text is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for source in dataset.sources.values():
            item = QListWidgetItem(f"{source.outlet} — {source.title}\n{source.published_label}")
            item.setData(Qt.ItemDataRole.UserRole, source.id)
            item.setToolTip(tooltip(f"{source.id}\n{source.file.name}"))
            self.list.addItem(item)
            if source.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if keep is not None and keep in dataset.sources and self.text is not None:
            self.text.source = dataset.sources[keep]
            self.text.set_passages(quoted_passages(dataset, keep))
        elif self.text is not None:  # another dataset (or the source was undone): nothing of the old one stays
            self.right_layout.removeWidget(self.text)
            self.text.deleteLater()
            self.text = None
            self.toolbar.clear()
            self.header.clear()
            self.placeholder.show()

    def show_source(self, source_id: str) -> QuotableText | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == source_id:
                self.list.setCurrentRow(row)
                return self.text
        return None

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        source = self.dataset.sources[item.data(Qt.ItemDataRole.UserRole)]
        palette = self.palette()
        self.header.setText(source_header_html(source, blend(palette.text().color(), palette.base().color(),
                                                             0.45).name()))
        if self.text is not None:
            self.right_layout.removeWidget(self.text)
            self.text.deleteLater()
        self.placeholder.hide()
        self.text = QuotableText(source, self.right)
        self.text.set_passages(quoted_passages(self.dataset, source.id))
        self.toolbar.clear()
        self.toolbar.addAction(self.text.new_event_action)
        self.toolbar.addAction(self.text.add_excerpt_action)
        self.right_layout.addWidget(self.text, 1)
        self.articleShown.emit(self.text)
