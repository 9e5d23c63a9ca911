"""The timeline's "Split by" choice: a variable, and which of its values to draw.

Every value of the variable makes one series per tag; past ``MAX_SERIES`` series the
lines cannot be told apart, so until the user picks values the largest groups are drawn
and the rest left out (the chart says so).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QListView, QMenu, QToolButton, QWidget, QWidgetAction

from ...domain.wording import plural
from .series_style import value_label

#: More series than this are hard to tell apart: the chart draws the largest groups.
MAX_SERIES = 12
NO_SPLIT = "None"
LIST_MIN_PX, LIST_MAX_PX = 220, 440

Index = QModelIndex | QPersistentModelIndex
Group = tuple["str | None", int]


class GroupChoiceModel(QAbstractListModel):
    """The groups of a split (value, documents), each checkable: checked ones are drawn.

    Signals:
        choiceChanged(): the user checked or unchecked a value.
    """

    choiceChanged = Signal()
    GroupRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[Group] = []
        self._chosen: set[str | None] = set()

    def set_groups(self, groups: list[Group], chosen: set[str | None]) -> None:
        """Show ``groups`` (in order), ``chosen`` checked."""
        self.beginResetModel()
        self._groups = list(groups)
        self._chosen = set(chosen)
        self.endResetModel()

    def groups(self) -> list[Group]:
        return list(self._groups)

    def chosen(self) -> list[str | None]:
        """The checked values, in the groups' order."""
        return [value for value, _ in self._groups if value in self._chosen]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._groups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._groups):
            return None
        value, documents = self._groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value_label(value)} ({plural(documents, 'document')})"
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = value in self._chosen
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == self.GroupRole:
            return value
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        group = self._groups[index.row()][0]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._chosen.add(group)
        else:
            self._chosen.discard(group)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.choiceChanged.emit()
        return True


class SplitPicker(QObject):
    """The toolbar controls of a split: ``split_box`` (None or a variable) and
    ``values_button`` (a popup list of the values to draw, with their documents).

    The values drawn are all of them while the series fit (``MAX_SERIES``), else the
    largest groups, until the user picks values; a pick holds until the variable changes.

    Signals:
        changed(): the variable or the values to draw changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.split_box = QComboBox(parent)
        self.split_box.setObjectName("timelineSplit")
        self.split_box.addItem(NO_SPLIT)
        self.split_box.setToolTip("One series per value of a document variable, for each tag")
        self.model = GroupChoiceModel(self)
        self._picked = False
        self._limited = False
        self._build_values_button(parent)
        self.split_box.currentIndexChanged.connect(self._split_changed)
        self.model.choiceChanged.connect(self._picked_by_user)

    def _build_values_button(self, parent: QWidget) -> None:
        self.values_button = QToolButton(parent)
        self.values_button.setObjectName("timelineSplitValues")
        self.values_button.setText("Values")
        self.values_button.setToolTip("Choose the values to draw")
        self.values_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.values_button)
        self.values_list = QListView(menu)
        self.values_list.setObjectName("timelineSplitValueList")
        self.values_list.setModel(self.model)
        self.values_list.setMaximumHeight(320)
        self.values_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.values_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.values_list)
        menu.addAction(holder)
        menu.addSeparator()
        self.all_action = menu.addAction("Draw every value", self.choose_all)
        self.largest_action = menu.addAction("Draw the largest groups", self.choose_largest)
        self.values_button.setMenu(menu)
        self.values_button.setEnabled(False)

    # -- what the chart asks ---------------------------------------------------------------
    @property
    def split(self) -> str | None:
        """The variable chosen (``None``: no split)."""
        return None if self.split_box.currentIndex() <= 0 else self.split_box.currentText()

    @property
    def limited(self) -> bool:
        """Whether values were left out because there were too many series."""
        return self._limited

    def set_variables(self, names: list[str]) -> None:
        """Offer these variables; a chosen one that is gone falls back to no split."""
        current = self.split
        if [self.split_box.itemText(i) for i in range(1, self.split_box.count())] == names:
            return
        self.split_box.blockSignals(True)
        self.split_box.clear()
        self.split_box.addItems([NO_SPLIT, *names])
        self.split_box.setCurrentIndex(names.index(current) + 1 if current in names else 0)
        self.split_box.blockSignals(False)
        if current is not None and current not in names:
            self._reset()

    def set_groups(self, groups: list[Group], tags: int) -> list[str | None]:
        """The split's groups now (for ``tags`` tags): returns the values to draw."""
        self.values_button.setEnabled(bool(groups))
        if self._picked:
            # A value that appeared since the pick is not drawn unasked.
            chosen = set(self.model.chosen()) & {value for value, _ in groups}
            self._limited = False
        else:
            chosen = set(self._largest(groups, tags))
            self._limited = len(chosen) < len(groups)
        self.model.set_groups(groups, chosen)
        wanted = self.values_list.sizeHintForColumn(0) + 2 * self.values_list.frameWidth() + 24
        self.values_list.setFixedWidth(max(LIST_MIN_PX, min(LIST_MAX_PX, wanted)))
        return self.model.chosen()

    # -- actions ---------------------------------------------------------------------------
    def choose_all(self) -> None:
        groups = self.model.groups()
        self.model.set_groups(groups, {value for value, _ in groups})
        self._picked_by_user()

    def choose_largest(self) -> None:
        """Back to the automatic choice (the largest groups that fit)."""
        self._picked = False
        self.changed.emit()

    def _largest(self, groups: list[Group], tags: int) -> list[str | None]:
        room = max(1, MAX_SERIES // max(1, tags))
        largest = sorted(groups, key=lambda group: -group[1])[:room]
        return [value for value, _ in largest]

    def _picked_by_user(self) -> None:
        self._picked = True
        self._limited = False
        self.changed.emit()

    def _split_changed(self) -> None:
        self._reset()
        self.changed.emit()

    def _reset(self) -> None:
        self._picked = False
        self._limited = False
        self.model.set_groups([], set())
        self.values_button.setEnabled(False)
