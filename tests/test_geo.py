"""The offline gazetteer knows every spelling; geopy measures; Nominatim is asked only on request."""

import pytest

from kztimeline.geo.distance import geodesic_km
from kztimeline.geo.gazetteer import default_gazetteer
from kztimeline.geo.geocache import cache_path
from kztimeline.geo.geocode import GeocodeError, geocode

ALIASES = {
    "mangystau": ["Mangystau", "Mangistau", "Mangghystau", "Маңғыстау", "Mangistau region", "Mangystau Region"],
    "almaty": ["Almaty", "Alma-Ata", "Алматы", "alma ata"],
    "zhanaozen": ["Zhanaozen", "Janaozen", "Жаңаөзен"],
    "baikonur": ["Baikonur", "Bayqongyr", "Байконур"],
    "astana": ["Nur-Sultan", "Astana", "Нур-Султан"],
    "aktau": ["Aktau", "Aqtau", "Актау"],
    "kazakhstan": ["Kazakhstan", "Казахстан", "Qazaqstan"],
}


@pytest.mark.parametrize("expected, name", [(k, n) for k, names in ALIASES.items() for n in names])
def test_gazetteer_resolves_every_spelling(expected, name):
    entry = default_gazetteer().resolve(name)
    assert entry is not None and entry.id == expected


def test_tyuratam_is_the_settlement_at_the_cosmodrome():
    entry = default_gazetteer().resolve("Tyuratam")
    assert entry is not None and abs(entry.lat - 45.6) < 0.2 and abs(entry.lon - 63.3) < 0.2


def test_january_2022_utc_offsets():
    gazetteer = default_gazetteer()
    assert gazetteer.resolve("Almaty").utc_offset.utcoffset(None).total_seconds() == 6 * 3600
    assert gazetteer.resolve("Mangystau").utc_offset.utcoffset(None).total_seconds() == 5 * 3600


def test_almaty_baikonur_geodesic_distance():
    gazetteer = default_gazetteer()
    almaty, baikonur = gazetteer.resolve("Almaty"), gazetteer.resolve("Baikonur")
    assert geodesic_km((almaty.lat, almaty.lon), (baikonur.lat, baikonur.lon)) == pytest.approx(1112, abs=15)


class _Place:
    latitude, longitude, address = 42.87, 74.59, "Bishkek, Kyrgyzstan"


def test_geocode_caches_and_is_then_offline():
    calls = []
    hit = geocode("Bishkek", lookup=lambda name: calls.append(name) or _Place())
    assert (hit["lat"], hit["cached"]) == (42.87, False)
    assert cache_path().is_file()
    again = geocode("bishkek", lookup=lambda name: pytest.fail("asked the network for a cached name"))
    assert again["cached"] and calls == ["Bishkek"]


def test_geocode_offline_is_one_clear_line():
    from geopy.exc import GeocoderUnavailable

    def offline(name):
        raise GeocoderUnavailable("Max retries exceeded with url: /search\nmore detail")

    with pytest.raises(GeocodeError) as info:
        geocode("Atyrau-2", lookup=offline)
    assert "cannot reach Nominatim" in str(info.value) and "\n" not in str(info.value)
    assert not cache_path().exists()


def test_distances_are_geopy_s_geodesic():
    """geo.distance calls GeographicLib directly, set up as geopy's `geodesic` sets it up: the same kilometres."""
    import random

    from geopy.distance import geodesic

    rng = random.Random(15)
    for _ in range(200):
        a = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        b = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        assert geodesic_km(a, b) == geodesic(a, b).km


def test_the_default_gazetteer_is_kept_built_and_a_damaged_copy_is_rebuilt(tmp_path, monkeypatch):
    from kztimeline.geo import gazetteer

    monkeypatch.setenv("KZTIMELINE_CACHE_DIR", str(tmp_path))
    digest = gazetteer.source_digest()
    assert gazetteer._stored(digest) is None
    gazetteer.default_gazetteer.cache_clear()
    try:
        built = gazetteer.default_gazetteer()
        (stored_file,) = tmp_path.glob("gazetteer-*.json")
        gazetteer.default_gazetteer.cache_clear()  # as in the next process
        again = gazetteer.default_gazetteer()
        assert again is not built and again == built  # entries and every index, from the stored copy
        assert again.resolve("Alma-Ata") == built.resolve("Alma-Ata") and again.resolve("Almaty").utc_offset
        for damage in (b"", stored_file.read_bytes()[:-5], stored_file.read_bytes().replace(b"almaty", b"almatx")):
            stored_file.write_bytes(damage)
            assert gazetteer._stored(digest) is None
    finally:
        gazetteer.default_gazetteer.cache_clear()


def test_names_resolved_before_are_answered_without_loading_the_gazetteer(tmp_path, monkeypatch):
    """resolved_ids gives the default gazetteer's answers, keeps them in the cache folder, and answers from there
    (the places map at start-up); a damaged file is ignored and written again."""
    from kztimeline.geo import gazetteer

    monkeypatch.setenv("KZTIMELINE_CACHE_DIR", str(tmp_path))
    gazetteer.default_gazetteer.cache_clear()  # (one built for this test's sources)
    names = ["Mangistau", "Almaty", "Alma-Ata", "Atlantis"]
    full = gazetteer.default_gazetteer()
    expected = {n: (e.id if (e := full.resolve(n, "region")) else None) for n in names}
    assert expected["Atlantis"] is None and expected["Mangistau"] is not None
    assert gazetteer.resolved_ids(names, "region") == expected
    (stored,) = tmp_path.glob("resolved-*.json")

    def not_loaded():
        raise AssertionError("the gazetteer was loaded")

    with monkeypatch.context() as patch:
        patch.setattr(gazetteer, "default_gazetteer", not_loaded)
        assert gazetteer.resolved_ids(names, "region") == expected
        assert gazetteer.resolved_ids(names[:2], "region") == {n: expected[n] for n in names[:2]}
    city = gazetteer.resolved_ids(["Almaty"], "city")  # another kind: resolved and kept beside the first
    assert city == {"Almaty": full.resolve("Almaty", "city").id}
    for damage in (b"", stored.read_bytes()[:-5], stored.read_bytes().replace(b"mang", b"mand")):
        stored.write_bytes(damage)
        assert gazetteer.resolved_ids(names, "region") == expected


def test_names_resolved_by_a_gazetteer_older_than_its_sources_are_not_kept(tmp_path, monkeypatch):
    """A process whose gazetteer was built before its sources changed (names geocoded since, by another process)
    answers with it, as before, but does not keep those answers under the new sources' digest."""
    from kztimeline.geo import gazetteer

    monkeypatch.setenv("KZTIMELINE_CACHE_DIR", str(tmp_path))
    gazetteer.default_gazetteer.cache_clear()
    built = gazetteer.default_gazetteer()
    monkeypatch.setattr(gazetteer, "source_digest", lambda: "sources changed since")
    assert gazetteer.resolved_ids(["Mangistau"], "region") == {"Mangistau": built.resolve("Mangistau", "region").id}
    assert list(tmp_path.glob("resolved-*.json")) == []
