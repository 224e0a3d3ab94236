"""An archived article's text in which a passage can be selected and quoted, and the passages already quoted in the
dataset are highlighted, each linked to its event.

The text is shown as plain text, never as HTML. A selection is announced with offsets into the archived text counted
in characters (code points), as the excerpt's `at:` selector stores them; Qt counts UTF-16 units, which
`code_point_offset` converts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QContextMenuEvent, QHelpEvent, QKeySequence, QMouseEvent, \
    QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ..model.entities import Dataset, Source
from ..model.lazyevents import LazyEvents
from .richtext import tooltip

#: Passages quoted by other events: a soft blue that leaves text readable on light and dark palettes.
QUOTED_BACKGROUND = QColor("#bcd7f5")
QUOTED_FOREGROUND = QColor("#000000")

NEW_EVENT_SHORTCUT = "Ctrl+Shift+N"
ADD_EXCERPT_SHORTCUT = "Ctrl+Shift+E"


@dataclass(frozen=True)
class QuotedPassage:
    """A passage of this source that an event of the dataset quotes: [start, end) in code points."""

    start: int
    end: int
    event_id: str
    title: str


def quoted_passages(dataset: Dataset | None, source_id: str) -> list[QuotedPassage]:
    """Every verified excerpt of `source_id` in the dataset, with the event that quotes it."""
    if dataset is None:
        return []
    if isinstance(dataset.events, LazyEvents):  # reopened from the cache: read from the rows, build no event
        return [QuotedPassage(start, end, head.id, head.title) for head in dataset.events.heads()
                for source, _quote, start, end, _note in head.excerpts if source == source_id and start >= 0]
    return [QuotedPassage(excerpt.match.start, excerpt.match.end, event.id, event.title)
            for event in dataset.events for excerpt in event.excerpts
            if excerpt.source_id == source_id and excerpt.match is not None]


def utf16_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


class QuotableText(QPlainTextEdit):
    """Read-only article text with "New Event from Selection" and "Add Excerpt to Current Event" (context menu,
    the owner's toolbar, shortcuts). Emits code-point offsets into the source's text."""

    newEventRequested = Signal(str, int, int)  # source id, start, end
    addExcerptRequested = Signal(str, int, int)
    eventLinkClicked = Signal(str)  # a highlighted passage was clicked: its event

    def __init__(self, source: Source, parent: QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.passages: list[QuotedPassage] = []
        self._current: list[QTextEdit.ExtraSelection] = []
        self.setReadOnly(True)
        self.setPlainText(source.text)
        self.setAccessibleName("Archived source text")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.new_event_action = QAction("New &Event from Selection", self)
        self.new_event_action.setShortcut(QKeySequence(NEW_EVENT_SHORTCUT))
        self.new_event_action.setStatusTip("Make an event whose excerpt is the selected passage, exactly")
        self.new_event_action.triggered.connect(lambda: self._request(self.newEventRequested))
        self.add_excerpt_action = QAction("Add E&xcerpt to Current Event", self)
        self.add_excerpt_action.setShortcut(QKeySequence(ADD_EXCERPT_SHORTCUT))
        self.add_excerpt_action.setStatusTip("Quote the selected passage as another excerpt of the current event")
        self.add_excerpt_action.triggered.connect(lambda: self._request(self.addExcerptRequested))
        for action in (self.new_event_action, self.add_excerpt_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(False)
            self.addAction(action)
        self.selectionChanged.connect(self._selection_changed)

    # --- quoting ---------------------------------------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The selection as [start, end) code points into the source's text; None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        from ..model.selectors import code_point_offset  # (it brings the YAML reader: not at start-up)

        text = self.source.text
        return code_point_offset(text, cursor.selectionStart()), code_point_offset(text, cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select [start, end) code points, as a user dragging over it would."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(utf16_offset(self.source.text, start))
        cursor.setPosition(utf16_offset(self.source.text, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _request(self, signal: Any) -> None:
        span = self.selected_span()
        if span is not None and span[0] < span[1]:
            signal.emit(self.source.id, span[0], span[1])

    def _selection_changed(self) -> None:
        has = self.textCursor().hasSelection()
        self.new_event_action.setEnabled(has)
        self.add_excerpt_action.setEnabled(has)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if menu.actions():
            first = menu.actions()[0]
            menu.insertAction(first, self.new_event_action)
            menu.insertAction(first, self.add_excerpt_action)
            menu.insertSeparator(first)
        else:
            menu.addActions([self.new_event_action, self.add_excerpt_action])
        menu.exec(event.globalPos())
        menu.deleteLater()

    # --- passages already quoted -----------------------------------------------------------------------------------
    def set_passages(self, passages: list[QuotedPassage],
                     current: list[QTextEdit.ExtraSelection] | None = None) -> None:
        """Highlight the passages the dataset quotes (under `current`, the owner's stronger highlight)."""
        self.passages = passages
        if current is not None:
            self._current = current
        look = QTextCharFormat()
        look.setBackground(QUOTED_BACKGROUND)
        look.setForeground(QUOTED_FOREGROUND)
        look.setToolTip("")
        selections = []
        for passage in passages:
            cursor = QTextCursor(self.document())
            cursor.setPosition(utf16_offset(self.source.text, passage.start))
            cursor.setPosition(utf16_offset(self.source.text, passage.end), QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, look
            selections.append(selection)
        self.setExtraSelections(selections + self._current)

    def passage_at(self, point: QPoint) -> QuotedPassage | None:
        from ..model.selectors import code_point_offset

        position = code_point_offset(self.source.text, self.cursorForPosition(point).position())
        return next((p for p in self.passages if p.start <= position < p.end), None)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            passage = self.passage_at(event.pos())
            if passage is not None:
                QToolTip.showText(event.globalPos(), tooltip(f"Quoted by: {passage.title}\n(click to show the event)"),
                                  self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            passage = self.passage_at(event.position().toPoint())
            if passage is not None:
                self.eventLinkClicked.emit(passage.event_id)
