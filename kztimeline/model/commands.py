"""Edit commands on an `EventsDocument`: small undoable objects, one per thing a user does.

Each command has a `name` ("Add Event", for the GUI's "Undo Add Event"), `apply(doc)` and `revert(doc)`. The GUI
wraps one in a QUndoCommand (redo → apply, undo → revert); the CLI applies one and saves. A command never edits a
node of the tree in place: it swaps in a changed copy, or inserts or removes whole nodes, and `revert` puts the very
nodes that were there back. So after apply + revert the tree is the one that was read, and saving writes the file
byte for byte as it was (the layout merge in `roundtrip.py` keeps every untouched line).

Commands check what would corrupt the tree or make an undo ambiguous (unknown event, duplicate id, a required
field removed, a bad colour) and raise `CommandError` with one line; whether the data then makes sense (a date in
the period, a quote that stands in its source) is `EventsDocument.check()`'s job, as for a hand-edited file.

`apply` may be called again after `revert` (redo); it then redoes exactly the same change. A command belongs to
the document it was first applied to, and commands must be undone in the reverse order they were done (what an
undo stack does). Because nodes are swapped rather than edited, hold on to ids, never to nodes of `doc.tree`.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from .dates import Precision, parse_offset, parse_when_value
from .document import EventsDocument
from .eventparse import EVENT_KEYS
from .loader import CATEGORY_KEYS, PLACE_KEYS, PLACE_KINDS
from .roundtrip import block_map, flow_map, flow_seq, long_text, timestamp
from .selectors import Selector

#: Source keys in the order they are written (the loader's, plus those a capture adds).
SOURCE_ORDER = ("id", "outlet", "outlet_basis", "title", "author", "published", "published_precision",
                "published_basis", "url", "captured", "file", "sha256", "original")
#: Event fields EditEvent may change; the ones that may not be removed.
EDITABLE = ("title", "date", "precision", "end", "not_before", "when", "places", "category", "context")
REQUIRED = ("title", "date", "places")
_DATE_FIELDS = ("date", "end", "not_before")


class CommandError(ValueError):
    """A command that cannot be applied to this document; one line for the user."""


class Command(ABC):
    """An undoable change. `name` is what the Edit menu shows after "Undo"/"Redo"."""

    name: str = "Edit"

    def __init__(self) -> None:
        self._steps: list[_Step] | None = None

    def apply(self, doc: EventsDocument) -> None:
        if self._steps is not None:  # redo
            for step in self._steps:
                step.do()
            return
        steps: list[_Step] = []
        try:
            self._plan(doc, steps)
        except BaseException:
            for step in reversed(steps):  # a command is done whole or not at all
                step.undo()
            raise
        self._steps = steps

    def revert(self, doc: EventsDocument) -> None:
        if self._steps is None:
            raise CommandError(f"'{self.name}' cannot be undone before it was done")
        for step in reversed(self._steps):
            step.undo()

    @abstractmethod
    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        """Work the change out against the document as it is now, doing each step (`_do`) as it goes."""


# --- the primitive, exactly reversible steps ------------------------------------------------------------------------

class _Step:
    def do(self) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError


def _do(step: _Step, steps: list[_Step]) -> None:
    step.do()
    steps.append(step)


def _index(seq: CommentedSeq, node: Any) -> int:
    for index, item in enumerate(seq):
        if item is node:
            return index
    raise CommandError("the document changed under this command; it cannot be applied or undone here")


@dataclass
class _Replace(_Step):
    """seq: `old` item → `new` item, at the same place."""

    seq: CommentedSeq
    old: Any
    new: Any

    def do(self) -> None:
        self.seq[_index(self.seq, self.old)] = self.new

    def undo(self) -> None:
        self.seq[_index(self.seq, self.new)] = self.old


@dataclass
class _Insert(_Step):
    seq: CommentedSeq
    index: int
    new: Any

    def do(self) -> None:
        self.seq.insert(self.index, self.new)

    def undo(self) -> None:
        del self.seq[_index(self.seq, self.new)]


@dataclass
class _Remove(_Step):
    seq: CommentedSeq
    old: Any
    _at: int = -1
    _comment: Any = None

    def do(self) -> None:
        self._at = _index(self.seq, self.old)
        self._comment = self.seq.ca.items.get(self._at)
        del self.seq[self._at]

    def undo(self) -> None:
        self.seq.insert(self._at, self.old)
        if self._comment is not None:
            self.seq.ca.items[self._at] = self._comment


@dataclass
class _SetHeader(_Step):
    """The comment lines before the first item of the block list `mapping[key]`. ruamel.yaml keeps them twice,
    in the key's comment entry and in the list's own, sharing the tokens; it writes them from the first and marks
    them written (so they are not written twice), and resets that mark only through the second. Both are set."""

    mapping: CommentedMap
    key: str
    lines: list[Any]
    _old: tuple[Any, Any] = (None, None)

    def do(self) -> None:
        seq = self.mapping[self.key]
        self._old = (self.mapping.ca.items.get(self.key), seq.ca.comment)
        entry = list(self._old[0]) if self._old[0] else [None, None, None, None]
        entry += [None] * (4 - len(entry))
        entry[3] = self.lines
        self.mapping.ca.items[self.key] = entry
        seq.ca.comment = [seq.ca.comment[0] if seq.ca.comment else None, self.lines]

    def undo(self) -> None:
        entry, comment = self._old
        if entry is None:
            del self.mapping.ca.items[self.key]
        else:
            self.mapping.ca.items[self.key] = entry
        self.mapping[self.key].ca.comment = comment


@dataclass
class _SetKey(_Step):
    """mapping[key] = new (inserted at `position` when absent); undo restores the old value or removes the key."""

    mapping: CommentedMap
    key: str
    new: Any
    position: int
    _had: bool = False
    _old: Any = None

    def do(self) -> None:
        self._had = self.key in self.mapping
        if self._had:
            self._old = self.mapping[self.key]
            self.mapping[self.key] = self.new
        else:
            self.mapping.insert(self.position, self.key, self.new)

    def undo(self) -> None:
        if self._had:
            self.mapping[self.key] = self._old
        else:
            del self.mapping[self.key]


# --- ids ------------------------------------------------------------------------------------------------------------

def slugify(text: str, fallback: str = "item", limit: int = 60) -> str:
    """An id from a title: lowercase ASCII letters, digits and hyphens ("Tokayev's address" → "tokayevs-address").
    Letters outside ASCII are transliterated where Unicode can decompose them, dropped otherwise."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"['’]", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or fallback


def unique_id(base: str, taken: Sequence[str] | set[str]) -> str:
    """`base`, or `base-2`, `base-3` … whichever is not taken."""
    used = set(taken)
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"


# --- layout helpers: what follows the last line of an item (blank lines, a section's comment) -----------------------

def _slot(node: Any) -> tuple[Any, Any] | None:
    """The (container, key) whose comment holds the text after `node`'s last line, for a block-style node."""
    if isinstance(node, CommentedMap) and node and not node.fa.flow_style():
        key = list(node.keys())[-1]
        deeper = _slot(node[key])
        return deeper if deeper is not None else (node, key)
    if isinstance(node, CommentedSeq) and node and not node.fa.flow_style():
        deeper = _slot(node[-1])
        return deeper if deeper is not None else (node, len(node) - 1)
    return None


def _token(node: Any) -> tuple[Any, Any, Any, bool]:
    """(container, key, comment token or None, whether the last value is a block scalar) of `node`'s last line."""
    slot = _slot(node)
    if slot is None:
        return None, None, None, False
    container, key = slot
    entry = container.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 and isinstance(entry[2], CommentToken) else None
    return container, key, token, isinstance(container[key], (FoldedScalarString, LiteralScalarString))


def _split(token: Any, block: bool) -> tuple[str, str]:
    """A trailing comment token's text as (the end of the last line itself, what follows it). After a block
    scalar (`>-`) the token holds only what follows: the scalar took its own line break."""
    if token is None:
        return ("" if block else "\n"), ""
    value = str(token.value)
    if block:
        return "", value
    if "\n" not in value:
        return value, ""
    head, rest = value.split("\n", 1)
    return head + "\n", rest


def _tail(node: Any) -> str:
    """What stands after the item's last line (blank lines, comments about what follows); "" when nothing."""
    _container, _key, token, block = _token(node)
    return _split(token, block)[1]


def _set_tail(node: Any, tail: str) -> None:
    """Make `tail` (as returned by `_tail`) follow the item's last line, keeping that line's own comment."""
    container, key, token, block = _token(node)
    if container is None:
        return
    head = _split(token, block)[0]
    entry = container.ca.items.get(key)
    if head in ("", "\n") and not tail:
        if entry is not None and len(entry) > 2:
            entry[2] = None
            if not any(entry):
                del container.ca.items[key]
        return
    mark = token.start_mark if token is not None else CommentMark(0)
    new = CommentToken(head + tail, mark, None)
    if entry is None:
        container.ca.items[key] = [None, None, new, None]
    else:
        entry[2] = new


def _blank(tail: str) -> str:
    """The blank lines a tail begins with (what separates items), without the comments after them."""
    return tail[: len(tail) - len(tail.lstrip("\n"))]


def _edited(node: CommentedMap, change: Any) -> CommentedMap:
    """A changed copy of `node` (the original is kept for undo), with what followed it still following it."""
    new = copy.deepcopy(node)
    tail = _tail(new)
    _set_tail(new, "")
    change(new)
    _flow_if_empty(new)
    _set_tail(new, tail)
    return new


def _flow_if_empty(node: Any) -> None:
    """An empty list or mapping can only be written `[]` or `{}` (a block one would not be YAML)."""
    if isinstance(node, (CommentedMap, CommentedSeq)):
        if not len(node):
            node.fa.set_flow_style()
        for child in node.values() if isinstance(node, CommentedMap) else node:
            _flow_if_empty(child)


def _put(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set `key`; a new key goes after the keys that precede it in `order`."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = len(mapping)
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            position = index
            break
    mapping.insert(position, key, value)


def _list_section(doc: EventsDocument, key: str, steps: list[_Step]) -> CommentedSeq:
    """The top-level list `key`, as a block list: created, or an empty `[]` replaced, by a step."""
    seq = doc.tree.get(key)
    if isinstance(seq, CommentedSeq) and (len(seq) or not seq.fa.flow_style()):
        return seq
    if seq is not None and not isinstance(seq, CommentedSeq):
        raise CommandError(f"'{key}' in the file is not a list; fix it by hand first")
    fresh = CommentedSeq()
    order = ("title", "description", "period", "categories", "places", "sources", "events")
    position = _position(doc.tree, key, order)
    _do(_SetKey(doc.tree, key, fresh, position), steps)
    return fresh


def _position(mapping: CommentedMap, key: str, order: Sequence[str]) -> int:
    rank = order.index(key)
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            return index
    return len(mapping)


def _append(seq: CommentedSeq, new: Any, steps: list[_Step]) -> None:
    _insert(seq, len(seq), new, steps)


def _insert(seq: CommentedSeq, index: int, new: Any, steps: list[_Step]) -> None:
    """Insert `new` before item `index` (at the end when `index` is the length), laid out as its neighbours are.

    What follows an item in the file is kept with the item before the new one only when it is blank lines (how
    the items are separated); a comment there (a section heading such as `# --- background ---`, or the text
    before the next top-level key) introduces what comes next, so it moves after the new item."""
    index = min(index, len(seq))
    if index == 0:
        if len(seq):
            _set_tail(new, _blank(_tail(seq[0])))
    else:
        before = seq[index - 1]
        tail = _tail(before)
        if tail and (tail.strip() or index == len(seq)) and isinstance(before, CommentedMap):
            between = _blank(_tail(seq[-2])) if index == len(seq) and len(seq) > 1 else _blank(tail)
            if index == len(seq) and len(seq) == 1:
                between = ""
            replaced = copy.deepcopy(before)
            _set_tail(replaced, between)
            _do(_Replace(seq, before, replaced), steps)
            _set_tail(new, tail)
        else:
            _set_tail(new, _blank(tail))
    _do(_Insert(seq, index, new), steps)


# --- values ---------------------------------------------------------------------------------------------------------

def _date_value(name: str, value: date | datetime | str) -> Any:
    if isinstance(value, str):
        try:
            parse_when_value(value)
        except ValueError as exc:
            raise CommandError(f"{name}: {exc}") from None
    return timestamp(value)


def _text(name: str, value: Any, indent: int = 4, required: bool = True) -> Any:
    if not isinstance(value, str) or (required and not value.strip()):
        raise CommandError(f"{name}: expected text")
    return long_text(value.strip(), indent)


@dataclass(frozen=True)
class ExcerptSpec:
    """An excerpt to add: the source's id, the quote, and where it stands (the GUI's selection) if known."""

    source: str
    quote: str
    at: Selector | None = None
    note: str = ""

    def node(self) -> CommentedMap:
        if not self.quote.strip() or not self.source:
            raise CommandError("an excerpt needs a source and a quote")
        entry = block_map(source=self.source, quote=long_text(" ".join(self.quote.split()), 8))
        if self.at is not None:
            entry["at"] = flow_map(start=self.at.start, end=self.at.end, prefix=self.at.prefix or None,
                                   suffix=self.at.suffix or None)
        if self.note:
            entry["note"] = long_text(self.note, 8)
        return entry


@dataclass(frozen=True)
class WhenSpec:
    """How the date was found: the phrase as it stands in the source, the source's id, a note."""

    phrase: str = ""
    source: str = ""
    note: str = ""

    def node(self) -> CommentedMap:
        items = {"phrase": self.phrase or None, "source": self.source or None,
                 "note": long_text(self.note, 6) if self.note else None}
        if not any(items.values()):
            raise CommandError("when: give a phrase, a source or a note")
        return flow_map(**items) if not self.note else block_map(**items)


@dataclass(frozen=True)
class ConflictSpec:
    topic: str
    sources: tuple[str, ...]
    note: str = ""

    def node(self) -> CommentedMap:
        if len(self.sources) < 2:
            raise CommandError("a conflict needs at least two sources")
        return block_map(topic=self.topic, note=long_text(self.note, 8) if self.note else None,
                         sources=flow_seq(list(self.sources)))


def _event_value(key: str, value: Any) -> Any:
    """A field of an event as its YAML node."""
    if key in _DATE_FIELDS:
        return _date_value(key, value)
    if key == "precision":
        if value not in tuple(p.value for p in Precision):
            raise CommandError(f"precision: '{value}' is not one of: {', '.join(p.value for p in Precision)}")
        return str(value)
    if key == "places":
        if isinstance(value, str) or not value or not all(isinstance(p, str) and p for p in value):
            raise CommandError("places: expected a list of at least one place id or name")
        return flow_seq(list(value))
    if key == "when":
        if not isinstance(value, WhenSpec):
            raise CommandError("when: expected a WhenSpec")
        return value.node()
    if key == "context":
        return bool(value)
    return _text(key, value)


def _sort_key(value: Any, tz: Any) -> datetime:
    try:
        parsed = parse_when_value(str(value))
    except ValueError:
        return datetime.max.replace(tzinfo=tz)
    if isinstance(parsed, datetime):
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    return datetime(parsed.year, parsed.month, parsed.day, tzinfo=tz)


def _period_tz(doc: EventsDocument) -> Any:
    period = doc.tree.get("period")
    try:
        return parse_offset(str(period["timezone"])) if isinstance(period, Mapping) and "timezone" in period \
            else parse_offset("+00:00")
    except ValueError:
        return parse_offset("+00:00")


# --- the commands ---------------------------------------------------------------------------------------------------

class AddSource(Command):
    """Add a source entry (as `capture.py` makes it) at the end of `sources:`. Its archived files are not deleted
    on undo: they are harmless on disk, and redo needs them."""

    name = "Add Source"

    def __init__(self, entry: Mapping[str, Any]):
        super().__init__()
        self.entry = dict(entry)
        self.source_id = str(self.entry.get("id", ""))

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.source_id):
            raise CommandError(f"'{self.source_id}' is not a valid source id (lowercase letters, digits, hyphens)")
        if self.source_id in doc.source_ids():
            raise CommandError(f"there is already a source '{self.source_id}'")
        node = CommentedMap()
        for key in sorted(self.entry, key=lambda k: SOURCE_ORDER.index(k) if k in SOURCE_ORDER else 99):
            value = self.entry[key]
            if value is None or value == "":
                continue
            if key in ("published", "captured"):
                value = _date_value(key, value)
            elif key == "original" and isinstance(value, Mapping):
                value = block_map(**dict(value))
            elif isinstance(value, str):
                value = long_text(value, 4)
            node[key] = value
        _append(_list_section(doc, "sources", steps), node, steps)


class AddEvent(Command):
    """Add an event, placed in `events:` in date order (background events, `context: true`, at the end). Its id
    is made from the title, unique in the file; read it from `event_id` after `apply`."""

    name = "Add Event"

    def __init__(self, title: str, date: date | datetime | str, places: Sequence[str],
                 excerpts: Sequence[ExcerptSpec] = (), *, precision: str | None = None,
                 end: date | datetime | str | None = None, not_before: date | datetime | str | None = None,
                 when: WhenSpec | None = None, category: str | None = None, context: bool = False,
                 event_id: str | None = None):
        super().__init__()
        self.fields: dict[str, Any] = {"title": title, "date": date, "end": end, "precision": precision,
                                       "not_before": not_before, "when": when, "places": list(places),
                                       "category": category, "context": context or None}
        self.excerpts = list(excerpts)
        self.event_id = event_id or ""

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        taken = doc.event_ids()
        if self.event_id and self.event_id in taken:
            raise CommandError(f"there is already an event '{self.event_id}'")
        self.event_id = self.event_id or unique_id(slugify(str(self.fields["title"]), "event"), taken)
        node = CommentedMap()
        node["id"] = self.event_id
        for key in ("title", "date", "end", "precision", "not_before", "when", "context", "places", "category"):
            if self.fields[key] is not None:
                node[key] = _event_value(key, self.fields[key])
        seq_excerpts = CommentedSeq([spec.node() for spec in self.excerpts])
        node["excerpts"] = seq_excerpts
        events = _list_section(doc, "events", steps)
        _insert(events, self._position(doc, events), node, steps)

    def _position(self, doc: EventsDocument, events: CommentedSeq) -> int:
        if self.fields["context"]:
            return len(events)
        tz = _period_tz(doc)
        mine = _sort_key(timestamp(self.fields["date"]), tz)
        position = None
        for index, item in enumerate(events):
            if not isinstance(item, Mapping) or item.get("context") is True:
                continue
            if _sort_key(item.get("date"), tz) <= mine:
                position = index + 1
            elif position is None:
                position = index
        return len(events) if position is None else position


class EditEvent(Command):
    """Change fields of one event: `changes` maps a field of EDITABLE to its new value (None removes an optional
    field). Dates are `date`, `datetime` (with offset) or ISO text; `when` is a WhenSpec; `places` a list."""

    def __init__(self, event_id: str, changes: Mapping[str, Any]):
        super().__init__()
        unknown = [key for key in changes if key not in EDITABLE]
        if unknown:
            raise CommandError(f"cannot edit '{unknown[0]}' (editable: {', '.join(EDITABLE)})")
        if not changes:
            raise CommandError("nothing to change")
        self.event_id, self.changes = event_id, dict(changes)
        only = next(iter(changes)) if len(changes) == 1 else ""
        self.name = f"Change {only.replace('_', ' ').title()}" if only else "Edit Event"

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        events, index = _find(doc, self.event_id)
        values = {}
        for key, value in self.changes.items():
            if value is None and key in REQUIRED:
                raise CommandError(f"event '{self.event_id}': {key} is required and cannot be removed")
            values[key] = None if value is None or (key == "context" and not value) else _event_value(key, value)

        def change(node: CommentedMap) -> None:
            for key, value in values.items():
                if value is None:
                    node.pop(key, None)
                else:
                    _put(node, key, value, EVENT_KEYS)

        old = events[index]
        _do(_Replace(events, old, _edited(old, change)), steps)


class DeleteEvent(Command):
    name = "Delete Event"

    def __init__(self, event_id: str):
        super().__init__()
        self.event_id = event_id

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        events, index = _find(doc, self.event_id)
        old = events[index]
        tail = _tail(old)
        if index > 0 and (tail.strip() or index == len(events) - 1):
            # what followed this event (a section's comment, the file's last lines) now follows the one before
            before = events[index - 1]
            kept = _tail(before)
            replaced = copy.deepcopy(before)
            _set_tail(replaced, (kept if kept.strip() else "") + tail)
            _do(_Replace(events, before, replaced), steps)
        elif index == 0 and len(events) > 1 and tail.strip():
            # a section comment that followed the first event now stands before the new first one
            _do(_SetHeader(doc.tree, "events", _header_with(doc.tree.ca.items.get("events"), tail)), steps)
        _do(_Remove(events, old), steps)


def _header_with(entry: Any, tail: str) -> list[Any]:
    """The comment lines before a list's first item (from its key's comment entry) with those of `tail` after."""
    tokens = list(entry[3] or []) if entry and len(entry) > 3 else []
    for line in tail.split("\n")[:-1] if tail.endswith("\n") else tail.split("\n"):
        text = line.strip()
        tokens.append(CommentToken(text + "\n" if text else "\n", CommentMark(len(line) - len(line.lstrip()))))
    return tokens


class AddExcerpt(Command):
    """Add an excerpt to an event (at the end, or before `index`)."""

    name = "Add Excerpt"

    def __init__(self, event_id: str, excerpt: ExcerptSpec, index: int | None = None):
        super().__init__()
        self.event_id, self.excerpt, self.index = event_id, excerpt, index

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        events, index = _find(doc, self.event_id)
        new_excerpt = self.excerpt.node()

        def change(node: CommentedMap) -> None:
            excerpts = node.get("excerpts")
            if not isinstance(excerpts, CommentedSeq):
                excerpts = CommentedSeq()
                _put(node, "excerpts", excerpts, EVENT_KEYS)
            elif excerpts.fa.flow_style():
                excerpts.fa.set_block_style()
            excerpts.insert(len(excerpts) if self.index is None else self.index, new_excerpt)

        old = events[index]
        _do(_Replace(events, old, _edited(old, change)), steps)


class RemoveExcerpt(Command):
    name = "Remove Excerpt"

    def __init__(self, event_id: str, index: int):
        super().__init__()
        self.event_id, self.index = event_id, index

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        events, position = _find(doc, self.event_id)
        old = events[position]
        excerpts = old.get("excerpts")
        if not isinstance(excerpts, CommentedSeq) or not 0 <= self.index < len(excerpts):
            raise CommandError(f"event '{self.event_id}' has no excerpt {self.index + 1}")
        def change(node: CommentedMap) -> None:
            del node["excerpts"][self.index]  # CommentedSeq's del moves the comments of later items up; pop would not

        _do(_Replace(events, old, _edited(old, change)), steps)


class SetConflicts(Command):
    """Replace an event's `conflicts:` (an empty list removes the key)."""

    name = "Set Conflicts"

    def __init__(self, event_id: str, conflicts: Sequence[ConflictSpec]):
        super().__init__()
        self.event_id, self.conflicts = event_id, list(conflicts)

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        events, index = _find(doc, self.event_id)
        nodes = CommentedSeq([spec.node() for spec in self.conflicts])

        def change(node: CommentedMap) -> None:
            if nodes:
                _put(node, "conflicts", nodes, EVENT_KEYS)
            else:
                node.pop("conflicts", None)

        old = events[index]
        _do(_Replace(events, old, _edited(old, change)), steps)


class AddPlace(Command):
    """Append a place (a new lane) to `places:`; its id is made from the name unless given. Give `gazetteer`
    (any spelling the offline gazetteer knows) or `lat`/`lon`."""

    name = "Add Place"

    def __init__(self, name: str, kind: str = "city", *, place_id: str | None = None, gazetteer: str | None = None,
                 lat: float | None = None, lon: float | None = None, utc_offset: str | None = None,
                 description: str | None = None):
        super().__init__()
        if kind not in PLACE_KINDS:
            raise CommandError(f"'{kind}' is not a place kind (one of: {', '.join(PLACE_KINDS)})")
        if utc_offset is not None:
            try:
                parse_offset(utc_offset)
            except ValueError as exc:
                raise CommandError(f"utc_offset: {exc}") from None
        self.place_id = place_id or ""
        self.values: dict[str, Any] = {"name": name, "kind": kind, "gazetteer": gazetteer, "lat": lat, "lon": lon,
                                       "utc_offset": DoubleQuotedScalarString(utc_offset) if utc_offset else None,
                                       "description": description}

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        taken = doc.place_ids()
        if self.place_id and self.place_id in taken:
            raise CommandError(f"there is already a place '{self.place_id}'")
        self.place_id = self.place_id or unique_id(slugify(str(self.values["name"]), "place"), taken)
        places = _list_section(doc, "places", steps)
        flow = bool(len(places)) and all(isinstance(p, CommentedMap) and p.fa.flow_style() for p in places)
        items = {"id": self.place_id, **self.values}
        ordered = {k: items.get(k) for k in PLACE_KEYS}
        _append(places, flow_map(**ordered) if flow else block_map(**ordered), steps)


class AddCategory(Command):
    name = "Add Category"

    def __init__(self, category_id: str, label: str, colour: str):
        super().__init__()
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", category_id):
            raise CommandError(f"'{category_id}' is not a valid category id (lowercase letters, digits, hyphens)")
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise CommandError(f"'{colour}' is not a colour (expected #rrggbb)")
        self.category_id, self.label, self.colour = category_id, label, colour

    def _plan(self, doc: EventsDocument, steps: list[_Step]) -> None:
        categories = doc.tree.get("categories")
        if categories is not None and not isinstance(categories, CommentedMap):
            raise CommandError("'categories' in the file is not a mapping; fix it by hand first")
        if categories is not None and self.category_id in categories:
            raise CommandError(f"there is already a category '{self.category_id}'")
        entry = flow_map(**dict(zip(CATEGORY_KEYS, (self.label, DoubleQuotedScalarString(self.colour)))))
        fresh = copy.deepcopy(categories) if categories is not None else CommentedMap()
        if not len(fresh):
            fresh.fa.set_block_style()
        fresh[self.category_id] = entry
        order = ("title", "description", "period", "categories", "places", "sources", "events")
        _do(_SetKey(doc.tree, "categories", fresh, _position(doc.tree, "categories", order)), steps)


def _find(doc: EventsDocument, event_id: str) -> tuple[CommentedSeq, int]:
    try:
        return doc.find_event(event_id)
    except KeyError:
        raise CommandError(f"there is no event '{event_id}'") from None


__all__ = ["AddCategory", "AddEvent", "AddExcerpt", "AddPlace", "AddSource", "Command", "CommandError",
           "ConflictSpec", "DeleteEvent", "EditEvent", "ExcerptSpec", "RemoveExcerpt", "SetConflicts", "WhenSpec",
           "slugify", "unique_id"]
