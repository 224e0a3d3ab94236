"""The event list: every event (background ones too) as a sortable, searchable table.

The list is the keyboard- and screen-reader-friendly way into the dataset, so it holds all events, not only the
January ones. It follows the shared Selection both ways: a row picked here becomes the current event everywhere,
and the current event chosen elsewhere is selected and scrolled to here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import (QAbstractTableModel, QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex,
                            QPoint, Qt, QTimer, Signal)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ..model.columns import columns_of
from ..model.entities import Dataset, Event
from ..model.lazyevents import LazyEvents
from ..model.selection import Selection
from .richtext import plain_label, tooltip

DATE, TITLE, PLACES, CATEGORY, SOURCES = range(5)
HEADERS = ("Date", "Title", "Places", "Category", "Sources")
SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The roles `EventTableModel.data` answers.
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, SORT_ROLE, ID_ROLE, Qt.ItemDataRole.DecorationRole,
                    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole})

_Index = QModelIndex | QPersistentModelIndex
#: A search that kept the window busy longer than this (seconds) makes the box wait for a pause in typing.
SLOW_SEARCH_S = 0.05
#: The pause in typing (ms) after which a slow search runs.
TYPING_PAUSE_MS = 150


class EventTableModel(QAbstractTableModel):
    """Dataset events as rows. Cells are computed in data(), so a reset costs nothing however many events.

    The model sorts and filters itself (sort(), set_shown()): a QSortFilterProxyModel calls into Python for each of
    100k rows, which took seconds to sort and a second per keystroke to filter. Rows are an array of event indices
    (`_order`), filtered with the selection's mask and sorted on the dataset's columns (`model/columns.py`), so a
    keystroke or a sort by date, category or sources never visits the events; only the rows drawn are read.
    """

    def __init__(self, dataset: Dataset | None = None, parent: Any = None):
        super().__init__(parent)
        self._dataset: Dataset | None = None
        self._events: Sequence[Event] = []
        self._sorted: np.ndarray | None = None  # all events' indices in sort order; None: dataset (time) order
        self._shown: np.ndarray | None = None  # per dataset event, whether to show it; None: all
        self._order: np.ndarray | None = None  # row -> index into dataset.events; None: all, in dataset order
        self._sort = (DATE, Qt.SortOrder.AscendingOrder)
        self._place_names: dict[tuple[str, ...], str] = {}
        self._rows: np.ndarray | None = None  # index into dataset.events -> row (-1: not shown), built on first use
        if dataset is not None:
            self.set_dataset(dataset)

    def set_dataset(self, dataset: Dataset | None) -> None:
        self.beginResetModel()
        self._dataset = dataset
        self._events = dataset.events if dataset else []
        self._place_names, self._shown, self._sorted = {}, None, None
        self._sorted = self._sorted_order(*self._sort)
        self._apply_order()
        self.endResetModel()

    def set_shown(self, shown: np.ndarray | None) -> None:
        """Show only the events whose place in the dataset is True in `shown` (None: all), in the sort order."""
        if (shown is None and self._shown is None) or (
                shown is not None and self._shown is not None and np.array_equal(shown, self._shown)):
            return  # the same rows (a keystroke that hides nothing more): no reset, the view keeps its place
        self.beginResetModel()
        self._shown = shown
        self._apply_order()
        self.endResetModel()

    @property
    def total(self) -> int:
        """Events in the dataset, shown or not."""
        return len(self._events)

    def _apply_order(self) -> None:
        self._rows = None
        if self._shown is None:
            self._order = self._sorted
            return
        if self._sorted is None:
            self._order = np.flatnonzero(self._shown)
        else:
            self._order = self._sorted[self._shown[self._sorted]]

    def event_at(self, row: int) -> Event:
        return self._events[int(self._order[row]) if self._order is not None else row]

    def row_of(self, event_id: str) -> int | None:
        """The row of an event; the index of rows is built on first use, not at reset."""
        if self._dataset is None:
            return None
        where = columns_of(self._dataset).position(event_id)
        if where is None:
            return None
        if self._order is None:
            return where
        if self._rows is None:
            self._rows = np.full(len(self._events), -1, dtype=np.int64)
            self._rows[self._order] = np.arange(len(self._order))
        row = int(self._rows[where])
        return row if row >= 0 else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder rows by the SORT_ROLE key of `column`; ties keep time order. Persistent indexes follow."""
        if not 0 <= column < len(HEADERS) or (column, order) == self._sort:
            return
        self.layoutAboutToBeChanged.emit()
        old = self._order
        self._sort = (column, order)
        self._sorted = self._sorted_order(column, order)
        self._apply_order()
        new_row = np.arange(len(self._events))
        if self._order is not None:
            new_row[self._order] = np.arange(len(self._order))
        persistent = self.persistentIndexList()
        moved = [self.index(int(new_row[old[i.row()] if old is not None else i.row()]), i.column())
                 for i in persistent]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> np.ndarray | None:
        """Event indices in the order of `column`; ties stay in time order. Dates, sources and categories sort on
        the dataset's columns; titles and place names on their text."""
        descending = order == Qt.SortOrder.DescendingOrder
        if (column == DATE and not descending) or self._dataset is None:
            return None  # a Dataset keeps its events in time order
        columns = columns_of(self._dataset)
        if column == DATE:
            keys: np.ndarray = columns.start
        elif column == SOURCES:
            keys = columns.source_count
        elif column == CATEGORY:
            keys = _ranks([self._category_label(c).casefold() for c in columns.categories])[columns.category]
        elif isinstance(self._events, LazyEvents):  # titles and places read from the rows: no event is built
            heads = self._events.heads()
            keys = _ranks([(h.title if column == TITLE else self._names_of(h.place_ids)).casefold() for h in heads])
        else:
            keys = _ranks([str(self._text(event, column)).casefold() for event in self._events])
        return np.argsort(-keys if descending else keys, kind="stable")

    def _category_label(self, category_id: str) -> str:
        category = self._data.categories.get(category_id)
        return category.label if category else category_id

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._order) if self._order is not None else len(self._events)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # (a view asks each cell for a dozen roles at every paint: the others are answered before finding the event)
        if role not in _ROLES or not index.isValid() or self._dataset is None:
            return None
        event, column = self.event_at(index.row()), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(event, column)
        if role == SORT_ROLE:
            return self._sort_key(event, column)
        if role == ID_ROLE:
            return event.id
        if role == Qt.ItemDataRole.DecorationRole and column == CATEGORY:
            category = self._dataset.categories.get(event.category)
            return QColor(category.colour) if category else None
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return tooltip(f"{event.title}\n{self._text(event, DATE)}\n{self._places(event)}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SOURCES:
            return Qt.AlignmentFlag.AlignCenter
        return None

    @property
    def _data(self) -> Dataset:
        """The dataset, for the cells of its events: there are events only while there is a dataset."""
        assert self._dataset is not None, "no dataset, so no events"
        return self._dataset

    def _text(self, event: Event, column: int) -> str | int:
        if column == DATE:
            label = event.date_label(self._data.period.tz)
            return f"{label} (background)" if event.context else label
        if column == TITLE:
            return event.title
        if column == PLACES:
            return self._places(event)
        if column == CATEGORY:
            category = self._data.categories.get(event.category)
            return category.label if category else event.category
        return len(event.source_ids)

    def _sort_key(self, event: Event, column: int) -> float | int | str:
        if column == DATE:
            return event.window.start.timestamp()
        if column == SOURCES:
            return len(event.source_ids)
        return str(self._text(event, column)).casefold()

    def _places(self, event: Event) -> str:
        return self._names_of(event.place_ids)

    def _names_of(self, place_ids: tuple[str, ...]) -> str:
        names = self._place_names.get(place_ids)
        if names is None:
            places = self._data.places
            names = ", ".join(places[p].name if p in places else p for p in place_ids)
            self._place_names[place_ids] = names
        return names


def _ranks(texts: list[str]) -> np.ndarray:
    """Each text's rank in sorted order, equal texts sharing one (so that ties keep time order either way)."""
    order = sorted(range(len(texts)), key=texts.__getitem__)
    ordered = np.empty(len(texts), dtype=object)
    ordered[:] = [texts[i] for i in order]
    ranks = np.empty(len(texts), dtype=np.int64)
    if texts:
        ranks[order] = np.concatenate(([0], np.cumsum(ordered[1:] != ordered[:-1])))
    return ranks


class EventTable(QTableView):
    """A table that leaves Left/Right/Home/End to the main window, which steps through events with them."""

    PASSED_ON = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in self.PASSED_ON and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.ignore()  # propagates to the parent widgets
            return
        super().keyPressEvent(event)


class SearchBox(QLineEdit):
    """The search box: Esc clears what is typed (as search fields do), before the window's Esc, which shows all
    places, can take the key; in an empty box Esc is the window's."""

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and self.text()
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            event.accept()  # the key comes to this box as a key press, not to the shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class EventListPanel(QWidget):
    """Search box, "N of M events" count and the event table, kept in step with the Selection.

    What the user does here is announced (`searchEdited`, `eventChosen`); `app/wiring.py` applies it.

    The search follows every keystroke while that is quick. Once a search has kept the window busy for longer than
    SLOW_SEARCH_S (at a million events a first letter takes 0.15-0.5 s), the box waits for a pause in typing (or
    Enter) before searching: the letters show as they are typed, and only the text typed is searched, not each
    of its beginnings."""

    searchEdited = Signal(str)  # the search box's text as typed, once it is to be searched
    eventChosen = Signal(str)  # the id of the event whose row the user picked
    eventMenuRequested = Signal(str, QPoint)  # right-click on a row: its event's id, global position

    def __init__(self, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self._selection = selection
        self._updating = False
        self.model = EventTableModel(selection.dataset, self)
        self._refiltering = False  # True while rows vanish because of a filter, not because of the user
        self.search = SearchBox(self)
        self.count_label = plain_label(parent=self)
        self.table = EventTable(self)
        self._search_slow = False  # the last search took longer than SLOW_SEARCH_S: wait for a pause in typing
        self._search_pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._build()
        self._connect_signals()
        self._update_count()

    def _build(self) -> None:
        self.search.setPlaceholderText("Search events…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search events")
        self.count_label.setAccessibleName("Events shown")
        table = self.table
        table.setModel(self.model)
        table.setAccessibleName("Event list")
        table.horizontalHeader().setSortIndicator(DATE, Qt.SortOrder.AscendingOrder)  # the model's own order:
        table.setSortingEnabled(True)  # enabling sorting then sorts nothing
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)  # Tab leaves the table for the next panel; arrows move between rows
        table.setWordWrap(False)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row size hints
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        longest_date = self.fontMetrics().horizontalAdvance("by 6 Jan 2022, 08:05 (UTC+6)")
        for column, width in ((DATE, longest_date + 16), (PLACES, 140), (CATEGORY, 120), (SOURCES, 64)):
            header.resizeSection(column, width)
        self.count_label.setIndent(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table)

    def _connect_signals(self) -> None:
        # the panel's own widgets; what they mean for the selection is wired in app/wiring.py
        self.search.textChanged.connect(self._search_typed)
        self.search.returnPressed.connect(self._search_now)
        self._search_pause.timeout.connect(self._search_now)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.model.layoutChanged.connect(lambda: self.table.scrollTo(self.table.currentIndex()))  # after a sort
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu_requested)

    def _search_typed(self, text: str) -> None:
        """Search now, or once typing pauses when searching is slow (clearing the box is never put off)."""
        if self._search_slow and text:
            self._search_pause.start()  # restarted by each keystroke
        else:
            self._search_now()

    def _search_now(self) -> None:
        """Announce the box's text (every view follows before this returns) and remember whether that was slow."""
        self._search_pause.stop()
        started = time.perf_counter()
        self.searchEdited.emit(self.search.text())
        self._search_slow = time.perf_counter() - started > SLOW_SEARCH_S

    @property
    def search_pending(self) -> bool:
        """Whether typed text waits for a pause in typing before it is searched."""
        return self._search_pause.isActive()

    def _menu_requested(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.eventMenuRequested.emit(index.data(ID_ROLE), self.table.viewport().mapToGlobal(pos))

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._updating or self._refiltering or not current.isValid():
            return
        self.eventChosen.emit(current.data(ID_ROLE))

    def show_current(self, event_id: str | None) -> None:
        """Select and reveal the current event's row, or clear the selection if it is none or filtered out."""
        row = self.model.row_of(event_id) if event_id else None
        index = self.model.index(row, TITLE) if row is not None else QModelIndex()
        selection_model = self.table.selectionModel()
        self._updating = True
        try:
            if index.isValid():
                flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
                selection_model.setCurrentIndex(index, flags)
                self.table.scrollTo(index)
            else:
                selection_model.clearSelection()
                selection_model.clearCurrentIndex()
        finally:
            self._updating = False

    def show_dataset(self) -> None:
        self._search_pause.stop()
        self._search_slow = False  # another dataset: the next search measures again
        self.model.set_dataset(self._selection.dataset)
        self.search.setText(self._selection.text_filter)  # the Selection starts afresh without signalling it
        self._after_refilter()

    def show_text_filter(self, text: str) -> None:
        if self.search.text() != text:  # set elsewhere (e.g. cleared by the main window)
            self.search.setText(text)
            self._search_pause.stop()  # already the selection's text: nothing to wait for

    def refilter(self) -> None:
        self._refiltering = True
        try:
            self.model.set_shown(self._selection.passing_mask())
        finally:
            self._refiltering = False
        self._after_refilter()

    def _after_refilter(self) -> None:
        self.show_current(self._selection.current_id)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self._selection.count_text() if self._selection.dataset else "No events")
