"""The active document filter as a row of removable chips, and the Filter… menu that adds
conditions to it (tags, a variable's values, a date range, coders).

:func:`chips_for` words each condition of a :class:`DocumentFilter` as one chip; the bar
shows them in a flowing row (they wrap when there are many) and emits the filter the user
asks for. It holds no truth of its own: the browser owns the filter and calls
:meth:`DocumentFilterBar.set_filter` with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QMenu,
    QToolButton,
    QWidget,
)

from ..domain.filters import DocumentFilter
from ..domain.model import Changes
from ..services.project import Project
from .filter_dialogs import FilterPrompts
from .signals import ProjectSignals

#: A chip's label is elided beyond this width (its tooltip has all of it).
CHIP_TEXT_WIDTH = 240
NO_VALUE = "no value"


@dataclass(frozen=True)
class Chip:
    """One condition of a filter: ``key`` (``text``, ``dates``, ``tags``, ``coders`` or
    ``value:NAME``), its wording, and the filter without it."""

    key: str
    text: str
    without: DocumentFilter


def chips_for(where: DocumentFilter, tag_paths: Mapping[int, str]) -> list[Chip]:
    """The chips of ``where``, in a fixed order: words, dates, tags, each variable, then
    coders."""
    chips: list[Chip] = []
    if where.text.strip():
        chips.append(Chip("text", f"Contains: {where.text.strip()}", where.with_text("")))
    if where.first_day or where.last_day:
        first, last = where.first_day, where.last_day
        dates = (f"{first} – {last}" if first and last else
                 f"from {first}" if first else f"until {last}")
        chips.append(Chip("dates", f"Dated {dates}", where.with_dates(None, None)))
    if where.tag_ids:
        names = sorted((tag_paths.get(t, "a deleted tag") for t in where.tag_ids), key=str.lower)
        if len(names) == 1:
            text = f"{'Not tagged' if where.tag_match == 'none' else 'Tagged'} {names[0]}"
        else:
            text = f"Tagged {where.tag_match} of: {', '.join(names)}"
        chips.append(Chip("tags", text, where.with_tags(())))
    for name in sorted(where.values, key=str.lower):
        allowed = where.values[name]
        values = sorted((v for v in allowed if v is not None), key=str.lower)
        shown = [*values, *([NO_VALUE] if None in allowed else [])]
        listed = _either(shown)
        without = dict(where.values)
        del without[name]
        chips.append(Chip(f"value:{name}", f"{name}: {listed}", replace(where, values=without)))
    if where.coders:
        names = sorted(where.coders, key=str.casefold)
        chips.append(Chip("coders", f"Coded by {_either(names)}", where.with_coders(())))
    return chips


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping to a new line when the width runs out
    (Qt's flow layout example, trimmed)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height:
                x, y = rect.x(), y + line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class FilterChip(QFrame):
    """A condition's wording (click: change it) and a × button (remove it).

    Signals:
        editRequested(): the wording was clicked.
        removeRequested(): the × was clicked.
    """

    editRequested = Signal()
    removeRequested = Signal()

    def __init__(self, chip: Chip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.chip = chip
        self.setStyleSheet(
            "#filterChip { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 11px; }"
            "#filterChip QToolButton { border: none; background: transparent; padding: 1px 2px; }"
        )
        self.label = QToolButton(self)
        metrics = QFontMetrics(self.label.font())
        self.label.setText(metrics.elidedText(chip.text, Qt.TextElideMode.ElideRight,
                                              CHIP_TEXT_WIDTH))
        self.label.setToolTip(f"{chip.text}\nClick to change this condition.")
        self.label.clicked.connect(self.editRequested)
        self.remove_button = QToolButton(self, text="×")
        self.remove_button.setObjectName("removeChip")
        self.remove_button.setToolTip("Remove this condition")
        self.remove_button.clicked.connect(self.removeRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(5, 1, 3, 1)
        layout.setSpacing(0)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)


class DocumentFilterBar(QWidget):
    """The chips of the active filter and the Filter… button's menu (``add_button``,
    placed by the browser beside its search box). Questions go through ``prompts``.

    Signals:
        filterEdited(DocumentFilter): the filter the user asked for (a condition added,
            changed or removed); the owner applies it and calls :meth:`set_filter`.
    """

    filterEdited = Signal(object)

    def __init__(self, project: Project, signals: ProjectSignals,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentFilterChips")
        self._project = project
        self._where = DocumentFilter()
        self.prompts = FilterPrompts(self, project)
        self._build_ui()
        signals.changed.connect(self._on_changed)
        signals.reloaded.connect(self._forget_missing)

    def _build_ui(self) -> None:
        self.flow = FlowLayout(self)
        self.chips: list[FilterChip] = []
        self.add_button = QToolButton(self, text="Filter ▾")
        self.add_button.setObjectName("addFilterCondition")
        self.add_button.setToolTip("Show only documents with some tags, values or dates, or "
                                   "only some coders' highlights")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.menu = QMenu(self.add_button)
        self.tags_action = self.menu.addAction("Tags…", self.edit_tags)
        self.variables_menu = self.menu.addMenu("Variable")
        self.variables_menu.aboutToShow.connect(self._list_variables)
        self.dates_action = self.menu.addAction("Date range…", self.edit_dates)
        self.coders_action = self.menu.addAction("Coders…", self.edit_coders)
        self.menu.addSeparator()
        self.clear_action = self.menu.addAction("Clear filter", self.clear)
        self.add_button.setMenu(self.menu)
        self.setVisible(False)

    # -- showing ----------------------------------------------------------------------------
    @property
    def document_filter(self) -> DocumentFilter:
        return self._where

    def set_filter(self, where: DocumentFilter) -> None:
        """Show ``where`` as chips (the bar hides when it is empty)."""
        self._where = where
        self._show_chips()

    def _show_chips(self) -> None:
        for chip in self.chips:
            self.flow.removeWidget(chip)
            chip.hide()  # now: deleteLater waits for the event loop
            chip.deleteLater()
        paths = {t: "/".join(p) for t, p in self._project.tags.paths().items()}
        self.chips = []
        for chip in chips_for(self._where, paths):
            widget = FilterChip(chip, self)
            widget.removeRequested.connect(lambda c=chip: self.filterEdited.emit(c.without))
            widget.editRequested.connect(lambda key=chip.key: self.edit(key))
            self.flow.addWidget(widget)
            self.chips.append(widget)
        self.clear_action.setEnabled(not self._where.is_empty)
        self.setVisible(bool(self.chips))
        self.updateGeometry()

    def _list_variables(self) -> None:
        self.variables_menu.clear()
        variables = self._project.variables.all()
        for variable in variables:
            self.variables_menu.addAction(variable.name,
                                          lambda name=variable.name: self.edit_variable(name))
        if not variables:
            self.variables_menu.addAction("No variables yet").setEnabled(False)

    # -- editing ----------------------------------------------------------------------------
    def edit(self, key: str) -> None:
        """Change the condition of a chip (``tags``, ``dates``, ``coders``, ``value:NAME``;
        the words are typed in the search box)."""
        if key == "tags":
            self.edit_tags()
        elif key == "dates":
            self.edit_dates()
        elif key == "coders":
            self.edit_coders()
        elif key.startswith("value:"):
            self.edit_variable(key.removeprefix("value:"))

    def edit_tags(self) -> None:
        answer = self.prompts.tags(self._where)
        if answer is not None:
            self.filterEdited.emit(self._where.with_tags(*answer))

    def edit_variable(self, name: str) -> None:
        answer = self.prompts.values(self._where, name)
        if answer is None:
            return
        values = dict(self._where.values)
        values[name] = answer
        self.filterEdited.emit(replace(self._where, values=values))  # empty: no condition

    def edit_dates(self) -> None:
        answer = self.prompts.dates(self._where)
        if answer is not None:
            self.filterEdited.emit(self._where.with_dates(*answer))

    def edit_coders(self) -> None:
        answer = self.prompts.coders(self._where)
        if answer is not None:
            self.filterEdited.emit(self._where.with_coders(answer))

    def clear(self) -> None:
        self.filterEdited.emit(DocumentFilter())

    # -- following the project ----------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.tags:
            self._forget_missing()
            self._show_chips()  # a tag renamed
        elif changes.documents and self._where.values:
            self._forget_missing()

    def _forget_missing(self) -> None:
        """Drop conditions on tags and variables that no longer exist (deleted, renamed)."""
        tags = self._where.tag_ids & set(self._project.tags.paths())
        known = {v.name for v in self._project.variables.all()} if self._where.values else set()
        values = {n: v for n, v in self._where.values.items() if n in known}
        if tags != self._where.tag_ids or values != dict(self._where.values):
            self.filterEdited.emit(replace(self._where, tag_ids=tags, values=values))
