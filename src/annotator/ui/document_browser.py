"""The document browser: a filter box over the lazy document list.

Typing in the filter box re-queries the full-text index after a short pause (debounced),
so a fast typist triggers one search, not one per key.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from .document_list_model import (
    COLUMN_DATE,
    COLUMN_HIGHLIGHTS,
    COLUMN_TITLE,
    DocumentListModel,
)

FILTER_DELAY_MS = 200


class DocumentBrowser(QWidget):
    """Lists documents; activating one (double-click, Enter) asks to open it.

    Signals:
        documentActivated(int): the user chose a document (its id) to read.
    """

    documentActivated = Signal(int)
    dateRangeCleared = Signal()

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentBrowser")
        self.model = model
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("documentFilter")
        self.filter_box.setPlaceholderText("Filter by title or text…")
        self.filter_box.setClearButtonEnabled(True)
        self.view = QTreeView(self)
        self.view.setObjectName("documentList")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setModel(self.model)
        # The model starts in this order: say so before sorting is enabled, so that the
        # view does not first sort by its default column (a query over every document).
        self.view.header().setSortIndicator(COLUMN_DATE, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font: ResizeToContents reads every row on every change,
        # which is O(documents) per keystroke in a 100,000-document project.
        metrics = self.view.fontMetrics()
        for column, sample in ((COLUMN_DATE, "0000-00-00  "), (COLUMN_HIGHLIGHTS, "Highlights  ")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); padding: 12px;")
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.date_label = QLabel(self)
        self.date_label.setObjectName("documentDateFilter")
        self.clear_dates_button = QToolButton(self, text="Clear")
        self.clear_dates_button.setToolTip("Show documents of every date again")
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_label, 1)
        date_row.addWidget(self.clear_dates_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter_box)
        layout.addLayout(date_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._update_empty_state()

    def _connect(self) -> None:
        self.filter_box.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self._apply_filter)
        self.view.activated.connect(self._on_activated)
        self.view.doubleClicked.connect(self._on_activated)
        self.model.modelReset.connect(self._update_empty_state)
        self.model.rowsInserted.connect(self._update_empty_state)
        self.model.rowsRemoved.connect(self._update_empty_state)
        self.clear_dates_button.clicked.connect(self.clear_date_range)

    def set_date_range(self, first_day: str, last_day: str) -> None:
        """Filter by document date (empty strings: no date filter); shown as a banner."""
        self.model.set_date_range(first_day or None, last_day or None)
        self._update_empty_state()

    def clear_date_range(self) -> None:
        """Remove the date filter and say so (``dateRangeCleared``)."""
        self.set_date_range("", "")
        self.dateRangeCleared.emit()

    def _apply_filter(self) -> None:
        self.model.set_filter(self.filter_box.text())

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.documentActivated.emit(self.model.document_id(index.row()))

    def _update_empty_state(self) -> None:
        rows = self.model.rowCount()
        empty = rows == 0
        if self.model.filter_text or self.model.date_range != (None, None):
            self.empty_label.setText("No document matches the filter.")
        else:
            self.empty_label.setText(
                "No documents yet.\nDrop files or folders on the window, or use "
                "File ▸ Import files…"
            )
        self.empty_label.setVisible(empty)
        self.count_label.setText(f"{rows} document{'s' * (rows != 1)}")
        first, last = self.model.date_range
        dated = first is not None or last is not None
        self.date_label.setText(f"Dated {first or '…'} to {last or '…'}" if dated else "")
        self.date_label.setVisible(dated)
        self.clear_dates_button.setVisible(dated)

    def current_document(self) -> int | None:
        """The id of the document whose row is current, if any."""
        index = self.view.currentIndex()
        return self.model.document_id(index.row()) if index.isValid() else None

    def select_document(self, document_id: int) -> None:
        """Select (without activating) a document's row, if it is listed."""
        row = self.model.row_of(document_id)
        if row is not None:
            index = self.model.index(row, COLUMN_TITLE)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
