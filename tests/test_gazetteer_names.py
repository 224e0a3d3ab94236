"""Issue 13: every spelling a Kazakhstan report is likely to use resolves offline to the feature it means."""

import time

import pytest

from kztimeline.geo.gazetteer import default_gazetteer

# name → (entry id, kind): Latin, Russian, Kazakh, historical and qualified forms
NAMES = {
    # cities that share their name with a region: the city, as reports mean it
    "Aktobe": ("aktobe", "city"), "Aqtobe": ("aktobe", "city"), "Актобе": ("aktobe", "city"),
    "Ақтөбе": ("aktobe", "city"), "Aktyubinsk": ("aktobe", "city"), "Aktobe city": ("aktobe", "city"),
    "Kyzylorda": ("kyzylorda", "city"), "Qyzylorda": ("kyzylorda", "city"), "Кызылорда": ("kyzylorda", "city"),
    "Kzyl-Orda": ("kyzylorda", "city"), "Karaganda": ("karaganda", "city"), "Karagandy": ("karaganda", "city"),
    "Qaraghandy": ("karaganda", "city"), "Караганда": ("karaganda", "city"), "Қарағанды": ("karaganda", "city"),
    "Almaty": ("almaty", "city"), "Almaty city": ("almaty", "city"), "Alma-Ata": ("almaty", "city"),
    "Алматы": ("almaty", "city"), "г. Алматы": ("almaty", "city"), "Алма-Ата": ("almaty", "city"),
    "Verny": ("almaty", "city"), "Atyrau": ("atyrau", "city"), "Guryev": ("atyrau", "city"),
    "Гурьев": ("atyrau", "city"), "Kostanay": ("kostanay", "city"), "Kustanay": ("kostanay", "city"),
    "Pavlodar": ("pavlodar", "city"), "Turkistan": ("turkistan", "city"), "Turkestan": ("turkistan", "city"),
    # the capital: Nur-Sultan in January 2022, found under every name it had
    "Nur-Sultan": ("astana", "city"), "Нур-Султан": ("astana", "city"), "Нұр-Сұлтан": ("astana", "city"),
    "Astana": ("astana", "city"), "Tselinograd": ("astana", "city"), "Akmolinsk": ("astana", "city"),
    # other cities
    "Zhanaozen": ("zhanaozen", "city"), "Janaozen": ("zhanaozen", "city"), "Жанаозен": ("zhanaozen", "city"),
    "Жаңаөзен": ("zhanaozen", "city"), "Novy Uzen": None, "Aktau": ("aktau", "city"), "Aqtau": ("aktau", "city"),
    "Ақтау": ("aktau", "city"), "Shevchenko": ("aktau", "city"), "Taldykorgan": ("taldykorgan", "city"),
    "Талдықорған": ("taldykorgan", "city"), "Taraz": ("taraz", "city"), "Тараз": ("taraz", "city"),
    "Dzhambul": ("taraz", "city"), "Aulie-Ata": ("taraz", "city"), "Shymkent": ("shymkent", "city"),
    "Chimkent": ("shymkent", "city"), "Шымкент": ("shymkent", "city"), "Uralsk": ("oral", "city"),
    "Oral": ("oral", "city"), "Уральск": ("oral", "city"), "Semey": ("semey", "city"),
    "Semipalatinsk": ("semey", "city"), "Семей": ("semey", "city"), "Ust-Kamenogorsk": ("oskemen", "city"),
    "Өскемен": ("oskemen", "city"), "Petropavlovsk": ("petropavl", "city"), "Kokshetau": ("kokshetau", "city"),
    "Temirtau": ("temirtau", "city"), "Zhezkazgan": ("zhezkazgan", "city"), "Ekibastuz": ("ekibastuz", "city"),
    "Kapchagay": ("kapshagay", "city"), "Konayev": ("kapshagay", "city"), "Balkhash": ("balkhash", "city"),
    "Kulsary": ("kulsary", "city"), "Baikonur": ("baikonur", "city"), "Байконур": ("baikonur", "city"),
    "Baikonur Cosmodrome": ("baikonur-cosmodrome", "site"),
    # regions, when the name says so
    "Aktobe region": ("aktobe-region", "region"), "Aktobe oblast": ("aktobe-region", "region"),
    "Ақтөбе облысы": ("aktobe-region", "region"), "Актюбинская область": ("aktobe-region", "region"),
    "Kyzylorda Region": ("kyzylorda-region", "region"), "Qyzylorda oblysy": ("kyzylorda-region", "region"),
    "Karaganda region": ("karaganda-region", "region"), "Карагандинская область": ("karaganda-region", "region"),
    "Almaty region": ("almaty-region", "region"), "Алматы облысы": ("almaty-region", "region"),
    "Mangistau": ("mangystau", "region"), "Mangystau": ("mangystau", "region"), "Маңғыстау": ("mangystau", "region"),
    "Mangistau region": ("mangystau", "region"), "Мангистауская область": ("mangystau", "region"),
    "Zhambyl": ("zhambyl-region", "region"), "Jambyl region": ("zhambyl-region", "region"),
    "Akmola": ("akmola-region", "region"), "Akmola oblast": ("akmola-region", "region"),
    "East Kazakhstan": ("east-kazakhstan", "region"), "Шығыс Қазақстан облысы": ("east-kazakhstan", "region"),
    "West Kazakhstan region": ("west-kazakhstan", "region"), "North Kazakhstan": ("north-kazakhstan", "region"),
    "South Kazakhstan": ("turkistan-region", "region"), "Turkistan region": ("turkistan-region", "region"),
    "Atyrau oblast": ("atyrau-region", "region"), "Pavlodar region": ("pavlodar-region", "region"),
    "Kostanay region": ("kostanay-region", "region"),
    # spaces and hyphens as written
    "Zhana Ozen": ("zhanaozen", "city"), "Zhana-Ozen": ("zhanaozen", "city"), "Nur Sultan": ("astana", "city"),
    "NurSultan": ("astana", "city"), "Almaata": ("almaty", "city"), "Taldy Korgan": ("taldykorgan", "city"),
    "Ust Kamenogorsk": ("oskemen", "city"),
    # districts
    "Beyneu District": ("beyneu-district", "district"), "Karakiya district": ("karakiya-district", "district"),
    # the country and abroad
    "Kazakhstan": ("kazakhstan", "country"), "Казахстан": ("kazakhstan", "country"),
    "Қазақстан": ("kazakhstan", "country"), "Moscow": ("moscow", "city"), "Москва": ("moscow", "city"),
    "Yerevan": ("yerevan", "city"), "Minsk": ("minsk", "city"), "Bishkek": ("bishkek", "city"),
    "Бишкек": ("bishkek", "city"), "Dushanbe": ("dushanbe", "city"), "Tashkent": ("tashkent", "city"),
    "Ashgabat": ("ashgabat", "city"), "Beijing": ("beijing", "city"), "Orenburg": ("orenburg", "city"),
    "Russia": ("russia", "country"), "Россия": ("russia", "country"), "Kyrgyzstan": ("kyrgyzstan", "country"),
}


@pytest.mark.parametrize("name, expected", [(n, e) for n, e in NAMES.items() if e is not None])
def test_every_spelling_resolves_to_the_feature_meant(name, expected):
    entry = default_gazetteer().resolve(name)
    assert entry is not None, name
    assert (entry.id, entry.kind) == expected


def test_the_table_is_large_enough():
    assert sum(e is not None for e in NAMES.values()) >= 80


def test_a_declared_kind_decides():
    gazetteer = default_gazetteer()
    assert gazetteer.resolve("Aktobe", "region").id == "aktobe-region"
    assert gazetteer.resolve("Aktobe", "city").id == "aktobe"
    assert gazetteer.resolve("Mangistau", "city").id == "mangistau"  # the town, when a city is meant
    assert gazetteer.resolve("Kyzylorda region", "city").kind == "region"  # the name says so; check warns


def test_names_of_january_2022_come_first_with_todays_name_shown():
    nur_sultan = default_gazetteer().resolve("Astana")
    assert nur_sultan.name == "Nur-Sultan" and nur_sultan.display_name == "Nur-Sultan (now Astana)"
    assert default_gazetteer().resolve("Konayev").display_name == "Kapshagay (now Konayev)"


def test_every_row_has_names_coordinates_and_a_january_2022_offset():
    gazetteer = default_gazetteer()
    kz = [e for e in gazetteer.entries.values() if e.country == "KZ" and e.origin == "gazetteer"]
    assert sum(e.kind == "city" for e in kz) > 350 and sum(e.kind == "region" for e in kz) == 14
    assert sum(e.kind == "district" for e in kz) > 150
    for entry in gazetteer.entries.values():
        if entry.origin != "gazetteer":
            continue
        assert entry.utc_offset is not None and entry.tz, entry.id
        assert -90 <= entry.lat <= 90 and -180 <= entry.lon <= 180
        if entry.country == "KZ" and entry.kind != "country":
            assert 40 < entry.lat < 56 and 46 < entry.lon < 88, entry.id
            assert entry.region in gazetteer.entries, entry.id
            assert entry.name_ru or not entry.major, entry.id  # GeoNames gives some villages no Cyrillic name


BUNDLED = {  # coordinates of the places of the bundled dataset, as before the gazetteer grew (issue 13)
    "almaty": (43.25249, 76.9115), "mangystau": (43.66105, 51.17392), "baikonur": (45.61667, 63.31667),
    "kazakhstan": (51.1801, 71.44598), "aktau": (43.66105, 51.17392), "zhanaozen": (43.34116, 52.86192),
    "astana": (51.1801, 71.44598), "moscow": (55.75204, 37.61781), "yerevan": (40.17765, 44.5126),
    "baikonur-cosmodrome": (45.65005, 63.31163),
}


@pytest.mark.parametrize("entry_id", BUNDLED)
def test_coordinates_of_the_bundled_places_are_unchanged(entry_id):
    entry = default_gazetteer().entries[entry_id]
    assert (entry.lat, entry.lon) == BUNDLED[entry_id]


def test_lookup_takes_under_a_millisecond_per_name():
    gazetteer = default_gazetteer()
    names = [n for n in NAMES] * 20
    start = time.perf_counter()
    for name in names:
        gazetteer.resolve(name)
    per_name = (time.perf_counter() - start) / len(names)
    assert per_name < 1e-3, f"{per_name * 1e6:.0f} µs per name"


def _places_yaml(places: str) -> str:
    return f"""title: t
period: {{start: 2022-01-01, end: 2022-01-31, timezone: "+06:00"}}
places:
{places}
sources: []
events: []
"""


def test_check_warns_when_the_declared_kind_and_the_gazetteer_disagree(tmp_path):
    from kztimeline.model.loader import load_text

    text = _places_yaml("  - {id: kz, name: Kyzylorda region, kind: city}\n"
                        "  - {id: ak, name: Aktobe, kind: city}\n"
                        "  - {id: akr, name: Aktobe, kind: region}\n"
                        "  - {id: nkz, name: North Kazakhstan, kind: city}\n")
    result = load_text(text, tmp_path / "e.yaml", "e.yaml")
    warnings = [p for p in result.problems if p.is_warning]
    assert [(w.line, "declared kind: city" in w.message) for w in warnings] == [(4, True), (7, True)]
    places = result.dataset.places
    assert (places["ak"].gazetteer_id, places["akr"].gazetteer_id) == ("aktobe", "aktobe-region")


@pytest.mark.parametrize("name, expected", [("Kapchagai", "kapshagay"), ("Zhetybai", "zhetybay"), ("Kordai", "korday"),
                                            ("Jetisay", "zhetysay"), ("Qostanai", "kostanay"),
                                            ("Qapshaghay", "kapshagay")])
def test_other_transliterations_resolve_only_when_asked_loosely(name, expected):
    gazetteer = default_gazetteer()
    assert gazetteer.resolve(name) is None
    assert gazetteer.resolve(name, loose=True).id == expected


def test_a_loosely_matched_place_declaration_is_a_warning(tmp_path):
    from kztimeline.model.loader import load_text

    result = load_text(_places_yaml("  - {id: k, name: Kapchagai, kind: city}\n"), tmp_path / "e.yaml", "e.yaml")
    assert result.ok and result.dataset.places["k"].gazetteer_id == "kapshagay"
    assert [p.is_warning and "close spelling" in p.message for p in result.problems] == [True]


def test_an_unknown_name_resolves_to_nothing():
    gazetteer = default_gazetteer()
    assert gazetteer.resolve("Springfield") is None and gazetteer.resolve("Atlantis region") is None


def test_a_qualified_name_never_means_a_place_of_another_kind():
    from kztimeline.model.entities import Place
    from kztimeline.model.placenames import PlaceResolver

    gazetteer = default_gazetteer()
    assert all(e.kind in ("region", "district") for e in gazetteer.candidates("Almaty region"))
    assert all(e.kind == "city" for e in gazetteer.candidates("Aktobe city"))
    places = {"almaty": Place("almaty", "Almaty", "city", 43.25, 76.91, None, "almaty", "")}
    resolver = PlaceResolver(places, gazetteer)
    assert resolver.resolve("Alma-Ata") == "almaty" and resolver.resolve("Almaty region") is None
