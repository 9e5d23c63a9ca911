"""The document properties dialog: see and correct a document's title, date, attributes.

The text itself is never editable (offsets refer to it). Saving goes through
:class:`UpdateDocumentCommand`, so Edit ▸ Undo takes a correction back.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.dates import checked_date
from ..domain.errors import UserError
from ..domain.model import Attributes, Changes, Document
from .commands import ProjectCommand, UndoContext


class UpdateDocumentCommand(ProjectCommand):
    """Change a document's title, date and attributes; undo restores the old ones."""

    def __init__(self, context: UndoContext, document: Document, title: str,
                 date: str | None, attributes: Attributes) -> None:
        super().__init__(context, f"Edit properties of '{document.title}'")
        self.document_id = document.id
        self.old = (document.title, document.date, dict(document.attributes))
        self.new = (title, date, dict(attributes))

    def perform(self) -> Changes:
        title, date, attributes = self.new
        return self.project.documents.update(self.document_id, title=title, date=date,
                                             attributes=attributes)

    def revert(self) -> Changes:
        title, date, attributes = self.old
        return self.project.documents.update(self.document_id, title=title, date=date,
                                             attributes=attributes)


class DocumentPropertiesDialog(QDialog):
    """Edits one document's metadata; :meth:`save` applies it as one undoable command."""

    def __init__(self, context: UndoContext, document_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentProperties")
        self.setWindowTitle("Document properties")
        self._context = context
        self.document = context.project.documents.get(document_id)
        self._build_ui()

    def _build_ui(self) -> None:
        doc = self.document
        self.title_edit = QLineEdit(doc.title, self)
        self.date_edit = QLineEdit(doc.date or "", self)
        self.date_edit.setPlaceholderText("YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM-DDTHH:MM")
        self.attributes = QTableWidget(0, 2, self)
        self.attributes.setHorizontalHeaderLabels(["Attribute", "Value"])
        self.attributes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.attributes.verticalHeader().hide()
        self.attributes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for name, value in doc.attributes.items():
            self.add_attribute(name, value if isinstance(value, str) else json.dumps(value))
        add = QPushButton("Add attribute", self)
        add.clicked.connect(lambda: self.add_attribute("", ""))
        remove = QPushButton("Remove selected", self)
        remove.clicked.connect(self._remove_selected)
        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Date", self.date_edit)
        form.addRow("Source", QLabel(doc.source or "—", self))
        form.addRow("Length", QLabel(f"{len(doc.text):,} characters", self))
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save_and_close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Attributes", self))
        layout.addWidget(self.attributes, 1)
        row = QVBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(520, 460)

    def add_attribute(self, name: str, value: str) -> None:
        row = self.attributes.rowCount()
        self.attributes.insertRow(row)
        self.attributes.setItem(row, 0, QTableWidgetItem(name))
        self.attributes.setItem(row, 1, QTableWidgetItem(value))

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.attributes.selectedIndexes()}, reverse=True):
            self.attributes.removeRow(row)

    def values(self) -> tuple[str, str | None, dict[str, Any]]:
        """The edited title, date and attributes; raises :class:`UserError` if invalid."""
        title = " ".join(self.title_edit.text().split())
        if not title:
            raise UserError("a document title cannot be empty")
        date = checked_date(self.date_edit.text())
        attributes: dict[str, Any] = {}
        for row in range(self.attributes.rowCount()):
            name_item, value_item = self.attributes.item(row, 0), self.attributes.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            value = value_item.text() if value_item else ""
            if not name:
                continue
            if name in attributes:
                raise UserError(f"the attribute {name!r} is listed twice")
            attributes[name] = value
        return title, date, attributes

    def save(self) -> bool:
        """Apply the edits as one undoable command; on a bad value show why, keep open."""
        try:
            title, date, attributes = self.values()
        except UserError as error:
            self.error_label.setText(str(error))
            return False
        doc = self.document
        if (title, date, attributes) == (doc.title, doc.date, doc.attributes):
            return True
        return self._context.run(
            UpdateDocumentCommand(self._context, doc, title, date, attributes)
        )

    def _save_and_close(self) -> None:
        if self.save():
            self.accept()
