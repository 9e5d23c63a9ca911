"""Small multiples: the timeline's series one panel each, in a grid, the panels' x axes
(dates) linked and their y axes on one scale from zero, so that shapes and sizes compare
at a glance where more than five lines on one plot would tangle.

Each panel is titled with its series' name and drawn like the main plot (see
``timeline_drawing``); a click on a point reports it, as on the main plot.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QStackedWidget, QWidget

from ...domain.periods import Period
from .date_axis import SpacedDateAxis
from .style import AXIS_COLOR, configure_plot
from .timeline_drawing import Point, SeriesData, bar_width, draw_series

#: The panels are offered from this many series on.
MULTIPLES_FROM = 6
#: Panels at least this wide, if they can be, and no lower than this (a short dock
#: gets more columns rather than flat panels).
PANEL_MIN_PX = 260
PANEL_MIN_HEIGHT_PX = 110
#: Every panel's left axis is as wide, so that panels stacked in a column line up.
LEFT_AXIS_PX = 44
_CLICK_RADIUS_PX = 10


class SmallMultiples(pg.GraphicsLayoutWidget):
    """One panel per series (see the module).

    Signals:
        pointClicked(object): the :class:`Point` nearest a left click, within a few pixels.
    """

    pointClicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanels")
        self.setBackground("w")
        self.ci.setContentsMargins(4, 4, 18, 4)  # room for the last date label
        self._panels: list[tuple[pg.PlotItem, list[Point]]] = []
        self.scene().sigMouseClicked.connect(self._click)

    def panels(self) -> list[pg.PlotItem]:
        """The panels, in the series' order."""
        return [panel for panel, _ in self._panels]

    def panel_points(self) -> list[list[Point]]:
        """Each panel's drawn points."""
        return [list(points) for _, points in self._panels]

    def show_data(self, data: list[SeriesData], style: str, period: Period) -> None:
        """Draw one panel per series of ``data`` in ``style``, replacing the panels (the
        measure is named by the panels' caller: the note, the exported title)."""
        self.clear()
        self._panels = []
        rows_fit = max(1, self.height() // PANEL_MIN_HEIGHT_PX)
        columns = max(1, self.width() // PANEL_MIN_PX, math.ceil(len(data) / rows_fit))
        columns = min(columns, max(1, len(data)))
        rows = math.ceil(len(data) / columns) if data else 0
        first: pg.PlotItem | None = None
        for index, found in enumerate(data):
            row, column = divmod(index, columns)
            panel = self.addPlot(row=row, col=column,
                                 axisItems={"bottom": SpacedDateAxis()})
            configure_plot(panel)
            panel.hideButtons()
            panel.setTitle(found.series.label, color=AXIS_COLOR.name(), size="9pt")
            panel.getAxis("bottom").set_period(period)
            last_row = row == rows - 1 or index + columns >= len(data)
            panel.getAxis("bottom").setStyle(showValues=last_row)
            panel.getAxis("left").setWidth(LEFT_AXIS_PX)
            _, points = draw_series(panel, [found], style, period)
            if first is None:
                first = panel
            else:
                panel.setXLink(first)
            self._panels.append((panel, points))
        drawn = [p for _, points in self._panels for p in points]
        if first is not None and drawn:  # every panel: every date, zero to the highest value
            low, high = min(p.x for p in drawn), max(p.x for p in drawn)
            margin = max((high - low) * 0.05, bar_width(period) * 0.6)
            first.setXRange(low - margin, high + margin, padding=0)
            top = max(p.y for p in drawn) or 1.0
            # One scale for all, set on each: a y link would line panels of different
            # heights up on screen, shifting their ranges apart.
            for panel, _ in self._panels:
                panel.setYRange(-top * 0.1, top * 1.08, padding=0)  # room for the 0 label

    def point_at(self, scene_pos: QPointF) -> Point | None:
        """The point nearest ``scene_pos`` in the panel under it."""
        for panel, points in self._panels:
            view = panel.getViewBox()
            if not view.sceneBoundingRect().contains(scene_pos):
                continue
            best, best_distance = None, float(_CLICK_RADIUS_PX)
            for point in points:
                at = view.mapViewToScene(pg.Point(point.x, point.y))
                distance = math.hypot(at.x() - scene_pos.x(), at.y() - scene_pos.y())
                if distance <= best_distance:
                    best, best_distance = point, distance
            return best
        return None

    def _click(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.point_at(event.scenePos())
        if point is not None:
            self.pointClicked.emit(point)


class PanelSwitch(QStackedWidget):
    """The timeline's body: its ``plot``, or the :class:`SmallMultiples` when the
    ``check`` box is ticked and there are at least :data:`MULTIPLES_FROM` series."""

    def __init__(self, plot: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.plot = plot
        self.multiples = SmallMultiples(self)
        self.check = QCheckBox("Panels", parent)
        self.check.setObjectName("timelinePanelsBox")
        self.check.setToolTip(f"One panel per series (from {MULTIPLES_FROM} series on)")
        self.addWidget(plot)
        self.addWidget(self.multiples)

    def show_data(self, data: list[SeriesData], style: str, period: Period) -> None:
        """Show the panels of ``data`` if asked for and there are enough series, else
        the plot (the check box is enabled only when panels can be had)."""
        self.check.setEnabled(len(data) >= MULTIPLES_FROM)
        panels = self.check.isChecked() and len(data) >= MULTIPLES_FROM
        self.setCurrentWidget(self.multiples if panels else self.plot)
        self.multiples.show_data(data if panels else [], style, period)
