"""The search results: every hit of the document browser's search as keyword in context.

The panel follows the browser's filter (``set_document_filter``): while the search box
holds a query that reads, it lists the query's hits in the documents the filter lets
through, read in the background (:class:`~.hit_reader.HitReader`): the first 1,000 at
once, "showing 1,000 of N" and a "Show all" button when there are more. Clicking a row
asks to open its document with the hit selected.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.filters import DocumentFilter
from ..domain.model import Changes
from ..domain.wording import plural
from ..services.project import Project
from .hit_list_model import (
    COLUMN_DATE,
    COLUMN_DOCUMENT,
    COLUMN_HIT,
    COLUMN_LEFT,
    COLUMN_RIGHT,
    HitListModel,
)
from .hit_reader import HitReader, HitsRead
from .signals import ProjectSignals

NO_SEARCH = "Type a search in the Documents box (for example \"national security\") " \
            "to list every hit here."


class LeftElidingDelegate(QStyledItemDelegate):
    """Cuts the left context at its left end, so that the words next to the hit show."""

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class SearchResultsPanel(QWidget):
    """Lists the hits of the browser's search.

    Signals:
        hitActivated(int, int, int): a row was clicked: document id, start, end.
        codeRequested(): "Code all hits with…" was pressed.
    """

    hitActivated = Signal(int, int, int)
    codeRequested = Signal()

    def __init__(self, project: Project, signals: ProjectSignals,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.project = project
        self.model = HitListModel(self)
        self.reader = HitReader(project, self)
        self.where = DocumentFilter()
        self.last_read: HitsRead | None = None
        self._build_ui()
        self._connect(signals)
        self._show_summary()

    def _build_ui(self) -> None:
        self.summary = QLabel(self)
        self.summary.setObjectName("searchSummary")
        self.summary.setWordWrap(True)  # never widens the window
        self.summary.setMinimumWidth(120)
        self.show_all_button = QPushButton("Show all", self)
        self.show_all_button.setObjectName("showAllHits")
        self.code_button = QPushButton("Code all hits with…", self)
        self.code_button.setObjectName("codeAllHits")
        self.code_button.setToolTip("Tag every hit, or its sentence, paragraph or document, "
                                    "in one step (Undo takes it back)")
        self.notice = QLabel(self)
        self.notice.setObjectName("searchNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #2b6a2f;")
        self.notice.hide()
        self.view = QTreeView(self)
        self.view.setObjectName("hitList")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(COLUMN_LEFT, LeftElidingDelegate(self.view))
        header = self.view.header()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # search order at first
        self.view.setSortingEnabled(True)
        header.setStretchLastSection(False)
        for column in (COLUMN_LEFT, COLUMN_RIGHT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        widths = {COLUMN_HIT: "security  ", COLUMN_DATE: "0000-00-00  ",
                  COLUMN_DOCUMENT: "A document title"}
        for column, sample in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_all_button)
        top.addWidget(self.code_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)

    def _connect(self, signals: ProjectSignals) -> None:
        self.reader.ready.connect(self._show)
        self.reader.busyChanged.connect(lambda _busy: self._show_summary())
        self.reader.failed.connect(lambda _message: self._show_summary())
        self.view.clicked.connect(self._on_clicked)
        self.view.activated.connect(self._on_clicked)
        self.show_all_button.clicked.connect(self.show_all)
        self.code_button.clicked.connect(self.codeRequested)
        signals.changed.connect(self._on_changed)
        signals.reloaded.connect(self.reread)

    # -- the search -----------------------------------------------------------------------
    @property
    def query(self) -> str:
        """The search whose hits are listed ("" when none)."""
        return self.where.text.strip()

    def set_document_filter(self, where: DocumentFilter) -> None:
        """List the hits of ``where``'s query among the documents it lets through."""
        if where == self.where:
            return
        self.where = where
        self.reread()

    def show_notice(self, message: str) -> None:
        """Say what was done with the hits (until the search changes)."""
        self.notice.setText(message)
        self.notice.show()

    def reread(self) -> None:
        """Read the hits again (documents came or went)."""
        self.notice.hide()
        self.last_read = None
        self.model.set_hits([])
        if self.query:
            self.reader.read_hits(self.where)
        else:
            self.reader.stop()
        self._show_summary()

    def show_all(self) -> None:
        """List every hit, not only the first 1,000."""
        if self.query:
            self.reader.read_hits(self.where, every_hit=True)

    def shutdown(self) -> None:
        """Wait for the readings still running (the window closes its project)."""
        self.reader.shutdown()

    def _on_changed(self, changes: Changes) -> None:
        documents = changes.documents
        if documents.created or documents.deleted:
            self.reread()
        elif documents.updated and self.model.hits:
            where = self.where
            if where.first_day or where.last_day or where.values:
                self.reread()  # a new date or value may take a document in or out
                return
            summaries = self.project.documents.summaries(sorted(documents.updated))
            self.model.update_documents({s.id: (s.title, s.date) for s in summaries})

    def _show(self, read: HitsRead) -> None:
        if read.where != self.where:
            return
        previous, self.last_read = self.last_read, read
        if previous is None or previous.found is not read.found:  # not only counted
            self.model.set_hits(read.found)
            self._fit_hit_column(read)
        self._show_summary()

    def _fit_hit_column(self, read: HitsRead) -> None:
        """As wide as the widest hit among the first thousand (bold), within bounds, so
        that the contexts get the room."""
        font = self.view.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        widest = max((metrics.horizontalAdvance(h.hit.text) for h in read.found[:1000]),
                     default=0)
        self.view.header().resizeSection(COLUMN_HIT, max(60, min(widest + 24, 260)))

    def _show_summary(self) -> None:
        read = self.last_read
        self.show_all_button.setVisible(read is not None and not read.complete)
        self.code_button.setEnabled(bool(read and read.found))
        if not self.query:
            self.summary.setText(NO_SEARCH)
        elif read is None:
            self.summary.setText(f"Searching for {self.query}…")
        else:
            self.summary.setText(_summary(read))

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            hit = self.model.hit(index.row()).hit
            self.hitActivated.emit(hit.document_id, hit.start, hit.end)


def _summary(read: HitsRead) -> str:
    """"17 hits in 5 documents", "showing 1,000 of 5,312 hits in 90 documents"."""
    documents = plural(read.documents, "document", grouped=True)
    if read.complete:
        return f"{plural(len(read.found), 'hit', grouped=True)} in {documents}"
    total = "…" if read.total is None else f"{read.total:,}"
    return f"Showing {len(read.found):,} of {total} hits in {documents}"
