"""The dataset model: plain Python, never imports Qt.

The names below are imported on first use (PEP 562), not with the package: any `model.x` import would otherwise
load the whole reader (YAML, dates, quotes) first, and the window's start-up needs only a few modules of it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entities import Category, Conflict, Dataset, Event, Excerpt, Period, Place, Source, When
    from .loader import LoadResult, load_dataset
    from .problems import Problem

_WHERE = {"Category": "entities", "Conflict": "entities", "Dataset": "entities", "Event": "entities",
          "Excerpt": "entities", "Period": "entities", "Place": "entities", "Source": "entities", "When": "entities",
          "LoadResult": "loader", "load_dataset": "loader", "Problem": "problems"}

__all__ = ["Category", "Conflict", "Dataset", "Event", "Excerpt", "LoadResult", "Period", "Place",
           "Problem", "Source", "When", "load_dataset"]


def __getattr__(name: str) -> object:
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
