"""A date axis (UTC seconds) whose ticks are spaced by the width of their labels.

pyqtgraph's date axis guesses the labels' density and, on a narrow chart, may show no
label at all or, with long labels, let neighbours run into each other. Here the step is
chosen from days, weeks, months and years as the finest whose labels, measured in the
axis font, fit side by side with a gap; whatever still touches a label kept before it is
dropped when drawn. Years read ``2019``, months ``Mar 2019``, days ``2019-03-04``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter

#: The least room between two labels, and how far a label may reach past the axis's
#: ends, in pixels.
LABEL_GAP_PX = 12
EDGE_OVERFLOW_PX = 22
#: Candidate steps, finest first: (unit, how many, label format, example label).
STEPS: tuple[tuple[str, int, str, str], ...] = (
    ("day", 1, "%Y-%m-%d", "2000-00-00"), ("day", 7, "%Y-%m-%d", "2000-00-00"),
    ("month", 1, "%b %Y", "Sep 2000"), ("month", 3, "%b %Y", "Sep 2000"),
    ("month", 6, "%b %Y", "Sep 2000"),
    *(("year", n, "%Y", "2000") for n in (1, 2, 5, 10, 20, 50, 100)),
)
_DAY_S = 86400.0


def _day(seconds: float) -> date:
    return datetime.fromtimestamp(max(min(seconds, 253_402_214_400.0), -62_135_596_800.0),
                                  UTC).date()


def _seconds(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def step_ticks(unit: str, count: int, low: float, high: float) -> list[float]:
    """Tick positions (UTC seconds) every ``count`` ``unit`` from ``low`` to ``high``:
    days from the epoch (weeks on Mondays), months from January, years on multiples."""
    first, last = _day(low), _day(high)
    ticks: list[float] = []
    if unit == "day":
        day = first + timedelta(days=(-first.weekday()) % 7 if count == 7 else 0)
        while day <= last:
            ticks.append(_seconds(day))
            day += timedelta(days=count)
    elif unit == "month":
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            if (month - 1) % count == 0 and date(year, month, 1) >= first:
                ticks.append(_seconds(date(year, month, 1)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        year = first.year + (-first.year) % count
        while year <= last.year:
            if date(year, 1, 1) >= first:
                ticks.append(_seconds(date(year, 1, 1)))
            year += count
    return [t for t in ticks if low <= t <= high]


#: The finest step worth labelling for data of each period (yearly data gets no months).
FINEST_STEP = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 5}


def choose_step(low: float, high: float, pixels: float, metrics: QFontMetrics,
                finest: int = 0) -> tuple[str, int, str]:
    """The finest step (from ``STEPS[finest]`` on) whose labels fit in ``pixels`` side
    by side with a gap."""
    if high <= low or pixels <= 0:
        return STEPS[-1][:3]
    for unit, count, fmt, example in STEPS[finest:]:
        room = metrics.horizontalAdvance(example) + LABEL_GAP_PX
        span = {"day": _DAY_S, "month": 30.44 * _DAY_S, "year": 365.25 * _DAY_S}[unit] * count
        if span / (high - low) * pixels >= room:
            return unit, count, fmt
    return STEPS[-1][:3]


def spaced_labels(texts: list[tuple[QRectF, int, str]], horizontal: bool
                  ) -> list[tuple[QRectF, int, str]]:
    """``texts`` (pyqtgraph's ``(rect, flags, text)`` in drawing order) without those that
    come within half of :data:`LABEL_GAP_PX` of a label kept before them."""
    kept: list[tuple[QRectF, int, str]] = []
    pad = LABEL_GAP_PX / 4
    for spec in texts:
        rect = spec[0]
        grown = (rect.adjusted(-pad, 0, pad, 0) if horizontal else rect.adjusted(0, -pad, 0, pad))
        if not any(grown.intersects(other[0]) for other in kept):
            kept.append(spec)
    return kept


class SpacedDateAxis(pg.AxisItem):
    """A bottom axis of UTC timestamps labelled as dates (see the module)."""

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation=orientation)
        self.enableAutoSIPrefix(False)  # seconds since 1970 are never "x1e+09"
        self._format = "%Y"
        self._finest = 0

    def set_period(self, period: str) -> None:
        """Label no finer than the data's ``period`` (``day`` … ``year``)."""
        self._finest = FINEST_STEP.get(period, 0)
        self.picture = None  # pyqtgraph's cached drawing
        self.update()

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.style.get("tickFont") or QFont())

    def boundingRect(self) -> QRectF:
        """pyqtgraph's, widened so that a label at either end may reach
        :data:`EDGE_OVERFLOW_PX` past the axis (a year's reaches ~15 px either side of its
        tick) rather than vanish: with a grid, pyqtgraph allows no overflow."""
        return super().boundingRect().adjusted(-EDGE_OVERFLOW_PX, 0, EDGE_OVERFLOW_PX, 0)

    def tickValues(self, minVal, maxVal, size):  # type: ignore[no-untyped-def]
        unit, count, self._format = choose_step(minVal, maxVal, size, self._metrics(),
                                                  self._finest)
        ticks = step_ticks(unit, count, minVal, maxVal)
        spacing = {"day": _DAY_S, "month": 30.44 * _DAY_S, "year": 365.25 * _DAY_S}[unit]
        return [(spacing * count, ticks)]

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]
        return [_day(value).strftime(self._format) for value in values]

    def generateDrawSpecs(self, p):  # type: ignore[no-untyped-def]
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis, ticks, texts = specs
        return axis, ticks, spaced_labels(texts, self.orientation in ("top", "bottom"))

    def label_rects(self) -> list[tuple[QRectF, str]]:
        """The labels as they would be drawn now (for tests)."""
        image = QImage(1, 1, QImage.Format.Format_ARGB32)
        painter = QPainter(image)  # pyqtgraph measures the labels with a painter's font
        try:
            specs = self.generateDrawSpecs(painter)
        finally:
            painter.end()
        return [] if specs is None else [(rect, text) for rect, _, text in specs[2]]
