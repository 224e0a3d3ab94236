"""Exchange formats: every export is deterministic and valid for its own tools, and the round trips keep the data."""

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import fastkml
import geojson
import pytest

from kztimeline.cli import main
from kztimeline.exchange.formats import BY_NAME, FORMATS, format_for, write_format
from kztimeline.model.loader import load_dataset

DATA = Path(__file__).parent / "data"


@pytest.fixture
def folder(tmp_path):
    """A copy of tests/data/minimal.yaml with its sources, so exports can sit beside it."""
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    return tmp_path


@pytest.fixture
def minimal(folder):
    result = load_dataset(folder / "events.yaml")
    assert result.ok, result.problems
    return result.dataset


def _same_events(a, b, keys=("title", "window", "place_ids", "excerpts", "category", "context", "when")):
    first, second = {e.id: e for e in a.events}, {e.id: e for e in b.events}
    assert first.keys() == second.keys()
    for event_id, event in first.items():
        for key in keys:
            assert getattr(second[event_id], key) == getattr(event, key), (event_id, key)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_every_export_is_deterministic_and_atomic(minimal, folder, fmt):
    target = folder / f"out{fmt.suffixes[0]}"
    write_format(minimal, target, fmt)
    first = target.read_bytes()
    write_format(minimal, target, fmt)
    assert target.read_bytes() == first
    assert first.endswith(b"\n")
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_yaml_to_csv_to_yaml_keeps_every_event_window_place_and_excerpt(minimal, folder):
    write_format(minimal, folder / "events.csv", BY_NAME["csv"])
    back = load_dataset(folder / "events.csv")
    assert back.ok, back.problems
    _same_events(minimal, back.dataset)
    assert [p.id for p in back.dataset.places.values()] == list(minimal.places)
    assert all(x.match is not None for e in back.dataset.events for x in e.excerpts)  # verified again
    write_format(back.dataset, folder / "again.yaml", BY_NAME["yaml"])
    again = load_dataset(folder / "again.yaml")
    assert again.ok, again.problems
    _same_events(minimal, again.dataset)


def test_csv_keeps_acleds_columns(minimal, folder):
    write_format(minimal, folder / "events.csv", BY_NAME["csv"])
    with (folder / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(minimal.events)
    blackout = next(r for r in rows if r["kzt_id"] == "blackout")
    assert blackout["event_date"] == "2022-01-05" and blackout["time_precision"] == "1"
    assert blackout["location"] == "Kazakhstan" and blackout["source"] == "Republic World"
    assert "turned down internet connectivity" in blackout["notes"]


def test_a_broken_csv_row_is_named_by_its_line(minimal, folder):
    write_format(minimal, folder / "events.csv", BY_NAME["csv"])
    text = (folder / "events.csv").read_text(encoding="utf-8").replace("2022-01-02,2022-01-05", "2022-01-02,2022-01-35")
    (folder / "bad.csv").write_text(text, encoding="utf-8")
    result = load_dataset(folder / "bad.csv")
    assert not result.ok
    assert any(p.line >= 2 and p.field == "end" for p in result.problems), result.problems


def test_yaml_to_timelinejs_to_yaml_keeps_titles_dates_and_places(minimal, folder):
    write_format(minimal, folder / "events.timelinejs.json", BY_NAME["timelinejs"])
    back = load_dataset(folder / "events.timelinejs.json")
    assert back.ok, back.problems
    _same_events(minimal, back.dataset, keys=("title", "window", "place_ids", "context"))
    assert all(not e.verified and not e.excerpts for e in back.dataset.events)


def test_timelinejs_export_has_a_title_slide_and_a_slide_per_event(minimal, folder):
    write_format(minimal, folder / "t.timelinejs.json", BY_NAME["timelinejs"])
    doc = json.loads((folder / "t.timelinejs.json").read_text(encoding="utf-8"))
    assert doc["title"]["text"]["headline"] == "Minimal valid dataset"
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert slides.keys() == {"blackout", "protests"}
    blackout = slides["blackout"]
    assert blackout["display_date"] == "5 Jan 2022, afternoon"
    assert blackout["start_date"] == {"year": 2022, "month": 1, "day": 5, "hour": 12}
    assert blackout["group"] == "Kazakhstan"
    assert "turned down internet connectivity" in blackout["text"]["text"] and "Republic World" in \
        blackout["text"]["text"]
    assert slides["protests"]["end_date"] == {"year": 2022, "month": 1, "day": 5}


def test_geojson_is_valid_rfc7946(minimal, folder):
    write_format(minimal, folder / "e.geojson", BY_NAME["geojson"])
    collection = geojson.loads((folder / "e.geojson").read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    features = collection["features"]
    assert len(features) == sum(len(e.place_ids) for e in minimal.events)
    for feature in features:
        assert feature.is_valid
        props = feature["properties"]
        assert {"id", "title", "start", "end", "precision", "category", "sources", "excerpts"} <= props.keys()
        if feature["geometry"] is not None:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    almaty = next(f for f in features if f["properties"]["place"] == "almaty")
    assert almaty["geometry"]["coordinates"][0] == pytest.approx(76.9, abs=0.2)  # longitude first


def test_kml_parses_and_its_timespans_are_the_event_windows(minimal, folder):
    write_format(minimal, folder / "e.kml", BY_NAME["kml"])
    document = fastkml.KML.from_string((folder / "e.kml").read_bytes())
    doc = next(iter(document.features))
    placemarks = list(doc.features)
    windows = {e.id: e.window for e in minimal.events}
    assert placemarks
    for mark in placemarks:
        event_id = mark.id.split("@")[0]
        span = mark.times
        assert span.begin.dt == windows[event_id].start and span.end.dt == windows[event_id].end
    assert {s.id for s in doc.styles} >= {"category-protest", "category-communications"}


def test_kml_colours_are_abgr(minimal, folder):
    write_format(minimal, folder / "e.kml", BY_NAME["kml"])
    root = ET.parse(folder / "e.kml").getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    style = root.find(".//k:Style[@id='category-protest']/k:IconStyle/k:color", ns)
    assert style.text == "ff2827d6"  # #d62728


def test_annotation_selectors_are_found_again_in_the_archived_text(minimal, folder):
    write_format(minimal, folder / "a.jsonld", BY_NAME["annotations"])
    doc = json.loads((folder / "a.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld" and doc["type"] == "AnnotationCollection"
    items = doc["first"]["items"]
    assert len(items) == minimal.excerpt_count() == doc["total"]
    text = minimal.sources["rw"].text
    for item in items:
        target = item["target"]
        assert target["source"].startswith("urn:sha256:")
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[start - len(quote["prefix"]):start] == quote["prefix"]
        assert text[end:end + len(quote["suffix"])] == quote["suffix"]
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1


def test_csl_json_has_newspaper_articles(minimal, folder):
    write_format(minimal, folder / "s.csl.json", BY_NAME["csl"])
    items = json.loads((folder / "s.csl.json").read_text(encoding="utf-8"))
    assert items == [{
        "id": "rw", "type": "article-newspaper", "title": "Kazakhstan Prez calls protesters 'Terrorist Gangs'",
        "container-title": "Republic World", "issued": {"date-parts": [[2022, 1, 6]]},
        "note": items[0]["note"]}]
    assert "republicworld-2022-01-06-terrorist-gangs.txt" in items[0]["note"]


def test_a_file_with_only_warnings_is_exported_with_its_warnings_listed(folder, capsys):
    """`kztimeline check` said "ok … 1 warning above" for a two-word quote, yet `export`/`convert` said "1 problem(s)
    …; nothing written" (the PNG export and File → Export wrote it): a warning no longer stops a data export."""
    text = (folder / "events.yaml").read_text(encoding="utf-8")
    long_quote = "swamped the streets of Kazakhstan for the fourth day in a row on Wednesday"
    assert long_quote in text
    (folder / "events.yaml").write_text(text.replace(long_quote, "swamped the"), encoding="utf-8")
    assert load_dataset(folder / "events.yaml").warnings  # the case: a warning and no error
    assert main(["export", str(folder / "events.yaml"), "--output", str(folder / "e.geojson")]) == 0
    assert (folder / "e.geojson").is_file()
    err = capsys.readouterr().err
    assert "warning" in err and "nothing written" not in err
    (folder / "events.yaml").write_text(text.replace(long_quote, "not in the source at all here"), encoding="utf-8")
    assert main(["convert", str(folder / "events.yaml"), str(folder / "f.kml")]) == 2
    assert "1 problem(s)" in capsys.readouterr().err and not (folder / "f.kml").exists()


def test_format_from_name():
    assert format_for(Path("x.timelinejs.json")).name == "timelinejs"
    assert format_for(Path("x.csl.json")).name == "csl"
    assert format_for(Path("x.json")) is None
    assert format_for(Path("x.png")) is None


def test_cli_export_and_convert(folder, capsys):
    assert main(["export", str(folder / "events.yaml"), "--output", str(folder / "e.geojson")]) == 0
    assert main(["export", str(folder / "events.yaml"), "-o", str(folder / "e.txt"), "--format", "kml"]) == 0
    assert (folder / "e.txt").read_bytes().startswith(b"<?xml")
    assert main(["convert", str(folder / "events.yaml"), str(folder / "e.timelinejs.json")]) == 0
    assert main(["convert", str(folder / "e.timelinejs.json"), str(folder / "back.yaml")]) == 0
    out = capsys.readouterr().out
    assert "2 unverified" in out
    back = load_dataset(folder / "back.yaml")
    assert back.ok and [e.title for e in back.dataset.events] == [e.title for e in load_dataset(
        folder / "events.yaml").dataset.events]


def test_yaml_written_away_from_its_sources_warns(folder, tmp_path, capsys):
    away = tmp_path / "away"
    away.mkdir()
    assert main(["convert", str(folder / "events.yaml"), str(away / "e.yaml")]) == 0
    err = capsys.readouterr().err
    assert "warning: the archived sources of rw are outside" in err and err.count("\n") == 1
    assert main(["convert", str(folder / "events.yaml"), str(folder / "e.yaml")]) == 0
    assert capsys.readouterr().err == ""


def test_cli_convert_errors_are_one_line(folder, capsys):
    assert main(["convert", str(folder / "events.yaml"), str(folder / "out.unknown")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["convert", str(folder / "events.yaml"), str(folder / "missing" / "out.kml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err
    assert main(["convert", str(DATA / "timelinejs" / "cosmo.json"), str(folder / "c.yaml")]) == 2
    assert "cosmo.json:21:25: events[0].start_date.year: year -13800000000" in capsys.readouterr().err
    assert not (folder / "c.yaml").exists()
