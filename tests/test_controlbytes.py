"""`textfile._holds_controls` finds in UTF-8 what the CONTROL regex finds in the decoded text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kztimeline.model.textfile import CONTROL, _holds_controls

_ALPHABET = st.sampled_from(["a", " ", "\n", "\t", "\r", "é", "“", "Ж", "\x00", "\x07", "\x1f", "\x7f", "\x85",
                             "\x9f", "\xa0", "\u202a", "\u202e", "\u2066", "\u2069", "\ufdd0", "\ufdef", "\ufeff",
                             "\ufffe", "\uffff", "\U0001f600"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_ALPHABET, max_size=20).map("".join))
def test_controls_are_found_in_the_bytes_as_in_the_text(text):
    assert _holds_controls(text.encode("utf-8")) == (CONTROL.search(text) is not None)
