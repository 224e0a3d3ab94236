"""The one-pass quote index gives exactly what one search per quote gave: offsets, ambiguity, closest passages."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kztimeline.model import quoteindex
from kztimeline.model.excerpts import _FOLD, SPACES, NormalizedText, fold
from kztimeline.model.loader import load_dataset
from kztimeline.model.selectors import find_all

_FOLD_KEYS = [chr(k) for k in _FOLD]
ASCII = "ab \n\t`'-"
ALPHABET = "ab \n\u00a0\u2019'\u2014-\u3000\t"


def old_normalized(original: str) -> tuple[str, list[int]]:
    """NormalizedText as it was built before (one character at a time), to compare with."""
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
    return "".join(chars), origin


def test_regex_white_space_is_str_isspace():
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert {c for c in every if c.isspace()} == set("".join(re.findall(r"\s", every)))


def test_spaces_are_every_str_isspace_character():
    every = range(sys.maxunicode + 1)
    assert set(SPACES) == {c for c in every if chr(c).isspace()}
    assert max(SPACES) < 0x3001 and all(ord(c) < 0x3001 for c in _FOLD_KEYS)


@given(st.text(alphabet=ALPHABET + "xé\u200b", max_size=60))
@settings(max_examples=400)
def test_normalized_text_as_before(text):
    norm = NormalizedText(text)
    assert (norm.text, list(norm.origin)) == old_normalized(text)


@given(st.text(alphabet="ab `\n\t\r\x0b\x0c\x1c\x1f\x00\x7f-'", max_size=60))
@settings(max_examples=300)
def test_normalized_ascii_text_as_before(text):
    # an ASCII text takes a path of its own (one byte a character; controls that are and are not white space)
    norm = NormalizedText(text)
    assert (norm.text, list(norm.origin)) == old_normalized(text)


@given(st.text(max_size=40))
@settings(max_examples=300)
def test_normalized_any_text_as_before(text):
    # every code point: astral characters, lone surrogates, spaces and folded characters of any plane
    norm = NormalizedText(text)
    assert (norm.text, list(norm.origin)) == old_normalized(text)
    assert all(type(norm.origin[i]) is int for i in range(min(len(norm.text), 3)))


def plain_find_all(norm: NormalizedText, quote: str):
    folded = fold(quote)
    out, at = [], norm.text.find(folded) if folded else -1
    while at >= 0:
        out.append((norm.origin[at], norm.origin[at + len(folded) - 1] + 1))
        at = norm.text.find(folded, at + 1)
    return out


@given(st.text(alphabet=ALPHABET, max_size=80), st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=40),
                                                           min_size=1, max_size=12), st.data())
@settings(max_examples=300)
def test_one_pass_finds_what_each_search_finds(text, quotes, data):
    check_one_pass(text, quotes, data)


@given(st.text(alphabet=ASCII, max_size=80), st.lists(st.text(alphabet=ASCII, min_size=1, max_size=40),
                                                        min_size=1, max_size=12), st.data())
@settings(max_examples=200)
def test_one_pass_in_an_ascii_source(text, quotes, data):
    # an ASCII source is scanned as bytes
    check_one_pass(text, quotes, data)


def check_one_pass(text, quotes, data):
    # quotes cut from the text itself, so that many are found (several times, overlapping), and arbitrary ones
    for _ in range(4):
        if len(text) > 2:
            start = data.draw(st.integers(0, len(text) - 2))
            quotes.append(text[start:data.draw(st.integers(start + 1, len(text)))])
    quotes.append(text[:quoteindex.PREFIX + 5] if len(text) > 3 else "ab")  # longer than the automaton's prefix
    indexed = NormalizedText(text)
    quoteindex.find_quotes(indexed, set(quotes))
    plain = NormalizedText(text)
    for quote in quotes:
        expected = plain_find_all(plain, quote)
        if fold(quote):
            assert quoteindex.quote_starts(indexed, fold(quote)) is not None
        assert [(m.start, m.end) for m in find_all(indexed, quote)] == expected
        assert [(m.start, m.end) for m in find_all(plain, quote)] == expected


def write_one_source(folder: Path, quotes: list[str], source: str) -> Path:
    (folder / "src.txt").write_text(source, encoding="utf-8")
    lines = ["title: One source", "period: {start: 2022-01-01, end: 2022-01-31, timezone: '+00:00'}",
             "places:", "  - {id: oslo, name: Oslo, kind: city, lat: 59.91, lon: 10.75}", "sources:",
             "  - {id: s, outlet: O, title: T, published: '2022-02-01T00:00:00+00:00', file: src.txt}", "events:"]
    for n, quote in enumerate(quotes):
        lines.append(f"  - {{id: e{n}, title: E{n}, date: '2022-01-{1 + n % 28:02d}', places: [oslo], "
                     f"excerpts: [{{source: s, quote: {json.dumps(quote)}}}]}}")
    path = folder / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loader_results_are_the_same_with_the_index(tmp_path, monkeypatch):
    sentences = [f"Sentence number {n} says that the convoy passed the bridge at dusk." for n in range(40)]
    source = "\n".join(sentences) + "\nThe convoy passed the bridge at dusk.\n"
    quotes = [s.replace("  ", " ") for s in sentences[:30]]
    quotes += ["the convoy passed the bridge",  # ambiguous: 40 times (not the capital one)
               "Sentence number 3 says that the tanks passed",  # not found: the closest passage is named
               "Sentence   number\n4 says",  # white space forgiven
               "passed the bridge at dusk. Sentence number 7"]  # across a line break
    path = write_one_source(tmp_path, quotes, source)
    monkeypatch.setattr(quoteindex, "MIN_QUOTES", sys.maxsize)
    plain = load_dataset(path, cache=False)
    monkeypatch.setattr(quoteindex, "MIN_QUOTES", 2)
    from kztimeline.model.excerpts import normalized

    normalized.cache_clear()
    indexed = load_dataset(path, cache=False)
    assert quoteindex.quote_starts(normalized(source), fold(quotes[0])) is not None  # the index was used
    assert indexed.dataset == plain.dataset
    assert indexed.problems == plain.problems
    messages = [p.message for p in plain.problems]
    assert any("occurs 40 times" in m for m in messages)
    assert any("closest passage" in m for m in messages)
    assert sum(len(e.excerpts) for e in indexed.dataset.events) == len(quotes)


@pytest.mark.parametrize("count", [40])
def test_many_quotes_of_one_source_are_verified(tmp_path, count):
    lines = [f"Line {n}: {'word ' * (n % 7)}end of line {n}." for n in range(count)]
    path = write_one_source(tmp_path, lines, "\n".join(lines) + "\n")
    result = load_dataset(path, cache=False)
    assert result.ok, result.problems[:3]
    text = (tmp_path / "src.txt").read_text(encoding="utf-8")
    for event in result.dataset.events:
        match = event.excerpts[0].match
        assert match is not None and text[match.start:match.end] == event.excerpts[0].quote


def _index_in_parts(norm: NormalizedText, part: list[str], failures: list[BaseException]) -> None:
    try:
        for k in range(0, len(part), 10):
            quoteindex.find_quotes(norm, part[k:k + 10])
    except Exception as exc:  # reported by the test's own thread
        failures.append(exc)


def _right_or_unknown(norm: NormalizedText, quotes: list[str]) -> None:
    for quote in quotes:
        starts = quoteindex.quote_starts(norm, fold(quote))
        assert starts is None or starts == [start for start, _end in plain_find_all(norm, quote)]


def test_threads_indexing_one_source_at_once_leave_only_right_answers():
    """Two loads (a cancelled one still running) or a load and the window's authoring may index and read the same
    source's quotes at once: a quote's places are then right or not known (and sought), never wrong."""
    import random
    import threading

    import numpy as np

    rng = random.Random(2)
    words = [f"w{i}" for i in range(3000)]
    text = " ".join(rng.choice(words) for _ in range(30_000))
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    try:
        for trial in range(6):
            norm = NormalizedText(text)
            quotes = [text[i:i + 30].strip() for i in range(trial, 12_000, 5)]
            failures: list[BaseException] = []
            threads = [threading.Thread(target=_index_in_parts, args=(norm, quotes[half::2], failures))
                       for half in (0, 1)]
            for thread in threads:
                thread.start()
            _right_or_unknown(norm, quotes[::7])
            for thread in threads:
                thread.join()
            assert failures == []
            _right_or_unknown(norm, quotes)
            fresh = quoteindex.locate_all(NormalizedText(text), quotes)
            again = quoteindex.locate_all(norm, quotes)
            assert np.array_equal(again.start, fresh.start) and np.array_equal(again.count, fresh.count)
    finally:
        sys.setswitchinterval(previous)
