"""`kztimeline date PHRASE --published WHEN` resolves English and Russian phrases as the check does."""

import json

import pytest

from kztimeline.cli import main


def test_english_phrase_prints_window_precision_and_explanation(capsys):
    assert main(["date", "on Wednesday afternoon", "--published", "2022-01-06T07:35+05:30", "--place", "almaty"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "5 Jan 2022, afternoon"
    assert "2022-01-05T12:00:00+06:00 – 2022-01-05T18:00:00+06:00" in out
    assert "precision:   afternoon" in out and "the latest Wednesday on or before it" in out


def test_russian_phrase_as_json(capsys):
    assert main(["date", "в ночь на четверг", "--published", "2022-01-06T10:00+06:00", "--lang", "ru",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"start": "2022-01-05T18:00:00+06:00", "end": "2022-01-06T06:00:00+06:00", "precision": "night",
                    "explanation": data["explanation"]}
    assert data["explanation"].startswith("'в ночь на четверг' in the report of Thu 6 Jan 2022")


def test_place_in_another_zone_and_both_clocks_named(capsys):
    assert main(["date", "today", "--published", "2022-01-05T23:30+05:30", "--place", "Жаңаөзен", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["start"], data["end"]) == ("2022-01-05T00:00:00+05:00", "2022-01-06T00:00:00+05:00")
    assert "UTC+5:30" in data["explanation"] and "UTC+5)" in data["explanation"]


def test_chained_phrase_counts_from_after(capsys):
    assert main(["date", "Two days later", "--published", "2022-01-06", "--after", "2022-01-02", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["start"].startswith("2022-01-04T00:00")


def test_a_dateline_in_the_phrase(capsys):
    assert main(["date", "ALMATY, January 5. /TASS/", "--published", "2022-01-05T14:20+03:00", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["start"] == "2022-01-05T00:00:00+06:00" and "Almaty, UTC+6" in data["explanation"]


def test_a_run_of_days(capsys):
    assert main(["date", "с 2 по 5 января", "--published", "2022-01-06T10:00+06:00"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "2–5 Jan 2022"


@pytest.mark.parametrize("phrase", ["recently", "January 32", "9999"])
def test_unresolvable_phrase_exits_1(phrase, capsys):
    assert main(["date", phrase, "--published", "2022-01-06T07:35+05:30"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and f"cannot resolve '{phrase}'" in captured.err


@pytest.mark.parametrize("args, message", [
    (["--published", "yesterday"], "is not a date"),
    (["--published", "2022-01-06", "--place", "Atlantis"], "unknown place 'Atlantis'"),
    (["--published", "2022-01-06", "--writer-zone", "+25:00"], "is not a UTC offset"),
])
def test_bad_options_exit_2(args, message, capsys):
    assert main(["date", "today", *args]) == 2
    assert message in capsys.readouterr().err
