"""Events kept as compact rows and turned into `Event` objects only when asked for: the cache's reopened datasets.

A million events as Python objects take gigabytes and seconds to build, yet a window shows a few dozen at a time:
the views read the dataset's columns (`model/columns.py`), and only the rows a view draws, a tooltip, an export or
an edit asks for become events. `LazyEvents` holds the rows as one MessagePack array (each row a flat array, its
offset kept), decodes a row on first access and keeps the event it made, so an event asked for twice is the same
object. Iterating decodes every row, as reading a tuple of events would.

Rows keep the zone of every datetime (MessagePack's own timestamps would turn them into UTC), and the fields that
search reads come first, so that the search text of every event is read without building one event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, overload

import msgspec
import numpy as np

from .dates import Precision, Window
from .entities import NO_WHEN, Conflict, Event, EventStore, Excerpt, When
from .excerpts import Match
from .gcpause import paused_gc
from .tallies import Tallies, tally

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

class _Head(msgspec.Struct, array_like=True):
    """The fields search reads: a row's first five (the rest of the row is skipped)."""

    id: str
    title: str
    category: str
    place_ids: tuple[str, ...]
    excerpts: list[tuple[str, str, int, int, str]]


class _Id(msgspec.Struct, array_like=True):
    """A row's first field (MessagePack skips the rest)."""

    id: str


class _Row(msgspec.Struct, array_like=True):
    id: str
    title: str
    category: str
    place_ids: list[str]
    excerpts: list[tuple[str, str, int, int, str]]  # match start -1: not verified
    start: tuple[int, int]  # microseconds since the epoch, UTC offset in seconds
    end: tuple[int, int]
    precision: str
    is_span: bool
    when: tuple[str, str, str, str, bool, str, bool, str] | None  # None: the shared empty When
    conflicts: list[tuple[str, str, list[str]]]
    context: bool
    raw_date: str
    line: int
    notes: str
    media: str
    unverified: str


class _Tally(msgspec.Struct, array_like=True):
    """What `Tallies` counts of a row; the rest left undecoded."""

    id: str
    title: msgspec.Raw
    category: msgspec.Raw
    place_ids: msgspec.Raw
    excerpts: list[tuple[msgspec.Raw, msgspec.Raw, int, msgspec.Raw, msgspec.Raw]]
    start: msgspec.Raw
    end: msgspec.Raw
    precision: msgspec.Raw
    is_span: msgspec.Raw
    when: tuple[msgspec.Raw, msgspec.Raw, msgspec.Raw, msgspec.Raw, msgspec.Raw, msgspec.Raw, bool,
                msgspec.Raw] | None
    conflicts: msgspec.Raw
    context: bool
    raw_date: msgspec.Raw
    line: int
    notes: msgspec.Raw
    media: msgspec.Raw
    unverified: str


_ENCODER = msgspec.msgpack.Encoder()
_ROW = msgspec.msgpack.Decoder(_Row)
_HEADS = msgspec.msgpack.Decoder(list[_Head])
_IDS = msgspec.msgpack.Decoder(list[_Id])
_HEAD = msgspec.msgpack.Decoder(_Head)
_TALLIES = msgspec.msgpack.Decoder(list[_Tally])


_MICROSECOND = timedelta(microseconds=1)
_OFFSETS: dict[object, int] = {}  # seconds east of UTC, per zone object met (a dataset shares a few)


def moment(value: datetime) -> tuple[int, int]:
    zone = value.tzinfo
    seconds = _OFFSETS.get(zone)
    if seconds is None:
        offset = value.utcoffset()
        seconds = int(offset.total_seconds()) if offset is not None else 0
        if isinstance(zone, timezone):  # a fixed offset: the same for every datetime in it
            _OFFSETS[zone] = seconds
    return (value - _EPOCH) // _MICROSECOND, seconds


@lru_cache(maxsize=64)
def _zone(seconds: int) -> timezone:
    """One timezone object per offset, shared by every datetime in it."""
    return timezone(timedelta(seconds=seconds)) if seconds else UTC


def _datetime(value: tuple[int, int]) -> datetime:
    micros, seconds = value
    return (_EPOCH + timedelta(microseconds=micros)).astimezone(_zone(seconds))


def row_of(event: Event) -> _Row:
    when = event.when
    window = event.window
    return _Row(
        event.id, event.title, event.category, list(event.place_ids),
        [(x.source_id, x.quote, x.match.start if x.match else -1, x.match.end if x.match else -1, x.note)
         for x in event.excerpts],
        moment(window.start), moment(window.end), window.precision.value, window.is_span,
        None if when == NO_WHEN else (when.phrase, when.source_id, when.explanation, when.note, when.manual,
                                      when.after, when.resolved, when.lang),
        [(c.topic, c.note, list(c.source_ids)) for c in event.conflicts], event.context, event.raw_date, event.line,
        event.notes, event.media, event.unverified)


def _event(row: _Row) -> Event:
    excerpts = tuple(Excerpt(source, quote, Match(start, end) if start >= 0 else None, note)
                     for source, quote, start, end, note in row.excerpts)
    window = Window(_datetime(row.start), _datetime(row.end), Precision(row.precision), row.is_span)
    when = NO_WHEN if row.when is None else When(*row.when)
    conflicts = tuple(Conflict(topic, note, tuple(ids)) for topic, note, ids in row.conflicts)
    return Event(row.id, row.title, window, tuple(row.place_ids), row.category, excerpts, when, conflicts,
                 row.context, row.raw_date, row.line, row.notes, row.media, row.unverified)


def array_header(count: int) -> bytes:
    """The MessagePack header of an array of `count` items."""
    encoded = _ENCODER.encode([None] * count)  # the header, then a one-byte nil per item
    return encoded[:len(encoded) - count]


def encode_rows(events: Sequence[Event]) -> tuple[bytes | bytearray, np.ndarray]:
    """(one MessagePack array of every event's row, each row's offset in it and the end)."""
    if isinstance(events, RowEvents):  # the cache's rows as they are, or the fast first load's encoded now
        return events.rows()
    buffer = bytearray()
    buffer += array_header(len(events))
    offsets = np.empty(len(events) + 1, dtype=np.int64)
    for index, event in enumerate(events):
        offsets[index] = len(buffer)
        _ENCODER.encode_into(row_of(event), buffer, -1)
    offsets[len(events)] = len(buffer)
    return bytes(buffer), offsets


class RowEvents(EventStore):
    """A read-only sequence of events kept as something more compact than events, each built on first access and
    kept (an event asked for twice is the same object): what the views read of every event (titles, search texts,
    ids) comes straight from what is kept."""

    __slots__ = ("_decoded", "_index")

    def __init__(self, count: int):
        self._decoded: list[Event | None] = [None] * count
        self._index: dict[str, int] | None = None

    def _build(self, position: int) -> Event:
        raise NotImplementedError

    def title_at(self, index: int) -> str:
        """An event's title, without building the event (titles on the timeline)."""
        raise NotImplementedError

    def ids(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> tuple[bytes | bytearray, np.ndarray]:
        """The events as `encode_rows` gives them (as `LazyEvents` keeps them)."""
        raise NotImplementedError

    def search_texts(self, place_names: dict[str, str], start: int = 0, stop: int | None = None) -> list[str]:
        """What the search box looks in, per event of [start, stop) (`search_words`), without building events."""
        raise NotImplementedError

    def tallies(self) -> Tallies:
        """What `kztimeline check` counts of these events (`model/tallies.py`)."""
        return tally(self)

    def __len__(self) -> int:
        return len(self._decoded)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Event, ...]: ...

    def __getitem__(self, index: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        event = self._decoded[index]
        if event is None:
            position = index + len(self) if index < 0 else index
            event = self._decoded[position] = self._build(position)
        return event

    def __iter__(self) -> Iterator[Event]:
        for index in range(len(self)):
            yield self[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, list, RowEvents)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def positions(self) -> dict[str, int]:
        """Event id -> position, worked out on first use (and shared with the dataset's columns)."""
        if self._index is None:
            ids = self.ids()
            with paused_gc():
                self._index = dict(zip(ids, range(len(ids))))
        return self._index

    def index_of(self, event_id: str) -> int | None:
        return self.positions().get(event_id)

    def event_by_id(self, event_id: str) -> Event:
        index = self.index_of(event_id)
        if index is None:
            raise KeyError(event_id)
        return self[index]


class LazyEvents(RowEvents):
    """Events decoded from MessagePack rows on first access (see the module's documentation)."""

    __slots__ = ("_blob", "_offsets")

    def __init__(self, blob: bytes | bytearray, offsets: np.ndarray):
        if len(offsets) < 1 or int(offsets[-1]) != len(blob):
            raise ValueError("offsets do not describe the rows")
        super().__init__(len(offsets) - 1)
        self._blob = blob
        self._offsets = offsets

    @property
    def blob(self) -> bytes | bytearray:
        """The rows, as one MessagePack array."""
        return self._blob

    @property
    def offsets(self) -> np.ndarray:
        """Each row's offset in `blob`, and the end."""
        return self._offsets

    def rows(self) -> tuple[bytes | bytearray, np.ndarray]:
        return self._blob, self._offsets

    def _build(self, position: int) -> Event:
        start, end = int(self._offsets[position]), int(self._offsets[position + 1])
        return _event(_ROW.decode(memoryview(self._blob)[start:end]))

    def title_at(self, index: int) -> str:
        event = self._decoded[index]
        if event is not None:
            return event.title
        position = index + len(self) if index < 0 else index
        start, end = int(self._offsets[position]), int(self._offsets[position + 1])
        return _HEAD.decode(memoryview(self._blob)[start:end]).title

    def heads(self, start: int = 0, stop: int | None = None) -> list[_Head]:
        """The search fields (id, title, category, places, excerpts) of rows [start, stop) (all by default),
        without building events."""
        stop = len(self) if stop is None else min(stop, len(self))
        if start == 0 and stop == len(self):
            blob: bytes | bytearray = self._blob
        else:  # those rows as one array of their own: an array header, then their bytes
            count = max(stop - start, 0)
            blob = bytearray(array_header(count))
            if count:
                blob += memoryview(self._blob)[int(self._offsets[start]):int(self._offsets[stop])]
        with paused_gc():
            return _HEADS.decode(blob)

    def ids(self) -> list[str]:
        with paused_gc():
            return [row.id for row in _IDS.decode(self._blob)]

    def tallies(self) -> Tallies:
        with paused_gc():
            rows = _TALLIES.decode(self._blob)
        out = Tallies(events=len(rows))
        for row in rows:
            out.context += row.context
            out.excerpts += len(row.excerpts)
            out.verified_excerpts += sum(1 for excerpt in row.excerpts if excerpt[2] >= 0)
            out.resolved += row.when is not None and row.when[6]
            if row.unverified:
                out.unverified.append((row.line, row.id, row.unverified))
        return out

    def search_texts(self, place_names: dict[str, str], start: int = 0, stop: int | None = None) -> list[str]:
        heads = self.heads(start, stop)
        return search_texts_of(((h.title, h.id, h.category, h.place_ids, h.excerpts) for h in heads), place_names)


def tallies_of(events: Iterable[Event]) -> Tallies:
    """What `kztimeline check` counts of a dataset's events (`model/tallies.py`), read from their rows where they are
    kept as rows."""
    return events.tallies() if isinstance(events, RowEvents) else tally(events)


def search_texts_of(heads: Iterable[tuple[str, str, str, Sequence[str], Sequence[Sequence[Any]]]],
                    place_names: dict[str, str]) -> list[str]:
    """`search_words` of each event given as (title, id, category, place ids, excerpt rows), without building it:
    the rows a cache keeps (`LazyEvents`) or the lists a fast first load read (`eventrows.PartsEvents`)."""
    names: dict[Sequence[str], str] = {}  # the place names of each set of places, joined once
    texts = []
    with paused_gc():
        for title, event_id, category, place_ids, excerpts in heads:
            places = names.get(place_ids)
            if places is None:
                places = names[place_ids] = " ".join(place_names.get(p, p) for p in place_ids)
            quotes = excerpts[0][1] if len(excerpts) == 1 else " ".join(x[1] for x in excerpts)
            texts.append(search_words(title, event_id, category, places, quotes))
    return texts


def search_words(title: str, event_id: str, category: str, places: str, quotes: str) -> str:
    """What the search box looks in for one event, case-folded: its title, id, category, place names and quotes
    (from an event, `columns.search_text`, or from its row, `LazyEvents.search_texts`)."""
    return f"{title} {event_id} {category} {places} {quotes}".casefold()


__all__ = ["LazyEvents", "RowEvents", "array_header", "encode_rows", "moment", "row_of", "search_texts_of",
           "search_words", "tallies_of"]
