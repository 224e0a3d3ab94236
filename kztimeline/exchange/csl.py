"""CSL-JSON for the archived sources (the format Zotero, Pandoc and citeproc read): one `article-newspaper` per
source with its outlet, author, issued date, URL and, where the dataset gives it, the day it was accessed
(captured)."""

from __future__ import annotations

from typing import Any

from ..model.entities import Dataset, Source
from .common import dumps, text_sha256


def csl_bytes(dataset: Dataset) -> bytes:
    return dumps([_item(source) for source in dataset.sources.values()])


def _item(source: Source) -> dict[str, Any]:
    published = source.published
    parts = [published.year, published.month, published.day]
    item: dict[str, Any] = {"id": source.id, "type": "article-newspaper", "title": source.title,
                            "container-title": source.outlet}
    if source.author:
        item["author"] = [{"literal": source.author}]
    item["issued"] = {"date-parts": [parts]}
    if source.accessed is not None:
        item["accessed"] = {"date-parts": [[source.accessed.year, source.accessed.month, source.accessed.day]]}
    if source.url:
        item["URL"] = source.url
    item["note"] = f"Archived copy: {source.file.name} (SHA-256 {text_sha256(source)})"
    return item
