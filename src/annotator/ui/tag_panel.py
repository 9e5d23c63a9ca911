"""The tag panel (codebook): a filterable tree of tags and the actions on them.

Dialogs go through :class:`TagPrompts`, which tests replace with scripted answers, so the
real actions (Ctrl+N, F2, Delete…) can be driven without modal dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import TagCount
from ..domain.palette import PALETTE
from ..domain.wording import plural
from ..services.tag_deletion import preview_deletion
from .commands import (
    CreateTagCommand,
    DeleteTagCommand,
    DescribeTagCommand,
    MergeTagCommand,
    MoveTagCommand,
    RecolorTagCommand,
    RenameTagCommand,
    UndoContext,
)
from .tag_destination_dialog import Destination, TagDestinationDialog
from .tag_model import COLUMN_DOCUMENTS, COLUMN_HIGHLIGHTS, COLUMN_NAME, TAG_ID_ROLE, TagTreeModel
from .tag_questions import CHILDREN_CHOICES, DELETE_CHILDREN_TOO, deletion_question


def action_box(parent: QWidget, title: str, message: str,
               actions: tuple[str, ...]) -> tuple[QMessageBox, list[QAbstractButton]]:
    """A question with one button per action, the first the default, and Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, title, message,
                      QMessageBox.StandardButton.Cancel, parent)
    buttons = [box.addButton(a, QMessageBox.ButtonRole.AcceptRole) for a in actions]
    box.setDefaultButton(buttons[0])  # type: ignore[arg-type]
    return box, buttons


class TagPrompts:
    """The questions the panel asks; every method returns ``None`` when cancelled."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent

    def text(self, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(self._parent, title, label, text=value)
        return text if ok else None

    def color(self, current: str) -> str | None:
        dialog = QColorDialog(QColor(current), self._parent)
        for i, color in enumerate(PALETTE[: QColorDialog.customCount()]):
            QColorDialog.setCustomColor(i, QColor(color))
        if dialog.exec() != QColorDialog.DialogCode.Accepted:
            return None
        return dialog.selectedColor().name()

    def confirm(self, title: str, message: str) -> bool:
        answer = QMessageBox.question(self._parent, title, message)
        return answer == QMessageBox.StandardButton.Yes

    def choose_action(self, title: str, message: str, actions: tuple[str, ...]) -> str | None:
        """Ask ``message`` with one button per action (the first is the default) and
        Cancel; the action chosen, or ``None``."""
        box, buttons = action_box(self._parent, title, message, actions)
        box.exec()
        clicked = box.clickedButton()
        return actions[buttons.index(clicked)] if clicked in buttons else None

    def destination(self, tags: list[TagCount], moving: int, *,
                    merging: bool = False) -> Destination | None:
        """Where to move the tag ``moving`` (Move to…), or (``merging``) which tag to merge
        it into; ``None`` when cancelled."""
        dialog = TagDestinationDialog(tags, moving, self._parent, merging=merging)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.destination


class TagPanel(QWidget):
    """Shows the codebook and edits it through undoable commands.

    Signals:
        applyRequested(int): the user activated a tag (double-click, Enter) to apply it to
            the editor's selection.
    """

    applyRequested = Signal(int)

    def __init__(self, context: UndoContext, model: TagTreeModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagPanel")
        self._context = context
        self.model = model
        self.prompts = TagPrompts(self)
        self._build_ui()
        self._build_actions()
        self.view.expandAll()
        self.model.modelReset.connect(self.view.expandAll)

    def _build_ui(self) -> None:
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter tags…")
        self.filter_box.setClearButtonEnabled(True)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(COLUMN_NAME)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter_box.textChanged.connect(lambda _t: self.view.expandAll())
        self.view = QTreeView(self)
        self.view.setObjectName("tagTree")
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.model.moveRequested.connect(
            lambda tag_id, parent: self._context.run(MoveTagCommand(self._context, tag_id, parent))
        )
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.activated.connect(self._on_activated)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_NAME, QHeaderView.ResizeMode.Stretch)
        for column in (COLUMN_HIGHLIGHTS, COLUMN_DOCUMENTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)

    def _action(self, text: str, slot: object, shortcut: QKeySequence | None = None,
                short: str = "", *, window_wide: bool = False) -> QAction:
        """An action of the panel's toolbar and context menu. Its key works while the panel
        has the focus, or anywhere in the window when ``window_wide`` (a key that means
        the same wherever it is pressed, as Ctrl+N does)."""
        action = QAction(text, self)
        if short:
            action.setIconText(short)  # the toolbar's label
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut if window_wide
                                      else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        self.view.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            "New tag…", self.create_tag, QKeySequence.StandardKey.New, "New", window_wide=True
        )
        self.new_child_action = self._action("New child tag…", self.create_child_tag)
        self.rename_action = self._action("Rename tag…", self.rename_tag, QKeySequence("F2"),
                                          "Rename")
        self.recolor_action = self._action("Tag colour…", self.recolor_tag, short="Colour")
        self.describe_action = self._action("Describe tag…", self.describe_tag)
        self.move_action = self._action("Move tag to…", self.move_tag)
        self.merge_action = self._action("Merge tag into…", self.merge_tag, short="Merge")
        self.delete_action = self._action(
            "Delete tag…", self.delete_tag, QKeySequence.StandardKey.Delete, "Delete"
        )
        # Move to… is in the context menu and the Tags menu: on the toolbar it would push
        # Delete out of sight at the panel's usual width.
        for action in (self.new_action, self.rename_action, self.recolor_action,
                       self.merge_action, self.delete_action):
            self.toolbar.addAction(action)

    # -- selection --------------------------------------------------------------------------
    def current_tag(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(TAG_ID_ROLE) if index.isValid() else None

    def select_tag(self, tag_id: int) -> None:
        source = self.model.index_of(tag_id)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.view.setCurrentIndex(index)

    def shortcut_tag(self, position: int) -> int | None:
        """The tag that number key ``position + 1`` applies (tree order), if any."""
        ids = self.model.tag_ids_in_order()
        return ids[position] if 0 <= position < len(ids) else None

    def _on_activated(self, index: QModelIndex) -> None:
        tag_id = index.data(TAG_ID_ROLE)
        if tag_id is not None:
            self.applyRequested.emit(tag_id)

    # -- actions ----------------------------------------------------------------------------
    def create_tag(self, parent_id: int | None = None) -> int | None:
        """Ask for a name and create a tag (undoable); return its id."""
        name = self.prompts.text("New tag", "Name of the new tag:")
        if not name or not name.strip():
            return None
        command = CreateTagCommand(self._context, name.strip(), parent_id=parent_id)
        if not self._context.run(command):
            return None
        assert command.tag_id is not None
        self.select_tag(command.tag_id)
        return command.tag_id

    def create_child_tag(self) -> int | None:
        parent = self.current_tag()
        return self.create_tag(parent) if parent is not None else self.create_tag()

    def rename_tag(self) -> None:
        tag_id = self.current_tag()
        if tag_id is None:
            return
        old = self.model.tag_count(tag_id).tag.name
        name = self.prompts.text("Rename tag", "New name:", old)
        if name and name.strip() and name.strip() != old:
            self._context.run(RenameTagCommand(self._context, tag_id, name.strip()))

    def recolor_tag(self) -> None:
        tag_id = self.current_tag()
        if tag_id is None:
            return
        color = self.prompts.color(self.model.tag_count(tag_id).tag.color)
        if color:
            self._context.run(RecolorTagCommand(self._context, tag_id, color))

    def describe_tag(self) -> None:
        tag_id = self.current_tag()
        if tag_id is None:
            return
        old = self.model.tag_count(tag_id).tag.description
        text = self.prompts.text("Describe tag", "Description (what this tag means):", old)
        if text is not None and text != old:
            self._context.run(DescribeTagCommand(self._context, tag_id, text))

    def merge_tag(self) -> None:
        """Merge the current tag into another (asks which, then confirms with the count)."""
        source = self.current_tag()
        if source is None or len(self.model.tag_ids_in_order()) < 2:
            return
        tags = [self.model.tag_count(t) for t in self.model.tag_ids_in_order()]
        destination = self.prompts.destination(tags, source, merging=True)
        if destination is None or destination.tag_id is None:
            return
        target = destination.tag_id
        name = self.model.tag_count(source).tag.name
        choice = self.model.tag_count(target).tag.name
        count = self.model.tag_count(source).highlights
        if self.prompts.confirm(
            "Merge tag",
            f"Merge '{name}' into '{choice}'? {plural(count, 'highlight')} of '{name}' will "
            f"carry '{choice}', and '{name}' is removed. (Edit ▸ Undo separates them again.)",
        ):
            self._context.run(MergeTagCommand(self._context, source, target))

    def move_tag(self) -> None:
        """Put the current tag under another tag, or at the top level (asks where)."""
        tag_id = self.current_tag()
        if tag_id is None:
            return
        tags = [self.model.tag_count(t) for t in self.model.tag_ids_in_order()]
        destination = self.prompts.destination(tags, tag_id)
        if destination is None or destination.tag_id == self.model.tag_count(
                tag_id).tag.parent_id:
            return
        self._context.run(MoveTagCommand(self._context, tag_id, destination.tag_id))

    def delete_tag(self) -> None:
        """Delete the current tag after a question naming how many highlights lose it; a
        tag with tags below it asks whether they move up or go too."""
        tag_id = self.current_tag()
        if tag_id is None:
            return
        preview = preview_deletion(self._context.project, tag_id)
        question = deletion_question(preview)
        if not preview.below:
            if self.prompts.confirm("Delete tag", question):
                self._context.run(DeleteTagCommand(self._context, tag_id))
            return
        answer = self.prompts.choose_action("Delete tag", question, CHILDREN_CHOICES)
        if answer is not None:
            self._context.run(DeleteTagCommand(self._context, tag_id,
                                               with_children=answer == DELETE_CHILDREN_TOO))
