"""The one piece of shared view state: the dataset shown, the current event, the place and text filters, and the
visible time range. Every view listens to it; no view talks to another.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..model.entities import Dataset, Event


class Selection(QObject):
    datasetChanged = Signal()  # a new dataset replaced the old one (everything else is reset)
    currentChanged = Signal(object)  # event id, or None
    placeFilterChanged = Signal(object)  # place id, or None for all places
    textFilterChanged = Signal(str)
    filterChanged = Signal()  # either filter changed: the filtered events are different
    timeRangeChanged = Signal(float, float)  # visible range on the timeline, epoch seconds

    def __init__(self, dataset: Dataset | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._dataset = dataset
        self._current: str | None = None
        self._place: str | None = None
        self._text = ""
        self._range: tuple[float, float] | None = None
        self._filtered: list[Event] | None = None
        self._positions: dict[str, int] | None = None  # index into _filtered, built with it on demand
        self._search_cache: dict[str, str] = {}

    # --- dataset --------------------------------------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    def set_dataset(self, dataset: Dataset) -> None:
        """Show another dataset; the selection and filters start afresh (ids may mean other things now)."""
        self._dataset = dataset
        self._current, self._place, self._text, self._range, self._filtered = None, None, "", None, None
        self._search_cache = {}
        self.datasetChanged.emit()

    # --- current event --------------------------------------------------------------------------------------------
    @property
    def current_id(self) -> str | None:
        return self._current

    @property
    def current(self) -> Event | None:
        return self._dataset.event(self._current) if self._dataset and self._current else None

    def set_current(self, event_id: str | None) -> None:
        if event_id == self._current:
            return
        self._current = event_id
        self.currentChanged.emit(event_id)

    # --- filters --------------------------------------------------------------------------------------------------
    @property
    def place_filter(self) -> str | None:
        return self._place

    def set_place_filter(self, place_id: str | None) -> None:
        if place_id == self._place:
            return
        self._place, self._filtered = place_id, None
        self.placeFilterChanged.emit(place_id)
        self.filterChanged.emit()
        self._keep_current_in_filter()

    def toggle_place_filter(self, place_id: str | None) -> None:
        """Clicking a place filters to it; clicking it again clears the filter."""
        self.set_place_filter(None if place_id == self._place else place_id)

    @property
    def text_filter(self) -> str:
        return self._text

    def set_text_filter(self, text: str) -> None:
        if text == self._text:
            return
        self._text, self._filtered = text, None
        self.textFilterChanged.emit(text)
        self.filterChanged.emit()

    def matches(self, event: Event) -> bool:
        """True when the event passes the place and text filters."""
        if self._place and self._place not in event.place_ids:
            return False
        if self._text:
            return self._text.casefold() in self._search_text(event)
        return True

    def _search_text(self, event: Event) -> str:
        """What the search box looks in: title, id, category, place names and the quoted excerpts."""
        text = self._search_cache.get(event.id)
        if text is None:
            places = " ".join(self._dataset.places[p].name for p in event.place_ids)
            quotes = " ".join(x.quote for x in event.excerpts)
            text = f"{event.title} {event.id} {event.category} {places} {quotes}".casefold()
            self._search_cache[event.id] = text
        return text

    def filtered_events(self) -> list[Event]:
        """The events to click through, in time order: inside the period and passing the filters."""
        if self._filtered is None:
            events = self._dataset.timeline_events if self._dataset else []
            self._filtered, self._positions = [e for e in events if self.matches(e)], None
        return self._filtered

    def describe_filter(self) -> str:
        parts = []
        if self._place and self._dataset:
            parts.append(f"place: {self._dataset.places[self._place].name}")
        if self._text:
            parts.append(f"search: “{self._text}”")
        return ", ".join(parts)

    def _keep_current_in_filter(self) -> None:
        current = self.current
        if current is not None and not self.matches(current):
            self.set_current(None)

    # --- clicking through -----------------------------------------------------------------------------------------
    def position(self) -> int | None:
        """0-based index of the current event among the filtered events, or None."""
        events = self.filtered_events()  # refreshes the filter, and with it drops stale positions
        if self._positions is None:
            self._positions = {e.id: i for i, e in enumerate(events)}
        return self._positions.get(self._current) if self._current else None

    def step(self, delta: int) -> None:
        """Select the next (delta > 0) or previous event in time within the filter."""
        events = self.filtered_events()
        if not events:
            return
        index = self.position()
        if index is None:
            index = 0 if delta > 0 else len(events) - 1
        else:
            index = max(0, min(len(events) - 1, index + delta))
        self.set_current(events[index].id)

    def first(self) -> None:
        if self.filtered_events():
            self.set_current(self.filtered_events()[0].id)

    def last(self) -> None:
        if self.filtered_events():
            self.set_current(self.filtered_events()[-1].id)

    # --- visible time range ---------------------------------------------------------------------------------------
    @property
    def time_range(self) -> tuple[float, float] | None:
        return self._range

    def set_time_range(self, start: float, end: float) -> None:
        if self._range == (start, end):
            return
        self._range = (start, end)
        self.timeRangeChanged.emit(start, end)
