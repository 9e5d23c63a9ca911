"""The dialogs that add a condition to the document filter: tags (any, all or none of
them), a variable's values (with their numbers of documents), a date range, coders.

:class:`FilterPrompts` opens them and returns the answer, or ``None`` when cancelled;
tests replace it with scripted answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.dates import checked_date
from ..domain.errors import UserError
from ..domain.filters import TAG_MATCHES, DocumentFilter, TagMatch
from ..services.coder_choice import coder_documents
from ..services.project import Project

#: What a checkable row stands for (a tag id, or a value; ``None`` is "no value").
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1
MATCH_LABELS: dict[TagMatch, str] = {
    "any": "carry any of these tags", "all": "carry all of these tags",
    "none": "carry none of these tags",
}
_BOUND = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def checklist(rows: Iterable[tuple[object, str, int, bool]], first_header: str,
              parent: QWidget) -> QTreeView:
    """A list of checkable rows ``(choice, label, documents, checked)``: the label (elided
    when long) and its number of documents in a right-aligned column."""
    model = QStandardItemModel(0, 2, parent)
    model.setHorizontalHeaderLabels([first_header, "Documents"])
    for choice, label, documents, checked in rows:
        item = QStandardItem(label)
        item.setEditable(False)
        item.setCheckable(True)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(choice, CHOICE_ROLE)
        item.setToolTip(label)
        count = QStandardItem(str(documents))
        count.setEditable(False)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        model.appendRow([item, count])
    view = QTreeView(parent)
    view.setModel(model)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    return view


def checked_choices(view: QTreeView) -> list[object]:
    model = view.model()
    assert isinstance(model, QStandardItemModel)
    return [model.item(row).data(CHOICE_ROLE) for row in range(model.rowCount())
            if model.item(row).checkState() == Qt.CheckState.Checked]


def _buttons(dialog: QDialog, accept: object) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class TagConditionDialog(QDialog):
    """Check tags (each with its number of documents) and how documents must carry them."""

    def __init__(self, tags: list[tuple[int, str, int]], chosen: frozenset[int],
                 match: TagMatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagConditionDialog")
        self.setWindowTitle("Filter by tags")
        self.list = checklist(((tag_id, path, documents, tag_id in chosen)
                               for tag_id, path, documents in tags), "Tag", self)
        self.match_group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Show documents that", self))
        for index, kind in enumerate(TAG_MATCHES):
            button = QRadioButton(MATCH_LABELS[kind], self)
            button.setChecked(kind == match)
            self.match_group.addButton(button, index)
            layout.addWidget(button)
        layout.addWidget(self.list, 1)
        layout.addWidget(_buttons(self, self.accept))
        self.resize(360, 420)

    def answer(self) -> tuple[frozenset[int], TagMatch]:
        """The checked tags (none: no tag condition) and the match."""
        ids = frozenset(int(choice) for choice in checked_choices(self.list))  # type: ignore[call-overload]
        return ids, TAG_MATCHES[max(0, self.match_group.checkedId())]


class ValueConditionDialog(QDialog):
    """Check values of one variable (each with its number of documents); documents with
    any of them pass."""

    def __init__(self, name: str, values: list[tuple[str | None, int]],
                 chosen: frozenset[str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("valueConditionDialog")
        self.setWindowTitle(f"Filter by {name}")
        self.list = checklist(((value, "(no value)" if value is None else value, count,
                                value in chosen) for value, count in values), "Value", self)
        every = QPushButton("Check all", self)
        every.clicked.connect(lambda: self._check_all(True))
        none = QPushButton("Check none", self)
        none.clicked.connect(lambda: self._check_all(False))
        row = QHBoxLayout()
        row.addWidget(every)
        row.addWidget(none)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Show documents whose {name} is one of:", self))
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(_buttons(self, self.accept))
        self.resize(360, 420)

    def _check_all(self, checked: bool) -> None:
        model = self.list.model()
        assert isinstance(model, QStandardItemModel)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(model.rowCount()):
            model.item(row).setCheckState(state)

    def answer(self) -> frozenset[str | None]:
        """The checked values (none: no condition on this variable)."""
        return frozenset(checked_choices(self.list))  # type: ignore[arg-type]


class DateRangeDialog(QDialog):
    """Type the first and last day (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; either may
    stay empty, leaving that side open)."""

    def __init__(self, first: str | None, last: str | None, span: tuple[str, str] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dateRangeDialog")
        self.setWindowTitle("Filter by date")
        self.first_edit = QLineEdit(first or "", self)
        self.last_edit = QLineEdit(last or "", self)
        for edit, bound in ((self.first_edit, 0), (self.last_edit, 1)):
            edit.setPlaceholderText(span[bound] if span else "YYYY-MM-DD")
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("From", self.first_edit)
        form.addRow("To", self.last_edit)
        layout = QVBoxLayout(self)
        hint = ("Documents dated from the first day to the last, both included.\n"
                "Type YYYY, YYYY-MM or YYYY-MM-DD; an empty side stays open.")
        if span:
            hint += f"\nThe documents are dated {span[0]} to {span[1]}."
        layout.addWidget(QLabel(hint, self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(_buttons(self, self._accept_if_valid))
        self.resize(380, self.sizeHint().height())

    def answer(self) -> tuple[str | None, str | None]:
        """The two bounds (``None``: open); :class:`UserError` for one that is not a date."""
        bounds = []
        for edit in (self.first_edit, self.last_edit):
            text = edit.text().strip()
            if text and not _BOUND.fullmatch(text):
                raise UserError(f"{text!r} is not a day; use YYYY, YYYY-MM or YYYY-MM-DD")
            bounds.append(checked_date(text))
        first, last = bounds
        if first and last and first > last:
            raise UserError("the first day comes after the last")
        return first, last

    def _accept_if_valid(self) -> None:
        try:
            self.answer()
        except UserError as error:
            self.error_label.setText(str(error))
            return
        self.accept()


class CoderConditionDialog(QDialog):
    """Check coders (each with the documents they coded): only their highlights count."""

    def __init__(self, coders: list[tuple[str, int]], chosen: frozenset[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coderConditionDialog")
        self.setWindowTitle("Filter by coder")
        self.list = checklist(((name, name, documents, name in chosen)
                               for name, documents in coders), "Coder", self)
        note = QLabel("Count and list only these coders' highlights, in the documents "
                      "they coded.", self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        layout.addWidget(_buttons(self, self.accept))
        self.resize(360, 360)

    def answer(self) -> frozenset[str]:
        """The checked coders (none: no coder condition)."""
        return frozenset(str(choice) for choice in checked_choices(self.list))


class FilterPrompts:
    """Opens the condition dialogs (modal) for the filter bar."""

    def __init__(self, parent: QWidget, project: Project) -> None:
        self._parent = parent
        self._project = project

    def tags(self, where: DocumentFilter) -> tuple[frozenset[int], TagMatch] | None:
        rows = [(c.tag.id, "/".join(c.path), c.documents) for c in self._project.tags.counts()]
        dialog = TagConditionDialog(rows, where.tag_ids, where.tag_match, self._parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def values(self, where: DocumentFilter, name: str) -> frozenset[str | None] | None:
        values = self._project.variables.values(name)
        dialog = ValueConditionDialog(name, values, where.values.get(name, frozenset()),
                                      self._parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def dates(self, where: DocumentFilter) -> tuple[str | None, str | None] | None:
        dialog = DateRangeDialog(where.first_day, where.last_day,
                                 self._project.documents.date_span(), self._parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def coders(self, where: DocumentFilter) -> frozenset[str] | None:
        dialog = CoderConditionDialog(coder_documents(self._project), where.coders,
                                      self._parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
