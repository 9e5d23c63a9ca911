"""The document browser: the lazy document list under the window's one document filter.

The filter is the search box's query (the search language of
:mod:`annotator.domain.search_query`; ``?`` beside the box shows its syntax) plus the
conditions shown as chips above the list (tags, variable values, a date range; see
:mod:`.filter_chips`). A query that cannot be read is not applied: a one-line
explanation under the box says where and what was expected, and the list keeps the last
filter until the query reads again. The browser owns the filter:
every change goes through :meth:`DocumentBrowser.set_document_filter`, which re-queries the
list and announces the filter (``filterChanged``) to the quotes, the charts and the status
bar. Typing re-queries after a short pause (debounced), so a fast typist triggers one
search, not one per key.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.filters import DocumentFilter
from ..domain.search_query import QuerySyntaxError
from ..domain.wording import plural
from ..services.project import Project
from .document_list_model import (
    COLUMN_DATE,
    COLUMN_HIGHLIGHTS,
    COLUMN_TITLE,
    DocumentListModel,
)
from .filter_chips import DocumentFilterBar
from .search_syntax import QUERY_ERROR_STYLE, SearchSyntaxButton
from .signals import ProjectSignals

FILTER_DELAY_MS = 200
QUIET_STYLE = "color: palette(placeholder-text);"


class DocumentBrowser(QWidget):
    """Lists the documents the filter lets through; activating one asks to open it.

    Signals:
        documentActivated(int): the user chose a document (its id) to read.
        filterChanged(DocumentFilter): the filter changed; the list already shows it.
        selectionChanged(): the selected documents changed (or the list was re-read).
    """

    documentActivated = Signal(int)
    filterChanged = Signal(object)
    selectionChanged = Signal()

    def __init__(self, model: DocumentListModel, project: Project, signals: ProjectSignals,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentBrowser")
        self.model = model
        self._project = project
        self._where = DocumentFilter()
        self._shown: int | None = None  # the document open in the window
        self.filter_bar = DocumentFilterBar(project, signals, self)
        self._build_ui()
        self._connect()
        self._update_empty_state()

    def _build_ui(self) -> None:
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("documentFilter")
        self.filter_box.setPlaceholderText("Search the text (? for the syntax)")
        self.filter_box.setClearButtonEnabled(True)
        self.syntax_button = SearchSyntaxButton(self)
        self.query_error = QLabel(self)
        self.query_error.setObjectName("queryError")
        self.query_error.setStyleSheet(QUERY_ERROR_STYLE)
        self.query_error.setWordWrap(True)
        self.query_error.setToolTip("The list still shows the last search that could be "
                                    "read. Click ? for the syntax.")
        self.query_error.hide()
        self._build_view()
        self._build_empty_state()
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet(QUIET_STYLE)
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.syntax_button)
        top.addWidget(self.filter_bar.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.query_error)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_state, 1)  # in the list's place while it is empty
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)

    def _build_view(self) -> None:
        self.view = QTreeView(self)
        self.view.setObjectName("documentList")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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

    def _build_empty_state(self) -> None:
        self.empty_state = QWidget(self)
        self.empty_label = QLabel(self.empty_state)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(QUIET_STYLE + " padding: 12px 12px 4px 12px;")
        self.clear_filter_button = QPushButton("Clear filter", self.empty_state)
        self.clear_filter_button.setObjectName("clearDocumentFilter")
        layout = QVBoxLayout(self.empty_state)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addStretch(1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.clear_filter_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _connect(self) -> None:
        self.filter_box.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self._apply_text)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_clicked)
        self.view.selectionModel().selectionChanged.connect(self.selectionChanged)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_empty_state)
        self.model.modelReset.connect(self.selectionChanged)
        self.filter_bar.filterEdited.connect(self.set_document_filter)
        self.clear_filter_button.clicked.connect(self.clear_filter)

    # -- the filter ---------------------------------------------------------------------------
    @property
    def document_filter(self) -> DocumentFilter:
        """The filter the list shows (the quotes and charts follow it)."""
        return self._where

    def set_document_filter(self, where: DocumentFilter) -> None:
        """Show the documents ``where`` lets through, show it as chips (its query in the
        search box) and announce it (``filterChanged``)."""
        if where == self._where:
            return
        self._where = where
        if self.filter_box.text().strip() != where.text:
            self._timer.stop()
            self.filter_box.blockSignals(True)
            self.filter_box.setText(where.text)
            self.filter_box.blockSignals(False)
            self._show_query_error(None)
        self.model.set_document_filter(where)
        self.filter_bar.set_filter(where)
        self._update_empty_state()
        self.filterChanged.emit(where)

    def set_date_range(self, first_day: str, last_day: str) -> None:
        """Filter by document date (empty strings: no date condition), as the timeline's
        band does."""
        self.set_document_filter(self._where.with_dates(first_day or None, last_day or None))

    def clear_filter(self) -> None:
        """Show every document again (the search box's query goes too)."""
        self.set_document_filter(DocumentFilter())

    def _apply_text(self) -> None:
        try:
            where = self._where.with_text(self.filter_box.text())
        except QuerySyntaxError as error:
            self._show_query_error(error)
            return
        self._show_query_error(None)
        self.set_document_filter(where)

    def _show_query_error(self, error: QuerySyntaxError | None) -> None:
        """Explain under the box why its query is not applied (``None``: hide)."""
        message = "" if error is None else str(error)
        self.query_error.setText(message[:1].upper() + message[1:])
        self.query_error.setVisible(error is not None)

    # -- the list -------------------------------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.documentActivated.emit(self.model.document_id(index.row()))

    def _on_clicked(self, index: QModelIndex) -> None:
        """A plain click opens the document, as in every QDA tool; Ctrl- and Shift-clicks
        only select (several documents, for a bulk edit), and a click on the document
        already open keeps its place in the text."""
        selecting = QApplication.keyboardModifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            | Qt.KeyboardModifier.MetaModifier)
        if index.isValid() and not selecting and (
                self.model.document_id(index.row()) != self._shown):
            self._on_activated(index)

    def _update_empty_state(self) -> None:
        rows = self.model.rowCount()
        filtered = not self._where.is_empty
        if filtered:
            self.empty_label.setText("No documents match the filter.")
        else:
            self.empty_label.setText(
                "No documents yet.\nDrop files or folders on the window, or use "
                "File ▸ Import files…"
            )
        self.clear_filter_button.setVisible(filtered)
        self.empty_state.setVisible(rows == 0)
        self.view.setVisible(rows > 0)
        shown = plural(rows, "document")
        if filtered:
            shown = f"{rows} of {plural(self._project.documents.count(), 'document')}"
        self.count_label.setText(shown)

    def current_document(self) -> int | None:
        """The id of the document whose row is current, if any."""
        index = self.view.currentIndex()
        return self.model.document_id(index.row()) if index.isValid() else None

    def selected_documents(self) -> list[int]:
        """The ids of the selected rows, in list order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.document_id(row) for row in rows]

    def select_document(self, document_id: int) -> None:
        """Select (without activating) a document's row, if it is listed; it is the
        document shown (a click on it does not open it again)."""
        self._shown = document_id
        row = self.model.row_of(document_id)
        if row is not None:
            index = self.model.index(row, COLUMN_TITLE)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
