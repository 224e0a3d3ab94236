"""The scans of an ASCII text's byte codes (model/asciiscan.py) against the patterns of fastyaml they stand for."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kztimeline.model import fastyaml
from kztimeline.model.asciiscan import ascii_codes, colon_places, entry_lines

#: Texts built of what the patterns look at: line breaks, indents, dashes, colons, comments, flow indicators.
TEXTS = st.lists(st.sampled_from(["\n", " ", "  ", "-", ":", "#", "[", "]", "{", "}", ",", "x", "id", "\n  - ",
                                  "\n  -", "\n- ", "\n    - "]), max_size=40).map("".join)
DASHES = st.sampled_from(["\n-", "\n  -", "\n    -"])


@given(TEXTS)
@example(":a [: b:, c :d\n:e")
@example("")
@settings(max_examples=500)
def test_colon_places_are_the_patterns_matches(text):
    expected = [found.start() for found in fastyaml._COLON_VALUE.finditer(text)]
    assert colon_places(ascii_codes(text)) == expected
    assert fastyaml._colon_starts_a_value(text, ascii_codes(text)) == fastyaml._colon_starts_a_value(text)


@given(TEXTS, DASHES, st.integers(0, 12))
@example("events:\n  - {id: a}\n  - {id: b}\n", "\n  -", 7)
@example("events:\n  -\n    id: a\n", "\n  -", 7)
@example("events:\n  - # note\n    id: a\n", "\n  -", 7)
@example("events:\n  -x\n  - a", "\n  -", 7)
@example("events:\n  - a\n  -", "\n  -", 7)
@settings(max_examples=1000)
def test_entry_lines_are_the_patterns_lines(text, dash, start):
    start = min(start, len(text))
    assert entry_lines(ascii_codes(text), start, dash) == fastyaml._event_lines(text, start, dash)


def test_a_text_that_is_not_ascii_has_no_codes():
    assert ascii_codes("Алматы: protests") is None
    assert ascii_codes("Almaty: protests").tobytes() == b"Almaty: protests"


def test_the_colon_pattern_is_the_one_the_scan_stands_for():
    """If `_COLON_VALUE` changes, the scan's tables must change with it."""
    assert fastyaml._COLON_VALUE.pattern == r":(?:(?<=[\[{,\n]:)|(?<= :)|(?=[,\[\]{}]))"
    assert re.compile(fastyaml._COLON_VALUE.pattern).flags == fastyaml._COLON_VALUE.flags
