"""Drawing the timeline's series: lines, stacked or side-by-side bars.

A :class:`SeriesData` is one series with its value per period; :func:`draw_series` turns a
list of them into pyqtgraph items and the :class:`Point` records used for hit testing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.periods import Period, period_start
from .series_style import Series

STYLES = ("Lines", "Stacked bars", "Side-by-side bars")
#: Markers are drawn on lines of at most this many points (more would be a blur).
MAX_MARKERS = 400


@dataclass(frozen=True)
class SeriesData:
    """A series and its value in each period drawn (``periods``, in order; a period
    missing from ``values`` is a zero)."""

    series: Series
    values: dict[str, float]
    periods: list[str]


@dataclass(frozen=True)
class Point:
    """One drawn value: where it is (``y0`` the bottom of its bar), and what it means."""

    x: float
    y: float
    y0: float
    series: Series
    period: str
    value: float

    @property
    def tag_id(self) -> int:
        return self.series.tag_id

    @property
    def tag(self) -> str:
        return self.series.tag

    @property
    def group(self) -> str | None:
        return self.series.group


def bar_width(period: Period) -> float:
    """A period's length in seconds (about, for months and longer)."""
    days = {"day": 1, "week": 7, "month": 30.4, "quarter": 91.3, "year": 365.25}[period]
    return days * 86400


def period_x(period: str, kind: Period) -> float:
    """The x coordinate of a period: the UTC timestamp of its first day."""
    first = datetime.combine(period_start(period, kind), datetime.min.time())
    return first.replace(tzinfo=UTC).timestamp()


def draw_series(plot: pg.PlotItem, data: list[SeriesData], style: str, kind: Period
                ) -> tuple[list[pg.GraphicsObject], list[Point]]:
    """Add one item per series to ``plot`` in ``style`` (one of :data:`STYLES`); returns
    the items (in ``data``'s order) and every drawn point."""
    width = bar_width(kind)
    stack: dict[float, float] = {}
    items: list[pg.GraphicsObject] = []
    points: list[Point] = []
    slot = width / max(1, len(data))
    for index, found in enumerate(data):
        series = found.series
        xs = [period_x(p, kind) for p in found.periods]
        ys = [found.values.get(p, 0.0) for p in found.periods]
        if style == "Lines":
            item = _line(series, xs, ys)
            points += [Point(x, y, 0.0, series, p, y)
                       for x, y, p in zip(xs, ys, found.periods, strict=True)]
        elif style == "Stacked bars":
            bases = [stack.get(x, 0.0) for x in xs]
            item = _bars(series, [x + width / 2 for x in xs], ys, width * 0.9, bases)
            for x, y, base, p in zip(xs, ys, bases, found.periods, strict=True):
                stack[x] = base + y
                points.append(Point(x + width / 2, base + y, base, series, p, y))
        else:
            offset = index * slot + slot / 2
            item = _bars(series, [x + offset for x in xs], ys, slot * 0.9, None)
            points += [Point(x + offset, y, 0.0, series, p, y)
                       for x, y, p in zip(xs, ys, found.periods, strict=True)]
        plot.addItem(item)
        items.append(item)
    return items, points


def _line(series: Series, xs: list[float], ys: list[float]) -> pg.PlotDataItem:
    color = QColor(series.color)
    pen = pg.mkPen(color, width=2, style=series.line)
    # useCache=False: markers are drawn as vector paths, not stamped from a cached bitmap
    # (in an SVG, and in a PNG rasterised from it, the bitmaps came out as stripes). The
    # option must go through the PlotDataItem: it passes its own to the scatter on update.
    return pg.PlotDataItem(xs, ys, pen=pen, symbol=series.symbol if len(xs) <= MAX_MARKERS
                           else None, symbolSize=6 if series.split else 5,
                           symbolBrush=color, symbolPen=None, useCache=False)


def _bars(series: Series, xs: list[float], ys: list[float], width: float,
          bases: list[float] | None) -> pg.BarGraphItem:
    color = QColor(series.color)
    brush = QBrush(color, series.fill)
    # A hatched bar needs its outline, or its edges vanish against the white.
    pen = None if series.fill == Qt.BrushStyle.SolidPattern else pg.mkPen(color)
    if bases is None:
        return pg.BarGraphItem(x=xs, height=ys, width=width, brush=brush, pen=pen)
    return pg.BarGraphItem(x=xs, height=ys, y0=bases, width=width, brush=brush, pen=pen)
