"""The offline gazetteer: coordinates, kinds and January 2022 UTC offsets for places, under any of their spellings.

Names are matched after folding case, accents, apostrophes and hyphens, so "Alma-Ata", "Almaty" and "Алматы" all
find the same row, and a trailing "region"/"oblast"/"облысы" is ignored when nothing matches with it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timezone
from functools import lru_cache
from pathlib import Path

from ..resources import resource
from .geocache import read_cache
from .offsets import parse_offset

_REGION_WORDS = re.compile(r"\b(region|province|oblast|oblysy|oblasy|oblys|облысы|область)\b")


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


def fold_name(name: str) -> str:
    """Fold a place name for lookup: case, accents, apostrophes, hyphens and spacing don't count."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʼ`ʻ\"]", "", text)
    return " ".join(re.sub(r"[-_.,/]", " ", text).split())


@dataclass
class Gazetteer:
    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)

    def add(self, entry: GazetteerEntry) -> None:
        self.entries[entry.id] = entry
        for name in (entry.id, entry.name, *entry.aliases):
            self._names.setdefault(fold_name(name), entry.id)

    def resolve(self, name: str) -> GazetteerEntry | None:
        """The entry a name stands for, however it is spelled; None when unknown."""
        key = fold_name(name)
        if key in self._names:
            return self.entries[self._names[key]]
        bare = " ".join(_REGION_WORDS.sub(" ", key).split())
        if bare != key and bare in self._names:
            return self.entries[self._names[bare]]
        return None

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        gazetteer = cls()
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                offset = row.get("utc_offset_2022_01", "").strip()
                gazetteer.add(GazetteerEntry(
                    id=row["id"], kind=row["kind"], name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]),
                    utc_offset=parse_offset(offset) if offset else None, tz=row.get("tz", ""),
                    geonameid=row.get("geonameid", ""),
                    aliases=tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())))
        return gazetteer


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer plus any names the user has geocoded online before (cached on disk)."""
    gazetteer = Gazetteer.from_csv(resource("gazetteer", "gazetteer.csv"))
    for entry in cached_entries():
        if gazetteer.resolve(entry.name) is None:
            gazetteer.add(entry)
    return gazetteer


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
