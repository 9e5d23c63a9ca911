"""The variables table: every document with its title, date and a column per variable;
values typed into the cells, variables added, renamed, deleted and typed, every edit one
undo step.

Questions go through :class:`~annotator.ui.variable_table_view.VariablePrompts`, which
tests replace with scripted answers (the same shape as the tag panel's), so the real
actions can be driven without modal dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..domain.variables import VARIABLE_TYPES, Variable, VariableType, checked_value
from ..domain.wording import plural
from ..services.variables import variable_name
from .commands import ProjectCommand, UndoContext
from .variable_commands import (
    AddVariableCommand,
    DeleteVariableCommand,
    RenameVariableCommand,
    SetVariableTypeCommand,
    SetVariableValueCommand,
)
from .variable_table_model import COLUMN_DATE, COLUMN_TITLE, FIXED, VariableTableModel
from .variable_table_view import VariablePrompts, VariableTableView

COLUMN_WIDTHS = {COLUMN_TITLE: 240, COLUMN_DATE: 90}
VALUE_COLUMN_WIDTH = 140
EMPTY_HINT = ("No variables yet: Add variable…, or load them from a spreadsheet with "
              "File ▸ Import variables…")
ERROR_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: palette(placeholder-text);"


class VariablesPanel(QWidget):
    """The variables table and its actions (toolbar, header menu, keys).

    Signals:
        documentActivated(int): the user opened a document from its title.
    """

    documentActivated = Signal(int)

    def __init__(self, context: UndoContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variablesPanel")
        self._context = context
        self.model = VariableTableModel(context.project, context.signals, self)
        self.prompts = VariablePrompts(self)
        self._menu_column: int | None = None  # the column a header menu was opened on
        self._build_actions()
        self._build_ui()
        self._connect()
        self._update_actions()

    # -- building -------------------------------------------------------------------------
    def _action(self, text: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action("Add variable…", self.add_variable)
        self.add_action.setToolTip("Add a variable: a column for a value per document")
        self.rename_action = self._action("Rename variable…", self.rename_variable)
        self.rename_action.setToolTip("Rename the current column's variable in every document")
        self.delete_action = self._action("Delete variable…", self.delete_variable,
                                          "Ctrl+Delete")
        self.delete_action.setToolTip("Delete the current column's variable and its values")
        self.type_menu = QMenu("Type", self)
        group = QActionGroup(self)
        self.type_actions: dict[VariableType | None, QAction] = {}
        for kind in (*VARIABLE_TYPES, None):
            if kind is None:
                self.type_menu.addSeparator()
            action = self.type_menu.addAction((kind or "inferred").capitalize())
            action.setCheckable(True)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, k=kind: self.set_type(k))
            self.type_actions[kind] = action
        self.type_menu.aboutToShow.connect(self._check_current_type)

    def _build_ui(self) -> None:
        self.view = VariableTableView(self)
        self.view.setObjectName("variablesTable")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMN_TITLE, Qt.SortOrder.AscendingOrder)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setDefaultSectionSize(VALUE_COLUMN_WIDTH)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.rename_action, self.delete_action):
            self.toolbar.addAction(action)
        type_button = QToolButton(self)
        type_button.setText("Type")
        type_button.setToolTip("How the current column's values are read and sorted: "
                               "as text, numbers or dates")
        type_button.setMenu(self.type_menu)
        type_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(type_button)
        self.message = QLabel(self)
        self.message.setObjectName("variablesMessage")
        self.counts = QLabel(self)
        self.counts.setStyleSheet(NOTE_STYLE)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.counts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)

    def _connect(self) -> None:
        model = self.model
        model.editRequested.connect(self.set_value)
        model.sortingChanged.connect(self._on_sorting)
        for signal in (model.modelReset, model.layoutChanged, model.columnsInserted,
                       model.columnsRemoved, model.headerDataChanged):
            signal.connect(self._on_model_changed)
        self.view.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.view.titleActivated.connect(
            lambda index: self.documentActivated.emit(self.model.document_id(index.row())))
        self.view.clearRequested.connect(self._clear_cell)

    # -- actions --------------------------------------------------------------------------
    def current_variable(self) -> Variable | None:
        """The variable of the header menu's column, else of the current cell's."""
        column = self._menu_column
        if column is None:
            column = self.view.currentIndex().column()
        return self.model.variable(column)

    def _target_variable(self) -> Variable | None:
        """The variable an action applies to (the header menu's is used once)."""
        variable = self.current_variable()
        self._menu_column = None
        return variable

    def add_variable(self) -> bool:
        name = self.prompts.text("Add variable", "Name of the new variable:")
        if not name or not name.strip():
            return False
        try:
            name = variable_name(name)
        except UserError as error:
            return self._tell(str(error), error=True)
        if not self._run(lambda: AddVariableCommand(self._context, name)):
            return False
        self.show_column(name)
        return True

    def rename_variable(self) -> bool:
        variable = self._target_variable()
        if variable is None:
            return self._tell("Choose a variable's column first.")
        name = self.prompts.text("Rename variable", f"New name for “{variable.name}”:",
                                 variable.name)
        if not name or name.strip() == variable.name:
            return False
        return self._run(lambda: RenameVariableCommand(self._context, variable.name, name))

    def delete_variable(self) -> bool:
        variable = self._target_variable()
        if variable is None:
            return self._tell("Choose a variable's column first.")
        count = variable.documents
        losing = (f"{plural(count, 'document')} will lose "
                  f"{'their values' if count != 1 else 'its value'}" if count
                  else "No document has a value for it")
        question = f"Delete the variable “{variable.name}”? {losing}. Edit ▸ Undo brings it back."
        if not self.prompts.confirm("Delete variable", question):
            return False
        return self._run(lambda: DeleteVariableCommand(self._context, variable.name))

    def set_type(self, kind: VariableType | None) -> bool:
        """Read the current variable as ``kind`` (``None``: inferred from its values)."""
        variable = self._target_variable()
        if variable is None:
            return self._tell("Choose a variable's column first.")
        if kind == (variable.type if variable.type_chosen else None):
            return False
        return self._run(lambda: SetVariableTypeCommand(self._context, variable.name, kind))

    def set_value(self, document_id: int, name: str, text: str) -> bool:
        """Store what was typed into a cell, once checked against the variable's type;
        a value that is not one says so in one line and nothing is stored."""
        column = self.model.column_of(name)
        variable = self.model.variable(column) if column is not None else None
        if variable is None:
            return False
        try:
            value = checked_value(variable.type, text)
        except UserError as error:
            hint = " (Type ▸ Text takes any value)" if not variable.type_chosen else ""
            return self._tell(f"{name}: {error}{hint}; nothing was stored.", error=True)
        row = self.model.row_of(document_id)
        old = self.model.index(row, column).data() if row is not None else None
        if value == (old or ""):
            return False
        title = self.model.index(row, COLUMN_TITLE).data() if row is not None else ""
        label = (f"Set {name} of '{title}' to '{value}'" if value
                 else f"Clear {name} of '{title}'")
        return self._run(lambda: SetVariableValueCommand(
            self._context, [document_id], name, value or None, label))

    def show_column(self, name: str) -> None:
        """Scroll to a variable's column and make its first cell current."""
        column = self.model.column_of(name)
        if column is not None and self.model.rowCount():
            index = self.model.index(0, column)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def shutdown(self) -> None:
        """Wait for the table's background readings (the window closes its project)."""
        self.model.shutdown()

    def set_live(self, live: bool) -> None:
        """The table is on screen (or not): see :meth:`VariableTableModel.set_live`."""
        self.model.set_live(live)
        self._update_counts()

    # -- internals ------------------------------------------------------------------------
    def _run(self, make: object) -> bool:
        """Build a command (it may refuse a name) and run it as one undo step."""
        try:
            command: ProjectCommand = make()  # type: ignore[operator]
        except UserError as error:
            return self._tell(str(error), error=True)
        done = self._context.run(command)
        if done:
            self._tell("")
        return done

    def _tell(self, message: str, *, error: bool = False) -> bool:
        """Show one line under the table; returns False (nothing was done)."""
        self.message.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.message.setText(message)
        self.message.setToolTip(message)
        return False

    def _clear_cell(self, index: QModelIndex) -> None:
        variable = self.model.variable(index.column())
        if variable is not None and index.data():
            self.set_value(self.model.document_id(index.row()), variable.name, "")

    def header_menu(self, column: int) -> QMenu:
        """The menu of a column's header; its actions apply to that column's variable."""
        self._menu_column = column
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.model.variable(column) is not None:
            self.rename_action.setEnabled(True)
            self.delete_action.setEnabled(True)
            menu.addAction(self.rename_action)
            menu.addAction(self.delete_action)
            menu.addMenu(self.type_menu)
            menu.addSeparator()
        menu.addAction(self.add_action)
        return menu

    def _header_menu(self, position: QPoint) -> None:
        header = self.view.horizontalHeader()
        self.header_menu(header.logicalIndexAt(position)).exec(header.mapToGlobal(position))
        self._menu_column = None
        self._update_actions()

    def _check_current_type(self) -> None:
        variable = self.current_variable()
        inferred = self.type_actions[None]
        inferred.setText("Inferred" + (f" ({variable.type})" if variable and
                                        not variable.type_chosen else ""))
        chosen = (variable.type if variable.type_chosen else None) if variable else None
        for kind, action in self.type_actions.items():
            action.setEnabled(variable is not None)
            action.setChecked(variable is not None and kind == chosen)

    def _update_actions(self) -> None:
        has_variable = self.current_variable() is not None
        for action in (self.rename_action, self.delete_action):
            action.setEnabled(has_variable)

    def _on_model_changed(self, *_args: object) -> None:
        self._update_actions()
        self._update_counts()
        column, order = self.model.sort_order()
        header = self.view.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
            header.setSortIndicator(column, order)

    def _update_counts(self) -> None:
        documents, variables = self.model.rowCount(), self.model.columnCount() - FIXED
        if self.model.document_filter.is_empty:
            shown = plural(documents, "document", grouped=True)
        else:
            total = self._context.project.documents.count()
            shown = f"{documents:,} of {plural(total, 'document', grouped=True)} (filtered)"
        self.counts.setText(f"{shown}  ·  {plural(variables, 'variable')}")
        if not variables and documents and not self.message.text():
            self._tell(EMPTY_HINT)
        elif variables and self.message.text() == EMPTY_HINT:
            self._tell("")

    def _on_sorting(self, busy: bool) -> None:
        count = self._context.project.documents.count() if busy else 0
        self._tell(f"Reading {plural(count, 'document', grouped=True)} in the background…"
                   if busy else "")


class VariablesDock(QDockWidget):
    """The dock that holds the variables table; the table reads the project only while
    the dock is on screen."""

    def __init__(self, panel: VariablesPanel, window: QMainWindow,
                 area: Qt.DockWidgetArea) -> None:
        super().__init__("Variables", window)
        self.setObjectName("variablesDock")
        self.setWidget(panel)
        window.addDockWidget(area, self)
        self.panel = panel
        self.visibilityChanged.connect(panel.set_live)

    def bring_up(self) -> None:
        """Show the table in front of its tab group, at least half the window high."""
        self.show()
        self.raise_()
        window = self.parentWidget()
        if isinstance(window, QMainWindow) and not self.isFloating():
            height = max(self.height(), window.height() // 2)
            window.resizeDocks([self], [height], Qt.Orientation.Vertical)
        self.panel.view.setFocus()
