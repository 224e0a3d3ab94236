"""W3C Web Annotations (JSON-LD) for the excerpts: each verified excerpt is an annotation whose target is the
archived source text, identified by its SHA-256, with a TextQuoteSelector (the exact passage with 32 characters of
prefix and suffix) and a TextPositionSelector (code-point offsets into the text), so any annotation tool can find
the passage again; the body says which event it backs. Excerpts not found in their source are left out, and the
collection's label says how many."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..model.entities import Dataset, Event, Excerpt, Source
from .common import dumps, excerpt_passage, iso, text_sha256

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotations_bytes(dataset: Dataset) -> bytes:
    return dumps(annotations_document(dataset))


def annotations_document(dataset: Dataset) -> dict[str, Any]:
    items = []
    for event in dataset.events:
        for index, excerpt in enumerate(event.excerpts):
            source = dataset.sources.get(excerpt.source_id)
            if source is not None:
                annotation = _annotation(dataset, event, index, excerpt, source)
                if annotation is not None:
                    items.append(annotation)
    base = f"urn:kztimeline:{dataset.digest or 'data'}"
    return {
        "@context": CONTEXT,
        "id": f"{base}:annotations",
        "type": "AnnotationCollection",
        "label": f"{dataset.title}: {len(items)} verified excerpts",
        "total": len(items),
        "generator": {"id": "https://pypi.org/project/kztimeline/", "type": "Software",
                      "name": f"kztimeline {__version__}"},
        "first": {"id": f"{base}:annotations:page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _annotation(dataset: Dataset, event: Event, index: int, excerpt: Excerpt, source: Source) -> dict[str, Any] | None:
    passage = excerpt_passage(source, excerpt)
    if passage is None or excerpt.match is None:
        return None
    prefix, exact, suffix = passage
    target: dict[str, Any] = {
        "source": f"urn:sha256:{text_sha256(source)}",
        "type": "Text",
        "format": "text/plain",
        "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
            {"type": "TextPositionSelector", "start": excerpt.match.start, "end": excerpt.match.end},
        ],
        "state": {"type": "TimeState", "cached": source.file.name, "sourceDate": iso(source.published)},
    }
    if source.url:
        target["scope"] = source.url
    body = {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
            "value": f"{event.title} ({event.date_label(dataset.period.tz)}), on the word of {source.outlet}: "
                     f"“{source.title}”"}
    return {
        "id": f"urn:kztimeline:{dataset.digest or 'data'}:{event.id}:{index}",
        "type": "Annotation",
        "motivation": "highlighting",
        "body": [body, {"type": "SpecificResource", "purpose": "identifying", "source": f"urn:kztimeline:event:"
                        f"{event.id}"}],
        "target": target,
    }
