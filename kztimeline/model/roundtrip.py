"""Round-trip YAML for editing an events file: ruamel.yaml's tree, and a layout-keeping way to write it back.

The fast loader (`yamlnodes.compose`) is for reading and checking; it throws the layout away. Editing needs the
opposite: a tree that keeps comments, key order, quoting and flow style, so that a file written by hand and then
edited in the app still reads like the hand-written file. ruamel.yaml's round-trip mode keeps almost all of it, but
not everything (it drops the extra spaces that align `protest:        {label: ...}` under a longer key). So the
text is never simply re-dumped: `merge_layout` applies only the lines that the edit changed to the file as it was,
and every line the edit did not touch is kept byte for byte.
"""

from __future__ import annotations

import difflib
import io
import re
import textwrap
from datetime import date, datetime
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString

from .yamlnodes import MAX_DEPTH, compose

try:
    _FastLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _FastLoader = yaml.SafeLoader

#: A text longer than this is written as a folded block (`>-`) wrapped to the file's 120 columns.
FOLD_OVER = 100
WRAP_AT = 118


class Timestamp(str):
    """An ISO date or datetime written plain (unquoted), as a hand-written file has it: ruamel would otherwise quote
    `2022-01-05` given as text, since YAML reads it as a timestamp."""


#: What YAML itself reads as a timestamp (ruamel's rule); other ISO forms (no seconds) are plain text anyway.
_YAML_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}((?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}"
                             r"(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{1,2})?))?)?")


def _represent_timestamp(representer: Any, data: Timestamp) -> Any:
    tag = "timestamp" if _YAML_TIMESTAMP.fullmatch(data) else "str"
    return representer.represent_scalar(f"tag:yaml.org,2002:{tag}", str(data))


class _Constructor(RoundTripConstructor):
    """Timestamps are read as the text they are (a `Timestamp`): ruamel's own timestamp objects lose their UTC
    offset when dumped a second time, and an events file's dates are checked by kztimeline's date code anyway."""


class _Representer(RoundTripRepresenter):
    pass


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda _c, node: Timestamp(node.value))
_Representer.add_representer(Timestamp, _represent_timestamp)


def make_yaml() -> YAML:
    """A round-trip reader/writer set up as kztimeline's files are written: 2-space mappings, list items indented
    by 2 with their dash (`  - id: x`), long lines never re-wrapped, quotes kept as given."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    return yaml


class RoundTripError(ValueError):
    """The text cannot be read as a round-trip YAML tree; the message is one line with the place."""


def parse(text: str) -> Any:
    """The ruamel tree of `text`, or RoundTripError with a located one-line message."""
    _refuse_deep(text)
    try:
        return make_yaml().load(text)
    except RecursionError:
        raise RoundTripError("values are nested too deeply (an events file needs five levels)") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc).splitlines()[0]
        raise RoundTripError(f"{where}YAML syntax error: {problem}") from None


def _refuse_deep(text: str) -> None:
    """Refuse hostile nesting before ruamel.yaml (pure Python, recursive) spends seconds on it: libyaml's event
    stream is cheap to walk. Syntax errors are left for ruamel to report."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise RoundTripError(f"values are nested more than {MAX_DEPTH} levels deep; an events file "
                                         "needs five")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's own limit, met while scanning ahead
            raise RoundTripError(f"values are nested more than {MAX_DEPTH} levels deep; an events file needs "
                                 "five") from None


def dump(tree: Any) -> str:
    out = io.StringIO()
    make_yaml().dump(tree, out)
    return out.getvalue()


def merge_layout(original: str, dumped_before: str, dumped_after: str) -> str:
    """`original` with the edit that turned `dumped_before` into `dumped_after` applied line by line.

    `dumped_before` is ruamel's dump of the tree read from `original`; the two differ only in layout ruamel does not
    keep. Lines the edit leaves alone come from `original`; lines it changes come from `dumped_after`. Where ruamel's
    layout differs from the original's inside a run of changed lines, that run takes ruamel's layout (only there).
    The result is verified: read back, it must say exactly what `dumped_after` says, otherwise `dumped_after` is
    returned as it is (valid, with ruamel's layout everywhere).
    """
    if dumped_before == dumped_after:
        return original
    expected = _values(dumped_after)  # never hand out text that is not YAML (a bug in an edit command)
    if dumped_before == original:
        return dumped_after
    before, after, text = (s.splitlines(keepends=True) for s in (dumped_before, dumped_after, original))
    # What the edit does to each line of `before`: its replacement lines, and lines inserted before it.
    changed: dict[int, list[str]] = {}
    inserted: dict[int, list[str]] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:
            inserted.setdefault(i1, []).extend(after[j1:j2])
            continue
        changed[i1] = after[j1:j2]
        for index in range(i1 + 1, i2):
            changed[index] = []
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, text, autojunk=False).get_opcodes():
        touched = any(i in changed for i in range(i1, i2)) or any(i in inserted for i in range(i1 + 1, i2))
        if tag == "equal" or touched:
            for index in range(i1, i2):
                out.extend(inserted.get(index, ()))
                out.extend(changed[index] if index in changed else [before[index]])
        else:  # the original's own layout of lines the edit leaves alone
            out.extend(inserted.get(i1, ()))
            out.extend(text[j1:j2])
    out.extend(inserted.get(len(before), ()))
    merged = "".join(out)
    try:
        if _values(merged) == expected:
            return merged
    except RoundTripError:
        pass
    return dumped_after


def _values(text: str) -> Any:
    """What `text` says, as plain values, read by the fast loader (C, with its limits on hostile input): for
    checking that a merged or dumped text is YAML and says what the tree says, at a fraction of ruamel's cost."""
    composed = compose(text)
    if composed.errors:
        mark, message = composed.errors[0]
        raise RoundTripError(f"line {mark.line}, column {mark.column}: {message}")
    return composed.value


def long_text(value: str, indent: int) -> str:
    """A text as it reads best in the file: plain on one line when short; folded (`>-`) and wrapped to the
    file's width when long, as the hand-written quotes are. Texts with line breaks or runs of spaces stay plain,
    since folding would change them."""
    if len(value) <= FOLD_OVER or "\n" in value or "  " in value or value != value.strip():
        return value
    lines = textwrap.wrap(value, width=max(40, WRAP_AT - indent), break_long_words=False, break_on_hyphens=False)
    if len(lines) < 2 or " ".join(lines) != value:  # one long word (an address) stays on its line
        return value
    folded: str = FoldedScalarString(value)
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)  # the space after this line becomes the line break
        at += 1
    folded.fold_pos = positions  # type: ignore[attr-defined]  # ruamel's folding positions
    return folded


def timestamp(value: date | datetime | str) -> Any:
    """A date or datetime as a plain YAML value (a text is kept as written, if it is an ISO date)."""
    if isinstance(value, datetime):
        text = value.isoformat(timespec="seconds" if value.second else "minutes")
        return Timestamp(text)
    if isinstance(value, date):
        return Timestamp(value.isoformat())
    return Timestamp(value.strip())


def flow_map(**items: Any) -> CommentedMap:
    node = CommentedMap((k, v) for k, v in items.items() if v is not None)
    node.fa.set_flow_style()
    return node


def flow_seq(items: list[Any]) -> CommentedSeq:
    node = CommentedSeq(items)
    node.fa.set_flow_style()
    return node


def block_map(**items: Any) -> CommentedMap:
    return CommentedMap((k, v) for k, v in items.items() if v is not None)
