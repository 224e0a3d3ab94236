"""Reading the events of a file parsed without marks (`fastyaml`, or our CSV export), column by column, to exactly
the events the marked path builds, or giving up (`Declined`).

The events come as columns (`EventTable`: one list per field, file order). Each check runs over a whole column
with the interpreter's own loops (`map`, `set`, `dict.fromkeys`), and what many events share is worked out once
per distinct value: a date with its precision and zone is one window, a list of places one tuple of ids, an
excerpt one match in its source. The common event (id, title, date, precision, places, category, excerpts of
known sources; no `when:`, `conflicts:`, `unverified:`, `not_before:`, `at:`) is never looked at on its own; every
other event, and any event a column check is not sure of, goes through `eventparse._read_event` itself, with the
`StrictReader` that gives up at the first problem. So every message still comes from the marked path, and an
event read here is one that path would read alike (a test compares the two on every file in tests/data and on
fuzzed documents). The events come out as rows and columns (`eventrows.assemble`), not as Event objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from itertools import compress, repeat
from operator import getitem, is_, is_not, itemgetter, methodcaller
from typing import Any, cast

import numpy as np

from ..geo.gazetteer import Gazetteer
from .columns import Columns
from .dates import FIRST_YEAR, LAST_YEAR, TIMED, Precision, Window, parse_when_value, window_for
from .entities import Category, Event, Excerpt, Period, Place, Source
from .eventparse import EVENT_REQUIRED, PRECISIONS, _read_event
from .eventrows import EventParts, ExcerptRow, PartsEvents, _row, assemble
from .excerpts import Match, normalized, short_quote
from .fastyaml import _RISKY_FIRST, LONGEST_WORD, Declined, FastDocument, plain_text_ok, scalars_agree, to_marked
from .lazyevents import _event
from .limits import DEFAULT_LIMITS
from .placenames import PlaceResolver
from .quoteindex import MIN_QUOTES, find_quotes, locate_all
from .results import Progress
from .schema import ID_PATTERN, Reader
from .selectors import locate
from .yamlnodes import LList, LMap, compose, moved_down

#: The keys of an event read in bulk; an event with any other goes to the per-event checks.
FAST_KEYS = frozenset(("id", "title", "date", "end", "precision", "places", "category", "excerpts", "context",
                       "notes", "media"))
_REQUIRED = frozenset((*EVENT_REQUIRED, "excerpts"))
_EXCERPT_KEYS = frozenset(("source", "quote", "note"))
_PRECISIONS = {name: Precision(name) for name in PRECISIONS}
#: A value a field does not have (so that "absent" and "given, empty" stay apart, as the checks tell them).
ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT"})()

EventsReader = Callable[[Reader, Any, Period, dict[str, Place], dict[str, Source], dict[str, Category],
                         Gazetteer, "Progress | None"], tuple[PartsEvents, Columns]]


@dataclass
class EventTable:
    """A file's events as columns, in file order: one list per field of `FAST_KEYS` (ABSENT where an event lacks
    it), the line each event starts on, which events must be read one by one (`slow`), and how to get one event
    as the plain dict the per-event checks read."""

    columns: dict[str, list[Any]]
    lines: list[int]
    slow: set[int]
    item: Callable[[int], dict[str, Any]]
    text: Callable[[int], str] | None = None  # an event's YAML text (None: not YAML, nothing to compare)
    #: per field (a CSV's excerpts), its distinct values and each event's index among them, as the column holds
    #: them: what each distinct value reads as is then worked out once, without finding the distinct ones again
    repeats: dict[str, tuple[list[Any], list[int]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)


class TableBuilder:
    """An `EventTable`'s columns filled a block of events at a time (a `fastyaml.BlockSink`): each block is taken
    apart as soon as it is read, while its objects are still in the processor's caches and while yaml-rs's
    threads read the next blocks (taken apart after the whole file, every event's dict was a trip to memory).

    Per block, the events' distinct key lists (shapes) come first: the keys every shape has are taken in one pass
    (`itemgetter` of them all, transposed) into their columns' places, each other key in a pass of its own
    (`dict.get`), and the events of a shape with a key the bulk reading does not read, or without a required one,
    are slow."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {}
        self.slow: set[int] = set()

    def begin(self, count: int) -> None:
        self.columns = {name: [ABSENT] * count for name in sorted(FAST_KEYS)}
        self.slow = set()

    def add(self, first: int, events: list[dict[str, Any]]) -> None:
        shapes = {shape: frozenset(shape) for shape in dict.fromkeys(map(tuple, events))}
        present = frozenset().union(*shapes.values()) & FAST_KEYS
        every = frozenset.intersection(*shapes.values()) & FAST_KEYS if shapes else frozenset()
        shared = [key for key in next(iter(shapes), ()) if key in every]  # in the file's order
        end = first + len(events)
        columns = self.columns
        if len(shared) > 1:
            for name, values in zip(shared, zip(*map(itemgetter(*shared), events))):
                columns[name][first:end] = values
        elif shared:
            columns[shared[0]][first:end] = map(itemgetter(shared[0]), events)
        for name in present - every:
            columns[name][first:end] = map(methodcaller("get", name, ABSENT), events)
        odd = {shape for shape, keys in shapes.items() if keys - FAST_KEYS or not _REQUIRED <= keys}
        if odd:
            self.slow.update(first + i for i, shape in enumerate(map(tuple, events)) if shape in odd)

    def table(self, document: FastDocument) -> EventTable:
        """The table of `document`, whose events were all added."""
        return EventTable(self.columns, list(document.lines), self.slow, document.events.__getitem__,
                          document.event_text if document.text else None)


def events_reader(table: EventTable, located: Reader | None = None) -> EventsReader:
    """What `loader.load_tree` calls to read the events of `table`. With `located` (a YAML file's), an event the
    checks refuse is composed again on its own, with its marks, and its problems go to `located` (`_Bulk._located`):
    a file with a mistake in a few events is not read a second time, the marked way, to say where they are."""

    def read(reader: Reader, root: Any, period: Period, places: dict[str, Place], sources: dict[str, Source],
             categories: dict[str, Category], gazetteer: Gazetteer,
             progress: Progress | None) -> tuple[PartsEvents, Columns]:
        parts = _Bulk(reader, table, period, places, sources, categories, gazetteer, located).read(progress)
        if progress:
            progress("Checking events", len(table), len(table))
        return assemble(parts, categories, places, sources)

    return read


#: Events whose problems are said by composing each on its own, at least (or an eighth of the file's events): each
#: costs about a third of a millisecond, and when most events have problems, composing the whole file is quicker.
MOST_LOCATED = 100


class _Bulk:
    """One file's events, and what their distinct values read as."""

    def __init__(self, reader: Reader, table: EventTable, period: Period, places: dict[str, Place],
                 sources: dict[str, Source], categories: dict[str, Category], gazetteer: Gazetteer,
                 located: Reader | None = None):
        self.reader, self.table, self.period = reader, table, period
        self.places, self.sources, self.categories = places, sources, categories
        self.names = PlaceResolver(places, gazetteer)
        self.yaml = table.text is not None
        self.located = located if self.yaml else None  # where `_located` says an event's problems
        self.located_count = 0
        self.dates: dict[Any, date | datetime] = {}
        self.matches: dict[tuple[str, str], Match] = {}
        self.floor = period.start_dt

    def read(self, progress: Progress | None) -> EventParts:
        table = self.table
        n = len(table)
        if progress:
            progress("Checking events", 0, n)
        columns = table.columns
        slow = set(table.slow)
        ids = self._text(columns["id"], slow, strip=True, slug=True)
        titles = self._text(columns["title"], slow, strip=True)
        raws = self._text(columns["date"], slow, strip=False, plain=True)
        categories = self._categories(columns["category"], slow)
        contexts = columns["context"]
        if set(map(type, contexts)) - {bool, type(ABSENT)}:  # anything else: read one by one (absent here)
            slow.update(i for i, value in enumerate(contexts) if value is not ABSENT and type(value) is not bool)
            contexts = [value if type(value) is bool else ABSENT for value in contexts]
        notes = self._optional(columns["notes"], slow, lambda value: bool(value))
        media = self._optional(columns["media"], slow, lambda value: value.startswith(("http://", "https://")))
        place_ids = self._per_value(columns["places"], slow, self._place_ids)
        excerpts = self._excerpts(columns["excerpts"], slow, table.repeats.get("excerpts"))
        if progress:
            progress("Checking events", n // 2, n)
        parts = EventParts()
        zones = self._zones(place_ids, slow)
        windows = self._windows(parts, raws, self._absent_or_text(columns["precision"], slow),
                                self._absent_or_text(columns["end"], slow), zones, contexts, slow)
        fast = [i for i in range(n) if i not in slow] if slow else range(n)
        if len(fast) < n and not fast:
            return self._slow_only(sorted(slow))

        def pick(values: list[Any]) -> list[Any]:
            return values if len(fast) == n else list(map(values.__getitem__, fast))

        chosen = pick(excerpts)
        parts.ids, parts.titles, parts.categories = pick(ids), pick(titles), pick(categories)
        parts.places = pick(place_ids)
        parts.excerpts, parts.sources, parts.whens = map(list, zip(*chosen)) if chosen else ([], [], [])
        parts.window = pick(windows)
        count = len(fast)
        parts.conflicts = [_NO_CONFLICTS] * count
        parts.context = [value is True for value in pick(contexts)]
        parts.raw_dates = pick(raws)
        parts.lines = pick(table.lines)
        parts.notes, parts.media = pick(notes), pick(media)
        parts.unverified = [""] * count
        if slow:
            parts.extend(self._slow_events(sorted(slow), parts, fast))
        if len(set(parts.ids)) != len(parts.ids):
            raise Declined("an id is given twice")
        return parts

    # -- the per-event path -------------------------------------------------------------------------------------

    def _slow_only(self, positions: list[int]) -> EventParts:
        return self._slow_events(positions, EventParts(), [])

    def _slow_events(self, positions: list[int], fast: EventParts, fast_positions: Iterable[int]) -> EventParts:
        """The events the column checks left, read one by one in file order; `seen` holds every event above the
        one being read (as the marked path's does: an `after:` names one of them, an id may not repeat one)."""
        out = EventParts()
        seen = _Seen(fast, list(fast_positions))
        for position in positions:
            seen.limit = position
            if self.yaml and not scalars_agree(self.table.text(position)):  # type: ignore[misc]
                raise Declined("a value the two YAML versions read differently")
            try:
                event = self._checked(self.table.item(position), position, seen)
            except Declined:
                if self.located is None:
                    raise
                located = self._located(position, seen)
                if located is None:
                    continue
                event = located
            seen.slow[event.id] = event
            out.add_event(event)
        return out

    def _located(self, index: int, seen: Mapping[str, Event]) -> Event | None:
        """An event the checks refused, read again as the marked path reads it: its entry composed on its own and
        moved to where it stands in the file, its problems said to `located` at their line and column. The event
        as read (kept, as the marked path keeps it, whatever its problems: `loader._check_title_lengths` reads its
        title too), or None. Declined when it has no problem after all (the marked path then reads the file)."""
        assert self.located is not None
        self.located_count += 1
        if self.located_count > max(MOST_LOCATED, len(self.table) // 8):
            raise Declined("many events have problems: the marked path reads them in less time")
        composed = compose(self.table.text(index))  # type: ignore[misc]
        entries = composed.value
        if composed.errors or type(entries) is not LList or len(entries) != 1 or type(entries[0]) is not LMap:
            raise Declined("an entry of the events list read on its own is not one mapping")
        item = moved_down(entries[0], self.table.lines[index] - 1)
        before = len(self.located.problems)
        event = _read_event(self.located, item, f"events[{index}]", seen, self.period,  # type: ignore[arg-type]
                            self.places, self.names, self.sources, self.categories)
        if len(self.located.problems) == before:
            raise Declined("an event refused by the checks has no problem")
        return event

    def _checked(self, item: dict[str, Any], index: int, seen: Mapping[str, Event]) -> Event:
        """The event read by the marked path's own per-event checks (any problem declines, `_slow_events` says
        where)."""
        self._quotes_found(item)
        marked = to_marked(item, self.table.lines[index])
        event = _read_event(self.reader, marked, f"events[{index}]", seen, self.period,  # type: ignore[arg-type]
                            self.places, self.names, self.sources, self.categories)
        if event is None:
            raise Declined("an event was not read")
        return event

    def _quotes_found(self, item: dict[str, Any]) -> None:
        """Give up before the per-event checks would look for the closest passage to a quote that is not in its
        source: that search spends a time budget the marked path's message needs whole."""
        excerpts = item.get("excerpts")
        for entry in excerpts if type(excerpts) is list else ():
            if type(entry) is dict and type(entry.get("quote")) is str and type(entry.get("source")) is str:
                source = self.sources.get(entry["source"].strip())
                if source is not None and source.text:
                    quote = entry["quote"].strip()
                    if quote and locate(source.text, quote).occurrences == 0:
                        raise Declined("a quote is not in its source")

    # -- column checks ------------------------------------------------------------------------------------------

    def _text(self, values: list[Any], slow: set[int], *, strip: bool, plain: bool = False,
              slug: bool = False) -> list[Any]:
        """A required text column, stripped where the marked path strips it; events with anything else (not
        text, empty, read otherwise by the other YAML version, an id not a slug) go to `slow`."""
        texts, stripped = values, None
        if strip:
            try:  # every value text, or a TypeError: the type check and the stripping in one pass
                stripped = list(map(str.strip, values))
            except TypeError:
                pass
        if stripped is None and set(map(type, values)) != {str}:
            slow.update(i for i, value in enumerate(values) if type(value) is not str)
            texts = [value if type(value) is str else "" for value in values]
        odd = self._odd_texts(texts, plain)
        if odd:
            slow.update(i for i, value in enumerate(texts) if value in odd)
        if strip:
            texts = stripped if stripped is not None else list(map(str.strip, texts))
        if "" in texts:
            slow.update(i for i, value in enumerate(texts) if not value)
        if slug and not all(map(_ID, texts)):
            slow.update(i for i, value in enumerate(texts) if not _ID(value))
        return texts

    def _odd_texts(self, values: list[str], plain: bool) -> set[str]:
        """The values YAML 1.1 might read as other than this text (none for a file not read as YAML)."""
        if not self.yaml:
            return set()
        if plain:  # a date to the minute with its offset is text in both versions (YAML 1.1's needs seconds)
            return {value for value in dict.fromkeys(values) if not _TIMED_FORM(value) and not plain_text_ok(value)}
        return {value for value in _risky(values) if not plain_text_ok(value)}

    def _categories(self, values: list[Any], slow: set[int]) -> list[str]:
        known = self.categories
        if set(map(type, values)) - {str, type(ABSENT)}:
            slow.update(i for i, value in enumerate(values) if value is not ABSENT and type(value) is not str)
            values = [value if value is ABSENT or type(value) is str else None for value in values]
        verdict: dict[Any, str | None] = {}
        for value in dict.fromkeys(values):
            ok = value is ABSENT or (type(value) is str and bool(value.strip()) and
                                     (not self.yaml or value[:1] not in _RISKY_FIRST or plain_text_ok(value)) and
                                     (not known or value.strip() in known))
            verdict[value] = ("" if value is ABSENT else value.strip()) if ok else None
        out = list(map(verdict.__getitem__, values))
        if None in verdict.values():
            slow.update(i for i, value in enumerate(out) if value is None)
        return out  # type: ignore[return-value]

    def _absent_or_text(self, values: list[Any], slow: set[int]) -> list[Any]:
        """An optional text column (precision, end) with anything but text or absence sent to `slow` (and read
        as absent here)."""
        if set(map(type, values)) - {str, type(ABSENT)}:
            slow.update(i for i, value in enumerate(values) if value is not ABSENT and type(value) is not str)
            return [value if value is ABSENT or type(value) is str else ABSENT for value in values]
        return values

    def _optional(self, values: list[Any], slow: set[int], valid: Callable[[str], bool]) -> list[str]:
        """notes or media: absent ("") or text that passes `valid` once stripped."""
        if set(map(type, values)) == {type(ABSENT)}:
            return [""] * len(values)
        out: list[str] = []
        for i, value in enumerate(values):
            if value is ABSENT:
                out.append("")
            elif type(value) is not str or (self.yaml and not plain_text_ok(value)) or not valid(value.strip()):
                slow.add(i)
                out.append("")
            else:
                out.append(value.strip())
        return out

    def _per_value(self, values: list[Any], slow: set[int], read: Callable[[Any], Any]) -> list[Any]:
        """`read` of each distinct value (as `_hashable` keys it) once; events whose value reads as None go to
        `slow`."""
        try:  # a column of lists, or of text and tuples (a CSV's places), keyed at C speed as `_hashable` keys them
            types = set(map(type, values))
            keys = list(map(tuple, values)) if types == {list} else \
                values if types <= {str, tuple} else list(map(_hashable, values))
            distinct = dict.fromkeys(keys)
        except TypeError:  # a list or mapping inside a value: `_hashable` makes it None
            keys = list(map(_hashable, values))
            distinct = dict.fromkeys(keys)
        found = {k: None if k is None else read(k) for k in distinct}
        out = list(map(found.__getitem__, keys))
        if None in found.values():
            slow.update(i for i, value in enumerate(out) if value is None)
        return out

    def _place_ids(self, key: str | tuple[Any, ...]) -> tuple[str, ...] | None:
        names = [key] if type(key) is str else key
        if not names:
            return None
        out: list[str] = []
        for name in names:
            if type(name) is not str or (self.yaml and not plain_text_ok(name)):
                return None
            place_id = self.names.resolve(name)
            if place_id is None:
                return None
            if place_id not in out:
                out.append(place_id)
        return tuple(out)

    def _zones(self, place_ids: list[Any], slow: set[int]) -> list[timezone | None]:
        """The zone each event's date is read in: its first place's with an offset, else the period's."""
        places = self.places
        zone: dict[Any, timezone | None] = {}
        for ids in dict.fromkeys(place_ids):
            zone[ids] = None if ids is None else \
                next((offset for p in ids if (offset := places[p].utc_offset)), None) or self.period.tz
        return list(map(zone.__getitem__, place_ids))

    def _excerpts(self, values: list[Any], slow: set[int],
                  repeats: tuple[list[Any], list[int]] | None = None) -> list[Any]:
        """Per event: its excerpts as rows, its distinct sources, its row's `when` (the first excerpt's source);
        None (and `slow`) for an event the per-event checks must read. Most events quote one source once, with
        no note: those are taken apart with `itemgetter` over the whole column and read once per distinct
        (source, quote). A CSV's rows with the same excerpts cell are read once: `repeats`, the column's distinct
        values and each row's index among them, as the CSV reading found them."""
        if repeats is not None:
            distinct, index = repeats
            found = self._excerpts_of(distinct)
            out = list(map(found.__getitem__, index))
            if None in found:
                slow.update(i for i, value in enumerate(out) if value is None)
            return out
        out = self._excerpts_of(values)
        if None in out:
            slow.update(i for i, found in enumerate(out) if found is None)
        return out

    def _excerpts_of(self, values: list[Any]) -> list[Any]:
        out: list[Any] = [None] * len(values)
        singles = self._singles(values)
        positions, pairs = singles if singles is not None else ([], [])
        others = [] if len(positions) == len(values) else \
            [(entry["source"], entry["quote"]) for i in sorted(set(range(len(values))) - set(positions))
             if type(value := values[i]) is list for entry in value
             if type(entry) is dict and type(entry.get("source")) is str and type(entry.get("quote")) is str]
        try:  # each pair read where it stands (a passage that several events quote is still sought once)
            if others:  # read one by one: their sources indexed with every quote first (`_locate` does the rest)
                self._index_quotes(pairs + others)
            found = self._read_singles(pairs) if pairs else []
        except TypeError:  # a list or mapping for a source (or, with `others`, a quote): one by one
            positions, found = [], []
            if others:
                self._index_quotes(others)
        if len(positions) == len(values):
            out = found
        else:
            for position, value in zip(positions, found, strict=True):
                out[position] = value
        done = len(positions)
        if done < len(values):
            for i, value in enumerate(values):
                if out[i] is None and type(value) is list and value:
                    out[i] = self._as_rows(self._excerpt_list(value))
        return out

    def _singles(self, values: list[Any]) -> tuple[Sequence[int], list[tuple[Any, Any]]] | None:
        """The events whose excerpts are one mapping of a source and a quote, and those (source, quote) pairs."""
        if set(map(type, values)) == {list} and set(map(len, values)) == {1}:
            positions: Sequence[int] = range(len(values))
            entries = list(map(_FIRST, values))
        else:
            positions = [i for i, value in enumerate(values) if type(value) is list and len(value) == 1]
            entries = [values[i][0] for i in positions]
        if set(map(type, entries)) != {dict} or set(map(len, entries)) != {2}:
            kept = [i for i, entry in enumerate(entries) if type(entry) is dict and len(entry) == 2 and
                    "source" in entry and "quote" in entry]
            positions = [positions[i] for i in kept]
            entries = [entries[i] for i in kept]
        try:
            pairs = list(map(_PAIR, entries))
        except KeyError:  # no source or quote: one by one
            return None
        return positions, pairs

    def _read_singles(self, pairs: list[tuple[Any, Any]]) -> list[Any]:
        """Each (source, quote) of an excerpt without a note, in the order given: its row, its sources and its
        event's `when` (what `_as_rows` makes of `_excerpt_list`), or None; worked out a source at a time, each
        check over a source's whole list of quotes."""
        out: list[Any] = [None] * len(pairs)
        written_ids = list(map(_FIRST, pairs))
        distinct = dict.fromkeys(written_ids)
        if len(distinct) == 1:  # one source, as a long one often is
            groups: Iterable[tuple[Any, Sequence[int]]] = [(written_ids[0], range(len(pairs)))]
        else:  # the positions of each source's pairs, grouped by a stable sort of the sources' numbers
            number = {written: index for index, written in enumerate(distinct)}
            codes = np.fromiter(map(number.__getitem__, written_ids), dtype=np.int64, count=len(pairs))
            order = np.argsort(codes, kind="stable")
            bounds = np.cumsum(np.bincount(codes, minlength=len(number))).tolist()
            groups = zip(number, (order[start:end].tolist() for start, end in zip([0, *bounds], bounds)))
        for written, positions in groups:
            if type(written) is not str or (self.yaml and not plain_text_ok(written)):
                continue
            quotes = list(map(_QUOTE, pairs if len(positions) == len(pairs) else map(pairs.__getitem__, positions)))
            if set(map(type, quotes)) != {str}:
                positions = [at for at, quote in zip(positions, quotes) if type(quote) is str]
                quotes = [quote for quote in quotes if type(quote) is str]
            if risky := self._odd_texts(quotes, plain=False):
                positions = [at for at, quote in zip(positions, quotes) if quote not in risky]
                quotes = [quote for quote in quotes if quote not in risky]
            source_id = written.strip()
            quotes = list(map(str.strip, quotes))
            found, starts, ends = self._locate(source_id, quotes)
            rows = zip(repeat(source_id), compress(quotes, found), starts, ends, repeat(""))
            # each pair's ([row], sources, when), made by C loops (zip of one row: a 1-tuple, listed: [row])
            values = zip(map(list, zip(rows)), repeat((source_id,)), repeat(_when_row(source_id)))
            if len(positions) == len(out) and all(found):
                out = list(values)
            else:
                for at, value in zip(compress(positions, found), values):
                    out[at] = value
        return out

    def _locate(self, source_id: str, quotes: list[str]) -> tuple[list[bool], list[int], list[int]]:
        """Which quotes stand in their source once and are long enough (`quoteindex.locate_all`, as
        `selectors.locate` finds them), and where those stand (the rest is reported by the per-event checks)."""
        source = self.sources.get(source_id)
        if source is None or not source.text:
            return [False] * len(quotes), [], []
        places = locate_all(normalized(source.text), quotes)
        once = np.flatnonzero(places.count == 1)  # (a quote not found, or found twice, is the marked path's)
        words = self.reader.limits.min_quote_words
        sure = np.fromiter(map(is_not, map(_enough_words(words), map(quotes.__getitem__, once.tolist())),
                               repeat(None)), bool, len(once))
        found = np.zeros(len(quotes), dtype=bool)
        found[once[sure]] = True
        for index in once[~sure].tolist():  # the few the pattern is not sure of: counted
            found[index] = bool(quotes[index]) and short_quote(quotes[index], words) is None
        chosen = np.flatnonzero(found)
        return found.tolist(), places.start[chosen].tolist(), places.end[chosen].tolist()

    def _as_rows(self, excerpts: tuple[Excerpt, ...] | None) -> tuple[list[ExcerptRow], tuple[str, ...], Any] | None:
        if excerpts is None:
            return None
        rows = [(x.source_id, x.quote, x.match.start, x.match.end, x.note) for x in excerpts if x.match is not None]
        sources = tuple(dict.fromkeys(x.source_id for x in excerpts))
        return rows, sources, _when_row(excerpts[0].source_id)

    def _excerpt_list(self, value: list[Any]) -> tuple[Excerpt, ...] | None:
        out = []
        for entry in value:
            if type(entry) is not dict or not entry.keys() <= _EXCERPT_KEYS:
                return None
            source_id, quote, note = entry.get("source"), entry.get("quote"), entry.get("note", "")
            if type(source_id) is not str or type(quote) is not str or type(note) is not str or \
                    (self.yaml and not (plain_text_ok(source_id) and plain_text_ok(quote) and plain_text_ok(note))):
                return None
            source_id, quote = source_id.strip(), quote.strip()
            if "note" in entry:
                note = note.strip()
                if not note:
                    return None
            match = self._match(source_id, quote)
            if match is None:
                return None
            out.append(Excerpt(source_id, quote, match, note))
        return tuple(out)

    def _match(self, source_id: str, quote: str) -> Match | None:
        """The one place a quote stands in its source (`_locate`), kept for the next excerpt quoting it."""
        match = self.matches.get((source_id, quote))
        if match is None:
            found, starts, ends = self._locate(source_id, [quote])
            if not found[0]:
                return None
            match = self.matches[(source_id, quote)] = Match(starts[0], ends[0])
        return match

    def _windows(self, parts: EventParts, raws: list[Any], precisions: list[Any], ends: list[Any],
                 zones: list[Any], contexts: list[Any], slow: set[int]) -> list[int]:
        """Each event's window, as an index into `parts.windows` (-1, and `slow`, for one not read here)."""
        keys = list(zip(raws, precisions, ends, zones, contexts))
        first: dict[Any, int] = {}
        where = list(map(first.setdefault, keys, range(len(keys))))  # each event's key, first found where
        distinct = list(first)
        codes: list[int | None] = [None] * len(distinct)
        timed = self._timed_keys(distinct)
        if timed:
            for index, code in zip(timed, self._timed_windows(parts, list(map(distinct.__getitem__, timed)))):
                codes[index] = code
        for index, key in enumerate(distinct):
            if codes[index] is not None:
                continue
            try:
                window = self._window(*key)
            except TypeError:  # an unhashable or odd value: read one by one
                window = None
            codes[index] = -1 if window is None else parts.windows.add(window)
        at_first = np.empty(len(keys), dtype=np.int64)
        at_first[list(first.values())] = cast(list[int], codes)  # every one worked out by now
        out: list[int] = at_first[where].tolist()
        if -1 in codes:
            slow.update(i for i, code in enumerate(out) if code == -1)
        return out

    @staticmethod
    def _timed_keys(keys: list[tuple[Any, ...]]) -> list[int]:
        """Which (date, precision, end, zone, context) keys `_timed_windows` reads: a date to the minute with its
        offset, no precision or a clock one, no end, a zone. Each test mapped over the whole list at C speed (the
        dates are text: `_text` made them so)."""
        if not keys:
            return []
        raws, precisions, ends, zones, _contexts = zip(*keys)
        simple = np.fromiter(map(_CLOCK_OR_NONE.__contains__, precisions), bool, len(keys)) & \
            np.fromiter(map(is_, ends, repeat(ABSENT)), bool, len(keys)) & \
            np.fromiter(map(is_not, zones, repeat(None)), bool, len(keys))
        candidates = np.flatnonzero(simple).tolist()
        return list(compress(candidates, map(_TIMED_FORM, map(raws.__getitem__, candidates))))

    def _timed_windows(self, parts: EventParts, keys: list[tuple[Any, ...]]) -> list[int | None]:
        """The windows of dates written 'YYYY-MM-DDTHH:MM+HH:MM' to the minute (given, or by default) or the
        hour, worked out together with numpy (a file of timestamps has tens of thousands of distinct ones): per
        key, what `_window` gives it, or None for a date numpy does not read (`_window` then reads it, and says
        why not)."""
        raws = [key[0] for key in keys]
        try:
            local = np.array([raw[:16] for raw in raws], dtype="datetime64[m]").astype(np.int64)
        except ValueError:
            return [None] * len(keys)
        digits = np.array(raws, dtype="U22").view(np.uint32).reshape(-1, 22).astype(np.int64) - ord("0")
        hours, minutes = digits[:, 17] * 10 + digits[:, 18], digits[:, 20] * 10 + digits[:, 21]
        sign = np.where(digits[:, 16] == ord("-") - ord("0"), -1, 1)
        offset = sign * (hours * 60 + minutes)  # minutes east of UTC
        year = local.astype("datetime64[m]").astype("datetime64[Y]").astype(np.int64) + 1970
        hourly = np.array([key[1] == "hour" for key in keys])
        start = np.where(hourly, local - local % 60, local)  # local wall-clock minutes since the epoch
        day = start // 1440
        context = np.array([key[4] is True for key in keys])
        first, last = (np.datetime64(d, "D").astype(np.int64) for d in (self.period.start, self.period.end))
        ok = (hours < 24) & (minutes < 60) & (year >= FIRST_YEAR) & (year <= LAST_YEAR) & \
            (context | ((day >= first) & (day <= last)))
        micros = (start - offset) * 60_000_000
        length = np.where(hourly, 3_600_000_000, 60_000_000)
        table, good = parts.windows, ok.tolist()
        chosen = good.count(True)
        seconds = list(compress((offset * 60).tolist(), good))
        first_index = len(table.starts)
        table.starts.extend(zip(compress(micros.tolist(), good), seconds))
        table.ends.extend(zip(compress((micros + length).tolist(), good), seconds))
        table.precisions.extend(compress(np.where(hourly, "hour", "minute").tolist(), good))  # none given: minute
        table.spans.extend([False] * chosen)
        table.exact.extend([True] * chosen)
        numbers = iter(range(first_index, len(table.starts)))
        return [next(numbers) if read else None for read in good]

    def _window(self, raw: Any, precision_given: Any, end_raw: Any, tz: timezone | None,
                context: Any) -> Window | None:
        if tz is None or type(raw) is not str or (context is not ABSENT and type(context) is not bool):
            return None
        context = context is True
        if (precision_given is not ABSENT and (type(precision_given) is not str or
                                               (self.yaml and not plain_text_ok(precision_given)))) or \
                (end_raw is not ABSENT and (type(end_raw) is not str or (self.yaml and not plain_text_ok(end_raw)))):
            return None
        value = self._date(raw)
        end = self._date(end_raw) if end_raw is not ABSENT else None
        if value is None or (end_raw is not ABSENT and end is None):
            return None
        precision = Precision.DAY if not isinstance(value, datetime) else Precision.MINUTE
        if precision_given is not ABSENT:
            if precision_given not in _PRECISIONS:
                return None
            precision = _PRECISIONS[precision_given]
        if precision in TIMED and not isinstance(value, datetime):
            return None
        window = window_for(value, precision, tz, end=end, floor=self.floor)
        if window.end <= window.start:
            return None
        local_day = value.date() if isinstance(value, datetime) else value
        if not context and not (self.period.start <= local_day <= self.period.end):
            return None
        return window

    def _date(self, raw: Any) -> date | datetime | None:
        if type(raw) is not str:
            return None
        value = self.dates.get(raw)
        if value is None:
            try:
                value = self.dates[raw] = parse_when_value(raw)
            except ValueError:
                return None
        return value

    def _index_quotes(self, pairs: Iterable[tuple[Any, Any]]) -> None:
        """Every source's quotes found in one pass over it (as `quoteindex.index_quotes` does for a marked tree)."""
        wanted: dict[Any, set[Any]] = {}
        for source_id, quote in dict.fromkeys(pairs):
            quotes = wanted.get(source_id)
            if quotes is None:
                wanted[source_id] = {quote}
            else:
                quotes.add(quote)
        for source_id, quotes in wanted.items():
            source = self.sources.get(source_id) if type(source_id) is str else None
            quotes = {quote for quote in quotes if type(quote) is str}
            if source is not None and source.text and len(quotes) >= MIN_QUOTES:
                find_quotes(normalized(source.text), quotes)


class _Seen(Mapping[str, Event]):
    """The events above the one being read: the bulk-read ones above `limit` (made into Events when asked for) and
    those read one by one so far."""

    def __init__(self, fast: EventParts, positions: list[int]):
        self.fast, self.limit = fast, 0
        self.slow: dict[str, Event] = {}
        self._where: dict[str, tuple[int, int]] | None = None  # id -> (file position, index in `fast`)
        self._positions = positions

    @property
    def where(self) -> dict[str, tuple[int, int]]:
        if self._where is None:
            self._where = {event_id: (position, index) for index, (event_id, position)
                           in enumerate(zip(self.fast.ids, self._positions))}
        return self._where

    def __getitem__(self, event_id: str) -> Event:
        found = self.slow.get(event_id)
        if found is not None:
            return found
        at = self.where.get(event_id)
        if at is None or at[0] >= self.limit:
            raise KeyError(event_id)
        return _event_of(self.fast, at[1])

    def __iter__(self) -> Iterator[str]:
        yield from (event_id for event_id, (position, _index) in self.where.items() if position < self.limit)
        yield from self.slow

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _when_row(source_id: str) -> tuple[Any, ...]:
    """A row's `when` for an event without a phrase: `When(source_id=...)`, as the marked path gives it."""
    return ("", source_id, "", "", False, "", False, "")


def _event_of(parts: EventParts, index: int) -> Event:
    """One bulk-read event as an Event (for an `after:` naming it)."""
    return _event(_row(parts, index))


def _hashable(value: Any) -> Any:
    """A places value as a dict key: text or a tuple as it is, a list as a tuple; None for anything else."""
    if type(value) is str or type(value) is tuple:
        return value
    if type(value) is list:
        try:
            key = tuple(value)
            hash(key)
        except TypeError:
            return None
        return key
    return None


def _risky(texts: list[str]) -> list[str]:
    """The texts `plain_text_ok` must look into: those whose first character could make YAML read them as other
    than text, a letter only when the text is short enough to be a YAML 1.1 bool or null. Found by C loops (a
    one-character slice of a str is a cached object for a Latin-1 character), as most texts are none of them."""
    firsts = list(map(getitem, texts, repeat(_FIRST_CHARACTER)))
    if _RISKY_FIRST.isdisjoint(firsts):
        return []
    n = len(texts)
    doubtful = np.fromiter(map(_RISKY_SIGNS.__contains__, firsts), bool, n)
    letters = np.fromiter(map(_RISKY_LETTERS.__contains__, firsts), bool, n)
    if letters.any():
        doubtful |= letters & (np.fromiter(map(len, texts), np.int64, n) <= LONGEST_WORD)
    return list(compress(texts, doubtful.tolist()))


_FIRST_CHARACTER = slice(0, 1)
_RISKY_LETTERS = frozenset(char for char in _RISKY_FIRST if char.isalpha())
_RISKY_SIGNS = _RISKY_FIRST - _RISKY_LETTERS
_NO_CONFLICTS: list[Any] = []
#: A date and time to the minute with its UTC offset, as `kztimeline` and most tools write one.
_TIMED_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}").fullmatch
#: A precision `_timed_windows` reads: one of the clock's, or none given.
_CLOCK_OR_NONE = frozenset(("minute", "hour", ABSENT))
_FIRST = itemgetter(0)
_PAIR = itemgetter("source", "quote")
_QUOTE = itemgetter(1)
#: Whether a quote's first words are enough words that hold a letter or digit (`excerpts.short_quote` at the
#: default limit, which the fast path checks): most quotes are found so by a regex, the rest counted by short_quote.
#: Each word is a run of non-space characters with a letter or digit in it, taken possessively: a pattern that
#: could give back characters took minutes to fail on a quote of two words of thousands of letters.
_WORD = r"(?:[^\w\s]|_)*+[^\W_]\S*+"


@lru_cache(maxsize=8)
def _enough_words(count: int) -> Callable[[str], re.Match[str] | None]:
    """Whether a quote's first words are `count` words that hold a letter or digit (`--limit min-quote-words`)."""
    return re.compile(r"\s*+" + r"\s++".join([_WORD] * count)).match


_ENOUGH_WORDS = _enough_words(DEFAULT_LIMITS.min_quote_words)
_ID = ID_PATTERN.fullmatch


__all__ = ["ABSENT", "FAST_KEYS", "EventTable", "TableBuilder", "events_reader"]
