"""The quotes view: every quote of the checked tags across the corpus, fetched in pages."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.filters import DocumentFilter
from ..domain.model import Changes, Tag
from ..domain.wording import plural
from ..services.project import Project
from ..services.quotes import Quote, QuoteFilter, quote_count, quotes
from .signals import ProjectSignals

COLUMN_QUOTE, COLUMN_TAGS, COLUMN_DOCUMENT, COLUMN_DATE, COLUMN_MEMO = range(5)
#: The widths of the columns beside the quote in a wide list; in a narrow one they shrink
#: together so that the quote keeps at least half of the width.
SIDE_COLUMNS = {COLUMN_TAGS: 110, COLUMN_DOCUMENT: 150, COLUMN_DATE: 84, COLUMN_MEMO: 100}
HEADERS = ("Quote", "Tags", "Document", "Date", "Memo")
ORDERS = {COLUMN_QUOTE: "quote", COLUMN_DOCUMENT: "document", COLUMN_DATE: "date",
          COLUMN_MEMO: "memo"}
PAGE = 500

Index = QModelIndex | QPersistentModelIndex


class QuotesModel(QAbstractTableModel):
    """Quotes of ``tag_ids``, loaded a page at a time as the view scrolls (``fetchMore``)."""

    def __init__(self, project: Project, signals: ProjectSignals,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._tag_ids: list[int] = []
        self._checked: list[int] = []
        self._filter = QuoteFilter()
        self._documents = DocumentFilter()
        self._own_documents: DocumentFilter | None = None
        self.filter_description = ""
        self._rows: list[Quote] = []
        self._total = 0
        self._order = "date"
        self._descending = False
        self._tags: dict[int, Tag] = {}
        signals.changed.connect(self._on_changed)
        signals.reloaded.connect(self.refresh)

    def set_tags(self, tag_ids: list[int]) -> None:
        """Show the quotes of these (checked) tags, any of them; ends a drill-down."""
        self._checked = list(tag_ids)
        self.show_checked()

    def show_checked(self) -> None:
        """Back to the quotes of the checked tags."""
        self.set_filter(QuoteFilter(tuple(self._checked)), "")

    def set_filter(self, query: QuoteFilter, description: str) -> None:
        """Show the quotes a chart points at (``description`` says which, for the banner).

        A query that names its documents (a group of a split, counted within the filter
        of the moment) keeps them; else the browser's filter applies."""
        self._filter = query
        self._own_documents = query.documents
        self.filter_description = description
        self._tag_ids = list(query.tag_ids)
        self.refresh()

    @property
    def document_filter(self) -> DocumentFilter:
        return self._documents

    def set_document_filter(self, where: DocumentFilter) -> None:
        """List only quotes in the documents ``where`` lets through (the browser's filter).
        A drill-down into a group ends: it was counted within the filter before."""
        if where != self._documents:
            self._documents = where
            if self._own_documents is not None:
                self.show_checked()
            else:
                self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._tags = {t.id: t for t in self._project.tags.all()}
        self._tag_ids = [t for t in self._tag_ids if t in self._tags]
        documents = self._own_documents
        if documents is None and not self._documents.is_empty:
            documents = self._documents
        self._filter = replace(self._filter, tag_ids=tuple(self._tag_ids), documents=documents)
        self._total = quote_count(self._project, self._filter)
        self._rows = self._page(0)
        self.endResetModel()

    def _page(self, offset: int) -> list[Quote]:
        return quotes(self._project, self._filter, order=self._order,  # type: ignore[arg-type]
                      descending=self._descending, limit=PAGE, offset=offset)

    def _on_changed(self, changes: Changes) -> None:
        if changes.highlights or changes.tags or changes.documents:
            self.refresh()

    def quote_at(self, row: int) -> Quote:
        return self._rows[row]

    @property
    def total(self) -> int:
        return self._total

    @property
    def tag_ids(self) -> list[int]:
        return list(self._tag_ids)

    # -- the Qt model interface ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = self._page(len(self._rows))
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        else:
            self._total = len(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.cell_text(index.row(), index.column(),
                              full=role == Qt.ItemDataRole.ToolTipRole)

    def cell_text(self, row: int, column: int, *, full: bool = True) -> str:
        q = self._rows[row]
        if column == COLUMN_QUOTE:
            return q.quote if full else " ".join(q.quote.split())
        if column == COLUMN_TAGS:
            return ", ".join(self._tags[t].name for t in q.tag_ids if t in self._tags)
        if column == COLUMN_DOCUMENT:
            return q.document_title
        if column == COLUMN_DATE:
            return (q.document_date or "")[:10]
        if column == COLUMN_MEMO:
            return q.memo
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in ORDERS:
            return
        self._order = ORDERS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()


class QuotesView(QWidget):
    """Lists quotes; double-click jumps to one; Ctrl+C copies the selected rows as text.

    Signals:
        quoteActivated(int, int, int): document id, start and end (code points) to show.
    """

    quoteActivated = Signal(int, int, int)

    def __init__(self, model: QuotesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quotesView")
        self.model = model
        self.view = QTreeView(self)
        self.view.setObjectName("quotesTable")
        self.view.setModel(model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMN_DATE, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_QUOTE, QHeaderView.ResizeMode.Stretch)
        # The quote is what the researcher reads: it gets the room, the rest stays compact.
        header.setMinimumSectionSize(60)
        self.view.viewport().installEventFilter(self)
        self._fit_columns()
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); padding: 8px;")
        self.banner = QLabel(self)
        self.banner.setObjectName("quotesFilterBanner")
        # Wrapped: a long description must not widen the dock (and squeeze the charts).
        self.banner.setWordWrap(True)
        self.back_button = QPushButton("Show checked tags", self)
        self.back_button.clicked.connect(model.show_checked)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(banner_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        self.copy_action = QAction("Copy quotes", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.addAction(self.copy_action)
        self.view.doubleClicked.connect(self._on_activated)
        self.view.activated.connect(self._on_activated)
        model.modelReset.connect(self._update_empty_state)
        self._update_empty_state()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            q = self.model.quote_at(index.row())
            self.quoteActivated.emit(q.document_id, q.start, q.end)

    def selected_text(self) -> str:
        """Selected rows as tab-separated lines: quote, tags, document, date, memo."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return "\n".join(
            "\t".join(self.model.cell_text(r, c).replace("\n", " ").replace("\t", " ")
                      for c in range(len(HEADERS)))
            for r in rows
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        """Size the columns beside the quote (the quote column stretches over the rest):
        their wide widths, scaled down together when they would take more than half."""
        header = self.view.header()
        room = self.view.viewport().width() // 2
        scale = min(1.0, room / sum(SIDE_COLUMNS.values()))
        for column, width in SIDE_COLUMNS.items():
            header.resizeSection(column, max(header.minimumSectionSize(), int(width * scale)))

    def copy_selection(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _update_empty_state(self) -> None:
        drill_down = bool(self.model.filter_description)
        self.banner.setText(f"Showing {self.model.filter_description}" if drill_down else "")
        self.banner.setVisible(drill_down)
        self.back_button.setVisible(drill_down)
        filtered = not self.model.document_filter.is_empty
        within = " in the documents of the filter" if filtered else ""
        if not self.model.tag_ids:
            self.empty_label.setText("Check tags in the tag panel to list their quotes here.")
        elif self.model.total == 0:
            self.empty_label.setText(f"No quotes carry the checked tags{within}"
                                     f"{'' if filtered else ' yet'}.")
        else:
            self.empty_label.setText(f"{plural(self.model.total, 'quote')}{within}")
        self.empty_label.setVisible(True)
