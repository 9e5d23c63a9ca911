"""The keyword-in-context table: one row per hit of the search, as left context (right
aligned), hit (bold), right context, document and date.

The rows are what :class:`~.hit_reader.HitReader` delivered (at most a few thousand are
shown at once, so they are held in memory and sorted here). Sorting by left or right
context follows :mod:`annotator.domain.kwic_order` (the words nearest the hit first); ties
keep the search order (document date, then position).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from ..domain.kwic_order import hit_key, left_context_key, right_context_key
from ..services.search import HitInContext
from .rows_table_model import Index, RowsTableModel

COLUMN_LEFT, COLUMN_HIT, COLUMN_RIGHT, COLUMN_DOCUMENT, COLUMN_DATE = range(5)
HEADERS = ("Left context", "Hit", "Right context", "Document", "Date")


_SORT_KEYS: dict[int, Callable[[HitInContext], Any]] = {
    COLUMN_LEFT: lambda h: left_context_key(h.left),
    COLUMN_HIT: lambda h: hit_key(h.hit.text),
    COLUMN_RIGHT: lambda h: right_context_key(h.right),
    COLUMN_DOCUMENT: lambda h: h.title.casefold(),
    COLUMN_DATE: lambda h: (h.date is None, h.date or ""),
}


def _one_line(text: str) -> str:
    """Context shown on one line: line breaks and runs of spaces become one space."""
    return " ".join(text.split())


class HitListModel(RowsTableModel):
    """The hits, in search order until :meth:`sort` is asked for another order."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._found: list[HitInContext] = []  # in search order
        self._rows: list[HitInContext] = []
        self._order: tuple[int, Qt.SortOrder] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # -- contents -------------------------------------------------------------------------
    def set_hits(self, found: Sequence[HitInContext]) -> None:
        """Show ``found`` (in search order, or in the order last sorted by)."""
        self.beginResetModel()
        self._found = list(found)
        self._rows = self._sorted(self._found)
        self.endResetModel()

    def update_documents(self, summaries: Mapping[int, tuple[str, str | None]]) -> None:
        """Give the hits of these documents their new ``(title, date)``; rows sorted by
        document or date move to their new places, the others keep theirs."""
        if not any(found.hit.document_id in summaries for found in self._found):
            return

        def renamed(found: HitInContext) -> HitInContext:
            if found.hit.document_id not in summaries:
                return found
            title, date = summaries[found.hit.document_id]
            return replace(found, title=title, date=date)

        self.layoutAboutToBeChanged.emit()
        self._found = [renamed(found) for found in self._found]
        self._rows = self._sorted(self._found)
        self.layoutChanged.emit()

    def hit(self, row: int) -> HitInContext:
        """The hit shown in ``row``."""
        return self._rows[row]

    @property
    def hits(self) -> list[HitInContext]:
        """Every row's hit, in display order."""
        return list(self._rows)

    def _sorted(self, found: list[HitInContext]) -> list[HitInContext]:
        if self._order is None:
            return list(found)
        column, order = self._order
        return sorted(found, key=_SORT_KEYS[column],
                      reverse=order == Qt.SortOrder.DescendingOrder)

    # -- the model ------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        found, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(found, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COLUMN_LEFT, COLUMN_RIGHT,
                                                               COLUMN_HIT):
            return _one_line(found.left + found.hit.text + found.right)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if column == COLUMN_LEFT else
                          Qt.AlignmentFlag.AlignHCenter if column == COLUMN_HIT else
                          Qt.AlignmentFlag.AlignLeft)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == COLUMN_HIT:
            return self._bold
        return None

    @staticmethod
    def _display(found: HitInContext, column: int) -> str:
        if column == COLUMN_LEFT:
            return _one_line(found.left + "x")[:-1]  # keep the space before the hit
        if column == COLUMN_HIT:
            return _one_line(found.hit.text)
        if column == COLUMN_RIGHT:
            return _one_line("x" + found.right)[1:]
        if column == COLUMN_DOCUMENT:
            return found.title
        return (found.date or "")[:10]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (left context: by the words before the hit, nearest first)."""
        if column not in _SORT_KEYS:
            return
        self._order = (column, order)
        self.beginResetModel()
        self._rows = self._sorted(self._found)
        self.endResetModel()
