"""The timeline's legend, to the right of the plot's axes and never over the data.

Unsplit, it lists the tags, one sample and name a line. Split by a variable, it is a
grid: a column per tag (its name on top), a row per value (the value and its documents
on the left), and in each cell the sample of that tag's series for that value, whose
tooltip names it whole ("water · RT (48 documents)"). Two tags of eight values take nine
short rows instead of sixteen long ones, which a docked chart has no room for. When the
plot is too short for every row, the rows go on in a second block beside the first.
Clicking a sample hides or shows its series.

Names are drawn as plain text (a value or tag name is never read as markup).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsSimpleTextItem, QSizePolicy

from ...domain.wording import plural
from .series_style import Series, value_label
from .style import AXIS_COLOR

POINT_SIZE = 9
ROW_PX = 20
SAMPLE_PX = 34
#: The longest a value's name (with its documents) or a tag's name may be drawn; and
#: what the legend may take of the chart's width (names are shortened to fit).
VALUE_MAX_PX = 200
MIN_VALUE_PX = 70
TAG_MAX_PX = 110
MAX_SHARE = 0.5
MIN_ROOM_PX = 160
#: Rows fold into blocks side by side when the plot is shorter than they are; never into
#: blocks of fewer rows than this. ``AXES_PX``: the height the bottom axis takes.
MIN_ROWS = 4
AXES_PX = 45


def _font(bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(POINT_SIZE)
    font.setBold(bold)
    return font


def text_px(text: str, bold: bool = False) -> int:
    """The width of ``text`` as a legend draws it."""
    return QFontMetrics(_font(bold)).horizontalAdvance(text)


class PlainLabel(pg.GraphicsWidget):
    """One line of plain text, its ``text`` shortened in the middle so that it and its
    ``suffix`` (kept whole: a count) fit ``max_px``; the tooltip then has it whole."""

    def __init__(self, text: str, max_px: int, *, suffix: str = "",
                 bold: bool = False) -> None:
        super().__init__()
        font = _font(bold)
        metrics = QFontMetrics(font)
        self.full_text = text + suffix
        room = max(metrics.horizontalAdvance("…") * 3, max_px - metrics.horizontalAdvance(suffix))
        self.text = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, room) + suffix
        self._item = QGraphicsSimpleTextItem(self.text, self)
        self._item.setFont(font)
        self._item.setBrush(AXIS_COLOR)
        width = metrics.horizontalAdvance(self.text) + 6
        self._item.setPos(3, (ROW_PX - metrics.height()) / 2)
        self.setMinimumSize(QSizeF(width, ROW_PX))
        self.setMaximumSize(QSizeF(width, ROW_PX))
        if self.text != self.full_text:
            self.setToolTip(self.full_text)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.maximumWidth(), ROW_PX)


class SeriesSample(pg.GraphicsWidget):
    """A series as its legend draws it: a stretch of its line (long enough to show a
    dash) with its marker, or a swatch of its bars' fill. A click hides or shows the
    series; a hidden one is drawn faint."""

    def __init__(self, series: Series, item: pg.GraphicsObject) -> None:
        super().__init__()
        self.series = series
        self.item = item
        self.setMinimumSize(QSizeF(SAMPLE_PX, ROW_PX))
        self.setMaximumSize(QSizeF(SAMPLE_PX, ROW_PX))
        self.setToolTip(f"{series.label}\nClick to hide or show it")

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, SAMPLE_PX, ROW_PX)

    def paint(self, painter: QPainter, *args: object) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.item.isVisible():
            painter.setOpacity(0.25)
        color = QColor(self.series.color)
        middle = ROW_PX / 2
        if isinstance(self.item, pg.BarGraphItem):
            painter.setPen(QPen(color))
            painter.setBrush(QBrush(color, self.series.fill))
            painter.drawRect(QRectF(SAMPLE_PX / 2 - 8, middle - 7, 16, 14))
            return
        painter.setPen(QPen(color, 2, self.series.line))
        painter.drawLine(QPointF(2, middle), QPointF(SAMPLE_PX - 2, middle))
        painter.translate(SAMPLE_PX / 2, middle)
        drawSymbol(painter, self.series.symbol, 7, QPen(Qt.PenStyle.NoPen), QBrush(color))

    def mouseClickEvent(self, event: object) -> None:
        if event.button() == Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            self.item.setVisible(not self.item.isVisible())
            self.update()
        event.accept()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Entry:
    series: Series
    item: pg.GraphicsObject


class TimelineLegend(pg.GraphicsWidget):
    """The legend of the timeline's ``plot`` (see the module's description)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        super().__init__()
        self._plot = plot
        self._entries: list[_Entry] = []
        self._cells: list[pg.GraphicsWidget] = []
        self._grid = QGraphicsGridLayout()
        self._grid.setContentsMargins(6, 0, 4, 0)
        self._grid.setHorizontalSpacing(4)
        self._grid.setVerticalSpacing(0)
        self.setLayout(self._grid)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        plot.layout.addItem(self, 2, 3)
        plot.layout.setAlignment(self, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

    def show_series(self, series: list[Series], items: list[pg.GraphicsObject]) -> None:
        """List ``series``, drawn as ``items``, replacing what was listed."""
        self._entries = [_Entry(s, i) for s, i in zip(series, items, strict=True)]
        self.fit()

    def labels(self) -> list[str]:
        """Each series' whole name, in order (``water · RT (48 documents)`` when split)."""
        return [entry.series.label for entry in self._entries]

    def samples(self) -> list[SeriesSample]:
        """The samples drawn, in the order of the series."""
        drawn = {cell.series: cell for cell in self._cells if isinstance(cell, SeriesSample)}
        return [drawn[entry.series] for entry in self._entries if entry.series in drawn]

    def fit(self) -> None:
        """Lay the entries out for the plot's size now (call after a resize)."""
        for cell in self._cells:
            self._grid.removeItem(cell)
            cell.setParentItem(None)
            if cell.scene() is not None:
                cell.scene().removeItem(cell)
        self._cells = []
        view = self._plot.getViewWidget()
        height = view.height() if view is not None else 0
        # Before the chart is laid out it is tiny: never fold the legend for that.
        rows = max(MIN_ROWS, int((height - AXES_PX) // ROW_PX))
        room = max(MIN_ROOM_PX, (view.width() if view is not None else 0) * MAX_SHARE)
        if any(entry.series.split for entry in self._entries):
            self._lay_out_grid(rows, room)
        else:
            self._lay_out_list(rows, room)
        self.setVisible(bool(self._entries))
        self.updateGeometry()
        if view is not None:
            # A legend wider than the room once stretched the plot past its view; the
            # plot takes its view's size again, now that the legend fits.
            self._plot.setGeometry(QRectF(0, 0, view.width(), view.height()))
        self._plot.layout.activate()

    def _place(self, cell: pg.GraphicsWidget, row: int, column: int) -> None:
        """Put ``cell`` in the grid: names to the left, samples in the middle."""
        across = (Qt.AlignmentFlag.AlignHCenter if isinstance(cell, SeriesSample)
                  else Qt.AlignmentFlag.AlignLeft)
        self._grid.addItem(cell, row, column, across | Qt.AlignmentFlag.AlignVCenter)
        self._cells.append(cell)

    def _sample(self, entry: _Entry) -> SeriesSample:
        return SeriesSample(entry.series, entry.item)

    def _lay_out_list(self, rows: int, room: float) -> None:
        blocks = math.ceil(len(self._entries) / rows)
        widest = int(min(VALUE_MAX_PX, room / max(1, blocks) - SAMPLE_PX))
        for index, entry in enumerate(self._entries):
            block, row = divmod(index, rows)
            self._place(self._sample(entry), row, block * 2)
            self._place(PlainLabel(entry.series.label, widest), row, block * 2 + 1)

    def _lay_out_grid(self, rows: int, room: float) -> None:
        tags = list(dict.fromkeys((e.series.tag_id, e.series.tag) for e in self._entries))
        groups = list(dict.fromkeys((e.series.group, e.series.documents)
                                    for e in self._entries))
        by_cell = {(e.series.tag_id, e.series.group): e for e in self._entries}
        per_block = max(1, rows - 1)
        blocks = math.ceil(len(groups) / per_block)
        width = len(tags) + 1
        # Tag names are short and say which line is which: they keep their room; the
        # values' names give way first.
        tag_px = min(TAG_MAX_PX, max(SAMPLE_PX, *(text_px(t, True) + 8 for _, t in tags)))
        value_px = int(max(MIN_VALUE_PX, min(VALUE_MAX_PX,
                                             room / blocks - len(tags) * (tag_px + 4))))
        for block in range(blocks):
            left = block * width
            for column, (_, tag) in enumerate(tags, start=1):
                self._place(PlainLabel(tag, tag_px, bold=True), 0, left + column)
            for row, (group, documents) in enumerate(
                    groups[block * per_block:(block + 1) * per_block], start=1):
                self._place(PlainLabel(value_label(group), value_px,
                                       suffix=f" ({plural(documents, 'document')})"),
                            row, left)
                for column, (tag_id, _) in enumerate(tags, start=1):
                    entry = by_cell.get((tag_id, group))
                    if entry is not None:
                        self._place(self._sample(entry), row, left + column)
