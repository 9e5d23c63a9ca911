"""The editor: selecting, number keys, offsets after emoji, undo/redo, deleting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from ui_fixtures import EMOJI_TEXT, document_id

PHRASE = "security issue"


def select_utf16(editor, start: int, end: int) -> None:
    """Select Qt positions ``start..end`` (UTF-16 units) as a user would."""
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def open_emoji_document(window, qtbot):
    window.open_document(document_id(window, "Emoji note"))
    editor = window.editor
    qtbot.waitUntil(lambda: editor.toPlainText().startswith("Hi"))
    return editor


def test_number_key_after_emoji_stores_exact_phrase(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    qt_text = editor.toPlainText()
    # In Qt's UTF-16 positions the emoji counts 2, so this offset differs from str.find.
    start16 = len(qt_text[: qt_text.find(PHRASE)].encode("utf-16-le")) // 2
    assert start16 == EMOJI_TEXT.find(PHRASE) + 1  # the emoji is two UTF-16 units
    select_utf16(editor, start16, start16 + len(PHRASE))
    assert editor.textCursor().selectedText() == PHRASE

    qtbot.keyClick(editor, Qt.Key.Key_1)

    highlights = window.project.highlights.for_document(editor.document_id)
    assert [h.quote for h in highlights] == [PHRASE]
    security = window.project.tags.find(["security"])
    assert highlights[0].tag_ids == (security,)
    assert highlights[0].start == EMOJI_TEXT.find(PHRASE)
    assert window.undo_action.text() == "Undo Apply tag 'security'"


def test_undo_removes_and_redo_restores_highlight(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    start16 = EMOJI_TEXT.find("world") + 1
    select_utf16(editor, start16, start16 + len("world"))
    qtbot.keyClick(editor, Qt.Key.Key_2)
    [created] = window.project.highlights.for_document(editor.document_id)
    assert created.quote == "world"

    window.undo_action.trigger()
    assert window.project.highlights.for_document(editor.document_id) == []
    assert editor.highlights == []

    window.redo_action.trigger()
    [restored] = window.project.highlights.for_document(editor.document_id)
    assert restored == created
    assert [h.id for h in editor.highlights] == [created.id]


def test_selection_snaps_to_whole_words(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    start16 = EMOJI_TEXT.find("security") + 1 + 3  # inside "security"
    select_utf16(editor, start16, start16 + 8)  # "urity is"
    assert editor.selected_span() == (
        EMOJI_TEXT.find("security"), EMOJI_TEXT.find("security") + len(PHRASE)
    )
    editor.snap_to_words = False
    start, end = editor.selected_span()
    assert EMOJI_TEXT[start:end] == "urity is"


def test_delete_key_removes_current_highlight_and_undo_restores(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    start16 = EMOJI_TEXT.find("issue") + 1
    select_utf16(editor, start16, start16 + len("issue"))
    assert editor.apply_tags([window.project.tags.find(["water"])])
    [created] = editor.highlights
    editor.select_highlight(created.id)
    assert editor.current_highlight == created.id

    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert window.project.highlights.count() == 0
    assert window.undo_action.text() == "Undo Delete highlight"

    window.undo_action.trigger()
    assert window.project.highlights.get(created.id) == created


def test_ctrl_arrows_move_between_highlights(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    water = window.project.tags.find(["water"])
    for word in ("world", "issue"):
        start16 = EMOJI_TEXT.find(word) + 1
        select_utf16(editor, start16, start16 + len(word))
        editor.apply_tags([water])
    first, second = editor.highlights
    editor.select_highlight(first.id)
    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_highlight == second.id
    qtbot.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_highlight == first.id


def test_quick_tag_creates_a_missing_tag_and_applies_it_in_one_undo_step(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    start16 = EMOJI_TEXT.find("world") + 1
    select_utf16(editor, start16, start16 + len("world"))
    window.apply_found_tag(None, "greeting")
    tag_id = window.project.tags.find(["greeting"])
    assert tag_id is not None
    [h] = window.project.highlights.for_document(editor.document_id)
    assert (h.quote, h.tag_ids) == ("world", (tag_id,))
    assert window.undo_action.text() == "Undo Apply new tag 'greeting'"
    window.undo_action.trigger()
    assert window.project.highlights.count() == 0
    assert window.project.tags.find(["greeting"]) is None


def test_quick_tag_finder_filters_and_enter_chooses(window, qtbot):
    from annotator.ui.quick_tag import QuickTagFinder

    finder = QuickTagFinder(window.project.tags.counts(), window)
    qtbot.addWidget(finder)
    finder.filter_box.setText("wat")
    assert finder.proxy.rowCount() == 1
    qtbot.keyClick(finder.filter_box, Qt.Key.Key_Return)
    assert finder.chosen_tag == window.project.tags.find(["water"])
    other = QuickTagFinder(window.project.tags.counts(), window)
    qtbot.addWidget(other)
    other.filter_box.setText("energy")
    other.accept_current()
    assert (other.chosen_tag, other.new_name) == (None, "energy")


def test_document_text_is_shown_as_plain_text_never_html(window, qtbot, tmp_path):
    from annotator.domain.model import NewDocument

    hostile = "<b>bold?</b> <img src='http://example.invalid/x.png'> & more"
    added = window.project.documents.add(NewDocument("Hostile", hostile))
    window.open_document(added.document_id)
    assert window.editor.toPlainText() == hostile
    tooltip = window.editor.tooltip_html([])
    assert tooltip == ""


def test_tooltip_escapes_memo_and_names_tags(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    start16 = EMOJI_TEXT.find("world") + 1
    select_utf16(editor, start16, start16 + len("world"))
    editor.apply_tags([window.project.tags.find(["security"])])
    [h] = editor.highlights
    assert editor.set_memo(h.id, "<script>x</script>")
    [h] = editor.highlights
    html = editor.tooltip_html([h])
    assert "security" in html and "&lt;script&gt;" in html and window.project.coder in html


def test_highlights_are_an_overlay_not_document_formats(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    start16 = EMOJI_TEXT.find("world") + 1
    select_utf16(editor, start16, start16 + len("world"))
    editor.apply_tags([window.project.tags.find(["security"])])
    block = editor.document().firstBlock()
    painted = [(r.start, r.length) for r in block.layout().formats()
               if r.format.background().style() != Qt.BrushStyle.NoBrush]
    assert painted == [(start16, len("world"))]
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start16 + 1)
    assert cursor.charFormat().background().style() == Qt.BrushStyle.NoBrush


def test_overlapping_highlights_are_underlined_where_they_overlap(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    security = window.project.tags.find(["security"])
    water = window.project.tags.find(["water"])
    first = EMOJI_TEXT.find("world security")
    window.project.highlights.create(editor.document_id, first, first + 14, [security])
    second = EMOJI_TEXT.find("security issue")
    window.project.highlights.create(editor.document_id, second, second + 14, [water])
    window.signals.reloaded.emit()
    ranges = editor.document().firstBlock().layout().formats()
    underlined = [(r.start, r.length) for r in ranges if r.format.fontUnderline()]
    assert underlined == [(second + 1, len("security"))]


def test_clicking_a_highlight_selects_it(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    start16 = EMOJI_TEXT.find("world") + 1
    select_utf16(editor, start16, start16 + len("world"))
    editor.apply_tags([window.project.tags.find(["security"])])
    [h] = editor.highlights
    editor.select_highlight(None)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start16 + 2)
    point = editor.cursorRect(cursor).center()
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert editor.current_highlight == h.id


def test_highlight_context_menu_offers_its_edits(window):
    from PySide6.QtWidgets import QMenu

    from annotator.ui.editor_menus import add_highlight_menu

    doc = document_id(window, "River report")
    water = window.project.tags.find(["water"])
    hid, _ = window.project.highlights.create(doc, 4, 9, [water])
    window.open_document(doc)
    menu = QMenu()
    highlight = window.project.highlights.get(hid)
    add_highlight_menu(window.editor, menu, highlight, {t.id: t for t in window.project.tags.all()})
    texts = [a.text() for a in menu.actions()]
    assert "Edit memo…" in texts and "Delete highlight" in texts
    add_menu = next(a.menu() for a in menu.actions() if a.text() == "Add tag")
    assert [a.text() for a in add_menu.actions()] == ["security"]
    add_menu.actions()[0].trigger()
    assert len(window.project.highlights.get(hid).tag_ids) == 2
    next(a for a in menu.actions() if a.text() == "Delete highlight").trigger()
    assert window.project.highlights.count() == 0
    window.undo_stack.undo()
    assert window.project.highlights.count() == 1
