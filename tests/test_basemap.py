"""The basemap loads offline, holds Kazakhstan's January 2022 regions, and finds the region a place stands for."""

import math

import pytest

from kztimeline.geo.basemap import (X_SCALE, decode_basemap, load_basemap, parse_basemap, point_in_rings, project,
                                    region_feature_for, unproject)
from kztimeline.geo.gazetteer import default_gazetteer, fold_name
from kztimeline.model.entities import Place


@pytest.fixture(scope="module")
def dataset():
    from conftest import FROZEN_EVENTS
    from kztimeline.model import load_dataset

    return load_dataset(FROZEN_EVENTS).dataset


def test_basemap_loads_regions_country_neighbours_and_water():
    basemap = load_basemap()
    assert len(basemap.of_kind("region")) >= 14
    assert len(basemap.of_kind("country")) == 1 and basemap.country.name == "Kazakhstan"
    assert {"Russia", "China", "Kyrgyzstan", "Uzbekistan", "Turkmenistan"} <= {
        f.name for f in basemap.of_kind("neighbour")}
    assert {"Caspian Sea", "Aral Sea"} <= {f.name for f in basemap.of_kind("water")}
    assert all(len(ring) >= 3 for f in basemap.features for ring in f.rings)
    assert load_basemap() is basemap  # cached


def test_regions_are_those_before_the_june_2022_reform():
    names = {fold_name(n) for f in load_basemap().of_kind("region") for n in f.names()}
    assert not names & {"abai", "abay", "jetisu", "zhetysu", "ulytau"}


def test_projection_shrinks_longitude_by_cos_48():
    assert X_SCALE == pytest.approx(math.cos(math.radians(48)))
    assert project(60.0, 45.0) == pytest.approx((60.0 * X_SCALE, 45.0))
    assert unproject(*project(51.17, 43.66)) == pytest.approx((51.17, 43.66))
    west, south, east, north = load_basemap().bounds("country")
    width, height = (east - west) * X_SCALE, north - south
    assert 1.5 < width / height < 2.2  # Kazakhstan is about 3000 km wide and 1650 km tall


def test_mangistau_place_finds_mangystau_region_holding_aktau(dataset):
    feature = region_feature_for(dataset.places["mangistau"])
    assert feature is not None and feature.name == "Mangystau" and feature.kind == "region"
    aktau, almaty = default_gazetteer().resolve("Aktau"), default_gazetteer().resolve("Almaty")
    rings = feature.projected_rings
    assert point_in_rings(rings, *project(aktau.lon, aktau.lat))
    assert not point_in_rings(rings, *project(almaty.lon, almaty.lat))
    assert feature.contains(*feature.label_point())


def test_region_lookup_by_any_spelling_and_by_folded_name():
    assert region_feature_for(Place("x", "Almaty Region", "region", gazetteer_id="almaty-region")).name == "Almaty"
    assert region_feature_for(Place("x", "Almaty", "city", gazetteer_id="almaty")).name == "Almaty City"
    assert region_feature_for(Place("x", "Kyzylorda oblast", "region")).name == "Kyzylorda"
    assert region_feature_for(Place("x", "Atlantis", "region")) is None


def test_point_in_rings_treats_holes_even_odd():
    outer = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    hole = ((4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0))
    assert point_in_rings([outer, hole], 2, 2) and not point_in_rings([outer, hole], 5, 5)
    assert not point_in_rings([outer], 11, 5)


def test_parse_keeps_polygons_of_known_kinds_only():
    square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    basemap = parse_basemap({"features": [
        {"properties": {"kind": "region", "name": "A"}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"properties": {"kind": "region", "name": "B"}, "geometry": {"type": "MultiPolygon",
                                                                     "coordinates": [square, square]}},
        {"properties": {"kind": "city", "name": "C"}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"properties": {"kind": "region", "name": "D"}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
    ]})
    assert [(f.name, len(f.rings), len(f.rings[0])) for f in basemap.features] == [("A", 1, 4), ("B", 2, 4)]


@pytest.mark.parametrize("square", [
    [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],  # whole numbers: read as floats
    [[[0.5, 0], [1, 0, 7.5], [1, 1, 7], [0, 1], [0.5, 0]]],  # positions with a height: read the general way
    [[[0, 0], [1, 0]], [[0, 0], [2, 0], [2, 2]]],  # a ring of two points is left out
])
def test_decoding_a_file_reads_what_parsing_its_json_reads(square):
    import json

    data = {"type": "FeatureCollection", "features": [
        {"properties": {"kind": "region", "name": "A"}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"properties": {"kind": "water", "name": "B"}, "geometry": {"type": "MultiPolygon",
                                                                    "coordinates": [square, square]}},
        {"properties": {"kind": "city", "name": "C"}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"properties": {"kind": "region"}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
        {"properties": None, "geometry": None}, {"properties": {"kind": "neighbour", "name": 5}}]}
    decoded = decode_basemap(json.dumps(data).encode())
    assert decoded == parse_basemap(data) and [f.name for f in decoded.features] == ["A", "B"]
    assert all(type(x) is float for f in decoded.features for ring in f.rings for point in ring for x in point)


def test_the_shipped_basemap_decodes_as_its_json_parses():
    import json

    from kztimeline.resources import resource

    path = resource("basemap", "kazakhstan.geojson")
    decoded, parsed = decode_basemap(path.read_bytes()), parse_basemap(json.loads(path.read_text(encoding="utf-8")))
    assert decoded == parsed and [f.props for f in decoded.features] == [f.props for f in parsed.features]


def test_basemap_never_imports_qt():
    import subprocess
    import sys

    code = ("import sys; from kztimeline.geo.basemap import load_basemap, region_feature_for;"
            "from kztimeline.model.entities import Place; basemap = load_basemap();"
            "print(basemap.country.name, len(basemap.of_kind('region')),"
            "     region_feature_for(Place('m', 'Mangistau region', 'region', gazetteer_id='mangystau')).name);"
            "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken')));"
            "print('Qt modules:', qt)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    loaded, modules = run.stdout.splitlines()
    country, regions, mangistau = loaded.split()
    assert (country, mangistau) == ("Kazakhstan", "Mangystau") and int(regions) >= 14  # the map has what it shows
    assert modules == "Qt modules: []"


def _border_lines_one_segment_at_a_time(feature):
    """border_lines as it was first written, a segment at a time: what the arrays must give."""
    box = feature.props.get("clipped_to")
    lines = []
    for ring in feature.rings:
        line = [ring[0]]
        for a, b in zip(ring, ring[1:] + ring[:1]):
            on_edge = box and any(abs(a[axis] - edge) < 1e-6 and abs(b[axis] - edge) < 1e-6
                                  for axis, edge in ((0, box[0]), (1, box[1]), (0, box[2]), (1, box[3])))
            if on_edge:
                if len(line) > 1:
                    lines.append(tuple(line))
                line = [b]
            else:
                line.append(b)
        if len(line) > 1:
            lines.append(tuple(line))
    return lines


def test_border_lines_leave_out_the_edges_of_the_box_a_feature_was_cut_to():
    from kztimeline.geo.basemap import MapFeature

    box = [0.0, 0.0, 10.0, 10.0]
    rings = (((0.0, 0.0), (5.0, 0.0), (10.0, 0.0), (10.0, 5.0), (6.0, 6.0), (10.0, 8.0), (10.0, 10.0), (0.0, 10.0)),
             ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)),  # the box itself: no border at all
             ((2.0, 2.0), (3.0, 2.0), (3.0, 3.0)),  # inside it: closed by its first point
             ((0.0, 5.0), (4.0, 4.0), (0.0, 3.0), (0.0, 4.0)))  # its last segment, from the first point, on the edge
    features = [MapFeature("neighbour", "cut", rings, {"clipped_to": box}), MapFeature("region", "whole", rings),
                *load_basemap().features]
    assert any(f.props.get("clipped_to") for f in features[2:])  # (the shipped basemap has such features)
    for feature in features:
        lines = [tuple(map(tuple, line.tolist())) for line in feature.border_lines()]
        assert lines == _border_lines_one_segment_at_a_time(feature), feature.name
    assert [len(line) for line in features[0].border_lines()] == [3, 4, 3]  # (the box itself: none)
