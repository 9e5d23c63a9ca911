"""What the timeline draws besides its series, so a reader can judge them: the documents
behind each period (light bars on their own right axis), the 95 % interval of a share (a
translucent band around its line) and the note on empty periods and imprecise dates.

The N bars live in a second view box behind the plot's own (x linked, y on the right
axis), so they never take the mouse from the series: hover, click and drag act on the
plot as before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath

from ...domain.periods import Period
from ...domain.wording import plural
from ...services.period_table import PeriodTable
from ...services.statistics import TimelineRow
from .timeline_drawing import SeriesData, bar_width, period_x
from .timeline_table import nan_for_none

#: The N bars: a light grey that stays behind any series colour.
N_BAR_COLOR = QColor(120, 130, 145, 45)
N_AXIS_COLOR = QColor("#8a94a6")
#: Opacity (0-255) of a share's interval band, in the series' colour.
BAND_ALPHA = 38


class IntervalBand(pg.GraphicsObject):
    """A translucent band from ``lows`` to ``highs`` at ``xs``, broken where a bound is
    NaN (a period without documents); a lone point gets a short block, ``width`` wide,
    so its interval shows too."""

    def __init__(self, xs: Sequence[float], lows: Sequence[float], highs: Sequence[float],
                 color: str, width: float) -> None:
        super().__init__()
        fill = QColor(color)
        fill.setAlpha(BAND_ALPHA)
        self._brush = QBrush(fill)
        self._path = QPainterPath()
        for run in _finite_runs(xs, lows, highs):
            if len(run) == 1:
                x, low, high = run[0]
                self._path.addRect(QRectF(x - width / 2, low, width, high - low))
                continue
            self._path.moveTo(QPointF(run[0][0], run[0][1]))
            for x, low, _ in run[1:]:
                self._path.lineTo(QPointF(x, low))
            for x, _, high in reversed(run):
                self._path.lineTo(QPointF(x, high))
            self._path.closeSubpath()

    def is_empty(self) -> bool:
        return self._path.isEmpty()

    def boundingRect(self) -> QRectF:
        return self._path.boundingRect()

    def paint(self, painter: QPainter, *_: object) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._brush)
        painter.drawPath(self._path)


def _finite_runs(xs: Sequence[float], lows: Sequence[float], highs: Sequence[float]
                 ) -> list[list[tuple[float, float, float]]]:
    runs: list[list[tuple[float, float, float]]] = [[]]
    for x, low, high in zip(xs, lows, highs, strict=True):
        if math.isnan(low) or math.isnan(high):
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, low, high))
    return [run for run in runs if run]


class PeriodCountBars:
    """Documents per period as light bars on the plot's right axis, behind the series.

    ``show(table, group)`` draws them (for a split, the documents of every group
    together); ``clear()`` removes them. The second view box follows the plot's
    geometry and x range.
    """

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self.view = pg.ViewBox(enableMenu=False)
        self.view.setMouseEnabled(x=False, y=False)
        self.view.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.view.setZValue(-100)
        plot.scene().addItem(self.view)
        plot.getViewBox().setBackgroundColor(None)  # let the bars behind show
        plot.showAxis("right")
        axis = plot.getAxis("right")
        axis.linkToView(self.view)
        axis.setPen(pg.mkPen(N_AXIS_COLOR))
        axis.setTextPen(pg.mkPen(N_AXIS_COLOR))
        axis.setLabel("Documents in the period", color=N_AXIS_COLOR.name())
        self.view.setXLink(plot.getViewBox())
        self.bars: pg.BarGraphItem | None = None
        self.counts: dict[str, int] = {}
        plot.getViewBox().sigResized.connect(self._follow)
        plot.getViewBox().sigYRangeChanged.connect(self._align)
        self._follow()

    def _follow(self) -> None:
        self.view.setGeometry(self._plot.getViewBox().sceneBoundingRect())
        self.view.linkedViewChanged(self._plot.getViewBox(), self.view.XAxis)

    def show(self, table: PeriodTable, kind: Period, groups: Sequence[str | None], *,
             centered: bool) -> None:
        """Bars of the documents of ``groups`` in every period of ``table``, under the
        series' points: at the period's start (lines) or its middle (``centered``, bars)."""
        self.clear()
        self.counts = {p: sum(table.documents(p, g) for g in groups) for p in table.periods}
        if not self.counts:
            return
        width = bar_width(kind)
        shift = width / 2 if centered else 0.0
        xs = [period_x(p, kind) + shift for p in table.periods]
        heights = [self.counts[p] for p in table.periods]
        self.bars = pg.BarGraphItem(x=xs, height=heights, width=width * 0.8,
                                    brush=QBrush(N_BAR_COLOR), pen=None)
        self.view.addItem(self.bars)
        self._follow()
        self._align()

    def _align(self) -> None:
        """Put the bars' zero level with the plot's, the tallest bar at about a third of
        the height: a backdrop, not a series."""
        if not self.counts:
            return
        low, high = self._plot.getViewBox().viewRange()[1]
        below = (0 - low) / (high - low) if high > low else 0.0
        span = max(1, max(self.counts.values())) * 3
        self.view.setYRange(-below * span, (1 - below) * span, padding=0)

    def clear(self) -> None:
        if self.bars is not None:
            self.view.removeItem(self.bars)
            self.bars = None
        self.counts = {}


def interval_bands(plot: pg.PlotItem, data: Sequence[SeriesData], rows: Sequence[TimelineRow],
                   kind: Period, *, visible: bool) -> list[IntervalBand]:
    """Add to ``plot`` one band per series of ``data`` from the ``ci_low``/``ci_high``
    of its ``rows`` (behind the lines; a gap where a period has no documents)."""
    bounds = {(r.tag_id, r.group, r.period): (r.ci_low, r.ci_high) for r in rows}
    bands = []
    for found in data:
        s = found.series
        xs = [period_x(p, kind) for p in found.periods]
        pairs = [bounds.get((s.tag_id, s.group, p), (None, None)) for p in found.periods]
        band = IntervalBand(xs, [nan_for_none(low) for low, _ in pairs],
                            [nan_for_none(high) for _, high in pairs], s.color,
                            bar_width(kind) * 0.4)
        band.setZValue(-5)
        band.setVisible(visible)
        plot.addItem(band)
        bands.append(band)
    return bands


def period_note(table: PeriodTable | None, groups: Sequence[str | None]) -> str:
    """``3 of 22 periods have no documents (gaps).  Year/month only: 2 documents (not in
    these periods).`` -- what is empty, and what is dated too coarsely to place."""
    if table is None or not table.periods:
        return ""
    text = ""
    empty = [p for p in table.periods
             if not any(table.documents(p, g) for g in groups)]
    if empty:
        text += (f"  {len(empty)} of {plural(len(table.periods), 'period')} "
                 "without documents (gaps).")
    imprecise = sum(table.imprecise.get(g, (0, 0))[0] for g in groups)
    if imprecise:
        text += (f"  Year/month only: {plural(imprecise, 'document')} "
                 "(not placed in these periods).")
    return text
