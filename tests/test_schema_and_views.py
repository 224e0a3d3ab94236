"""The JSON Schema of events.yaml agrees with the loader; citable views go from the window to a command and back."""

import argparse
import json
import shlex
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from kztimeline.cli import main
from kztimeline.model import eventparse, loader
from kztimeline.model.loader import load_dataset
from kztimeline.model.viewspec import ViewSpec, ViewSpecError, add_view_arguments, command_line
from kztimeline.resources import bundled_events, resource

DATA = Path(__file__).parent / "data"


class _TextDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2 core: a date is text)."""


_TextDates.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@pytest.fixture(scope="module")
def schema():
    return json.loads(resource("events.schema.json").read_text(encoding="utf-8"))


def _validate(schema, path):
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_schema_is_valid_and_the_bundled_dataset_and_fixtures_validate(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    _validate(schema, bundled_events())
    _validate(schema, DATA / "minimal.yaml")
    assert bundled_events().read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=resources/events.schema.json\n")


def test_schema_and_loader_agree_on_keys(schema):
    defs = schema["$defs"]
    pairs = [
        (schema, loader.TOP_KEYS, loader.TOP_REQUIRED),
        (schema["properties"]["period"], loader.PERIOD_KEYS, loader.PERIOD_REQUIRED),
        (defs["place"], loader.PLACE_KEYS, loader.PLACE_REQUIRED),
        (defs["source"], loader.SOURCE_KEYS, loader.SOURCE_REQUIRED),
        (defs["event"], eventparse.EVENT_KEYS, eventparse.EVENT_REQUIRED),
        (defs["excerpt"], eventparse.EXCERPT_KEYS, eventparse.EXCERPT_REQUIRED),
    ]
    for part, keys, required in pairs:
        assert set(part["properties"]) == set(keys)
        assert part["required"] == list(required)
    assert set(defs["place"]["properties"]["kind"]["enum"]) == set(loader.PLACE_KINDS)
    assert defs["event"]["properties"]["precision"]["enum"] == list(eventparse.PRECISIONS)


def test_schema_refuses_what_the_loader_refuses(schema):
    for name in ("missing-excerpts.yaml", "missing-title.yaml", "unknown-key-typo.yaml", "bad-precision.yaml"):
        with pytest.raises(jsonschema.ValidationError):
            _validate(schema, DATA / "broken" / name)


def test_schema_command_prints_it(capsys, schema):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema


def test_view_command_line_round_trip(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    data = load_dataset(tmp_path / "events.yaml").dataset
    start = ViewSpec.parse(None, "2022-01-04", "2022-01-08", None).time_range(data)
    line = command_line(Path("my events.yaml"), data, "blackout", start, ["almaty"])
    assert line == "kztimeline 'my events.yaml' --select blackout --from 2022-01-04 --to 2022-01-08 --places almaty"
    spec = ViewSpec.parse("blackout", "2022-01-04", "2022-01-08", "almaty")
    assert spec.check(data) == [] and spec.time_range(data) == start
    odd = ViewSpec.parse(None, "2022-01-05T14:30+06:00", "2022-01-05T18:00+06:00", None)
    assert "--from 2022-01-05T14:30+06:00 --to 2022-01-05T18:00+06:00" in command_line(
        None, data, None, odd.time_range(data))


def test_view_spec_problems_are_one_line_each(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    data = load_dataset(tmp_path / "events.yaml").dataset
    problems = ViewSpec.parse("blackou", "2022-01-08", "2022-01-04", "almati").check(data)
    assert any("did you mean 'blackout'" in p for p in problems)
    assert any("unknown place 'almati'" in p for p in problems)
    assert any("is not before" in p for p in problems)
    with pytest.raises(ViewSpecError, match="--from"):
        ViewSpec.parse(None, "yesterday", None, None)


def _minimal(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    return load_dataset(tmp_path / "events.yaml").dataset


def _read(line: str) -> tuple[Path | None, ViewSpec]:
    """A command line as `kztimeline` reads it (the same option declarations)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("events", nargs="?", type=Path)
    add_view_arguments(parser)
    words = shlex.split(line)
    assert words[0] == "kztimeline"
    args = parser.parse_args(words[1:])
    return args.events, ViewSpec.from_args(args)


def test_several_places_by_commas_or_by_repeating_the_option():
    assert ViewSpec.parse(None, None, None, "almaty, kazakhstan,,").places == ("almaty", "kazakhstan")
    assert ViewSpec.parse(None, None, None, ["almaty", "kazakhstan,almaty"]).places == ("almaty", "kazakhstan")
    assert _read("kztimeline --places almaty --places mangistau,kazakhstan")[1].places == (
        "almaty", "mangistau", "kazakhstan")


def test_a_view_with_several_places_round_trips_in_the_datasets_order(tmp_path):
    data = _minimal(tmp_path)
    shown = ViewSpec.parse(None, "2022-01-04", "2022-01-08", None).time_range(data)
    odd = ViewSpec.parse(None, "2022-01-05T14:30+06:00", "2022-01-05T18:00+06:00", None).time_range(data)
    for select, time_range, places in (("blackout", shown, {"kazakhstan", "almaty"}), (None, odd, ["mangistau"]),
                                       (None, None, ("kazakhstan", "mangistau", "almaty")), ("protests", None, ())):
        line = command_line(Path("my events.yaml"), data, select, time_range, places)
        spec = ViewSpec.of_view(data, select, time_range, places)
        assert _read(line) == (Path("my events.yaml"), spec)  # parse(format(spec)) == spec
        assert spec.places == tuple(p for p in data.places if p in set(places))  # the dataset's order
        assert spec.check(data) == [] and spec.time_range(data) == time_range
    line = command_line(None, data, None, None, ["kazakhstan", "almaty"])
    assert line == "kztimeline --places almaty,kazakhstan"


def test_unknown_places_are_named_with_the_close_ones(tmp_path):
    data = _minimal(tmp_path)
    problems = ViewSpec.parse(None, None, None, "almaty,almati,kazahstan,zzz").check(data)
    assert problems[0] == "--places: unknown place 'almati' (did you mean 'almaty'?)"
    assert problems[1] == "--places: unknown place 'kazahstan' (did you mean 'kazakhstan'?)"
    assert problems[2] == "--places: unknown place 'zzz' (known: almaty, mangistau, kazakhstan)"
    assert len(problems) == 3
    from dataclasses import replace

    from kztimeline.model.entities import Place

    near = replace(data, places={p: Place(p, p.title(), "city") for p in ("aktau", "aktobe", "almaty", "atyrau")})
    assert ViewSpec.parse(None, None, None, "aktab").check(near) == [
        "--places: unknown place 'aktab' (did you mean 'aktau' or 'aktobe'?)"]
