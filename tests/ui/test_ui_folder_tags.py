"""A folder (a tag that is not codable, from a REFI-QDA file's isCodable="false") is drawn
greyed and in italics, and applying it to text is refused with a message and no undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from ui_fixtures import document_id

from annotator.ui.tag_model import COLUMN_NAME


def test_a_folder_is_greyed_and_cannot_be_applied(window, qtbot):
    project = window.project
    folder, _ = project.tags.create("places", codable=False)
    child, _ = project.tags.create("rivers", parent_id=folder)
    window.tag_model.refresh()
    folder_index = window.tag_model.index_of(folder)
    child_index = window.tag_model.index_of(child)
    assert folder_index.data(Qt.ItemDataRole.FontRole).italic()
    assert child_index.data(Qt.ItemDataRole.FontRole) is None
    assert folder_index.data(Qt.ItemDataRole.ForegroundRole) != child_index.data(
        Qt.ItemDataRole.ForegroundRole)
    assert "not applied to text" in folder_index.data(Qt.ItemDataRole.ToolTipRole)
    assert folder_index.column() == COLUMN_NAME

    window.open_document(document_id(window, "River report"))
    editor = window.editor
    qtbot.waitUntil(lambda: editor.toPlainText().startswith("The river"))
    cursor = QTextCursor(editor.document())
    cursor.setPosition(4)
    cursor.setPosition(9, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    window.tag_panel.applyRequested.emit(folder)
    assert "'places' is a folder" in window.last_error
    assert project.highlights.count() == 0 and window.undo_stack.count() == 0
    window.tag_panel.applyRequested.emit(child)  # its children are ordinary tags
    assert [h.quote for h in project.highlights.for_document(editor.document_id)] == ["river"]
