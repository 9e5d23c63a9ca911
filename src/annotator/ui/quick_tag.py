"""Ctrl+T: a small finder that filters tags as you type; Enter applies, or creates a new tag."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from ..domain.model import TagCount
from .tag_model import TAG_ID_ROLE, swatch


class QuickTagFinder(QDialog):
    """Pick a tag by typing. After ``exec()``, ``chosen_tag`` is the tag id picked, or
    ``new_name`` the name to create when no tag matched the typed text."""

    def __init__(self, tags: list[TagCount], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Apply tag")
        self.setObjectName("quickTagFinder")
        self.chosen_tag: int | None = None
        self.new_name: str | None = None
        self.source = QStandardItemModel(self)
        for count in tags:
            item = QStandardItem(swatch(count.tag.color), "/".join(count.path))
            item.setData(count.tag.id, TAG_ID_ROLE)
            item.setEditable(False)
            self.source.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Type a tag name; Enter applies it")
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.hint = QLabel(self)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.filter_box.textChanged.connect(self._on_text)
        self.filter_box.returnPressed.connect(self.accept_current)
        self.list.activated.connect(lambda _i: self.accept_current())
        self.filter_box.installEventFilter(self)
        self.resize(360, 320)
        self._on_text("")

    def _on_text(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
            self.hint.setText("Enter applies the selected tag.")
        elif text.strip():
            self.hint.setText(f"Enter creates the tag '{text.strip()}' and applies it.")
        else:
            self.hint.setText("No tags yet: type a name to create one.")

    def eventFilter(self, watched: object, event: object) -> bool:
        # Up/Down in the filter box move through the list.
        if watched is self.filter_box and isinstance(event, QKeyEvent) and event.type() == \
                QKeyEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            rows = self.proxy.rowCount()
            if rows:
                row = self.list.currentIndex().row()
                row = (row + (1 if event.key() == Qt.Key.Key_Down else -1)) % rows
                self.list.setCurrentIndex(self.proxy.index(row, 0))
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def accept_current(self) -> None:
        """Choose the highlighted tag, or (none matching) the typed name as a new tag."""
        index = self.list.currentIndex()
        if self.proxy.rowCount() and index.isValid():
            self.chosen_tag = index.data(TAG_ID_ROLE)
        elif self.filter_box.text().strip():
            self.new_name = self.filter_box.text().strip()
        else:
            return
        self.accept()
