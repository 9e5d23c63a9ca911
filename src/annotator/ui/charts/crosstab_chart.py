"""The Crosstab tab: tags by the values of a document variable, with column percentages.

Numbers come from ``services.comparison.crosstab`` (one aggregation per redraw, within
the document filter); redraws are throttled and lazy like the charts'.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ...domain.wording import plural
from ...services import Project
from ...services.comparison import CROSSTAB_MEASURES, CrosstabMeasure, crosstab, group_filter
from ...services.quotes import QuoteFilter
from .chart_base import ChartBase
from .chart_export import export_button
from .crosstab_model import (
    COLUMN_TAG,
    COLUMN_TOTAL,
    FIRST_GROUP_COLUMN,
    CrosstabCell,
    CrosstabModel,
)
from .series_style import value_label
from .style import chart_toolbar, combo

MEASURE_LABELS = ("Documents", "Highlights")
INDENT_PX = 16
GROUP_COLUMN_MAX_PX = 180

Index = QModelIndex | QPersistentModelIndex


class IndentedTagDelegate(QStyledItemDelegate):
    """Draws a tag's name indented by its depth in the codebook."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        depth = index.data(CrosstabModel.DepthRole) or 0
        shifted = QStyleOptionViewItem(option)
        shifted.rect = option.rect.adjusted(depth * INDENT_PX, 0, 0, 0)
        super().paint(painter, shifted, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        depth = index.data(CrosstabModel.DepthRole) or 0
        return super().sizeHint(option, index) + QSize(depth * INDENT_PX, 0)


class CrosstabChart(ChartBase):
    """Tags × values of a variable: counts and column percentages, documents or
    highlights; a click on a cell lists the quotes it counts.

    Signals:
        quotesRequested(object, str): the :class:`QuoteFilter` of a clicked cell (its
            tag within its group and the document filter) and a description.
    """

    quotesRequested = Signal(object, str)

    def __init__(self, project: Project, parent: QWidget | None = None, *,
                 lazy: bool = False) -> None:
        super().__init__(project, parent, lazy=lazy)
        self.setObjectName("crosstabChart")
        self.model = CrosstabModel(self)
        self._build_ui()
        self._connect()
        self._first_draw()

    def _build_ui(self) -> None:
        self.variable_box = QComboBox(self)
        self.variable_box.setObjectName("crosstabVariable")
        self.variable_box.setMinimumContentsLength(12)
        self.measure_box = combo(self, list(MEASURE_LABELS), "crosstabMeasure")
        toolbar = chart_toolbar(self, [("Tags by", self.variable_box),
                                       ("count", self.measure_box)],
                                [export_button(self, self, "crosstab")])
        self.view = QTableView(self)
        self.view.setObjectName("crosstabTable")
        self._configure(self.view)
        self._printed: QTableView | None = None
        self._lay_out(toolbar, "crosstabNote", self.view)

    def _configure(self, view: QTableView) -> None:
        view.setModel(self.model)
        view.setItemDelegateForColumn(COLUMN_TAG, IndentedTagDelegate(view))
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)  # two lines: the model shortens
        header.setHighlightSections(False)

    def _connect(self) -> None:
        self.variable_box.currentIndexChanged.connect(self.redraw)
        self.measure_box.currentIndexChanged.connect(self.redraw)
        self.view.clicked.connect(self._cell_clicked)
        self.model.modelReset.connect(self._fit_columns)

    # -- public ----------------------------------------------------------------------------
    @property
    def measure(self) -> CrosstabMeasure:
        return CROSSTAB_MEASURES[self.measure_box.currentIndex()]

    @property
    def variable(self) -> str | None:
        """The variable whose values make the columns (``None``: there is none)."""
        return self.variable_box.currentText() or None

    def plot_view(self) -> QWidget:
        """The whole table, every row and column at the widths shown, for PNG and SVG
        (the view on screen shows only what fits)."""
        printed = self._printed_table()
        width = 2 * printed.frameWidth()
        width += sum(self.view.columnWidth(c) for c in range(self.model.columnCount()))
        height = printed.horizontalHeader().sizeHint().height() + 2 * printed.frameWidth()
        height += sum(self.view.rowHeight(r) for r in range(self.model.rowCount()))
        printed.resize(width, height)
        for column in range(self.model.columnCount()):
            printed.setColumnWidth(column, self.view.columnWidth(column))
        return printed

    def _printed_table(self) -> QTableView:
        if self._printed is None:
            self._printed = QTableView(self)
            self._printed.hide()
            self._configure(self._printed)
            self._printed.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self._printed.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return self._printed

    def export_name(self) -> str:
        return f"crosstab-{self.variable}" if self.variable else "crosstab"

    def table(self) -> tuple[list[str], list[list[object]]]:
        """One row per tag and column (each group, then the total with ``total`` 1): the
        count, its base (the group's documents or coded highlights) and the percentage
        of it; ``group`` is empty for documents without a value (and for totals)."""
        table = self.model.crosstab
        measure = self.measure if table is None else table.measure
        base = "group_documents" if measure == "documents" else "group_highlights"
        header = ["tag", "group", "total", base, measure, f"percent_of_{base}"]
        rows: list[list[object]] = []
        columns = [*range(FIRST_GROUP_COLUMN, self.model.columnCount()), COLUMN_TOTAL]
        for row in range(self.model.rowCount()):
            for column in columns:
                cell = self.model.cell(row, column)
                percent = "" if cell.percent is None else f"{cell.percent:.2f}"
                rows.append([cell.tag, cell.group if cell.group is not None else "",
                             int(cell.total), cell.base, cell.count, percent])
        return header, rows

    def quote_filter(self, cell: CrosstabCell) -> tuple[QuoteFilter, str]:
        """The quotes a cell counts (its tag in its group, within the document filter)
        and the words that say so."""
        documents = self._within()
        table = self.model.crosstab
        assert table is not None
        description = f"all quotes of {cell.tag}"
        if not cell.total:
            documents = group_filter(documents, table.split, cell.group)
            description = f"{cell.tag}, {table.split}: {value_label(cell.group)}"
        if self._within() is not None:
            description += " (within the document filter)"
        return QuoteFilter((cell.tag_id,), documents=documents), description

    # -- drawing ---------------------------------------------------------------------------
    def _draw_snapshot(self) -> None:
        self._offer_variables([v.name for v in self._project.variables.all()])
        variable = self.variable
        tags = self._project.tags.all()
        if variable is None or not tags:
            self.model.set_crosstab(None)
            self.note.setText(
                "No document variables yet: give documents values (a document's properties, "
                "or a variables table) to compare them." if variable is None else
                "No tags yet: create tags and highlight quotes to compare them.")
            return
        present = {t.id for t in tags}
        tag_ids = [t for t in self._tag_ids if t in present] if self._tag_ids else None
        table = crosstab(self._project, variable, measure=self.measure, tag_ids=tag_ids,
                         where=self._within())
        self.model.set_crosstab(table)
        documents = sum(d for _, d in table.groups)
        within = " within the document filter" if self._within() is not None else ""
        base = ("of each column's documents" if table.measure == "documents"
                else "of each column's coded highlights")
        self.note.setText(f"{plural(documents, 'document')}{within} in "
                          f"{plural(len(table.groups), 'group')}; percentages {base}. "
                          "Click a cell to list its quotes.")

    def _offer_variables(self, names: list[str]) -> None:
        if [self.variable_box.itemText(i) for i in range(self.variable_box.count())] == names:
            return
        current = self.variable
        self.variable_box.blockSignals(True)
        self.variable_box.clear()
        self.variable_box.addItems(names)
        if current in names:
            self.variable_box.setCurrentIndex(names.index(current))
        self.variable_box.blockSignals(False)

    def _fit_columns(self) -> None:
        self.view.resizeColumnsToContents()
        for column in range(1, self.model.columnCount()):
            if self.view.columnWidth(column) > GROUP_COLUMN_MAX_PX:
                self.view.setColumnWidth(column, GROUP_COLUMN_MAX_PX)
        self.view.horizontalHeader().setSectionResizeMode(
            COLUMN_TAG, QHeaderView.ResizeMode.Interactive)

    # -- interaction -----------------------------------------------------------------------
    def _cell_clicked(self, index: QModelIndex) -> None:
        if not index.isValid() or index.column() == COLUMN_TAG:
            return
        self.quotesRequested.emit(*self.quote_filter(self.model.cell(index.row(),
                                                                      index.column())))
