"""`BarePlot`: a view box over a bottom axis, for the timeline's overview strip.

Why not a pyqtgraph PlotItem: the overview has no left axis, title, buttons or menu, and a PlotItem builds all of
them, four axes and its options form (some forty widgets): about 4 ms of start-up. This holds what the overview
uses of one, with the same names, so the timeline treats both plots alike."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsItem, QSizePolicy


class BarePlot(pg.GraphicsWidget):
    """A ViewBox (row 0) with `axis` below it (row 1), linked to it."""

    def __init__(self, axis: pg.AxisItem):
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.vb = pg.ViewBox(parent=self, enableMenu=False)
        self.axis = axis
        axis.linkToView(self.vb)
        axis.setZValue(0.5)  # (as a PlotItem places its axes: above images, below items that ask for z >= 1)
        axis.setFlag(QGraphicsItem.GraphicsItemFlag.ItemNegativeZStacksBehindParent)
        grid = QGraphicsGridLayout()
        grid.setContentsMargins(1, 1, 1, 1)  # (a PlotItem's)
        grid.setSpacing(0)
        grid.addItem(self.vb, 0, 0)
        grid.addItem(axis, 1, 0)
        grid.setRowStretchFactor(0, 100)
        self.setLayout(grid)

    def getViewBox(self) -> pg.ViewBox:  # (PlotItem's names)
        return self.vb

    def getAxis(self, name: str) -> pg.AxisItem:
        if name != "bottom":
            raise KeyError(f"a BarePlot has only a bottom axis, not {name!r}")
        return self.axis

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
