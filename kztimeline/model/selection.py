"""The one piece of shared view state: the dataset shown, the current event, the place and text filters, and the
visible time range. Every view listens to it; no view talks to another.

Plain Python: its signals are psygnal's, which have Qt's connect/emit shape without Qt, so the filter logic is
tested without a QApplication and a Qt slot can still be connected to them directly.
"""

from __future__ import annotations

import numpy as np
from psygnal import Signal

from .columns import columns_of
from .entities import Dataset, Event


class Selection:
    datasetChanged = Signal()  # a new dataset replaced the old one (everything else is reset)
    currentChanged = Signal(object)  # event id, or None
    placeFilterChanged = Signal(object)  # place id, or None for all places
    textFilterChanged = Signal(str)
    filterChanged = Signal()  # either filter changed: the filtered events are different
    timeRangeChanged = Signal(float, float)  # visible range on the timeline, epoch seconds

    def __init__(self, dataset: Dataset | None = None):
        self._dataset = dataset
        self._current: str | None = None
        self._place: str | None = None
        self._text = ""
        self._range: tuple[float, float] | None = None
        self._filtered: list[Event] | None = None
        self._passing: np.ndarray | None = None  # per dataset event, computed once per filter change
        self._filtered_at: np.ndarray | None = None  # dataset positions of the filtered events, in order
        self._in_period: np.ndarray | None = None  # dataset positions of the events inside the period
        self._hidden: Event | None = None  # the current event a filter hid (and so cleared), until another is chosen

    # --- dataset --------------------------------------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    def set_dataset(self, dataset: Dataset) -> None:
        """Show another dataset; the selection and filters start afresh (ids may mean other things now)."""
        self._dataset = dataset
        self._current, self._place, self._text, self._range = None, None, "", None
        self._hidden = None
        self._in_period = None
        self._filters_changed()
        self.datasetChanged.emit()

    # --- current event --------------------------------------------------------------------------------------------
    @property
    def current_id(self) -> str | None:
        return self._current

    @property
    def current(self) -> Event | None:
        return self._dataset.event(self._current) if self._dataset and self._current else None

    @property
    def hidden_by_filter(self) -> Event | None:
        """The event that was current until a filter hid it (the views say why nothing is selected)."""
        return self._hidden

    def set_current(self, event_id: str | None) -> None:
        if event_id == self._current:
            return
        self._hidden = None
        self._current = event_id
        self.currentChanged.emit(event_id)

    # --- filters --------------------------------------------------------------------------------------------------
    @property
    def place_filter(self) -> str | None:
        return self._place

    def set_place_filter(self, place_id: str | None) -> None:
        if place_id == self._place:
            return
        self._place = place_id
        self._filters_changed()
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
        self._text = text
        self._filters_changed()
        self.textFilterChanged.emit(text)
        self.filterChanged.emit()
        self._keep_current_in_filter()

    def _filters_changed(self) -> None:
        self._filtered = self._passing = self._filtered_at = None

    def matches(self, event: Event) -> bool:
        """True when the event passes the place and text filters."""
        passing = self.passing_mask()
        return passing is None or self._dataset is None or bool(
            passing[self._positions_in_dataset(self._dataset)[event.id]])

    def passing_mask(self) -> np.ndarray | None:
        """For each of the dataset's events (background ones too, in order), whether it passes the filters; None
        when no filter is set.

        Worked out once per filter change, in one pass, and shared by every view: at 100k events, asking each
        event in turn from each view took a second per keystroke in the search box."""
        dataset = self._dataset
        if not (self._place or self._text) or dataset is None:
            return None
        if self._passing is None:
            columns = columns_of(dataset)  # arrays worked out once per dataset: no event is visited here
            passing = np.ones(len(columns), dtype=bool)
            if self._place:
                passing &= columns.at_places(self._place)
            if self._text:
                passing &= columns.search(dataset, self._text)
            self._passing = passing
        return self._passing

    def _positions_in_dataset(self, dataset: Dataset) -> dict[str, int]:
        return columns_of(dataset).positions()

    def _period_positions(self, dataset: Dataset) -> np.ndarray:
        if self._in_period is None:
            self._in_period = columns_of(dataset).in_period()
        return self._in_period

    def filtered_positions(self) -> np.ndarray:
        """Where each of `filtered_events` stands in the dataset's events (ascending: the events' time order)."""
        if self._filtered_at is None:
            passing, dataset = self.passing_mask(), self._dataset
            if dataset is None:
                self._filtered_at = np.zeros(0, dtype=np.int64)
            else:
                in_period = self._period_positions(dataset)
                self._filtered_at = in_period if passing is None else in_period[passing[in_period]]
        return self._filtered_at

    def filtered_count(self) -> int:
        """How many events `filtered_events` holds (without making the list)."""
        return len(self.filtered_positions())

    def filtered_events(self) -> list[Event]:
        """The events to click through, in time order: inside the period and passing the filters."""
        if self._filtered is None:
            dataset = self._dataset
            events = dataset.events if dataset is not None else ()
            self._filtered = [events[i] for i in self.filtered_positions().tolist()]
        return self._filtered

    def describe_filter(self) -> str:
        parts = []
        if self._place and self._dataset:
            parts.append(f"place: {self._dataset.places[self._place].name}")
        if self._text:
            parts.append(f"search: “{self._text}”")
        return ", ".join(parts)

    def _keep_current_in_filter(self) -> None:
        """One rule for every filter: when it hides the current event, nothing is current any more."""
        current = self.current
        if current is not None and not self.matches(current):
            self._current, self._hidden = None, current  # set before the signal: views say why it went
            self.currentChanged.emit(None)

    # --- counts, in one wording for every view ---------------------------------------------------------------------
    def period_label(self) -> str:
        """The period in words: "January 2022", or "1 Dec 2021 – 31 Jan 2022"."""
        if self._dataset is None:
            return ""
        start, end = self._dataset.period.start, self._dataset.period.end
        if (start.year, start.month) == (end.year, end.month) and start.day == 1:
            return f"{start:%B %Y}"
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"

    def counts(self) -> tuple[int, int, int, int]:
        """(events in the period shown by the filters, of all in the period, background shown, of all background)."""
        dataset = self._dataset
        if dataset is None:
            return 0, 0, 0, 0
        in_period = len(self._period_positions(dataset))
        background = len(dataset.events) - in_period
        passing = self.passing_mask()
        if passing is None:
            return in_period, in_period, background, background
        shown_in_period = int(np.count_nonzero(passing[self._period_positions(dataset)]))  # arrays, not events
        return shown_in_period, in_period, int(np.count_nonzero(passing)) - shown_in_period, background

    def count_text(self) -> str:
        """The counts as every view words them: "20 events: 17 in January 2022, 3 background", and with a filter
        "5 of 20 events shown: 4 of 17 in January 2022, 1 of 3 background"."""
        shown, in_period, shown_bg, background = self.counts()
        total = in_period + background
        period = self.period_label()
        if self.passing_mask() is None:
            return f"{total:,} event{'s' * (total != 1)}: {in_period:,} in {period}, {background:,} background"
        return (f"{shown + shown_bg:,} of {total:,} events shown: {shown:,} of {in_period:,} in {period}, "
                f"{shown_bg:,} of {background:,} background")

    # --- clicking through -----------------------------------------------------------------------------------------
    def position(self) -> int | None:
        """0-based index of the current event among the filtered events, or None."""
        at, dataset = self.filtered_positions(), self._dataset
        if self._current is None or dataset is None:
            return None
        where = self._positions_in_dataset(dataset).get(self._current)
        if where is None:
            return None
        index = int(np.searchsorted(at, where))
        return index if index < len(at) and at[index] == where else None

    def step(self, delta: int) -> None:
        """Select the next (delta > 0) or previous event in time within the filter."""
        at, dataset = self.filtered_positions(), self._dataset
        if not len(at) or dataset is None:
            return
        index = self.position()
        if index is None:
            index = 0 if delta > 0 else len(at) - 1
        else:
            index = max(0, min(len(at) - 1, index + delta))
        self.set_current(dataset.events[int(at[index])].id)

    def first(self) -> None:
        at = self.filtered_positions()
        if len(at) and self._dataset is not None:
            self.set_current(self._dataset.events[int(at[0])].id)

    def last(self) -> None:
        at = self.filtered_positions()
        if len(at) and self._dataset is not None:
            self.set_current(self._dataset.events[int(at[-1])].id)

    # --- visible time range ---------------------------------------------------------------------------------------
    @property
    def time_range(self) -> tuple[float, float] | None:
        return self._range

    def set_time_range(self, start: float, end: float) -> None:
        if self._range == (start, end):
            return
        self._range = (start, end)
        self.timeRangeChanged.emit(start, end)
