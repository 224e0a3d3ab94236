"""Limits are stated, enforced, and changed for one run with --limit NAME=VALUE."""

from __future__ import annotations

import pytest

from kztimeline.cli import main
from kztimeline.model import load_dataset
from kztimeline.model.limits import DEFAULT_LIMITS

from conftest import DATA

MINIMAL = DATA / "minimal.yaml"  # two events, 1.1 KB


def test_a_yaml_file_with_more_events_than_allowed_is_refused_at_its_events_key(capsys):
    assert main(["check", str(MINIMAL), "--limit", "max-rows=1"]) == 1
    out = capsys.readouterr().out
    assert f"{MINIMAL}:17:3: events: the file has 2 events, more than the limit of 1" in out
    assert "--limit max-rows=N" in out


def test_a_file_over_the_size_limit_is_refused_before_reading(capsys):
    assert main(["check", str(MINIMAL), "--limit", "max-file-bytes=100"]) == 1
    out = capsys.readouterr().out
    assert "over the limit of 100 bytes" in out and "--limit max-file-bytes=SIZE" in out


def test_raising_a_limit_lets_the_file_through(capsys):
    assert main(["check", str(MINIMAL), "--limit", "max-rows=2", "--limit", "max-file-bytes=1M"]) == 0


@pytest.mark.parametrize("setting, message", [
    ("max-rows=x", "limit 'max-rows': 'x' is not a positive number"),
    ("max-rows", "expected NAME=VALUE"),
    ("speed=9", "unknown limit 'speed'"),
])
def test_a_wrong_limit_is_a_usage_error(capsys, setting, message):
    with pytest.raises(SystemExit) as exited:
        main(["check", str(MINIMAL), "--limit", setting])
    assert exited.value.code == 2 and message in capsys.readouterr().err


def test_export_and_convert_take_limits_too(capsys, tmp_path):
    assert main(["export", str(MINIMAL), "--output", str(tmp_path / "x.png"), "--limit", "max-rows=1"]) != 0
    first = capsys.readouterr()
    assert main(["convert", str(MINIMAL), str(tmp_path / "x.geojson"), "--limit", "max-rows=1"]) != 0
    second = capsys.readouterr()
    for printed in (first, second):
        assert "more than the limit of 1" in printed.out + printed.err
    assert not list(tmp_path.iterdir())


def test_the_loader_takes_limits():
    assert load_dataset(MINIMAL).ok
    assert not load_dataset(MINIMAL, limits=DEFAULT_LIMITS.override("max-rows", "1")).ok
