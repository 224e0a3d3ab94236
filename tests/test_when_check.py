"""`when:` in events files: a date comes from a phrase that resolves and agrees, or is set by hand; a note only
explains. Checked on tests/data/dates.yaml (two fixture reports, English and Russian) and variants of it."""

import pytest
from conftest import DATA

from kztimeline.cli import main
from kztimeline.model import load_dataset

FIXTURE = DATA / "dates.yaml"


def _variant(tmp_path, old, new, source=None):
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text, old
    (tmp_path / "sources").mkdir()
    for path in (DATA / "sources").iterdir():
        (tmp_path / "sources" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    if source:
        name, before, after = source
        path = tmp_path / "sources" / name
        path.write_text(path.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
    path = tmp_path / "dates.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_dataset(path)


def test_the_fixture_checks_clean_and_every_phrase_date_was_resolved():
    result = load_dataset(FIXTURE)
    assert result.problems == []
    data = result.dataset
    resolved = {e.id for e in data.events if e.when.resolved}
    assert resolved == {e.id for e in data.events} - {"emergency-two-weeks"}
    manual = data.event("emergency-two-weeks").when
    assert manual.manual and not manual.resolved and "not when it ends" in manual.note


def test_check_summary_counts_phrase_and_hand_dates(capsys):
    assert main(["check", str(FIXTURE)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.endswith("9 dates resolved from phrases, 1 set by hand"), line


def test_chains_count_from_the_event_named_by_after_or_from_the_dateline():
    data = load_dataset(FIXTURE).dataset
    explanation = data.event("protests-reach-almaty").when.explanation
    assert "2 days after event 'protests-begin' (Sun 2 Jan 2022)" in explanation
    assert "1 day before the dateline (Wed 5 Jan 2022)" in data.event("detentions-in-capital").when.explanation
    assert "1 day before the dateline (Thu 6 Jan 2022)" in data.event("akimat-seized").when.explanation


def test_the_dateline_city_is_the_writers_clock():
    data = load_dataset(FIXTURE).dataset
    explanation = data.event("security-forces-in-centre").when.explanation
    assert "the dateline's clock (Алматы, UTC+6), published 01:30 Thu 6 Jan 2022" in explanation


def test_without_the_dateline_the_outlets_clock_counts(tmp_path):
    # Published at 22:30 in Moscow: without its dateline, "Сегодня утром" is 5 January on the outlet's clock.
    result = _variant(tmp_path, "title: Dates from phrases", "title: Dates from phrases",
                      source=("ru-2022-01-06-almaty.txt", "АЛМАТЫ, 6 января. /ТАСС/. ", ""))
    messages = [str(p) for p in result.problems]
    assert any("event 'security-forces-in-centre'" in m and "2022-01-06 does not match" in m for m in messages), \
        messages


def test_a_note_does_not_make_a_wrong_date_pass(tmp_path):
    result = _variant(tmp_path, "    date: 2022-01-05\n    when: {phrase: \"On  Wednesday\", source: wire}",
                      "    date: 2022-01-04\n"
                      "    when: {phrase: \"On  Wednesday\", source: wire, note: It was Tuesday.}")
    (problem,) = result.problems
    assert problem.event_id == "government-resigns" and problem.field == "date"
    assert "2022-01-04 does not match its source phrase" in problem.message
    assert "'On  Wednesday' in the report of Wed 5 Jan 2022" in problem.message


@pytest.mark.parametrize("old, new, field, message", [
    ("precision: evening\n    when: {phrase: накануне", "precision: afternoon\n    when: {phrase: накануне",
     "precision", "'afternoon' does not match its source phrase"),
    ("date: 2022-01-04\n    when: {phrase: Two days later", "date: 2022-01-03\n    when: {phrase: Two days later",
     "date", "2022-01-03 does not match its source phrase"),
    ("after: protests-begin", "after: protests-began", "when.after", "unknown event 'protests-began'"),
    ("end: 2022-01-19\n    when: {phrase: 5 января",
     "end: 2022-01-19\n    precision: morning\n    when: {phrase: 5 января",
     "precision", "'morning' does not match its source phrase, which gives the whole day"),
    ("when: {source: wire, manual: true, note: The report gives the length of the emergency but not when it ends.}",
     "when: {source: wire, note: The report gives the length of the emergency but not when it ends.}",
     "when", "no phrase to check the date against"),
    ("when: {source: wire, manual: true, note: The report gives the length of the emergency but not when it ends.}",
     "when: {source: wire, manual: true}", "when.manual", "manual: true needs a note"),
    ("when: {phrase: overnight, source: wire}", "when: {phrase: stun grenades, source: wire}", "when.phrase",
     "cannot resolve 'stun grenades' to a date"),
    ("when: {phrase: overnight, source: wire}", "when: {phrase: at night, source: wire}", "when.phrase",
     "phrase 'at night' does not stand in source 'wire'"),
])
def test_a_wrong_date_is_reported_at_its_field(tmp_path, old, new, field, message):
    result = _variant(tmp_path, old, new)
    found = [p for p in result.problems if p.field == field and message in p.message]
    assert found, [str(p) for p in result.problems]
    assert all(p.line > 0 and p.column > 0 for p in found)


def test_an_unresolvable_phrase_may_be_kept_when_the_date_is_set_by_hand(tmp_path):
    result = _variant(tmp_path, "when: {phrase: overnight, source: wire}",
                      "when: {phrase: stun grenades, source: wire, manual: true, note: From the paragraph's order.}")
    assert result.problems == []
    when = result.dataset.event("tear-gas").when
    assert when.manual and not when.resolved and when.phrase == "stun grenades"


def test_a_phrase_that_resolves_is_checked_even_when_marked_manual(tmp_path):
    result = _variant(tmp_path, "    date: 2022-01-05\n    when: {phrase: \"On  Wednesday\", source: wire}",
                      "    date: 2022-01-03\n    when: {phrase: on wednesday, source: wire, manual: true, note: x}")
    assert any("2022-01-03 does not match its source phrase" in str(p) for p in result.problems)
