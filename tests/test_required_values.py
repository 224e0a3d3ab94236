"""A required key set to null is an error at its line, never silently dropped; coordinates must be possible."""

from __future__ import annotations

import pytest

from kztimeline.model import load_dataset

from conftest import DATA

TEMPLATE = (DATA / "minimal.yaml").read_text(encoding="utf-8")


def _load(tmp_path, old: str, new: str):
    assert old in TEMPLATE
    (tmp_path / "sources").mkdir()
    for source in (DATA / "sources").iterdir():
        (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    path = tmp_path / "events.yaml"
    path.write_text(TEMPLATE.replace(old, new, 1), encoding="utf-8")
    return load_dataset(path)


def _line_of(text: str) -> int:
    return TEMPLATE[: TEMPLATE.index(text)].count("\n") + 1


@pytest.mark.parametrize("old, new, field", [
    ("title: Minimal valid dataset", "title:", "title"),
    ("  - id: blackout", "  - id:", "id"),
    ("    places: [kazakhstan]", "    places: ~", "places"),
    ("        quote: turned down", "        quote: null #", "excerpts[0].quote"),
    ("    excerpts:\n      - source: rw\n        quote: turned down internet connectivity on Wednesday afternoon\n",
     "    excerpts: null\n", "excerpts"),
])
def test_a_null_required_value_is_reported_at_its_line(tmp_path, old, new, field):
    result = _load(tmp_path, old, new)
    assert not result.ok
    null = [p for p in result.problems if "has no value (null)" in p.message]
    assert null and null[0].line == _line_of(old.lstrip("\n")) and (null[0].field or "").endswith(field)


def test_null_events_are_an_error_not_zero_events(tmp_path):
    head = TEMPLATE[: TEMPLATE.index("events:")]
    (tmp_path / "events.yaml").write_text(head + "events:\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    result = load_dataset(tmp_path / "events.yaml")
    assert any("'events' has no value (null)" in p.message for p in result.problems)


@pytest.mark.parametrize("coordinates, message", [
    ("lat: 999, lon: 76.9", "999 is not a latitude"),
    ("lat: .nan, lon: 76.9", "nan is not a latitude"),
    ("lat: 43.2, lon: -.inf", "-inf is not a longitude"),
])
def test_impossible_coordinates_are_refused(tmp_path, coordinates, message):
    result = _load(tmp_path, "{id: almaty, name: Almaty, kind: city}",
                   f"{{id: almaty, name: Almaty, kind: city, {coordinates}}}")
    assert any(message in p.message and p.line == 7 for p in result.problems), result.problems
