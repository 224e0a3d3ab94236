"""Knight Lab's own TimelineJS3 example files open; what kztimeline cannot show is refused with a located message."""

import shutil
from pathlib import Path

from kztimeline.cli import main
from kztimeline.model.dates import Precision
from kztimeline.model.loader import load_dataset
from kztimeline.model.timelinejs import plain_text

EXAMPLES = Path(__file__).parent / "data" / "timelinejs"


def test_welcome_example_opens_with_groups_as_places_and_hour_minute_dates():
    result = load_dataset(EXAMPLES / "welcome.json")
    assert result.ok, result.problems
    data = result.dataset
    assert data.title == "Welcome to TimelineJS"
    assert {"hello", "goodbye", "yo"} <= set(data.places)
    assert all(p.kind == "other" for p in data.places.values())  # groups are lanes, not locations
    flickr = data.event("flickr")
    assert flickr.window.precision is Precision.MINUTE
    assert (flickr.start.year, flickr.start.month, flickr.start.day, flickr.start.hour, flickr.start.minute) == \
        (1985, 1, 5, 6, 45)
    # empty strings for missing parts: a year alone is a year
    easy = data.event("it-s-easy-to-make-your-own-timeline")
    assert easy.window.precision is Precision.YEAR and easy.place_ids == ("hello",)
    # HTML as plain text, media kept as a URL
    assert "<a" not in easy.notes and "generator tool" in easy.notes
    assert easy.media == "http://timeline.knightlab.com/static/welcome/step3.png"
    # nothing is verified: no archived source text
    assert all(not e.verified and not e.excerpts for e in data.events)
    # the period is derived from the data
    assert data.period.start.year == min(e.start.year for e in data.events)


def test_eras_example_opens_with_its_eras():
    result = load_dataset(EXAMPLES / "eras.json")
    assert result.ok, result.problems
    data = result.dataset
    eras = [e for e in data.events if e.category == "era"]
    assert len(eras) == 3 and all(e.place_ids == ("eras",) for e in eras)
    war = data.event("last-great-roman-persian-war")
    assert war.window.is_span and war.start.year == 602 and war.window.end.year == 630
    assert war.media == "https://en.wikipedia.org/wiki/Roman-Persian_Wars"


def test_dates_before_year_one_are_a_located_error():
    result = load_dataset(EXAMPLES / "cosmo.json")
    assert result.dataset is None
    first = str(result.problems[0])
    assert first.startswith(str(EXAMPLES / "cosmo.json") + ":21:25: events[0].start_date.year: year -13800000000")
    assert "years 1 to 9999" in first


def test_timelinejs_v2_is_refused_by_name(tmp_path):
    result = load_dataset(EXAMPLES / "v2.json")
    assert result.dataset is None and len(result.problems) == 1
    message = str(result.problems[0])
    assert "TimelineJS v2 format" in message and ":2:" in message


def test_not_json_and_no_events_are_one_line_each(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": [\n  {"start_date": {"year": "2022"},}\n]}', encoding="utf-8")
    result = load_dataset(bad)
    assert result.dataset is None and "not valid JSON" in str(result.problems[0]) and ":2:" in str(result.problems[0])
    empty = tmp_path / "empty.json"
    empty.write_text('{"title": {"text": {"headline": "x"}}}', encoding="utf-8")
    assert "expected an \"events\" list" in str(load_dataset(empty).problems[0])


def test_impossible_and_missing_dates_are_located(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"events": [\n {"start_date": {"year": "2022", "month": "2", "day": "30"}, "text": {}},\n'
                    ' {"text": {"headline": "no date"}},\n'
                    ' {"start_date": {"year": "2022", "month": "1", "day": "5"}, "text": {"headline": "ok"}}\n]}',
                    encoding="utf-8")
    result = load_dataset(path)
    lines = sorted(p.line for p in result.problems)
    assert lines == [2, 3], result.problems


def test_plain_text():
    assert plain_text("<p>A &amp; B</p><p>C<br>D</p>") == "A & B\n\nC\nD"


def test_check_reports_unverified_events(capsys):
    assert main(["check", str(EXAMPLES / "eras.json")]) == 1
    captured = capsys.readouterr()
    assert captured.out.count("unverified: no excerpt") == 23
    assert "23 of 23 events unverified" in captured.err
    assert main(["check", "--allow-unverified", str(EXAMPLES / "eras.json")]) == 0
    assert "23 events UNVERIFIED" in capsys.readouterr().out


def test_unverified_and_excerpts_together_are_an_error(tmp_path):
    text = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    title: Internet blackout\n", "    title: Internet blackout\n    unverified: imported\n")
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(Path(__file__).parent / "data" / "sources", tmp_path / "sources")
    result = load_dataset(path)
    assert [p.field for p in result.problems] == ["unverified"]
