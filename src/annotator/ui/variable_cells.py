"""What the variables table's cells and headers show: a row's title, date and values,
numbers and right-to-left text aligned as they read, values that do not fit their
variable's type marked, tooltips."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ..domain.variables import Variable, fits_type
from ..domain.wording import plural

COLUMN_TITLE, COLUMN_DATE = range(2)
FIXED_HEADERS = ("Title", "Date")
OFF_TYPE_COLOUR = QColor("#b3261e")
#: Values longer than this get their whole text as a tooltip.
TOOLTIP_AFTER = 30


@dataclass
class TableRow:
    """One document's row: what the table shows of it."""

    title: str
    date: str | None
    source: str
    values: dict[str, str]


def fixed_cell(row: TableRow, column: int, role: int) -> Any:
    """The title or date cell's data for ``role``."""
    if role == Qt.ItemDataRole.DisplayRole:
        return row.title if column == COLUMN_TITLE else (row.date or "")[:10]
    if role == Qt.ItemDataRole.ToolTipRole:
        lines = [row.title, (row.date or "undated").replace("T", " "), row.source]
        return "\n".join(line for line in lines if line)
    if role == Qt.ItemDataRole.TextAlignmentRole and column == COLUMN_TITLE:
        return alignment_for(row.title, numeric=False)
    return None


def value_cell(variable: Variable, value: str | None, role: int) -> Any:
    """A value cell's data for ``role`` (``value`` ``None``: the document has none)."""
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
            return (f"{value}\n\nNot a {variable.type}: sorted after the {variable.type}s. "
                    "Type ▸ Text reads every value as text.")
        return value if len(value) > TOOLTIP_AFTER else None
    return None


def header_cell(variable: Variable, role: int) -> Any:
    """A variable's header: its name over its type (and whether it was inferred)."""
    if role == Qt.ItemDataRole.DisplayRole:
        how = "" if variable.type_chosen else " (inferred)"
        return f"{variable.name}\n{variable.type}{how}"
    if role == Qt.ItemDataRole.ToolTipRole:
        how = ("chosen" if variable.type_chosen
               else "inferred from the values; right-click ▸ Type to choose")
        count = variable.documents
        return (f"{variable.name}: {variable.type} ({how})\n"
                f"{plural(count, 'document')} with a value")
    return None


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
