"""Tags ▸ Move to… and Merge into…: choose a tag's new parent (or the top level), or the
tag to merge it into, from the codebook tree.

The tag itself and the tags below it are shown greyed out and cannot be chosen (a tag
cannot go inside itself, nor merge into its own child); typing filters the tree. Tags are
chosen by id from the tree, never by a name or path typed or shown, so names holding "/"
are no trouble.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import TagCount
from .tag_model import TAG_ID_ROLE, swatch

TOP_LEVEL_TEXT = "Top level (no parent)"


@dataclass(frozen=True)
class Destination:
    """The tag chosen (the new parent, or the tag to merge into); ``None``: the top level."""

    tag_id: int | None


class TagDestinationDialog(QDialog):
    """Choose where ``moving`` goes, or (``merging``) which tag it merges into. After
    ``exec()`` is accepted, ``destination`` holds the choice. ``tags`` is the codebook in
    tree order (``project.tags.counts()``)."""

    def __init__(self, tags: list[TagCount], moving: int, parent: QWidget | None = None,
                 *, merging: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("tagDestinationDialog")
        self.destination: Destination | None = None
        self._merging = merging
        by_id = {c.tag.id: c for c in tags}
        verb = "Merge" if merging else "Move"
        self.setWindowTitle(f"{verb} tag '{by_id[moving].tag.name}'")
        self._build_model(tags, moving)
        self._build_ui(by_id[moving])
        self.resize(420, 460)

    def _build_model(self, tags: list[TagCount], moving: int) -> None:
        self.source = QStandardItemModel(self)
        top = self.source.invisibleRootItem()
        if not self._merging:
            top = QStandardItem(TOP_LEVEL_TEXT)
            top.setEditable(False)
            top.setData(None, TAG_ID_ROLE)
            self.source.appendRow(top)
        items: dict[int, QStandardItem] = {}
        for count in tags:  # tree order: every parent comes before its children
            item = QStandardItem(swatch(count.tag.color), count.tag.name)
            item.setEditable(False)
            item.setData(count.tag.id, TAG_ID_ROLE)
            parent_id = count.tag.parent_id
            if count.tag.id == moving or (parent_id in items and not items[parent_id].isEnabled()):
                item.setEnabled(False)
                item.setToolTip("Not the tag itself, nor a tag below it.")
            items.get(parent_id, top).appendRow(item)
            items[count.tag.id] = item
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def _build_ui(self, moving: TagCount) -> None:
        where = (f"under '{moving.path[-2]}'" if len(moving.path) > 1 else "at the top level")
        label = QLabel(f"Merge '{moving.tag.name}' into:" if self._merging
                       else f"Put '{moving.tag.name}' (now {where}) under:", self)
        label.setWordWrap(True)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter tags…")
        self.filter_box.setClearButtonEnabled(True)
        self.view = QTreeView(self)
        self.view.setObjectName("destinationTree")
        self.view.setHeaderHidden(True)
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.expandAll()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Merge…" if self._merging else "Move")
        layout = QVBoxLayout(self)
        for widget in (label, self.filter_box, self.view, self.buttons):
            layout.addWidget(widget)
        self.filter_box.textChanged.connect(self._filter)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_ok())
        self.view.activated.connect(lambda _index: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update_ok()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.view.expandAll()

    def _chosen(self) -> QModelIndex | None:
        index = self.view.currentIndex()
        if not index.isValid() or not (index.flags() & Qt.ItemFlag.ItemIsEnabled):
            return None
        return index

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self._chosen() is not None)

    def choose(self, tag_id: int | None) -> bool:
        """Make ``tag_id`` (``None``: the top level) the current row; False when it is not
        offered (the tag itself, a tag below it, filtered out, or no top level to merge
        into)."""
        if tag_id is None:
            matches = [] if self._merging else [self.proxy.index(0, 0)]
        else:
            matches = self.proxy.match(self.proxy.index(0, 0), TAG_ID_ROLE, tag_id, 1,
                                       Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        if not matches or not matches[0].isValid() \
                or not matches[0].flags() & Qt.ItemFlag.ItemIsEnabled:
            return False
        self.view.setCurrentIndex(matches[0])
        return True

    def accept(self) -> None:
        index = self._chosen()
        if index is None:
            return
        self.destination = Destination(index.data(TAG_ID_ROLE))
        super().accept()
