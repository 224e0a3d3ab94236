"""The user's cache of names geocoded online: where it lives and how it is read and written (no network here).

Kept apart from both the gazetteer (which reads it at start-up) and the Nominatim client (which writes it), so
neither imports the other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..userdirs import data_dir


def cache_path() -> Path:
    return data_dir() / "geocode-cache.json"


def read_cache() -> dict[str, Any]:
    """{folded name: {query, lat, lon, display_name}}; empty when missing or unreadable."""
    try:
        cache = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def write_cache(cache: dict[str, Any]) -> None:
    """Replace the cache file atomically (a crash leaves the old one)."""
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
