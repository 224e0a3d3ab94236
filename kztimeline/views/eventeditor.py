"""The event editor: the current event's fields as the file has them, each change announced as a request the window
turns into an undoable command. Date phrases found around the event's excerpts are offered with what they resolve
to; choosing one fills date, precision, end and `when`.

The editor changes nothing itself: it emits `editRequested(event_id, changes)` and the like, and shows the dataset
again once the window has applied (or refused, with `show_message`) the change. A field commits when the user
leaves it or presses Enter, so nothing typed is lost by clicking elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import (QColorDialog, QComboBox, QCompleter, QFormLayout, QGroupBox, QHBoxLayout,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from ..geo.gazetteer import Gazetteer, default_gazetteer
from ..model.dates import Precision
from ..model.entities import Dataset, Event
from .richtext import plain_label, tooltip

if TYPE_CHECKING:  # the editing model and the date phrases are imported when first used, not at start-up
    from ..model.commands import ConflictSpec
    from ..model.quoting import DateChoice

NO_PRECISION = "(day)"
#: Colours offered to new categories in turn (Tableau 10), before the user picks one.
CATEGORY_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                    "#bcbd22", "#17becf")


def date_choices(dataset: Dataset, event: Event, gazetteer: Gazetteer) -> list[DateChoice]:
    """The date phrases in the sentences of the event's verified excerpts, each once, in the excerpts' order."""
    from ..model.quoting import passage_dates

    tz = next((dataset.places[p].utc_offset for p in event.place_ids
               if p in dataset.places and dataset.places[p].utc_offset), None) or dataset.period.tz
    out: list[DateChoice] = []
    seen: set[tuple[str, int]] = set()
    for excerpt in event.excerpts:
        source = dataset.sources.get(excerpt.source_id)
        if source is None or excerpt.match is None:
            continue
        for choice in passage_dates(source, excerpt.match.start, excerpt.match.end, tz, gazetteer):
            if (source.id, choice.proposal.start) not in seen:
                seen.add((source.id, choice.proposal.start))
                out.append(choice)
    return out


class _Combo(QComboBox):
    """A combo box the mouse wheel does not change unless it has focus: scrolling the editor never edits."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the scroll area scrolls instead


class EventEditor(QWidget):
    editRequested = Signal(str, object)  # event id, {field: value}; or with "when" a WhenSpec
    dateChosen = Signal(str, object)  # event id, DateChoice
    placeRequested = Signal(str, str)  # event id, a place's id or any name (the gazetteer finds it)
    categoryRequested = Signal(str, str, str)  # event id, label of a new category, colour
    excerptRemoveRequested = Signal(str, int)
    conflictsRequested = Signal(str, object)  # event id, [ConflictSpec]
    deleteRequested = Signal(str)

    def __init__(self, gazetteer: Gazetteer | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._gazetteer: Gazetteer | None = gazetteer  # None: the bundled one, loaded when first needed
        self.dataset: Dataset | None = None
        self.current: Event | None = None
        self.fields: dict[str, Any] = {}
        self.choices: list[DateChoice] = []
        self._colour = CATEGORY_COLOURS[0]
        self._build()
        self.show_event(None, None, {})

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    # --- building --------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        inner = QWidget(self)
        self.hint = plain_label("Select an event to edit it, or select a passage in a source (Sources → Browse "
                                "Sources…) and choose New Event from Selection.", inner)
        self.hint.setWordWrap(True)
        self.id_label = plain_label("", inner)
        self.id_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title = QLineEdit(inner)
        self.title.setAccessibleName("Title")
        self.date = QLineEdit(inner)
        self.date.setAccessibleName("Date")
        self.date.setPlaceholderText("2022-01-05 or 2022-01-05T14:30+06:00")
        self.precision = _Combo(inner)
        self.precision.setAccessibleName("Precision")
        self.precision.addItems([NO_PRECISION, *(p.value for p in Precision if p is not Precision.DAY)])
        self.end = QLineEdit(inner)
        self.end.setAccessibleName("End")
        self.end.setPlaceholderText("empty: no end")
        self.not_before = QLineEdit(inner)
        self.not_before.setAccessibleName("Not before")
        self.not_before.setPlaceholderText("for 'by' dates: the earliest it can be")
        self.when = plain_label("", inner)
        self.when.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("", self.id_label)
        form.addRow("Date", self.date)
        form.addRow("Precision", self.precision)
        form.addRow("End", self.end)
        form.addRow("Not before", self.not_before)
        form.addRow("Dated by", self.when)
        for key, edit in (("title", self.title), ("date", self.date), ("end", self.end),
                          ("not_before", self.not_before)):
            edit.editingFinished.connect(lambda k=key, e=edit: self._commit(k, e.text()))
        self.precision.activated.connect(lambda _i: self._commit("precision", self.precision.currentText()))

        self.proposals = QListWidget(inner)
        self.proposals.setAccessibleName("Date phrases")
        self.proposals.setWordWrap(True)
        self.proposals.setMaximumHeight(110)
        self.use_date = QPushButton("Use This Date", inner)
        self.use_date.clicked.connect(self._use_date)
        self.proposals.itemActivated.connect(lambda _item: self._use_date())
        dates = QGroupBox("Date phrases in the excerpts", inner)
        box = QVBoxLayout(dates)
        box.addWidget(self.proposals)
        box.addWidget(self.use_date)

        self.places = QListWidget(inner)
        self.places.setAccessibleName("Places")
        self.places.setMaximumHeight(90)
        self.place_name = QLineEdit(inner)
        self.place_name.setAccessibleName("Add place")
        self.place_name.setPlaceholderText("a place of the dataset, or any name the gazetteer knows")
        self.place_name.returnPressed.connect(self._add_place)
        add_place = QPushButton("Add", inner)
        add_place.clicked.connect(self._add_place)
        self.remove_place = QPushButton("Remove", inner)
        self.remove_place.clicked.connect(self._remove_place)
        row = QHBoxLayout()
        row.addWidget(self.place_name, 1)
        row.addWidget(add_place)
        row.addWidget(self.remove_place)
        places = QGroupBox("Places", inner)
        box = QVBoxLayout(places)
        box.addWidget(self.places)
        box.addLayout(row)

        self.category = _Combo(inner)
        self.category.setAccessibleName("Category")
        self.category.activated.connect(self._category_chosen)
        self.new_category = QLineEdit(inner)
        self.new_category.setAccessibleName("New category")
        self.new_category.setPlaceholderText("new category")
        self.new_category.returnPressed.connect(self._add_category)
        self.colour = QPushButton("Colour…", inner)
        self.colour.clicked.connect(self._choose_colour)
        add_category = QPushButton("Create", inner)
        add_category.clicked.connect(self._add_category)
        row = QHBoxLayout()
        row.addWidget(self.new_category, 1)
        row.addWidget(self.colour)
        row.addWidget(add_category)
        categories = QGroupBox("Category", inner)
        box = QVBoxLayout(categories)
        box.addWidget(self.category)
        box.addLayout(row)
        self._show_colour()

        self.excerpts = QListWidget(inner)
        self.excerpts.setAccessibleName("Excerpts")
        self.excerpts.setWordWrap(True)
        self.excerpts.setMaximumHeight(120)
        self.remove_excerpt = QPushButton("Remove Excerpt", inner)
        self.remove_excerpt.clicked.connect(self._remove_excerpt)
        excerpts = QGroupBox("Excerpts", inner)
        box = QVBoxLayout(excerpts)
        box.addWidget(self.excerpts)
        box.addWidget(self.remove_excerpt)

        self.conflicts = QListWidget(inner)
        self.conflicts.setAccessibleName("Disagreements")
        self.conflicts.setMaximumHeight(70)
        self.topic = QLineEdit(inner)
        self.topic.setPlaceholderText("what the sources disagree about")
        self.note = QLineEdit(inner)
        self.note.setPlaceholderText("note")
        self.conflict_sources = QListWidget(inner)
        self.conflict_sources.setMaximumHeight(70)
        add_conflict = QPushButton("Record Disagreement", inner)
        add_conflict.clicked.connect(self._add_conflict)
        remove_conflict = QPushButton("Remove", inner)
        remove_conflict.clicked.connect(self._remove_conflict)
        conflicts = QGroupBox("Sources disagree", inner)
        box = QVBoxLayout(conflicts)
        box.addWidget(self.conflicts)
        box.addWidget(self.topic)
        box.addWidget(self.note)
        box.addWidget(plain_label("Sources that disagree (tick two or more):", inner))
        box.addWidget(self.conflict_sources)
        row = QHBoxLayout()
        row.addWidget(add_conflict)
        row.addWidget(remove_conflict)
        box.addLayout(row)

        self.delete = QPushButton("Delete Event", inner)
        self.delete.clicked.connect(self._delete)
        self.message = plain_label("", inner)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")

        layout = QVBoxLayout(inner)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        for group in (dates, places, categories, excerpts, conflicts):
            layout.addWidget(group)
        layout.addWidget(self.delete)
        layout.addStretch(1)
        self.groups = (dates, places, categories, excerpts, conflicts)
        self.form_widgets = (self.title, self.date, self.precision, self.end, self.not_before, self.delete)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- showing ---------------------------------------------------------------------------------------------------
    def show_event(self, dataset: Dataset | None, event: Event | None, fields: dict[str, Any]) -> None:
        """Show `event` of `dataset` with its `fields` as the file has them (None: nothing to edit)."""
        self.dataset, self.current, self.fields = dataset, event, fields
        enabled = event is not None and dataset is not None and bool(fields)
        for widget in (*self.groups, *self.form_widgets):
            widget.setEnabled(enabled)
        self.hint.setVisible(not enabled)
        self.message.clear()
        if not enabled or event is None or dataset is None:
            for edit in (self.title, self.date, self.end, self.not_before):
                edit.clear()
            for listing in (self.proposals, self.places, self.excerpts, self.conflicts, self.conflict_sources):
                listing.clear()
            self.id_label.clear()
            self.when.clear()
            return
        self.title.setText(str(fields.get("title", "")))
        self.id_label.setText(f"id: {event.id}")
        self.date.setText(str(fields.get("date", "")))
        self.precision.setCurrentText(str(fields.get("precision") or NO_PRECISION))
        self.end.setText(str(fields.get("end") or ""))
        self.not_before.setText(str(fields.get("not_before") or ""))
        when = event.when
        if when.phrase and when.explanation:  # the explanation begins with the phrase
            self.when.setText(when.explanation)
        elif when.phrase:
            self.when.setText(f"‘{when.phrase}’ (not resolved: see Problems)")
        else:
            self.when.setText(when.explanation or "set by hand (no phrase)")
        self.choices = date_choices(dataset, event, self.gazetteer)
        self.proposals.clear()
        for choice in self.choices:
            item = QListWidgetItem(f"‘{choice.phrase}’ → {choice.date:%a %d %b %Y}"
                                   + (f" – {choice.end:%a %d %b}" if choice.end else "")
                                   + (f", {choice.precision}" if choice.precision != "day" else ""))
            item.setToolTip(tooltip(choice.proposal.resolution.explanation))
            if when.phrase and when.phrase == choice.phrase:
                item.setText(item.text() + "  ✓")
            self.proposals.addItem(item)
        if not self.choices:
            self.proposals.addItem("No date phrase in the excerpts' sentences; type the date above.")
        self.places.clear()
        for place_id in event.place_ids:
            place = dataset.places.get(place_id)
            item = QListWidgetItem(place.name if place else place_id)
            item.setData(Qt.ItemDataRole.UserRole, place_id)
            self.places.addItem(item)
        names = [p.name for p in dataset.places.values()]
        completer = QCompleter(names, self.place_name)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)  # no popup taking the keyboard
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.place_name.setCompleter(completer)
        self.category.clear()
        self.category.addItem("(none)", "")
        for category in dataset.categories.values():
            self.category.addItem(category.label, category.id)
            self.category.setItemData(self.category.count() - 1, QColor(category.colour),
                                      Qt.ItemDataRole.DecorationRole)
        index = self.category.findData(event.category)
        if index < 0 and event.category:
            self.category.addItem(event.category, event.category)
            index = self.category.count() - 1
        self.category.setCurrentIndex(max(index, 0))
        self.excerpts.clear()
        for excerpt in event.excerpts:
            source = dataset.sources.get(excerpt.source_id)
            mark = "" if excerpt.match is not None else "  (not verified)"
            item = QListWidgetItem(f"“{excerpt.quote}” — {source.outlet if source else excerpt.source_id}{mark}")
            self.excerpts.addItem(item)
        self.conflicts.clear()
        for conflict in event.conflicts:
            self.conflicts.addItem(f"{conflict.topic}: {', '.join(conflict.source_ids)}")
        self.conflict_sources.clear()
        for source_id in event.source_ids or tuple(dataset.sources):
            source = dataset.sources.get(source_id)
            item = QListWidgetItem(source.outlet if source else source_id)
            item.setData(Qt.ItemDataRole.UserRole, source_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.conflict_sources.addItem(item)

    def focus_field(self, event_id: str, field: str) -> None:
        """Put the cursor in the field a problem names (`date`, `excerpts[0].quote`, `when.phrase` …)."""
        if self.current is None or self.current.id != event_id:
            return
        key = field.split(".")[0].split("[")[0]
        widget = {"title": self.title, "date": self.date, "precision": self.precision, "end": self.end,
                  "not_before": self.not_before, "when": self.proposals, "places": self.place_name,
                  "category": self.category, "excerpts": self.excerpts, "conflicts": self.conflicts}.get(key)
        if widget is not None:
            widget.setFocus()
            if key == "excerpts" and "[" in field:
                index = field.split("[")[1].split("]")[0]
                if index.isdigit():
                    self.excerpts.setCurrentRow(int(index))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    # --- requests --------------------------------------------------------------------------------------------------
    def _commit(self, key: str, text: str) -> None:
        if self.current is None:
            return
        text = text.strip()
        if key == "precision":
            value: Any = None if text == NO_PRECISION else text
            old = self.fields.get("precision")
        else:
            value = text or None
            old = self.fields.get(key)
        if (value or None) == (str(old) if old is not None else None):
            return
        self.editRequested.emit(self.current.id, {key: value})

    def _use_date(self) -> None:
        row = self.proposals.currentRow()
        if self.current is not None and 0 <= row < len(self.choices):
            self.dateChosen.emit(self.current.id, self.choices[row])

    def _add_place(self) -> None:
        name = self.place_name.text().strip()
        if self.current is not None and name:
            self.placeRequested.emit(self.current.id, name)

    def _remove_place(self) -> None:
        item = self.places.currentItem()
        if self.current is None or item is None:
            return
        remaining = [p for p in self.current.place_ids if p != item.data(Qt.ItemDataRole.UserRole)]
        if not remaining:
            self.show_message("An event needs at least one place: add the right one before removing this one.")
            return
        self.editRequested.emit(self.current.id, {"places": remaining})

    def _category_chosen(self, index: int) -> None:
        if self.current is None:
            return
        value = self.category.itemData(index) or None
        if value != (self.fields.get("category") or None):
            self.editRequested.emit(self.current.id, {"category": value})

    def _choose_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self._colour), self, "Colour of the new category")
        if colour.isValid():
            self._colour = colour.name()
            self._show_colour()

    def _show_colour(self) -> None:
        self.colour.setStyleSheet(f"QPushButton {{ border-left: 14px solid {self._colour}; padding-left: 4px }}")
        self.colour.setToolTip(tooltip(f"Colour of the new category: {self._colour}"))

    def next_colour(self) -> str:
        used = {c.colour.lower() for c in self.dataset.categories.values()} if self.dataset else set()
        return next((c for c in CATEGORY_COLOURS if c not in used), CATEGORY_COLOURS[0])

    def _add_category(self) -> None:
        label = self.new_category.text().strip()
        if self.current is not None and label:
            self.categoryRequested.emit(self.current.id, label, self._colour)

    def category_added(self) -> None:
        """The new category was made: clear its name and offer the next unused colour."""
        self.new_category.clear()
        self._colour = self.next_colour()
        self._show_colour()

    def _delete(self) -> None:
        if self.current is not None:
            self.deleteRequested.emit(self.current.id)

    def _remove_excerpt(self) -> None:
        row = self.excerpts.currentRow()
        if self.current is not None and row >= 0:
            self.excerptRemoveRequested.emit(self.current.id, row)

    def _specs(self) -> list[ConflictSpec]:
        from ..model.commands import ConflictSpec

        assert self.current is not None
        return [ConflictSpec(c.topic, c.source_ids, c.note) for c in self.current.conflicts]

    def _add_conflict(self) -> None:
        if self.current is None:
            return
        ticked = tuple(self.conflict_sources.item(i).data(Qt.ItemDataRole.UserRole)
                       for i in range(self.conflict_sources.count())
                       if self.conflict_sources.item(i).checkState() == Qt.CheckState.Checked)
        if not self.topic.text().strip() or len(ticked) < 2:
            self.show_message("A disagreement needs a topic and two or more sources ticked.")
            return
        from ..model.commands import ConflictSpec

        self.conflictsRequested.emit(self.current.id, [*self._specs(),
                                                     ConflictSpec(self.topic.text().strip(), ticked,
                                                                  self.note.text().strip())])
        self.topic.clear()
        self.note.clear()

    def _remove_conflict(self) -> None:
        row = self.conflicts.currentRow()
        if self.current is not None and row >= 0:
            specs = self._specs()
            del specs[row]
            self.conflictsRequested.emit(self.current.id, specs)
