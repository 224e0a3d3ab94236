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
