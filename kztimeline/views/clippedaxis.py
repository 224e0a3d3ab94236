"""Axes that paint with a clip: a translucent grid line costs Qt's raster engine 30 times less with one.

With no clip on the painter (QGraphicsView sets none), Qt strokes a translucent cosmetic line, such as an axis's
grid line over the whole plot, pixel by pixel; with a clip rectangle it fills spans. At 10,000 events the grid
made half of each redraw of the timeline (a month's 32 grid lines: 6-25 ms of a 15-40 ms paint, against 0.3-0.7 ms
clipped). The clip is the item's own bounding rectangle, which holds its grid (pyqtgraph's
`AxisItem.boundingRect`), and two pixels more each way, where pyqtgraph draws the axis line's ends and the last
tick: the axis looks as it did, pixel for pixel (tests/test_timeline.py).
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter


#: Pixels the clip reaches past the bounding rectangle on each side: enough for the 1-pixel cosmetic pens the app
#: draws its axes with (a pen several pixels wide would be cut where it reaches further).
MARGIN = 2.0


class ClippedPaint:
    """Mixed into an `AxisItem` (before it): its paint clipped to its bounding rectangle."""

    def paint(self, p: QPainter, *args: Any) -> None:
        p.save()
        try:
            # within any clip the painter has already (a render of part of the scene, a clipping parent)
            p.setClipRect(self.boundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN),  # type: ignore[attr-defined]
                          Qt.ClipOperation.IntersectClip)
            super().paint(p, *args)  # type: ignore[misc]
        finally:
            p.restore()


class ClippedAxis(ClippedPaint, pg.AxisItem):
    """A plain pyqtgraph axis, clipped as it paints."""


__all__ = ["ClippedAxis", "ClippedPaint"]
