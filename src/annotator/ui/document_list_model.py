"""The document list as a lazy table model: an id list, rows fetched in chunks on demand.

The model holds only document ids in display order and a cache of
:class:`~annotator.domain.model.DocumentSummary` rows filled a chunk at a time when the
view asks for a row; it never loads a document's text, so it stays instant at 100,000
documents. Sorting re-queries the ids in SQL; a :class:`DocumentFilter` keeps the ids it
selects (``DocumentService.select``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..domain.filters import DocumentFilter
from ..domain.model import Changes, DocumentSummary
from ..services.project import Project
from .signals import ProjectSignals

COLUMN_TITLE, COLUMN_DATE, COLUMN_HIGHLIGHTS = range(3)
HEADERS = ("Title", "Date", "Highlights")
SORT_KEYS = ("title", "date", "highlights")
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Above this many updated documents the whole list repaints instead of row by row.
ROW_UPDATE_LIMIT = 100
CHUNK = 200

Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """Rows are documents in the current order, restricted by the current filter.

    Role ``DOCUMENT_ID_ROLE`` gives a row's document id. Listens to ``ProjectSignals``:
    documents created or deleted re-query the ids; highlight changes refresh the counts.
    """

    def __init__(self, project: Project, signals: ProjectSignals,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._ids: list[int] = []
        self._cache: dict[int, DocumentSummary] = {}
        self._sort_column = COLUMN_DATE
        self._descending = False
        self._where = DocumentFilter()
        self._reload_ids()
        signals.changed.connect(self._on_changed)
        signals.reloaded.connect(self.refresh)

    # -- the Qt model interface ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == COLUMN_HIGHLIGHTS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        document_id = self._ids[index.row()]
        if role == DOCUMENT_ID_ROLE:
            return document_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == COLUMN_HIGHLIGHTS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        summary = self._summary(index.row())
        if summary is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [summary.title, (summary.date or "undated").replace("T", " "),
                     summary.source]
            return "\n".join(line for line in lines if line)
        if column == COLUMN_TITLE:
            return summary.title
        if column == COLUMN_DATE:
            return (summary.date or "")[:10]
        if column == COLUMN_HIGHLIGHTS:
            return summary.highlight_count
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if not (0 <= column < len(SORT_KEYS)) or (column, descending) == (
            self._sort_column, self._descending
        ):
            return  # already in that order (the view asks again as it is set up)
        self._sort_column = column
        self._descending = descending
        self.layoutAboutToBeChanged.emit()
        old = {i: row for row, i in enumerate(self._ids)}
        persistent = self.persistentIndexList()
        self._ids = self._query_ids()
        new = {i: row for row, i in enumerate(self._ids)}
        self._move_persistent(persistent, old, new)
        self.layoutChanged.emit()

    # -- public ---------------------------------------------------------------------------
    def document_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, document_id: int) -> int | None:
        try:
            return self._ids.index(document_id)
        except ValueError:
            return None

    @property
    def document_filter(self) -> DocumentFilter:
        return self._where

    def set_document_filter(self, where: DocumentFilter) -> None:
        """Keep only the documents that ``where`` lets through."""
        if where != self._where:
            self._where = where
            self._reload_ids()

    def refresh(self) -> None:
        """Re-read ids and rows (after a change made by another process)."""
        self._reload_ids()

    # -- internals ------------------------------------------------------------------------
    def _query_ids(self) -> list[int]:
        return self._project.documents.select(self._where, SORT_KEYS[self._sort_column],
                                              self._descending)

    def _reload_ids(self) -> None:
        self.beginResetModel()
        self._ids = self._query_ids()
        self._cache.clear()
        self.endResetModel()

    def _move_persistent(self, persistent: list[QModelIndex], old: dict[int, int],
                         new: dict[int, int]) -> None:
        by_row = {row: i for i, row in old.items()}
        for idx in persistent:
            document_id = by_row.get(idx.row())
            row = new.get(document_id) if document_id is not None else None
            if row is None:
                self.changePersistentIndex(idx, QModelIndex())
            else:
                self.changePersistentIndex(idx, self.index(row, idx.column()))

    def _summary(self, row: int) -> DocumentSummary | None:
        document_id = self._ids[row]
        if document_id not in self._cache:
            first = row - row % CHUNK
            chunk = self._ids[first:first + CHUNK]
            for summary in self._project.documents.summaries(chunk, self._where.coders):
                self._cache[summary.id] = summary
        return self._cache.get(document_id)

    def _on_changed(self, changes: Changes) -> None:
        if changes.documents.created or changes.documents.deleted:
            self._reload_ids()
            return
        if not self._where.is_empty and (changes.documents or changes.highlights):
            # An edit may let a document into the filter or out of it (a date, a value, a
            # tag): re-read the list, but only reset it when its rows changed.
            ids = self._query_ids()
            if ids != self._ids:
                self.beginResetModel()
                self._ids, self._cache = ids, {}
                self.endResetModel()
                return
        updated = changes.documents.updated
        if updated and len(updated) <= ROW_UPDATE_LIMIT:
            self._refresh_rows(updated)
        elif updated or changes.highlights:
            self._cache.clear()
            if self._ids:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._ids) - 1, len(HEADERS) - 1)
                )

    def _refresh_rows(self, document_ids: Iterable[int]) -> None:
        """Re-read the listed rows of these documents and repaint just those."""
        for summary in self._project.documents.summaries(list(document_ids),
                                                             self._where.coders):
            row = self.row_of(summary.id)
            if row is None:
                continue
            self._cache[summary.id] = summary
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
