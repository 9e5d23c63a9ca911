"""The dialog that makes a combination of tags for the timeline: which tags, all (AND)
or any (OR) of them, and a name (by default the tags joined by ``&`` or ``|``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...services.statistics import Combine

TagRole = Qt.ItemDataRole.UserRole + 1


class CombinationDialog(QDialog):
    """Choose two or more ``tags`` (``(id, path)``), AND or OR, and a name. OK is enabled
    once two tags are checked and the name is not empty. ``name_of(tag_ids, combine)``
    gives the default name, which follows the choice until the user types one."""

    def __init__(self, tags: Sequence[tuple[int, str]],
                 name_of: Callable[[list[int], Combine], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Combine tags")
        self.setObjectName("combinationDialog")
        self._name_of = name_of
        self._typed = False
        self.model = QStandardItemModel(self)
        for tag_id, path in tags:
            item = QStandardItem(path)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(tag_id, TagRole)
            self.model.appendRow(item)
        self._build_ui()
        self.model.itemChanged.connect(self._follow)
        self.all_button.toggled.connect(self._follow)
        self.name_edit.textEdited.connect(self._name_typed)
        self._follow()

    def _build_ui(self) -> None:
        self.tag_list = QListView(self)
        self.tag_list.setModel(self.model)
        self.all_button = QRadioButton("Documents with all of them (AND)", self, checked=True)
        self.any_button = QRadioButton("Documents with any of them (OR)", self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("combinationName")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ways = QHBoxLayout()
        ways.addWidget(self.all_button)
        ways.addWidget(self.any_button)
        form = QFormLayout()
        form.addRow("Name", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tag_list, 1)
        layout.addLayout(ways)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    @property
    def combine(self) -> Combine:
        return "and" if self.all_button.isChecked() else "or"

    def tag_ids(self) -> list[int]:
        """The checked tags, in the list's order."""
        return [int(self.model.item(row).data(TagRole)) for row in range(self.model.rowCount())
                if self.model.item(row).checkState() == Qt.CheckState.Checked]

    def name(self) -> str:
        return self.name_edit.text().strip()

    def _name_typed(self, _: str) -> None:
        self._typed = True
        self._check()

    def _follow(self, *_: object) -> None:
        if not self._typed:
            chosen = self.tag_ids()
            self.name_edit.setText(self._name_of(chosen, self.combine) if chosen else "")
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(self.tag_ids()) >= 2 and bool(self.name()))
