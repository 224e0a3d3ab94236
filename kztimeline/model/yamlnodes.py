"""Safe YAML reading that keeps the line and column of every value.

PyYAML's loaders throw positions away once a document is constructed, and they silently keep the last of two
duplicate keys. Here values are built straight from the safe (C where available) parser's event stream: no tag
outside YAML's core schema is ever constructed, timestamps stay text (so that an impossible date is reported by our
own checks, with its place), duplicate keys are reported, and hostile shapes are refused with a message instead of
exhausting memory: aliases that expand to too many values ("billion laughs"), nesting too deep, more than one
document.
"""

from __future__ import annotations

import re

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_ALLOWED_SCALARS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "merge")}
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}

#: Values that aliases (*name) may add to a document, counted as expanded; an events file needs none.
MAX_ALIAS_EXPANSION = 100_000
#: Mappings and lists nested inside each other; an events file needs five.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


def _pack(raw: Any) -> int:
    """A parser mark as one int: the parser's mark objects weigh some 300 bytes each, and a 100k-event file has
    millions of them, which were most of the memory a large load needed."""
    return int(raw.line) << 32 | int(raw.column)


def _to_mark(packed: int) -> Mark:
    """A packed parser mark (0-based) as ours (1-based); made only when asked for, which is rare (messages)."""
    return Mark((packed >> 32) + 1, (packed & 0xFFFFFFFF) + 1)


#: A number too long to read (see `_Composer._scalar`).
_TOO_LONG = object()
#: The most bits of an int that Python writes out in decimal (`sys.get_int_max_str_digits()` digits, at 3.32 bits a
#: digit, less a margin).
_MOST_INT_BITS = 4300 * 3


def _mark(event: Any) -> Mark:
    return _to_mark(_pack(event.start_mark))


class _Marks(dict[str, int]):
    """Packed marks by key, unpacked on access: a large file has millions and few are ever read."""

    def __getitem__(self, key: str) -> Mark:  # type: ignore[override]
        return _to_mark(super().__getitem__(key))

    def get(self, key: str, default: Mark | None = None) -> Mark | None:  # type: ignore[override]
        raw = super().get(key)
        return default if raw is None else _to_mark(raw)


class _MarkList(Sequence[Mark]):
    """Packed marks of a list's items, unpacked on access."""

    __slots__ = ("_packed",)

    def __init__(self) -> None:
        self._packed: list[int] = []

    def append_packed(self, raw: int) -> None:
        self._packed.append(raw)

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, index: int) -> Mark: ...
    @overload
    def __getitem__(self, index: slice) -> list[Mark]: ...

    def __getitem__(self, index: int | slice) -> Mark | list[Mark]:
        if isinstance(index, slice):
            return [_to_mark(raw) for raw in self._packed[index]]
        return _to_mark(self._packed[index])

    def __iter__(self) -> Iterator[Mark]:
        return (_to_mark(raw) for raw in self._packed)


class LMap(dict[str, Any]):
    """A mapping that remembers where each key and each value stood."""

    def __init__(self, packed_mark: int = 0) -> None:
        super().__init__()
        self._mark = packed_mark
        self.key_marks = _Marks()
        self.value_marks = _Marks()

    def at(self, key: str) -> Mark:
        """Where the value of `key` stands, or the mapping itself when the key is absent."""
        return self.value_marks.get(key) or self.mark

    @property
    def mark(self) -> Mark:
        return _to_mark(self._mark)


class LList(list[Any]):
    """A sequence that remembers where each item stood."""

    def __init__(self, packed_mark: int = 0) -> None:
        super().__init__()
        self._mark = packed_mark
        self.marks = _MarkList()

    @property
    def mark(self) -> Mark:
        return _to_mark(self._mark)


@dataclass
class ComposeResult:
    value: Any = None
    errors: list[tuple[Mark, str]] = field(default_factory=list)


class _Refused(Exception):
    """The document is refused as a whole (too deep, aliases expanding too far, a second document)."""

    def __init__(self, mark: Mark, message: str):
        super().__init__(message)
        self.mark, self.message = mark, message


def compose(text: str) -> ComposeResult:
    """Parse YAML text into plain values with marks; syntax errors come back as (mark, message).

    Values are built straight from the parser's event stream: no node graph is held in memory, and control
    returns to Python at every event, so a load in a background thread never freezes the window for long.
    """
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except _Refused as exc:
        return ComposeResult(None, [(exc.mark, exc.message)])
    except yaml.MarkedYAMLError as exc:
        return ComposeResult(None, [syntax_problem(exc, text)])
    except yaml.YAMLError as exc:
        return ComposeResult(None, [(Mark(0, 0), f"YAML error: {exc}")])
    if builder.document is _NOTHING:
        return ComposeResult(None, [(Mark(1, 1), "the file is empty")])
    return ComposeResult(builder.document, builder.errors)


_NOTHING = object()


def syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[Mark, str]:
    """A YAML syntax error in plain words, with its likely cause, at the line where the mistake is (the parser
    notices many mistakes only on a later line)."""
    problem, context = exc.problem or "", exc.context or ""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    where = problem_mark or context_mark
    lines = text.splitlines()

    def line_of(mark: Any) -> str:
        return lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""

    plain = ""
    if "could not find expected ':'" in problem and context_mark is not None:
        where = context_mark
        plain = ("a ':' is missing after the key on this line (write `key: value`), or the line is indented "
                 "differently from the lines around it")
    elif "mapping values are not allowed" in problem:
        plain = ("a ':' followed by a space inside a value: put the whole value in quotes (\"…\"), or check this "
                 "line's indentation")
    elif "'\\t'" in problem or "\t" in line_of(problem_mark)[: problem_mark.column + 1 if problem_mark else 0]:
        plain = "a tab character: YAML indents with spaces only"
    elif "flow sequence" in context or "flow mapping" in context:
        where = context_mark or where
        bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        plain = (f"the '{bracket}' opened on this line is not closed with '{close}' (or a value inside holds a "
                 "comma or a ': ': put it in quotes)")
    elif "quoted scalar" in context and context_mark is not None:
        where = context_mark
        plain = "a quote opened on this line is never closed"
    elif "while parsing a block" in context and problem_mark is not None:
        after_quote = re.match(r"\s*(-\s+)?[\w-]+:\s*(\"[^\"]*\"|'[^']*')\s*\S", line_of(problem_mark))
        if after_quote:
            plain = ("text goes on after the closing quote: a value that starts with a quote must end with it — "
                     "quote the whole value, or do not start it with a quote")
        else:
            plain = "this line is indented differently from the lines above it (or a key lacks its ':')"
    elif "cannot start any token" in problem:
        plain = "a value starts with a character YAML reserves (such as @ or `): put the value in quotes"
    elif "alias" in context or "anchor" in context:
        plain = "a value starts with '*' or '&', which YAML reserves: put the value in quotes"
    elif "block sequence entries are not allowed" in problem:
        plain = "a list item ('- ') where a value was expected: check this line's indentation"
    if not plain:
        plain = problem or context
        if problem and context and context_mark is not None:
            plain += f" ({context} that starts at line {context_mark.line + 1})"
    mark = Mark(where.line + 1, where.column + 1) if where is not None else Mark(0, 0)
    return mark, f"YAML syntax error: {plain}"


class _Frame:
    """An open mapping or list: the container, a key waiting for its value, and how many values it holds."""

    __slots__ = ("container", "key", "key_mark", "size", "start")

    def __init__(self, container: LMap | LList, start: Any):
        self.container, self.start = container, start
        self.key: Any = _NOTHING
        self.key_mark = 0
        self.size = 1


class _Builder:
    """Turns parser events into LMap/LList/scalars, collecting problems with their places."""

    _resolver = yaml.resolver.Resolver()

    def __init__(self) -> None:
        self.errors: list[tuple[Mark, str]] = []
        self.document: Any = _NOTHING
        self._stack: list[_Frame] = []
        self._anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, number of values it holds)
        self._expanded = 0  # values added by aliases so far
        self._constructor = yaml.constructor.SafeConstructor()

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._add(self._scalar(event), event, 1)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._open(event, kind is yaml.MappingStartEvent)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self._stack.pop()
            self._add(frame.container, frame.start, frame.size)
        elif kind is yaml.AliasEvent:
            self._alias(event)
        elif kind is yaml.DocumentStartEvent and self.document is not _NOTHING:
            raise _Refused(_mark(event), "the file holds more than one YAML document (a second '---'); an events "
                                         "file is one document: remove the separator or split the file")

    def _open(self, event: Any, mapping: bool) -> None:
        default = _CORE + ("map" if mapping else "seq")
        if event.tag not in (None, "!", default):
            self.errors.append((_mark(event), f"the YAML tag {event.tag!r} is not allowed (plain values only)"))
        if len(self._stack) >= MAX_DEPTH:
            raise _Refused(_mark(event), f"values are nested more than {MAX_DEPTH} levels deep; an events file "
                                         "needs a handful")
        packed = _pack(event.start_mark)
        self._stack.append(_Frame(LMap(packed) if mapping else LList(packed), event))

    def _alias(self, event: Any) -> None:
        if event.anchor not in self._anchors:
            self.errors.append((_mark(event), f"unknown alias '*{event.anchor}'"))
            self._add(None, event, 1)
            return
        value, size = self._anchors[event.anchor]
        self._expanded += size
        if self._expanded > MAX_ALIAS_EXPANSION:
            raise _Refused(_mark(event), f"aliases ('*{event.anchor}') expand to more than {MAX_ALIAS_EXPANSION:,} "
                                         "values, which only a hostile file does; write the values out instead")
        self._add(value, event, size)

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _STR if tag == "!" else self._resolver.resolve(  # type: ignore[no-untyped-call]
                yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:  # by far the most common: no constructor needed
            return event.value
        if tag not in _ALLOWED_SCALARS:
            self.errors.append((_mark(event), f"the YAML tag {tag!r} is not allowed (plain values only)"))
            return None
        if tag == _CORE + "timestamp" or tag == _CORE + "merge":
            return event.value  # dates are parsed (and checked) by the date code, with their place; '<<' below
        if tag in (_CORE + "int", _CORE + "float") and ":" in event.value:
            # YAML 1.1 reads 6:00 as a base-60 number (360); nobody means that here: '+6:00' is a UTC offset
            return event.value
        if tag == _CORE + "bool":
            return _BOOLS[event.value.lower()]
        if tag == _CORE + "null":
            return None
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self._constructor.construct_object(node)
        except (ValueError, OverflowError):  # an int of more digits than Python converts (a hostile file)
            value = _TOO_LONG
        # a hexadecimal, octal or binary int converts at any length, but could not be written out in decimal
        if value is _TOO_LONG or (type(value) is int and value.bit_length() > _MOST_INT_BITS):
            self.errors.append((_mark(event), f"the number {event.value[:12]}… is {len(event.value):,} characters "
                                              "long, more than kztimeline reads; put it in quotes if it is text"))
            return None
        return value

    def _add(self, value: Any, event: Any, size: int) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor and type(event) is not yaml.AliasEvent:
            self._anchors[anchor] = (value, size)
        if not self._stack:
            self.document = value
            return
        frame = self._stack[-1]
        frame.size += size
        container = frame.container
        if isinstance(container, LList):
            container.append(value)
            container.marks.append_packed(_pack(event.start_mark))
        elif frame.key is _NOTHING:  # a key
            if not isinstance(value, (str, int, float, bool)):
                self.errors.append((_mark(event), "a key must be plain text"))
                value = None  # the value that follows is dropped
            frame.key, frame.key_mark = value, _pack(event.start_mark)
        else:
            self._set(container, frame, value, event)

    def _set(self, container: LMap, frame: _Frame, value: Any, event: Any) -> None:
        key, key_mark = frame.key, frame.key_mark
        frame.key = _NOTHING
        if key is None:
            return
        key = str(key)
        if key == "<<":
            self.errors.append((_to_mark(key_mark), "YAML merge keys ('<<') are not supported: write the keys out"))
        elif key in container:
            first = container.key_marks[key]
            self.errors.append((_to_mark(key_mark), f"duplicate key '{key}' (first given at line {first.line})"))
        else:
            container[key] = value
            dict.__setitem__(container.key_marks, key, key_mark)
            dict.__setitem__(container.value_marks, key, _pack(event.start_mark))


def moved_down(value: Any, lines: int) -> Any:
    """A composed value's marks, in place, `lines` further down: a part of a file composed on its own (one entry of
    a long list, re-read to say where its problems are) stands where it does in the whole file."""
    shift = lines << 32
    if isinstance(value, LMap):
        value._mark += shift
        for marks in (value.key_marks, value.value_marks):
            for key, packed in dict.items(marks):
                dict.__setitem__(marks, key, packed + shift)
        for item in value.values():
            moved_down(item, lines)
    elif isinstance(value, LList):
        value._mark += shift
        value.marks._packed = [packed + shift for packed in value.marks._packed]
        for item in value:
            moved_down(item, lines)
    return value


def build(value: Any, mark: Mark, marks: dict[str, Mark] | None = None) -> Any:
    """Plain values (dicts, lists, scalars) as LMap/LList whose every part stands at `mark`, except the keys of
    the top mapping named in `marks`: how a reader of another format (CSV, JSON) hands its rows to the checks."""
    packed = (max(mark.line, 1) - 1) << 32 | (max(mark.column, 1) - 1)
    if isinstance(value, dict):
        out = LMap(packed)
        for key, item in value.items():
            at = (marks or {}).get(key, mark)
            out[key] = build(item, at)
            at_packed = (max(at.line, 1) - 1) << 32 | (max(at.column, 1) - 1)
            dict.__setitem__(out.key_marks, key, at_packed)
            dict.__setitem__(out.value_marks, key, at_packed)
        return out
    if isinstance(value, list):
        items = LList(packed)
        for item in value:
            items.append(build(item, mark))
            items.marks.append_packed(packed)
        return items
    return value
