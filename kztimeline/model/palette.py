"""Category colours: the defaults a dataset's categories get in order, and the grey of an undeclared one.

The defaults are Okabe and Ito's colour-blind-safe set ("Color Universal Design", 2008), without its black (the
text colour) and its yellow (unreadable on white): under protanopia, deuteranopia and tritanopia neighbouring
categories stay apart, which matplotlib's tab10 did not (its red and green nearly met under protanopia).
"""

from __future__ import annotations

#: Okabe–Ito, named: what the bundled events.yaml and `kztimeline synth` use too.
OKABE_ITO = {"vermillion": "#d55e00", "blue": "#0072b2", "orange": "#e69f00", "reddish purple": "#cc79a7",
             "bluish green": "#009e73", "sky blue": "#56b4e9", "yellow": "#f0e442"}
#: Colours given to categories that declare none, in order of declaration.
DEFAULT_COLOURS = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
#: An event whose category the file does not declare.
UNDECLARED_COLOUR = "#7f7f7f"


def default_colour(index: int) -> str:
    """The default colour of the index-th category."""
    return DEFAULT_COLOURS[index % len(DEFAULT_COLOURS)]
