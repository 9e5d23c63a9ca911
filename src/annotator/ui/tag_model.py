"""The codebook as a tree model: tags under their parents, with colour swatch and counts.

The structure comes from ``project.tags.counts()`` (tree order). A change that keeps the
tree's shape (rename, recolour, new counts) updates cells in place; a change of shape
(create, delete, move, merge) re-reads the tree, keeping the checked tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from ..domain.model import Changes, TagCount
from ..services.project import Project
from .signals import ProjectSignals

COLUMN_NAME, COLUMN_HIGHLIGHTS, COLUMN_DOCUMENTS = range(3)
HEADERS = ("Tag", "Quotes", "Docs")
HEADER_TIPS = ("Tag (number keys 1–9 apply the first nine)", "Highlights carrying the tag",
               "Documents with at least one such highlight")
TAG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAG_MIME = "application/x-annotator-tag-ids"

Index = QModelIndex | QPersistentModelIndex


def swatch(color: str, size: int = 14) -> QIcon:
    """A rounded colour square for a tag."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(color).darker(140))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class TagTreeModel(QAbstractItemModel):
    """Tags as a tree; internal ids of indexes are tag ids; column 0 is checkable.

    Signals:
        checkedChanged(list): the checked tag ids (in tree order) changed.
        moveRequested(int, object): a tag was dragged under another (its id, or ``None``
            for the top level).
    """

    checkedChanged = Signal(list)
    moveRequested = Signal(int, object)

    def __init__(self, project: Project, signals: ProjectSignals,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._rows: dict[int, TagCount] = {}
        self._children: dict[int, list[int]] = {}
        self._order: list[int] = []
        self._checked: set[int] = set()
        self._icons: dict[str, QIcon] = {}
        self._load()
        signals.changed.connect(self._on_changed)
        signals.reloaded.connect(self.refresh)

    # -- structure ------------------------------------------------------------------------
    def _load(self) -> None:
        counts = self._project.tags.counts()
        self._rows = {c.tag.id: c for c in counts}
        self._order = [c.tag.id for c in counts]
        self._children = {0: []}
        for c in counts:
            self._children.setdefault(c.tag.parent_id or 0, []).append(c.tag.id)
            self._children.setdefault(c.tag.id, [])
        self._checked &= set(self._rows)

    def _shape(self) -> dict[int, list[int]]:
        return {k: list(v) for k, v in self._children.items()}

    def refresh(self) -> None:
        """Re-read the codebook: in place if its shape is unchanged, else a reset."""
        before_shape, before_checked = self._shape(), set(self._checked)
        counts = self._project.tags.counts()
        shape: dict[int, list[int]] = {0: []}
        for c in counts:
            shape.setdefault(c.tag.parent_id or 0, []).append(c.tag.id)
            shape.setdefault(c.tag.id, [])
        if shape == before_shape:
            before, self._rows = self._rows, {c.tag.id: c for c in counts}
            last = len(HEADERS) - 1
            for tag_id, count in self._rows.items():  # only rows that changed: one, usually
                if before.get(tag_id) != count:
                    self.dataChanged.emit(self.index_of(tag_id), self.index_of(tag_id, last))
        else:
            self.beginResetModel()
            self._load()
            self.endResetModel()
        if self._checked != before_checked:
            self.checkedChanged.emit(self.checked_ids())

    def _on_changed(self, changes: Changes) -> None:
        if changes.tags or changes.highlights or changes.documents.deleted:
            self.refresh()

    # -- public ---------------------------------------------------------------------------
    def tag_ids_in_order(self) -> list[int]:
        """Every tag id in tree order (what the number keys 1–9 follow)."""
        return list(self._order)

    def tag_count(self, tag_id: int) -> TagCount:
        return self._rows[tag_id]

    def checked_ids(self) -> list[int]:
        return [t for t in self._order if t in self._checked]

    def set_checked_ids(self, tag_ids: Iterable[int]) -> None:
        """Check exactly ``tag_ids`` (those that exist), announcing it once (restoring a
        remembered choice must not read the quotes once per tag)."""
        wanted = {t for t in tag_ids if t in self._rows}
        changed, self._checked = wanted ^ self._checked, wanted
        if not changed:
            return
        for tag_id in changed:
            index = self.index_of(tag_id)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit(self.checked_ids())

    def set_checked(self, tag_id: int, checked: bool) -> None:
        index = self.index_of(tag_id)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)

    def index_of(self, tag_id: int, column: int = 0) -> QModelIndex:
        if tag_id not in self._rows:
            return QModelIndex()
        parent = self._rows[tag_id].tag.parent_id or 0
        return self.createIndex(self._children[parent].index(tag_id), column, tag_id)

    # -- the Qt model interface ---------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        key = parent.internalId() if parent.isValid() else 0
        siblings = self._children.get(key, [])
        if not (0 <= row < len(siblings) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        tag_id = index.internalId()
        parent_id = self._rows[tag_id].tag.parent_id if tag_id in self._rows else None
        if not parent_id:
            return QModelIndex()
        return self.index_of(parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else 0, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section != COLUMN_NAME:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # dropping on the empty area: top level
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        if index.column() == COLUMN_NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    # -- drag a tag onto another to nest it (the move itself is an undoable command) ------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [TAG_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        ids = sorted({i.internalId() for i in indexes if i.isValid()})
        data.setData(TAG_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        """Ask (``moveRequested``) to put the dragged tag under ``parent`` (the top level
        when dropped outside any tag); the rows move when the project says it changed."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(TAG_MIME):
            return False
        raw = bytes(data.data(TAG_MIME).data()).decode()
        target = parent.internalId() if parent.isValid() else None
        for tag_id in (int(t) for t in raw.split(",") if t):
            if tag_id != target:
                self.moveRequested.emit(tag_id, target)
        return False  # nothing for the view to remove: the refresh redraws the tree

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.internalId() not in self._rows:
            return None
        count = self._rows[index.internalId()]
        column = index.column()
        if role == TAG_ID_ROLE:
            return count.tag.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (count.tag.name, count.highlights, count.documents)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == COLUMN_NAME:
            if count.tag.color not in self._icons:
                self._icons[count.tag.color] = swatch(count.tag.color)
            return self._icons[count.tag.color]
        if role == Qt.ItemDataRole.CheckStateRole and column == COLUMN_NAME:
            checked = count.tag.id in self._checked
            return (Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked).value
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COLUMN_NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not count.tag.codable and role in (Qt.ItemDataRole.ForegroundRole,
                                              Qt.ItemDataRole.FontRole):
            return _folder_look(role)
        if role == Qt.ItemDataRole.ToolTipRole:
            shortcut = self._order.index(count.tag.id) + 1
            key = f" (key {shortcut})" if shortcut <= 9 else ""
            folder = "\nA folder: it groups tags and is not applied to text" * (
                not count.tag.codable)
            description = f"\n{count.tag.description}" if count.tag.description else ""
            return "/".join(count.path) + key + folder + description
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if index.column() != COLUMN_NAME:
            return False
        tag_id = index.internalId()
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked == (tag_id in self._checked):
            return True
        if checked:
            self._checked.add(tag_id)
        else:
            self._checked.discard(tag_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit(self.checked_ids())
        return True


def _folder_look(role: int) -> Any:
    """How a folder (a tag that is not codable) is drawn: greyed and in italics."""
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setItalic(True)
        return font
    return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                           QPalette.ColorRole.Text)
