"""Geodesic distances (WGS84, via geopy) between places."""

from __future__ import annotations

from geopy.distance import geodesic


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in kilometres between two (lat, lon) points on the WGS84 ellipsoid."""
    return float(geodesic(a, b).km)
