"""What the views need of every event, as numpy columns worked out once per Dataset.

Filtering, sorting, laying out and counting a million events must never walk a million Python objects on a
keystroke or a paint. A `Columns` holds, per event of `dataset.events` (in its order): the window as epoch
seconds, whether it is exact, a span or background, its category (an index), its places (one flat array of place
indices, with each event's first entry in `place_start`), its title's length and how many sources back it. The
search text (title, id, category, place names, quotes, case-folded) is built at the first search (or a part at a
time beforehand, `prepare_search`), and searched by `textsearch.TextSearch`.

Columns are cached on the Dataset they describe. A Dataset is immutable (an edit makes a new one), so they can
never go stale: an edited dataset gets columns of its own the first time someone asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from .entities import Dataset, Event
from .gcpause import paused_gc
from .lazyevents import LazyEvents, RowEvents, search_words
from .textsearch import TextSearch

_CACHED = "_columns"  # the attribute of a Dataset its columns are kept in


@dataclass(eq=False)
class Columns:
    """Aligned arrays, one entry per event of the dataset (see the module's documentation)."""

    start: np.ndarray  # float64: window start, epoch seconds
    end: np.ndarray  # float64: window end
    exact: np.ndarray  # bool: time known to the hour or better (a dot)
    span: np.ndarray  # bool: lasted from start to end
    context: np.ndarray  # bool: background, outside the period
    category: np.ndarray  # int32: index into `categories`
    place_start: np.ndarray  # int64, one more than events: event i's places are place[place_start[i]:place_start[i+1]]
    place: np.ndarray  # int32: index into `places`
    title_len: np.ndarray  # int32
    source_start: np.ndarray  # int64, as place_start: event i's distinct sources, in the order first quoted
    source: np.ndarray  # int32: index into `sources`
    categories: tuple[str, ...]  # the dataset's categories in order, then any undeclared ones an event names
    places: tuple[str, ...]  # the dataset's places in order, then any undeclared ones an event names
    sources: tuple[str, ...]  # the dataset's sources in order, then any undeclared ones an excerpt names
    _positions: dict[str, int] | None = field(default=None, repr=False)
    _ids: Callable[[], dict[str, int]] | None = field(default=None, repr=False)  # where positions come from, lazily
    _texts: list[str] | None = field(default=None, repr=False)  # all search texts, once built
    _texts_part: list[str] = field(default_factory=list, repr=False)  # the first ones, while being built
    _search: TextSearch | None = field(default=None, repr=False)
    _owner: np.ndarray | None = field(default=None, repr=False)  # place_owner, once asked for
    _place_totals: np.ndarray | None = field(default=None, repr=False)  # place_counts(), once asked for

    def __len__(self) -> int:
        return len(self.start)

    @property
    def place_owner(self) -> np.ndarray:
        """Per entry of `place`, the event it belongs to (made once: each search counts the places through it)."""
        if self._owner is None:
            kind = np.int32 if len(self) < 2**31 else np.int64
            self._owner = np.repeat(np.arange(len(self), dtype=kind), np.diff(self.place_start))
        return self._owner

    @property
    def source_count(self) -> np.ndarray:
        """Per event, how many distinct sources it quotes."""
        return np.diff(self.source_start)

    def sources_of(self, positions: np.ndarray) -> list[str]:
        """The sources quoted by these events, in the dataset's order."""
        owner = np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.source_start))
        chosen = np.zeros(len(self), dtype=bool)
        chosen[positions] = True
        return [self.sources[i] for i in np.unique(self.source[chosen[owner]]).tolist()]

    def in_period(self, among: np.ndarray | None = None) -> np.ndarray:
        """Positions of the events inside the period (the timeline's events), in order; with `among` (one flag
        per event), of those where it is True only (one pass: a boolean index of the positions is 3-4 times
        slower for a mask as mixed as a search's)."""
        return np.flatnonzero(~self.context if among is None else among & ~self.context)

    def at_places(self, place_ids: object) -> np.ndarray:
        """Per event, whether it is at any of these places (one id or an iterable of ids)."""
        wanted = {place_ids} if isinstance(place_ids, str) else set(place_ids)  # type: ignore[call-overload]
        indices = [i for i, p in enumerate(self.places) if p in wanted]
        mask = np.zeros(len(self), dtype=bool)
        if indices:
            mask[self.place_owner[np.isin(self.place, indices)]] = True
        return mask

    def place_counts(self, events: np.ndarray | None = None) -> np.ndarray:
        """Events at each of `places`: all of them, or those of `events` (a mask, one entry per event)."""
        if events is None:
            if self._place_totals is None:  # asked again each time a search is cleared
                self._place_totals = np.bincount(self.place, minlength=len(self.places))
            return self._place_totals.copy()
        # `compress`, not a boolean index: 3-4 times faster for a mask as mixed as a search's (NumPy 2)
        assert len(events) == len(self)  # (a shorter mask would raise on the owners' gather anyway)
        return np.bincount(self.place.compress(events[self.place_owner]), minlength=len(self.places))

    def position(self, event_id: str) -> int | None:
        """Where an event stands in `dataset.events`."""
        return self.positions().get(event_id)

    def positions(self) -> dict[str, int]:
        """Event id -> position in the dataset's events."""
        if self._positions is None:
            if self._ids is None:
                raise RuntimeError("columns without ids")
            self._positions = self._ids()
        return self._positions

    def search(self, dataset: Dataset, text: str) -> np.ndarray:
        """Per event, whether its search text holds `text` (case-folded): title, id, category, place names and
        quotes, as the search box means it."""
        if self._search is None:
            self.prepare_search(dataset)
        assert self._search is not None
        return self._search.find(text.casefold())

    def prepare_search(self, dataset: Dataset, rows: int | None = None) -> bool:
        """Build the search texts of the next `rows` events (all that are left by default), so that the first
        search of a large dataset need not build them all at once; True when all are built (in parts, the call
        after the last part makes the search's ASCII copy of them)."""
        if self._texts is None and not self._build_texts(dataset, rows):
            return False
        if self._search is None:
            assert self._texts is not None
            self._search = TextSearch(self._texts)
            if rows is not None:
                return False  # the copy on the next call: each part stays short
        self._search.prepare()
        return True

    def _build_texts(self, dataset: Dataset, rows: int | None) -> bool:
        done = len(self._texts_part)
        stop = len(self) if rows is None else min(len(self), done + rows)
        names = {p.id: p.name for p in dataset.places.values()}
        events = dataset.events
        if isinstance(events, RowEvents):  # read from what it keeps: no event is built
            self._texts_part += events.search_texts(names, done, stop)
        else:
            with paused_gc():
                self._texts_part += [search_text(events[i], names) for i in range(done, stop)]
        if len(self._texts_part) < len(self):
            return False
        self._texts, self._texts_part = self._texts_part, []
        return True

    def _search_texts(self, dataset: Dataset) -> list[str]:
        self.prepare_search(dataset)
        assert self._texts is not None
        return self._texts


def search_text(event: Event, place_names: dict[str, str]) -> str:
    """What the search box looks in for one event, case-folded."""
    places = " ".join(place_names.get(p, p) for p in event.place_ids)
    quotes = " ".join(x.quote for x in event.excerpts)
    return search_words(event.title, event.id, event.category, places, quotes)


#: The arrays of a Columns and their types, as the cache stores them.
ARRAYS = {"start": np.float64, "end": np.float64, "exact": np.bool_, "span": np.bool_, "context": np.bool_,
          "category": np.int32, "place_start": np.int64, "place": np.int32, "title_len": np.int32,
          "source_start": np.int64, "source": np.int32}


def to_bytes(columns: Columns) -> dict[str, bytes]:
    """The arrays as bytes, for the cache."""
    return {name: np.ascontiguousarray(getattr(columns, name), dtype=kind).tobytes() for name, kind in ARRAYS.items()}


def from_bytes(arrays: dict[str, bytes], categories: list[str], places: list[str], sources: list[str],
               events: LazyEvents) -> Columns:
    """Columns from `to_bytes` (ValueError when they do not describe `events`)."""
    if set(arrays) != set(ARRAYS):
        raise ValueError("not the columns this version stores")
    loaded: dict[str, np.ndarray] = {name: np.frombuffer(arrays[name], dtype=kind) for name, kind in ARRAYS.items()}
    n = len(events)
    flat = ("place", "place_start", "source", "source_start")
    lengths = {name: len(array) for name, array in loaded.items() if name not in flat}
    if set(lengths.values()) - {n}:
        raise ValueError("columns of another length")
    for starts, values, names in (("place_start", "place", places), ("source_start", "source", sources),
                                  (None, "category", categories)):
        array = loaded[values]
        if starts is not None:
            first = loaded[starts]
            if len(first) != n + 1 or first[0] != 0 or first[-1] != len(array) or (np.diff(first) < 0).any():
                raise ValueError("columns out of range")
        if array.size and not 0 <= array.min() <= array.max() < len(names):
            raise ValueError("columns out of range")
    return Columns(loaded["start"], loaded["end"], loaded["exact"], loaded["span"], loaded["context"],
                   loaded["category"], loaded["place_start"], loaded["place"], loaded["title_len"],
                   loaded["source_start"], loaded["source"], tuple(categories), tuple(places), tuple(sources),
                   _ids=events.positions)


def attach(dataset: Dataset, columns: Columns) -> None:
    """Give a dataset the columns a cache stored for it (so they are not worked out again)."""
    dataset.__dict__[_CACHED] = columns


def columns_of(dataset: Dataset) -> Columns:
    """The dataset's columns, worked out on first use and kept with it."""
    cached: Columns | None = dataset.__dict__.get(_CACHED)
    if cached is None:
        with paused_gc():
            cached = build_columns(dataset)
        dataset.__dict__[_CACHED] = cached
    return cached


def name_index(declared: Iterable[str], used: Iterable[str]) -> tuple[tuple[str, ...], dict[str, int]]:
    """The declared names in order, then any other name `used` holds (in the order met: an undeclared category,
    place or source, which the loader reports, still gets an index), and each one's index."""
    names = list(declared)
    index = {name: i for i, name in enumerate(names)}
    for name in used:
        if name not in index:
            index[name] = len(names)
            names.append(name)
    return tuple(names), index


def list_starts(lists: Sequence[Sequence[str]]) -> np.ndarray:
    """Where each event's entries start in the flattened array, and the end."""
    starts = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, lists), np.int64, len(lists)), out=starts[1:])
    return starts


def flat_indices(lists: Sequence[Sequence[str]], index: dict[str, int]) -> np.ndarray:
    """Every event's entries, flattened, as indices."""
    return np.fromiter(map(index.__getitem__, chain.from_iterable(lists)), np.int32)


def build_columns(dataset: Dataset) -> Columns:
    """One pass over the events (see `columns_of`, which keeps the answer)."""
    events = dataset.events
    n = len(events)
    categories_of = [e.category for e in events]
    categories, category_index = name_index(dataset.categories, dict.fromkeys(categories_of))
    windows = [e.window for e in events]
    start = np.fromiter((w.start.timestamp() for w in windows), float, n)
    end = np.fromiter((w.end.timestamp() for w in windows), float, n)
    exact = np.fromiter((w.is_exact for w in windows), bool, n)
    span = np.fromiter((w.is_span for w in windows), bool, n)
    del windows
    context = np.fromiter((e.context for e in events), bool, n)
    category = np.fromiter(map(category_index.__getitem__, categories_of), np.int32, n)
    title_len = np.fromiter((len(e.title) for e in events), np.int32, n)
    source_ids = [e.source_ids for e in events]
    sources, source_index = name_index(dataset.sources, chain.from_iterable(dict.fromkeys(source_ids)))
    place_ids = [e.place_ids for e in events]
    places, place_index = name_index(dataset.places, chain.from_iterable(dict.fromkeys(place_ids)))
    positions = {e.id: i for i, e in enumerate(events)}
    return Columns(start, end, exact, span, context, category, list_starts(place_ids),
                   flat_indices(place_ids, place_index), title_len, list_starts(source_ids),
                   flat_indices(source_ids, source_index), categories, places, sources, _positions=positions)


__all__ = ["ARRAYS", "Columns", "attach", "build_columns", "columns_of", "flat_indices", "from_bytes", "list_starts",
           "name_index", "search_text", "to_bytes"]
