"""The survey import dialog: which columns hold the text, the title and the date, with a
live preview of the documents the import will create."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..domain.wording import plural
from ..services.surveys import NO_COLUMN, SurveyMapping, SurveyPreview, survey_preview

NONE_LABEL = "(none)"
PREVIEW_ROWS = 5


class SurveyMappingDialog(QDialog):
    """Asks how to read one survey; :attr:`mapping` is the choice once accepted.

    Every column not chosen as text, title or date becomes an attribute of its row's
    document (as the command line does).
    """

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyMapping")
        self.setWindowTitle(f"Import survey — {path.name}")
        self.path = path
        first = survey_preview(path, limit=PREVIEW_ROWS)  # InputFileError: caller reports it
        self.mapping: SurveyMapping = first.mapping
        self._build_ui(first)
        self._show(first)

    def _build_ui(self, first: SurveyPreview) -> None:
        self.text_list = QListWidget(self)
        self.text_list.setObjectName("surveyTextColumns")
        for column in first.columns:
            item = QListWidgetItem(column, self.text_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = column in first.mapping.text_columns
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.title_box = self._column_box(first.columns, first.mapping.title_column)
        self.date_box = self._column_box(first.columns, first.mapping.date_column)
        self.preview = QTableWidget(0, 3, self)
        self.preview.setHorizontalHeaderLabels(["Title", "Date", "Text"])
        self.preview.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Text (one or more)", self.text_list)
        form.addRow("Title", self.title_box)
        form.addRow("Date", self.date_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview", self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.text_list.itemChanged.connect(self.update_preview)
        self.title_box.currentIndexChanged.connect(self.update_preview)
        self.date_box.currentIndexChanged.connect(self.update_preview)
        self.resize(760, 560)

    def _column_box(self, columns: tuple[str, ...], chosen: str | None) -> QComboBox:
        box = QComboBox(self)
        box.addItem(NONE_LABEL)
        box.addItems(list(columns))
        box.setCurrentIndex(columns.index(chosen) + 1 if chosen in columns else 0)
        return box

    def chosen_mapping(self) -> SurveyMapping:
        """The mapping the controls describe now."""
        texts = tuple(
            self.text_list.item(i).text() for i in range(self.text_list.count())
            if self.text_list.item(i).checkState() == Qt.CheckState.Checked
        )

        def column(box: QComboBox) -> str:
            return NO_COLUMN if box.currentIndex() == 0 else box.currentText()

        return SurveyMapping(texts, column(self.title_box), column(self.date_box))

    def update_preview(self) -> None:
        mapping = self.chosen_mapping()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not mapping.text_columns:
            self.summary.setText("Choose at least one column that holds the answers' text.")
            self.preview.setRowCount(0)
            ok.setEnabled(False)
            return
        try:
            preview = survey_preview(self.path, mapping, limit=PREVIEW_ROWS)
        except UserError as error:
            self.summary.setText(str(error))
            ok.setEnabled(False)
            return
        self.mapping = preview.mapping
        ok.setEnabled(True)
        self._show(preview)

    def _show(self, preview: SurveyPreview) -> None:
        self.preview.setRowCount(len(preview.documents))
        for row, doc in enumerate(preview.documents):
            text = " ".join(doc.text.split())
            for column, value in enumerate((doc.title, doc.date or "", text[:300])):
                self.preview.setItem(row, column, QTableWidgetItem(value))
        attributes = ", ".join(preview.mapping.attribute_columns or ()) or "none"
        self.summary.setText(
            f"{plural(preview.rows, 'row')}; each row with text becomes a document. "
            f"Attributes: {attributes}."
        )
