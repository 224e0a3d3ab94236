"""The offline gazetteer: coordinates, kinds and January 2022 UTC offsets for places, under any of their spellings.

Names are matched after folding case, accents, apostrophes and hyphens, so "Alma-Ata", "Almaty" and "Алматы" all
find the same row. A name several rows share goes to the one a report most likely means (see `Gazetteer.resolve`):
"Aktobe" is the city, "Aktobe region", "Aktobe oblast" and "Ақтөбе облысы" the region, "Almaty city" the city.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from ..atomicwrite import AtomicWriteError, write_atomically
from ..resources import resource
from ..userdirs import cache_dir
from .geocache import cache_path, read_cache
from .offsets import parse_offset

_REGION_WORDS = re.compile(r"\b(region|province|oblast|oblasti|oblysy|oblasy|oblys|obl|облысы|область|обл)\b")
_DISTRICT_WORDS = re.compile(r"\b(district|rayon|raion|audany|ауданы|район)\b")
_CITY_WORDS = re.compile(r"\b(city|town|qalasy|kalasy|қаласы|город|г)\b")
#: The kinds a place declared with a kind (events.yaml) may take in the gazetteer, best first.
KIND_MATCHES: dict[str, tuple[str, ...]] = {"city": ("city",), "region": ("region", "district"),
                                            "district": ("district", "region"), "site": ("site", "city"),
                                            "country": ("country",)}
#: Among rows of the same standing, a bare name goes to a city before a region, a region before a district.
_KIND_ORDER = {"country": 0, "city": 1, "site": 2, "region": 3, "district": 4}
MAJOR_POPULATION = 10_000  # a populated place this big is named in reports as often as a region


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    kind: str
    name: str
    lat: float
    lon: float
    utc_offset: timezone | None
    tz: str = ""
    geonameid: str = ""
    aliases: tuple[str, ...] = ()
    origin: str = "gazetteer"  # or "geocoded" for entries from the user's Nominatim cache
    now: str = ""  # the name today, when it changed after January 2022 (Nur-Sultan: "Astana")
    name_ru: str = ""
    name_kk: str = ""
    historical: tuple[str, ...] = ()  # former names: they find the place, after places whose current name it is
    country: str = ""  # ISO 3166 code
    region: str = ""  # id of the first-level unit of January 2022 it lies in
    population: int = 0
    centre: str = ""  # a region's administrative centre in January 2022 (an id)
    coord_basis: str = "own"  # own | centre | capital | proxy | place:<id> | region-centre:<id> (see SOURCE.md)

    @property
    def display_name(self) -> str:
        """'Nur-Sultan (now Astana)': the name of January 2022, and today's when it changed."""
        return f"{self.name} (now {self.now})" if self.now else self.name

    @property
    def major(self) -> bool:
        """A country, a region, a place of 10,000 people or more, or a hand-curated row."""
        return self.kind in ("country", "region", "site") or self.population >= MAJOR_POPULATION or (
            self.kind == "city" and self.origin == "geocoded")


def fold_name(name: str) -> str:
    """Fold a place name for lookup: case, accents, apostrophes, hyphens and spacing don't count."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʼ`ʻ\"]", "", text)
    return " ".join(re.sub(r"[-_.,/()]", " ", text).split())


_LOOSE = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("q", "k"), ("ı", "i"), ("yy", "i"), ("iy", "i"),
          ("ay", "ai"), ("aj", "ai"), ("y", "i"), ("ng", "n"))


def loose_key(key: str) -> str:
    """A folded name with the Latin transliterations' variants merged, for a last try: Kapchagai ~ Kapchagay,
    Qaskeleng ~ Kaskelen, Jambyl ~ Zhambyl, Kordai ~ Korday."""
    text = key.replace(" ", "")
    for a, b in _LOOSE:
        text = text.replace(a, b)
    return "".join(c for i, c in enumerate(text) if i == 0 or c != text[i - 1])


def _hint(key: str) -> tuple[str, str | None]:
    """(the name without a qualifying word, the kind the word asks for): 'aktobe region' → ('aktobe', 'region')."""
    for words, kind in ((_REGION_WORDS, "region"), (_DISTRICT_WORDS, "district"), (_CITY_WORDS, "city")):
        bare = " ".join(words.sub(" ", key).split())
        if bare != key and bare:
            return bare, kind
    return key, None


@dataclass
class Gazetteer:
    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    _names: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # folded name → [(id, 0 | 1 historical)]
    _compact: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # the same without spaces
    _loose: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # the same as `loose_key`s

    def add(self, entry: GazetteerEntry) -> None:
        self.entries[entry.id] = entry
        historical = {fold_name(h) for h in entry.historical}
        historical |= {_hint(h)[0] for h in historical}
        names = {fold_name(n) for n in (entry.id, entry.name, entry.now, entry.name_ru, entry.name_kk, *entry.aliases)
                 if n}
        if entry.kind in ("region", "district"):  # "Mangystau Region" is also found as "Mangystau"
            names |= {_hint(n)[0] for n in names}
        for key in names:
            for index, k in ((self._names, key), (self._compact, key.replace(" ", "")), (self._loose, loose_key(key))):
                candidates = index.setdefault(k, [])
                if all(c[0] != entry.id for c in candidates):
                    candidates.append((entry.id, 1 if key in historical else 0))

    def candidates(self, name: str, kind: str | None = None, loose: bool = False) -> list[GazetteerEntry]:
        """Every entry the name may stand for, the most likely first (see `resolve`). With `loose`, a name found
        under no spelling is tried once more with transliteration variants merged (`loose_key`)."""
        key = fold_name(name)
        bare, hinted = _hint(key)
        # a word in the name ("Kyzylorda region") outweighs a declared kind, which `check` then warns about
        wanted = KIND_MATCHES.get(hinted or "", ()) or KIND_MATCHES.get(kind or "", (kind,) if kind else ())
        found: dict[str, int] = {}
        for k in (key, bare):
            for entry_id, historical in self._names.get(k, ()):
                found.setdefault(entry_id, historical)
        for index, variant in ((self._compact, lambda k: k.replace(" ", "")), (self._loose, loose_key)):
            if found or (index is self._loose and not loose):
                break
            for k in (key, bare):  # "Zhana Ozen", "Nur Sultan", "Almaata"; then "Kapchagai", "Qaskeleng"
                for entry_id, historical in index.get(variant(k), ()):
                    found.setdefault(entry_id, historical)
        entries = self.entries
        if hinted:  # "Almaty region" is never the city, "Almaty city" never the region
            found = {i: q for i, q in found.items() if entries[i].kind in KIND_MATCHES[hinted]}
        big_city = any(entries[i].kind == "city" and entries[i].population >= 100_000 for i in found)

        def rank(entry_id: str) -> tuple[int, int, int, int, int, int]:
            entry = entries[entry_id]
            order = _KIND_ORDER.get(entry.kind, 5)
            if entry.kind == "region" and entry.centre not in found and not big_city:
                order = 0  # a region comes before a smaller place that shares its name but is not its centre
            return (wanted.index(entry.kind) if entry.kind in wanted else len(wanted), 0 if entry.major else 1,
                    found[entry_id], order, 0 if entry.country in ("KZ", "") else 1, -entry.population)
        return [entries[i] for i in sorted(found, key=rank)]

    def resolve(self, name: str, kind: str | None = None, loose: bool = False) -> GazetteerEntry | None:
        """The entry a name stands for, however it is spelled; None when unknown.

        Where rows share the name: a word in the name decides first ("Aktobe region", "… oblast", "… облысы",
        "Almaty city", "… district"), then a declared `kind` (a place's in events.yaml); then a country, a region or a
        place of 10,000 people before a village; a current name before a former one ("Zhambyl" is the region, the
        old name of Taraz comes second); the city a region is named after and governed from before the region ("protests
        in Aktobe") and a city of 100,000 before a region named after it ("Almaty"), but a region before a smaller
        namesake (the region, not the town of Mangistau); a place in
        Kazakhstan before one abroad; and the more populous first."""
        found = self.candidates(name, kind, loose)
        return found[0] if found else None

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        import csv  # (only when the gazetteer is built: it is kept built in the cache folder)

        gazetteer = cls()
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                offset = row.get("utc_offset_2022_01", "").strip()
                gazetteer.add(GazetteerEntry(
                    id=row["id"], kind=row["kind"], name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]),
                    utc_offset=parse_offset(offset) if offset else None, tz=row.get("tz", ""),
                    geonameid=row.get("geonameid", ""), aliases=_split(row.get("aliases")),
                    now=row.get("now") or "", name_ru=row.get("name_ru") or "", name_kk=row.get("name_kk") or "",
                    historical=_split(row.get("historical")), country=row.get("country") or "",
                    region=row.get("region") or "", centre=row.get("centre") or "",
                    population=int(row.get("population") or 0),
                    coord_basis=row.get("coord_basis") or "own"))
        return gazetteer


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (text or "").split("|") if a.strip())


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer plus any names the user has geocoded online before (cached on disk).

    Built once and kept, indexes included, in the user's cache folder (`_stored`): folding its 5,000 names takes
    a tenth of a second (the places map's region names are kept resolved apart, `resolved_ids`)."""
    global _default_digest
    digest = _default_digest = source_digest()
    stored = _stored(digest)
    if stored is not None:
        return stored
    gazetteer = Gazetteer.from_csv(resource("gazetteer", "gazetteer.csv"))
    for entry in cached_entries():
        if gazetteer.resolve(entry.name) is None:
            gazetteer.add(entry)
    _store(digest, gazetteer)
    return gazetteer


class DeferredGazetteer:
    """The default gazetteer, built (or read from the cache folder) only when first asked something: a dataset
    whose places all have coordinates, and whose events name them by id or name, never needs it, and loading it is
    a tenth of a second of a first load."""

    def __getattr__(self, name: str) -> Any:
        return getattr(default_gazetteer(), name)

    def __len__(self) -> int:
        return len(default_gazetteer())

    def __bool__(self) -> bool:
        return True


def deferred_gazetteer() -> Gazetteer:
    """A `DeferredGazetteer`, typed as what it stands for."""
    return cast(Gazetteer, DeferredGazetteer())


_default_digest: str | None = None  # the sources' digest the default gazetteer of this process was built from


def source_digest() -> str:
    """A digest of what the default gazetteer is built from: the bytes of the shipped CSV and of the user's names
    geocoded online (read, not parsed: asking costs a millisecond, loading a tenth of a second)."""
    digest = hashlib.sha256()
    for path in (resource("gazetteer", "gazetteer.csv"), cache_path()):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"(none)"
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


# --- the built gazetteer in the cache folder -----------------------------------------------------------------------
# One file, replaced atomically; its name holds the digest of the sources and of this module's code, its header the
# SHA-256 of its body, and msgspec decodes the body against the types below: a missing, truncated, corrupt, foreign
# or outdated file is ignored and rebuilt, never trusted. Deleting it loses nothing.
_MAGIC = b"kztimeline gazetteer\n"
_Index = dict[str, list[tuple[str, int]]]


def _stored_path(digest: str, kind: str = "gazetteer") -> Path:
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return cache_dir() / f"{kind}-{hashlib.sha256((digest + code).encode()).hexdigest()[:32]}.json"


def _checked_body(path: Path, magic: bytes) -> bytes | None:
    """The body of a file written by `_write_checked`; None when missing, foreign or damaged."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    body = blob[len(magic) + 32:]
    if not blob.startswith(magic) or hashlib.sha256(body).digest() != blob[len(magic):len(magic) + 32]:
        return None
    return body


def _write_checked(path: Path, magic: bytes, body: bytes) -> None:
    """Replace `path` (and any file of its kind for other sources or code) by magic, SHA-256 of body, body."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(path.name.partition("-")[0] + "-*.json"):  # the one of older sources or code
        if old != path:
            old.unlink(missing_ok=True)
    write_atomically(path, magic + hashlib.sha256(body).digest() + body)


def _offset_hook(kind: type, value: object) -> object:
    if kind is timezone and isinstance(value, (int, float)) and abs(value) < 86400:
        return _zone(value)
    raise NotImplementedError(f"not a {kind.__name__}")


@lru_cache(maxsize=64)
def _zone(seconds: float) -> timezone:
    """One timezone object per offset (a few offsets, six hundred entries)."""
    return timezone(timedelta(seconds=seconds))


def _stored(digest: str) -> Gazetteer | None:
    import msgspec

    body = _checked_body(_stored_path(digest), _MAGIC)
    if body is None:
        return None
    try:
        entries, names, compact, loose = msgspec.json.decode(
            body, type=tuple[list[GazetteerEntry], _Index, _Index, _Index], dec_hook=_offset_hook)
    except Exception:  # whatever a damaged or foreign file makes the decoder do, it is a miss
        return None
    return Gazetteer({entry.id: entry for entry in entries}, names, compact, loose)


def _store(digest: str, gazetteer: Gazetteer) -> None:
    import msgspec

    def offset(value: object) -> object:
        if isinstance(value, timezone):
            delta = value.utcoffset(None)
            return delta.total_seconds() if delta is not None else 0.0
        raise NotImplementedError(f"cannot store a {type(value).__name__}")

    try:
        body = msgspec.json.encode((list(gazetteer.entries.values()), gazetteer._names, gazetteer._compact,
                                    gazetteer._loose), enc_hook=offset)
        _write_checked(_stored_path(digest), _MAGIC, body)
    except (AtomicWriteError, OSError, NotImplementedError, TypeError, ValueError):
        return  # a cache that cannot be written only costs time next time


# --- names resolved before, beside the built gazetteer ---------------------------------------------------------------
# The places map resolves its regions' names before the window's first paint; loading the whole gazetteer for those
# fifty names took 10 ms of every start. The answers are kept in a small file of their own, named, checked and
# replaced like the built gazetteer (same sources and code: same answers).
_RESOLVED_MAGIC = b"kztimeline resolved names\n"
_Resolved = dict[str, dict[str, str | None]]  # kind ("" for none) → name → id of the entry it resolves to, or None


def resolved_ids(names: Sequence[str], kind: str | None = None) -> dict[str, str | None]:
    """`default_gazetteer().resolve(name, kind)`'s entry id (None: unknown) for each name, without loading the
    gazetteer when every name was resolved before."""
    import msgspec

    digest = source_digest()
    path = _stored_path(digest, "resolved")
    body = _checked_body(path, _RESOLVED_MAGIC)
    try:
        known: _Resolved = msgspec.json.decode(body, type=_Resolved) if body is not None else {}
    except Exception:  # whatever a damaged or foreign file makes the decoder do, it is a miss
        known = {}
    answers = known.setdefault(kind or "", {})
    missing = [name for name in names if name not in answers]
    if missing:
        gazetteer = default_gazetteer()
        for name in missing:
            entry = gazetteer.resolve(name, kind)
            answers[name] = entry.id if entry is not None else None
        if _default_digest != digest:  # this process's gazetteer predates a change to its sources (names geocoded
            return {name: answers[name] for name in names}  # since): its answers are not kept under the new digest
        try:
            _write_checked(path, _RESOLVED_MAGIC, msgspec.json.encode(known))
        except (AtomicWriteError, OSError):
            pass  # a cache that cannot be written only costs time next time
    return {name: answers[name] for name in names}


def cached_entries() -> list[GazetteerEntry]:
    """Names the user geocoded online earlier, as gazetteer rows (no network)."""
    out = []
    for key, hit in read_cache().items():
        try:
            out.append(GazetteerEntry(id=f"geocoded-{key.replace(' ', '-')}", kind="city", name=hit["query"],
                                      lat=float(hit["lat"]), lon=float(hit["lon"]), utc_offset=None,
                                      aliases=(hit.get("display_name", ""),), origin="geocoded"))
        except (KeyError, TypeError, ValueError):
            continue
    return out
