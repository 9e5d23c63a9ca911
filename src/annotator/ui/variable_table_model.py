"""The variables table as a lazy model: documents × variables (NVivo's classification
sheet, MAXQDA's document variables).

The model holds the document ids in display order, the variables (its columns) and a
cache of rows filled a page at a time when the view asks for one: titles and dates from
``documents.summaries``, values from ``variables.page`` (the value index, never the
attributes JSON), so it stays quick at 100,000 documents. Sorting by a variable reads
the order from SQL (``variables.document_order``); for a big project that runs in the
background (``document_order.py``) and the rows keep their order until it arrives.
While the table is not on screen (:meth:`set_live`) changes only mark it stale.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QColor

from ..domain.model import Changes
from ..domain.variables import Variable, fits_type
from ..services.project import Project
from .document_order import DocumentOrderReader
from .signals import ProjectSignals

COLUMN_TITLE, COLUMN_DATE = range(2)
FIXED_HEADERS = ("Title", "Date")
FIXED = len(FIXED_HEADERS)
FIXED_KEYS = ("title", "date")
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Header role: the variable a column shows (``None`` for title and date).
VARIABLE_ROLE = Qt.ItemDataRole.UserRole + 2
CHUNK = 200
#: Above this many updated documents the whole table repaints instead of row by row.
ROW_UPDATE_LIMIT = 100
OFF_TYPE_COLOUR = QColor("#b3261e")

Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Row:
    title: str
    date: str | None
    source: str
    values: dict[str, str] = field(default_factory=dict)


class VariableTableModel(QAbstractTableModel):
    """Rows are documents, columns their title, date and every variable.

    Role ``DOCUMENT_ID_ROLE`` gives a row's document id; the header's ``VARIABLE_ROLE``
    gives a column's :class:`~annotator.domain.variables.Variable`. Edits are not stored
    here: ``setData`` asks for them, and the panel checks and runs the command.

    Signals:
        editRequested(int, str, str): the user typed ``text`` into the cell of a
            document (id) and variable (name).
        sortingChanged(bool): True while a background sort runs, False when its order
            is shown (or dropped).
    """

    editRequested = QtSignal(int, str, str)
    sortingChanged = QtSignal(bool)

    def __init__(self, project: Project, signals: ProjectSignals,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._ids: list[int] = []
        self._columns: list[Variable] = []
        self._rows: dict[int, _Row] = {}
        self._sort_column, self._descending = COLUMN_TITLE, False
        self._sort_variable: int | None = None  # the id of the variable sorted by
        self._live = self._loaded = False
        self._order = DocumentOrderReader(project, self)
        self._order.ready.connect(self._apply_order)
        self._order.busyChanged.connect(self.sortingChanged)
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
        if role == VARIABLE_ROLE:
            return variable
        if role == Qt.ItemDataRole.DisplayRole:
            how = "" if variable.type_chosen else " (inferred)"
            return f"{variable.name}\n{variable.type}{how}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return header_tooltip(variable)
        return None

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
            return self._fixed_data(row, index.column(), role)
        return self._value_data(variable, row.values.get(variable.name), role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        variable = self.variable(index.column()) if index.isValid() else None
        if variable is None or role != Qt.ItemDataRole.EditRole:
            return False
        self.editRequested.emit(self._ids[index.row()], variable.name, str(value or ""))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if not 0 <= column < self.columnCount() or (column, descending) == (
                self._sort_column, self._descending):
            return  # already in that order (the view asks again as it is set up)
        self._sort_column, self._descending = column, descending
        variable = self.variable(column)
        self._sort_variable = variable.id if variable else None
        self._reorder()

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
            return self._ids.index(document_id)
        except ValueError:
            return None

    @property
    def sorting(self) -> bool:
        """Whether the rows wait for a background sort's order."""
        return self._order.busy

    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        """The column the rows are sorted by, and the direction."""
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        return self._sort_column, order

    def set_live(self, live: bool) -> None:
        """The table came on screen (True) or left it: only a live table reads the
        project; one that missed changes while hidden re-reads when it comes back."""
        self._live = live
        if live and not self._loaded:
            self.reload()

    def reload(self) -> None:
        """Re-read the variables and the documents' order, and forget cached rows."""
        self._loaded = True
        self.beginResetModel()
        self._columns = self._project.variables.all()
        self._rows.clear()
        self._fit_sort_to_columns()
        self._ids = self._project.documents.ids("title")
        self.endResetModel()
        if self._sort_column != COLUMN_TITLE or self._descending:
            self._reorder()

    def shutdown(self) -> None:
        """Wait for background sorts (the window is closing its project); their orders
        are dropped."""
        self._order.shutdown()

    # -- cells ----------------------------------------------------------------------------
    def _fixed_data(self, row: _Row, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title if column == COLUMN_TITLE else (row.date or "")[:10]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row.title, (row.date or "undated").replace("T", " "), row.source]
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COLUMN_TITLE:
            return alignment_for(row.title, numeric=False)
        return None

    def _value_data(self, variable: Variable, value: str | None, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value or ""
        if value is None:
            return None
        fits = fits_type(variable.type, value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return alignment_for(value, numeric=variable.type == "number" and fits)
        if role == Qt.ItemDataRole.ForegroundRole and not fits:
            return OFF_TYPE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            if not fits:
                return (f"{value}\n\nNot a {variable.type}: sorted after the "
                        f"{variable.type}s. Type ▸ Text reads every value as text.")
            return value if len(value) > 30 else None
        return None

    def _row(self, row: int) -> _Row | None:
        document_id = self._ids[row]
        if document_id not in self._rows:
            first = row - row % CHUNK
            self._read_rows(self._ids[first:first + CHUNK])
        return self._rows.get(document_id)

    def _read_rows(self, document_ids: list[int]) -> None:
        values = self._project.variables.page(document_ids)
        for summary in self._project.documents.summaries(document_ids):
            self._rows[summary.id] = _Row(summary.title, summary.date, summary.source,
                                          values.get(summary.id, {}))

    # -- order ----------------------------------------------------------------------------
    def _reorder(self) -> None:
        """Put the rows in the current sort order (see :class:`DocumentOrderReader`)."""
        variable = self.variable(self._sort_column)
        column = variable.name if variable else FIXED_KEYS[self._sort_column]
        self._order.ask(column, self._descending, variable=variable is not None,
                        documents=len(self._ids))

    def _apply_order(self, ordered: list[int] | None) -> None:
        """Show the rows in ``ordered`` (``None``: as they are; documents added since it
        was read go last, documents deleted since are left out); selections follow
        their documents."""
        if ordered is None:
            return
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

    def _fit_sort_to_columns(self) -> bool:
        """After the columns changed: keep sorting by the same variable where it went,
        or by title when it is gone (then True: the rows need sorting again)."""
        if self._sort_variable is None:
            return False
        for index, variable in enumerate(self._columns):
            if variable.id == self._sort_variable:
                self._sort_column = FIXED + index
                return False
        self._sort_column, self._descending, self._sort_variable = COLUMN_TITLE, False, None
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
            self._update_columns()
        if len(documents.updated) > ROW_UPDATE_LIMIT:
            self._rows.clear()
            self._repaint(range(len(self._ids)))
        elif documents.updated:
            self._refresh_rows(documents.updated, columns_known=bool(changes.variables))

    def _refresh_rows(self, document_ids: Iterable[int], *, columns_known: bool) -> None:
        """Re-read these documents' rows; when their values changed and the record did
        not say what became of the variables (the properties dialog, an import), look at
        the variables again."""
        ids = [i for i in document_ids if i in self._rows or not columns_known]
        before = {i: self._rows[i].values for i in ids if i in self._rows}
        self._read_rows(ids)
        changed_values = any(self._rows[i].values != old for i, old in before.items()
                             if i in self._rows)
        if not columns_known and (changed_values or self._columns_differ()):
            self._update_columns()
        row_of = {document_id: row for row, document_id in enumerate(self._ids)}
        self._repaint(row_of[i] for i in ids if i in row_of)

    def _columns_differ(self) -> bool:
        shown = [(v.id, v.name, v.type if v.type_chosen else None) for v in self._columns]
        stored = [(d.id, d.name, d.chosen_type) for d in self._project.variables.definitions()]
        return shown != stored

    def _update_columns(self) -> None:
        """Re-read the variables; columns come and go one by one where they can (the
        view keeps its selection and widths), else the table is laid out anew."""
        new = self._project.variables.all()
        old_ids, new_ids = [v.id for v in self._columns], [v.id for v in new]
        kept = [i for i in old_ids if i in set(new_ids)]
        if kept != [i for i in new_ids if i in set(old_ids)]:
            self._reset_columns(new)
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
        sorted_by = self.variable(self._sort_column)
        self._columns = new
        self._rows.clear()
        gone = self._fit_sort_to_columns()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self._repaint(range(len(self._ids)))
        now = self.variable(self._sort_column)
        if gone or (sorted_by and now and sorted_by.type != now.type):
            self._reorder()  # its order was by a variable now gone, or read as another type

    def _reset_columns(self, new: list[Variable]) -> None:
        self.beginResetModel()
        self._columns = new
        self._rows.clear()
        self._fit_sort_to_columns()
        self.endResetModel()
        self._reorder()

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


def header_tooltip(variable: Variable) -> str:
    """What a variable's header says on hover: its type and how it got it, and how many
    documents have a value."""
    how = ("chosen" if variable.type_chosen
           else "inferred from the values; right-click ▸ Type to choose")
    count = variable.documents
    return (f"{variable.name}: {variable.type} ({how})\n"
            f"{count} document{'s' * (count != 1)} with a value")


def alignment_for(text: str, *, numeric: bool) -> int | None:
    """Numbers to the right, like a spreadsheet; so is text that starts in a
    right-to-left script (Arabic, Hebrew...), as it reads from there."""
    if numeric or starts_right_to_left(text):
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return None


def starts_right_to_left(text: str) -> bool:
    """Whether the first strongly directional character of ``text`` is right-to-left."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False

