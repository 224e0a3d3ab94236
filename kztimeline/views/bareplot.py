"""`BarePlot`: a view box with a bottom axis under it and, optionally, a left axis beside it: the timeline's plot and
its overview strip.

Why not a pyqtgraph PlotItem: neither plot has a title, a top or right axis, buttons or a menu, and a PlotItem builds
all of them, four axes and its options form (some forty widgets, polished at the first show): about 5 ms a plot of
start-up. This lays out what the plots use the way a PlotItem does (same grid, margins and stretch) and holds the
PlotItem methods the timeline calls, by the same names, so the plots read as PlotItems."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsItem, QSizePolicy


class BarePlot(pg.GraphicsWidget):
    """A ViewBox with `bottom` below it and `left` (if given) to its left, both linked to it."""

    def __init__(self, bottom: pg.AxisItem, left: pg.AxisItem | None = None):
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.vb = pg.ViewBox(parent=self, enableMenu=False)
        self.axes = {"bottom": bottom, **({"left": left} if left is not None else {})}
        grid = QGraphicsGridLayout()
        grid.setContentsMargins(1, 1, 1, 1)  # (a PlotItem's)
        grid.setSpacing(0)
        column = 0 if left is None else 1  # (no empty column: it would take a share of the width)
        grid.addItem(self.vb, 0, column)
        grid.addItem(bottom, 1, column)
        if left is not None:
            grid.addItem(left, 0, 0)
            grid.setColumnStretchFactor(0, 1)
        grid.setColumnStretchFactor(column, 100)  # the view box takes the room (a PlotItem's factors)
        grid.setRowStretchFactor(0, 100)
        grid.setRowStretchFactor(1, 1)
        self.setLayout(grid)
        for axis in self.axes.values():
            axis.linkToView(self.vb)
            axis.setZValue(0.5)  # (as a PlotItem places its axes: above images, below items that ask for z >= 1)
            axis.setFlag(QGraphicsItem.GraphicsItemFlag.ItemNegativeZStacksBehindParent)

    def getViewBox(self) -> pg.ViewBox:  # (PlotItem's names)
        return self.vb

    def getAxis(self, name: str) -> pg.AxisItem:
        return self.axes[name]

    def showGrid(self, x: bool = False, alpha: float = 0.3) -> None:
        """Grid lines at the bottom axis's ticks (vertical lines), as PlotItem.showGrid(x=…) draws them."""
        self.axes["bottom"].setGrid(int(min(max(alpha * 255, 0), 255)) if x else False)

    def addItem(self, item: QGraphicsItem, ignoreBounds: bool = False) -> None:  # noqa: N803 (PlotItem's)
        self.vb.addItem(item, ignoreBounds=ignoreBounds)

    def removeItem(self, item: QGraphicsItem) -> None:
        self.vb.removeItem(item)

    def setXRange(self, *args: Any, **kwargs: Any) -> None:
        self.vb.setXRange(*args, **kwargs)

    def setYRange(self, *args: Any, **kwargs: Any) -> None:
        self.vb.setYRange(*args, **kwargs)

    def setMouseEnabled(self, x: bool = True, y: bool = True) -> None:
        self.vb.setMouseEnabled(x=x, y=y)
