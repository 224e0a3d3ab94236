"""Each broken variant of tests/data/minimal.yaml yields the right message at the right line."""

import re

import pytest

from conftest import DATA
from kztimeline.model import load_dataset

VARIANTS = sorted((DATA / "broken").glob("*.yaml"))


def test_the_corpus_is_large_enough():
    assert len(VARIANTS) >= 20


def test_the_minimal_dataset_itself_is_clean():
    result = load_dataset(DATA / "minimal.yaml")
    assert result.problems == []
    assert [e.id for e in result.dataset.events] == ["protests", "blackout"]
    assert result.dataset.event("protests").place_ids == ("almaty", "mangistau")  # Alma-Ata, Маңғыстау


@pytest.mark.parametrize("path", VARIANTS, ids=[p.stem for p in VARIANTS])
def test_broken_variant_is_reported_at_its_line(path):
    expect = re.search(r"^# expect: (\d+): (.+)$", path.read_text(encoding="utf-8"), re.M)
    line, message = int(expect.group(1)), expect.group(2)
    result = load_dataset(path)
    assert not result.ok
    found = [str(p) for p in result.problems]
    assert any(p.line == line and message in str(p) for p in result.problems), found
    assert all(str(p).startswith(f"{path}:") for p in result.problems)


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("places: [kazakhstan]", "places: [nowhere]").replace("precision: afternoon", "precision: x")
    path = tmp_path / "two.yaml"
    path.write_text(text.replace("../../resources", str(DATA.parent.parent / "resources")), encoding="utf-8")
    messages = [str(p) for p in load_dataset(path).problems]
    assert any("unknown place 'nowhere'" in m for m in messages)
    assert any("'x' is not a precision" in m for m in messages)


def test_closest_passage_is_shown_for_a_changed_quote():
    result = load_dataset(DATA / "broken" / "quote-changed.yaml")
    (problem,) = [p for p in result.problems if p.field and p.field.endswith("quote")]
    assert "closest passage" in problem.message and "on Wednesday afternoon" in problem.message
    assert "quote has 'Thursday', source has 'Wednesday'" in problem.message


@pytest.mark.parametrize(("text", "line", "words"), [
    ("title: x\nevents:\n  - id: a\n    title Protests here\n    date: 2022-01-05\n", 4, "':' is missing"),
    ("title: x\nevents:\n  - id: a\n    title: Protests: here\n", 4, "put the whole value in quotes"),
    ("title: x\nevents:\n\t- id: a\n", 3, "tab character"),
    ("title: x\nplaces: [a, b\ncategory: c\n", 2, "'[' opened on this line is not closed"),
    ("title: \"abc\n", 1, "quote opened on this line is never closed"),
    ("title: x\nevents:\n  - id: a\n    title: \"CSTO\" agrees\n    date: 1\n", 4, "after the closing quote"),
    ("title: x\nevents:\n  - id: a\n    title: t\n   date: 1\n", 5, "indented differently"),
    ("title: @x\n", 1, "put the value in quotes"),
])
def test_yaml_syntax_errors_in_plain_words_at_the_line_of_the_mistake(tmp_path, text, line, words):
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    (problem,) = load_dataset(path).problems
    assert problem.line == line and words in problem.message and "YAML syntax error" in problem.message


def _variant(tmp_path, old: str, new: str):
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "sources").mkdir()
    for source in (DATA / "sources").iterdir():
        (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    path = tmp_path / "events.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_dataset(path).problems


def test_a_place_the_gazetteer_knows_but_the_file_does_not_declare_says_to_add_it(tmp_path):
    (problem,) = _variant(tmp_path, "places: [kazakhstan]", "places: [Aktau]")
    assert "not declared under `places:`" in problem.message and "gazetteer:" in problem.message


def test_a_source_that_fails_is_one_problem_not_one_per_excerpt(tmp_path):
    problems = _variant(tmp_path, "published: 2022-01-06T07:35:00+05:30", "published: someday")
    assert len(problems) == 1 and "unknown source" not in problems[0].message, [str(p) for p in problems]


def test_an_unknown_place_suggests_a_declared_one(tmp_path):
    (problem,) = _variant(tmp_path, "places: [kazakhstan]", "places: [kazakhstn]")
    assert "did you mean" in problem.message and "kazakhstan" in problem.message, problem.message
