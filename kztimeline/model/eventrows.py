"""A checked file's events turned straight into what a reopened dataset holds: rows and columns, no Event objects.

The fast first load (`fastevents`) works out, per event, a handful of values that many events share (a window, a
list of places, an excerpt as read): `EventParts` holds them as aligned lists in file order, each window as an
index into a table of the distinct windows. `assemble` sorts the events in `order.time_order`'s order (start,
end, then id: one numpy lexsort), encodes each as the row `lazyevents.LazyEvents` decodes, and builds the
dataset's `columns.Columns` from the same lists. The loops are the interpreter's own (`map`, `zip`,
`numpy.fromiter`): at a million events no Python statement runs per event, and no Event object is made until a
view or an export asks for one, as when the dataset is reopened from the cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import msgspec
import numpy as np

from .columns import Columns, flat_indices, list_starts, name_index
from .dates import Window
from .entities import Event
from .gcpause import paused_gc
from .lazyevents import RowEvents, _event, _Row, array_header, moment, row_of, search_texts_of
from .tallies import Tallies

_ENCODER = msgspec.msgpack.Encoder()
_BLOCK = 65_536  # rows copied into the dataset's bytes at a time

#: A row's excerpt: source id, quote, where it stands in the source (start, end; -1 if not verified), note.
ExcerptRow = tuple[str, str, int, int, str]


@dataclass
class WindowTable:
    """The distinct windows of a file, each once, with what rows and columns need of it."""

    starts: list[tuple[int, int]] = field(default_factory=list)  # (microseconds since the epoch, UTC offset)
    ends: list[tuple[int, int]] = field(default_factory=list)
    precisions: list[str] = field(default_factory=list)
    spans: list[bool] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)

    def add(self, window: Window) -> int:
        """The new window's index."""
        self.starts.append(moment(window.start))
        self.ends.append(moment(window.end))
        self.precisions.append(window.precision.value)
        self.spans.append(window.is_span)
        self.exact.append(window.is_exact)
        return len(self.starts) - 1


@dataclass
class EventParts:
    """Aligned per-event values in file order (see the module's documentation)."""

    windows: WindowTable = field(default_factory=WindowTable)
    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    places: list[tuple[str, ...]] = field(default_factory=list)
    excerpts: list[list[ExcerptRow]] = field(default_factory=list)
    sources: list[tuple[str, ...]] = field(default_factory=list)  # distinct, in the order first quoted
    window: list[int] = field(default_factory=list)  # index into `windows`
    whens: list[Any] = field(default_factory=list)  # a row's `when` (None: the shared empty When)
    conflicts: list[list[Any]] = field(default_factory=list)
    context: list[bool] = field(default_factory=list)
    raw_dates: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)

    def add_event(self, event: Event) -> None:
        """An event read one by one (the per-event checks): its values appended as the bulk ones are."""
        row = row_of(event)
        values = (event.id, event.title, event.category, event.place_ids, row.excerpts, event.source_ids,
                  row.when, row.conflicts, event.context, event.raw_date, event.line, event.notes, event.media,
                  event.unverified)
        for name, value in zip(_PER_EVENT, values, strict=True):
            getattr(self, name).append(value)
        self.window.append(self.windows.add(event.window))

    def extend(self, other: EventParts) -> None:
        """Append another part's events (their windows re-indexed into this table)."""
        shift = len(self.windows.starts)
        for name in ("starts", "ends", "precisions", "spans", "exact"):
            getattr(self.windows, name).extend(getattr(other.windows, name))
        for name in _PER_EVENT:
            getattr(self, name).extend(getattr(other, name))
        self.window.extend(index + shift for index in other.window)

    def __len__(self) -> int:
        return len(self.ids)


#: EventParts' lists of one value per event (besides `window`), in the order `add_event` gives them.
_PER_EVENT = ("ids", "titles", "categories", "places", "excerpts", "sources", "whens", "conflicts", "context",
              "raw_dates", "lines", "notes", "media", "unverified")


def assemble(parts: EventParts, categories: Iterable[str], places: Iterable[str],
             sources: Iterable[str]) -> tuple[PartsEvents, Columns]:
    """The events sorted by time as rows, and their columns (`categories`, `places`, `sources`: the dataset's, in
    order; an undeclared one an event names is added after them)."""
    n = len(parts)
    table = parts.windows
    code = np.fromiter(parts.window, np.int64, n)
    start_us = np.fromiter((s for s, _ in table.starts), np.int64, len(table.starts))[code]
    end_us = np.fromiter((e for e, _ in table.ends), np.int64, len(table.ends))[code]
    order = np.lexsort((np.array(parts.ids, dtype=str), end_us, start_us)) if n else np.empty(0, np.int64)
    at = order.tolist()
    events = PartsEvents(parts, at)

    sorted_code = code[order]
    categories_of = list(map(parts.categories.__getitem__, at))
    places_of = list(map(parts.places.__getitem__, at))
    sources_of = list(map(parts.sources.__getitem__, at))
    category_names, category_index = name_index(categories, dict.fromkeys(categories_of))
    place_names, place_index = name_index(places, chain.from_iterable(dict.fromkeys(places_of)))
    source_names, source_index = name_index(sources, chain.from_iterable(dict.fromkeys(sources_of)))
    columns = Columns(
        start=start_us[order] / 1e6, end=end_us[order] / 1e6,
        exact=np.fromiter(table.exact, bool, len(table.exact))[sorted_code],
        span=np.fromiter(table.spans, bool, len(table.spans))[sorted_code],
        context=np.fromiter(parts.context, bool, n)[order],
        category=np.fromiter(map(category_index.__getitem__, categories_of), np.int32, n),
        place_start=list_starts(places_of), place=flat_indices(places_of, place_index),
        title_len=np.fromiter(map(len, parts.titles), np.int32, n)[order],
        source_start=list_starts(sources_of), source=flat_indices(sources_of, source_index),
        categories=category_names, places=place_names, sources=source_names, _ids=events.positions)
    return events, columns


class PartsEvents(RowEvents):
    """The events of a fast first load, in time order, kept as the aligned lists they were read into (each event
    built when first asked for; titles, ids and search texts read from the lists). Encoded into rows only when
    the cache stores them (`rows`)."""

    __slots__ = ("_at", "_parts")

    def __init__(self, parts: EventParts, at: list[int]):
        super().__init__(len(at))
        self._parts, self._at = parts, at  # the i-th event in time order is parts' at[i]-th

    def _build(self, position: int) -> Event:
        return _event(_row(self._parts, self._at[position]))

    def title_at(self, index: int) -> str:
        return self._parts.titles[self._at[index]]

    def ids(self) -> list[str]:
        return list(map(self._parts.ids.__getitem__, self._at))

    def search_texts(self, place_names: dict[str, str], start: int = 0, stop: int | None = None) -> list[str]:
        parts, at = self._parts, self._at[start:stop]
        return search_texts_of(zip(map(parts.titles.__getitem__, at), map(parts.ids.__getitem__, at),
                                   map(parts.categories.__getitem__, at), map(parts.places.__getitem__, at),
                                   map(parts.excerpts.__getitem__, at)), place_names)

    def tallies(self) -> Tallies:
        parts = self._parts
        verified = sum(1 for rows in parts.excerpts for row in rows if row[2] >= 0)
        unverified = [(parts.lines[i], parts.ids[i], parts.unverified[i]) for i in self._at if parts.unverified[i]]
        return Tallies(events=len(self._at), context=sum(parts.context), excerpts=sum(map(len, parts.excerpts)),
                       verified_excerpts=verified, resolved=sum(1 for when in parts.whens if when and when[6]),
                       unverified=unverified)

    def rows(self) -> tuple[bytearray, np.ndarray]:
        """Every event's row, encoded in file order (reading the lists in the order they were made is three times
        faster than in time order at a million events), then put in time order a block at a time."""
        parts, at, n = self._parts, self._at, len(self._at)
        table, window = parts.windows, parts.window
        rows = zip(parts.ids, parts.titles, parts.categories, parts.places, parts.excerpts,
                   map(table.starts.__getitem__, window), map(table.ends.__getitem__, window),
                   map(table.precisions.__getitem__, window), map(table.spans.__getitem__, window), parts.whens,
                   parts.conflicts, parts.context, parts.raw_dates, parts.lines, parts.notes, parts.media,
                   parts.unverified)
        with paused_gc():
            encoded = list(map(_ENCODER.encode, rows))
        header = array_header(n)
        offsets = np.empty(n + 1, dtype=np.int64)
        offsets[0] = len(header)
        np.cumsum(np.fromiter(map(len, map(encoded.__getitem__, at)), np.int64, n), out=offsets[1:])
        offsets[1:] += len(header)
        blob = bytearray(header)
        for first in range(0, n, _BLOCK):
            blob += b"".join(map(encoded.__getitem__, at[first:first + _BLOCK]))
        return blob, offsets


def _row(parts: EventParts, index: int) -> _Row:
    """One event's row (as `lazyevents.row_of` makes it of an Event)."""
    table, window = parts.windows, parts.window[index]
    return _Row(parts.ids[index], parts.titles[index], parts.categories[index], list(parts.places[index]),
                parts.excerpts[index], table.starts[window], table.ends[window], table.precisions[window],
                table.spans[window], parts.whens[index], parts.conflicts[index], parts.context[index],
                parts.raw_dates[index], parts.lines[index], parts.notes[index], parts.media[index],
                parts.unverified[index])


__all__ = ["EventParts", "ExcerptRow", "PartsEvents", "WindowTable", "assemble"]
