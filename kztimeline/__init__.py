"""kztimeline: the January 2022 unrest in Kazakhstan, on a timeline, on a map, and on whose word."""

__version__ = "0.1.0"
