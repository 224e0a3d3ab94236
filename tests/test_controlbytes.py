"""`textfile._holds_controls` finds in UTF-8 what the CONTROL regex finds in the decoded text; what it finds is
located on its line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kztimeline.model import load_dataset
from kztimeline.model.textfile import CONTROL, _holds_controls

from conftest import DATA

_ALPHABET = st.sampled_from(["a", " ", "\n", "\t", "\r", "é", "“", "Ж", "\x00", "\x07", "\x1f", "\x7f", "\x85",
                             "\x9f", "\xa0", "\u202a", "\u202e", "\u2066", "\u2069", "\ufdd0", "\ufdef", "\ufeff",
                             "\ufffe", "\uffff", "\U0001f600"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_ALPHABET, max_size=20).map("".join))
def test_controls_are_found_in_the_bytes_as_in_the_text(text):
    assert _holds_controls(text.encode("utf-8")) == (CONTROL.search(text) is not None)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_control_character_is_located_on_its_line_whatever_ends_the_lines(tmp_path, ending):
    """YAML (and the csv module) end a line at a lone CR too: a file saved with old Mac line ends is read so, and its
    problems are located so."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    lines = text.replace("Internet blackout", "Internet\x00blackout").split("\n")
    line = next(number for number, content in enumerate(lines, 1) if "\x00" in content)
    path = tmp_path / "events.yaml"
    path.write_bytes(ending.join(lines).encode("utf-8"))
    [problem] = load_dataset(path).problems
    assert (problem.line, problem.column) == (line, lines[line - 1].index("\x00") + 1)
    assert "U+0000 (NUL)" in problem.message
