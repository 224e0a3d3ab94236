"""Relative date phrases resolve against a report's publication date, and windows keep their precision."""

from datetime import date, datetime

import pytest

from kztimeline.model.dates import Precision, describe_window, parse_offset, parse_when_value, window_for
from kztimeline.model.phrases import resolve_phrase

THURSDAY = date(2022, 1, 6)
ALMATY = parse_offset("+06:00")


@pytest.mark.parametrize("phrase, day, precision", [
    ("on Wednesday afternoon", date(2022, 1, 5), Precision.AFTERNOON),
    ("on Wednesday night", date(2022, 1, 5), Precision.NIGHT),
    ("early Thursday", date(2022, 1, 6), Precision.EARLY_MORNING),
    ("on Thursday", date(2022, 1, 6), Precision.DAY),
    ("today", date(2022, 1, 6), Precision.DAY),
    ("yesterday", date(2022, 1, 5), Precision.DAY),
    ("on Sunday", date(2022, 1, 2), Precision.DAY),
    ("for the fourth day in a row on Wednesday", date(2022, 1, 2), Precision.DAY),
    ("last August", date(2021, 8, 1), Precision.MONTH),
    ("till 2019", date(2019, 1, 1), Precision.YEAR),
    ("May 15, 1992", date(1992, 5, 15), Precision.DAY),
])
def test_phrase_resolves_against_publication(phrase, day, precision):
    resolution = resolve_phrase(phrase, THURSDAY)
    assert (resolution.day, resolution.precision) == (day, precision)


def test_unknown_phrase_does_not_resolve():
    assert resolve_phrase("recently", THURSDAY) is None


def test_explanation_names_phrase_report_and_result():
    text = resolve_phrase("on Wednesday afternoon", THURSDAY).explanation
    assert "'on Wednesday afternoon'" in text and "Thu 6 Jan 2022" in text and "Wed 5 Jan 2022, afternoon" in text


def test_part_of_day_window_is_local_and_aware():
    window = window_for(date(2022, 1, 5), Precision.AFTERNOON, ALMATY)
    assert window.start == datetime(2022, 1, 5, 12, tzinfo=ALMATY)
    assert window.end == datetime(2022, 1, 5, 18, tzinfo=ALMATY)
    assert not window.is_exact


def test_night_runs_into_the_next_morning():
    window = window_for(date(2022, 1, 5), Precision.NIGHT, ALMATY)
    assert window.end == datetime(2022, 1, 6, 6, tzinfo=ALMATY)


def test_by_gives_an_upper_bound_and_optional_lower_bound():
    window = window_for(date(2022, 1, 6), Precision.BY, ALMATY, not_before=date(2022, 1, 5))
    assert (window.start.day, window.end.day) == (5, 7)
    assert describe_window(window, ALMATY) == "by 6 Jan 2022"


def test_hour_precision_is_exact_and_labelled_with_offset():
    value = parse_when_value("2022-01-05T14:20+06:00")
    window = window_for(value, Precision.HOUR, ALMATY)
    assert window.is_exact and window.start.hour == 14 and window.start.minute == 0
    assert describe_window(window, ALMATY) == "5 Jan 2022, 14:00 (UTC+6)"


def test_span_label_and_days_in_the_events_own_zone():
    mangystau = parse_offset("+05:00")
    window = window_for(date(2022, 1, 5), Precision.DAY, mangystau, end=date(2022, 1, 19))
    assert window.is_span
    assert describe_window(window, ALMATY) == "5–19 Jan 2022"


@pytest.mark.parametrize("text", ["2022-13-05", "2022-02-30", "5 January", "2022-01-05T14:00"])
def test_bad_dates_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match=text):
        parse_when_value(text)
