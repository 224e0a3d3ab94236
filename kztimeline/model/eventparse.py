"""Reading and checking the `events:` list: dates and their phrases, places, categories, excerpts, conflicts."""

from __future__ import annotations

import re

from collections.abc import Sequence
from datetime import date, datetime, timezone
from functools import partial

from ..geo.gazetteer import Gazetteer
from .dates import TIMED, Precision, Window, parse_when_value, window_for
from .entities import Category, Conflict, Event, Excerpt, Period, Place, Source, When
from .excerpts import mismatch_detail, normalized, short_quote
from .order import time_order
from .placenames import PlaceResolver
from .problems import Problem
from .results import Progress
from .schema import Reader, suggest
from .selectors import check_quote
from .whenread import read_when
from .yamlnodes import LList, LMap, Mark

EVENT_KEYS = ("id", "title", "date", "end", "precision", "not_before", "when", "places", "category", "excerpts",
              "conflicts", "context", "notes", "media", "unverified")
#: Required keys of an event; `excerpts` too unless the event is marked `unverified:`.
EVENT_REQUIRED = ("id", "title", "date", "places")
EXCERPT_KEYS = ("source", "quote", "note", "at")
EXCERPT_REQUIRED = ("source", "quote")
CONFLICT_KEYS = ("topic", "note", "sources")
PRECISIONS = tuple(p.value for p in Precision)


def read_events(reader: Reader, root: LMap, period: Period, places: dict[str, Place], sources: dict[str, Source],
                categories: dict[str, Category], gazetteer: Gazetteer, progress: Progress | None = None
                ) -> list[Event]:
    names = PlaceResolver(places, gazetteer)
    events: dict[str, Event] = {}
    items = reader.mapping_items(root.get("events"), root.at("events"), "events")
    for index, (item, _mark) in enumerate(items):
        if progress and index % 2000 == 0:
            progress("Checking events", index, len(items))
        event = _read_event(reader, item, f"events[{index}]", events, period, places, names, sources, categories)
        if event is not None:
            events[event.id] = event
    return time_order(events.values())  # on numbers: comparing aware datetimes is slow


def _read_event(reader: Reader, item: LMap, where: str, seen: dict[str, Event], period: Period,
                places: dict[str, Place], names: PlaceResolver, sources: dict[str, Source],
                categories: dict[str, Category]) -> Event | None:
    event_id = reader.read_id(item, where, seen, event=True) if "id" in item else ""
    label = event_id or (str(item["id"]) if isinstance(item.get("id"), str) else None)
    unverified = reader.text(item, "unverified", label)
    required = EVENT_REQUIRED + (() if unverified else ("excerpts",))
    reader.check_keys(item, EVENT_KEYS, required, label, "")
    def report(key: str, message: str) -> None:
        reader.report(item.at(key), message, label, key)

    title = reader.text(item, "title", label)
    context = bool(reader.get(item, "context", bool, label, default=False))
    place_ids = _read_place_refs(reader, item, label, places, names)
    category = reader.text(item, "category", label)
    if category and categories and category not in categories:
        report("category", f"unknown category '{category}'{suggest(category, list(categories))}")
    excerpts = _read_excerpts(reader, item, label, sources)
    tz = next((places[p].utc_offset for p in place_ids if places[p].utc_offset), None) or period.tz
    window, raw, when = _read_date(reader, item, label, tz, period, sources, excerpts, context, seen, names)
    conflicts = _read_conflicts(reader, item, label, excerpts)
    if unverified and item.get("excerpts"):
        report("unverified", "an event with excerpts is verified by them: remove unverified: (or the excerpts)")
    media = reader.text(item, "media", label)
    if media and not media.startswith(("http://", "https://")):
        report("media", f"'{media}' is not an http(s) address")
        media = ""
    if not event_id or window is None:
        return None
    return Event(event_id, title or event_id, window, tuple(place_ids), category, tuple(excerpts), when,
                 tuple(conflicts), context, raw, item.mark.line, notes=reader.text(item, "notes", label),
                 media=media, unverified=unverified)


def _read_place_refs(reader: Reader, item: LMap, label: str | None, places: dict[str, Place],
                     names: PlaceResolver) -> list[str]:
    value = item.get("places")
    if value is None:
        return []
    marks: Sequence[Mark]
    if isinstance(value, str):
        value, marks = [value], [item.at("places")]
    elif isinstance(value, LList):
        marks = value.marks
    else:
        reader.report(item.at("places"), "expected a list of place ids or names", label, "places")
        return []
    out: list[str] = []
    for name, mark in zip(value, marks):
        place_id = names.resolve(str(name)) if name is not None else None
        if place_id is None:
            known = names.gazetteer.resolve(str(name)) if name is not None else None
            if known is not None:  # a real place, not declared in this file
                reader.report(mark, f"'{name}' is not declared under `places:` (the gazetteer knows it as "
                              f"{known.name}, a {known.kind}): add it there, e.g. "
                              f"- {{id: {_slug(known.name)}, name: {known.name}, kind: {known.kind}, "
                              f"gazetteer: {known.id}}}", label, "places")
                continue
            reader.report(mark, f"unknown place '{name}'{suggest(str(name), list(places))}", label, "places")
        elif place_id not in out:
            out.append(place_id)
    if not out and not value:
        reader.report(item.at("places"), "needs at least one place", label, "places")
    return out


def _read_excerpts(reader: Reader, item: LMap, label: str | None, sources: dict[str, Source]) -> list[Excerpt]:
    out: list[Excerpt] = []
    entries = reader.mapping_items(item.get("excerpts"), item.at("excerpts"), "excerpts", label)
    if "excerpts" in item and isinstance(item["excerpts"], LList) and not item["excerpts"]:
        reader.report(item.at("excerpts"), "needs at least one excerpt: every event must say on whose word",
                      label, "excerpts")
    for index, (entry, _mark) in enumerate(entries):
        where = f"excerpts[{index}]"
        reader.check_keys(entry, EXCERPT_KEYS, EXCERPT_REQUIRED, label, where)
        source_id = reader.text(entry, "source", label, where)
        quote = reader.text(entry, "quote", label, where)
        if source_id and source_id not in sources and source_id in reader.failed_ids:
            continue  # the source's own problem is reported where it is declared
        if source_id and source_id not in sources:
            reader.report(entry.at("source"), f"unknown source '{source_id}'{suggest(source_id, list(sources))}",
                          label, f"{where}.source")
            continue
        if not source_id or not quote:
            continue
        source = sources[source_id]
        if not source.text:
            continue  # the missing file is reported with the source
        match = check_quote(reader, entry, label, where, source_id, source.text, quote)
        if match is None:
            reader.report_detailed(entry.at("quote"), f"quote not found in source '{source_id}' ({source.file.name})",
                                   partial(mismatch_detail, normalized(source.text), quote), label, f"{where}.quote")
        elif warning := short_quote(quote, reader.limits.min_quote_words):
            mark = entry.at("quote")
            reader.problems.append(Problem(reader.file, mark.line, mark.column, warning, label, f"{where}.quote",
                                           "warning"))
        out.append(Excerpt(source_id, quote, match, reader.text(entry, "note", label, where)))
    return out


def _read_date(reader: Reader, item: LMap, label: str | None, tz: timezone, period: Period,
               sources: dict[str, Source], excerpts: list[Excerpt], context: bool, seen: dict[str, Event],
               names: PlaceResolver) -> tuple[Window | None, str, When]:
    def report(key: str, message: str) -> None:
        reader.report(item.at(key), message, label, key)

    if "date" not in item:
        return None, "", When()
    raw = str(item["date"])
    values: dict[str, date | datetime] = {}
    for key in ("date", "end", "not_before"):
        if key in item:
            try:
                values[key] = parse_when_value(item[key])
            except ValueError as exc:
                report(key, str(exc))
    if "date" not in values:
        return None, raw, When()
    value = values["date"]
    precision = Precision.DAY if not isinstance(value, datetime) else Precision.MINUTE
    if "precision" in item:
        given = str(item["precision"])
        if given in PRECISIONS:
            precision = Precision(given)
        else:
            report("precision", f"'{given}' is not a precision (expected one of: {', '.join(PRECISIONS)})")
    if precision in TIMED and not isinstance(value, datetime):
        report("precision", f"'{precision}' needs a date with a time, e.g. {value}T14:00+06:00")
        precision = Precision.DAY
    if "not_before" in values and precision is not Precision.BY:
        report("not_before", "only applies with precision: by")
    window = window_for(value, precision, tz, end=values.get("end"), not_before=values.get("not_before"),
                        floor=period.start_dt)
    if window.end <= window.start:
        report("end" if "end" in values else "not_before", "the event ends before it starts")
        window = window_for(value, precision, tz, floor=period.start_dt)
    local_day = value.date() if isinstance(value, datetime) else value
    if not context and not (period.start <= local_day <= period.end):
        report("date", f"{local_day} is outside the period {period.start} – {period.end} "
                       "(mark background events with context: true)")
    when = _read_when(reader, item, label, value, precision, values.get("end"), tz, sources, excerpts, seen, names)
    return window, raw, when


def _read_when(reader: Reader, item: LMap, label: str | None, value: date | datetime, precision: Precision,
               end: date | datetime | None, tz: timezone, sources: dict[str, Source], excerpts: list[Excerpt],
               seen: dict[str, Event], names: PlaceResolver) -> When:
    def zone_of(city: str) -> timezone | None:
        entry = names.gazetteer.resolve(city)
        return entry.utc_offset if entry is not None else None

    return read_when(reader, item, label, value, precision, end, tz, sources, excerpts, seen, zone_of)


def _read_conflicts(reader: Reader, item: LMap, label: str | None, excerpts: list[Excerpt]) -> list[Conflict]:
    out: list[Conflict] = []
    quoted = {e.source_id for e in excerpts}
    for index, (entry, _mark) in enumerate(reader.mapping_items(item.get("conflicts"), item.at("conflicts"),
                                                               "conflicts", label)):
        where = f"conflicts[{index}]"
        reader.check_keys(entry, CONFLICT_KEYS, ("topic", "sources"), label, where)
        ids = entry.get("sources")
        if not isinstance(ids, LList) or len(ids) < 2:
            reader.report(entry.at("sources"), "expected a list of at least two source ids", label,
                          f"{where}.sources")
            continue
        named = [str(s) for s in ids if isinstance(s, (str, int)) and not isinstance(s, bool)]
        for source_id, source_mark in zip(ids, ids.marks):
            if not isinstance(source_id, (str, int)) or isinstance(source_id, bool):
                reader.report(source_mark, "expected a source id", label, f"{where}.sources")
            elif str(source_id) not in quoted:
                reader.report(source_mark, f"source '{source_id}' has no excerpt in this event", label,
                              f"{where}.sources")
        out.append(Conflict(reader.text(entry, "topic", label, where), reader.text(entry, "note", label, where),
                            tuple(named)))
    return out


def _slug(name: str) -> str:
    """An id made from a place name ("Ust-Kamenogorsk" → "ust-kamenogorsk")."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "place"
