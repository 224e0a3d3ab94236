"""The formats kztimeline writes: their names, the file names that pick them, and their writers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model.entities import Dataset
from .atomic import ExchangeError, write_atomic


@dataclass(frozen=True)
class Format:
    name: str  # for --format
    suffixes: tuple[str, ...]  # file name endings that pick it, longest first where they overlap
    label: str  # for menus and help
    write: Callable[[Dataset, Path], bytes]


def _timelinejs(dataset: Dataset, target: Path) -> bytes:
    from .timelinejs import timelinejs_bytes

    return timelinejs_bytes(dataset)


def _geojson(dataset: Dataset, target: Path) -> bytes:
    from .geojson import geojson_bytes

    return geojson_bytes(dataset)


def _kml(dataset: Dataset, target: Path) -> bytes:
    from .kml import kml_bytes

    return kml_bytes(dataset)


def _csv(dataset: Dataset, target: Path) -> bytes:
    from .acledcsv import acled_csv_bytes

    return acled_csv_bytes(dataset, target)


def _annotations(dataset: Dataset, target: Path) -> bytes:
    from .annotations import annotations_bytes

    return annotations_bytes(dataset)


def _csl(dataset: Dataset, target: Path) -> bytes:
    from .csl import csl_bytes

    return csl_bytes(dataset)


def _yaml(dataset: Dataset, target: Path) -> bytes:
    from .yamlout import yaml_bytes

    return yaml_bytes(dataset, target)


FORMATS = (
    Format("timelinejs", (".timelinejs.json",), "TimelineJS3 JSON", _timelinejs),
    Format("geojson", (".geojson",), "GeoJSON", _geojson),
    Format("kml", (".kml",), "KML (Google Earth)", _kml),
    Format("csv", (".csv",), "CSV in ACLED's column layout", _csv),
    Format("annotations", (".annotations.jsonld", ".jsonld"), "W3C Web Annotations (JSON-LD)", _annotations),
    Format("csl", (".csl.json",), "CSL-JSON citations (Zotero)", _csl),
    Format("yaml", (".yaml", ".yml"), "events.yaml", _yaml),
)
BY_NAME = {f.name: f for f in FORMATS}


def format_for(path: Path, name: str | None = None) -> Format | None:
    """The format named, or the one the file name ends with; None when neither says."""
    if name:
        return BY_NAME.get(name)
    lower = path.name.lower()
    return next((f for f in FORMATS if lower.endswith(f.suffixes)), None)


def write_format(dataset: Dataset, path: Path, fmt: Format) -> str:
    """Write atomically; ExchangeError with one line when the path cannot be written. Returns a warning ("" for
    none): a YAML or CSV written away from the archived sources cannot have its excerpts verified when read."""
    if path.exists() and path.is_dir():
        raise ExchangeError(f"cannot write '{path}': it is a folder")
    write_atomic(path, fmt.write(dataset, path))
    if fmt.name not in ("yaml", "csv"):
        return ""
    from .tree import sources_outside

    outside = sources_outside(dataset, path.parent)
    if not outside:
        return ""
    return (f"the archived sources of {', '.join(outside)} are outside {path.parent or '.'}: write {path.name} "
            "beside the events file (or copy the sources into its folder) so its excerpts can be verified again")


__all__ = ["BY_NAME", "FORMATS", "ExchangeError", "Format", "format_for", "write_format"]
