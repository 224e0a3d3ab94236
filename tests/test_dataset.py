"""The bundled dataset loads clean and says on whose word each event stands.

These tests read the frozen copy in tests/data/frozen, so that events a user adds to events.yaml do not break them.
"""

from conftest import FROZEN_EVENTS
from kztimeline.model import load_dataset


def _bundled():
    result = load_dataset(FROZEN_EVENTS)
    assert result.problems == []
    return result.dataset


def test_bundled_dataset_loads_clean_with_every_excerpt_verified():
    data = _bundled()
    assert len(data.timeline_events) >= 15
    assert all(x.match is not None for e in data.events for x in e.excerpts)
    assert {"republicworld", "indianarrative"} <= set(data.sources)
    assert list(data.places) == ["almaty", "mangistau", "baikonur", "kazakhstan", "international"]


def test_excerpt_offsets_point_at_the_quote_in_the_archived_text():
    data = _bundled()
    event = data.event("internet-blackout")
    excerpt = event.excerpts[0]
    text = data.sources[excerpt.source_id].text
    assert text[excerpt.match.start:excerpt.match.end].startswith("Kazakhstan is now experiencing")
    assert text[excerpt.match.start:excerpt.match.end].endswith("on Wednesday afternoon.")


def test_aircraft_disagreement_is_recorded_with_both_quotes():
    event = _bundled().event("almaty-airport-attacked")
    assert event.conflicts and set(event.conflicts[0].source_ids) == {"republicworld", "indianarrative"}
    quotes = " ".join(x.quote for x in event.excerpts)
    assert "even included planes" in quotes and "about five aircraft" in quotes


def test_relative_dates_are_resolved_against_publication():
    data = _bundled()
    tz = data.period.tz
    assert data.event("internet-blackout").date_label(tz) == "5 Jan 2022, afternoon"
    assert data.event("lpg-price-protests").date_label(tz) == "2–5 Jan 2022"
    assert "began Sun 2 Jan 2022" in data.event("lpg-price-protests").when.explanation
    assert data.event("security-council-meeting").date_label(tz) == "6 Jan 2022, early morning"
    assert data.event("state-of-emergency").window.start.utcoffset().total_seconds() == 5 * 3600  # Mangystau time


def test_background_events_are_kept_outside_the_january_view():
    data = _bundled()
    context = [e for e in data.events if e.context]
    assert {e.id for e in context} >= {"collective-security-treaty-signed", "nazarbayev-rule-ends"}
    assert all(e not in data.timeline_events for e in context)


def test_events_are_sorted_in_time_and_places_resolve_from_any_spelling():
    data = _bundled()
    starts = [e.start for e in data.timeline_events]
    assert starts == sorted(starts)
    assert data.places["mangistau"].kind == "region"
    assert round(data.places["mangistau"].lat, 1) == 43.7  # the region's centre, Aktau
