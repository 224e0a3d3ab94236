"""The array-based folding of a source (excerpts._fold_with_origin), the one-pass quote index and the short-quote
count give what the word-by-word code gave, in the cases a long source is made of."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kztimeline.model import quoteindex
from kztimeline.model.excerpts import NormalizedText, normalized, quote_words
from kztimeline.model.selectors import find_all, locate


def word_by_word_count(quote: str, enough: int | None = None) -> int:
    """quote_words as it was written before (a generator per word), to compare with."""
    count = 0
    for word in quote.split():
        if any(c.isalnum() for c in word):
            count += 1
            if count == enough:
                break
    return count


@given(st.text(alphabet="ab1 _-—“\t\u00a0é\u0661\u2003.", max_size=30), st.sampled_from([None, 0, 1, 2, 3, 5]))
@settings(max_examples=500)
def test_quote_words_as_before(quote, enough):
    assert quote_words(quote, enough) == word_by_word_count(quote, enough)


def indexed(text: str, quotes: list[str]) -> NormalizedText:
    norm = NormalizedText(text)
    quoteindex.find_quotes(norm, set(quotes))
    return norm


def spans(norm: NormalizedText, quote: str) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in find_all(norm, quote)]


def test_a_quote_at_the_very_end_of_the_source():
    text = "First line of the archive.\nIt ends with the last words"
    norm = indexed(text, ["ends with the last words", "First line of the"])
    assert spans(norm, "ends with the last words") == [(text.index("ends"), len(text))]
    assert spans(norm, "First line of the") == [(0, len("First line of the"))]


def test_a_quote_before_trailing_white_space():
    text = "  \n Opening words here and the closing sentence.\n\n  "
    quote = "the closing sentence."
    norm = indexed(text, [quote])
    start = text.index("the closing")
    assert spans(norm, quote) == [(start, start + len(quote))]


def test_a_repeated_quote_is_found_every_time_overlapping_too():
    text = "abc abc abc abc. the crowd gathered; the crowd gathered again"
    norm = indexed(text, ["abc abc", "the crowd gathered"])
    assert spans(norm, "abc abc") == [(0, 7), (4, 11), (8, 15)]
    assert spans(norm, "the crowd gathered") == [(17, 35), (37, 55)]


def test_typographic_variants_fold_both_ways():
    text = "He said \u201cwe will stay\u201d \u2014 it\u2019s the `rule`\u00a0here."
    quote = "said \"we will stay\" - it's the 'rule' here"
    norm = indexed(text, [quote])
    assert spans(norm, quote) == [(3, text.index("\u00a0here") + 5)]
    assert spans(norm, "said \u201cwe will stay\u201d") == [(3, text.index("\u201d") + 1)]


def test_a_quote_spanning_collapsed_white_space():
    text = "The protest\n\n   began\u2003at\tnoon\u3000and   ended late."
    quote = "protest began at noon and ended"
    norm = indexed(text, [quote])
    assert spans(norm, quote) == [(4, text.index("ended") + 5)]
    assert norm.text == "The protest began at noon and ended late."


def test_non_ascii_sources_keep_offsets_in_code_points():
    text = "Алматы 🙂 — «протест»  продолжается\nв городе"
    quote = '"протест" продолжается в городе'
    norm = indexed(text, [quote])
    start = text.index("«")
    assert spans(norm, quote) == [(start, len(text))]
    assert locate(text, quote).match == find_all(norm, quote)[0]


def test_quotes_sharing_the_automatons_prefix_are_told_apart():
    head = "x" * quoteindex.PREFIX
    text = f"{head} one ending. {head} another ending. {head} one ending."
    quotes = [f"{head} one ending", f"{head} another ending", head]
    norm = indexed(text, quotes)
    assert len(spans(norm, quotes[0])) == 2
    assert len(spans(norm, quotes[1])) == 1
    assert len(spans(norm, quotes[2])) == 3


def test_lone_surrogates_and_astral_characters():
    text = "a\ud800b  \U0001f600 c\udfff"
    norm = NormalizedText(text)
    assert norm.text == "a\ud800b \U0001f600 c\udfff"
    assert list(norm.origin) == [0, 1, 2, 3, 5, 6, 7, 8]


def test_empty_and_blank_sources():
    for text in ("", " ", "\n\t\u3000"):
        norm = normalized(text)
        assert norm.text == "" and len(norm.origin) == 0
        assert find_all(norm, "anything at all") == []


def test_fold_all_is_fold_and_fold_answers_alike_after_it():
    from kztimeline.model import excerpts

    texts = ["  plain  words\n", "already folded", "\u201ccurly\u201d\u2014dash", "back`tick", ""]
    before = [excerpts.fold(t) for t in texts]
    table = excerpts.fold_all(texts)
    assert [table[t] for t in texts] == before
    assert table["already folded"] is texts[1]  # kept as the same object: no second copy of every quote
    assert [excerpts.fold(t) for t in texts] == before
    assert excerpts.fold(" not in the table ") == "not in the table"


@given(st.text(alphabet="ab \n\u2019'\u3000", max_size=60),
       st.lists(st.text(alphabet="ab \u2019'", max_size=12), max_size=10))
@settings(max_examples=300)
def test_locate_all_is_find_all_for_each_quote(text, quotes):
    quotes += [text[3:9], text[-5:], "  "]
    places = quoteindex.locate_all(NormalizedText(text), quotes)
    plain = NormalizedText(text)
    for index, quote in enumerate(quotes):
        hits = find_all(plain, quote)
        assert places.count[index] == len(hits)
        first = (hits[0].start, hits[0].end) if hits else (-1, -1)
        assert (places.start[index], places.end[index]) == first


@given(st.text(alphabet="ab `\t\n\r\x0b\x0c\x1c\x1f\x7f\x00'-", max_size=20))
@settings(max_examples=400)
def test_fold_of_ascii_as_before(text):
    from kztimeline.model.excerpts import _FOLD, fold

    assert fold(text) == " ".join(text.translate(_FOLD).split())


def test_fold_keeps_a_bounded_table(monkeypatch):
    from kztimeline.model import excerpts

    monkeypatch.setattr(excerpts, "_FOLDED_LAST", {})
    monkeypatch.setattr(excerpts, "FOLDS_KEPT", 5)
    excerpts.fold_all(["one  two", "three"])
    excerpts.fold_all(["four", "five\tsix"])  # a second source: both kept
    assert set(excerpts._FOLDED_LAST) == {"one  two", "three", "four", "five\tsix"}
    excerpts.fold_all(["seven", "eight"])  # over the bound: only the latest call's
    assert set(excerpts._FOLDED_LAST) == {"seven", "eight"}
    excerpts.fold_all([str(n) for n in range(6)])  # more than the bound at once: none kept
    assert excerpts._FOLDED_LAST == {}
    assert excerpts.fold("one  two") == "one two"


def folded_word_by_word(text: str) -> tuple[str, list[int]]:
    """A source folded a character at a time (what `_fold_with_origin` computes with arrays): typographic variants
    folded, each run of white space one space at its first character, none before the first word."""
    from kztimeline.model.excerpts import _FOLD

    out, origin = [], []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(index)
        else:
            out.append(char.translate(_FOLD))
            origin.append(index)
    return "".join(out), origin


@given(st.text(alphabet="ab `'\t\n\r\x0b\x0c\x1c\x1f\x7f\x00-\u2019\u00a0", max_size=40))
@settings(max_examples=500)
def test_a_source_folds_as_character_by_character(text):
    """ASCII texts without a run of white space take a shortcut (their offsets are a range): same result."""
    norm = NormalizedText(text)
    assert (norm.text, list(norm.origin)) == folded_word_by_word(text)


def test_an_ascii_source_without_runs_of_white_space_keeps_its_offsets_as_a_range():
    norm = NormalizedText("One line.\nAnother\tline, with `ticks`.\n")
    assert norm.text == "One line. Another line, with 'ticks'. "
    assert norm.origin == range(len(norm.text))
    assert NormalizedText(" leading").origin != range(8)  # a space dropped: offsets are not the same


@given(st.one_of(st.lists(st.text(alphabet="ab `'\t\n\x00\x7f-\u2019", max_size=8), max_size=8),
                 st.lists(st.text(alphabet="ab ", max_size=6), max_size=6)))
@settings(max_examples=500)
def test_fold_many_is_fold_of_each(texts):
    from kztimeline.model.excerpts import fold, fold_many

    assert fold_many(texts) == [fold(text) for text in texts]
    clean = [" ".join(text.split()).replace("`", "'") for text in texts if text.isascii() and text.isprintable()]
    assert fold_many(clean) == clean
    assert fold_many(["one two", "three  four", "", " five", "six "]) == ["one two", "three four", "", "five", "six"]


@given(st.text(alphabet="ab \n\u2019'\u3000", max_size=60),
       st.lists(st.text(alphabet="ab \u2019'", max_size=12), max_size=10))
@settings(max_examples=300)
def test_the_automaton_and_one_search_per_quote_find_the_same(text, quotes):
    """Below MIN_QUOTES quotes a source's quotes are each sought with str.find; from it, with the automaton."""
    from unittest.mock import patch

    quotes += [text[2:7], text[-4:]]
    found = []
    for least in (1, 10**9):
        with patch.object(quoteindex, "MIN_QUOTES", least):
            places = quoteindex.locate_all(NormalizedText(text), quotes)
        found.append((places.start.tolist(), places.end.tolist(), places.count.tolist()))
    assert found[0] == found[1]
