"""The Agreement view's two tables: the coefficients (one row per tag, then the overall
row) and the disagreements (one row per disagreeing unit, each coder's coding side by
side).

An undefined coefficient is shown as "—" with the reason as its tooltip; the kappa column
names its kind (Cohen's, or Brennan and Prediger's for segments).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ..domain.agreement import Coefficient
from ..services.agreement import AgreementReport, AgreementRow
from ..services.disagreements import Disagreement
from .rows_table_model import Index, RowsTableModel

UNDEFINED = "—"
KAPPA_HEADERS = {"cohen": "Cohen's κ", "brennan-prediger": "B–P κ"}
KAPPA_NAMES = {"cohen": "Cohen's kappa, two coders",
               "brennan-prediger": "Brennan and Prediger's free-marginal kappa"}
COLUMN_TAG, COLUMN_UNITS, COLUMN_AGREEMENT, COLUMN_KAPPA, COLUMN_ALPHA = range(5)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_MUTED = QBrush(QColor("#777777"))


class AgreementTableModel(RowsTableModel):
    """Rows: ``(label, tooltip, AgreementRow)`` per tag (path), then "All tags"."""

    HEADERS = ("Tag", "Units", "Agreement", "κ", "α")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, AgreementRow]] = []
        self.kappa_kind = "cohen"
        self._bold = QFont()
        self._bold.setBold(True)

    def set_report(self, report: AgreementReport | None) -> None:
        """Show ``report`` (``None``: nothing)."""
        self.beginResetModel()
        self._rows = [] if report is None else [
            *((t.path, t.row) for t in report.tags), ("All tags", report.overall)]
        self.kappa_kind = "cohen" if report is None else report.kappa_kind
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, COLUMN_KAPPA, COLUMN_KAPPA)

    def row(self, row: int) -> tuple[str, AgreementRow]:
        return self._rows[row]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and section == COLUMN_KAPPA:
            if role == Qt.ItemDataRole.DisplayRole:
                return KAPPA_HEADERS[self.kappa_kind]
            if role == Qt.ItemDataRole.ToolTipRole:
                return KAPPA_NAMES[self.kappa_kind]
        if (orientation == Qt.Orientation.Horizontal and section == COLUMN_ALPHA
                and role == Qt.ItemDataRole.ToolTipRole):
            return "Krippendorff's alpha, nominal"
        if (orientation == Qt.Orientation.Horizontal and section != COLUMN_TAG
                and role == Qt.ItemDataRole.TextAlignmentRole):
            return _RIGHT
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, row = self._rows[index.row()]
        column = index.column()
        overall = index.row() == len(self._rows) - 1
        coefficient = _coefficient(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_TAG:
                return label
            if column == COLUMN_UNITS:
                return f"{row.units:,}"
            return _shown(coefficient, percent=column == COLUMN_AGREEMENT)
        if role == Qt.ItemDataRole.ToolTipRole:
            if coefficient is not None and coefficient.value is None:
                return coefficient.reason[:1].upper() + coefficient.reason[1:] + "."
            return label if column == COLUMN_TAG else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COLUMN_TAG:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and overall:
            return self._bold
        if (role == Qt.ItemDataRole.ForegroundRole and coefficient is not None
                and coefficient.value is None):
            return _MUTED
        return None


def _coefficient(row: AgreementRow, column: int) -> Coefficient | None:
    return {COLUMN_AGREEMENT: row.percent_agreement, COLUMN_KAPPA: row.kappa,
            COLUMN_ALPHA: row.alpha}.get(column)


def _shown(coefficient: Coefficient | None, *, percent: bool) -> str:
    if coefficient is None or coefficient.value is None:
        return UNDEFINED
    return f"{100 * coefficient.value:.1f}%" if percent else f"{coefficient.value:.3f}"


COLUMN_DOCUMENT, COLUMN_DISAGREEMENT_TAG, COLUMN_STRETCH = 0, 1, 2
#: Columns from here on are the coders', in the agreement's order.
FIRST_CODER_COLUMN = 3
NOT_CODED = "(not coded)"
WHOLE_DOCUMENT = "(the whole document)"


class DisagreementModel(RowsTableModel):
    """One row per :class:`Disagreement`; a row settled with "Keep both" is greyed while
    it is listed (remembered by the window only: keeping both changes nothing stored)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Disagreement] = []
        self.coders: tuple[str, ...] = ()
        self._settled: set[tuple[int, int, int, int]] = set()
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_disagreements(self, coders: tuple[str, ...], found: list[Disagreement]) -> None:
        """Show ``found`` (each with one quote per coder of ``coders``). Rows marked
        settled before stay marked while they are listed again."""
        self.beginResetModel()
        self.coders, self._rows = coders, list(found)
        listed = {_key(d) for d in found}
        self._settled &= listed
        self.endResetModel()

    def disagreement(self, row: int) -> Disagreement:
        return self._rows[row]

    @property
    def disagreements(self) -> list[Disagreement]:
        return list(self._rows)

    def mark_settled(self, row: int) -> None:
        """Grey out a row (kept both: looked at and left as it is)."""
        self._settled.add(_key(self._rows[row]))
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def is_settled(self, row: int) -> bool:
        return _key(self._rows[row]) in self._settled

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_CODER_COLUMN + len(self.coders)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section >= FIRST_CODER_COLUMN:
            coder = section - FIRST_CODER_COLUMN
            return self.coders[coder] if coder < len(self.coders) else None
        return ("Document", "Tag", "Differs on")[section] if section >= 0 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        found, column = self._rows[index.row()], index.column()
        quote = (found.quotes[column - FIRST_CODER_COLUMN]
                 if column >= FIRST_CODER_COLUMN else None)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_DOCUMENT:
                return found.title
            if column == COLUMN_DISAGREEMENT_TAG:
                return found.tag_path
            if column == COLUMN_STRETCH:
                return _stretch_text(found.text)
            return " ".join(quote.split()) if quote else NOT_CODED
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(found, quote)
        if role == Qt.ItemDataRole.ForegroundRole and (
                quote == "" or _key(found) in self._settled):
            return _MUTED
        if role == Qt.ItemDataRole.FontRole and quote == "":
            return self._italic
        return None

    @staticmethod
    def _tooltip(found: Disagreement, quote: str | None) -> str:
        if quote is not None:
            return quote or NOT_CODED
        whose = f"{found.coder}'s segment, matched by no other coder: " if found.coder else ""
        return f"{found.title}\n{whose}{_stretch_text(found.text)}"


def _stretch_text(text: str) -> str:
    """A stretch on one line; one of white space only is named, so that it shows."""
    if not text:
        return WHOLE_DOCUMENT
    shown = " ".join(text.split())
    if shown:
        return shown
    return "(a line break)" if "\n" in text else "(white space)"


def _key(found: Disagreement) -> tuple[int, int, int, int]:
    return (found.document_id, found.tag_id, found.start, found.end)
