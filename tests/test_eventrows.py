"""The fast first load's events (`eventrows.PartsEvents`): the same events, titles, ids and search texts as the rows
the cache keeps of them."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kztimeline.model.eventrows import PartsEvents
from kztimeline.model.lazyevents import LazyEvents, encode_rows
from kztimeline.model.loader import load_dataset
from kztimeline.model.synth import write_synth


def test_a_fast_load_keeps_its_events_as_parts_that_encode_to_the_same_rows(tmp_path):
    path = write_synth(400, tmp_path / "events.yaml", places=6)
    dataset = load_dataset(path, cache=False).dataset
    assert dataset is not None
    events = dataset.events
    assert isinstance(events, PartsEvents)
    rows = LazyEvents(*encode_rows(events))
    assert rows == events and list(events) == list(rows)
    names = {p.id: p.name for p in dataset.places.values()}
    assert events.search_texts(names) == rows.search_texts(names)
    assert events.search_texts(names, 10, 20) == rows.search_texts(names)[10:20]
    assert events.ids() == rows.ids() == [e.id for e in events]
    assert [events.title_at(i) for i in range(len(events))] == [e.title for e in rows]
    starts = [e.start for e in events]
    assert starts == sorted(starts)
    assert events.event_by_id(events.ids()[7]) is events[7]


def test_no_events_make_empty_rows(tmp_path):
    path = write_synth(0, tmp_path / "events.yaml", places=5)
    dataset = load_dataset(path, cache=False).dataset
    assert dataset is not None and len(dataset.events) == 0
    blob, offsets = encode_rows(dataset.events)
    assert len(LazyEvents(blob, offsets)) == 0 and np.array_equal(offsets, [len(blob)])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1_ -—'\u00e9\u0416\t\n.,")), max_size=30))
def test_the_regex_that_finds_enough_words_never_passes_a_short_quote(quote):
    from kztimeline.model.excerpts import short_quote
    from kztimeline.model.fastevents import _ENOUGH_WORDS

    if _ENOUGH_WORDS(quote):
        assert short_quote(quote) is None
