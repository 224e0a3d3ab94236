"""An event as a citation a journalist can paste: what happened, when, where, and on whose word, verbatim."""

from __future__ import annotations

from .entities import Dataset, Event


def event_citation(dataset: Dataset, event: Event) -> str:
    """Title, date and places on the first line; then each excerpt, quoted, with its outlet, title, author, date
    and address."""
    places = ", ".join(dataset.places[p].name if p in dataset.places else p for p in event.place_ids)
    lines = [f"{event.title} ({event.date_label(dataset.period.tz)}; {places})"]
    for excerpt in event.excerpts:
        source = dataset.sources.get(excerpt.source_id)
        if source is None:
            lines.append(f"“{excerpt.quote}” — {excerpt.source_id}")
            continue
        fields = [source.outlet, f"“{source.title}”", source.author, source.published_label, source.url]
        lines.append(f"“{excerpt.quote}” — " + ", ".join(f for f in fields if f))
    return "\n".join(lines)
