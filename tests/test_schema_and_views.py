"""The JSON Schema of events.yaml agrees with the loader; citable views go from the window to a command and back."""

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from kztimeline.cli import main
from kztimeline.model import eventparse, loader
from kztimeline.model.loader import load_dataset
from kztimeline.model.viewspec import ViewSpec, ViewSpecError, command_line
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
    line = command_line(Path("my events.yaml"), data, "blackout", start, "almaty")
    assert line == "kztimeline 'my events.yaml' --select blackout --from 2022-01-04 --to 2022-01-08 --places almaty"
    spec = ViewSpec.parse("blackout", "2022-01-04", "2022-01-08", "almaty")
    assert spec.check(data) == [] and spec.time_range(data) == start
    odd = ViewSpec.parse(None, "2022-01-05T14:30+06:00", "2022-01-05T18:00+06:00", None)
    assert "--from 2022-01-05T14:30+06:00 --to 2022-01-05T18:00+06:00" in command_line(
        None, data, None, odd.time_range(data), None)


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
