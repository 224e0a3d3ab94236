"""The timeline's event titles in one item: a few hundred texts drawn in one paint, at whole pixels, with no item
(and no text document) per title, so that a redraw costs what the text costs and nothing more.

Where the titles go is decided by the timeline (`TimelineWidget._update_labels`); this only draws them.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter


class Titles(pg.GraphicsObject):
    """Texts at (x, y) in data units (x: the text's left edge, y: its row's centre), each regular or bold."""

    def __init__(self, font: QFont, bold: QFont):
        super().__init__()
        self.fonts = {False: QFont(font), True: QFont(bold)}
        self._metrics = {key: QFontMetricsF(value) for key, value in self.fonts.items()}
        self.colour = QColor("black")
        self.items: list[tuple[float, float, str, bool]] = []
        self._bounds = QRectF()

    def set_titles(self, items: list[tuple[float, float, str, bool]], bounds: QRectF) -> None:
        """Show these titles; `bounds` (data units) holds them all (the visible range)."""
        self.prepareGeometryChange()
        self.items, self._bounds = items, QRectF(bounds)
        self.update()

    def set_colour(self, colour: QColor) -> None:
        self.colour = QColor(colour)
        self.update()

    def texts(self) -> list[str]:
        return [text for _x, _y, text, _bold in self.items]

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, *args: object) -> None:
        if not self.items:
            return
        transform = painter.transform()
        painter.save()
        painter.resetTransform()  # whole device pixels: crisp text, and no transform per glyph run
        painter.setPen(self.colour)
        font_bold = None
        for x, y, text, bold in self.items:
            if bold is not font_bold:
                painter.setFont(self.fonts[bold])
                font_bold = bold
            metrics = self._metrics[bold]
            at = transform.map(QPointF(x, y))
            painter.drawText(QPointF(round(at.x()), round(at.y() + (metrics.ascent() - metrics.descent()) / 2)), text)
        painter.restore()
