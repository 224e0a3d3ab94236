"""Reading the events of a file parsed without marks (`fastyaml`), in bulk, to exactly the events the marked path
builds, or giving up (`Declined`).

The common event (id, title, date, precision, places, category, excerpts of known sources; no `when:`,
`conflicts:`, `unverified:`, `not_before:`, `at:`) is read here with what many events share computed once: a date
string with its precision and zone is one window, a place name one id, a quote of one source one match. Every
other event, and any event this code is not sure of, goes through `eventparse._read_event` itself, with the
`StrictReader` that gives up at the first problem; so every message still comes from the marked path, and an
event read here is one that path would read alike (a test compares the two on every file in tests/data and on
fuzzed documents).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from datetime import date, datetime, timezone
from typing import Any

from ..geo.gazetteer import Gazetteer
from .dates import TIMED, Precision, Window, parse_when_value, window_for
from .entities import Category, Event, Excerpt, Period, Place, Source, When
from .eventparse import EVENT_REQUIRED, PRECISIONS, _read_event
from .excerpts import Match, NormalizedText, fold, normalized, short_quote
from .fastyaml import _RISKY_FIRST, Declined, FastDocument, plain_text_ok, scalars_agree, to_marked
from .order import EPOCH, MICROSECOND
from .placenames import PlaceResolver
from .quoteindex import MIN_QUOTES, find_quotes, quote_table
from .results import Progress
from .schema import Reader
from .schema import ID_PATTERN
from .selectors import locate

#: The keys of an event read here; an event with any other goes to the per-event checks.
FAST_KEYS = frozenset(("id", "title", "date", "end", "precision", "places", "category", "excerpts", "context",
                       "notes", "media"))
_REQUIRED = frozenset((*EVENT_REQUIRED, "excerpts"))
_EXCERPT_KEYS = frozenset(("source", "quote", "note"))
_PRECISIONS = {name: Precision(name) for name in PRECISIONS}

EventsReader = Callable[[Reader, Any, Period, dict[str, Place], dict[str, Source], dict[str, Category],
                         Gazetteer, "Progress | None"], list[Event]]


def events_reader(document: FastDocument) -> EventsReader:
    """What `loader.load_tree` calls to index the quotes and read the events of `document`."""

    def read(reader: Reader, root: Any, period: Period, places: dict[str, Place], sources: dict[str, Source],
             categories: dict[str, Category], gazetteer: Gazetteer, progress: Progress | None) -> list[Event]:
        return _Bulk(reader, document, period, places, sources, categories, gazetteer).read(progress)

    return read


class _Bulk:
    """One file's events, with the caches that make the common event cheap."""

    def __init__(self, reader: Reader, document: FastDocument, period: Period, places: dict[str, Place],
                 sources: dict[str, Source], categories: dict[str, Category], gazetteer: Gazetteer):
        self.reader, self.document, self.period = reader, document, period
        self.places, self.sources, self.categories, self.gazetteer = places, sources, categories, gazetteer
        self.names = PlaceResolver(places, gazetteer)
        self.place_lists: dict[str | tuple[Any, ...], tuple[str, ...]] = {}  # places as written -> their ids
        self.zones: dict[tuple[str, ...], timezone] = {}  # place ids -> the zone their events' dates are in
        self.single: dict[tuple[str, str], tuple[Excerpt, ...]] = {}  # one excerpt as written -> as read
        self.dates: dict[Any, date | datetime] = {}  # a date as written -> its value
        self.windows: dict[tuple[Any, ...], Window] = {}
        self.matches: dict[tuple[str, str], Match] = {}  # (source id, quote) -> its one place in the source
        self.short: dict[str, bool] = {}
        self.texts: dict[str, tuple[str, NormalizedText, dict[str, list[int]]]] = {}  # a source's text, folded
        self.floor = period.start_dt

    def read(self, progress: Progress | None) -> list[Event]:
        items = self.document.events
        self._index_quotes(items)
        events: dict[str, Event] = {}
        lines = self.document.lines
        fast = self._event
        for index, item in enumerate(items):
            if progress and index % 2000 == 0:
                progress("Checking events", index, len(items))
            event = fast(item, lines[index], events)
            if event is None:
                event = self._checked(item, index, events)
            events[event.id] = event
        return self._ordered(events.values())

    def _checked(self, item: dict[str, Any], index: int, seen: dict[str, Event]) -> Event:
        """The event read by the marked path's own per-event checks (any problem declines the whole file)."""
        if self.document.text and not scalars_agree(self.document.event_text(index)):
            raise Declined("a value the two YAML versions read differently")
        self._quotes_found(item)
        marked = to_marked(item, self.document.lines[index])
        event = _read_event(self.reader, marked, f"events[{index}]", seen, self.period, self.places, self.names,
                            self.sources, self.categories)
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

    def _event(self, item: dict[str, Any], line: int, seen: dict[str, Event]) -> Event | None:
        """The common event, or None for the per-event checks to read."""
        keys = item.keys()
        if not keys <= FAST_KEYS or not _REQUIRED <= keys:
            return None
        event_id, title, raw = item["id"], item["title"], item["date"]
        if type(event_id) is not str or type(title) is not str or type(raw) is not str:
            return None
        if (event_id[:1] in _RISKY and not plain_text_ok(event_id)) or \
                (title[:1] in _RISKY and not plain_text_ok(title)) or not plain_text_ok(raw):
            return None
        event_id, title = event_id.strip(), title.strip()
        if not event_id or not title or event_id in seen or not _ID(event_id):
            return None
        get = item.get
        context, category, notes, media = get("context", False), get("category", ""), get("notes", ""), \
            get("media", "")
        if context is not False and type(context) is not bool:
            return None
        if category:
            if type(category) is not str or (category[:1] in _RISKY and not plain_text_ok(category)):
                return None
            category = category.strip()
            if not category or (self.categories and category not in self.categories):
                return None
        elif "category" in item:
            return None
        if notes or media or "notes" in item or "media" in item:
            if type(notes) is not str or type(media) is not str or not plain_text_ok(notes) or \
                    not plain_text_ok(media):
                return None
            notes, media = notes.strip(), media.strip()
            if ("notes" in item and not notes) or \
                    ("media" in item and not media.startswith(("http://", "https://"))):
                return None
        places_given = item["places"]
        place_ids = self.place_lists.get(places_given) if type(places_given) is str else None
        if place_ids is None:
            place_ids = self._place_ids(places_given)
            if place_ids is None:
                return None
        excerpts = self._excerpts(item["excerpts"])
        if excerpts is None:
            return None
        tz = self.zones.get(place_ids)
        if tz is None:
            places = self.places
            tz = self.zones[place_ids] = next((offset for p in place_ids if (offset := places[p].utc_offset)),
                                              None) or self.period.tz
        window = self._window(item, raw, tz, context)
        if window is None:
            return None
        # One When per event, as the marked path makes them: shared ones leave the class's instances laid out
        # less compactly in this process (a dataset later decoded from the cache took 112 more bytes per event).
        when = When(source_id=excerpts[0].source_id)
        # Through __init__: filling the instance's __dict__ directly saves a third of the time but gives every
        # event a dict of its own keys, some 320 bytes more per event than the attributes __init__ sets in order.
        return Event(event_id, title, window, place_ids, category, excerpts, when, (), context, raw, line,
                     notes=notes, media=media, unverified="")

    def _place_ids(self, value: Any) -> tuple[str, ...] | None:
        if type(value) is not str and type(value) is not list:
            return None
        key: str | tuple[Any, ...] = value if type(value) is str else tuple(value)
        try:
            found = self.place_lists.get(key)
        except TypeError:  # a mapping among the places: the per-event checks say what is wrong
            return None
        if found is not None:
            return found
        names = [value] if type(value) is str else value
        if not names:
            return None
        out: list[str] = []
        for name in names:
            if type(name) is not str or not plain_text_ok(name):
                return None
            place_id = self.names.resolve(name)
            if place_id is None:
                return None
            if place_id not in out:
                out.append(place_id)
        found = self.place_lists[key] = tuple(out)
        return found

    def _excerpts(self, value: Any) -> tuple[Excerpt, ...] | None:
        if type(value) is not list or not value:
            return None
        if len(value) == 1:  # most events: one excerpt, as often quoted elsewhere
            entry = value[0]
            if type(entry) is dict and len(entry) == 2:
                source_id, quote = entry.get("source"), entry.get("quote")
                if type(source_id) is str and type(quote) is str:
                    found = self.single.get((source_id, quote))
                    if found is not None:
                        return found
                    excerpts = self._excerpt_list(value)
                    if excerpts is not None:
                        self.single[(source_id, quote)] = excerpts
                    return excerpts
        return self._excerpt_list(value)

    def _excerpt_list(self, value: list[Any]) -> tuple[Excerpt, ...] | None:
        out = []
        for entry in value:
            if type(entry) is not dict or not entry.keys() <= _EXCERPT_KEYS:
                return None
            source_id, quote, note = entry.get("source"), entry.get("quote"), entry.get("note", "")
            if type(source_id) is not str or type(quote) is not str or type(note) is not str or \
                    not (plain_text_ok(source_id) and plain_text_ok(quote) and plain_text_ok(note)):
                return None
            source_id, quote = source_id.strip(), quote.strip()
            if "note" in entry:
                note = note.strip()
                if not note:
                    return None
            match = self.matches.get((source_id, quote))
            if match is None:
                match = self._match(source_id, quote)
                if match is None:
                    return None
            out.append(Excerpt(source_id, quote, match, note))
        return tuple(out)

    def _match(self, source_id: str, quote: str) -> Match | None:
        """The one place a quote stands in its source, if it is long enough; None for anything else (reported by
        the per-event checks). As `selectors.locate` finds it, from the quotes indexed in one pass."""
        found = self.texts.get(source_id)
        if found is None:
            source = self.sources.get(source_id)
            if source is None or not source.text:
                return None
            norm = normalized(source.text)
            found = self.texts[source_id] = (source.text, norm, quote_table(norm) or {})
        text, norm, table = found
        if not quote or short_quote(quote) is not None:
            return None
        folded = fold(quote)
        starts = table.get(folded) if folded else None
        if starts is not None:
            if len(starts) != 1:
                return None
            match = Match(norm.origin[starts[0]], norm.origin[starts[0] + len(folded) - 1] + 1)
        else:
            located = locate(text, quote)
            if located.match is None or located.occurrences != 1:
                return None
            match = located.match
        self.matches[(source_id, quote)] = match
        return match

    def _window(self, item: dict[str, Any], raw: str, tz: timezone, context: bool) -> Window | None:
        precision_given = item.get("precision", _ABSENT)
        end_raw = item.get("end", _ABSENT)
        if (precision_given is not _ABSENT and (type(precision_given) is not str or
                                                not plain_text_ok(precision_given))) or \
                (end_raw is not _ABSENT and (type(end_raw) is not str or not plain_text_ok(end_raw))):
            return None
        key = (raw, precision_given, end_raw, tz, context)
        window = self.windows.get(key)
        if window is not None:
            return window
        value = self._date(raw)
        end = self._date(end_raw) if "end" in item else None
        if value is None or ("end" in item and end is None):
            return None
        precision = Precision.DAY if not isinstance(value, datetime) else Precision.MINUTE
        if "precision" in item:
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
        self.windows[key] = window
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

    def _index_quotes(self, items: list[Any]) -> None:
        """Every source's quotes found in one pass over it (as `quoteindex.index_quotes` does for a marked tree)."""
        try:
            pairs = {(entry.get("source"), entry.get("quote")) for item in items
                     if type(excerpts := item.get("excerpts")) is list for entry in excerpts if type(entry) is dict}
        except TypeError:  # a list or mapping for a source or quote: reported by the per-event checks
            pairs = {(entry.get("source"), entry.get("quote")) for item in items
                     if type(excerpts := item.get("excerpts")) is list for entry in excerpts if type(entry) is dict
                     and type(entry.get("source")) is str and type(entry.get("quote")) is str}
        wanted: dict[str, set[str]] = {}
        for source_id, quote in pairs:
            if type(source_id) is str and type(quote) is str:
                wanted.setdefault(source_id, set()).add(quote)
        for source_id, quotes in wanted.items():
            source = self.sources.get(source_id)
            if source is not None and source.text and len(quotes) >= MIN_QUOTES:
                find_quotes(normalized(source.text), quotes)

    def _ordered(self, events: Any) -> list[Event]:
        """`order.time_order` (by start, end, then id): events grouped by their window's instants, computed once
        per window, the groups in time order and each group by id (most events share their window with others)."""
        instants: dict[int, tuple[int, int]] = {}
        groups: dict[tuple[int, int], list[Event]] = {}
        for event in events:
            window = event.window
            found = instants.get(id(window))
            if found is None:
                found = instants[id(window)] = ((window.start - EPOCH) // MICROSECOND,
                                                (window.end - EPOCH) // MICROSECOND)
            group = groups.get(found)
            if group is None:
                groups[found] = [event]
            else:
                group.append(event)
        out: list[Event] = []
        for found in sorted(groups):
            group = groups[found]
            if len(group) > 1:
                group.sort(key=_ID_OF)
            out.extend(group)
        return out


_ID_OF = attrgetter("id")
_RISKY = _RISKY_FIRST
_ABSENT = object()
_ID = ID_PATTERN.fullmatch


__all__ = ["FAST_KEYS", "events_reader"]
