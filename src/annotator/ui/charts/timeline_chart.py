"""The timeline: how often each checked tag appears per period of the documents' dates.

Numbers come from ``services.statistics.timeline`` (SQL aggregations). The chart redraws
in place (``setData`` on existing items) at most once per ``REDRAW_DELAY_MS`` however many
changes arrive, and never on the keystroke that caused them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QToolButton,
    QToolTip,
    QWidget,
)

from ...domain.periods import (
    Period,
    auto_period,
    full_day,
    period_bounds,
    period_start,
    periods_between,
)
from ...services import Project
from ...services.statistics import (
    Measure,
    TimelineRow,
    documents_per_period,
    timeline,
    undated,
)
from .chart_base import ChartBase
from .chart_export import export_button
from .style import AXIS_COLOR, chart_toolbar, combo, configure_plot, empty_text

MEASURES: tuple[tuple[str, Measure], ...] = (
    ("Highlights", "highlights"), ("Documents", "documents"), ("Share of documents", "share"),
)
PERIOD_CHOICES: tuple[tuple[str, Period | None], ...] = (
    ("Automatic", None), ("Day", "day"), ("Week", "week"), ("Month", "month"),
    ("Quarter", "quarter"), ("Year", "year"),
)
STYLES = ("Lines", "Stacked bars", "Side-by-side bars")
_CLICK_RADIUS_PX = 12


@dataclass(frozen=True)
class _Slot:
    period: str
    value: float


@dataclass(frozen=True)
class Point:
    """One drawn value: where it is, and what it means."""

    x: float
    y: float
    y0: float
    tag_id: int
    tag: str
    period: str
    value: float


def _timestamp(day: datetime) -> float:
    return day.replace(tzinfo=UTC).timestamp()


class TimelineChart(ChartBase):
    """Tag frequency over time, one series per tag in the tag's colour.

    Signals:
        quotesRequested(list, str, str): tag ids, first and last day of a clicked period.
        dateRangeSelected(str, str): first and last day of a range dragged on the chart
            (empty strings when the range is removed).
    """

    quotesRequested = Signal(list, str, str)
    dateRangeSelected = Signal(str, str)

    def __init__(self, project: Project, parent: QWidget | None = None, *,
                 lazy: bool = False) -> None:
        super().__init__(project, parent, lazy=lazy)
        self.setObjectName("timelineChart")
        self._points: list[Point] = []
        self._rows: list[TimelineRow] = []
        self._period: Period = "month"
        self._items: list[pg.GraphicsObject] = []
        self._build_ui()
        self._connect()
        self._first_draw()

    # -- construction ------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.measure_box = combo(self, [label for label, _ in MEASURES], "timelineMeasure")
        self.period_box = combo(self, [label for label, _ in PERIOD_CHOICES], "timelinePeriod")
        self.style_box = combo(self, list(STYLES), "timelineStyle")
        self.range_button = QToolButton(self, text="Filter dates", checkable=True)
        self.range_button.setToolTip("Drag the shaded band to filter the documents by date")
        toolbar = chart_toolbar(self, [("Count", self.measure_box), ("per", self.period_box),
                                       ("as", self.style_box)],
                                [self.range_button, export_button(self, self, "timeline")])
        self.plot = pg.PlotWidget(self, axisItems={"bottom": pg.DateAxisItem(utcOffset=0)},
                                  background="w")
        configure_plot(self.plot.getPlotItem())
        self.legend = self.plot.getPlotItem().addLegend(offset=(10, 10),
                                                        labelTextColor=AXIS_COLOR)
        self.region = pg.LinearRegionItem(brush=QColor(0, 114, 178, 40))
        self.region.setZValue(-10)
        self._lay_out(toolbar, "timelineNote")

    def _connect(self) -> None:
        for box in (self.measure_box, self.period_box, self.style_box):
            box.currentIndexChanged.connect(self.redraw)
        self.range_button.toggled.connect(self._toggle_range)
        self.region.sigRegionChangeFinished.connect(self._range_changed)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.plot.scene().sigMouseClicked.connect(self._click)

    # -- public ------------------------------------------------------------------------
    @property
    def measure(self) -> Measure:
        return MEASURES[self.measure_box.currentIndex()][1]

    @property
    def period(self) -> Period:
        """The period drawn (the automatic choice resolved)."""
        return self._period

    def rows(self) -> list[TimelineRow]:
        """The rows currently drawn (what the CSV export writes)."""
        return list(self._rows)

    def points(self) -> list[Point]:
        """The drawn points (for tests and hit testing)."""
        return list(self._points)

    def table(self) -> tuple[list[str], list[list[object]]]:
        header = ["period", "first_day", "last_day", "tag", "highlights", "documents"]
        if self.measure == "share":
            header.append("share")
        body: list[list[object]] = []
        for row in self._rows:
            first, last = period_bounds(row.period, self._period)
            line: list[object] = [row.period, first, last, row.tag, row.highlights, row.documents]
            if self.measure == "share":
                line.append(f"{row.share:.6f}")
            body.append(line)
        return header, body

    # -- drawing -----------------------------------------------------------------------
    def _draw_snapshot(self) -> None:
        """Recompute the numbers and draw them (cheap: one aggregation query)."""
        tags = {t.id: t for t in self._project.tags.all()}
        tag_ids = [t for t in (self._tag_ids if self._tag_ids is not None else tags) if t in tags]
        self._period = self._resolve_period()
        measure = self.measure
        self._rows = timeline(self._project, by=self._period, tag_ids=tag_ids, measure=measure,
                              count_documents=measure != "highlights",
                              where=self._where) if tag_ids else []
        order = {tag_id: i for i, tag_id in enumerate(tag_ids)}
        by_tag: dict[int, list[TimelineRow]] = {tag_id: [] for tag_id in tag_ids}
        for row in self._rows:
            by_tag[row.tag_id].append(row)
        self._clear()
        style = STYLES[self.style_box.currentIndex()]
        self._points = self._draw(by_tag, tags, order, style, measure, self._all_periods(measure))
        if self._points:  # fit now, not at the next paint, so clicks map to the new data
            view = self.plot.getPlotItem().getViewBox()
            view.autoRange(padding=0.04)
            xs = [p.x for p in self._points]
            width = _bar_width(self._period)
            if max(xs) - min(xs) < 4 * width:  # one or two periods: show their neighbours
                middle = (max(xs) + min(xs)) / 2
                view.setXRange(middle - 4 * width, middle + 4 * width, padding=0)
        self._update_axis_labels(measure)
        self._update_note(tag_ids)

    def _all_periods(self, measure: Measure) -> list[str]:
        """Periods to draw: every period of the dated span (a missing count is a zero);
        for shares, only periods that have documents (elsewhere a share is undefined)."""
        if measure == "share":
            return sorted(documents_per_period(self._project, by=self._period,
                                               where=self._where))
        span = self._project.documents.date_span()
        return periods_between(*span, self._period) if span else []

    def _resolve_period(self) -> Period:
        chosen = PERIOD_CHOICES[self.period_box.currentIndex()][1]
        if chosen is not None:
            return chosen
        span = self._project.documents.date_span()
        return auto_period(*span) if span else "month"

    def _clear(self) -> None:
        plot = self.plot.getPlotItem()
        for item in self._items:
            plot.removeItem(item)
        self._items = []
        self.legend.clear()

    def _draw(self, by_tag, tags, order, style: str, measure: Measure,  # type: ignore[no-untyped-def]
              periods: list[str]) -> list[Point]:
        plot = self.plot.getPlotItem()
        width = _bar_width(self._period)
        stack: dict[float, float] = {}
        points: list[Point] = []
        count = max(1, len(by_tag))
        paths = self._project.tags.paths()
        x_of = {p: _timestamp(datetime.combine(period_start(p, self._period),
                                               datetime.min.time())) for p in periods}
        for tag_id, found in by_tag.items():
            color = QColor(tags[tag_id].color)
            label = "/".join(paths[tag_id])
            values = {r.period: _value(r, measure) for r in found}
            rows = [_Slot(p, values.get(p, 0.0)) for p in periods]
            xs = [x_of[r.period] for r in rows]
            ys = [r.value for r in rows]
            if style == "Lines":
                item = pg.PlotDataItem(xs, ys, pen=pg.mkPen(color, width=2), name=label,
                                       symbol="o" if len(xs) <= 400 else None, symbolSize=5,
                                       symbolBrush=color, symbolPen=None)
                # Draw markers as vectors, not cached bitmaps, so SVG/PNG exports are crisp.
                item.scatter.opts["useCache"] = False
                points += [Point(x, y, 0.0, tag_id, label, r.period, y)
                           for x, y, r in zip(xs, ys, rows, strict=True)]
            elif style == "Stacked bars":
                y0 = [stack.get(x, 0.0) for x in xs]
                item = pg.BarGraphItem(x=[x + width / 2 for x in xs], height=ys, y0=y0,
                                       width=width * 0.9, brush=color, pen=None, name=label)
                for x, y, base, r in zip(xs, ys, y0, rows, strict=True):
                    stack[x] = base + y
                    points.append(Point(x + width / 2, base + y, base, tag_id, label, r.period, y))
            else:
                slot = width / count
                offset = order[tag_id] * slot + slot / 2
                item = pg.BarGraphItem(x=[x + offset for x in xs], height=ys, width=slot * 0.9,
                                       brush=color, pen=None, name=label)
                points += [Point(x + offset, y, 0.0, tag_id, label, r.period, y)
                           for x, y, r in zip(xs, ys, rows, strict=True)]
            plot.addItem(item)
            self._items.append(item)
        return points

    def _update_axis_labels(self, measure: Measure) -> None:
        titles = {"highlights": "Highlights", "documents": "Documents with the tag",
                  "share": "Share of the period's documents"}
        self.plot.getPlotItem().setLabel("left", titles[measure])
        self.plot.getPlotItem().setLabel("bottom", f"Document date ({self._period})")

    def _update_note(self, tag_ids: list[int]) -> None:
        documents, highlights = undated(self._project, tag_ids or None, self._where)
        text = self.filter_note()
        if not tag_ids:
            text += " " + empty_text("No tags to show yet: create tags and highlight quotes.")
        elif not self._rows:
            text += " No highlights of these tags in dated documents."
        if documents:
            text += (f"  {documents} undated document{'s' * (documents != 1)}"
                     f" ({highlights} highlight{'s' * (highlights != 1)}) not shown.")
        self.note.setText(text.strip())

    # -- interaction -------------------------------------------------------------------
    def point_at(self, scene_pos: QPointF) -> Point | None:
        """The drawn point nearest to a scene position, within a few pixels."""
        view = self.plot.getPlotItem().getViewBox()
        best, best_distance = None, float(_CLICK_RADIUS_PX)
        for point in self._points:
            top = view.mapViewToScene(pg.Point(point.x, point.y))
            bottom = view.mapViewToScene(pg.Point(point.x, point.y0))
            dx = abs(top.x() - scene_pos.x())
            low, high = sorted((top.y(), bottom.y()))
            dy = 0.0 if low <= scene_pos.y() <= high else min(abs(top.y() - scene_pos.y()),
                                                                 abs(bottom.y() - scene_pos.y()))
            distance = (dx * dx + dy * dy) ** 0.5
            if distance <= best_distance:
                best, best_distance = point, distance
        return best

    def describe(self, point: Point) -> str:
        value = f"{point.value:.1%}" if self.measure == "share" else f"{point.value:g}"
        return f"{point.period} · {point.tag} · {value}"

    def _hover(self, scene_pos: QPointF) -> None:
        point = self.point_at(scene_pos)
        if point is None:
            QToolTip.hideText()
            return
        global_pos = self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos))
        QToolTip.showText(global_pos, self.describe(point), self.plot)

    def _click(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.point_at(event.scenePos())
        if point is not None:
            first, last = period_bounds(point.period, self._period)
            self.quotesRequested.emit([point.tag_id], first, last)

    def _toggle_range(self, on: bool) -> None:
        plot = self.plot.getPlotItem()
        if on:
            low, high = plot.getViewBox().viewRange()[0]
            self.region.setRegion((low + (high - low) * 0.3, low + (high - low) * 0.6))
            plot.addItem(self.region)
            self._range_changed()
        else:
            plot.removeItem(self.region)
            self.dateRangeSelected.emit("", "")

    def show_date_range(self, first_day: str | None, last_day: str | None) -> None:
        """Show the filter's date range as the band (no band without one), without
        announcing it (``dateRangeSelected`` is for ranges the user drags)."""
        span = self._project.documents.date_span()
        with QSignalBlocker(self):
            self.range_button.setChecked(bool(first_day or last_day) and span is not None)
            if self.range_button.isChecked() and span is not None:
                low = full_day(first_day or span[0])
                high = _last_day(last_day or span[1])
                self.region.setRegion([_timestamp(datetime.fromisoformat(day))
                                       for day in (low, high)])

    def _range_changed(self) -> None:
        low, high = self.region.getRegion()
        first = datetime.fromtimestamp(low, UTC).date().isoformat()
        last = datetime.fromtimestamp(high, UTC).date().isoformat()
        self.dateRangeSelected.emit(first, last)



def _last_day(bound: str) -> str:
    """The last day a ``YYYY[-MM[-DD]]`` bound includes."""
    if len(bound) in (4, 7):
        return period_bounds(bound, "year" if len(bound) == 4 else "month")[1]
    return bound[:10]


def _value(row: TimelineRow, measure: Measure) -> float:
    if measure == "share":
        return float(row.share or 0.0)
    return float(row.documents if measure == "documents" else row.highlights)


def _bar_width(period: Period) -> float:
    days = {"day": 1, "week": 7, "month": 30.4, "quarter": 91.3, "year": 365.25}[period]
    return days * 86400
