"""Online geocoding through OpenStreetMap's Nominatim, only when the user asks for it, cached on disk.

Nominatim's usage policy asks for an identifying User-Agent, at most one request per second and caching of
results; geopy's RateLimiter provides the pacing and the cache lives in the user's data folder, so a name is asked
for once. Nothing here runs unless the user types `kztimeline geocode NAME`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import __version__
from .geocache import read_cache, write_cache
from .gazetteer import fold_name

USER_AGENT = f"kztimeline/{__version__} (offline timeline of the January 2022 Kazakhstan unrest)"


class GeocodeError(Exception):
    """One line the command line can print as it is."""


def _nominatim_lookup() -> Callable[[str], Any]:
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    geocoder = Nominatim(user_agent=USER_AGENT, timeout=10)
    limited: Callable[[str], Any] = RateLimiter(geocoder.geocode, min_delay_seconds=1.0, max_retries=1,
                                                swallow_exceptions=False)
    return limited


def geocode(name: str, lookup: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Look a name up (cache first, then Nominatim) and cache the answer; GeocodeError with one line on failure."""
    from geopy.exc import GeopyError

    key = fold_name(name)
    cache = read_cache()
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
    write_cache(cache)
    return {**hit, "cached": False}
