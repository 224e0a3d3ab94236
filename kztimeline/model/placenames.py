"""Which declared place a name means, however it is spelled: the place's id, its name, or any gazetteer alias."""

from __future__ import annotations

from collections.abc import Mapping

from ..geo.gazetteer import Gazetteer, fold_name
from .entities import Place


class PlaceResolver:
    """Resolves names to the ids of a dataset's places (shared by the loader and `kztimeline export --places`)."""

    def __init__(self, places: Mapping[str, Place], gazetteer: Gazetteer):
        self.places, self.gazetteer = places, gazetteer
        self._names: dict[str, str] = {}
        for place in places.values():
            self._names.setdefault(fold_name(place.id), place.id)
            self._names.setdefault(fold_name(place.name), place.id)
            entry = gazetteer.entries.get(place.gazetteer_id) if place.gazetteer_id else None
            for alias in (entry.name, *entry.aliases) if entry else ():
                self._names.setdefault(fold_name(alias), place.id)

    def resolve(self, name: str) -> str | None:
        """The id of the place `name` refers to, or None."""
        if name in self.places:
            return name
        found = self._names.get(fold_name(name))
        if found:
            return found
        for entry in self.gazetteer.candidates(name):  # "Aktobe" is the dataset's Aktobe region if it has no city
            for place in self.places.values():
                if place.gazetteer_id == entry.id:
                    return place.id
        return None
