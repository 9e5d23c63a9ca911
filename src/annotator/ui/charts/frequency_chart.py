"""Tag frequencies: horizontal bars per tag, and a tag-by-tag co-occurrence heat map.

Numbers come from ``services.statistics`` (SQL aggregations); redraws are throttled like
the timeline's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QToolTip,
    QWidget,
)

from ...domain.wording import plural
from ...services import Project
from ...services.quotes import QuoteFilter
from ...services.statistics import TagFrequency, cooccurrence, tag_frequencies
from .chart_base import ChartBase
from .chart_export import export_button
from .style import AXIS_COLOR, chart_toolbar, combo, configure_plot

VIEWS = ("Bars", "Co-occurrence")
MEASURES = (("Highlights", "highlights"), ("Documents", "documents"))
SORTS = ("By count", "By name")


@dataclass(frozen=True)
class Cell:
    """One co-occurrence cell: row tag, column tag, count."""

    row: int
    column: int
    count: int


class FrequencyChart(ChartBase):
    """Per-tag counts as bars, or co-occurrence of tag pairs as a heat map with counts.

    Signals:
        quotesRequested(object, str): the :class:`QuoteFilter` of a clicked bar or cell
            (see :meth:`quote_filter`) and a description.
    """

    quotesRequested = Signal(object, str)

    def __init__(self, project: Project, parent: QWidget | None = None, *,
                 lazy: bool = False) -> None:
        super().__init__(project, parent, lazy=lazy)
        self.setObjectName("frequencyChart")
        self._bars: list[TagFrequency] = []
        self._cells: list[Cell] = []
        self._matrix_tags: list[int] = []
        self._matrix_paths: dict[int, str] = {}
        self._items: list[pg.GraphicsObject] = []
        self._build_ui()
        self._connect()
        self._first_draw()

    def _build_ui(self) -> None:
        self.view_box = combo(self, list(VIEWS), "frequencyView")
        self.measure_box = combo(self, [label for label, _ in MEASURES], "frequencyMeasure")
        self.sort_box = combo(self, list(SORTS), "frequencySort")
        self.children_box = QCheckBox("Parents include children", self)
        toolbar = chart_toolbar(self, [("Show", self.view_box), ("of", self.measure_box),
                                       ("sorted", self.sort_box), ("", self.children_box)],
                                [export_button(self, self, "tag-frequencies")])
        self.plot = pg.PlotWidget(self, background="w")
        configure_plot(self.plot.getPlotItem())
        self.plot.getPlotItem().getViewBox().setMouseEnabled(x=False, y=False)
        self._lay_out(toolbar, "frequencyNote")

    def _connect(self) -> None:
        for box in (self.view_box, self.measure_box, self.sort_box):
            box.currentIndexChanged.connect(self.redraw)
        self.children_box.toggled.connect(self.redraw)
        self.plot.scene().sigMouseClicked.connect(self._click)
        self.plot.scene().sigMouseMoved.connect(self._hover)

    # -- public ------------------------------------------------------------------------
    @property
    def measure(self) -> str:
        return MEASURES[self.measure_box.currentIndex()][1]

    def bars(self) -> list[TagFrequency]:
        """The bars drawn, top to bottom."""
        return list(self._bars)

    def cells(self) -> list[Cell]:
        """The co-occurrence cells drawn."""
        return list(self._cells)

    def table(self) -> tuple[list[str], list[list[object]]]:
        if self.view_box.currentIndex() == 0:
            return (["tag", "highlights", "documents"],
                    [[b.path, b.highlights, b.documents] for b in self._bars])
        paths = self._matrix_paths  # as drawn: the tags may have changed since
        return (["tag", "other_tag", self.measure],
                [[paths[c.row], paths[c.column], c.count] for c in self._cells])

    # -- drawing -----------------------------------------------------------------------
    def _draw_snapshot(self) -> None:
        plot = self.plot.getPlotItem()
        for item in self._items:
            plot.removeItem(item)
        self._items = []
        self.sort_box.setEnabled(self.view_box.currentIndex() == 0)
        self.children_box.setEnabled(self.view_box.currentIndex() == 0)
        frequencies = tag_frequencies(self._project,
                                      include_children=self.children_box.isChecked(),
                                      where=self._where)
        if self._tag_ids is not None:
            frequencies = [f for f in frequencies if f.tag_id in self._tag_ids]
        if not frequencies:
            self._bars, self._cells = [], []
            self.note.setText("No tags yet: create tags and highlight quotes to see counts.")
            return
        self.note.setText(self.filter_note())
        if self.view_box.currentIndex() == 0:
            self._draw_bars(frequencies)
        else:
            self._draw_matrix(frequencies)

    def _draw_bars(self, frequencies: list[TagFrequency]) -> None:
        key = self.measure
        if self.sort_box.currentIndex() == 0:
            frequencies = sorted(frequencies, key=lambda f: (-getattr(f, key), f.path))
        else:
            frequencies = sorted(frequencies, key=lambda f: f.path.lower())
        self._bars, self._cells = frequencies, []
        n = len(frequencies)
        ys = [n - 1 - i for i in range(n)]
        values = [getattr(f, key) for f in frequencies]
        item = pg.BarGraphItem(x0=0, y=ys, height=0.7, width=values, pen=None,
                               brushes=[QColor(f.color) for f in frequencies])
        self._add(item)
        for y, value in zip(ys, values, strict=True):
            label = pg.TextItem(f" {value}", color=AXIS_COLOR, anchor=(0, 0.5))
            label.setPos(value, y)
            self._add(label)
        plot = self.plot.getPlotItem()
        plot.showGrid(x=True, y=False, alpha=0.15)
        _label_axis(plot.getAxis("left"), [(y, f.path) for y, f in zip(ys, frequencies,
                                                                       strict=True)])
        plot.getAxis("bottom").setTicks(None)
        plot.setLabel("bottom", "Highlights" if key == "highlights" else "Documents")
        plot.setLabel("left", "")
        plot.setXRange(0, max([*values, 1]) * 1.12, padding=0)
        plot.setYRange(-0.6, n - 0.4, padding=0)

    def _draw_matrix(self, frequencies: list[TagFrequency]) -> None:
        tag_ids = [f.tag_id for f in frequencies]
        counts = cooccurrence(self._project, tag_ids, by=self.measure,  # type: ignore[arg-type]
                              where=self._where)
        n = len(tag_ids)
        matrix = np.zeros((n, n))
        self._cells, self._bars, self._matrix_tags = [], [], tag_ids
        self._matrix_paths = {f.tag_id: f.path for f in frequencies}
        for i, a in enumerate(tag_ids):
            for j, b in enumerate(tag_ids):
                value = counts.get((a, b), 0)
                matrix[j, n - 1 - i] = value  # ImageItem indexes [x, y]
                self._cells.append(Cell(a, b, value))
        image = pg.ImageItem(matrix)
        image.setLookupTable(pg.colormap.get("CET-L12").getLookupTable(nPts=256))
        image.setLevels((0, max(1.0, float(matrix.max()))))
        image.setRect(QRectF(0, 0, n, n))
        self._add(image)
        top = float(matrix.max()) or 1.0
        for cell in self._cells:
            i, j = tag_ids.index(cell.row), tag_ids.index(cell.column)
            dark = cell.count > top * 0.55
            text = pg.TextItem(str(cell.count), color="w" if dark else AXIS_COLOR,
                               anchor=(0.5, 0.5))
            text.setPos(j + 0.5, n - 1 - i + 0.5)
            self._add(text)
        plot = self.plot.getPlotItem()
        plot.showGrid(x=False, y=False)
        _label_axis(plot.getAxis("left"), [(n - 1 - i + 0.5, f.path)
                                           for i, f in enumerate(frequencies)])
        plot.getAxis("bottom").setTicks([[(j + 0.5, f.path)
                                          for j, f in enumerate(frequencies)], []])
        plot.setLabel("bottom", "")
        plot.setLabel("left", "")
        plot.setXRange(0, n, padding=0.02)
        plot.setYRange(0, n, padding=0.02)

    def _add(self, item: pg.GraphicsObject) -> None:
        self.plot.getPlotItem().addItem(item)
        self._items.append(item)

    # -- interaction -------------------------------------------------------------------
    def item_at(self, scene_pos: QPointF) -> tuple[list[int], bool] | None:
        """The tags under a scene position: a bar's tag, or a cell's two tags."""
        point = self.plot.getPlotItem().getViewBox().mapSceneToView(scene_pos)
        if self._bars:
            n = len(self._bars)
            index = n - 1 - round(point.y())
            if 0 <= index < n and abs(point.y() - round(point.y())) <= 0.35 and point.x() >= 0:
                return [self._bars[index].tag_id], False
            return None
        n = len(self._matrix_tags)
        column, row = int(point.x()), n - 1 - int(point.y())
        if self._cells and 0 <= point.x() < n and 0 <= point.y() < n:
            a, b = self._matrix_tags[row], self._matrix_tags[column]
            return ([a], False) if a == b else ([a, b], True)
        return None

    def describe(self, tag_ids: list[int]) -> str:
        paths = self._project.tags.paths()
        names = " + ".join("/".join(paths[t]) for t in tag_ids)
        if len(tag_ids) == 1 and self._bars:
            bar = next(b for b in self._bars if b.tag_id == tag_ids[0])
            return (f"{names}: {plural(bar.highlights, 'highlight')} in "
                    f"{plural(bar.documents, 'document')}")
        count = next((c.count for c in self._cells
                      if [c.row, c.column] in (tag_ids, tag_ids[::-1])
                      or (len(tag_ids) == 1 and c.row == c.column == tag_ids[0])), 0)
        return f"{names}: {count} {self.measure}"

    def quote_filter(self, tag_ids: list[int], together: bool) -> tuple[QuoteFilter, str]:
        """What a bar or cell counts, as a list of quotes. A bar (or the diagonal) of
        highlights: every quote of the tag (and of the tags below it, when parents
        include children); of documents: one quote per document. A cell
        of highlights: the quotes where the two tags meet; of documents: every quote of
        both tags in the documents that carry both."""
        paths = self._project.tags.paths()
        names = [("/".join(paths[t]) if t in paths else "?") for t in tag_ids]
        documents = self.measure == "documents"
        if not together:
            if self._bars and self.children_box.isChecked():  # as the bar counts them
                tag_ids = [*tag_ids, *self._project.tags.descendants(tag_ids[0])]
            if documents:
                return (QuoteFilter(tuple(tag_ids), one_per_document=True),
                        f"{names[0]}: the first quote of each document")
            return QuoteFilter(tuple(tag_ids)), f"all quotes of {', '.join(names)}"
        if documents:
            both = next((c.count for c in self._cells if [c.row, c.column] == tag_ids), None)
            counted = f" {both}" if both is not None else ""
            return (QuoteFilter(tuple(tag_ids), same_document=True),
                    f"quotes of {' and '.join(names)} in the{counted} documents that carry both")
        return (QuoteFilter(tuple(tag_ids), together=True),
                f"quotes where {' and '.join(names)} meet")

    def _click(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.item_at(event.scenePos())
        if hit is not None:
            self.quotesRequested.emit(*self.quote_filter(*hit))

    def _hover(self, scene_pos: QPointF) -> None:
        hit = self.item_at(scene_pos)
        if hit is None:
            QToolTip.hideText()
            return
        QToolTip.showText(self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos)),
                          self.describe(hit[0]), self.plot)



def _label_axis(axis: pg.AxisItem, ticks: list[tuple[float, str]]) -> None:
    """Name the ticks of a category axis and make it wide enough for the longest name."""
    axis.setTicks([ticks, []])
    metrics = QFontMetrics(axis.style.get("tickFont") or QFont())
    widest = max((metrics.horizontalAdvance(text) for _, text in ticks), default=0)
    axis.setWidth(min(widest + 18, 320))
