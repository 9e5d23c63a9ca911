"""The variables table's view (keys for editing and clearing a value, opening a
document from its title) and the questions the table asks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QMessageBox, QTableView, QWidget


class VariablePrompts:
    """The questions the table asks; ``text`` returns ``None`` when cancelled."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent

    def text(self, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(self._parent, title, label, text=value)
        return text if ok else None

    def confirm(self, title: str, message: str) -> bool:
        answer = QMessageBox.question(self._parent, title, message)
        return answer == QMessageBox.StandardButton.Yes


class VariableTableView(QTableView):
    """A table where Enter edits a value (and opens a title's document) and Delete
    clears a value.

    Signals:
        titleActivated(QModelIndex): Enter or a double-click on a title or date cell.
        clearRequested(QModelIndex): Delete or Backspace on a value cell.
    """

    titleActivated = Signal(QModelIndex)
    clearRequested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        key = event.key()
        idle = index.isValid() and self.state() != QAbstractItemView.State.EditingState
        editable = bool(index.flags() & Qt.ItemFlag.ItemIsEditable)
        if idle and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if editable:
                self.edit(index)
            else:
                self.titleActivated.emit(index)
        elif idle and editable and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clearRequested.emit(index)
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and not index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.titleActivated.emit(index)
            return
        super().mouseDoubleClickEvent(event)
