"""Quotes match verbatim, forgiving only white space and typographic quotes and dashes."""

from kztimeline.model.excerpts import NormalizedText

SOURCE = "He said: \u201cThe gangs\u00a0are  international\u201d \u2014 and\nleft.\u2019s"


def test_straight_quotes_and_single_spaces_match_typographic_source():
    match = NormalizedText(SOURCE).find('"The gangs are international" - and left.')
    assert match is not None
    assert SOURCE[match.start:match.end] == "\u201cThe gangs\u00a0are  international\u201d \u2014 and\nleft."


def test_a_changed_word_does_not_match():
    assert NormalizedText(SOURCE).find('"The gangs are national"') is None


def test_case_and_punctuation_count():
    text = NormalizedText(SOURCE)
    assert text.find("the gangs") is None
    assert text.find("The gangs, are") is None


def test_closest_passage_is_offered():
    assert NormalizedText(SOURCE).closest("The gangs are national") == '"The gangs are international"'
