"""The one piece of shared view state: the dataset shown, the current event, the place and text filters, and the
visible time range. Every view listens to it; no view talks to another.

The place filter is a set of places (empty: all places); an event passes when it is at any of them, and the text
filter narrows that further.

Plain Python: its signals are psygnal's, which have Qt's connect/emit shape without Qt, so the filter logic is
tested without a QApplication and a Qt slot can still be connected to them directly.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from psygnal import Signal

from .columns import columns_of
from .entities import Dataset, Event


class Selection:
    datasetChanged = Signal()  # a new dataset replaced the old one (everything else is reset)
    currentChanged = Signal(object)  # event id, or None
    placeFilterChanged = Signal(object)  # frozenset of place ids; empty for all places
    textFilterChanged = Signal(str)
    filterChanged = Signal()  # either filter changed: the filtered events are different
    timeRangeChanged = Signal(float, float)  # visible range on the timeline, epoch seconds

    def __init__(self, dataset: Dataset | None = None):
        self._dataset = dataset
        self._current: str | None = None
        self._places: frozenset[str] = frozenset()
        self._text = ""
        self._range: tuple[float, float] | None = None
        self._filtered: list[Event] | None = None
        self._passing: np.ndarray | None = None  # per dataset event, computed once per filter change
        self._filtered_at: np.ndarray | None = None  # dataset positions of the filtered events, in order
        self._in_period: np.ndarray | None = None  # dataset positions of the events inside the period
        self._hidden: Event | None = None  # the current event a filter hid (and so cleared), until another is chosen
        self._counted: tuple[np.ndarray, int, dict[str, int]] | None = None  # the last search's place counts

    # --- dataset --------------------------------------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    def set_dataset(self, dataset: Dataset) -> None:
        """Show another dataset; the selection and filters start afresh (ids may mean other things now)."""
        self._dataset = dataset
        self._current, self._places, self._text, self._range = None, frozenset(), "", None
        self._hidden = None
        self._in_period = self._counted = None
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
    def place_filter(self) -> frozenset[str]:
        """The places filtered to: an event passes when it is at any of them. Empty: all places."""
        return self._places

    def set_place_filter(self, place_ids: Iterable[str]) -> None:
        """Filter to these places (none: all places)."""
        if isinstance(place_ids, str):  # a str is an iterable of letters: say so rather than filter to them
            raise TypeError(f"set_place_filter takes a collection of place ids, not the str {place_ids!r}")
        places = frozenset(place_ids)
        if places == self._places:
            return
        self._places = places
        self._filters_changed()
        self.placeFilterChanged.emit(places)
        self.filterChanged.emit()
        self._keep_current_in_filter()

    def filter_to_place(self, place_id: str | None) -> None:
        """Only this place (None: all places), as "Filter to Almaty" or picking a row of the places list does."""
        self.set_place_filter(() if place_id is None else (place_id,))

    def clear_place_filter(self) -> None:
        """All places again (Escape, "All places")."""
        self.set_place_filter(())

    def toggle_place_filter(self, place_id: str | None, extend: bool = False) -> None:
        """What a click on a place does, as in a file manager's list. A plain click filters to this place only, or
        clears the filter when it is the only place filtered; a Ctrl-click (⌘-click on macOS), `extend`, adds the
        place to the filter or takes it out. None ("All places") clears the filter either way."""
        if place_id is None:
            self.clear_place_filter()
        elif extend:
            self.set_place_filter(self._places ^ {place_id})
        else:
            self.set_place_filter(() if self._places == {place_id} else (place_id,))

    def place_filter_ids(self) -> list[str]:
        """The filtered places in the dataset's order of places (the order every view and the command line use)."""
        if self._dataset is None:
            return sorted(self._places)
        known = [p for p in self._dataset.places if p in self._places]
        return known + sorted(self._places.difference(known))

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
        if not (self._places or self._text) or dataset is None:
            return None
        if self._passing is None:
            columns = columns_of(dataset)  # arrays worked out once per dataset: no event is visited here
            passing = np.ones(len(columns), dtype=bool)
            if self._places:
                passing &= columns.at_places(self._places)  # at any of the places
            searched = self.searched_mask()
            if searched is not None:
                passing &= searched
            self._passing = passing
        return self._passing

    def searched_mask(self) -> np.ndarray | None:
        """For each of the dataset's events, whether it passes the text filter alone; None without one."""
        if not self._text or self._dataset is None:
            return None
        return columns_of(self._dataset).search(self._dataset, self._text)  # the search remembers its answer

    def place_counts(self, searched: bool = True) -> tuple[int, dict[str, int]]:
        """Events (background ones too) passing the text filter, in all and at each of the dataset's places: every
        event without a search, or with `searched` False. The place filter is left out, so that a place's number
        says what filtering to it would show (as a shop counts its facets). One count over the columns, however
        many events."""
        dataset = self._dataset
        if dataset is None:
            return 0, {}
        columns, mask = columns_of(dataset), self.searched_mask() if searched else None
        counted = self._counted
        if mask is not None and counted is not None and np.array_equal(counted[0], mask):
            return counted[1], dict(counted[2])  # typing on found the same events ("prot" after "pro")
        counts = dict(zip(columns.places, columns.place_counts(mask).tolist(), strict=True))
        total = len(columns) if mask is None else int(np.count_nonzero(mask))
        at = {place_id: counts.get(place_id, 0) for place_id in dataset.places}
        if mask is not None:
            self._counted = (mask, total, at)
        return total, dict(at)

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
                self._filtered_at = (self._period_positions(dataset) if passing is None
                                     else columns_of(dataset).in_period(passing))
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
        """The filters in words, for the status bar: "Almaty, Zhanaozen (2 places), search: “army”"."""
        parts = []
        if self._places and self._dataset:
            parts.append(self.describe_places())
        if self._text:
            parts.append(f"search: “{self._text}”")
        return ", ".join(parts)

    def describe_places(self, most: int | None = 3) -> str:
        """The filtered places by name, in the dataset's order: "place: Almaty", "Almaty, Zhanaozen (2 places)",
        past `most` names (None: no limit) "Almaty, Aktau, Zhanaozen and 4 more (7 places)"; empty when all places
        are shown."""
        places = self._dataset.places if self._dataset else {}
        names = [places[p].name if p in places else p for p in self.place_filter_ids()]
        if len(names) <= 1:
            return f"place: {names[0]}" if names else ""
        most = len(names) if most is None else most
        shown = ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")
        return f"{shown} ({len(names)} places)"

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
        shown_in_period = len(self.filtered_positions())  # worked out once per filter change, as arrays
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
