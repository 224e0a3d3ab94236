"""Reading YAML with the place of every value: lines and columns must survive however marks are stored."""

from kztimeline.model.yamlnodes import Mark, compose

TEXT = """\
title: Test
events:
  - id: first
    places: [almaty, baikonur]
    excerpts:
      - quote: "a quote"
  - id: second
"""


def test_every_value_keeps_its_line_and_column():
    doc = compose(TEXT).value
    assert doc.mark == Mark(1, 1)
    assert doc.at("title") == Mark(1, 8)
    events = doc["events"]
    assert events.mark == Mark(3, 3) and list(events.marks) == [Mark(3, 5), Mark(7, 5)]
    first = events[0]
    assert first.at("id") == Mark(3, 9) and first.key_marks["places"] == Mark(4, 5)
    assert list(first["places"].marks) == [Mark(4, 14), Mark(4, 22)]
    assert first["excerpts"][0].at("quote") == Mark(6, 16)
    assert events[1].at("missing") == events[1].mark == Mark(7, 5)


def test_duplicate_keys_are_reported_where_they_stand():
    errors = compose("a: 1\nb: 2\na: 3\n").errors
    assert errors == [(Mark(3, 1), "duplicate key 'a' (first given at line 1)")]


def test_an_alias_bomb_is_refused_by_counting_not_by_running_out_of_memory():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefghij", "abcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    result = compose("\n".join(lines) + "\ntitle: *j\n")
    assert result.value is None
    (mark, message), = result.errors
    assert "expand to more than 100,000 values" in message and mark.line == 6


def test_a_few_aliases_are_still_read():
    result = compose("a: &x [1, 2]\nb: *x\n")
    assert result.errors == [] and result.value["b"] == [1, 2]


def test_a_second_document_is_refused_at_its_separator():
    result = compose("title: one\n---\ntitle: two\n")
    assert result.value is None and result.errors[0][0] == Mark(2, 1)
    assert "more than one YAML document" in result.errors[0][1]


def test_nesting_is_capped():
    result = compose("a: " + "[" * 200 + "]" * 200 + "\n")
    assert result.value is None and "nested more than 64 levels" in result.errors[0][1]


def test_a_utc_offset_written_without_quotes_stays_text_not_base_60():
    assert compose("timezone: +6:00\nt: 05:30\nn: 360\n").value == {"timezone": "+6:00", "t": "05:30", "n": 360}


def test_merge_keys_are_refused_with_a_message_not_a_constructor_error():
    (mark, message), = compose("x: &x {a: 1}\ny: {<<: *x}\n").errors
    assert mark == Mark(2, 5) and "merge keys" in message
