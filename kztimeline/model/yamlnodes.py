"""Safe YAML reading that keeps the line and column of every value.

PyYAML's loaders throw positions away once a document is constructed, and they silently keep the last of two
duplicate keys. Here we compose the node graph with the safe (C where available) parser and convert it ourselves:
no tag outside YAML's core schema is ever constructed, timestamps stay text (so that an impossible date is reported
by our own checks, with its place), and duplicate keys are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_ALLOWED = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")}


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


def _to_mark(raw) -> Mark:
    """A parser mark (0-based, or packed by `_pack`) as ours (1-based); made only when asked for, which is rare
    (messages)."""
    if isinstance(raw, Mark):
        return raw
    if isinstance(raw, int):
        return Mark((raw >> 32) + 1, (raw & 0xFFFFFFFF) + 1)
    return Mark(raw.line + 1, raw.column + 1)


def _pack(raw) -> int:
    """A parser mark as one int: the parser's mark objects weigh some 300 bytes each, and a 100k-event file has
    millions of them, which were most of the memory a large load needed."""
    return (raw.line << 32) | raw.column


class _Marks(dict):
    """Parser marks by key, converted on access: a large file has millions and few are ever read."""

    def __getitem__(self, key):
        return _to_mark(super().__getitem__(key))

    def get(self, key, default=None):
        raw = super().get(key)
        return default if raw is None else _to_mark(raw)


class _MarkList(list):
    def __getitem__(self, index):
        return _to_mark(super().__getitem__(index))

    def __iter__(self):
        return (_to_mark(raw) for raw in super().__iter__())


class LMap(dict):
    """A mapping that remembers where each key and each value stood."""

    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]

    def at(self, key: str) -> Mark:
        """Where the value of `key` stands, or the mapping itself when the key is absent."""
        return self.value_marks.get(key, self.mark)

    @property
    def mark(self) -> Mark:
        return _to_mark(self._mark)


class LList(list):
    """A sequence that remembers where each item stood."""

    marks: list[Mark]

    @property
    def mark(self) -> Mark:
        return _to_mark(self._mark)


@dataclass
class ComposeResult:
    value: Any = None
    errors: list[tuple[Mark, str]] = field(default_factory=list)


_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


class _Converter:
    def __init__(self) -> None:
        self.errors: list[tuple[Mark, str]] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _STR:  # by far the most common: no constructor needed
            return node.value
        if tag not in _ALLOWED:
            self.errors.append((_mark(node), f"the YAML tag {tag!r} is not allowed (plain values only)"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            out = LList()
            out._mark, out.marks = node.start_mark, _MarkList()
            for item in node.value:
                out.append(self.convert(item))
                out.marks.append(item.start_mark)
            return out
        if tag == _CORE + "timestamp":
            return str(node.value)  # parsed (and checked) by the date code, with its place
        if tag == _CORE + "bool":
            return _BOOLS[node.value.lower()]
        if tag == _CORE + "null":
            return None
        return self._constructor.construct_object(node)

    def _mapping(self, node: yaml.MappingNode) -> LMap:
        out = LMap()
        out._mark, out.key_marks, out.value_marks = node.start_mark, _Marks(), _Marks()
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                self.errors.append((_mark(key_node), "YAML merge keys ('<<') are not supported"))
                continue
            key = self.convert(key_node)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.errors.append((_mark(key_node), "a key must be plain text"))
                continue
            key = str(key)
            if key in out:
                first = out.key_marks[key]
                self.errors.append((_mark(key_node), f"duplicate key '{key}' (first given at line {first.line})"))
                continue
            out[key] = self.convert(value_node)
            out.key_marks[key] = key_node.start_mark
            out.value_marks[key] = value_node.start_mark
        return out


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def compose(text: str) -> ComposeResult:
    """Parse YAML text into plain values with marks; syntax errors come back as (mark, message).

    Values are built straight from the parser's event stream: no node graph is held in memory, and control
    returns to Python at every event, so a load in a background thread never freezes the window for long.
    """
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        mark = Mark(where.line + 1, where.column + 1) if where else Mark(0, 0)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.problem and exc.context and exc.context_mark:
            message += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        return ComposeResult(None, [(mark, message)])
    except yaml.YAMLError as exc:
        return ComposeResult(None, [(Mark(0, 0), f"YAML error: {exc}")])
    if not builder.documents:
        return ComposeResult(None, [(Mark(1, 1), "the file is empty")])
    return ComposeResult(builder.documents[0], builder.errors)


class _Builder(_Converter):
    """Turns parser events into LMap/LList/scalars, reporting what the converter reports."""

    _resolver = yaml.resolver.Resolver()

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[Any] = []
        self._stack: list[list] = []  # [container, pending key, pending key mark] per open collection
        self._anchors: dict[str, Any] = {}

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = _STR if tag == "!" else self._resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
            value = self.convert(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style))
            self._add(value, event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            mapping = kind is yaml.MappingStartEvent
            default = _CORE + ("map" if mapping else "seq")
            if event.tag not in (None, "!", default):
                self.errors.append((_mark(event), f"the YAML tag {event.tag!r} is not allowed (plain values only)"))
            if mapping:
                container = LMap()
                container.key_marks, container.value_marks = _Marks(), _Marks()
            else:
                container = LList()
                container.marks = _MarkList()
            container._mark = _pack(event.start_mark)
            self._stack.append([container, None, None, event])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            container, *_pending, start = self._stack.pop()
            self._add(container, start)
        elif kind is yaml.AliasEvent:
            if event.anchor not in self._anchors:
                self.errors.append((_mark(event), f"unknown alias '*{event.anchor}'"))
            self._add(self._anchors.get(event.anchor), event)

    def _add(self, value: Any, event: yaml.Event) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor and type(event) is not yaml.AliasEvent:
            self._anchors[anchor] = value
        if not self._stack:
            self.documents.append(value)
            return
        frame = self._stack[-1]
        container = frame[0]
        if isinstance(container, LList):
            container.append(value)
            container.marks.append(_pack(event.start_mark))
        elif frame[1] is None:  # a key
            if not isinstance(value, (str, int, float, bool)) or value is None:
                self.errors.append((_mark(event), "a key must be plain text"))
                value = object()  # the value that follows is dropped
            frame[1], frame[2] = value, _pack(event.start_mark)
        else:
            key, key_mark = frame[1], frame[2]
            frame[1] = frame[2] = None
            if not isinstance(key, (str, int, float, bool)):
                return
            key = str(key)
            if key == "<<":
                self.errors.append((_to_mark(key_mark), "YAML merge keys ('<<') are not supported"))
            elif key in container:
                first = container.key_marks[key]
                self.errors.append((_to_mark(key_mark), f"duplicate key '{key}' (first given at line {first.line})"))
            else:
                container[key] = value
                container.key_marks[key] = key_mark
                container.value_marks[key] = _pack(event.start_mark)
