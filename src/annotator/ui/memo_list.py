"""The Memos dock: every memo of the project in one list, filtered by kind, tag, document
and author, searched by words; double-click opens the memo's place.

The list reads the project only while its dock is on screen (``set_live``); a change made
meanwhile is read once it comes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.memos import MEMO_KINDS, Memo, MemoFilter, memo_summary, text_matches
from ..domain.model import Changes
from ..domain.wording import plural
from ..services.project import Project
from .memo_editor import NOTE_STYLE, local_time, memo_byline
from .rows_table_model import Index, RowsTableModel
from .tasks import LatestReading

COLUMN_KIND, COLUMN_PLACE, COLUMN_MEMO, COLUMN_AUTHOR, COLUMN_MODIFIED = range(5)
HEADERS = ("Kind", "About", "Memo", "Author", "Edited")
MEMO_ROLE = Qt.ItemDataRole.UserRole + 1
#: Milliseconds between the last keystroke in the search box and the search.
SEARCH_DELAY_MS = 250



#: Above this many memos the list is read in the background (50,000 highlight memos:
#: 320 ms to select, more to place and sort; 2,000 take about 15 ms).
SYNC_LIMIT = 2_000


@dataclass(frozen=True)
class MemoRows:
    """The memos a filter selects, each with where it is in words, and how many memos the
    project has in all."""

    rows: list[tuple[Memo, str]]
    total: int


def read_memo_rows(project: Project, where: MemoFilter) -> MemoRows:
    """The list's rows for ``where``, in the project's order (the model sorts them)."""
    memos = project.memos.select(where)
    titles = project.store.documents.titles(
        sorted({m.document_id for m in memos if m.document_id is not None}))
    paths = project.tags.paths()
    return MemoRows([(m, place_text(m, titles, paths)) for m in memos],
                    project.memos.count())


class MemoListModel(RowsTableModel):
    """The memos a :class:`MemoFilter` selects, with where each is, sortable by column.

    Rows are read at once for a small project and in the background above ``SYNC_LIMIT``
    memos; ``refreshed`` comes when they are in. A memo's new text (typing in a memo
    saves as one goes) changes its row in place, without reading the list again.
    """

    HEADERS = HEADERS
    refreshed = Signal()

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._where = MemoFilter()
        self._rows: list[tuple[Memo, str]] = []
        self._total = 0
        self._sort = (COLUMN_KIND, Qt.SortOrder.AscendingOrder)
        self._reader = LatestReading(project, self)
        self._reader.ready.connect(self._show)

    @property
    def where(self) -> MemoFilter:
        return self._where

    @property
    def reading(self) -> bool:
        """Whether rows are being read in the background."""
        return self._reader.busy

    def set_filter(self, where: MemoFilter) -> None:
        self._where = where
        self.refresh()

    def refresh(self) -> None:
        """Read the memos again."""
        where = self._where
        self._reader.read(lambda project: read_memo_rows(project, where),
                          in_background=self._project.memos.count() > SYNC_LIMIT)

    def shutdown(self) -> None:
        """Wait for a background reading (the window is closing its project)."""
        self._reader.shutdown()

    def update_texts(self, memo_ids: Iterable[int]) -> bool:
        """Show the new texts of these memos (whose places did not change); False when
        the list must be read again instead (a memo now matches the search, or is gone,
        or a reading is under way)."""
        if self._reader.busy:
            return False
        rows = {memo.id: row for row, (memo, _place) in enumerate(self._rows)}
        for memo_id in memo_ids:
            memo = self._project.store.memos.find(memo_id)
            row = rows.get(memo_id)
            if memo is None or (row is None and self._where.search.strip()
                                and text_matches(memo.text, self._where.search)):
                return False
            if row is None:
                continue  # not listed, for reasons its text does not change
            if not text_matches(memo.text, self._where.search):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                rows = {m.id: r for r, (m, _p) in enumerate(self._rows)}
                continue
            self._rows[row] = (memo, self._rows[row][1])
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        return True

    def memo_at(self, row: int) -> Memo:
        return self._rows[row][0]

    def total(self) -> int:
        """How many memos the project has, as last read."""
        return self._total

    def _show(self, read: MemoRows) -> None:
        self.beginResetModel()
        self._rows, self._total = list(read.rows), read.total
        self._sort_rows()
        self.endResetModel()
        self.refreshed.emit()

    # -- the Qt model interface -------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        memo, place = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (memo.kind.capitalize(), place, memo_summary(memo.text, 120) or "(empty)",
                    memo.author, local_time(memo.modified_at))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{place}\n{memo_byline(memo)}\n\n{memo_summary(memo.text, 600)}"
        if role == MEMO_ROLE:
            return memo.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows()
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        column, order = self._sort
        keys = {
            COLUMN_KIND: lambda r: (MEMO_KINDS.index(r[0].kind), r[1].casefold()),
            COLUMN_PLACE: lambda r: r[1].casefold(),
            COLUMN_MEMO: lambda r: r[0].text.casefold(),
            COLUMN_AUTHOR: lambda r: r[0].author.casefold(),
            COLUMN_MODIFIED: lambda r: r[0].modified_at,
        }
        self._rows.sort(key=lambda r: (keys[column](r), r[0].id),
                        reverse=order == Qt.SortOrder.DescendingOrder)


def place_text(memo: Memo, titles: dict[int, str], paths: dict[int, tuple[str, ...]]) -> str:
    """Where a memo is, in words: the project, a document's title, a tag's path, or a
    quote with its document's title."""
    title = titles.get(memo.document_id, "") if memo.document_id is not None else ""
    if memo.kind == "project":
        return "The project"
    if memo.kind == "document":
        return title
    if memo.kind == "tag":
        return "/".join(paths.get(memo.tag_id or 0, ("?",)))
    return f"“{memo_summary(memo.quote or '', 50)}” in {title}"


class MemoListPanel(QWidget):
    """The filters, the list and a count.

    Signals:
        memoActivated(object): the user opened a memo (its :class:`Memo`).
    """

    memoActivated = Signal(object)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memoListPanel")
        self._project = project
        self.model = MemoListModel(project, self)
        self.model.refreshed.connect(self._show_count)
        self._live = False
        self._stale = True
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self._build_ui()

    def _build_ui(self) -> None:
        self.kind_box = self._combo("memoKindFilter", "Only memos of this kind")
        self.kind_box.addItem("All kinds", None)
        for kind in MEMO_KINDS:
            self.kind_box.addItem(kind.capitalize(), kind)
        self.tag_box = self._combo("memoTagFilter", "A tag's memo and its highlights' memos")
        self.document_box = self._combo(
            "memoDocumentFilter", "A document's memo, its span memos and its highlights' memos")
        self.author_box = self._combo("memoAuthorFilter", "Only memos by this author")
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("memoSearch")
        self.search_box.setPlaceholderText("Search memos…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(60)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.view = QTreeView(self)
        self.view.setObjectName("memoList")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMN_KIND, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.activated.connect(self._on_activated)
        header = self.view.header()
        header.setStretchLastSection(False)
        for column, width in ((COLUMN_KIND, 76), (COLUMN_PLACE, 210), (COLUMN_AUTHOR, 80),
                              (COLUMN_MODIFIED, 124)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COLUMN_MEMO, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel(self)
        self.count.setStyleSheet(NOTE_STYLE)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        for widget in (self.kind_box, self.tag_box, self.document_box, self.author_box):
            filters.addWidget(widget)
        filters.addWidget(self.search_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        for box in (self.kind_box, self.tag_box, self.document_box, self.author_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())

    def _combo(self, name: str, tip: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setToolTip(tip)
        # As wide as its names (at most 220 pixels), narrower in a small window.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.setMinimumWidth(56)
        box.setMaximumWidth(220)
        return box

    # -- reading ----------------------------------------------------------------------------
    def set_live(self, live: bool) -> None:
        """Read the project only while shown (the dock's visibility)."""
        self._live = live
        if live and self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the filters' choices and the memos again."""
        if not self._live:
            self._stale = True
            return
        self._stale = False
        self._fill_choices()
        self.apply_filter()

    def _fill_choices(self) -> None:
        project = self._project
        paths = project.tags.paths()
        tags = sorted(paths.items(), key=lambda item: [p.casefold() for p in item[1]])
        self._refill(self.tag_box, "Any tag", [("/".join(p), t) for t, p in tags])
        documents = project.memos.document_ids()
        titles = project.store.documents.titles(documents)
        self._refill(self.document_box, "Any document",
                     sorted(((titles[d], d) for d in documents if d in titles),
                            key=lambda item: item[0].casefold()))
        self._refill(self.author_box, "Any author", [(a or "(no name)", a)
                                                     for a in project.memos.authors()])

    @staticmethod
    def _refill(box: QComboBox, first: str, items: list[tuple[str, Any]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(first, None)
        for label, value in items:
            box.addItem(label, value)
        found = box.findData(chosen) if chosen is not None else 0
        box.setCurrentIndex(max(found, 0))
        box.blockSignals(False)

    def apply_filter(self) -> None:
        """List the memos the filter boxes select."""
        kind = self.kind_box.currentData()
        where = MemoFilter(kinds=(kind,) if kind else (), tag_id=self.tag_box.currentData(),
                           document_id=self.document_box.currentData(),
                           author=self.author_box.currentData(),
                           search=self.search_box.text())
        self.model.set_filter(where)

    def _show_count(self) -> None:
        where = self.model.where
        shown, total = self.model.rowCount(), self.model.total()
        self.count.setText(plural(total, "memo") if where == MemoFilter() or shown == total
                           else f"{shown} of {plural(total, 'memo')}")

    def shutdown(self) -> None:
        self.model.shutdown()

    def on_changes(self, changes: Changes) -> None:
        memos = changes.memos
        if not (memos or changes.documents.deleted or changes.tags
                or changes.highlights.deleted or changes.highlights.created):
            return
        edited_only = not (memos.created or memos.deleted or changes.documents.deleted
                           or changes.tags or changes.highlights.deleted
                           or changes.highlights.created)
        if (edited_only and self._live and not self._stale
                and self.model.update_texts(memos.updated)):
            self._show_count()
            return
        self.refresh()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.memoActivated.emit(self.model.memo_at(index.row()))
