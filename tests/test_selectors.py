"""Excerpt selectors (`at: {start, end, prefix, suffix}`): which occurrence of a quote an excerpt means."""

import shutil

import pytest

from conftest import DATA
from kztimeline.model import load_dataset
from kztimeline.model.selectors import Selector, code_point_offset, find_all, locate, make_selector, read_selector
from kztimeline.model.excerpts import normalized

SOURCE = DATA / "sources" / "republicworld-2022-01-06-terrorist-gangs.txt"
TEXT = SOURCE.read_text(encoding="utf-8")


def _dataset(tmp_path, excerpt_lines):
    """minimal.yaml with the blackout event's excerpt replaced by `excerpt_lines` (indented YAML)."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    old = "      - source: rw\n        quote: turned down internet connectivity on Wednesday afternoon\n"
    assert old in text
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    path = tmp_path / "events.yaml"
    path.write_text(text.replace(old, excerpt_lines), encoding="utf-8")
    return path


def test_make_selector_trims_white_space_and_keeps_context():
    start = TEXT.index("Kazakhtelecom")
    quote, selector = make_selector(TEXT, start - 1, start + len("Kazakhtelecom"))
    assert quote == "Kazakhtelecom"
    assert (selector.start, selector.end) == (start, start + len("Kazakhtelecom"))
    assert selector.prefix.endswith("internet blackout after ") and len(selector.prefix) == 32
    assert selector.suffix.startswith(", the nation's largest") and len(selector.suffix) == 32


def test_make_selector_refuses_empty_or_outside_selections():
    with pytest.raises(ValueError, match="only white space"):
        make_selector("a   b", 1, 4)
    with pytest.raises(ValueError, match="outside the text"):
        make_selector("abc", 2, 9)


def test_locate_picks_the_occurrence_the_selector_names():
    hits = find_all(normalized(TEXT), "on Wednesday")
    assert len(hits) == 3
    for hit in hits:
        quote, selector = make_selector(TEXT, hit.start, hit.end)
        assert locate(TEXT, quote, selector).match == hit
        # stale offsets: the prefix and suffix still find the right one
        stale = Selector(0, 5, selector.prefix, selector.suffix)
        assert locate(TEXT, quote, stale).match == hit


def test_locate_without_a_selector_reports_how_often_a_quote_occurs():
    assert locate(TEXT, "on Wednesday").match is None
    assert locate(TEXT, "on Wednesday").occurrences == 3
    assert locate(TEXT, "Kazakhtelecom").occurrences == 1


def test_code_point_offset_counts_utf16_units_of_characters_outside_the_bmp():
    text = "a😀b"
    assert [code_point_offset(text, units) for units in (0, 1, 3, 4)] == [0, 1, 2, 3]


def test_read_selector_messages():
    assert read_selector({"start": 3, "end": 1}) == "end (1) must be after start (3)"
    assert "whole numbers" in read_selector({"start": "x", "end": 4})
    assert "unknown key 'begin'" in read_selector({"begin": 1, "end": 2})
    assert read_selector({"start": 1, "end": 2, "prefix": "a"}) == Selector(1, 2, "a", "")


def test_an_ambiguous_quote_is_an_error_at_its_line(tmp_path):
    path = _dataset(tmp_path, "      - source: rw\n        quote: on Wednesday\n")
    result = load_dataset(path)
    (problem,) = result.errors  # (and a warning: two words prove little)
    assert "quote occurs 3 times in source 'rw'; select it in the app or quote more words" in problem.message
    line = path.read_text(encoding="utf-8").splitlines().index("        quote: on Wednesday") + 1
    assert (problem.line, problem.event_id, problem.field) == (line, "blackout", "excerpts[0].quote")


def test_a_selector_makes_the_quote_unambiguous_and_the_match_points_at_it(tmp_path):
    third = find_all(normalized(TEXT), "on Wednesday")[2]
    _quote, sel = make_selector(TEXT, third.start, third.end)
    path = _dataset(tmp_path, f"      - source: rw\n        quote: on Wednesday\n"
                              f"        at: {{start: {sel.start}, end: {sel.end}, prefix: \"{sel.prefix}\", "
                              f"suffix: \"{sel.suffix}\"}}\n")
    result = load_dataset(path)
    assert result.errors == [] and result.ok
    (excerpt,) = result.dataset.event("blackout").excerpts
    assert excerpt.match == third and TEXT[third.start:third.end] == "on Wednesday"


def test_a_malformed_selector_is_reported(tmp_path):
    path = _dataset(tmp_path, "      - source: rw\n        quote: Kazakhtelecom\n        at: {start: 9, end: 2}\n")
    messages = [str(p) for p in load_dataset(path).problems]
    assert any("excerpts[0].at: end (2) must be after start (9)" in m for m in messages), messages
