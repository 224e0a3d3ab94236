"""Verbatim checks of quotes against archived source texts.

A quote matches when it stands in the source word for word; the only differences forgiven are runs of white space
(including non-breaking spaces and line breaks) and typographic variants of quotes, apostrophes and dashes, which
copy-paste and publishing systems change freely. The match keeps offsets into the original text, so a view can
highlight exactly the passage quoted.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

_FOLD = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u0060": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})


@dataclass(frozen=True)
class Match:
    """Where a quote stands in its source: [start, end) offsets into the original text."""

    start: int
    end: int


class NormalizedText:
    """A source text folded for matching, with a map from folded offsets back to original ones."""

    def __init__(self, original: str):
        self.original = original
        chars: list[str] = []
        origin: list[int] = []
        in_space = False
        for index, char in enumerate(original.translate(_FOLD)):
            if char.isspace():
                if not in_space and chars:
                    chars.append(" ")
                    origin.append(index)
                in_space = True
                continue
            in_space = False
            chars.append(char)
            origin.append(index)
        self.text = "".join(chars)
        self.origin = origin

    def find(self, quote: str) -> Match | None:
        folded = fold(quote)
        if not folded:
            return None
        at = self.text.find(folded)
        if at < 0:
            return None
        last = at + len(folded) - 1
        return Match(self.origin[at], self.origin[last] + 1)

    def closest(self, quote: str) -> str:
        """The passage of the source most like `quote`, for a 'did you mean' message."""
        folded = fold(quote)
        size = max(len(folded), 1)
        starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == " "]
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(folded)
        best, best_ratio = "", -1.0
        for start in starts:
            stop = self.text.find(" ", start + size)
            window = self.text[start:stop if stop >= 0 else len(self.text)]
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
        return best


def fold(text: str) -> str:
    """Fold typographic variants and collapse white space, as the source side does."""
    return " ".join(text.translate(_FOLD).split())


@lru_cache(maxsize=64)
def normalized(original: str) -> NormalizedText:
    """Cached folding of one source text (a dataset quotes each source many times)."""
    return NormalizedText(original)


def first_difference(quote: str, passage: str) -> str:
    """A short description of where a quote first departs from the closest passage."""
    a, b = fold(quote).split(), passage.split()
    for index, (mine, theirs) in enumerate(zip(a, b)):
        if mine != theirs:
            return f"word {index + 1}: quote has '{mine}', source has '{theirs}'"
    if len(a) != len(b):
        return "the quote runs past the source passage" if len(a) > len(b) else "the quote stops early"
    return "the passage differs"
