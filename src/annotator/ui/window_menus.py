"""The main window's menu bar: File, Edit, View, Tags and Help, with their keys.

:func:`build_menus` fills the bar of a window whose panels exist already and sets the
actions other parts use (``undo_action``, ``redo_action``, ``properties_action``,
``settings_action``, ``snap_action``, ``quick_tag_action``, ``coders_menu``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from .shortcuts_help import preferences_key, redo_keys

if TYPE_CHECKING:
    from .main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


def build_menus(window: MainWindow) -> dict[str, QMenu]:
    """Fill ``window``'s menu bar; returns its menus by name."""
    bar = window.menuBar()
    menus = {name: bar.addMenu(f"&{name}") for name in
             ("File", "Edit", "View", "Tags", "Help")}
    add = _adder(window, menus)
    window.files.populate(menus["File"])
    edit = menus["Edit"]
    window.undo_action = window.undo_stack.createUndoAction(window, "Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action = window.undo_stack.createRedoAction(window, "Redo")
    window.redo_action.setShortcuts(redo_keys())
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    edit.addSeparator()
    add("Edit", "Find…", window.pane.show_find, QKeySequence.StandardKey.Find)
    add("Edit", "Delete highlight", window.editor.delete_current)
    window.properties_action = add(
        "Edit", "Document properties…", window.edit_document_properties, "Alt+Return"
    )
    window.document_actions.install([window.properties_action], edit)
    add("Edit", "Next highlight", lambda: window.editor.move_to_highlight(1))
    add("Edit", "Previous highlight", lambda: window.editor.move_to_highlight(-1))
    window.search.add_actions(edit)
    edit.addSeparator()
    window.settings_action = add("Edit", "Settings…", window.edit_settings,
                                        preferences_key())
    window.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    view = menus["View"]
    for dock in (window.documents_dock, window.tags_dock, window.quotes_dock, window.charts_dock,
                 window.variables_dock, window.search.dock):
        view.addAction(dock.toggleViewAction())
    add("View", "Variables table", window.variables_dock.bring_up, "Ctrl+Shift+V")
    view.addSeparator()
    add("View", "Zoom in", lambda: window.editor.zoomIn(1),
                 QKeySequence.StandardKey.ZoomIn)
    add("View", "Zoom out", lambda: window.editor.zoomOut(1),
                 QKeySequence.StandardKey.ZoomOut)
    window.snap_action = add("View", "Snap selections to whole words", window.toggle_snap)
    window.snap_action.setCheckable(True)
    window.snap_action.setChecked(True)
    window.coders_menu = view.addMenu("Coders")
    window.editor.coder_view.populate(window.coders_menu)
    window.quick_tag_action = add("Tags", "Quick tag…", window.quick_tag, "Ctrl+T")
    tags = menus["Tags"]
    tags.addSeparator()
    for action in (window.tag_panel.new_action, window.tag_panel.rename_action,
                   window.tag_panel.recolor_action, window.tag_panel.describe_action,
                   window.tag_panel.move_action, window.tag_panel.merge_action,
                   window.tag_panel.delete_action):
        tags.addAction(action)
    add("Help", "Keyboard shortcuts", window.show_shortcuts,
                 QKeySequence.StandardKey.HelpContents)
    add("Help", "About Annotator", window.show_about)
    return menus


def _adder(window: MainWindow, menus: dict[str, QMenu]
           ) -> Callable[[str, str, Callable[[], object], Shortcut], QAction]:
    def add(menu_name: str, text: str, slot: Callable[[], object],
            shortcut: Shortcut = None) -> QAction:
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menus[menu_name].addAction(action)
        return action

    return add
