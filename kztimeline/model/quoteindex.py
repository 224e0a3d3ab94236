"""Finding every quote of one source in one pass over its text, so that checking is near-linear.

Checking a quote without usable `at:` offsets means finding every place it stands in its source (two places make
it ambiguous). One `str.find` pass per quote costs the length of the text each time: 10,000 quotes of one 2 MB
source are 20 billion character steps. Before the events are read, `index_quotes` therefore collects the quotes
each source is quoted with and, for a source quoted often, finds all of them at once with an Aho–Corasick
automaton (ahocorasick-rs: Rust, overlapping matches, offsets counted in code points like Python's), in one pass
over the folded text. `quote_starts` then answers `selectors.find_all` from that table; a quote not in it (read
differently than collected here, or its table gone with its text from the `normalized` cache) is sought as before,
so the results are the same either way: every occurrence, overlapping ones too, in order.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter

import ahocorasick_rs
import numpy as np

from .entities import Source
from .excerpts import NormalizedText, fold_many, normalized
from .yamlnodes import LList, LMap

#: Below this many different quotes in one source, each is sought on its own (one str.find pass each is cheaper
#: than building an automaton).
MIN_QUOTES = 8

#: Characters of each quote the automaton is built from (the rest is compared where they match): 16 builds and
#: scans in half the time of 32 on 10,000 quotes of one 2 MB source, and still tells nearly all quotes apart.
PREFIX = 16


@dataclass(frozen=True)
class _Found:
    """Every quote found so far in one folded text, as arrays rather than a list per quote: its number, and per
    number how many times it starts there and where in `starts` those places are (ascending). Never changed once
    made: quotes found later make a new one, put in `_FOUND` in one assignment, so that a thread reading it (a load,
    the window's authoring) never sees it half updated."""

    numbers: dict[str, int] = field(default_factory=dict)
    count: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    offset: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def starts_of(self, number: int) -> list[int]:
        at = int(self.offset[number])
        starts: list[int] = self.starts[at:at + int(self.count[number])].tolist()
        return starts

    def adding(self, patterns: list[str], numbers: np.ndarray, starts: np.ndarray) -> _Found:
        """This and new quotes, given with the (number in `patterns`, start) of each place one stands, in any
        order."""
        order = np.lexsort((starts, numbers))
        count = np.bincount(numbers, minlength=len(patterns)).astype(np.int64)
        offset = np.cumsum(count) - count + len(self.starts)
        known = dict(self.numbers)
        known.update(zip(patterns, range(len(known), len(known) + len(patterns))))
        return _Found(known, np.concatenate((self.count, count)), np.concatenate((self.offset, offset)),
                      np.concatenate((self.starts, starts[order])))


#: What has been found in each normalized source text (dropped with it).
_FOUND: weakref.WeakKeyDictionary[NormalizedText, _Found] = weakref.WeakKeyDictionary()


def collect_quotes(root: object) -> dict[str, set[str]]:
    """The quotes of every excerpt in an events.yaml tree, by source id (as written; anything odd is left out and
    found the slow way, or reported, when the events are read)."""
    wanted: dict[str, set[str]] = {}
    events = root.get("events") if isinstance(root, LMap) else None
    if not isinstance(events, LList):
        return wanted
    for item in events:
        excerpts = item.get("excerpts") if isinstance(item, LMap) else None
        if not isinstance(excerpts, LList):
            continue
        for entry in excerpts:
            if isinstance(entry, LMap):
                source_id, quote = entry.get("source"), entry.get("quote")
                if isinstance(source_id, str) and isinstance(quote, str):
                    wanted.setdefault(source_id, set()).add(quote)
    return wanted


def index_quotes(root: object, sources: Mapping[str, Source]) -> None:
    """Find, in one pass per source, every quote the tree's excerpts make of it (sources quoted often only)."""
    for source_id, quotes in collect_quotes(root).items():
        source = sources.get(source_id)
        if source is not None and source.text and len(quotes) >= MIN_QUOTES:
            find_quotes(normalized(source.text), quotes)


def find_quotes(norm: NormalizedText, quotes: Iterable[str]) -> None:
    """Record where each quote (folded) starts in `norm`'s folded text: all occurrences, in order."""
    _find_folded(norm, fold_many(list(quotes)))


def _find_folded(norm: NormalizedText, folded: list[str]) -> _Found:
    """`find_quotes` for quotes folded already; what has been found in `norm` so far.

    The automaton holds each quote's first PREFIX characters only (building one of 10,000 whole 200-character
    quotes takes longer than the search), one entry per quote even where quotes share it; each place a prefix
    stands is then compared with its whole quote (`str.startswith` mapped over them all), and the places kept are
    sorted and counted with numpy: no Python loop, and no list, per quote."""
    found = _FOUND.get(norm) or _Found()
    patterns = list(set(folded) - found.numbers.keys() - {""})
    if not patterns:
        return found
    text = norm.text
    if len(patterns) < MIN_QUOTES:  # each sought on its own: cheaper than building an automaton
        numbers_found: list[int] = []
        starts_found: list[int] = []
        for number, pattern in enumerate(patterns):
            for start in every_start(text, pattern):
                numbers_found.append(number)
                starts_found.append(start)
        numbers, at = np.array(numbers_found, dtype=np.int64), np.array(starts_found, dtype=np.int64)
    else:
        numbers, at = _automaton_hits(text, patterns)
    found = _FOUND[norm] = found.adding(patterns, numbers, at)
    return found


def _automaton_hits(text: str, patterns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(number in `patterns`, start) of every place a pattern stands in `text`, found in one pass of an automaton
    of their first PREFIX characters, each hit compared with its whole pattern."""
    prefixes = list(map(itemgetter(slice(0, PREFIX)), patterns))
    if text.isascii():  # bytes: offsets are the same, and the scan takes half the time of a str's
        in_bytes = ahocorasick_rs.BytesAhoCorasick(list(map(str.encode, prefixes)),
                                                   matchkind=ahocorasick_rs.MatchKind.Standard)
        matches = in_bytes.find_matches_as_indexes(text.encode(), overlapping=True)
    else:
        in_text = ahocorasick_rs.AhoCorasick(prefixes, matchkind=ahocorasick_rs.MatchKind.Standard)
        matches = in_text.find_matches_as_indexes(text, overlapping=True)
    hits = np.fromiter(chain.from_iterable(matches), dtype=np.int64, count=3 * len(matches)).reshape(-1, 3)
    numbers, at = hits[:, 0], hits[:, 1]
    whole = np.fromiter(map(text.startswith, map(patterns.__getitem__, numbers.tolist()), at.tolist()),
                        dtype=bool, count=len(matches))
    return numbers[whole], at[whole]


def every_start(text: str, pattern: str) -> Iterator[int]:
    """Where `pattern` starts in `text`, overlapping places too, by one str.find after another."""
    at = text.find(pattern)
    while at >= 0:
        yield at
        at = text.find(pattern, at + 1)


@dataclass(frozen=True)
class Places:
    """Per quote of `locate_all`: its first occurrence as original offsets [start, end) (-1 when there is none), and
    how many times it occurs (overlapping occurrences too)."""

    start: np.ndarray
    end: np.ndarray
    count: np.ndarray


def locate_all(norm: NormalizedText, quotes: Sequence[str]) -> Places:
    """Where each quote stands in `norm`'s text, for many quotes at once: what `selectors.find_all` gives one quote
    (its first hit and the number of hits), found in one pass (`find_quotes`) and turned into original offsets by
    array look-ups, for a reader that works column by column. No `at:` selector is considered, and a short quote is
    located like any other (`excerpts.short_quote` says which are too short)."""
    folded = fold_many(quotes)
    table = _find_folded(norm, folded)
    numbers = np.fromiter(map(table.numbers.get, folded, repeat(-1)), dtype=np.int64, count=len(folded))
    known = np.flatnonzero(numbers >= 0)  # a quote folded to nothing is never in the table
    count = np.zeros(len(folded), dtype=np.int64)
    count[known] = table.count[numbers[known]]
    seen = np.flatnonzero(count)
    first = np.zeros(len(folded), dtype=np.int64)
    first[seen] = table.starts[table.offset[numbers[seen]]]
    last = first + np.fromiter(map(len, folded), dtype=np.int64, count=len(folded)) - 1
    found = count > 0
    if isinstance(norm.origin, range):  # the folded text's offsets are the original's
        return Places(np.where(found, first, -1), np.where(found, last + 1, -1), count)
    origin = np.asarray(norm.origin) if len(norm.origin) else np.zeros(1, dtype=np.int64)
    start = np.where(found, origin[np.where(found, first, 0)], -1)
    end = np.where(found, origin[np.where(found, last, 0)] + 1, -1)
    return Places(start, end, count)


def quote_starts(norm: NormalizedText, folded: str) -> list[int] | None:
    """Where the folded quote starts in `norm`'s folded text, if it was indexed (else None: search for it)."""
    found = _FOUND.get(norm)
    number = None if found is None else found.numbers.get(folded)
    return None if found is None or number is None else found.starts_of(number)


__all__ = ["MIN_QUOTES", "PREFIX", "Places", "collect_quotes", "every_start", "find_quotes", "index_quotes",
           "locate_all", "quote_starts"]
