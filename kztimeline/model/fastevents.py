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
from datetime import date, datetime, timezone
from typing import Any

from ..geo.gazetteer import Gazetteer
from .dates import TIMED, Precision, Window, parse_when_value, window_for
from .entities import Category, Event, Excerpt, Period, Place, Source, When
from .eventparse import EVENT_REQUIRED, PRECISIONS, _read_event
from .excerpts import Match, normalized, short_quote
from .fastyaml import Declined, FastDocument, plain_text_ok, scalars_agree, to_marked
from .order import EPOCH, MICROSECOND
from .placenames import PlaceResolver
from .quoteindex import MIN_QUOTES, find_quotes
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
        self.place_ids: dict[str, str] = {}  # a name as written -> its place's id (resolved ones only)
        self.dates: dict[Any, date | datetime] = {}  # a date as written -> its value
        self.windows: dict[tuple[Any, ...], Window] = {}
        self.matches: dict[tuple[str, str], Match] = {}  # (source id, quote) -> its one place in the source
        self.short: dict[str, bool] = {}
        self.whens: dict[str, When] = {}
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
        if not scalars_agree(self.document.event_text(index)):
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
        if not (plain_text_ok(event_id) and plain_text_ok(title) and plain_text_ok(raw)):
            return None
        event_id, title = event_id.strip(), title.strip()
        if not event_id or not title or event_id in seen or not ID_PATTERN.fullmatch(event_id):
            return None
        context = item.get("context", False)
        category = item.get("category", "")
        notes = item.get("notes", "")
        media = item.get("media", "")
        if type(context) is not bool or type(category) is not str or type(notes) is not str or \
                type(media) is not str or not (plain_text_ok(category) and plain_text_ok(notes)
                                               and plain_text_ok(media)):
            return None
        if "category" in item:
            category = category.strip()
            if not category or (self.categories and category not in self.categories):
                return None
        if "notes" in item:
            notes = notes.strip()
            if not notes:
                return None
        if "media" in item:
            media = media.strip()
            if not media or not media.startswith(("http://", "https://")):
                return None
        place_ids = self._place_ids(item["places"])
        excerpts = self._excerpts(item["excerpts"])
        if place_ids is None or excerpts is None:
            return None
        tz = next((offset for p in place_ids if (offset := self.places[p].utc_offset)), None) or self.period.tz
        window = self._window(item, raw, tz, context)
        if window is None:
            return None
        when = self.whens.get(excerpts[0].source_id)
        if when is None:
            when = self.whens[excerpts[0].source_id] = When(source_id=excerpts[0].source_id)
        return Event(event_id, title, window, place_ids, category, excerpts, when, (), context, raw, line,
                     notes=notes, media=media, unverified="")

    def _place_ids(self, value: Any) -> tuple[str, ...] | None:
        names = [value] if type(value) is str else value if type(value) is list else None
        if not names:
            return None
        out: list[str] = []
        known = self.place_ids
        for name in names:
            place_id = known.get(name) if type(name) is str else None
            if place_id is None:
                if type(name) is not str or not plain_text_ok(name) or (place_id := self.names.resolve(name)) is None:
                    return None
                known[name] = place_id
            if place_id not in out:
                out.append(place_id)
        return tuple(out)

    def _excerpts(self, value: Any) -> tuple[Excerpt, ...] | None:
        if type(value) is not list or not value:
            return None
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
        the per-event checks)."""
        source = self.sources.get(source_id)
        if source is None or not source.text or not quote or short_quote(quote) is not None:
            return None
        located = locate(source.text, quote)
        if located.match is None or located.occurrences != 1:
            return None
        self.matches[(source_id, quote)] = located.match
        return located.match

    def _window(self, item: dict[str, Any], raw: str, tz: timezone, context: bool) -> Window | None:
        precision_given = item.get("precision", "")
        end_raw = item.get("end", "")
        if type(precision_given) is not str or type(end_raw) is not str or \
                not (plain_text_ok(precision_given) and plain_text_ok(end_raw)):
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
        wanted: dict[str, set[str]] = {}
        for item in items:
            excerpts = item.get("excerpts")
            if type(excerpts) is not list:
                continue
            for entry in excerpts:
                if type(entry) is dict:
                    source_id, quote = entry.get("source"), entry.get("quote")
                    if type(source_id) is str and type(quote) is str:
                        wanted.setdefault(source_id, set()).add(quote)
        for source_id, quotes in wanted.items():
            source = self.sources.get(source_id)
            if source is not None and source.text and len(quotes) >= MIN_QUOTES:
                find_quotes(normalized(source.text), quotes)

    def _ordered(self, events: Any) -> list[Event]:
        """`order.time_order`, with each window's instants computed once."""
        instants: dict[int, tuple[int, int]] = {}

        def key(event: Event) -> tuple[int, int, str]:
            window = event.window
            found = instants.get(id(window))
            if found is None:
                found = instants[id(window)] = ((window.start - EPOCH) // MICROSECOND,
                                                (window.end - EPOCH) // MICROSECOND)
            return found[0], found[1], event.id

        return sorted(events, key=key)


__all__ = ["FAST_KEYS", "events_reader"]
