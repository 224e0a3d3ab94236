"""The dataset's typed objects: places, sources, excerpts, events. Plain Python, immutable, no Qt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path

from .dates import Precision, Window, describe_window
from .excerpts import Match
from .palette import UNDECLARED_COLOUR

@dataclass(frozen=True, slots=True)
class Category:
    id: str
    label: str
    colour: str  # '#rrggbb'


@dataclass(frozen=True, slots=True)
class Place:
    """A lane on the timeline and a mark on the map."""

    id: str
    name: str
    kind: str  # city | region | country | international | site
    lat: float | None = None
    lon: float | None = None
    utc_offset: timezone | None = None
    gazetteer_id: str | None = None
    description: str = ""

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None and self.kind in ("city", "region", "site")


@dataclass(frozen=True, slots=True)
class Source:
    """An archived article: its metadata and its full captured text."""

    id: str
    outlet: str
    title: str
    published: datetime
    file: Path
    text: str
    author: str = ""
    published_precision: Precision = Precision.MINUTE
    published_basis: str = ""
    outlet_basis: str = ""
    url: str = ""
    captured: datetime | None = None  # when kztimeline captured it (sources added in the app or with `source add`)
    original: Path | None = None  # the bytes as received (HTML, WARC), when `file` is the text extracted from them
    accessed: date | None = None  # the day the archived copy was captured, where the dataset gives it

    @property
    def published_label(self) -> str:
        day = self.published
        label = f"{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"
        if self.published_precision in (Precision.MINUTE, Precision.HOUR):
            label += day.strftime(", %H:%M ") + (day.strftime("%z")[:3] + ":" + day.strftime("%z")[3:])
        return label


@dataclass(frozen=True, slots=True)
class Excerpt:
    source_id: str
    quote: str
    match: Match | None = None  # offsets in the source text once verified
    note: str = ""


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources that disagree about part of an event, and what about."""

    topic: str
    note: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class When:
    """How the event's date was derived from what a source says."""

    phrase: str = ""
    source_id: str = ""
    explanation: str = ""
    note: str = ""
    manual: bool = False  # the date was set by hand (`manual: true`, or no phrase); the note says how
    after: str = ""  # the event a chained phrase ("two days later") counts from
    resolved: bool = False  # the date was checked against its resolved phrase and agrees
    lang: str = ""  # the phrase's language code, where given (`lang:`)


NO_WHEN = When()


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    window: Window
    place_ids: tuple[str, ...]
    category: str
    excerpts: tuple[Excerpt, ...]
    when: When = NO_WHEN  # shared: most events have no phrase, and a When is immutable
    conflicts: tuple[Conflict, ...] = ()
    context: bool = False  # background outside the dataset's period
    raw_date: str = ""
    line: int = 0  # where the event starts in its file, for messages and "edit" actions
    notes: str = ""  # free text about the event (an imported slide's text, as plain text)
    media: str = ""  # an http(s) address of a picture or page that illustrates the event (kept, not shown inline)
    unverified: str = ""  # why no archived source backs the event (imported data); empty for a verified event

    @property
    def verified(self) -> bool:
        """False for an event marked `unverified:` (no excerpt backs it)."""
        return not self.unverified

    @property
    def start(self) -> datetime:
        return self.window.start

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.source_id for e in self.excerpts))

    def date_label(self, tz: timezone) -> str:
        return describe_window(self.window, tz)


class EventStore(Sequence[Event]):
    """A read-only sequence of events that finds one by id itself (`lazyevents.LazyEvents`: events a cache keeps
    as rows until asked for). A Dataset keeps such a sequence as it is instead of making a tuple of it."""

    __slots__ = ()

    def event_by_id(self, event_id: str) -> Event:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive last day
    tz: timezone

    @property
    def start_dt(self) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=self.tz)

    @property
    def end_dt(self) -> datetime:
        """The instant the period ends (midnight after its last day)."""
        return datetime(self.end.year, self.end.month, self.end.day, tzinfo=self.tz) + timedelta(days=1)


@dataclass(frozen=True)
class Dataset:
    """Everything one events file holds, checked and resolved. Events are sorted by time.

    Immutable: a changed dataset is a new Dataset (`dataclasses.replace`), so the id index, built on first use,
    always describes the events it was built from. The mappings are shared with the loader and must not be changed.
    """

    title: str
    period: Period
    places: Mapping[str, Place]
    sources: Mapping[str, Source]
    categories: Mapping[str, Category]
    events: Sequence[Event]
    path: Path | None = None
    description: str = ""
    digest: str = ""  # short hash of the file's bytes, to trace exports back to their data

    def __post_init__(self) -> None:
        if not isinstance(self.events, EventStore):
            object.__setattr__(self, "events", tuple(self.events))

    @property
    def timeline_events(self) -> list[Event]:
        """Events inside the period (context events are kept out of the January view)."""
        return [e for e in self.events if not e.context]

    def event(self, event_id: str) -> Event:
        if isinstance(self.events, EventStore):
            return self.events.event_by_id(event_id)
        return self._by_id[event_id]

    @cached_property
    def _by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def colour_of(self, category_id: str) -> str:
        """A category's colour, grey for a category the file does not declare."""
        category = self.categories.get(category_id)
        return category.colour if category else UNDECLARED_COLOUR

    def excerpt_count(self) -> int:
        return sum(len(e.excerpts) for e in self.events)
