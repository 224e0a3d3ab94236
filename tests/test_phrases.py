"""The date-phrase resolver against a table of phrases from reports of January 2022 (tests/data/phrases.txt)."""

from datetime import date, datetime, time, timedelta, timezone

import pytest
from conftest import DATA

from kztimeline.geo.gazetteer import default_gazetteer
from kztimeline.model.dates import Precision, parse_when_value
from kztimeline.model.phrases import Anchor, Dateline, disagreement, find_datelines, resolve, short


def _zone_of(city: str) -> timezone | None:
    entry = default_gazetteer().resolve(city)
    return entry.utc_offset if entry else None


def _rows():
    rows = []
    for number, line in enumerate((DATA / "phrases.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        phrase, published, place, start, end, precision, *extras = [cell.strip() for cell in line.split(" | ")]
        rows.append(pytest.param(phrase, published, place, start, end, precision,
                                 dict(extra.split("=", 1) for extra in extras), id=f"{number}:{phrase}"))
    return rows


ROWS = _rows()


def _local(text: str, tz: timezone) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value


def test_the_table_is_large_enough_and_bilingual():
    assert len(ROWS) >= 150
    cyrillic = [row for row in ROWS if any("\u0400" <= c <= "\u04ff" for c in row.values[0])]
    assert len(cyrillic) >= 40


@pytest.mark.parametrize("phrase, published, place, start, end, precision, extras", ROWS)
def test_phrase_resolves_to_its_window(phrase, published, place, start, end, precision, extras):
    place_tz = _zone_of(place)
    assert place_tz is not None, place
    anchor = None
    if "after" in extras:
        day = date.fromisoformat(extras["after"])
        anchor = Anchor(day, f"the other event ({short(day)})")
    dateline = None
    if "dateline" in extras:
        city, _, day_text = extras["dateline"].partition(",")
        dateline = Dateline(0, 0, city.strip(), day_text.strip())
    found = resolve(phrase, parse_when_value(published), place_tz=place_tz, lang=extras.get("lang"),
                    anchor=anchor, zone_of=_zone_of, dateline=dateline)
    assert found is not None, f"{phrase!r} did not resolve"
    got = (found.start, found.end, str(found.precision))
    assert got == (_local(start, place_tz), _local(end, place_tz), precision), found.explanation
    assert found.explanation.startswith(f"'{phrase}'")


@pytest.mark.parametrize("phrase", [
    "January 32", "February 30, 2022", "30.02.2022", "2022-13-05", "year 0000", "in 0000", "9999", "in 9999",
    "the 45th", "recently", "", "   ", "in due course", "some time ago", "32 января", "на днях", "x" * 1000,
    "January 5-3", "on the night of January 5-9",
])
def test_odd_phrases_give_none_and_never_raise(phrase):
    assert resolve(phrase, datetime(2022, 1, 6, 7, 35, tzinfo=timezone(timedelta(hours=5, minutes=30)))) is None


def test_a_naive_publication_time_gives_none():
    assert resolve("today", datetime(2022, 1, 6, 7, 35)) is None


def test_explanation_names_both_clocks_when_they_differ():
    ist, almaty = timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=6))
    found = resolve("today", datetime(2022, 1, 5, 23, 30, tzinfo=ist), place_tz=almaty)
    assert found.day == date(2022, 1, 5)
    assert "UTC+5:30" in found.explanation and "UTC+6" in found.explanation
    assert "already 00:00 Thu 6 Jan 2022 at the event" in found.explanation
    same = resolve("today", datetime(2022, 1, 6, 10, tzinfo=almaty), place_tz=almaty)
    assert "clock" not in same.explanation


def test_the_dateline_city_sets_the_writers_clock():
    moscow = timezone(timedelta(hours=3))
    published = datetime(2022, 1, 5, 22, 30, tzinfo=moscow)  # already 01:30 on 6 January in Almaty
    found = resolve("ALMATY, Jan 6 (Reuters) - Protesters stormed the mayor's office today", published,
                    zone_of=_zone_of)
    assert found.day == date(2022, 1, 6) and "Almaty, UTC+6" in found.explanation
    assert resolve("today", published).day == date(2022, 1, 5)


def test_explanations_say_how_a_run_and_a_chain_resolve():
    published = datetime(2022, 1, 6, 7, 35, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    run = resolve("for the fourth day in a row on Wednesday", published)
    assert "Wed 5 Jan 2022" in run.explanation and "was day 4, so it began Sun 2 Jan 2022" in run.explanation
    assert run.open_end and (run.day, run.last_day) == (date(2022, 1, 2), date(2022, 1, 5))
    chain = resolve("two days later", published, anchor=Anchor(date(2022, 1, 2), "event 'protests-begin'"))
    assert chain.anchored and "2 days after event 'protests-begin'" in chain.explanation


def test_kazakh_names_need_no_lang_and_english_never_imports_dateparser():
    import subprocess
    import sys

    code = ("import sys; from datetime import datetime, timezone; from kztimeline.model.phrases import resolve;"
            "p = datetime(2022, 1, 6, tzinfo=timezone.utc);"
            "assert resolve('on Wednesday afternoon', p) and resolve('5 января', p) and not resolve('recently', p);"
            "assert not [m for m in sys.modules if m.startswith('dateparser')];"
            "assert resolve('5 қаңтар', p).day.day == 5; assert 'dateparser' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_datelines_are_found_at_the_start_of_lines_only():
    text = ("ALMATY, Jan 5 (Reuters) - Kazakhstan's government resigned.\n"
            "He told Reuters (Reuters) nothing.\nАЛМАТЫ, 5 января. /ТАСС/. Текст.\n")
    found = find_datelines(text)
    assert [(d.city, d.date_text) for d in found] == [("ALMATY", "Jan 5"), ("АЛМАТЫ", "5 января")]


def test_publication_known_only_to_the_day_keeps_its_day():
    ist = timezone(timedelta(hours=5, minutes=30))
    published = datetime.combine(date(2022, 1, 6), time(0), ist)
    found = resolve("yesterday", published, place_tz=timezone(timedelta(hours=5)),
                    published_precision=Precision.DAY)
    assert found.day == date(2022, 1, 5)


def test_an_events_date_agrees_with_its_phrase_only_as_precisely_as_the_phrase_allows():
    almaty = timezone(timedelta(hours=6))
    published = datetime(2022, 1, 6, 10, tzinfo=almaty)
    weekend = resolve("over the weekend", published, place_tz=almaty)
    assert disagreement(weekend, date(2022, 1, 2), Precision.DAY) is None
    assert disagreement(weekend, date(2022, 1, 1), Precision.DAY, end=date(2022, 1, 2)) is None
    assert disagreement(weekend, date(2022, 1, 3), Precision.DAY)[0] == "date"
    assert disagreement(weekend, date(2022, 1, 1), Precision.AFTERNOON)[0] == "precision"
    assert disagreement(weekend, date(2022, 1, 1), Precision.DAY, end=date(2022, 1, 5))[0] == "end"
    august = resolve("last August", published, place_tz=almaty)
    assert disagreement(august, date(2021, 8, 1), Precision.MONTH) is None
    assert disagreement(august, date(2021, 8, 31), Precision.BY) is None
    assert disagreement(august, date(2021, 8, 1), Precision.DAY)[0] == "precision"
    afternoon = resolve("on Wednesday afternoon", published, place_tz=almaty)
    assert disagreement(afternoon, datetime(2022, 1, 5, 14, 20, tzinfo=almaty), Precision.MINUTE) is None
    assert disagreement(afternoon, datetime(2022, 1, 5, 19, 0, tzinfo=almaty), Precision.MINUTE)[0] == "date"
    assert disagreement(afternoon, date(2022, 1, 5), Precision.BY) is None
    assert disagreement(afternoon, date(2022, 1, 5), Precision.EVENING)[0] == "precision"
