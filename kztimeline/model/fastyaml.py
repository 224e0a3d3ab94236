"""A fast first parse of an events.yaml: yaml-rs (Rust) without line marks, or nothing when in any doubt.

Composing YAML with line marks from PyYAML's event stream was most of a large load (59% of 12.8 s at 100k events),
yet marks are only ever read for messages, and a clean file has none. `parse` therefore reads the file with
yaml-rs (some 0.13 x the time of PyYAML's C loader building plain objects) and hands back the events.yaml layout
as the loader's checks expect it, with no marks at all: the loader checks it with a `StrictReader`, which gives
up (`Declined`) at the first problem, and the file is then read again the marked way (`yamlnodes.compose`), which
stays the one source of every message. Nothing accepted here may differ from what the marked path accepts, so
`parse` returns None, and the marked path runs, for whatever it cannot be sure of:

* YAML 1.1 (PyYAML) and 1.2 (yaml-rs) read some plain scalars differently (`yes`, `017`, `1_000`, `1e3`, `.nan`):
  every plain scalar that either could read as other than text is compared, once per distinct spelling, in both;
* tags (`!`), anchors and aliases (`&`, `*`), merge keys (`<<`), complex keys (`?`), directives and document
  markers, tabs, line breaks other than \n and \r\n, backslash escapes beyond the common ones: declined on sight of the
  character where a token could start, outside comment lines and prose ('Police & army' is text to both; false
  alarms only cost the fast path); block scalars (`|`, `>`) are read alike by both (a test holds them to it),
  but for an empty one at a document's end, and their headers anywhere else (in a flow collection) decline;
* keys that are not text, or two keys that read the same as text, nesting deeper than the marked path allows,
  and block nesting deep enough to crash yaml-rs (`_DEEP_INDENT`, `_ITEM_CHAIN`);
* the events' line numbers (an event keeps the line it starts on): the `- ` entries of the one top-level
  `events:` block sequence (its last key) are found in the raw text, and the list is read a block of entries at a
  time from those places; each block must hold exactly the entries found, since every real entry is such a line
  and a line inside a multi-line value can only add to them.

The blocks are read by a few threads at once, while this one scans the raw text: yaml-rs lets go of the interpreter
while it parses (some two thirds of its time) and holds it only while it builds objects (a block is some 10 ms in
all, so a load in a background thread never freezes the window long). The scan looks for each thing at the speed
of a literal search (a pattern that must be tried at every position costs some 0.1 s a pass at 100k events), and
for all that matters at a line's start in one pass; in an ASCII text, the colons and the entries' lines are found
over its bytes with numpy (`asciiscan`), which lets go of the interpreter while it compares. Each block accepted is
handed to a `BlockSink` (the loader's `fastevents.TableBuilder`) at once, while the threads read the next ones.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import Any, Protocol

import numpy as np
import yaml

from .asciiscan import ascii_codes, colon_places, entry_lines
from .problems import Problem
from .schema import Reader
from .yamlnodes import MAX_DEPTH, LList, LMap, Mark, _Marks, build, compose

import yaml_rs


class Declined(Exception):
    """The fast path cannot vouch for this file: read it the marked way, which says what (if anything) is wrong."""


class _Refusing(list[Problem]):
    """A problem list that gives up at the first problem, warnings included (they carry a place too)."""

    def append(self, problem: Problem) -> None:
        raise Declined(problem.message)

    def extend(self, problems: Any) -> None:
        for problem in problems:
            self.append(problem)


class StrictReader(Reader):
    """A Reader for a tree without marks: any report means the marked path must run and say it."""

    def __init__(self, file: str):
        super().__init__(file)
        self.problems = _Refusing()

    def report(self, mark: Mark, message: str, event_id: str | None = None, field: str | None = None) -> None:
        raise Declined(message)


class BlockSink(Protocol):
    """What takes the events of a file a block at a time, as `parse` accepts each (while yaml-rs's threads read
    the next ones, and while the objects of the block are still in the processor's caches)."""

    def begin(self, count: int) -> None:
        """The file has `count` events (before any block)."""

    def add(self, first: int, events: list[dict[str, Any]]) -> None:
        """The events from position `first` on, each a plain dict."""


@dataclass
class FastDocument:
    """The file's top level as LMap/LList (no marks), except `events`: an LList of the plain dicts yaml-rs built,
    and `lines`, the line each event starts on (its only mark the events keep)."""

    root: LMap
    events: LList
    lines: list[int]
    starts: list[int]  # where each event's entry starts in `text`
    text: str

    @classmethod
    def of_plain(cls, header: dict[str, Any], events: list[tuple[dict[str, Any], Mark]]) -> FastDocument | None:
        """A document another reader (our CSV export's) made of plain values, each event with the mark of its row:
        no YAML was read, so no value needs comparing between YAML versions (`text` is empty)."""
        root = build({**header, "events": []}, Mark(2, 1))
        if not isinstance(root, LMap) or not all(type(event) is dict for event, _mark in events):
            return None
        root["events"] = listed = LList()
        listed.extend(event for event, _mark in events)
        listed.marks._packed = [0] * len(events)
        return cls(root, listed, [mark.line for _event, mark in events], [], "")

    def event_text(self, index: int) -> str:
        """The text of one entry of the events list (to its next entry, or the end of the file)."""
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index]:end]


#: Characters the two parsers treat differently (tabs, other line breaks than \n, a byte order mark): each
#: looked for alone, at the speed of a single-character search; a merge key (`<<`) only where a `<` is.
_REFUSED = ("\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff")
#: Characters that make a value something other than plain text where a token could start: at a line's start, or
#: after white space or a flow indicator (`?` whatever follows it: libyaml reads `[?b]` as a complex key, yaml-rs
#: as the text '?b'), but not after a letter or digit and a space, inside prose (see `_starts_a_token`). One
#: pattern per character, starting with the character, so that each is found as fast as a literal and only where
#: the text has it (a pattern that must be tried at every position costs a second at 100k events).
_INDICATOR_CHARS = "!&*%@`?|>"
#: A block scalar's header (`|`, `>`) is one only as a block mapping's or sequence's value, to the end of its line:
#: anywhere else at a token's start (in a flow collection above all: '[|]', '{a: >x}') yaml-rs reads it as text,
#: libyaml refuses it. The usual header ('key: >-' at a line's end) is left out at C speed.
_BLOCK_HEADER = r"(?!(?<=: {char})|(?<=- {char}))|(?![-+0-9]*[ ]*(?:#[^\n]*)?(?:\n|\Z))"
#: The usual headers themselves, each checked for a flow collection opened before it on its line ('{a: >' and the
#: text on the lines below: a block scalar to nobody, text to yaml-rs, an error to libyaml).
_HEADERS = {char: re.compile(re.escape(char) + r"(?:(?<=: " + re.escape(char) + r")|(?<=- " + re.escape(char) +
                             r"))(?=[-+0-9]*[ ]*(?:#[^\n]*)?(?:\n|\Z))") for char in "|>"}
_INDICATORS = {char: re.compile(re.escape(char) + r"(?<![^\s\[{,:]" + re.escape(char) + r")(?<!\w " +
                                re.escape(char) + ")" +
                                ("(?:" + _BLOCK_HEADER.format(char=re.escape(char)) + ")" if char in "|>" else ""))
               for char in _INDICATOR_CHARS}
#: Deep block nesting, which yaml-rs recurses into without a limit and crashes on (a stack overflow, at some
#: 20,000 levels): lines indented more than 64 spaces, or more than 32 list items opened on one line. What stays
#: is nested a few hundred levels at most (yaml-rs refuses flow nesting past 256 itself), which it reads safely
#: (tested to 3,000); the marked path refuses more than 64 levels anyway. Looked for before yaml-rs sees the text.
_DEEP_INDENT = "\n" + " " * 65
_TWO_ITEMS = re.compile(r"- +-")  # found at C speed; the chain below only where this is
_ITEM_CHAIN = re.compile(r"(?:-[ ]+){32}")
#: Every line start that matters, in one pass (a pattern starting with a literal line break is found at C speed):
#: the top-level `events:` key (group 1), and lines that decline: a top-level line that is not a plain key
#: (quoted or flow or complex key, directive), document markers. (A line that starts with ':' after its indent
#: is `_colon_starts_a_value`'s.)
_LINE_STARTS = re.compile(r"\n(?:(events[ ]*:[ ]*(?:#[^\n]*)?(?=\n|$))|[\"'?{\[%]|---|\.\.\.)")
_EVENTS_FIRST = re.compile(r"events[ ]*:[ ]*(?:#[^\n]*)?(?=\n|$)")  # the key on the file's first line
#: A value starting with ':' after a flow indicator, or after a space and before other than white space: YAML 1.2
#: (yaml-rs) reads ':x' as plain text, libyaml (the marked path) refuses it in a flow collection. Also a colon
#: before a flow indicator ('[b:]', '{b:}': a key without a value to yaml-rs, a syntax error to libyaml), and one
#: that starts its line after the indent (a key's value on the line after it in a flow mapping: yaml-rs reads it,
#: libyaml calls it a syntax error). A colon after a space and before white space is one of those only at a line's
#: start (prose such as 'Almaty : …' is none). Starts with the colon, to be found as a literal.
_COLON_VALUE = re.compile(r":(?:(?<=[\[{,\n]:)|(?<= :)|(?=[,\[\]{}]))")
#: Escapes PyYAML and yaml-rs agree on without doubt.
_ODD_ESCAPE = re.compile(r"\\[^nt\"\\ ]")
#: Where a whole plain scalar can start: after a mapping's colon, a list's dash, a key's question mark or a flow
#: indicator, or at a line's start (a value on the line after its key), each followed by spaces. Not after any
#: white space: a word that ends a line of prose ("… their attack on") is not a scalar of its own.
_VALUE_STARTS = r"(?:^|(?<=[:\[{,?-]))[ ]*"
#: A whole plain scalar that either YAML version could read as other than text (or as different text).
_TOKEN = re.compile(_VALUE_STARTS + r"([-+.0-9][^\s,\[\]{}#]*|[~=]|(?i:yes|no|on|off|true|false|null))"
                    r"(?=[ ]*(?:[,\]}#\n]|:(?:\s|$)|$))", re.MULTILINE)
#: Spellings both versions read alike: whole numbers, decimals, dates (kept as text for the date checks).
_SAFE_TOKEN = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?:?|\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?"
                         r"(?:[+-]\d\d:\d\d|Z)?)?:?")
_FIRST_ENTRY = re.compile(r"(?:\n[ ]*(?:#[^\n]*)?)*\n( *)-[ \n]")
_FIRST_KEY = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*[A-Za-z_]")
#: The first characters of every plain scalar YAML 1.1 reads as other than text (bool, int, float, null, merge,
#: value, timestamp): text starting otherwise is text in both versions, whether it was quoted or not.
_RISKY_FIRST = frozenset("yYnNtTfFoO-+0123456789.<~=")
#: Characters of the longest plain scalar starting with a letter that YAML 1.1 reads as other than text (a bool
#: or null: 5 characters, 6 with the line break PyYAML's patterns allow at the end).
LONGEST_WORD = 6
_RESOLVER = yaml.resolver.Resolver()
_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")

#: Characters of the events list read by one call of yaml-rs (some 2,000 entries of a typical file, some 10 ms).
BLOCK = 1 << 19
#: Threads reading blocks at once: yaml-rs lets go of the interpreter while it parses (some two thirds of its
#: time), so blocks parse side by side, and beside the checks of the raw text that this thread goes on with.
WORKERS = max(1, min(4, os.cpu_count() or 1))

#: Plain scalars already compared in both YAML versions: spelling -> both read it alike.
_AGREED: dict[str, bool] = {}
#: Text values already checked by `plain_text_ok`.
_TEXT_OK: dict[str, bool] = {}


def parse(text: str, sink: BlockSink | None = None) -> FastDocument | None:
    """The file read without marks, or None if the marked path must read it (see the module's docstring).

    The events' own values are checked as the events are read (`plain_text_ok`, `scalars_agree`); the rest of
    the file here. What could crash yaml-rs or make it work without end (deep nesting, aliases) is looked for
    before it reads anything; the events list is then read in blocks by other threads while this one checks the
    rest of the raw text (a block read in vain, when the file is declined, costs only time). A `sink` is given
    each block as it is accepted, in order; when the file is declined it is left with the blocks it had."""
    if "\r" in text:  # Windows line ends read as \n by both parsers (and count as one line): read them so here
        text = text.replace("\r\n", "\n")
    if any(refused in text for refused in _REFUSED) or ("<" in text and "<<" in text) or \
            not _FIRST_KEY.match(text) or _DEEP_INDENT in text or \
            (_TWO_ITEMS.search(text) and _ITEM_CHAIN.search(text)) or \
            any(char in text and _starts_a_token(_INDICATORS[char], text) for char in _INDICATOR_CHARS):
        return None
    key = _events_key(text)
    first = _FIRST_ENTRY.match(text, key) if key is not None else None
    if key is None or first is None:
        return None
    dash = "\n" + first.group(1) + "-"
    bounds = _block_starts(text, key, dash)
    if not bounds:
        return None
    if len(bounds) == 1:
        return _document(text, key, dash, bounds, [_loads(text[bounds[0]:])], sink)
    with ThreadPoolExecutor(min(WORKERS, len(bounds))) as pool:
        ends = [*bounds[1:], len(text)]
        blocks = [pool.submit(_load_range, text, start, end) for start, end in zip(bounds, ends)]
        try:
            return _document(text, key, dash, bounds, blocks, sink)
        finally:
            pool.shutdown(cancel_futures=True)  # blocks not begun when a check declines are never read


def _document(text: str, key: int, dash: str, bounds: list[int], blocks: list[Any],
              sink: BlockSink | None) -> FastDocument | None:
    """The rest of `parse`, while the blocks of the events list are read: the checks of the raw text, the top of
    the file to the `events:` key (which must be its last key), and the blocks, each of which must hold exactly the
    entries the line scan found in it (every real entry is such a line and a line inside a multi-line value can
    only add to them). `blocks` are yaml-rs's readings or futures of them."""
    codes = ascii_codes(text)
    if ("\\" in text and _ODD_ESCAPE.search(text)) or _colon_starts_a_value(text, codes) or \
            (("{" in text or "[" in text) and _in_flow(text)) or not scalars_agree(text[:key]):
        return None
    raw = _loads(text[:key])
    if type(raw) is not dict or list(raw)[-1] != "events" or raw["events"] is not None:
        return None
    found = _event_lines(text, key, dash) if codes is None else entry_lines(codes, key, dash)
    if found is None:
        return None
    starts = found[1]
    events: list[Any] = []
    if sink is not None:
        sink.begin(len(starts))
    for index, block in enumerate(blocks):
        end = bounds[index + 1] if index + 1 < len(bounds) else len(text)
        first, last = bisect_left(starts, bounds[index]), bisect_left(starts, end)
        if _ends_in_a_block_header(text, bounds[index], end):
            return None
        if isinstance(block, Future):
            block = block.result()
        if type(block) is not list or len(block) != last - first or starts[first] != bounds[index] or \
                {*map(type, block)} != {dict}:
            return None
        if sink is not None:
            sink.add(first, block)
        events.extend(block)
    try:
        root = _convert({key: value for key, value in raw.items() if key != "events"}, 0)
    except Declined:
        return None
    root["events"] = listed = LList()
    listed.extend(events)
    listed.marks._packed = [0] * len(events)
    return FastDocument(root, listed, *found, text)


def _colon_starts_a_value(text: str, codes: np.ndarray | None = None) -> bool:
    """Whether a colon starts a value or stands before a flow indicator (`_COLON_VALUE`, or the same places
    found in the text's byte `codes` when it is ASCII)."""
    for at in map(re.Match.start, _COLON_VALUE.finditer(text)) if codes is None else colon_places(codes):
        if text[at - 1:at] != " " or (at + 1 < len(text) and not text[at + 1].isspace()):
            return True
        start = text.rfind("\n", max(0, at - _LONG_LINE), at) + 1
        if (start == 0 and at > _LONG_LINE) or not text[start:at].strip(" "):  # the line's first character
            return True
    return False


def _events_key(text: str) -> int | None:
    """Where the line of the one top-level `events:` key ends, or None: no such key, more than one, or a line
    start that declines the file (`_LINE_STARTS`)."""
    keys = [found.end() for found in [_EVENTS_FIRST.match(text)] if found is not None]
    for found in _LINE_STARTS.finditer(text):
        if found.group(1) is None:
            return None
        keys.append(found.end())
    return keys[0] if len(keys) == 1 else None


#: A block scalar's header ending a line, the last of a text but for blank lines and comments: a block scalar with
#: nothing in it, which yaml-rs reads as a line break ('\n') at the end of a document, libyaml as ''. A block of
#: the events list that ends so is declined (the whole file read in one piece would not end there).
_HEADER_AT_END = re.compile(r"[|>][-+0-9]*[ ]*(?:#[^\n]*)?(?:\n[ ]*(?:#[^\n]*)?)*\n?\Z")
_BLANK_OR_COMMENT = re.compile(r"(?m)^[ ]*(?:#.*)?$")
_TAIL = 4096


def _ends_in_a_block_header(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` ends in an empty block scalar's header (`_HEADER_AT_END`), or may: its last
    `_TAIL` characters hold nothing but blank and comment lines."""
    window = text[max(start, end - _TAIL):end]
    if _HEADER_AT_END.search(window):
        return True
    return end - start > _TAIL and not _BLANK_OR_COMMENT.sub("", window).strip()


def _block_starts(text: str, start: int, dash: str) -> list[int]:
    """Where each block of the events list starts: at an entry (a `dash` line, as `_event_lines` finds them), the
    first from `start`, each next the first entry at least `BLOCK` characters after the one before."""
    bounds: list[int] = []
    width = len(dash)
    at = text.find(dash, start)
    while at != -1:
        if text[at + width:at + width + 1] in (" ", "\n", ""):
            bounds.append(at + 1)
            at = text.find(dash, at + BLOCK)
        else:
            at = text.find(dash, at + 1)
    return bounds


def _starts_a_token(pattern: re.Pattern[str], text: str) -> bool:
    """Whether an indicator `pattern` finds (after white space or a flow indicator) could start a token: not on a
    comment line (a line whose first character other than a space is '#': a comment, or the inside of a quoted or
    block scalar, which is text whatever it holds), nor after spaces that follow a word of prose on the same line.

    Within a line, a token ends before spaces only as a plain scalar's word, and a plain scalar goes on past the
    spaces whatever character follows them (but ': ', ' #' and flow indicators, none of them looked for here), in
    YAML 1.1 and 1.2 alike: 'Police & army' is text. Anything else before the spaces may end a token after which
    an indicator starts one: a quote or bracket, an indicator, a block scalar's header ('|2'), the line's indent.
    (A word ending in a letter or digit is no token's end but a plain scalar's, or one that starts with an
    indicator checked in its own right, a block scalar's header among them: the patterns leave out an indicator
    after such a word and a space at C speed.)"""
    for found in pattern.finditer(text):
        at = found.start()
        start = text.rfind("\n", max(0, at - _LONG_LINE), at) + 1
        if start == 0 and at > _LONG_LINE:  # a very long line is not looked back into (nor is the file read fast)
            return True
        before = text[start:at]
        if before.lstrip(" ").startswith("#"):
            continue
        words = before.rstrip(" ")
        if not (before.endswith(" ") and words and (words[-1].isalnum() or words[-1] in _PROSE_ENDS) and
                words.rsplit(" ", 1)[-1][0] not in _TOKEN_FIRSTS):
            return True
    return False


def _in_flow(text: str) -> bool:
    """Whether a block scalar's usual header (`_HEADERS`) may stand in a flow collection: the text has a flow
    collection over several lines (`_flow_spans_lines`), or a header stands after a flow collection's opening
    bracket on its line (or after a long stretch of its line, not looked into). The latter looked for from whichever
    are few, the brackets or the headers, else by a pattern per bracket that runs on to the end of its line."""
    if not any(char in text and _HEADERS[char].search(text) for char in "|>"):
        return False
    if _flow_spans_lines(text):
        return True
    if text.count("{") + text.count("[") <= _FEW:
        for opener in "{[":
            at = text.find(opener)
            while at != -1:
                end = text.find("\n", at)
                if _HEADER_ENDS.search(text, at, len(text) if end == -1 else end):
                    return True
                at = text.find(opener, at + 1)
        return False
    headers = [at for char in "|>" if char in text for at in map(re.Match.start, _HEADERS[char].finditer(text))]
    if len(headers) > _FEW:
        return any(pattern.search(text) for pattern in _OPENED_BEFORE_HEADER)
    for at in headers:
        start = text.rfind("\n", max(0, at - _LONG_LINE), at) + 1
        if (start == 0 and at > _LONG_LINE) or "{" in text[start:at] or "[" in text[start:at]:
            return True
    return False


_FEW = 1000
#: Every byte but brackets and line breaks, deleted by `bytes.translate` (at C speed).
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}\n")
_BRACKET_PAIRS = re.compile(rb"\[\]|\{\}")


def _flow_spans_lines(text: str) -> bool:
    """Whether some bracket is not closed on its own line (a flow collection over several lines, or a bracket in a
    quoted value or comment left open: either is reason enough to doubt a block scalar's header): the brackets and
    line breaks alone, with every pair that closes on its line taken out, innermost first."""
    rest = text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    while True:
        shorter = _BRACKET_PAIRS.sub(b"", rest)
        if len(shorter) == len(rest):
            return len(rest) != rest.count(b"\n")
        rest = shorter


_HEADER_ENDS = re.compile(r"[:-] [|>][-+0-9]*[ ]*(?:#[^\n]*)?\Z")
_OPENED_BEFORE_HEADER = [re.compile(re.escape(opener) + r"[^\n]*[:-] [|>][-+0-9]*[ ]*(?:#[^\n]*)?$", re.MULTILINE)
                         for opener in "{["]


#: Characters of a line looked back into for an indicator's context.
_LONG_LINE = 10_000
#: Characters that end words of prose (besides letters and digits) and no token but a plain scalar.
_PROSE_ENDS = frozenset(".;)/+=~$^_%!?")
#: First characters of a word that may be a token other than a plain scalar's (or a plain scalar's start that the
#: two versions may read differently), after which an indicator may start another token.
_TOKEN_FIRSTS = frozenset("|>!&*%@`?-:'\"[]{},#")


def scalars_agree(text: str) -> bool:
    """Whether every plain scalar in `text` that either YAML version could read as other than text reads alike in
    both (and so every value yaml-rs gives for it is the marked path's)."""
    return all(_agree(token) for token in set(_TOKEN.findall(text)) if not _SAFE_TOKEN.fullmatch(token))


def plain_text_ok(value: str) -> bool:
    """Whether the marked path reads `value`, text in yaml-rs, as this same text: it was quoted, or PyYAML also
    reads it as text if it was not (a date stays text for the date checks)."""
    first = value[:1]
    if first not in _RISKY_FIRST or (len(value) > LONGEST_WORD and first.isalpha()):
        return True
    known = _TEXT_OK.get(value)
    if known is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        known = _TEXT_OK[value] = tag in _TEXT_TAGS or (":" in value and tag in (
            "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"))
    return known


def _agree(token: str) -> bool:
    """Whether PyYAML (YAML 1.1, as the marked path reads it) and yaml-rs (1.2) read this plain scalar alike."""
    known = _AGREED.get(token)
    if known is None:
        document = f"k: {token.rstrip(':')}\n"
        slow = compose(document)
        try:
            fast: Any = yaml_rs.loads(document, parse_datetime=False)
        except Exception:
            fast = None
        ok = not slow.errors and isinstance(slow.value, dict) and isinstance(fast, dict)
        if ok:
            left, right = slow.value.get("k"), fast.get("k")
            ok = type(left) is type(right) and left == right
        known = _AGREED[token] = ok
    return known


def _loads(text: str) -> Any:
    """yaml-rs's reading of `text`, or None for whatever it refuses (the marked path reads and explains it)."""
    try:
        return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except Exception:
        return None


def _load_range(text: str, start: int, end: int) -> Any:
    """`_loads` of a part of `text`, cut where it is read (only the blocks being read are copies at any time)."""
    return _loads(text[start:end])


def _event_lines(text: str, start: int, dash: str) -> tuple[list[int], list[int]] | None:
    """The line each entry of the top-level `events:` block sequence (its key ending at `start`; `dash`, a line
    break, the entries' indent and '-') starts on, and where in the text, each with its value on its own line.
    Every real entry is such a line; a line inside a multi-line value may look like one too, and then the blocks
    read from these places do not hold as many entries as found (or are not YAML at all)."""
    marker = re.escape(dash)
    if re.compile(marker + r"(?:[ ]*(?=\n|$)|[ ]+#)").search(text, start):  # an entry with its value below it
        return None
    breaks = list(map(re.Match.start, re.compile(marker + r"(?=[ \n]|$)").finditer(text, start)))
    if not breaks:
        return None
    # Each entry's line from the one before: the line breaks between them, counted at C speed (one count when every
    # entry is a line of its own).
    first = text.count("\n", 0, breaks[0]) + 2
    if text.count("\n", breaks[0], breaks[-1]) == len(breaks) - 1:
        lines = list(range(first, first + len(breaks)))
    else:
        lines = list(accumulate(map(text.count, repeat("\n"), breaks, breaks[1:]), initial=first))
    return lines, [at + 1 for at in breaks]


_SCALARS = (str, int, float, bool, type(None))


class _NoMarks(_Marks):
    """The marks of a mapping read without them: any key stands at the mapping's place, for a report that then
    declines (the marked path says where)."""

    def __getitem__(self, key: str) -> Mark:  # type: ignore[override]
        return Mark(1, 1)

    def get(self, key: str, default: Mark | None = None) -> Mark | None:  # type: ignore[override]
        return Mark(1, 1)


_NO_MARKS = _NoMarks()


def _convert(value: Any, depth: int) -> Any:
    """Plain values as LMap/LList without marks (keys as the marked path makes them: text)."""
    kind = type(value)
    if kind is dict:
        if depth >= MAX_DEPTH:
            raise Declined("nesting")
        out = LMap()
        out.key_marks = out.value_marks = _NO_MARKS
        for key, item in value.items():
            if type(key) not in (str, int, float, bool):
                raise Declined("key")
            name = str(key)
            if name in out or len(name) > 1000:  # libyaml refuses a key over 1,024 characters; yaml-rs may not
                raise Declined("duplicate or long key")
            out[name] = _convert(item, depth + 1)
        return out
    if kind is list:
        if depth >= MAX_DEPTH:
            raise Declined("nesting")
        items = LList()
        items.extend(_convert(item, depth + 1) for item in value)
        items.marks._packed = [0] * len(items)  # no marks: a report declines before any is read
        return items
    if kind not in _SCALARS:
        raise Declined("value")
    return value


def to_marked(value: dict[Any, Any], line: int) -> LMap:
    """An event's plain dict as the LMap the per-event checks read, standing at `line` (the only mark an accepted
    event keeps); Declined for what the marked path would read otherwise (see `_convert`)."""
    out = _convert(value, 2)
    assert isinstance(out, LMap)
    out._mark = (line - 1) << 32
    return out


__all__ = ["BlockSink", "Declined", "FastDocument", "StrictReader", "parse", "plain_text_ok", "scalars_agree",
           "to_marked"]
