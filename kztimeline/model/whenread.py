"""Reading an event's `when:` and checking its date against the phrase it comes from.

An event's date either comes from a `phrase` that stands in its source and resolves (see `phrases.resolve`), or the
`when:` says `manual: true` with a `note` on how the date was set. A note only explains: it never turns the check
off, and a phrase that resolves to another day or part of day than the event's date is always a problem.
"""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, timezone

from .dates import Precision
from .entities import Event, Excerpt, Source, When
from .excerpts import Match, fold, normalized

from .phrases import Anchor, ZoneOf, dateline_before, disagreement, resolve, short
from .schema import Reader, suggest
from .yamlnodes import LMap

WHEN_KEYS = ("phrase", "source", "note", "manual", "after", "lang")


def find_phrase(text: str, phrase: str) -> Match | None:
    """Where `phrase` stands in `text`, ignoring case, runs of white space and typographic variants."""
    words = fold(phrase).split()
    if not words:
        return None
    folded = normalized(text)
    found = re.search(r"\s*".join(re.escape(word) for word in words), folded.text, re.IGNORECASE)
    if found is None:
        return None
    return Match(folded.origin[found.start()], folded.origin[found.end() - 1] + 1)


def anchor_day(event: Event) -> date:
    """The day another event's chained phrase counts from: its date (for 'by' events, the bound)."""
    if event.window.precision is Precision.BY:
        return (event.window.end - timedelta(microseconds=1)).date()
    return event.window.start.date()


def read_when(reader: Reader, item: LMap, label: str | None, value: date | datetime, precision: Precision,
              end: date | datetime | None, tz: timezone, sources: Mapping[str, Source], excerpts: Sequence[Excerpt],
              seen: Mapping[str, Event], zone_of: ZoneOf | None) -> When:
    when = _read_when(reader, item, label, value, precision, end, tz, sources, excerpts, seen, zone_of)
    spec = item.get("when")
    lang = spec.get("lang") if isinstance(spec, LMap) else None
    return replace(when, lang=lang.strip()) if isinstance(lang, str) and lang.strip() else when


def _read_when(reader: Reader, item: LMap, label: str | None, value: date | datetime, precision: Precision,
               end: date | datetime | None, tz: timezone, sources: Mapping[str, Source], excerpts: Sequence[Excerpt],
               seen: Mapping[str, Event], zone_of: ZoneOf | None) -> When:
    spec = reader.get(item, "when", LMap, label)
    default_source = excerpts[0].source_id if excerpts else ""
    if spec is None:
        return When(source_id=default_source)
    reader.check_keys(spec, WHEN_KEYS, (), label, "when")
    phrase = reader.text(spec, "phrase", label, "when")
    source_id = reader.text(spec, "source", label, "when") or default_source
    note = reader.text(spec, "note", label, "when")
    manual = bool(reader.get(spec, "manual", bool, label, "when", default=False))
    after = reader.text(spec, "after", label, "when")
    lang = reader.text(spec, "lang", label, "when") or None
    source = sources.get(source_id)
    if source_id and source is None:
        if source_id not in reader.failed_ids:  # (a source that failed its own checks is reported once, there)
            reader.report(spec.at("source"), f"unknown source '{source_id}'{suggest(source_id, list(sources))}",
                          label, "when.source")
        return When(phrase, source_id, "", note, manual=manual, after=after)
    if manual and not note:
        reader.report(spec.at("manual"), "manual: true needs a note saying how the date was set", label,
                      "when.manual")
    if not phrase:
        if not manual:
            reader.report(spec.mark, "no phrase to check the date against: give the phrase the source dates it "
                          "with (phrase: ...), or say manual: true with a note on how the date was set", label,
                          "when")
        explanation = ""
        if source is not None:
            explanation = f"{source.outlet} of {source.published_label} gives no date; set by hand"
            if precision is Precision.BY:
                day = value.date() if isinstance(value, datetime) else value
                explanation += f": reported by {day.day} {day.strftime('%b %Y')}"
        return When("", source_id, explanation, note, manual=True, after=after)
    if source is None:
        return When(phrase, source_id, "", note, manual=manual, after=after)
    at = find_phrase(source.text, phrase) if source.text else None
    if source.text and at is None:
        reader.report(spec.at("phrase"), f"phrase '{phrase}' does not stand in source '{source_id}'", label,
                      "when.phrase")
    anchor = None
    if after:
        other = seen.get(after)
        if other is None:
            reader.report(spec.at("after"), f"unknown event '{after}'{suggest(after, list(seen))} (after: names an "
                          "event given above this one)", label, "when.after")
        else:
            day = anchor_day(other)
            anchor = Anchor(day, f"event '{after}' ({short(day)})")
    dateline = dateline_before(source.text, at.start) if at is not None else None
    resolution = resolve(phrase, source.published, place_tz=tz, published_precision=source.published_precision,
                         lang=lang, anchor=anchor, zone_of=zone_of, dateline=dateline)
    if resolution is None:
        if manual:
            return When(phrase, source_id, f"'{phrase}' is not resolved; set by hand", note, manual=True,
                        after=after)
        reader.report(spec.at("phrase"), f"cannot resolve '{phrase}' to a date (try `kztimeline date \"{phrase}\"`); "
                      "give a phrase the source dates it with, or say manual: true with a note on how the date was "
                      "set", label, "when.phrase")
        return When(phrase, source_id, "", note, after=after)
    if after and anchor is not None and not resolution.anchored:
        reader.report(spec.at("after"), f"'{phrase}' does not count from another event; after: is for phrases such "
                      "as 'two days later'", label, "when.after")
    wrong = disagreement(resolution, value, precision, end)
    if wrong is not None:
        key, message = wrong
        mark_key = key if key in item else "date"
        reader.report(item.at(mark_key), f"{message} (correct the {key}, or give the phrase that does date it)",
                      label, key)
    return When(phrase, source_id, resolution.explanation, note, after=after, resolved=wrong is None)
