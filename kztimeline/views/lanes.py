"""Where each event goes on the timeline: lanes per place, rows within a lane, as flat numpy arrays.

Computed once per dataset (no Qt here) from the dataset's columns (`model/columns.py`), so painting, picking and
labelling work on arrays and never loop over events in Python. An event at several places is laid out once per
lane. Within a lane, overlapping windows are packed into rows (at most MAX_ROWS; beyond that, rows are shared) so
that bars and their titles do not pile up. Entries are kept sorted by row, then start: any subset a filter picks is
then in the order the drawing items want, with no sorting per keystroke.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import overload

import numpy as np

from ..model.columns import columns_of
from ..model.entities import Dataset, Event
from ..model.gcpause import paused_gc
from ..model.lazyevents import RowEvents

MAX_ROWS = 12
LANE_GAP = 0.6  # in row units, between lanes
MIN_PACK_SECONDS = 3 * 3600.0  # an instant occupies this much of its row when packing, leaving room for a label
#: When packing, an event also keeps its row for its title: this much time per character, about what a character
#: takes at the first view of a month of events (a title then fits before the next bar of its row).
TITLE_PACK_SECONDS = 15000.0


@dataclass(frozen=True)
class Lane:
    place_id: str
    name: str
    top: float  # y of the lane's first row edge (y grows downwards on the timeline)
    rows: int

    @property
    def centre(self) -> float:
        return self.top + self.rows / 2

    @property
    def bottom(self) -> float:
        return self.top + self.rows


@dataclass
class LaneLayout:
    """One entry per (event, lane), sorted by row then start. Arrays are aligned; `event` indexes `events`."""

    events: Sequence[Event]
    lanes: list[Lane]
    x0: np.ndarray  # window start, epoch seconds
    x1: np.ndarray  # window end
    y: np.ndarray  # row centre
    event: np.ndarray  # index into events
    category: np.ndarray  # index into categories
    exact: np.ndarray  # bool: time known to the hour or better (drawn as a dot)
    span: np.ndarray  # bool: lasted from x0 to x1 (drawn solid)
    categories: list[str]
    lane: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # index into lanes, per entry
    positions: Callable[[], dict[str, int]] | None = None  # event id -> position in the dataset's events
    in_dataset: np.ndarray | None = None  # per event of `events`, its position in the dataset's events

    @property
    def height(self) -> float:
        return self.lanes[-1].bottom if self.lanes else 1.0

    def categories_overlap(self) -> bool:
        """Whether bars of different categories overlap in a row (rows are shared once a lane overflows)."""
        bars = np.flatnonzero(~self.exact)
        if bars.size < 2:
            return False
        bars = bars[np.lexsort((-self.x1[bars], self.x0[bars], self.y[bars]))]  # ties: the longer bar first
        _, row = np.unique(self.y[bars], return_inverse=True)
        shift = row * (float(self.x1.max() - self.x0.min()) * 2 + 1)  # rows never reach into each other
        x0, reach = self.x0[bars] + shift, np.maximum.accumulate(self.x1[bars] + shift)
        # clusters of bars each overlapping one before it; a cluster holding two categories has two bars of
        # different categories that overlap (the first bar unlike all before it overlaps one of them)
        new_cluster = np.append(True, x0[1:] >= reach[:-1])
        first = np.flatnonzero(new_cluster)
        cat = self.category[bars]
        return bool((np.minimum.reduceat(cat, first) != np.maximum.reduceat(cat, first)).any())

    def only_lanes(self, keep: np.ndarray) -> LaneLayout:
        """The same entries with only the lanes where `keep` (per lane) is True, closed up; entries of the other
        lanes keep their arrays' places (they are filtered out by whoever asks) but lie outside every lane."""
        if keep.all() or not self.lanes or len(self.lane) != len(self.y):
            return self
        shift = np.zeros(len(self.lanes))
        lanes: list[Lane] = []
        top = 0.0
        for index, lane in enumerate(self.lanes):
            if keep[index]:
                shift[index] = lane.top - top
                lanes.append(replace(lane, top=top))
                top += lane.rows + LANE_GAP
        y = np.where(keep[self.lane], self.y - shift[self.lane], -1e6)
        kept = np.flatnonzero(keep)
        remap = np.full(len(self.lanes), -1)
        remap[kept] = np.arange(len(kept))
        return replace(self, lanes=lanes, y=y, lane=remap[self.lane])

    def lanes_with(self, mask: np.ndarray) -> np.ndarray:
        """Per lane, whether any entry where `mask` is True lies in it (`compress`: see `Columns.place_counts`)."""
        assert len(mask) == len(self.lane)  # (compress would take a shorter mask as False for the rest)
        return np.bincount(self.lane.compress(mask), minlength=len(self.lanes)) > 0

    def title(self, index: int) -> str:
        """The title of `events[index]` (from a cache's rows without building the event, where it can)."""
        events = self.events
        if isinstance(events, (RowEvents, _Subset)):
            return events.title_at(index)
        return events[index].title

    def entries_of(self, event_id: str) -> np.ndarray:
        """Indices of the entries (one per lane) that show an event."""
        index = self.index_of(event_id)
        return np.flatnonzero(self.event == index) if index is not None else np.empty(0, dtype=int)

    def index_of(self, event_id: str) -> int | None:
        """Position of an event in `events`, or None."""
        if self.positions is None or self.in_dataset is None:
            return next((i for i, e in enumerate(self.events) if e.id == event_id), None)
        where = self.positions().get(event_id)
        if where is None:
            return None
        index = int(np.searchsorted(self.in_dataset, where))
        return index if index < len(self.in_dataset) and self.in_dataset[index] == where else None


def layout(dataset: Dataset) -> LaneLayout:
    """Lay out the dataset's events inside its period on one lane per place."""
    with paused_gc():  # positions by id, rows packed: millions of short-lived objects, no cyclic garbage
        return _layout(dataset)


def _layout(dataset: Dataset) -> LaneLayout:
    columns = columns_of(dataset)
    keep = columns.in_period()
    every = dataset.events
    events: Sequence[Event] = every if len(keep) == len(columns) else _Subset(every, keep)
    n = len(keep)
    starts, ends = columns.start[keep], columns.end[keep]
    exact, span = columns.exact[keep], columns.span[keep]
    cats = columns.category[keep].astype(np.int64)
    categories = list(columns.categories)
    room = starts + np.maximum(columns.title_len[keep] * TITLE_PACK_SECONDS, MIN_PACK_SECONDS)
    to_layout = np.full(len(columns), -1, dtype=np.int64)
    to_layout[keep] = np.arange(n)
    owner = to_layout[columns.place_owner]
    kept = owner >= 0
    ev = owner[kept]
    lane_of = columns.place[kept].astype(np.int64)
    y = np.zeros(len(ev))
    lanes: list[Lane] = []
    top = 0.0
    names = [dataset.places[p].name if p in dataset.places else p for p in columns.places]
    by_lane = np.argsort(lane_of, kind="stable")
    bounds = np.searchsorted(lane_of[by_lane], np.arange(len(columns.places) + 1))
    for lane_index, place_id in enumerate(columns.places):
        members = by_lane[bounds[lane_index]:bounds[lane_index + 1]]
        members = members[np.argsort(starts[ev[members]], kind="stable")]
        rows = _pack(starts[ev[members]], np.maximum(ends[ev[members]], room[ev[members]]))
        count = int(rows.max()) + 1 if rows.size else 1
        y[members] = top + rows + 0.5
        lanes.append(Lane(place_id, names[lane_index], top, count))
        top += count + LANE_GAP
    order = np.lexsort((starts[ev], y))  # by row, then start: the drawing items' order
    ev, lane_of, y = ev[order], lane_of[order], y[order]
    return LaneLayout(events, lanes, starts[ev], ends[ev], y, ev, cats[ev], exact[ev], span[ev], categories, lane_of,
                      positions=columns.positions, in_dataset=keep)


class _Subset(Sequence[Event]):
    """Some of a sequence's events, by position, read when asked for (a cache's events are not built for it)."""

    def __init__(self, events: Sequence[Event], positions: np.ndarray):
        self._events, self._positions = events, positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        if isinstance(index, slice):
            return [self._events[int(i)] for i in self._positions[index]]
        return self._events[int(self._positions[index])]

    def title_at(self, index: int) -> str:
        events = self._events
        at = int(self._positions[index])
        return events.title_at(at) if isinstance(events, RowEvents) else events[at].title


def _pack(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Greedy interval packing, sorted by start: each entry takes the first row free at its start, or, when every
    row is busy, shares the one that frees first (the lowest such).

    Two heaps rather than a scan of the rows per entry: the rows taken, by when they free (then by number), and
    the rows free at the current start, by number. A row is in one heap or the other; as starts only grow, a row
    once free stays free until it is taken."""
    rows: list[int] = []
    busy: list[tuple[float, int]] = []
    free: list[int] = []
    count = 0
    push, pop, replace = heapq.heappush, heapq.heappop, heapq.heapreplace
    for start, end in zip(starts.tolist(), ends.tolist()):
        while busy and busy[0][0] <= start:
            push(free, pop(busy)[1])
        if free:
            row = pop(free)
            push(busy, (end, row))
        elif count < MAX_ROWS:
            row = count
            count += 1
            push(busy, (end, row))
        else:  # no row is free: a crowd (most entries at 1M events)
            row = busy[0][1]
            replace(busy, (end, row))
        rows.append(row)
    return np.array(rows, dtype=np.int64)
