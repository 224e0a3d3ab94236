"""Load an events file: parse safely, check everything, report every problem with its place.

`load_dataset` never raises for bad input: it returns the dataset it could build (or None) together with all the
problems found, so a command can list them and a window can keep showing the last good data.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..geo.gazetteer import KIND_MATCHES, Gazetteer, GazetteerEntry, default_gazetteer, deferred_gazetteer
from . import fastyaml
from .acled import load_acled_csv
from .dates import Precision, parse_offset, parse_when_value
from .entities import Category, Dataset, Event, Period, Place, Source
from .eventparse import read_events
from .columns import Columns, attach
from .csvrows import TOO_LONG
from .fastevents import EventsReader, TableBuilder, events_reader
from .gcpause import paused_gc
from .integrity import CAPTURE_KEYS, check_capture
from .limits import DEFAULT_LIMITS, Limits
from .mappedcsv import ColumnMapping
from .palette import default_colour
from .problems import Problem, unlisted_problem
from .quoteindex import index_quotes
from .results import LoadCancelled, LoadResult, Progress
from .schema import Reader
from .sourcefiles import read_source_file
from .textfile import FileDigest, control_problems, read_checked_bytes, read_checked_text, text_digest
from .yamlnodes import LList, LMap, Mark, build, compose

if TYPE_CHECKING:
    from hashlib import _Hash as Hash

TOP_KEYS = ("title", "description", "period", "categories", "places", "sources", "events")
PERIOD_KEYS = ("start", "end", "timezone")
PLACE_KEYS = ("id", "name", "kind", "gazetteer", "lat", "lon", "utc_offset", "description")
PLACE_KINDS = ("city", "region", "site", "country", "international", "other")
#: Kinds that need no coordinates: a box on the map, or only a lane (a group from another tool, not a location).
UNLOCATED_KINDS = ("international", "other")
SOURCE_KEYS = ("id", "outlet", "outlet_basis", "title", "author", "published", "published_precision",
               "published_basis", "file", "url", "accessed", *CAPTURE_KEYS)
CATEGORY_KEYS = ("label", "colour")
#: The columns that make a CSV ACLED's (read by acled.py); a CSV without them is read through a column mapping.
ACLED_LAYOUT = ("event_date", "location", "latitude", "longitude", "event_type", "notes", "source")
#: Required keys (the JSON Schema in resources/events.schema.json says the same; a test holds them together).
TOP_REQUIRED = ("title", "period", "places", "sources", "events")
PERIOD_REQUIRED = ("start", "end")
PLACE_REQUIRED = ("id", "name", "kind")
SOURCE_REQUIRED = ("id", "outlet", "title", "published", "file")


def load_dataset(path: str | Path, gazetteer: Gazetteer | None = None, display_name: str | None = None,
                 progress: Progress | None = None, columns: ColumnMapping | None = None,
                 limits: Limits = DEFAULT_LIMITS, cache: bool = True, store_later: bool = False) -> LoadResult:
    """Read, validate and verify an events file: YAML; TimelineJS3 JSON; CSV in ACLED's column layout, as our CSV
    export writes it, or any other CSV through a column mapping (`columns`, else guessed from the names).

    Every format is read through the same door (`textfile.read_text_file`: regular files only, at most
    `limits.max_file_bytes`, UTF-8 or a message naming the likely encoding). With `cache`, a file reopened with
    nothing changed comes from the cache of checked datasets (`cache.py`), and a clean load is stored there; a
    gazetteer other than the bundled one is never cached. With `store_later`, the entry is stored in a thread of
    its own (`cache.wait_for_stores`), so that a window shows the dataset meanwhile."""
    path = Path(path)
    name = display_name or str(path)
    # a gazetteer given is the bundled one only if that is loaded already (asking would load it: 0.1 s)
    bundled = gazetteer is None or (default_gazetteer.cache_info().currsize > 0 and gazetteer is default_gazetteer())
    if cache and bundled:
        from .cache import load_cached

        def load(text: str | None, digest: Hash | FileDigest | None) -> LoadResult:
            return load_read(path, text, digest, gazetteer, name, progress, columns, limits)

        return load_cached(path, name, limits, columns, load, background=store_later)
    return load_read(path, None, None, gazetteer, name, progress, columns, limits)


def load_read(path: Path, text: str | None, digest: Hash | FileDigest | None, gazetteer: Gazetteer | None = None,
              name: str | None = None, progress: Progress | None = None, columns: ColumnMapping | None = None,
              limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """`load_dataset` without the cache, given the file's text and its SHA-256 when they are read already (the
    cache's lookup reads them: `cache.Loader`); None, None reads the file."""
    with paused_gc():  # a large file makes millions of objects and none of them cyclic garbage: don't scan them
        result = _load_uncached(path, name or str(path), gazetteer, progress, columns, limits, text, digest)
    return capped(result, limits.max_problems, name or str(path))


def capped(result: LoadResult, limit: int, name: str) -> LoadResult:
    """The result with at most `limit` problems listed, in the order found, and the rest counted in one last
    message (an error if any of them is one): a file with one mistake copied down ten thousand rows gives a list
    a person can read, in the terminal and in the window's dialog."""
    if len(result.problems) <= limit or result.unlisted:  # (or counted by the reader itself, as ACLED's does)
        return result
    listed, rest = result.problems[:limit], result.problems[limit:]
    errors = sum(not p.is_warning for p in rest)
    count = len(rest)
    return LoadResult(result.dataset, [*listed, unlisted_problem(name, count, errors, limit)], count, errors)


def _load_uncached(path: Path, name: str, gazetteer: Gazetteer | None, progress: Progress | None,
                   columns: ColumnMapping | None, limits: Limits, text: str | None = None,
                   digest: Hash | FileDigest | None = None) -> LoadResult:
    """The file loaded; a YAML file's text and its SHA-256 (or the thread working it out) may be given (read by
    the cache's lookup)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        from .timelinejs import read_timelinejs

        return _load_other(path, name, gazetteer, progress, read_timelinejs, limits)
    if suffix == ".csv":
        return _load_csv(path, name, gazetteer, progress, columns, limits)
    if text is not None and digest is not None:
        problems = control_problems(text, name)
        if problems:
            return LoadResult(None, problems)
        return load_text(text, path, name, gazetteer, digest, progress, limits)
    text, problems = _read_text(path, name, limits)
    if text is None:
        return LoadResult(None, problems)
    return load_text(text, path, name, gazetteer, None, progress, limits)


def _read_text(path: Path, name: str, limits: Limits) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and why: not a readable regular file within the size limit, not UTF-8, or holding
    control characters (each located: a parser would stop at the first with only a byte offset)."""
    return read_checked_text(path, name, limits.max_file_bytes)


def _load_csv(path: Path, name: str, gazetteer: Gazetteer | None, progress: Progress | None,
              columns: ColumnMapping | None, limits: Limits) -> LoadResult:
    """Our own CSV export (kzt_ columns); a mapped CSV when the user said which column is what, or when the names
    say it of a file that shares no column with ACLED's layout; otherwise ACLED's layout, whose reader says
    precisely what is wrong with a file that nearly has it."""
    from .tablecsv import csv_file_header, read_table_csv

    header = csv_file_header(path)
    if "kzt_id" in header:
        try:
            fast = _load_table_fast(path, name, gazetteer, progress, limits)
        except LoadCancelled:
            raise
        except Exception:  # a fault of the fast path must cost speed, never the file
            fast = None
        return fast or _load_other(path, name, gazetteer, progress, read_table_csv, limits)
    from .mappedcsv import guess_mapping, read_mapped_csv

    mapping = columns or guess_mapping(header)
    if columns is None and (not csv_needs_mapping(header) or mapping.missing()):
        result = load_acled_csv(path, name, progress, limits=limits)
        if result.dataset is None and csv_needs_mapping(header):
            result.problems.append(Problem(name, 1, 1, "for a CSV of another layout, say which column is what: "
                                           "open it in the window, or use kztimeline convert --columns "
                                           f"date=COLUMN,title=COLUMN,... (the columns are: {', '.join(header)})"))
        return result
    return _load_other(path, name, gazetteer, progress,
                       lambda text, reader, gaz: read_mapped_csv(text, reader, gaz, mapping, path.name), limits)


def _load_table_fast(path: Path, name: str, gazetteer: Gazetteer | None, progress: Progress | None,
                     limits: Limits) -> LoadResult | None:
    """Our CSV export read as columns without marks and its events in bulk (as `load_fast` does for YAML), or None:
    the file has a problem to report, and the marked reading (`read_table_csv`) says where."""
    from .tablecsv import read_table_columns

    raw, _problems = read_checked_bytes(path, name, limits.max_file_bytes)
    if raw is None:
        return None
    reader = fastyaml.StrictReader(name)
    if progress:
        progress("Parsing", 0, 0)
    try:
        digest = FileDigest(raw)
        read = read_table_columns(raw, reader, limits.max_field_chars)
        del raw  # a large file's bytes are not kept while its events are checked
        if read is None:
            return None
        header, table = read
        root = build({**header, "events": []}, Mark(2, 1))
        if not isinstance(root, LMap) or len(table) > limits.max_rows:  # over the limit: the marked reading says so
            return None
        return load_tree(root, path, reader, gazetteer, digest, progress, limits, events_reader(table))
    except fastyaml.Declined:
        return None


def csv_needs_mapping(header: list[str]) -> bool:
    """Whether a CSV with this header is of another layout than ours or ACLED's, so that its columns must be
    mapped; one that shares any column with ACLED's layout goes to the ACLED reader, which says what it lacks."""
    return bool(header) and "kzt_id" not in header and \
        not any(column.strip().casefold() in ACLED_LAYOUT for column in header)


def _load_other(path: Path, name: str, gazetteer: Gazetteer | None, progress: Progress | None,
                read: Callable[[str, Reader, Gazetteer], LMap | None], limits: Limits) -> LoadResult:
    """A format another reader turns into the events.yaml layout (with marks into its own file), then checked as
    YAML is: the same checks, messages and guarantees whatever the format."""
    text, problems = _read_text(path, name, limits)
    if text is None:
        return LoadResult(None, problems)
    reader = Reader(name, limits)
    if progress:
        progress("Parsing", 0, 0)
    gazetteer = gazetteer or deferred_gazetteer()
    root = read(text, reader, gazetteer)
    if root is None:
        return LoadResult(None, reader.problems)
    return load_tree(root, path, reader, gazetteer, text, progress, limits)


def load_text(text: str, path: Path, name: str, gazetteer: Gazetteer | None = None,
              raw: bytes | str | Hash | FileDigest | None = None, progress: Progress | None = None,
              limits: Limits = DEFAULT_LIMITS, fast: bool = True) -> LoadResult:
    """Load YAML text: without marks when `fast` and the file is clean (`load_fast`), else with marks, which
    locates every problem (and gives the same dataset: the fast path yields to it at any doubt)."""
    if progress:
        progress("Parsing", 0, 0)
    hashed: bytes | str | Hash | FileDigest = raw if raw is not None else FileDigest(text)
    if fast:
        try:
            result = load_fast(text, path, name, gazetteer, hashed, progress, limits)
        except LoadCancelled:
            raise
        except Exception:  # a fault of the fast path must cost speed, never the file
            result = None
        if result is not None:
            return result
    reader = Reader(name)
    composed = compose(text)
    for mark, message in composed.errors:
        reader.report(mark, message)
    return load_tree(composed.value, path, reader, gazetteer, hashed, progress, limits)


def load_fast(text: str, path: Path, name: str, gazetteer: Gazetteer | None,
              raw: bytes | str | Hash | FileDigest,
              progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS) -> LoadResult | None:
    """The dataset of a clean file read without line marks (`fastyaml`, `fastevents`); the errors of a file whose
    only problems are in some of its events, each event's said where it stands (`fastevents._Bulk._located`); or
    None: the file has another problem to report, or something only the marked path reads for sure."""
    table = TableBuilder()  # filled a block of events at a time, as they are read (left half filled if declined)
    document = fastyaml.parse(text, table)
    if document is None:
        return None
    located = Reader(name, limits)
    try:
        result = load_tree(document.root, path, fastyaml.StrictReader(name), gazetteer, raw, progress, limits,
                           events_reader(table.table(document), located))
    except fastyaml.Declined:
        return None
    except (ValueError, OverflowError):  # a number too large to convert (yaml-rs reads any): the marked path says where
        return None
    if not located.problems:
        return result
    if all(problem.is_warning for problem in located.problems):
        return None  # the marked path's dataset, which carries them
    return LoadResult(result.dataset, located.in_order(limits.max_problems))


def load_tree(root: object, path: Path, reader: Reader, gazetteer: Gazetteer | None,
              raw: bytes | str | Hash | FileDigest,
              progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS,
              events: EventsReader | None = None) -> LoadResult:
    """Check and build a dataset from a document in the events.yaml layout, however it was read (YAML, or a
    tree another reader made from CSV or TimelineJS JSON, with its own marks); `raw` (the file's bytes, or its
    text, or their SHA-256 so far) is hashed for the digest.
    `events` reads the events instead of `eventparse.read_events` (the fast path's bulk reader)."""
    reader.limits = limits
    if not isinstance(root, LMap):
        if root is not None:
            reader.report(getattr(root, "mark", None) or Mark(1, 1), "the file must be a mapping with title, period, "
                          "places, sources and events at its top")
        return LoadResult(None, reader.problems)
    reader.check_keys(root, TOP_KEYS, TOP_REQUIRED)
    events_list = root.get("events")
    if isinstance(events_list, LList) and len(events_list) > limits.max_rows:
        reader.report(root.at("events"), f"the file has {len(events_list):,} events, more than the limit of "
                      f"{limits.max_rows:,} for one file; split it, or raise the limit (--limit max-rows=N)",
                      field="events")
        return LoadResult(None, reader.problems)
    if gazetteer is None:
        gazetteer = deferred_gazetteer()
    period = _read_period(reader, root)
    categories = _read_categories(reader, root)
    places = _read_places(reader, root, gazetteer)
    sources = _read_sources(reader, root, path.parent)
    columns: Columns | None = None
    read: Sequence[Event]
    if events is not None:
        read, columns = events(reader, root, period, places, sources, categories, gazetteer, progress)
    else:
        index_quotes(root, sources)  # every source's quotes found in one pass over it, not one pass each
        read = read_events(reader, root, period, places, sources, categories, gazetteer, progress)
    digest = _digest(raw)
    for source in sources.values():
        digest.update(source.text.encode("utf-8"))
    dataset = Dataset(title=reader.text(root, "title"), period=period, places=places, sources=sources,
                      categories=categories, events=read, path=path,
                      description=reader.get(root, "description", str, default="") or "",
                      digest=digest.hexdigest()[:10])
    if columns is not None:
        attach(dataset, columns)
    _check_title_lengths(reader, read, columns, limits.max_field_chars)
    return LoadResult(dataset, reader.in_order(limits.max_problems))


def _check_title_lengths(reader: Reader, events: Sequence[Event], columns: Columns | None, limit: int) -> None:
    """A title longer than `max-field-chars` reported at its event: every view lays titles out (a 10 MB one took
    seconds a paint), and a CSV field is held to the same limit. Read from the columns where the fast reading made
    them (a numpy maximum), else from the events, which the per-event reading built anyway."""
    if columns is not None:
        over: list[int] = np.flatnonzero(columns.title_len > limit).tolist()
    else:
        over = [index for index, event in enumerate(events) if len(event.title) > limit]
    long_fields = {p.line for p in reader.problems if TOO_LONG in p.message} if over else set()
    for index in over:
        event = events[index]
        if event.line in long_fields:  # its field said too long where it was read already (a CSV's record)
            continue
        reader.report(Mark(event.line, 1), f"the title is {len(event.title):,} {TOO_LONG} {limit:,} for one field; "
                      "shorten it, or raise the limit (--limit max-field-chars=N)", event.id, "title")


def _digest(raw: bytes | str | Hash | FileDigest) -> Hash:
    """The SHA-256 of a file's bytes, given them or its text (encoded a few megabytes at a time: a large file's
    text is not copied whole), or a copy of one worked out before or being worked out."""
    if isinstance(raw, bytes):
        return hashlib.sha256(raw)
    if isinstance(raw, FileDigest):
        return raw.result()
    if not isinstance(raw, str):
        return raw.copy()
    return text_digest(raw)


def _read_period(reader: Reader, root: LMap) -> Period:
    fallback = Period(date(2022, 1, 1), date(2022, 1, 31), parse_offset("+00:00"))
    value = reader.get(root, "period", LMap)
    if value is None:
        return fallback
    reader.check_keys(value, PERIOD_KEYS, PERIOD_REQUIRED, where="period")
    days = {}
    for key in ("start", "end"):
        try:
            parsed = parse_when_value(value.get(key, ""))
            days[key] = parsed.date() if isinstance(parsed, datetime) else parsed
        except ValueError as exc:
            if key in value:
                reader.report(value.at(key), str(exc), field=f"period.{key}")
    tz = fallback.tz
    if "timezone" in value:
        try:
            tz = parse_offset(str(value["timezone"]))
        except ValueError as exc:
            reader.report(value.at("timezone"), str(exc), field="period.timezone")
    start, end = days.get("start", fallback.start), days.get("end", fallback.end)
    if end < start:
        reader.report(value.at("end"), f"the period ends ({end}) before it starts ({start})", field="period.end")
        end = start
    return Period(start, end, tz)


def _read_categories(reader: Reader, root: LMap) -> dict[str, Category]:
    value = reader.get(root, "categories", LMap, default=LMap())
    out: dict[str, Category] = {}
    for index, (key, spec) in enumerate(value.items()):
        where = f"categories.{key}"
        colour = default_colour(index)
        label = key.capitalize()
        if isinstance(spec, LMap):
            reader.check_keys(spec, CATEGORY_KEYS, (), where=where)
            label = reader.text(spec, "label", where=where) or label
            given = reader.text(spec, "colour", where=where)
            if given and not re.fullmatch(r"#[0-9a-fA-F]{6}", given):
                reader.report(spec.at("colour"), f"'{given}' is not a colour (expected #rrggbb)", field=where)
            elif given:
                colour = given
        elif spec is not None:
            reader.report(value.at(key), "expected a mapping with label and colour", field=where)
        out[key] = Category(key, label, colour)
    return out


def _read_places(reader: Reader, root: LMap, gazetteer: Gazetteer) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for index, (item, _mark) in enumerate(reader.mapping_items(root.get("places"), root.at("places"), "places")):
        where = f"places[{index}]"
        reader.check_keys(item, PLACE_KEYS, PLACE_REQUIRED, where=where)
        place_id = reader.read_id(item, where, places)
        name, kind = reader.text(item, "name", where=where), reader.text(item, "kind", where=where)
        if kind and kind not in PLACE_KINDS:
            reader.report(item.at("kind"), f"'{kind}' is not a place kind (expected one of: {', '.join(PLACE_KINDS)})",
                          field=f"{where}.kind")
        lat = _coordinate(reader, item, "lat", 90, where)
        lon = _coordinate(reader, item, "lon", 180, where)
        entry = None
        if (lat is None or lon is None) and kind not in UNLOCATED_KINDS:
            lookup = reader.text(item, "gazetteer", where=where) or name
            entry = gazetteer.resolve(lookup, kind or None) if lookup else None
            at = item.at("gazetteer" if "gazetteer" in item else "name")
            if entry is None and lookup and (entry := gazetteer.resolve(lookup, kind or None, loose=True)):
                reader.problems.append(Problem(
                    reader.file, at.line, at.column, f"'{lookup}' is not in the offline gazetteer as written; taken as "
                    f"{entry.display_name} ({entry.kind}), a close spelling: give that name if it is the place meant",
                    None, f"{where}.gazetteer", "warning"))
            if entry is None and lookup:
                reader.report(at, f"'{lookup}' is not in the offline gazetteer (give lat and lon, or look it up online "
                              f"with: kztimeline geocode \"{lookup}\")", field=f"{where}.gazetteer")
            elif entry is not None:
                lat, lon = entry.lat, entry.lon
                _check_gazetteer_kind(reader, at, f"{where}.gazetteer", lookup, kind, entry)
        offset = entry.utc_offset if entry else None
        if "utc_offset" in item:
            try:
                offset = parse_offset(str(item["utc_offset"]))
            except ValueError as exc:
                reader.report(item.at("utc_offset"), str(exc), field=f"{where}.utc_offset")
        if place_id:
            places[place_id] = Place(place_id, name or place_id, kind or "city", lat, lon, offset,
                                     entry.id if entry else None, reader.text(item, "description", where=where))
    return places


def _check_gazetteer_kind(reader: Reader, at: Mark, field: str, lookup: str, kind: str,
                          entry: GazetteerEntry) -> None:
    """Warnings when the gazetteer's row is of another kind than the place declares (a `kind: city` that only a
    region is called), or has no coordinate of its own (a district placed at its region's centre)."""
    wanted = KIND_MATCHES.get(kind, ())
    if wanted and entry.kind not in wanted and entry.origin == "gazetteer":
        reader.problems.append(Problem(
            reader.file, at.line, at.column, f"'{lookup}' is a {entry.kind} in the offline gazetteer ({entry.name}), "
            f"but the place is declared kind: {kind}; give the {kind}'s name, lat and lon, or the right kind",
            None, field, "warning"))
    if entry.coord_basis.startswith("region-centre:"):
        reader.problems.append(Problem(
            reader.file, at.line, at.column, f"the offline gazetteer has no location for {entry.name}; it is placed at "
            f"its region's centre (give lat and lon)", None, field, "warning"))


def _coordinate(reader: Reader, item: LMap, key: str, limit: int, where: str) -> float | None:
    """A latitude (limit 90) or longitude (limit 180) in degrees; None (reported) when absent or impossible."""
    value = reader.get(item, key, (int, float), where=where)
    if value is None:
        return None
    # an int is compared as it is: one too large for a float (or for a decimal string) is a hostile file's
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > limit:
        shown = value if isinstance(value, float) or abs(value) < 10 ** 15 else "a number this large"
        reader.report(item.at(key), f"{shown} is not a {'latitude' if limit == 90 else 'longitude'} (degrees from "
                      f"-{limit} to {limit})", field=f"{where}.{key}")
        return None
    return float(value)


def _read_sources(reader: Reader, root: LMap, base: Path) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    items = reader.mapping_items(root.get("sources"), root.at("sources"), "sources")
    for index, (item, _mark) in enumerate(items):
        where = f"sources[{index}]"
        reader.check_keys(item, SOURCE_KEYS, SOURCE_REQUIRED, where=where)
        source_id = reader.read_id(item, where, sources)
        published, precision = _read_published(reader, item, where)
        file_name = reader.text(item, "file", where=where)
        text = ""
        file_path = (base / file_name) if file_name else base
        if file_name:
            read = read_source_file(base, file_name)
            if read.problem:
                reader.report(item.at("file"), read.problem, field=f"{where}.file")
            text = read.text
        captured, original = check_capture(reader, item, where, base, text)
        url = reader.text(item, "url", where=where)
        if url and not re.match(r"https?://", url):
            reader.report(item.at("url"), f"'{url}' is not an http(s) address", field=f"{where}.url")
            url = ""
        accessed = None
        if "accessed" in item:
            try:
                value = parse_when_value(item["accessed"])
                accessed = value.date() if isinstance(value, datetime) else value
            except ValueError as exc:
                reader.report(item.at("accessed"), str(exc), field=f"{where}.accessed")
        if source_id and published is None:
            reader.failed_ids.add(source_id)  # reported here; excerpts citing it are not "unknown" as well
        if source_id and published is not None:
            sources[source_id] = Source(
                id=source_id, outlet=reader.text(item, "outlet", where=where),
                title=reader.text(item, "title", where=where),
                published=published, file=file_path, text=text, author=reader.text(item, "author", where=where),
                published_precision=precision, published_basis=reader.text(item, "published_basis", where=where),
                outlet_basis=reader.text(item, "outlet_basis", where=where), url=url, captured=captured,
                original=original, accessed=accessed)
    return sources


def _read_published(reader: Reader, item: LMap, where: str) -> tuple[datetime | None, Precision]:
    precision = Precision.MINUTE
    if "published_precision" in item:
        given = str(item["published_precision"])
        if given in (Precision.DAY, Precision.HOUR, Precision.MINUTE):
            precision = Precision(given)
        else:
            reader.report(item.at("published_precision"), f"'{given}' is not one of: day, hour, minute",
                          field=f"{where}.published_precision")
    if "published" not in item:
        return None, precision
    try:
        value = parse_when_value(item["published"])
    except ValueError as exc:
        reader.report(item.at("published"), str(exc), field=f"{where}.published")
        return None, precision
    if not isinstance(value, datetime):
        reader.report(item.at("published"), f"'{item['published']}' needs a time and UTC offset (ISO 8601, e.g. "
                      f"{value}T00:00+05:30 with published_precision: day when only the day is known)",
                      field=f"{where}.published")
        return None, precision
    return value, precision


__all__ = ["LoadCancelled", "LoadResult", "Progress", "load_dataset", "load_text", "load_tree"]
