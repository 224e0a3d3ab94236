"""Verbatim checks of quotes against archived source texts.

A quote matches when it stands in the source word for word; the only differences forgiven are runs of white space
(including non-breaking spaces and line breaks) and typographic variants of quotes, apostrophes and dashes, which
copy-paste and publishing systems change freely. The match keeps offsets into the original text, so a view can
highlight exactly the passage quoted.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .limits import DEFAULT_LIMITS

_FOLD = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u0060": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
#: The closest-passage search: quote characters aligned at most; above DIRECT_COST (needle length squared times
#: text length, about 0.3 s of rapidfuzz on this machine) only anchored regions are aligned; a word standing more
#: than MAX_OCCURRENCES times is no anchor; at most MAX_ANCHOR_WORDS words vote and MAX_REGIONS regions are aligned.
MAX_NEEDLE = 1_000
DIRECT_COST = 4 * 10**11
MAX_OCCURRENCES = 2_000
MAX_ANCHOR_WORDS = 200
MAX_REGIONS = 8
_NON_WORD = re.compile(r"\W+")
#: A letter or digit (str.isalnum: re's \w is that or "_"), and a run of non-space characters holding one.
_HAS_ALNUM = re.compile(r"[^\W_]").search
_ALNUM_WORD = re.compile(r"\S*[^\W_]\S*")

#: Every code point for which str.isspace is true (what str.split and re's \s and \S split on); a test holds this
#: list to the whole of Unicode.
SPACES = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
          0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
_LOOKUP_SIZE = 0x3001  # beyond every space and every folded character
_IS_SPACE = np.zeros(_LOOKUP_SIZE, dtype=bool)
_IS_SPACE[list(SPACES)] = True
_FOLDED = np.arange(_LOOKUP_SIZE, dtype=np.uint32)
for _char, _to in _FOLD.items():
    _FOLDED[_char] = ord(_to)
_FOLDED[list(SPACES)] = ord(" ")  # a run of white space is shown as one space
#: The same for an ASCII text, as a bytes.translate table.
_ASCII_FOLD = bytes(_FOLDED[:128].astype(np.uint8)) + bytes(range(128, 256))


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote stands in its source: [start, end) offsets into the original text."""

    start: int
    end: int


def _fold_with_origin(original: str) -> tuple[str, memoryview | range]:
    """The folded text (typographic variants folded, each run of white space one space at the run's first
    character, none before the first word) and, per folded character, its offset in `original`.

    With numpy over the text's code points rather than word by word in Python: a 2 MB source folds in about a
    hundredth of a second. The offsets are a memoryview of a numpy array (4 bytes a character, not a list of int
    objects), which gives Python ints when indexed; or, when no character was dropped (an ASCII text without a run
    of white space, as most archived texts are), the range of offsets itself, which costs nothing."""
    if original.isascii():  # one byte a character: white space and the backtick folded by a byte table
        data = original.encode("ascii").translate(_ASCII_FOLD)
        folded: np.ndarray = np.frombuffer(data, dtype=np.uint8)
        space = folded == ord(" ")
        if not (space[1:] & space[:-1]).any() and data[:1] != b" ":
            return data.decode("ascii"), range(len(data))
    else:
        codes = np.frombuffer(original.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        beyond = codes >= _LOOKUP_SIZE
        small = np.where(beyond, 0, codes)
        space = _IS_SPACE[small]
        folded = np.where(beyond, codes, _FOLDED[small])
    word = ~space
    keep = word.copy()
    keep[1:] |= word[:-1] & space[1:]  # the first space after a word (the trailing one too)
    kept = folded[keep]
    text = kept.tobytes().decode("ascii") if kept.dtype == np.uint8 else \
        kept.tobytes().decode("utf-32-le", "surrogatepass")
    # 4 bytes an offset below 2**31 characters
    origin = np.arange(len(keep), dtype=np.int32)[keep] if len(keep) < 2**31 else np.flatnonzero(keep)
    origin.flags.writeable = False  # shared by every check of the source (the `normalized` cache)
    return text, origin.data


class NormalizedText:
    """A source text folded for matching, with a map from folded offsets back to original ones."""

    def __init__(self, original: str):
        self.original = original
        self._index: tuple[list[int], dict[str, list[int]]] | None = None
        #: Time left for closest-passage searches in this text: many quotes that do not match one source (a
        #: dataset pointed at the wrong file) must not add up to minutes. It refills at a tenth of the time that
        #: passes, so that the same text, cached, is searched again in a later load.
        self.search_seconds_left = DEFAULT_LIMITS.closest_seconds_per_source
        self._last_search = time.monotonic()
        self.text, self.origin = _fold_with_origin(original)

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
        """The passage of the source most like `quote`, for a 'did you mean' message ('' when none is alike)."""
        found = self.closest_passage(quote)
        return found.passage if found else ""

    def closest_passage(self, quote: str, seconds: float = DEFAULT_LIMITS.closest_seconds) -> Closest | None:
        """The run of source words most like `quote`, found within about `seconds`; None when nothing is alike
        (no shared word, or in a long text only words too common to place the quote).

        rapidfuzz's partial_ratio_alignment slides the quote (at most its first MAX_NEEDLE characters) along the
        folded text. When the whole text would cost too much, the search first narrows to the regions where the
        quote's rarer words stand in the same order (a vote per diagonal, as in sequence alignment), and aligns
        only there. The passage then starts at the aligned word and has as many words as the quote.
        """
        folded = fold(quote)
        if not folded or not self.text:
            return None
        needle = folded[:MAX_NEEDLE]
        if len(needle) < len(folded) and " " in needle:
            needle = needle[: needle.rindex(" ")]
        started = time.monotonic()
        self._refill(started)
        deadline = started + min(seconds, max(self.search_seconds_left, 0.0))
        try:
            return self._search(folded, needle, deadline)
        finally:
            self._last_search = time.monotonic()
            self.search_seconds_left -= self._last_search - started

    def search_time_left(self) -> float:
        """Seconds still allowed for closest-passage searches in this text (see `search_seconds_left`)."""
        self._refill(time.monotonic())
        return self.search_seconds_left

    def _refill(self, now: float) -> None:
        capacity = DEFAULT_LIMITS.closest_seconds_per_source
        self.search_seconds_left = min(capacity, self.search_seconds_left + (now - self._last_search) / 10)
        self._last_search = now

    def _search(self, folded: str, needle: str, deadline: float) -> Closest | None:
        from rapidfuzz import fuzz  # only for a quote that is not verbatim (not imported at start-up)

        if len(needle) ** 2 * len(self.text) <= DIRECT_COST:
            regions = [(0, len(self.text))]
        else:
            regions = self._anchor_regions(folded.split(" "), len(needle))
            if not regions:
                return None
        best_score, best_at, complete = -1.0, 0, True
        for start, end in regions:
            if best_score >= 0 and time.monotonic() > deadline:
                complete = False
                break
            aligned = fuzz.partial_ratio_alignment(needle, self.text[start:end])
            if aligned is not None and aligned.score > best_score:
                best_score, best_at = aligned.score, start + aligned.dest_start
        if best_score <= 0:
            return None
        return Closest(self._words_from(best_at, folded.count(" ") + 1), best_score, complete)

    def _words_from(self, at: int, count: int) -> str:
        """`count` words of the folded text from the word holding offset `at`."""
        at = min(max(at, 0), len(self.text.rstrip(" ")) - 1)
        at = at + 1 if self.text[at] == " " else self.text.rfind(" ", 0, at) + 1
        words: list[str] = []
        while at < len(self.text) and len(words) < count:
            stop = self.text.find(" ", at)
            stop = len(self.text) if stop < 0 else stop
            words.append(self.text[at:stop])
            at = stop + 1
        return " ".join(words)

    def _word_index(self) -> tuple[list[int], dict[str, list[int]]]:
        """Start offset of each word of the folded text, and the words (as matching keys) -> their numbers."""
        if self._index is None:
            starts: list[int] = []
            where: dict[str, list[int]] = {}
            for number, match in enumerate(re.finditer(r"[^ ]+", self.text)):
                starts.append(match.start())
                where.setdefault(_key(match.group()), []).append(number)
            self._index = (starts, where)
        return self._index

    def _anchor_regions(self, words: list[str], needle_chars: int) -> list[tuple[int, int]]:
        """Character ranges of the folded text where the quote's words stand on a common diagonal, best first."""
        starts, where = self._word_index()
        keys: dict[str, int] = {}
        for position, word in enumerate(words):
            key = _key(word)
            if key and key in where and len(where[key]) <= MAX_OCCURRENCES:
                keys.setdefault(key, position)
        rare = sorted(keys, key=lambda k: len(where[k]))[:MAX_ANCHOR_WORDS]
        band = max(4, len(words) // 8)
        votes: Counter[int] = Counter()
        for key in rare:
            position = keys[key]
            for number in where[key]:
                votes[(number - position) // band] += 1
        regions: list[tuple[int, int]] = []
        needle_words = max(1, needle_chars // 6)
        for bucket, _ in votes.most_common(MAX_REGIONS):
            first = max(0, bucket * band - needle_words // 2 - 4)
            last = min(len(starts) - 1, (bucket + 1) * band + needle_words + needle_words // 2 + 4)
            if first > last:
                continue
            end = starts[last + 1] if last + 1 < len(starts) else len(self.text)
            regions.append((starts[first], max(end, min(len(self.text), starts[first] + needle_chars * 2))))
        return regions


@dataclass(frozen=True)
class Closest:
    """The source passage most like a quote that does not match."""

    passage: str  # folded words of the source
    similarity: float  # 0-100 (rapidfuzz's partial ratio)
    complete: bool  # False when the search stopped at its time limit and a closer passage may exist


def _key(word: str) -> str:
    """A word as the anchor search compares it: letters and digits only, case folded."""
    return _NON_WORD.sub("", word.casefold())


def fold(text: str) -> str:
    """Fold typographic variants and collapse white space, as the source side does."""
    known = _FOLDED_LAST.get(text)
    if known is not None:
        return known
    if text.isascii():
        # printable ASCII has no white space but the space: most quotes are folded already
        if text.isprintable() and "  " not in text and "`" not in text and text[:1] != " " and text[-1:] != " ":
            return text
        if "`" not in text:  # the only ASCII character folded: translating costs most of the time
            return " ".join(text.split())
    return " ".join(text.translate(_FOLD).split())


#: The texts `fold_all` folded lately, folded (most are their own folding, kept as the same object): a loader folds
#: every quote to index its source, then again as it reads the quote's event, which then costs a dict look-up. At
#: most FOLDS_KEPT texts (they are mostly the loaded dataset's own strings): beyond, the table starts again from the
#: latest call's, or is emptied when that call alone folded more.
_FOLDED_LAST: dict[str, str] = {}
FOLDS_KEPT = 200_000


def fold_all(texts: Iterable[str]) -> dict[str, str]:
    """Each text -> fold(text); `fold` answers from these tables (of this call and the last few) afterwards."""
    global _FOLDED_LAST
    table: dict[str, str] = {}
    for text in texts:
        folded = fold(text)
        table[text] = text if folded == text else folded
    if len(table) > FOLDS_KEPT:
        _FOLDED_LAST = {}
    elif len(_FOLDED_LAST) + len(table) <= FOLDS_KEPT:
        _FOLDED_LAST.update(table)  # every source of a dataset (indexed one after the other)
    else:
        _FOLDED_LAST = dict(table)
    return table


#: Printable ASCII: what `fold` leaves as it is, but for a run of spaces, a space at either end and the backtick.
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def fold_many(texts: Sequence[str]) -> list[str]:
    """Each text folded, in order. Most quotes are their own folding (printable ASCII, single spaces, none at
    either end, no backtick): that is checked once over all of them joined, at C speed (about 3 ms for 10,000
    quotes, a third of folding them one by one), rather than a text at a time; otherwise as `fold_all` folds them."""
    joined = "\x00".join(texts)
    if joined.isascii():
        data = joined.encode("ascii")
        if data.translate(None, _PRINTABLE_ASCII) == b"\x00" * (len(texts) - 1) and b"`" not in data:
            codes = np.frombuffer(data, dtype=np.uint8)
            edge = (codes == 0x20) | (codes == 0)  # a space next to a space or to a text's end (or an empty text)
            if not (edge[1:] & edge[:-1]).any() and data[:1] != b" " and data[-1:] != b" ":
                return list(texts)
    table = fold_all(texts)
    return list(map(table.__getitem__, texts))


@lru_cache(maxsize=64)
def normalized(original: str) -> NormalizedText:
    """Cached folding of one source text (a dataset quotes each source many times)."""
    return NormalizedText(original)


#: Words aligned at most, from the first that differs: aligning words is quadratic in a repetitive text (6,000 words
#: of it took 4 s), and the first difference is what the message names.
ALIGNED_WORDS = 120


def first_difference(quote: str, passage: str) -> str:
    """A short description of where a quote first departs from the closest passage. When the two words look
    alike (Unicode normalisation, an invisible character, a letter from another alphabet), it says so and shows
    the code points that differ."""
    from difflib import SequenceMatcher  # only for a quote that is not verbatim (not imported at start-up)

    a, b = fold(quote).split(), passage.split()
    start = next((i for i, (mine, theirs) in enumerate(zip(a, b)) if mine != theirs), min(len(a), len(b)))
    if start == len(a) or start == len(b):
        return "the quote runs past the source passage" if len(a) > len(b) else "the passage differs"
    # from there, word by word aligned, so that a word added or left out is named as such, not as every word after
    ops = SequenceMatcher(None, a[start:start + ALIGNED_WORDS], b[start:start + ALIGNED_WORDS],
                          autojunk=False).get_opcodes()
    changes = [(kind, i1 + start, i2 + start, j1 + start, j2 + start)
               for kind, i1, i2, j1, j2 in ops if kind != "equal"]
    # the passage is a window of the source's words as many as the quote's: words of it before the quote's first
    # or after its last are the window's edge, not a difference; nor is what the aligned words' own end cut
    if changes and changes[0][0] == "insert" and changes[0][3] == 0:
        changes.pop(0)
    end = start + ALIGNED_WORDS
    while changes and ((changes[-1][0] == "insert" and changes[-1][1] == len(a)) or
                       (changes[-1][2] == end < len(a)) or (changes[-1][4] == end < len(b))):
        changes.pop()
    if not changes:
        return "the passage differs"
    kind, i1, i2, j1, j2 = changes[0]
    mine, theirs = " ".join(a[i1:i2]), " ".join(b[j1:j2])
    where = f"word {i1 + 1}" if i2 - i1 <= 1 else f"words {i1 + 1}–{i2}"
    if kind == "replace":
        if i2 - i1 == j2 - j1:  # as many words: the first that differs, looked into (alike letters, invisible ones)
            at = next(k for k in range(i2 - i1) if a[i1 + k] != b[j1 + k])
            return f"word {i1 + at + 1}: {_compare_words(a[i1 + at], b[j1 + at])}"
        return f"{where}: quote has '{mine}', source has '{theirs}'"
    if kind == "delete":
        if i2 == len(a) and len(changes) == 1:
            return "the quote runs past the source passage"
        return f"{where}: the quote has '{mine}', which the source does not have there"
    return f"after word {i1}: the source has '{theirs}', which the quote leaves out"


#: Characters that show as nothing (or almost nothing) and so make two words look the same.
INVISIBLE = frozenset("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
                      "\u2060\u2061\u2062\u2063\u2064\ufeff")
#: Latin letters and the Cyrillic letters drawn the same way (a mixed-alphabet word is a common trap in Kazakh and
#: Russian sources typed on two keyboard layouts).
_LOOKALIKE = str.maketrans("\u0430\u0441\u0435\u043e\u0440\u0445\u0443\u0456\u0458\u0455\u04bb\u0410\u0412"
                           "\u0421\u0415\u041d\u0406\u0408\u041a\u041c\u041e\u0420\u0405\u0422\u0425\u04ae",
                           "aceopxyijshABCEHIJKMOPSTXY")


def _compare_words(mine: str, theirs: str) -> str:
    said = f"quote has '{mine}', source has '{theirs}'"
    mine_nfc, theirs_nfc = unicodedata.normalize("NFC", mine), unicodedata.normalize("NFC", theirs)
    if mine_nfc == theirs_nfc:
        return (f"quote has '{mine}' ({_code_points(mine, theirs)}), source has '{theirs}' "
                f"({_code_points(theirs, mine)}): they differ only in Unicode normalisation (NFD and NFC); "
                "retype the word or convert the quote to NFC")
    visible_mine = "".join(c for c in mine_nfc if c not in INVISIBLE)
    visible_theirs = "".join(c for c in theirs_nfc if c not in INVISIBLE)
    if visible_mine == visible_theirs:
        hidden = [c for c in mine if c in INVISIBLE]
        where = "quote" if hidden else "source"
        hidden = hidden or [c for c in theirs if c in INVISIBLE]
        names = ", ".join(dict.fromkeys(_describe(c) for c in hidden))
        return f"{said}: they differ only by an invisible character in the {where} ({names}); delete it"
    if visible_mine.translate(_LOOKALIKE) == visible_theirs.translate(_LOOKALIKE):
        return (f"quote has '{mine}' ({_code_points(mine, theirs, names=True)}), source has '{theirs}' "
                f"({_code_points(theirs, mine, names=True)}): they differ only in look-alike letters from "
                "different alphabets; retype the word")
    return said


def _code_points(word: str, other: str, names: bool = False, most: int = 6) -> str:
    """The code points of `word` where it departs from `other` (their common start and end left out)."""
    head = 0
    while head < min(len(word), len(other)) and word[head] == other[head]:
        head += 1
    tail = 0
    while tail < min(len(word), len(other)) - head and word[-1 - tail] == other[-1 - tail]:
        tail += 1
    differing = word[head: len(word) - tail] or word
    shown = [_describe(c) if names else f"U+{ord(c):04X}" for c in differing[:most]]
    return " ".join(shown) + (" …" if len(differing) > most else "")


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def quote_words(quote: str, enough: int | None = None) -> int:
    """The words of a quote that hold a letter or digit (a lone dash or quote mark is no word); counting stops at
    `enough` when given."""
    if enough is not None and enough > 0:  # most quotes: their first `enough` words all hold a letter
        head = quote.split(None, enough)[:enough]
        if len(head) == enough and all(map(_HAS_ALNUM, head)):
            return enough
    count = 0
    for _ in _ALNUM_WORD.finditer(quote):
        count += 1
        if count == enough:
            break
    return count


def short_quote(quote: str, min_words: int = DEFAULT_LIMITS.min_quote_words) -> str | None:
    """A message when a quote is too short to prove anything: it would stand almost anywhere."""
    count = quote_words(quote, min_words)
    if count >= min_words:
        return None
    shown = fold(quote)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    return (f"the quote '{shown}' has only {count} word{'s' if count != 1 else ''}: a quote of fewer than "
            f"{min_words} words stands almost anywhere and proves nothing; quote the sentence that says it")


def mismatch_detail(text: NormalizedText, quote: str, seconds: float = DEFAULT_LIMITS.closest_seconds,
                    most_words: int = 60) -> str:
    """What to tell the user about a quote not found in `text`: the closest passage and where it departs, or why
    there is none."""
    if text.search_time_left() <= 0:
        return (f"the closest passage was not sought: searching this source has used its "
                f"{DEFAULT_LIMITS.closest_seconds_per_source:g} s already, for other quotes that do not match it "
                "(is it the right source?)")
    found = text.closest_passage(quote, seconds)
    if found is None:
        return ("no passage of the source is like the quote (they share no word, or only words too common to place "
                "it): is it quoted from another source?")
    words = found.passage.split(" ")
    shown = found.passage if len(words) <= most_words else " ".join(words[:most_words]) + " …"
    detail = f"closest passage: \"{shown}\" ({first_difference(quote, found.passage)})"
    if found.similarity < 60:
        detail += f"; it is only {found.similarity:.0f}% alike: is the quote from another source?"
    if not found.complete:
        detail += f"; the search stopped after {seconds:g} s, so a closer passage may exist"
    return detail
