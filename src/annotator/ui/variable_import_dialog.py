"""The preview of File ▸ Import variables…: what a table (``.csv``, ``.tsv``, ``.xlsx``)
whose rows name documents would do (``services.variable_import``): the key column
(detected, changeable), what its values match, how many rows name a document, the rows
that name none or several, the columns that become variables and the first rows.
``variable_import_flow.py`` opens it and runs the import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.wording import plural
from ..services.project import Project
from ..services.variable_import import (
    VariableTablePreview,
    preview_variables,
)
from .tasks import LatestReading

if TYPE_CHECKING:
    pass

TABLE_FILTER = "Tables (*.csv *.tsv *.xlsx);;All files (*)"
MATCHES = {"source": "the documents' file names", "title": "the documents' titles"}
ERROR_STYLE = "color: #b3261e;"
#: The rows that name no document or several are listed up to this many.
LISTED_PROBLEMS = 200

Index = QModelIndex | QPersistentModelIndex


class SampleModel(QAbstractTableModel):
    """The first rows of a table, as read (every cell as text); the key column's header
    in bold."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: tuple[str, ...] = ()
        self._rows: tuple[tuple[str, ...], ...] = ()
        self._key = ""

    def show(self, preview: VariableTablePreview | None) -> None:
        self.beginResetModel()
        self._columns = preview.columns if preview else ()
        self._rows = preview.sample if preview else ()
        self._key = preview.key_column if preview else ""
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        text = row[index.column()] if index.column() < len(row) else ""
        return " ".join(text.split()) if role == Qt.ItemDataRole.DisplayRole else text or None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section]
        if role == Qt.ItemDataRole.FontRole and self._columns[section] == self._key:
            font = QFont()
            font.setBold(True)
            return font
        return None


class VariableImportDialog(QDialog):
    """The preview of a variables table; accepted, :attr:`key` is the key column to use.

    The preview is read in the background (a big table against many documents takes
    seconds), again whenever another key column is chosen.

    Signals:
        previewed(): a preview, or the reason there is none, is shown.
    """

    previewed = Signal()

    def __init__(self, project: Project, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variableImport")
        self.setWindowTitle(f"Import variables — {path.name}")
        self.path = path
        self.preview: VariableTablePreview | None = None
        self.key: str | None = None  # the column chosen (None: detect it)
        self._project = project
        self._reader = LatestReading(project, self)
        self._reader.ready.connect(self._show)
        self._reader.failed.connect(lambda message: self._show(None, message))
        self._detecting = False
        self._build_ui()
        self._read(None)

    def _build_ui(self) -> None:
        self.key_box = QComboBox(self)
        self.key_box.setObjectName("variableImportKey")
        self.key_box.setEnabled(False)
        self.key_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.key_box.setMinimumContentsLength(16)
        self.detected_label = QLabel(self)
        self.key_box.activated.connect(lambda _i: self._read(self.key_box.currentText()))
        self.matches_label, self.rows_label, self.variables_label = (
            QLabel(self), QLabel(self), QLabel(self))
        self.variables_label.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("variableImportProblems")
        self.status = QLabel(f"Reading {self.path.name}…", self)
        self.status.setWordWrap(True)
        self.sample = SampleModel(self)
        self.sample_view = QTableView(self)
        self.sample_view.setModel(self.sample)
        self.sample_view.verticalHeader().hide()
        self.sample_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.sample_view.setWordWrap(False)
        self.sample_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.sample_view.horizontalHeader().setDefaultSectionSize(130)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_box)
        key_row.addWidget(self.detected_label)
        key_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Key column", key_row)
        form.addRow("Matched against", self.matches_label)
        form.addRow("Rows", self.rows_label)
        form.addRow("Variables", self.variables_label)
        self.problems_label = QLabel("Rows left out", self)
        form.addRow(self.problems_label, self.problems)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("First rows", self))
        layout.addWidget(self.sample_view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._show_problems(None)
        self.resize(860, 600)

    @property
    def busy(self) -> bool:
        """Whether a preview is being read."""
        return self._reader.busy

    def done(self, result: int) -> None:
        """Close; a preview still being read finishes first (never left running)."""
        self.wait()
        super().done(result)

    def wait(self) -> None:
        """Let the previews being read finish (their results are dropped)."""
        self._reader.shutdown()

    # -- preview ----------------------------------------------------------------------------
    def _read(self, key: str | None) -> None:
        self._detecting = key is None
        path = self.path
        self.import_button.setEnabled(False)
        self.key_box.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(f"Reading {path.name}…")
        self._reader.read(lambda project: preview_variables(project, path, key))

    def _show(self, preview: VariableTablePreview | None, error: str = "") -> None:
        """Show the latest preview asked for (``None``: why the table cannot be read)."""
        self.preview = preview
        self.key = preview.key_column if preview else self.key
        self._fill_keys(preview)
        self.sample.show(preview)
        self._show_problems(preview)
        if preview is None:
            for label in (self.matches_label, self.rows_label, self.variables_label):
                label.clear()
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(error)
        else:
            self._describe(preview)
        self.import_button.setEnabled(preview is not None and preview.matched > 0)
        self.previewed.emit()

    def _fill_keys(self, preview: VariableTablePreview | None) -> None:
        if preview is None:
            self.key_box.setEnabled(self.key_box.count() > 0)
            return
        self.key_box.blockSignals(True)
        self.key_box.clear()
        self.key_box.addItems(list(preview.columns))
        self.key_box.setCurrentText(preview.key_column)
        self.key_box.blockSignals(False)
        self.key_box.setEnabled(True)
        self.detected_label.setText("found by its values; choose another if it is wrong"
                                    if self._detecting else "")

    def _describe(self, preview: VariableTablePreview) -> None:
        self.matches_label.setText(MATCHES[preview.key_matches])
        rows, matched = preview.rows, preview.matched
        self.rows_label.setText(
            f"{matched:,} of {plural(rows, 'row', grouped=True)} "
            f"{'names' if matched == 1 else 'name'} one document each")
        count = len(preview.variables)
        self.variables_label.setText(
            f"{plural(count, 'column')}: " + ", ".join(preview.variables))
        self.status.setStyleSheet("" if matched else ERROR_STYLE)
        self.status.setText(
            "Each named document gets these variables (an empty cell leaves its value as it "
            "is). Edit ▸ Undo takes the import back." if matched else
            "No row names a document: choose another key column.")

    def _show_problems(self, preview: VariableTablePreview | None) -> None:
        self.problems.clear()
        lines = problem_lines(preview) if preview else []
        self.problems.addItems(lines[:LISTED_PROBLEMS])
        if len(lines) > LISTED_PROBLEMS:
            self.problems.addItem(f"… and {len(lines) - LISTED_PROBLEMS:,} more")
        self.problems.setVisible(bool(lines))
        self.problems_label.setVisible(bool(lines))
        shown = min(self.problems.count(), 5)  # as high as its lines, up to five
        self.problems.setFixedHeight(shown * (self.fontMetrics().height() + 4) + 10)


def problem_lines(preview: VariableTablePreview) -> list[str]:
    """One line per row that names no document or several, in the table's order."""
    lines = [(row, f"Row {row}: “{key}” names no document") for row, key in preview.unmatched]
    lines += [(row, f"Row {row}: “{key}” names {len(ids)} documents (ids "
                    f"{', '.join(map(str, ids[:5]))}{'…' if len(ids) > 5 else ''}): left out")
              for row, key, ids in preview.ambiguous]
    return [line for _, line in sorted(lines)]
