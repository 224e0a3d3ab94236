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
_ALLOWED = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")}


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class LMap(dict):
    """A mapping that remembers where each key and each value stood."""

    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]
    mark: Mark

    def at(self, key: str) -> Mark:
        """Where the value of `key` stands, or the mapping itself when the key is absent."""
        return self.value_marks.get(key, self.mark)


class LList(list):
    """A sequence that remembers where each item stood."""

    marks: list[Mark]
    mark: Mark


@dataclass
class ComposeResult:
    value: Any = None
    errors: list[tuple[Mark, str]] = field(default_factory=list)


class _Converter:
    def __init__(self) -> None:
        self.errors: list[tuple[Mark, str]] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node) -> Any:
        mark = _mark(node)
        if node.tag not in _ALLOWED:
            self.errors.append((mark, f"the YAML tag {node.tag!r} is not allowed (plain values only)"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, mark)
        if isinstance(node, yaml.SequenceNode):
            out = LList()
            out.mark, out.marks = mark, []
            for item in node.value:
                out.append(self.convert(item))
                out.marks.append(_mark(item))
            return out
        if node.tag == _CORE + "timestamp":
            return str(node.value)  # parsed (and checked) by the date code, with its place
        return self._constructor.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, mark: Mark) -> LMap:
        out = LMap()
        out.mark, out.key_marks, out.value_marks = mark, {}, {}
        for key_node, value_node in node.value:
            key = self.convert(key_node)
            if key_node.tag == _CORE + "merge":
                self.errors.append((_mark(key_node), "YAML merge keys ('<<') are not supported"))
                continue
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.errors.append((_mark(key_node), "a key must be plain text"))
                continue
            key = str(key)
            if key in out:
                first = out.key_marks[key]
                self.errors.append((_mark(key_node), f"duplicate key '{key}' (first given at line {first.line})"))
                continue
            out[key] = self.convert(value_node)
            out.key_marks[key] = _mark(key_node)
            out.value_marks[key] = _mark(value_node)
        return out


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def compose(text: str) -> ComposeResult:
    """Parse YAML text into plain values with marks; syntax errors come back as (mark, message)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        mark = Mark(where.line + 1, where.column + 1) if where else Mark(0, 0)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.problem and exc.context and exc.context_mark:
            message += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        return ComposeResult(None, [(mark, message)])
    except yaml.YAMLError as exc:
        return ComposeResult(None, [(Mark(0, 0), f"YAML error: {exc}")])
    if node is None:
        return ComposeResult(None, [(Mark(1, 1), "the file is empty")])
    converter = _Converter()
    value = converter.convert(node)
    return ComposeResult(value, converter.errors)
