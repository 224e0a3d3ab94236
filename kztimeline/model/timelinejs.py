"""Reading Knight Lab's TimelineJS3 JSON (`{"title": …, "events": […], "eras": […]}`) into the events.yaml layout.

What a slide holds becomes an event: the headline its title, `start_date`/`end_date` its date and end (year,
month, day, hour, minute; missing parts may be empty strings), the group its place (a lane; a group the gazetteer
knows is placed on the map), the slide's text its notes (HTML as plain text), the media URL its `media`. Eras become
events of the category `era` on an "Eras" lane. A TimelineJS slide quotes no archived source, so each event is
marked `unverified:` with where it came from. A `kztimeline` block (written by our own export) gives back the
period, time zone and places; without it the period spans the data and times are taken as UTC.

The old TimelineJS v2 layout (`{"timeline": {"date": […]}}`) is refused with a message that names it; dates before
year 1 (which TimelineJS allows: the Big Bang) are refused, since kztimeline cannot draw them.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import Any

from ..geo.gazetteer import Gazetteer
from ..geo.offsets import format_offset, parse_offset
from .schema import ID_PATTERN, Reader
from .yamlnodes import LList, LMap, Mark, build, compose

#: Parts of the day a `display_date` may end with (as our own export writes them), and the precision they mean.
_PARTS = {"early morning": "early-morning", "morning": "morning", "afternoon": "afternoon", "evening": "evening",
          "night": "night"}
_BLOCK_TAGS = {"p", "br", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
LOCATED_KINDS = ("city", "region", "site", "country")


class _PlainText(HTMLParser):
    """HTML as the plain text a reader sees: tags dropped, entities decoded, blocks on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markup: str) -> str:
    """'<p>Born in <b>New Jersey</b> &amp; …</p>' → 'Born in New Jersey & …' (paragraphs kept apart)."""
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60].strip("-")


@dataclass
class _Date:
    value: date | datetime
    precision: str
    last: date | datetime  # the last day (or instant) the date stands for, for an end date


def _map(value: Any) -> LMap:
    return value if isinstance(value, LMap) else LMap()


def _list(value: Any) -> LList:
    return value if isinstance(value, LList) else LList()


def _text(value: Any) -> str:
    if value is None or isinstance(value, (LMap, LList, bool)):
        return ""
    return str(value).strip()


class _SlideReader:
    def __init__(self, reader: Reader, gazetteer: Gazetteer | None, tz_text: str):
        self.reader = reader
        self.gazetteer = gazetteer
        self.tz = parse_offset(tz_text)
        self.event_places: dict[str, list[str]] = {}  # from our own export's block: an event's places, in order
        self.event_zones: dict[str, str] = {}  # ... and its local zone where not the period's
        self.not_before: dict[str, list[str]] = {}  # ... and the lower bound of a 'by' date

    def report(self, node: LMap, key: str, message: str, field: str) -> None:
        self.reader.report(node.at(key), message, field=field)

    def date(self, node: Any, where: str, parent: LMap, key: str, zone: str = "") -> _Date | None:
        if not isinstance(node, LMap):
            self.report(parent, key, "expected a date object such as {\"year\": \"2022\", \"month\": \"1\", "
                        "\"day\": \"5\"}", where)
            return None
        parts: dict[str, int] = {}
        for part in ("year", "month", "day", "hour", "minute", "second"):
            raw = _text(node.get(part))
            if not raw:
                continue
            if not re.fullmatch(r"[+-]?\d+", raw):
                self.report(node, part, f"'{raw}' is not a whole number", f"{where}.{part}")
                return None
            parts[part] = int(raw)
        if "year" not in parts:
            self.report(node, "year", "a TimelineJS date needs a year", f"{where}.year")
            return None
        year = parts["year"]
        if not 1 <= year <= 9999:
            self.report(node, "year", f"year {year} is outside what kztimeline can draw (years 1 to 9999); "
                        "remove the slide or move it into that range", f"{where}.year")
            return None
        try:
            return self._build(parts, parse_offset(zone) if zone else self.tz)
        except ValueError as exc:
            self.report(node, "day" if "day" in parts else "year", f"not a real date ({exc})", where)
            return None

    def _build(self, parts: dict[str, int], tz: timezone) -> _Date:
        year = parts["year"]
        if "month" not in parts:
            return _Date(date(year, 1, 1), "year", date(year, 12, 31))
        month = parts["month"]
        first = date(year, month, 1)
        if "day" not in parts:
            following = date(year + month // 12, month % 12 + 1, 1) if year < 9999 or month < 12 else date(9999, 12, 31)
            return _Date(first, "month", following - timedelta(days=1))
        day = date(year, month, parts["day"])
        if "hour" not in parts:
            return _Date(day, "day", day)
        moment = datetime(year, month, parts["day"], parts["hour"], parts.get("minute", 0), parts.get("second", 0),
                          tzinfo=tz)
        return _Date(moment, "minute" if "minute" in parts else "hour", moment)


def read_timelinejs(text: str, reader: Reader, gazetteer: Gazetteer | None = None) -> LMap | None:
    """The file as an events.yaml document (with marks into the JSON), or None with the problems reported."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reader.report(Mark(exc.lineno, exc.colno), f"not valid JSON: {exc.msg}")
        return None
    except RecursionError:  # brackets nested thousands deep (a hostile file)
        reader.report(Mark(1, 1), "the JSON's values are nested too deeply to read (a TimelineJS file nests a few "
                      "levels)")
        return None
    except ValueError:  # an int of more digits than Python converts (a hostile file)
        # (from the start of a run of digits only: from every place in it, the search would be quadratic)
        found = re.search(f"(?<![0-9])[0-9]{{{sys.get_int_max_str_digits() + 1},}}", text)
        at = found.start() if found else 0
        line = text.count("\n", 0, at) + 1
        reader.report(Mark(line, at - (text.rfind("\n", 0, at) + 1) + 1), "a number of more than "
                      f"{sys.get_int_max_str_digits():,} digits, more than kztimeline reads")
        return None
    composed = compose(text)  # JSON is YAML: the same parse keeps each value's line for the messages
    doc = composed.value if not composed.errors and isinstance(composed.value, LMap) else build(data, Mark(1, 1))
    if not isinstance(doc, LMap):
        reader.report(Mark(1, 1), "not a TimelineJS3 file: expected an object with an \"events\" list")
        return None
    if "timeline" in doc and "events" not in doc:
        inner = doc["timeline"]
        kind = "TimelineJS v2 format ({\"timeline\": {\"date\": [...]}})" if isinstance(inner, LMap) and \
            "date" in inner else "a wrapped timeline ({\"timeline\": {...}})"
        reader.report(doc.at("timeline"), f"this is {kind}, which kztimeline does not read: save it as "
                      "TimelineJS3 JSON ({\"title\": {...}, \"events\": [...]}), e.g. from TimelineJS3's Google "
                      "Sheets template")
        return None
    events = doc.get("events")
    if not isinstance(events, LList):
        reader.report(doc.at("events") if "events" in doc else doc.mark,
                      "not a TimelineJS3 file: expected an \"events\" list of slides")
        return None
    ours = _map(doc.get("kztimeline"))
    period = _map(ours.get("period"))
    tz_text = _text(period.get("timezone")) or "+00:00"
    try:
        parse_offset(tz_text)
    except ValueError as exc:
        reader.report(period.at("timezone"), str(exc), field="kztimeline.period.timezone")
        tz_text = "+00:00"
    slides = _SlideReader(reader, gazetteer, tz_text)
    slides.event_places = _string_lists(ours.get("event_places"))
    slides.not_before = _string_lists(ours.get("event_not_before"))
    slides.event_zones = {k: v[0] for k, v in _string_lists(ours.get("event_zones")).items() if v}
    places: dict[str, dict[str, Any]] = {}
    by_name: dict[str, str] = {}
    for place in ours.get("places") or []:
        if isinstance(place, LMap) and _text(place.get("id")):
            entry = {k: v for k, v in place.items() if v not in (None, "")}
            places[str(entry["id"])] = entry
            by_name[_text(place.get("name")).casefold()] = str(entry["id"])
    title_slide = _map(doc.get("title"))
    title_text = _map(title_slide.get("text"))
    name = reader.file.rsplit("/", 1)[-1]
    out_events: list[Any] = []
    ids: set[str] = set()
    marks_spans: list[tuple[date | datetime, date | datetime]] = []
    eras = _list(doc.get("eras"))
    for group, items in (("events", events), ("eras", eras)):
        for index, (slide, mark) in enumerate(zip(items, items.marks)):
            where = f"{group}[{index}]"
            if not isinstance(slide, LMap):
                reader.report(mark, "expected a slide object", field=where)
                continue
            event = _event(slides, slide, where, group == "eras", ids, places, by_name, name)
            if event is not None:
                start, end = event.pop("_span")
                marks_spans.append((start, end))
                out_events.append((event, slide))
    if not out_events:
        reader.report(events.mark, "the file has no slide kztimeline can show")
        return None
    period_out = _period(reader, period, marks_spans, tz_text)
    try:
        first, last = date.fromisoformat(period_out["start"]), date.fromisoformat(period_out["end"])
    except ValueError:  # the period is reported by the checks, at its line
        first, last = date.min, date.max
    for (event, _slide), (start, _end) in zip(out_events, marks_spans):
        if not first <= _day(start) <= last:
            event["context"] = True  # background outside the period the file gives
    headline = plain_text(_text(title_text.get("headline")))
    root: dict[str, Any] = {
        "title": headline or name,
        "description": plain_text(_text(title_text.get("text"))) or f"Imported from the TimelineJS3 file {name}.",
        "period": period_out,
        "categories": {"era": {"label": "Era", "colour": "#bbbbbb"}} if eras else {},
        "places": list(places.values()),
        "sources": [],
        "events": [],
    }
    tree = build(root, Mark(1, 1))
    assert isinstance(tree, LMap)
    event_list = tree["events"]
    for event, slide in out_events:
        marks = {"date": slide.at("start_date"), "end": slide.at("end_date")}
        event_list.append(build(event, slide.mark, marks))
        event_list.marks.append_packed((slide.mark.line - 1) << 32 | (slide.mark.column - 1))
    return tree


def _string_lists(value: Any) -> dict[str, list[str]]:
    """{"key": ["a", "b"]} or {"key": "a"} from our own block, anything else dropped."""
    if not isinstance(value, LMap):
        return {}
    out: dict[str, list[str]] = {}
    for key, item in value.items():
        if isinstance(item, LList):
            out[str(key)] = [str(x) for x in item if isinstance(x, str)]
        elif isinstance(item, str):
            out[str(key)] = [item]
    return out


def _period(reader: Reader, given: LMap, spans: list[tuple[date | datetime, date | datetime]],
            tz_text: str) -> dict[str, str]:
    if _text(given.get("start")) and _text(given.get("end")):
        return {"start": _text(given["start"]), "end": _text(given["end"]), "timezone": tz_text}
    days = [(_day(a), _day(b)) for a, b in spans]
    return {"start": min(a for a, _ in days).isoformat(), "end": max(b for _, b in days).isoformat(),
            "timezone": tz_text}


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        zone = value.tzinfo
        assert isinstance(zone, timezone)  # every datetime here is made with the file's offset
        return value.strftime("%Y-%m-%dT%H:%M") + (f":{value.second:02d}" if value.second else "") + \
            format_offset(zone)
    return value.isoformat()


def _event(slides: _SlideReader, slide: LMap, where: str, era: bool, ids: set[str],
           places: dict[str, dict[str, Any]], by_name: dict[str, str], file_name: str) -> dict[str, Any] | None:
    text = _map(slide.get("text"))
    headline = plain_text(_text(text.get("headline")))
    given_id = _text(slide.get("unique_id"))
    zone = slides.event_zones.get(given_id, "")
    try:
        parse_offset(zone) if zone else None
    except ValueError:
        zone = ""
    if "start_date" not in slide:
        slides.report(slide, "start_date", "a slide needs a start_date (a title slide goes under \"title\")",
                      f"{where}.start_date")
        return None
    start = slides.date(slide.get("start_date"), f"{where}.start_date", slide, "start_date", zone)
    if start is None:
        return None
    end = slides.date(slide["end_date"], f"{where}.end_date", slide, "end_date", zone) \
        if slide.get("end_date") else None
    event: dict[str, Any] = {"id": _event_id(given_id, headline, where, ids),
                             "title": headline or f"Untitled slide {where}"}
    display = plain_text(_text(slide.get("display_date")) or _text(
        slide["start_date"].get("display_date") if isinstance(slide.get("start_date"), LMap) else ""))
    precision = start.precision
    value: date | datetime = start.value
    part = next((p for words, p in _PARTS.items() if display.casefold().endswith(", " + words)), None)
    if part is not None and precision in ("day", "hour", "minute"):
        precision, value = part, _day(start.value)
    elif display.casefold().startswith("by ") and precision in ("day", "hour", "minute"):
        precision = "by"
        not_before = slides.not_before.get(given_id, [""])[0]
        if not_before:
            event["not_before"] = not_before
    event["date"] = _iso(value)
    event["precision"] = precision
    last = start.last
    if end is not None:
        event["end"] = _iso(end.last)
        last = end.last
    listed = [p for p in slides.event_places.get(given_id, []) if p in places]
    event["places"] = listed or [_place(slides, _text(slide.get("group")), era, places, by_name)]
    if era:
        event["category"] = "era"
    notes = plain_text(_text(text.get("text")))
    media = _map(slide.get("media"))
    url = _text(media.get("url"))
    if url.startswith(("http://", "https://")):
        event["media"] = url
    elif url:
        notes = (notes + "\n\n" if notes else "") + f"Media: {url}"
    if notes:
        event["notes"] = notes
    event["unverified"] = f"imported from the TimelineJS3 file {file_name} ({where}); no archived source text " \
                          "backs it"
    event["_span"] = (start.value, last)
    return event


def _event_id(given: str, headline: str, where: str, ids: set[str]) -> str:
    base = given if given and ID_PATTERN.fullmatch(given) else slug(given or headline) or slug(where)
    candidate, count = base, 1
    while candidate in ids:
        count += 1
        candidate = f"{base}-{count}"
    ids.add(candidate)
    return candidate


def _place(slides: _SlideReader, group: str, era: bool, places: dict[str, dict[str, Any]],
           by_name: dict[str, str]) -> str:
    name = "Eras" if era else plain_text(group) or "Timeline"
    known = by_name.get(name.casefold())
    if known is not None:
        return known
    place_id = slug(name) or "timeline"
    while place_id in places:
        place_id += "-x"
    entry = slides.gazetteer.resolve(name) if slides.gazetteer is not None and not era and group else None
    if entry is not None and (entry.kind in LOCATED_KINDS or entry.kind == "district"):  # a district: a region lane
        kind = "region" if entry.kind == "district" else entry.kind
        places[place_id] = {"id": place_id, "name": name, "kind": kind, "gazetteer": name}
    else:
        places[place_id] = {"id": place_id, "name": name, "kind": "other"}
    by_name[name.casefold()] = place_id
    return place_id
