"""What the editor proposes for a passage a user selected in an archived source: its sentence, the date phrases
around it (with what each resolves to, by the resolver `kztimeline check` uses), the places it names, a title.

Plain Python, no Qt: the window's "New Event from Selection" and the event editor call these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timezone
from typing import Any

from ..geo.gazetteer import Gazetteer, GazetteerEntry
from .dates import Precision
from .entities import Source
from .phrases import DAYS
from .proposals import Proposal, propose

Day = date  # (a DateChoice has a property named date)

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+|\n")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to the sentences it touches (a sentence ends at . ! ? … and white space, or a line)."""
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        begin = found.end()
    stop = _SENTENCE_END.search(text, max(end, begin))
    return begin, stop.start() if stop else len(text)


@dataclass(frozen=True)
class DateChoice:
    """A proposal as the fields it sets on an event: date, precision, end (None: no end) and the phrase."""

    proposal: Proposal
    source_id: str

    @property
    def phrase(self) -> str:
        return self.proposal.phrase

    @property
    def date(self) -> Day:
        return self.proposal.resolution.day

    @property
    def precision(self) -> str:
        value = self.proposal.resolution.precision
        return value.value if isinstance(value, Precision) else Precision.DAY.value

    @property
    def end(self) -> Day | None:
        resolution = self.proposal.resolution
        return resolution.last_day if resolution.precision == DAYS and resolution.last_day != resolution.day \
            else None

    def label(self) -> str:
        return f"‘{self.phrase}’ → {self.proposal.resolution.explanation}"

    def changes(self) -> dict[str, Any]:
        """The event fields (as EditEvent takes them, `when` apart) this choice sets."""
        return {"date": self.date, "precision": self.precision, "end": self.end}


def zone_finder(gazetteer: Gazetteer) -> Any:
    def zone_of(city: str) -> timezone | None:
        entry = gazetteer.resolve(city)
        return entry.utc_offset if entry is not None else None

    return zone_of


def passage_dates(source: Source, start: int, end: int, place_tz: timezone | None,
                  gazetteer: Gazetteer) -> list[DateChoice]:
    """The date phrases in the sentences around [start, end) of the source's text, resolved as the check resolves
    them (publication time and precision, datelines, the event's zone)."""
    begin, stop = sentence_span(source.text, start, end)
    found = propose(source.text, source.published, place_tz=place_tz, published_precision=source.published_precision,
                    zone_of=zone_finder(gazetteer))
    return [DateChoice(p, source.id) for p in found if p.start < stop and p.end > begin]


_NAME = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]*(?:[ -][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]*)*")


def named_places(text: str, gazetteer: Gazetteer) -> list[GazetteerEntry]:
    """Places the gazetteer knows among the capitalised names in `text`, in order of first mention."""
    out: list[GazetteerEntry] = []
    for found in _NAME.finditer(text):
        words = re.split(r"(?<=\w)[ ](?=\w)", found.group(0))
        for size in range(len(words), 0, -1):
            for first in range(0, len(words) - size + 1):
                entry = gazetteer.resolve(" ".join(words[first:first + size]))
                if entry is not None and entry not in out:
                    out.append(entry)
    return out


def short_title(quote: str, limit: int = 70) -> str:
    """A first title for an event made from a quote: its first words, cut at a word, without a final stop."""
    words = quote.split()
    title = ""
    for word in words:
        if len(title) + len(word) + 1 > limit:
            title += " …"
            break
        title = f"{title} {word}" if title else word
    title = title.strip().rstrip(".,;:")
    return title[:1].upper() + title[1:] if title else "New event"


def place_tz(places: Iterable[GazetteerEntry], fallback: timezone) -> timezone:
    return next((p.utc_offset for p in places if p.utc_offset is not None), fallback)
