"""Proposals: every date phrase in a passage (English and Russian), with its span and its resolution."""

from datetime import UTC, date, datetime, timedelta, timezone

from conftest import DATA

from kztimeline.geo.gazetteer import default_gazetteer
from kztimeline.model.phrases import resolve
from kztimeline.model.proposals import propose

ALMATY = timezone(timedelta(hours=6))


def _zone_of(city):
    entry = default_gazetteer().resolve(city)
    return entry.utc_offset if entry else None


def _proposed(name, published):
    text = (DATA / "sources" / name).read_text(encoding="utf-8")
    found = propose(text, published, place_tz=ALMATY, zone_of=_zone_of)
    for proposal in found:
        assert text[proposal.start:proposal.end] == proposal.phrase
    return {p.phrase: (p.resolution.day, str(p.resolution.precision)) for p in found}


def test_english_wire_report():
    found = _proposed("wire-2022-01-05-almaty.txt", datetime(2022, 1, 5, 9, 12, tzinfo=UTC))
    assert found == {
        "ALMATY, Jan 5 (Reuters) -": (date(2022, 1, 5), "day"),
        "on Wednesday": (date(2022, 1, 5), "day"),
        "on Sunday": (date(2022, 1, 2), "day"),
        "Two days later": (date(2022, 1, 7), "day"),  # counted from the dateline when no event is named
        "overnight": (date(2022, 1, 4), "night"),
        "A day earlier": (date(2022, 1, 4), "day"),
    }


def test_russian_report():
    found = _proposed("ru-2022-01-06-almaty.txt", datetime(2022, 1, 5, 22, 30, tzinfo=timezone(timedelta(hours=3))))
    assert found == {
        "АЛМАТЫ, 6 января. /ТАСС/.": (date(2022, 1, 6), "day"),
        "В ночь на четверг": (date(2022, 1, 5), "night"),
        "Накануне вечером": (date(2022, 1, 5), "evening"),
        "Сегодня утром": (date(2022, 1, 6), "morning"),
        "5 января 2022 года": (date(2022, 1, 5), "day"),
    }


def test_archived_report_phrases_are_proposed_whole():
    text = ("Things escalated as thousands of protesters swamped the streets of Kazakhstan for the fourth day in a "
            "row on Wednesday to oppose the rising price, and early Thursday the council met; the treaty of "
            "May 15, 1992 applies, as it did last August and on the night of January 5-6.")
    published = datetime(2022, 1, 6, 7, 35, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    found = propose(text, published, place_tz=ALMATY)
    assert [p.phrase for p in found] == ["for the fourth day in a row on Wednesday", "early Thursday",
                                         "May 15, 1992", "last August", "on the night of January 5-6"]


def test_a_proposal_is_what_the_resolver_says():
    published = datetime(2022, 1, 6, 10, tzinfo=ALMATY)
    (proposal,) = propose("Протестующие вышли на улицы в среду вечером.", published)
    assert proposal.resolution == resolve(proposal.phrase, published)


def test_text_without_dates_proposes_nothing():
    published = datetime(2022, 1, 6, tzinfo=ALMATY)
    assert propose("Kazakhstan exports oil and natural gas; now prices rise.", published) == []
