"""Category colours: the defaults a dataset's categories get in order, and the grey of an undeclared one."""

from __future__ import annotations

#: Colours given to categories that declare none, in order of declaration.
DEFAULT_COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
#: An event whose category the file does not declare.
UNDECLARED_COLOUR = "#7f7f7f"


def default_colour(index: int) -> str:
    """The default colour of the index-th category."""
    return DEFAULT_COLOURS[index % len(DEFAULT_COLOURS)]
