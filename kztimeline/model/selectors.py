"""Where a quote stands in its source: a selector in the manner of the W3C Web Annotation model.

A short quote ("on Wednesday") can stand in an article more than once, and then "the quote is in the source" does
not say which passage backs the event. An excerpt may therefore store, under `at:`, the offsets of the quoted
passage in the archived text (a TextPositionSelector: `start`, `end`, counted in characters, i.e. Unicode code
points of the UTF-8 file) and some 32 characters of text before and after it (a TextQuoteSelector's `prefix` and
`suffix`):

    - source: republicworld
      quote: on Wednesday
      at: {start: 1234, end: 1246, prefix: "cut the internet ", suffix: " afternoon, after"}

Checking first looks at the stored offsets (cost: the quote's length); if the text there is not the quote (the
offsets are stale, or were typed by hand) it searches the whole text and picks the occurrence whose prefix and
suffix agree, the nearest to the stored offsets among equals. A quote that occurs more than once with no selector
is an error: nobody can tell which occurrence was meant.

The GUI makes a selector from the user's selection with `make_selector`; Qt counts positions in UTF-16 units,
which `code_point_offset` converts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .excerpts import Match, NormalizedText, fold, normalized
from .quoteindex import every_start, quote_starts
from .schema import Reader
from .yamlnodes import LMap

#: Characters of context kept on each side (W3C suggests enough to make the quote unique; 32 is plenty in news).
CONTEXT = 32
SELECTOR_KEYS = ("start", "end", "prefix", "suffix")


@dataclass(frozen=True)
class Selector:
    """[start, end) offsets into the archived text, and the text just before and after (white space collapsed)."""

    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Located:
    """The passage a quote refers to (None when not found or ambiguous), and how often the quote occurs."""

    match: Match | None
    occurrences: int


def make_selector(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, Selector]:
    """The quote and its selector for the selection [start, end) of a source's text (offsets in code points).

    White space at either end of the selection is left out; runs of white space inside the quote become single
    spaces (the check forgives them). ValueError when the selection is empty or outside the text."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"the selection {start}–{end} is outside the text (0–{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValueError("the selection holds only white space")
    quote = " ".join(text[start:end].split())
    prefix = _collapse(text[max(0, start - 4 * context):start])[-context:]
    suffix = _collapse(text[end:end + 4 * context])[:context]
    return quote, Selector(start, end, prefix, suffix)


def _collapse(text: str) -> str:
    """Runs of white space as one space (kept at the ends: they separate the context from the quote)."""
    return " ".join(("x" + text + "x").split())[1:-1]


def code_point_offset(text: str, utf16_offset: int) -> int:
    """A position counted in UTF-16 code units (QTextCursor.position()) as a position in `text` (code points)."""
    units = 0
    for index, char in enumerate(text):
        if units >= utf16_offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def find_all(norm: NormalizedText, quote: str) -> list[Match]:
    """Every place `quote` stands in the text (overlapping ones too), as original offsets."""
    folded = fold(quote)
    if not folded:
        return []
    starts = quote_starts(norm, folded)  # found with the source's other quotes in one pass (quoteindex.py)
    return [Match(norm.origin[at], norm.origin[at + len(folded) - 1] + 1)
            for at in (every_start(norm.text, folded) if starts is None else starts)]


def locate(text: str, quote: str, at: Selector | None = None) -> Located:
    """Where `quote` stands in `text`: at the selector's offsets if the quote is there, else by search; among
    several occurrences, the one the selector's prefix and suffix (then its offsets) point to."""
    if at is not None and 0 <= at.start < at.end <= len(text) and fold(text[at.start:at.end]) == fold(quote):
        return Located(Match(at.start, at.end), 1)
    hits = find_all(normalized(text), quote)
    if len(hits) <= 1 or at is None:
        return Located(hits[0] if len(hits) == 1 else None, len(hits))
    prefix, suffix = fold(at.prefix), fold(at.suffix)

    def score(hit: Match) -> tuple[int, int]:
        before = fold(text[max(0, hit.start - 4 * CONTEXT):hit.start])
        after = fold(text[hit.end:hit.end + 4 * CONTEXT])
        agrees = int(before.endswith(prefix)) + int(after.startswith(suffix))
        return -agrees, abs(hit.start - at.start)

    return Located(min(hits, key=score), len(hits))


def read_selector(value: Any) -> Selector | str:
    """An `at:` value from the file as a Selector, or a one-line message saying what is wrong with it."""
    if not isinstance(value, dict):
        return "expected a mapping {start: N, end: N, prefix: \"…\", suffix: \"…\"}"
    unknown = [key for key in value if key not in SELECTOR_KEYS]
    if unknown:
        return f"unknown key '{unknown[0]}' (expected: {', '.join(SELECTOR_KEYS)})"
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end)):
        return "start and end must be whole numbers ≥ 0 (character offsets into the archived text)"
    assert isinstance(start, int) and isinstance(end, int)
    if end <= start:
        return f"end ({end}) must be after start ({start})"
    prefix, suffix = value.get("prefix", ""), value.get("suffix", "")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        return "prefix and suffix must be text"
    return Selector(start, end, prefix, suffix)


def ambiguity(source_id: str, count: int) -> str:
    return (f"quote occurs {count} times in source '{source_id}'; select it in the app or quote more words "
            "(or give at: {start, end} offsets)")


def check_quote(reader: Reader, entry: LMap, label: str | None, where: str, source_id: str, text: str,
                quote: str) -> Match | None:
    """The loader's part: read the excerpt's `at:` (reporting a malformed one), locate the quote, and report a
    quote that occurs more than once with nothing to say which. Returns the match (None when not found, for the
    caller's 'closest passage' message; the first occurrence when ambiguous, already reported)."""
    selector = None
    if "at" in entry:
        read = read_selector(entry["at"])
        if isinstance(read, str):
            reader.report(entry.at("at"), read, label, f"{where}.at")
        else:
            selector = read
    located = locate(text, quote, selector)
    if located.match is None and located.occurrences > 1:
        reader.report(entry.at("quote"), ambiguity(source_id, located.occurrences), label, f"{where}.quote")
        return find_all(normalized(text), quote)[0]
    return located.match
