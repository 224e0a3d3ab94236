"""Online geocoding through OpenStreetMap's Nominatim, only when the user asks for it, cached on disk.

Nominatim's usage policy asks for an identifying User-Agent, at most one request per second and caching of
results; geopy's RateLimiter provides the pacing and the cache lives in the user's data folder, so a name is asked
for once. Nothing here runs unless the user types `kztimeline geocode NAME`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__
from .gazetteer import GazetteerEntry, fold_name

USER_AGENT = f"kztimeline/{__version__} (offline timeline of the January 2022 Kazakhstan unrest)"


class GeocodeError(Exception):
    """One line the command line can print as it is."""


def data_dir() -> Path:
    """The user's data folder for kztimeline (XDG on Linux, the platform's usual place elsewhere)."""
    override = os.environ.get("KZTIMELINE_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "kztimeline"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "kztimeline"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "kztimeline"


def cache_path() -> Path:
    return data_dir() / "geocode-cache.json"


def _read_cache() -> dict[str, Any]:
    try:
        return json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def cached_entries() -> list[GazetteerEntry]:
    """Entries geocoded earlier, as gazetteer rows (no network)."""
    out = []
    for key, hit in _read_cache().items():
        try:
            out.append(GazetteerEntry(id=f"geocoded-{key.replace(' ', '-')}", kind="city", name=hit["query"],
                                      lat=float(hit["lat"]), lon=float(hit["lon"]), utc_offset=None,
                                      aliases=(hit.get("display_name", ""),), origin="geocoded"))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _nominatim_lookup() -> Callable[[str], Any]:
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    geocoder = Nominatim(user_agent=USER_AGENT, timeout=10)
    return RateLimiter(geocoder.geocode, min_delay_seconds=1.0, max_retries=1, swallow_exceptions=False)


def geocode(name: str, lookup: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Look a name up (cache first, then Nominatim) and cache the answer; GeocodeError with one line on failure."""
    from geopy.exc import GeopyError

    key = fold_name(name)
    cache = _read_cache()
    if key in cache:
        return {**cache[key], "cached": True}
    lookup = lookup or _nominatim_lookup()
    try:
        location = lookup(name)
    except (GeopyError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GeocodeError(f"cannot reach Nominatim to geocode '{name}' (offline?): {reason}") from None
    if location is None:
        raise GeocodeError(f"Nominatim knows no place called '{name}'")
    hit = {"query": name, "lat": location.latitude, "lon": location.longitude,
           "display_name": getattr(location, "address", "")}
    cache[key] = hit
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return {**hit, "cached": False}
