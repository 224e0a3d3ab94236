"""Hostile quotes: too short to prove anything, differing only in invisible ways, or long and checked against the
wrong source (the closest-passage search must stay bounded in time)."""

import random
import time

import pytest

from kztimeline.model import load_dataset
from kztimeline.model.excerpts import NormalizedText, first_difference, mismatch_detail, quote_words, short_quote

WORDS = ["protesters", "gathered", "near", "the", "square", "as", "police", "lines", "held", "avenue", "while",
         "officials", "met", "to", "discuss", "prices"]
OTHER = ["the", "government", "announced", "a", "state", "of", "emergency", "in", "capital", "and", "airport",
         "closed", "for", "two", "days"]


def _text(words, count, seed):
    rng = random.Random(seed)
    return " ".join(rng.choice(words) for _ in range(count))


@pytest.mark.parametrize("quote", ["a", "the", "The", "— the —", "“Almaty”", "two words", "", "  "])
def test_a_quote_of_fewer_than_three_words_is_reported(quote):
    message = short_quote(quote)
    assert message is not None and "fewer than 3 words" in message


@pytest.mark.parametrize("quote", ["one two three", "5 January 2022", "Protesters gathered near the square"])
def test_a_quote_of_three_words_or_more_is_not_reported(quote):
    assert short_quote(quote) is None


def test_punctuation_is_no_word_and_counting_stops_early():
    assert quote_words("— “ ” - a") == 1
    assert quote_words("one two three four five", enough=3) == 3


def test_a_tiny_quote_in_yaml_is_a_located_warning(tmp_path):
    (tmp_path / "src.txt").write_text("Protesters gathered near the square on Wednesday afternoon.", encoding="utf-8")
    (tmp_path / "events.yaml").write_text(
        "title: T\nperiod: {start: 2022-01-01, end: 2022-01-31, timezone: '+06:00'}\n"
        "places:\n  - {id: almaty, name: Almaty, kind: city, lat: 43.25, lon: 76.91}\n"
        "sources:\n  - {id: s, outlet: O, title: T, published: 2022-01-06T07:35:00+06:00, file: src.txt}\n"
        "events:\n  - id: e\n    title: E\n    date: 2022-01-05\n    places: [almaty]\n"
        "    excerpts:\n      - source: s\n        quote: the\n", encoding="utf-8")
    result = load_dataset(tmp_path / "events.yaml")
    (problem,) = result.warnings
    assert problem.is_warning and problem.line == 14 and problem.field == "excerpts[0].quote"
    assert str(problem).startswith(f"{tmp_path / 'events.yaml'}:14:16: warning: event 'e': excerpts[0].quote: ")
    assert "has only 1 word" in problem.message


def test_an_error_prints_as_before():
    from kztimeline.model import Problem

    assert str(Problem("f.yaml", 3, 4, "bad", "e", "date")) == "f.yaml:3:4: event 'e': date: bad"


def test_nfd_against_nfc_shows_code_points_and_says_why():
    message = first_difference("the cafe\u0301 opened", "the caf\u00e9 opened")
    assert message.startswith("word 2: quote has 'cafe\u0301' (U+0065 U+0301), source has 'caf\u00e9' (U+00E9)")
    assert "differ only in Unicode normalisation" in message


def test_nfd_quote_does_not_verify_but_is_explained():
    text = NormalizedText("Residents of Zhana\u00f6zen protested on 2 January.")
    quote = "Residents of Zhanao\u0308zen protested"
    assert text.find(quote) is None
    assert "Unicode normalisation" in mismatch_detail(text, quote)


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_an_invisible_character_is_named(hidden):
    message = first_difference(f"in Zhana{hidden}ozen today", "in Zhanaozen today")
    assert "invisible character in the quote" in message and f"U+{ord(hidden):04X}" in message


def test_an_invisible_character_in_the_source_is_named_too():
    message = first_difference("in Zhanaozen today", "in Zhana\u200bozen today")
    assert "invisible character in the source" in message and "ZERO WIDTH SPACE" in message


def test_a_non_breaking_space_is_forgiven():
    assert NormalizedText("Police lines\u00a0held the\u202favenue.").find("Police lines held the avenue.") is not None


def test_a_cyrillic_look_alike_letter_is_named():
    message = first_difference("protests in \u0410lmaty began", "protests in Almaty began")
    assert "look-alike letters" in message and "CYRILLIC CAPITAL LETTER A" in message and "LATIN CAPITAL LETTER A" \
        in message


def test_an_ordinary_difference_says_nothing_more():
    assert first_difference("on Thursday", "on Wednesday") == "word 2: quote has 'Thursday', source has 'Wednesday'"


def test_empty_source_text_verifies_nothing():
    text = NormalizedText("")
    assert text.find("anything at all here") is None and text.closest_passage("anything at all here") is None


@pytest.mark.parametrize(("quote_words_count", "source_words"), [(150, 8_000), (1_000, 8_000), (5_000, 8_000),
                                                                 (150, 200_000), (3_000, 200_000)])
def test_a_long_quote_against_the_wrong_source_is_bounded_in_time(quote_words_count, source_words):
    text = NormalizedText(_text(WORDS, source_words, 1))
    quote = _text(OTHER, quote_words_count, 2)
    started = time.perf_counter()
    detail = mismatch_detail(text, quote, seconds=1.0)
    elapsed = time.perf_counter() - started
    assert elapsed < 4.0, elapsed  # the old difflib search took 16-138 s for such quotes
    assert "another source" in detail


def test_a_near_quote_in_a_long_source_still_finds_its_passage():
    words = _text(WORDS, 200_000, 3).split()
    words[120_010] = "Wednesday"
    text = NormalizedText(" ".join(words))
    quote = " ".join(words[120_000:120_030]).replace("Wednesday", "Thursday")
    started = time.perf_counter()
    found = text.closest_passage(quote)
    assert time.perf_counter() - started < 4.0
    assert found is not None and found.passage == " ".join(words[120_000:120_030])
    assert "word 11: quote has 'Thursday', source has 'Wednesday'" in mismatch_detail(text, quote)


def test_the_search_gives_up_at_its_time_limit_and_says_so():
    vocabulary = [f"w{n}" for n in range(20_000)]
    text = NormalizedText(_text(vocabulary, 400_000, 4))
    quote = _text(vocabulary, 400, 5)
    found = text.closest_passage(quote, seconds=0.0)
    assert found is not None and not found.complete
    assert "the search stopped after 0 s" in mismatch_detail(text, quote, seconds=0.0)


def test_searches_in_one_source_stop_when_its_time_is_used_up():
    text = NormalizedText(_text(WORDS, 2_000, 6))
    assert "closest passage:" in mismatch_detail(text, "protesters held a quiet vigil")
    text.search_seconds_left = -1.0  # as after 31 s of searching
    detail = mismatch_detail(text, "protesters held a quiet vigil")
    assert detail.startswith("the closest passage was not sought") and "is it the right source?" in detail
    text.search_seconds_left, text._last_search = -1.0, text._last_search - 20  # 20 s later: 2 s back
    assert "closest passage:" in mismatch_detail(text, "protesters held a quiet vigil")


@pytest.mark.parametrize(("quote", "passage", "said"), [
    # a word added: named where it stands, not as a difference of every word after it (the window of the source
    # starts a word early, as the closest passage's window can)
    ("On zzz while on avenue the", "336). On while on avenue the",
     "word 2: the quote has 'zzz', which the source does not have there"),
    ("the rally in the square went on", "the rally in the main square went on",
     "after word 4: the source has 'main', which the quote leaves out"),
    ("on the fourth day in a row", "on the fifth and sixth day in a row",
     "word 3: quote has 'fourth', source has 'fifth and sixth'"),
    ("protesters set fire to the building", "protesters set fire to a building",
     "word 5: quote has 'the', source has 'a'"),
    ("the crowd gathered at dawn and more", "x the crowd gathered at dawn", "the quote runs past the source passage"),
    # long repetitive quotes: aligned only from the first difference, over ALIGNED_WORDS words (quadratic otherwise)
    (" ".join(["a"] * 6000 + ["b"]), " ".join(["a"] * 6000 + ["c"]), "word 6001: quote has 'b', source has 'c'"),
    (" ".join(["a"] * 15000), " ".join(["a"] * 7000 + ["x"] + ["a"] * 7000),
     "after word 7000: the source has 'x', which the quote leaves out"),
    (" ".join(["a b"] * 3000), " ".join(["b a"] * 3000), "the passage differs"),
])
def test_the_first_difference_names_a_word_added_left_out_or_changed(quote, passage, said):
    assert first_difference(quote, passage) == said
