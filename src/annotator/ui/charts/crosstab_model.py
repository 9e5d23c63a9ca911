"""The crosstab as a table model: tags down; a total and the values of a variable across.

Each cell holds a count (documents carrying the tag, or highlights tagged with it, in
the column's group) and its percentage of the group's documents or coded highlights
(see :class:`~annotator.services.comparison.Crosstab`). Cells are shaded by percentage,
relative to the largest percentage of the table, so that differences stand out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ...domain.wording import plural
from ...services.comparison import Crosstab
from .series_style import value_label

COLUMN_TAG, COLUMN_TOTAL = 0, 1
#: The first group's column (the total comes before the groups, so that it stays in view
#: when a variable of many values makes the table scroll).
FIRST_GROUP_COLUMN = 2
SHADE = QColor(0, 114, 178)
TOTAL_SHADE = QColor(110, 110, 110)
#: The darkest shade's opacity: dark text stays readable on it.
MAX_ALPHA = 150
ZERO_COLOR = "#9aa0a6"
#: A value longer than this is shortened in its column's header (the tooltip has it whole).
HEADER_CHARACTERS = 20

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CrosstabCell:
    """What one cell counts: a tag in a group (``total``: in every group together)."""

    tag_id: int
    tag: str
    group: str | None
    total: bool
    count: int
    base: int
    percent: float | None


def shortened(text: str, limit: int = HEADER_CHARACTERS) -> str:
    """``text``, or its start and end around an ellipsis when longer than ``limit``."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2 + (limit - 1) % 2
    return f"{text[:head].rstrip()}…{text[len(text) - (limit - 1 - head):].lstrip()}"


def percent_text(percent: float | None) -> str:
    """``25.0%``; a dash for an empty group."""
    return "–" if percent is None else f"{percent:.1f}%"


class CrosstabModel(QAbstractTableModel):
    """Rows: the crosstab's tags in codebook order; columns: the tag, the total, each
    group in the variable's order (no value last).

    Custom roles: ``CountRole`` and ``PercentRole`` (a cell's numbers), ``DepthRole``
    (the tag's depth in the codebook, for indentation).
    """

    CountRole = Qt.ItemDataRole.UserRole + 1
    PercentRole = Qt.ItemDataRole.UserRole + 2
    DepthRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table: Crosstab | None = None
        self._top_percent = 0.0

    def set_crosstab(self, table: Crosstab | None) -> None:
        """Show ``table`` (``None``: nothing)."""
        self.beginResetModel()
        self._table = table
        cells = [self.cell(r, c) for r in range(self.rowCount())
                 for c in range(1, self.columnCount())]
        self._top_percent = max((c.percent or 0.0 for c in cells), default=0.0)
        self.endResetModel()

    @property
    def crosstab(self) -> Crosstab | None:
        return self._table

    def cell(self, row: int, column: int) -> CrosstabCell:
        """The cell at ``row`` and a group's (or the total's) ``column``."""
        table = self._table
        assert table is not None and column > COLUMN_TAG
        tag = table.rows[row]
        if column == COLUMN_TOTAL:
            count, base, group, total = tag.total, table.total_base, None, True
        else:
            at = column - FIRST_GROUP_COLUMN
            count, base = tag.counts[at], table.bases[at]
            group, total = table.groups[at][0], False
        return CrosstabCell(tag.tag_id, tag.path, group, total, count, base,
                            Crosstab.percent(count, base))

    # -- the Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else len(self._table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.groups) + 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (not index.isValid() or self._table is None
                or not 0 <= index.row() < self.rowCount()
                or not 0 <= index.column() < self.columnCount()):
            return None
        if index.column() == COLUMN_TAG:
            return self._tag_data(index.row(), role)
        cell = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{cell.count} ({percent_text(cell.percent)})" if cell.count else "0"
        if role == Qt.ItemDataRole.ForegroundRole and not cell.count:
            return QColor(ZERO_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._shade(cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(cell)
        if role == self.CountRole:
            return cell.count
        if role == self.PercentRole:
            return cell.percent
        return None

    def _tag_data(self, row: int, role: int) -> Any:
        assert self._table is not None
        tag = self._table.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return tag.name
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(tag.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tag.path
        if role == self.DepthRole:
            return tag.depth
        return None

    def _shade(self, cell: CrosstabCell) -> QColor | None:
        if not cell.percent or not self._top_percent:
            return None
        shade = QColor(TOTAL_SHADE if cell.total else SHADE)
        shade.setAlpha(round(12 + (MAX_ALPHA - 12) * cell.percent / self._top_percent))
        return shade

    def _unit(self) -> str:
        assert self._table is not None
        return "document" if self._table.measure == "documents" else "coded highlight"

    def _cell_tip(self, cell: CrosstabCell) -> str:
        assert self._table is not None
        where = ("every group" if cell.total
                 else f"{self._table.split}: {value_label(cell.group)}")
        measure = "documents with the tag" if self._table.measure == "documents" \
            else "highlights tagged with it"
        return (f"{cell.tag} · {where}\n{cell.count} {measure}, {percent_text(cell.percent)} "
                f"of {plural(cell.base, self._unit())}\nClick to list the quotes")

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self._table
        if (orientation != Qt.Orientation.Horizontal or table is None
                or not 0 <= section < self.columnCount()):
            return None
        if section == COLUMN_TAG:
            return "Tag" if role == Qt.ItemDataRole.DisplayRole else None
        total = section == COLUMN_TOTAL
        value, documents = ((None, sum(d for _, d in table.groups)) if total
                            else table.groups[section - FIRST_GROUP_COLUMN])
        name = "Total" if total else value_label(value)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{shortened(name)}\n{plural(documents, 'document')}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(name, documents, total)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _header_tip(self, name: str, documents: int, total: bool) -> str:
        assert self._table is not None
        what = "every document counted" if total else f"{self._table.split}: {name}"
        if self._table.measure == "documents":
            rule = ("Each cell: the documents that carry the tag, and their percentage of "
                    "the column's documents.")
        else:
            rule = ("Each cell: the highlights tagged with the tag, and their percentage of "
                    "the column's coded highlights (highlights with any tag).")
        return (f"{what} ({plural(documents, 'document')})\n{rule}\nA document or "
                "highlight with several tags counts in each of their rows, so a column may "
                "add up to more than 100%.")
