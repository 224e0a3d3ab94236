"""Geodesic distances (WGS84) between places.

GeographicLib's geodesic, with the ellipsoid in kilometres exactly as geopy's `geodesic` sets it up (geopy calls the
same routine, and a test holds the two equal): importing geopy would import its geocoders too (asyncio, ssl, urllib;
some 60 ms), and the places list needs its distances before the window's first paint.
"""

from __future__ import annotations

from geographiclib.geodesic import Geodesic

#: WGS84 with the semi-major axis in kilometres (geopy's ELLIPSOIDS["WGS-84"]), so that s12 is in kilometres.
_WGS84_KM = Geodesic(6378.137, 1 / 298.257223563)


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in kilometres between two (lat, lon) points on the WGS84 ellipsoid."""
    return float(_WGS84_KM.Inverse(a[0], a[1], b[0], b[1], Geodesic.DISTANCE)["s12"])
