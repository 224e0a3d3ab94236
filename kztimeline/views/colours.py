"""Colours derived from the widget palette, so every panel reads in light and dark themes: one blending helper and
the named tints each panel draws with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtGui import QColor, QPalette

AMBER = QColor("#e0a000")  # warnings and disagreements


def blend(a: QColor, b: QColor, t: float, alpha: int = 255) -> QColor:
    """`a` moved `t` of the way towards `b` (t=0: a, t=1: b), with the given opacity."""
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t), alpha)


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour."""
    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green()) + 0.0722 * linear(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


#: WCAG AA for normal text.
READABLE = 4.5


def muted(text: QColor, base: QColor, share: float = 0.45) -> QColor:
    """Text toned down `share` of the way towards its background, but never below READABLE contrast with it."""
    for step in range(round(share * 20), -1, -1):
        colour = blend(text, base, step / 20)
        if contrast(colour, base) >= READABLE:
            return colour
    return QColor(text)


def with_alpha(colour: QColor, alpha: int) -> QColor:
    colour = QColor(colour)
    colour.setAlpha(alpha)
    return colour


class MapColours(NamedTuple):
    """What the places map is drawn with."""

    base: QColor  # the map's land
    text: QColor
    accent: QColor  # places, the filtered place, the current event's places
    faint: QColor  # text of places the filter leaves out
    shade: QColor = QColor("#e07b28")  # region places: a warm tint, never the water's blue

    @classmethod
    def from_palette(cls, palette: QPalette) -> MapColours:
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        return cls(base, text, palette.color(QPalette.ColorRole.Highlight), muted(text, base, 0.55))


@dataclass(frozen=True)
class TextTints:
    """CSS colours for the source panel's rich text."""

    muted: str
    border: str
    quote_bg: str
    warn_bg: str

    @classmethod
    def from_palette(cls, palette: QPalette) -> TextTints:
        text, base = palette.text().color(), palette.base().color()
        return cls(muted=muted(text, base, 0.4).name(), border=blend(base, text, 0.35).name(),
                   quote_bg=blend(base, text, 0.06).name(), warn_bg=blend(base, AMBER, 0.12).name())
