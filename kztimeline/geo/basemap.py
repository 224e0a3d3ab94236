"""The offline basemap: Kazakhstan's regions, its outline, its neighbours and the seas, as plain Python geometry.

`resources/basemap/kazakhstan.geojson` (Natural Earth, see its SOURCE.md) holds one feature per region, water body
and neighbouring country, and one for the country, with `properties.kind` in region | country | neighbour | water.
Its regions are those of January 2022 (before the June 2022 reform created Abai, Jetisu and Ulytau).

The map is drawn in a plain equirectangular projection with x shrunk by cos(48°), the latitude of the middle of
Kazakhstan: x = lon · cos 48°, y = lat (y grows northwards; one map unit is a degree of latitude, about 111 km).
At 48° N a degree of longitude is cos 48° ≈ 0.67 of a degree of latitude on the ground, so the country is not
stretched: east-west lengths are true along 48° N and at most 14 % off at its southern (41° N) and northern
(55° N) edges. No map library is needed, and the projection is linear, so point-in-polygon tests give the same
answer in degrees and in map units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import msgspec
import numpy as np

from ..resources import resource
from .gazetteer import Gazetteer, fold_name, resolved_ids

REFERENCE_LATITUDE = 48.0
X_SCALE = math.cos(math.radians(REFERENCE_LATITUDE))
KINDS = ("region", "country", "neighbour", "water")
_NAME_KEYS = ("name", "name_ne", "name_ru", "name_kk")

Ring = tuple[tuple[float, float], ...]  # closed or open, (lon, lat) or (x, y)


def project(lon: float, lat: float) -> tuple[float, float]:
    """Map coordinates of a point: equirectangular, x scaled by cos(48°) (see the module's docstring)."""
    return lon * X_SCALE, lat


def unproject(x: float, y: float) -> tuple[float, float]:
    """(lon, lat) of a point in map coordinates."""
    return x / X_SCALE, y


def project_ring(ring: Ring) -> Ring:
    return tuple(project(lon, lat) for lon, lat in ring)


def point_in_rings(rings: tuple[Ring, ...] | list[Ring], x: float, y: float) -> bool:
    """Even-odd rule over all rings: inside an outer ring and not inside one of its holes (any projection)."""
    inside = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            (x1, y1), (x2, y2) = ring[i - 1], ring[i]
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def ring_area(ring: Ring) -> float:
    """Unsigned shoelace area, in the ring's own units squared."""
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def interior_point(rings: tuple[Ring, ...]) -> tuple[float, float]:
    """A point well inside the rings, for a label: the middle of the widest inside span on the horizontal line
    through the largest ring's centroid (a centroid alone can fall outside a crescent or a coastline)."""
    ring = max(rings, key=ring_area)
    cx, cy = (sum(c) / len(ring) for c in zip(*ring))
    xs = sorted(x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
                for r in rings for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1]) if (y1 > cy) != (y2 > cy))
    spans = [(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
    if not spans:
        return cx, cy
    a, b = max(spans, key=lambda s: s[1] - s[0])
    return (a + b) / 2, cy


@dataclass(frozen=True)
class MapFeature:
    """One shape of the basemap. `rings` are (lon, lat) rings, outer rings and holes alike (fill them even-odd)."""

    kind: str
    name: str
    rings: tuple[Ring, ...]
    props: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def projected_rings(self) -> tuple[Ring, ...]:
        return tuple(project_ring(r) for r in self.rings)

    def contains(self, lon: float, lat: float) -> bool:
        return point_in_rings(self.rings, lon, lat)

    def label_point(self) -> tuple[float, float]:
        """(lon, lat) of a point inside the feature to put its label at."""
        return interior_point(self.rings)

    @cached_property
    def points(self) -> tuple[np.ndarray, ...]:
        """The rings as arrays of (lon, lat) rows, for drawing and bounds (made once: the map's start read the
        basemap's seven thousand points one tuple at a time, some 6 ms)."""
        return tuple(np.fromiter(chain.from_iterable(ring), float, 2 * len(ring)).reshape(-1, 2)
                     for ring in self.rings)

    def border_lines(self) -> list[np.ndarray]:
        """The rings as open (lon, lat) polylines to stroke (arrays of rows, each ring closed by its first point),
        without the stretches that only follow the edge of the box the feature was cut to (`props.clipped_to`:
        west, south, east, north), which are no borders."""
        box = self.props.get("clipped_to")
        lines: list[np.ndarray] = []
        for ring in self.points:
            closed = np.concatenate([ring, ring[:1]])
            if not box:
                lines.append(closed)
                continue
            near = [np.abs(closed[:, axis] - edge) < 1e-6 for axis, edge in ((0, box[0]), (1, box[1]), (0, box[2]),
                                                                              (1, box[3]))]
            # segment i joins points i and i + 1: on an edge of the box where both are
            on_edge = np.logical_or.reduce([at[:-1] & at[1:] for at in near])
            # each run of segments off the edge, [start, end), is a line of points start..end
            bounds = np.flatnonzero(np.diff(np.concatenate(([0], (~on_edge).view(np.int8), [0]))))
            lines += [closed[start:end + 1] for start, end in zip(bounds[0::2], bounds[1::2])]
        return lines

    def names(self) -> list[str]:
        """Every name the feature goes by (English, Natural Earth's, Russian, Kazakh), without blanks."""
        return [self.props[k] for k in _NAME_KEYS if isinstance(self.props.get(k), str) and self.props[k]]


@dataclass(frozen=True)
class Basemap:
    features: tuple[MapFeature, ...]  # in drawing order: neighbours, water, regions, country

    def of_kind(self, kind: str) -> list[MapFeature]:
        return [f for f in self.features if f.kind == kind]

    @property
    def country(self) -> MapFeature | None:
        return next(iter(self.of_kind("country")), None)

    def bounds(self, kind: str | None = None) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of all features, or of one kind (worked out once: the places panel
        asks for every place)."""
        known: dict[str | None, tuple[float, float, float, float]] = self.__dict__.setdefault("_bounds", {})
        if kind not in known:  # (the dataclass is frozen, but not the dict in its __dict__; not a field either)
            points = np.concatenate([r for f in self.features if kind in (None, f.kind) for r in f.points])
            (west, south), (east, north) = points.min(axis=0).tolist(), points.max(axis=0).tolist()
            known[kind] = (west, south, east, north)
        return known[kind]


def _rings(geometry: dict[str, Any]) -> tuple[Ring, ...]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return ()
    return _closed_rings(tuple((float(p[0]), float(p[1])) for p in ring) for polygon in polygons for ring in polygon)


def _closed_rings(rings: Iterable[Ring]) -> tuple[Ring, ...]:
    """The rings without GeoJSON's repeated first position (the rings here are implicitly closed), those of fewer
    than three points left out."""
    kept = []
    for points in rings:
        if len(points) > 1 and points[0] == points[-1]:
            points = points[:-1]
        if len(points) >= 3:
            kept.append(points)
    return tuple(kept)


def parse_basemap(data: dict[str, Any]) -> Basemap:
    """Features of a GeoJSON FeatureCollection whose kind is known and whose geometry is a (multi)polygon."""
    features = []
    for item in data.get("features", []):
        props = dict(item.get("properties") or {})
        rings = _rings(item.get("geometry") or {"type": None})
        if props.get("kind") in KINDS and rings:
            features.append(MapFeature(kind=props["kind"], name=str(props.get("name", "")), rings=rings,
                                       props=props))
    return Basemap(tuple(features))


# What decode_basemap reads of the file: a geometry's coordinates are decoded once its type says how deep they go.
class _Geometry(msgspec.Struct):
    type: Any = None
    coordinates: msgspec.Raw = msgspec.Raw()


class _Feature(msgspec.Struct):
    properties: dict[str, Any] | None = None
    geometry: _Geometry | None = None


class _Collection(msgspec.Struct):
    features: list[_Feature] = []


_Polygon = tuple[tuple[tuple[float, float], ...], ...]
_COLLECTION = msgspec.json.Decoder(_Collection)
_POLYGONS: dict[str, msgspec.json.Decoder[Any]] = {"Polygon": msgspec.json.Decoder(_Polygon),
                                                   "MultiPolygon": msgspec.json.Decoder(tuple[_Polygon, ...])}


def decode_basemap(data: bytes) -> Basemap:
    """`parse_basemap` of a GeoJSON file's bytes, its rings decoded straight into tuples of floats (json.loads and
    the walk over its lists took 7 ms of start-up, this 1.5 ms); a file this reading declines (positions with a
    height, a geometry that is not an object) is read the general way."""
    try:
        collection = _COLLECTION.decode(data)
        features = []
        for item in collection.features:
            props, geometry = dict(item.properties or {}), item.geometry
            decoder = _POLYGONS.get(geometry.type) if geometry is not None and isinstance(geometry.type, str) else None
            if decoder is None or props.get("kind") not in KINDS:
                continue
            assert geometry is not None  # (a decoder was found for its type)
            decoded = decoder.decode(geometry.coordinates)
            polygons = (decoded,) if geometry.type == "Polygon" else decoded
            rings = _closed_rings(ring for polygon in polygons for ring in polygon)
            if rings:
                features.append(MapFeature(kind=props["kind"], name=str(props.get("name", "")), rings=rings,
                                           props=props))
        return Basemap(tuple(features))
    except msgspec.DecodeError:  # (a ValidationError too)
        return parse_basemap(msgspec.json.decode(data))


@lru_cache(maxsize=4)
def load_basemap(path: Path | None = None) -> Basemap:
    """The shipped basemap (or another GeoJSON file), read once."""
    path = path or resource("basemap", "kazakhstan.geojson")
    return decode_basemap(Path(path).read_bytes())


def _bare(name: str) -> str:
    return " ".join(w for w in fold_name(name).split() if w not in ("region", "oblast", "province", "city"))


class NamedPlace(Protocol):
    """What region_feature_for needs of a place (the model's Place has it); geo does not import the model."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def gazetteer_id(self) -> str | None: ...


def region_feature_for(place: NamedPlace, basemap: Basemap | None = None,
                       gazetteer: Gazetteer | None = None) -> MapFeature | None:
    """The region feature a region place stands for: a feature name the gazetteer resolves to the place's own entry, or
    failing that a feature whose folded name is the place's ("Mangistau region" ~ "Mangistau"); None if none.
    A city place finds its city-level feature when the basemap has one (Almaty City, Nur-Sultan)."""
    return region_features_for([place], basemap, gazetteer)[0]


def region_features_for(places: Sequence[NamedPlace], basemap: Basemap | None = None,
                        gazetteer: Gazetteer | None = None) -> list[MapFeature | None]:
    """`region_feature_for` of each place, the feature names resolved once per kind of place. Without a gazetteer,
    the default one's answers come from `resolved_ids`, which keeps them: no gazetteer is loaded to draw the map."""
    basemap = basemap or load_basemap()
    regions = basemap.of_kind("region")
    names = [name for feature in regions for name in feature.names()]
    ids: dict[str, dict[str, str | None]] = {}  # per kind of place: the entry each feature name resolves to
    found: list[MapFeature | None] = []
    for place in places:
        matches: list[MapFeature] = []
        if place.gazetteer_id:
            if place.kind not in ids:
                ids[place.kind] = resolved_ids(names, place.kind) if gazetteer is None else {
                    name: entry.id if (entry := gazetteer.resolve(name, place.kind)) else None for name in names}
            resolved = ids[place.kind]
            matches = [f for f in regions if any(resolved[n] == place.gazetteer_id for n in f.names())]
        if matches:  # "Almaty" names both the oblast and the city; prefer the feature of the place's own type
            wanted_type = "city" if place.kind == "city" else "oblast"
            found.append(next((f for f in matches if f.props.get("type") == wanted_type), matches[0]))
            continue
        wanted = {_bare(place.name)} | ({_bare(place.gazetteer_id)} if place.gazetteer_id else set())
        found.append(next((f for f in regions if any(_bare(n) in wanted for n in f.names())), None))
    return found
