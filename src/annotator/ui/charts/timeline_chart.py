"""The timeline: how often each checked tag appears per period of the documents' dates,
optionally split by a document variable (one series per tag and value).

Numbers come from ``services.statistics.timeline`` (SQL aggregations), within the
document filter. The chart redraws in place at most once per ``REDRAW_DELAY_MS`` however
many changes arrive, and never on the keystroke that caused them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QCheckBox, QToolButton, QToolTip, QWidget

from ...domain.filters import DocumentFilter
from ...domain.model import Tag
from ...domain.periods import Period, auto_period, full_day, period_bounds
from ...domain.periods import last_day as period_last_day
from ...services import Project
from ...services.comparison import (
    CODER_SPLIT,
    Group,
    dated_documents,
    split_groups,
)
from ...services.period_table import PeriodTable, complete_rows, timeline_periods
from ...services.quotes import QuoteFilter
from ...services.statistics import Measure, TimelineRow, sparse_timeline
from .chart_base import ChartBase
from .chart_export import export_button
from .date_axis import SpacedDateAxis
from .figure_export import FigureText
from .palettes import PALETTES, restyle
from .period_counts import IntervalBand, PeriodCountBars, interval_bands
from .series_style import Series, group_series, tag_series
from .small_multiples import PanelSwitch
from .split_picker import SplitPicker
from .style import chart_toolbar, combo, configure_plot
from .timeline_combinations import TimelineCombinations, combination_series
from .timeline_drawing import STYLES, Point, SeriesData, bar_width, draw_series
from .timeline_drilldown import point_quotes
from .timeline_figure import timeline_figure
from .timeline_legend import TimelineLegend
from .timeline_notes import timeline_note
from .timeline_table import describe_value, row_value, timeline_table

MEASURES: tuple[tuple[str, Measure], ...] = (
    ("Highlights", "highlights"), ("Documents", "documents"), ("Share of documents", "share"),
    ("Per 10k words", "rate"),
)
PERIOD_CHOICES: tuple[tuple[str, Period | None], ...] = (
    ("Automatic", None), ("Day", "day"), ("Week", "week"), ("Month", "month"),
    ("Quarter", "quarter"), ("Year", "year"),
)
_CLICK_RADIUS_PX = 12

__all__ = ["MEASURES", "PERIOD_CHOICES", "STYLES", "Point", "TimelineChart"]


class TimelineChart(ChartBase):
    """Tag frequency over time, one series per tag in the tag's colour, or split by a
    variable: one series per tag and value (see ``series_style``).

    Signals:
        quotesRequested(object, str): the :class:`QuoteFilter` of a clicked point (its
            tag, its period, its group within the document filter) and a description.
        dateRangeSelected(str, str): first and last day of a range dragged on the chart
            (empty strings when the range is removed).
    """

    quotesRequested = Signal(object, str)
    dateRangeSelected = Signal(str, str)

    def __init__(self, project: Project, parent: QWidget | None = None, *,
                 lazy: bool = False) -> None:
        super().__init__(project, parent, lazy=lazy)
        self.setObjectName("timelineChart")
        self._points: list[Point] = []
        self._rows: list[TimelineRow] = []
        self._series: list[Series] = []
        self._drawn_split: str | None = None
        self._period: Period = "month"
        self._items: list[pg.GraphicsObject] = []
        self._bands: list[IntervalBand] = []
        self._periods: PeriodTable | None = None
        self._build_ui()
        self._connect()
        self._first_draw()

    # -- construction ------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.measure_box = combo(self, [label for label, _ in MEASURES], "timelineMeasure")
        self.period_box = combo(self, [label for label, _ in PERIOD_CHOICES], "timelinePeriod")
        self.style_box = combo(self, list(STYLES), "timelineStyle")
        self.palette_box = combo(self, list(PALETTES), "timelinePalette")
        self.band_box = QCheckBox("95% interval", self, checked=True)
        self.band_box.setObjectName("timelineBand")
        self.band_box.setToolTip("Show the 95% Wilson interval of each share as a band")
        self.split_picker = SplitPicker(self)
        self.combinations = TimelineCombinations(self._project, self)
        self.range_button = QToolButton(self, text="Filter dates", checkable=True)
        self.range_button.setToolTip("Drag the shaded band to filter the documents by date")
        self.plot = pg.PlotWidget(self, axisItems={"bottom": SpacedDateAxis()}, background="w")
        self.body = PanelSwitch(self.plot, self)  # the plot, or small multiples
        self.panels_box, self.multiples = self.body.check, self.body.multiples
        toolbar = chart_toolbar(
            self, [("Count", self.measure_box), ("", self.band_box), ("per", self.period_box),
                   ("as", self.style_box), ("in", self.palette_box),
                   ("split by", self.split_picker.split_box),
                   ("", self.split_picker.values_button), ("", self.panels_box)],
            [self.combinations.button, self.range_button, export_button(self, self, "timeline")])
        configure_plot(self.plot.getPlotItem())
        self.legend = TimelineLegend(self.plot.getPlotItem())
        self.period_bars = PeriodCountBars(self.plot.getPlotItem())
        self.region = pg.LinearRegionItem(brush=QColor(0, 114, 178, 40))
        self.region.setZValue(-10)
        self._lay_out(toolbar, "timelineNote", self.body)

    def _connect(self) -> None:
        for box in (self.measure_box, self.period_box, self.style_box, self.palette_box):
            box.currentIndexChanged.connect(self.redraw)
        self.split_picker.changed.connect(self.redraw)
        self.panels_box.toggled.connect(self.redraw)
        self.multiples.pointClicked.connect(
            lambda point: self.quotesRequested.emit(*self.quote_filter(point)))
        self.band_box.toggled.connect(self._show_bands)
        self.combinations.changed.connect(self.redraw)
        self.combinations.failed.connect(self.note.setText)
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

    @property
    def split(self) -> str | None:
        """The variable the drawn series are split by (``None``: not split)."""
        return self._drawn_split

    def rows(self) -> list[TimelineRow]:
        """The rows currently drawn (what the CSV export writes)."""
        return list(self._rows)

    def bands(self) -> list[IntervalBand]:
        """The share intervals drawn, one per series (none for other measures)."""
        return list(self._bands)

    def period_table(self) -> PeriodTable | None:
        """Every drawn period with its documents and words (``None`` before a draw)."""
        return self._periods

    def points(self) -> list[Point]:
        """The drawn points (for tests and hit testing)."""
        return list(self._points)

    def series(self) -> list[Series]:
        """The drawn series, in the legend's order."""
        return list(self._series)

    def table(self) -> tuple[list[str], list[list[object]]]:
        """The drawn rows, as the CSV export writes them (see ``timeline_table``)."""
        return timeline_table(self._rows, self._period, self.measure,
                              split=self._drawn_split is not None)

    def export_name(self) -> str:
        """The file name an export suggests."""
        return f"timeline-by-{self._drawn_split}" if self._drawn_split else "timeline"

    def plot_view(self) -> QWidget:
        """What an export draws: the panels when shown, else the plot."""
        return self.body.currentWidget()

    def figure_text(self) -> FigureText:
        """The exported image's title and caption (see ``timeline_figure``)."""
        return timeline_figure(self)

    # -- drawing -----------------------------------------------------------------------
    def _draw_snapshot(self) -> None:
        """Recompute the numbers and draw them (a few aggregation queries)."""
        tags = {t.id: t for t in self._project.tags.all()}
        tag_ids = [t for t in (self._tag_ids if self._tag_ids is not None else tags) if t in tags]
        self.split_picker.set_variables(split_choices(self._project))
        split, where, measure = self.split_picker.split, self._within(), self.measure
        self._drawn_split = split
        span = self._span(where)
        self._period = self._resolve_period(span)
        groups = split_groups(self._project, split, where) if split else []
        chosen = self.split_picker.set_groups(groups, len(tag_ids)) if split else []
        rows = sparse_timeline(self._project, by=self._period, tag_ids=tag_ids,
                               measure=measure, count_documents=measure != "highlights",
                               where=where, split=split) if tag_ids else []
        saved = self.combinations.saved() if split is None else []
        rows += self.combinations.rows(saved, by=self._period, measure=measure, where=where)
        self._series = restyle(self._make_series(tag_ids, tags, groups, chosen)
                               + combination_series(saved), self.palette_box.currentText())
        self._periods = timeline_periods(self._project, by=self._period, where=where,
                                         split=split)
        self._rows = complete_rows(rows, self._periods,
                                   [(s.tag_id, s.tag, s.group) for s in self._series], measure)
        data = self._series_data(measure, span, where)
        self._clear()
        style = STYLES[self.style_box.currentIndex()]
        self._items, self._points = draw_series(self.plot.getPlotItem(), data, style,
                                                self._period)
        self._draw_bands(data if measure == "share" and style == "Lines" else [])
        self.period_bars.show(self._periods, self._period, chosen if split else [None],
                              centered=style != "Lines")
        self.band_box.setEnabled(measure == "share")
        self.legend.show_series(self._series, self._items)
        self._fit_view()
        self._update_axis_labels(measure)
        self.body.show_data(data, STYLES[self.style_box.currentIndex()], self._period)
        self._update_note(tag_ids, where, groups, chosen)

    def _make_series(self, tag_ids: list[int], tags: dict[int, Tag], groups: list[Group],
                     chosen: list[str | None]) -> list[Series]:
        paths = {tag_id: "/".join(path) for tag_id, path in self._project.tags.paths().items()}
        if self._drawn_split is None:
            return [tag_series(t, paths[t], tags[t].color) for t in tag_ids]
        documents = dict(groups)
        valued = [g for g in chosen if g is not None]
        return [group_series(tag_id, paths[tag_id], tag_index, group,
                             valued.index(group) if group is not None else 0,
                             documents[group])
                for tag_index, tag_id in enumerate(tag_ids) for group in chosen]

    def _series_data(self, measure: Measure, span: tuple[str, str] | None,
                     where: DocumentFilter | None) -> list[SeriesData]:
        """Each series' value in every period of the range: NaN (a gap, never a zero)
        where the series' group has no documents."""
        values: dict[tuple[int, str | None], dict[str, float]] = {}
        for row in self._rows:
            values.setdefault((row.tag_id, row.group), {})[row.period] = row_value(row, measure)
        periods = self._periods.periods if self._periods is not None else []
        return [SeriesData(s, values.get((s.tag_id, s.group), {}), periods)
                for s in self._series]

    def _draw_bands(self, data: list[SeriesData]) -> None:
        """A 95 % interval band around each share line of ``data``."""
        self._bands = interval_bands(self.plot.getPlotItem(), data, self._rows, self._period,
                                     visible=self.band_box.isChecked())

    def _show_bands(self, on: bool) -> None:
        for band in self._bands:
            band.setVisible(on)

    def _span(self, where: DocumentFilter | None) -> tuple[str, str] | None:
        """First and last day of the dated documents counted."""
        if where is None:
            return self._project.documents.date_span()
        days = dated_documents(self._project, by="day", where=where).get(None, {})
        return (min(days), max(days)) if days else None

    def _resolve_period(self, span: tuple[str, str] | None) -> Period:
        chosen = PERIOD_CHOICES[self.period_box.currentIndex()][1]
        if chosen is not None:
            return chosen
        return auto_period(*span) if span else "month"

    def _fit_view(self) -> None:
        """Fit now, not at the next paint, so that clicks map to the new data."""
        if not self._points:
            return
        view = self.plot.getPlotItem().getViewBox()
        view.autoRange(padding=0.04)
        xs = [p.x for p in self._points]
        width = bar_width(self._period)
        if max(xs) - min(xs) < 4 * width:  # one or two periods: show their neighbours
            middle = (max(xs) + min(xs)) / 2
            view.setXRange(middle - 4 * width, middle + 4 * width, padding=0)

    def _clear(self) -> None:
        plot = self.plot.getPlotItem()
        for item in [*self._items, *self._bands]:
            plot.removeItem(item)
        self._items = []
        self._bands = []

    def _update_axis_labels(self, measure: Measure) -> None:
        share = ("Share of the group's documents" if self._drawn_split
                 else "Share of the period's documents")
        titles = {"highlights": "Highlights", "documents": "Documents with the tag",
                  "share": share, "rate": "Highlights per 10,000 words"}
        self.plot.getPlotItem().setLabel("left", titles[measure])
        self.plot.getPlotItem().setLabel("bottom", f"Document date ({self._period})")
        self.plot.getPlotItem().getAxis("bottom").set_period(self._period)

    def _update_note(self, tag_ids: list[int], where: DocumentFilter | None,
                     groups: list[Group], chosen: list[str | None]) -> None:
        self.note.setText(timeline_note(self, tag_ids, where, groups, chosen))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.legend.fit()

    # -- interaction -------------------------------------------------------------------
    def point_at(self, scene_pos: QPointF) -> Point | None:
        """The drawn point nearest to a scene position, within a few pixels (points of
        series hidden from the legend do not count)."""
        view = self.plot.getPlotItem().getViewBox()
        hidden = {s for s, item in zip(self._series, self._items, strict=True)
                  if not item.isVisible()}
        best, best_distance = None, float(_CLICK_RADIUS_PX)
        for point in self._points:
            if point.series in hidden:
                continue
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
        """``2012 · security · 53.8% (95%: 29.1–76.8%) · N = 13 documents, 26,323 words``."""
        value = f"{point.value:.1%}" if self.measure == "share" else f"{point.value:g}"
        row = next((r for r in self._rows if (r.period, r.tag_id, r.group)
                    == (point.period, point.tag_id, point.group)), None)
        return describe_value(f"{point.period} · {point.series.name} · {value}", row)

    def quote_filter(self, point: Point) -> tuple[QuoteFilter, str]:
        """The quotes a point counts and the words that say so (see
        ``timeline_drilldown``; a combination of tags: see ``timeline_combinations``)."""
        if point.tag_id < 0:
            first, last = period_bounds(point.period, self._period)
            return self.combinations.quote_filter(point.tag_id, first, last, self._within())
        return point_quotes(self, point)

    def period_documents(self, group: str | None, period: str) -> int:
        """The dated documents of a period (in a group of the split) as last drawn: a
        share's denominator."""
        if self._periods is None:
            return 0
        return self._periods.counts.get((group, period), (0, 0))[0]

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
            self.quotesRequested.emit(*self.quote_filter(point))

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
                high = period_last_day(last_day or span[1])
                self.region.setRegion([_timestamp(day) for day in (low, high)])

    def _range_changed(self) -> None:
        low, high = self.region.getRegion()
        first = datetime.fromtimestamp(low, UTC).date().isoformat()
        last = datetime.fromtimestamp(high, UTC).date().isoformat()
        self.dateRangeSelected.emit(first, last)


def split_choices(project: Project) -> list[str]:
    """What the timeline can be split by: the project's variables, and the coders."""
    return [v.name for v in project.variables.all() if v.name != CODER_SPLIT] + [CODER_SPLIT]


def _timestamp(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()
