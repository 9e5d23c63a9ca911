"""The variables table as a lazy model: documents × variables (NVivo's classification
sheet, MAXQDA's document variables).

The model holds the document ids in display order, the variables (its columns) and a
cache of rows filled a page at a time when the view asks for one: titles and dates from
``documents.summaries``, values from ``variables.page`` (the value index, never the
attributes JSON), so it stays quick at 100,000 documents. The variables and the order
come from SQL through :class:`TableReader`, in the background for a big project (the rows
keep their order until the new one arrives). While the table is not on screen
(:meth:`set_live`) it reads nothing, and changes only mark it stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal

from ..domain.errors import NotFoundError
from ..domain.filters import DocumentFilter
from ..domain.model import Changes
from ..domain.variables import Variable
from ..services.project import Project
from .signals import ProjectSignals
from .table_reader import RowOrder, TableRead, TableReader
from .variable_cells import (
    COLUMN_DATE,
    COLUMN_TITLE,
    FIXED_HEADERS,
    TableRow,
    fixed_cell,
    header_cell,
    value_cell,
)

__all__ = ["COLUMN_DATE", "COLUMN_TITLE", "DOCUMENT_ID_ROLE", "FIXED", "VariableTableModel"]

FIXED = len(FIXED_HEADERS)
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CHUNK = 200
#: Above this many updated documents the whole table repaints instead of row by row.
ROW_UPDATE_LIMIT = 100

Index = QModelIndex | QPersistentModelIndex


class VariableTableModel(QAbstractTableModel):
    """Rows are documents, columns their title, date and every variable.

    Role ``DOCUMENT_ID_ROLE`` gives a row's document id. Edits are not stored here:
    ``setData`` asks for them, and the panel checks and runs the command.

    Signals:
        editRequested(int, str, str): the user typed ``text`` into the cell of a
            document (id) and variable (name).
        sortingChanged(bool): True while the table waits for a background reading,
            False when it is shown (or dropped).
    """

    editRequested = QtSignal(int, str, str)
    sortingChanged = QtSignal(bool)

    def __init__(self, project: Project, signals: ProjectSignals,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._ids: list[int] = []
        self._columns: list[Variable] = []
        self._rows: dict[int, TableRow] = {}
        self._order = RowOrder("title")
        self._shown_within = self._order.within  # the filter of the rows shown
        self._sort_variable: int | None = None  # the id of the variable sorted by
        self._live = self._loaded = False
        self._reader = TableReader(project, self)
        self._reader.ready.connect(self._show_reading)
        self._reader.busyChanged.connect(self.sortingChanged)
        signals.changed.connect(self._on_changed)
        signals.reloaded.connect(self._on_reloaded)

    # -- the Qt model interface ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        variable = self.variable(section)
        if variable is None:
            return FIXED_HEADERS[section] if role == Qt.ItemDataRole.DisplayRole else None
        return header_cell(variable, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() >= FIXED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == DOCUMENT_ID_ROLE:
            return self._ids[index.row()]
        row = self._row(index.row())
        if row is None:
            return None
        variable = self.variable(index.column())
        if variable is None:
            return fixed_cell(row, index.column(), role)
        return value_cell(variable, row.values.get(variable.name), role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        variable = self.variable(index.column()) if index.isValid() else None
        if variable is None or role != Qt.ItemDataRole.EditRole:
            return False
        self.editRequested.emit(self._ids[index.row()], variable.name, str(value or ""))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if not 0 <= column < self.columnCount() or (column, descending) == self._sort_key():
            return  # already in that order (the view asks again as it is set up)
        variable = self.variable(column)
        self._sort_variable = variable.id if variable else None
        name = variable.name if variable else ("title", "date")[column]
        self._order = RowOrder(name, variable is not None, descending, self._order.within)
        self._read(with_variables=False)

    # -- public ---------------------------------------------------------------------------
    def variable(self, column: int) -> Variable | None:
        """The variable shown in ``column`` (``None`` for title and date)."""
        index = column - FIXED
        return self._columns[index] if 0 <= index < len(self._columns) else None

    def variables(self) -> list[Variable]:
        return list(self._columns)

    def column_of(self, name: str) -> int | None:
        """The column of the variable called ``name``, if shown."""
        for index, variable in enumerate(self._columns):
            if variable.name == name:
                return FIXED + index
        return None

    def document_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, document_id: int) -> int | None:
        try:
            return self._ids.index(document_id)  # a scan in C: about 1 ms per 100,000 rows
        except ValueError:
            return None

    def rows_of(self, document_ids: Iterable[int]) -> list[int]:
        """The rows of these documents (those listed), in one pass."""
        wanted = set(document_ids)
        return [row for row, document_id in enumerate(self._ids) if document_id in wanted]

    @property
    def sorting(self) -> bool:
        """Whether the table waits for a background reading."""
        return self._reader.busy

    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        """The column the rows are sorted by, and the direction."""
        column, descending = self._sort_key()
        return column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder

    def set_live(self, live: bool) -> None:
        """The table came on screen (True) or left it: only a live table reads the
        project; one that missed changes while hidden re-reads when it comes back."""
        self._live = live
        if live and not self._loaded:
            self.reload()

    def reload(self) -> None:
        """Re-read the variables and the documents' order, and forget cached rows."""
        self._loaded = True
        self._read(with_variables=True)

    def shutdown(self) -> None:
        """Wait for background readings (the window is closing its project)."""
        self._reader.shutdown()

    # -- reading --------------------------------------------------------------------------
    def _read(self, *, with_variables: bool) -> None:
        self._reader.ask(self._order, with_variables=with_variables,
                         documents=self._project.documents.count())

    def set_document_filter(self, where: DocumentFilter) -> None:
        """Show only the documents ``where`` selects (the browser's filter)."""
        if where == self._order.within:
            return
        self._order = replace(self._order, within=where)
        if self._live and self._loaded:
            self._read(with_variables=False)
        else:
            self._loaded = False

    @property
    def document_filter(self) -> DocumentFilter:
        return self._order.within

    def _show_reading(self, reading: TableRead) -> None:
        if reading.variables is None and reading.order.within == self._shown_within:
            self._show_order(reading.document_ids)
            return
        self.beginResetModel()
        self._shown_within = reading.order.within
        if reading.variables is not None:
            self._columns = reading.variables
        self._ids = reading.document_ids
        self._rows.clear()
        self._fit_sort_to_columns()
        self.endResetModel()

    def _show_order(self, ordered: list[int]) -> None:
        """Show the rows in ``ordered`` (documents added since it was read go last,
        documents deleted since are left out); selections follow their documents."""
        present = set(self._ids)
        new_ids = [i for i in ordered if i in present]
        listed = set(new_ids)
        new_ids += [i for i in self._ids if i not in listed]
        self.layoutAboutToBeChanged.emit()
        row_of = {document_id: row for row, document_id in enumerate(new_ids)}
        for index in self.persistentIndexList():
            row = row_of.get(self._ids[index.row()]) if index.row() < len(self._ids) else None
            self.changePersistentIndex(
                index, QModelIndex() if row is None else self.index(row, index.column()))
        self._ids = new_ids
        self.layoutChanged.emit()

    def _row(self, row: int) -> TableRow | None:
        document_id = self._ids[row]
        if document_id not in self._rows:
            first = row - row % CHUNK
            self._read_rows(self._ids[first:first + CHUNK])
        return self._rows.get(document_id)

    def _read_rows(self, document_ids: list[int]) -> None:
        values = self._project.variables.page(document_ids)
        for summary in self._project.documents.summaries(document_ids):
            self._rows[summary.id] = TableRow(summary.title, summary.date, summary.source,
                                              values.get(summary.id, {}))

    def _sort_key(self) -> tuple[int, bool]:
        if self._sort_variable is None:
            return (COLUMN_DATE if self._order.column == "date" else COLUMN_TITLE,
                    self._order.descending)
        for index, variable in enumerate(self._columns):
            if variable.id == self._sort_variable:
                return FIXED + index, self._order.descending
        return COLUMN_TITLE, False

    def _fit_sort_to_columns(self) -> bool:
        """After the columns changed: keep sorting by the same variable (under its new
        name), or by title when it is gone (then True: the rows need sorting again)."""
        if self._sort_variable is None:
            return False
        for variable in self._columns:
            if variable.id == self._sort_variable:
                self._order = replace(self._order, column=variable.name)
                return False
        self._order = RowOrder("title", within=self._order.within)
        self._sort_variable = None
        return True

    # -- changes --------------------------------------------------------------------------
    def _on_reloaded(self) -> None:
        if self._live:
            self.reload()
        else:
            self._loaded = False

    def _on_changed(self, changes: Changes) -> None:
        if not self._loaded:
            return
        if not self._live:
            self._loaded = False  # re-read everything when shown again
            return
        documents = changes.documents
        if documents.created or documents.deleted:
            self.reload()
            return
        if changes.variables:
            self._update_columns(changes)
        if len(documents.updated) > ROW_UPDATE_LIMIT:
            if not changes.variables:  # an import, say: which variables, it does not say
                self._update_columns(None)
            self._rows.clear()
            self._repaint(range(len(self._ids)))
        elif documents.updated:
            self._refresh_rows(documents.updated, told=bool(changes.variables))

    def _refresh_rows(self, document_ids: Iterable[int], *, told: bool) -> None:
        """Re-read these documents' rows. When the record did not say what became of the
        variables (the properties dialog, an import) and values changed, the variables
        are read again (a cheap look first: a highlight changes no value)."""
        ids = [i for i in document_ids if i in self._rows or not told]
        before = {i: self._rows[i].values for i in ids if i in self._rows}
        self._read_rows(ids)
        changed = any(self._rows[i].values != old for i, old in before.items()
                      if i in self._rows)
        if not told and (changed or self._columns_differ()):
            self._update_columns(None)
        self._repaint(self.rows_of(ids))

    def _columns_differ(self) -> bool:
        shown = [(v.id, v.name, v.type if v.type_chosen else None) for v in self._columns]
        stored = [(d.id, d.name, d.chosen_type) for d in self._project.variables.definitions()]
        return shown != stored

    def _update_columns(self, changes: Changes | None) -> None:
        """Re-read the variables that changed (all of them when some came or went, or
        when ``changes`` does not say); columns come and go one by one where they can
        (the view keeps its selection and widths), else the table is laid out anew."""
        new = self._changed_variables(changes)
        old_ids, new_ids = [v.id for v in self._columns], [v.id for v in new]
        kept = [i for i in old_ids if i in set(new_ids)]
        if kept != [i for i in new_ids if i in set(old_ids)]:
            self._show_reading(TableRead(self._order, new, self._ids))
            self._read(with_variables=False)
            return
        for index in reversed(range(len(old_ids))):
            if old_ids[index] not in new_ids:
                self.beginRemoveColumns(QModelIndex(), FIXED + index, FIXED + index)
                del self._columns[index]
                self.endRemoveColumns()
        for index, variable in enumerate(new):
            if variable.id not in old_ids:
                self.beginInsertColumns(QModelIndex(), FIXED + index, FIXED + index)
                self._columns.insert(index, variable)
                self.endInsertColumns()
        sorted_by = self.variable(self._sort_key()[0])
        self._columns = new
        self._rows.clear()
        gone = self._fit_sort_to_columns()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self._repaint(range(len(self._ids)))
        now = self.variable(self._sort_key()[0])
        if gone or (sorted_by and now and sorted_by.type != now.type):
            self._read(with_variables=False)  # sorted by a variable gone, or read anew

    def _changed_variables(self, changes: Changes | None) -> list[Variable]:
        """The variables as they are now: only those ``changes`` updated are read again
        (a count and a look at their values each) when none came or went."""
        delta = changes.variables if changes is not None else None
        shown = {v.id for v in self._columns}
        if delta is None or delta.created or delta.deleted or not delta.updated <= shown:
            return self._project.variables.all()
        names = {d.id: d.name for d in self._project.variables.definitions()}
        fresh = []
        for variable in self._columns:
            if variable.id not in delta.updated:
                fresh.append(variable)
                continue
            try:
                fresh.append(self._project.variables.get(names.get(variable.id, variable.name)))
            except NotFoundError:
                return self._project.variables.all()
        return fresh

    def _repaint(self, rows: Iterable[int]) -> None:
        last = self.columnCount() - 1
        rows = sorted(rows)
        if not rows or last < 0:
            return
        if len(rows) > ROW_UPDATE_LIMIT:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, last))
            return
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
