"""The dataset model: plain Python, never imports Qt."""

from .entities import Category, Conflict, Dataset, Event, Excerpt, Period, Place, Source, When
from .loader import LoadResult, load_dataset
from .problems import Problem

__all__ = ["Category", "Conflict", "Dataset", "Event", "Excerpt", "LoadResult", "Period", "Place",
           "Problem", "Source", "When", "load_dataset"]
