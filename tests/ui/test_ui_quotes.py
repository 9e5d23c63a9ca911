"""The quotes view: checked tags list their quotes; double-click jumps; copy as text."""

from __future__ import annotations

from ui_fixtures import EMOJI_TEXT, document_id

from annotator.ui.quotes_view import COLUMN_DOCUMENT, COLUMN_QUOTE


def code_two_quotes(window):
    security = window.project.tags.find(["security"])
    water = window.project.tags.find(["water"])
    emoji = document_id(window, "Emoji note")
    river = document_id(window, "River report")
    start = EMOJI_TEXT.find("security issue")
    window.project.highlights.create(emoji, start, start + 14, [security])
    window.project.highlights.create(river, 10, 21, [water])
    window.signals.reloaded.emit()
    return security, water, emoji


def test_checked_tags_list_their_quotes(window, qtmodeltester):
    security, water, _ = code_two_quotes(window)
    model = window.quotes_model
    assert model.rowCount() == 0
    window.tag_model.set_checked(security, True)
    assert [model.index(r, COLUMN_QUOTE).data() for r in range(model.rowCount())] == [
        "security issue"
    ]
    window.tag_model.set_checked(water, True)
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_double_click_jumps_to_the_quote(window, qtbot):
    security, _, emoji = code_two_quotes(window)
    window.tag_model.set_checked(security, True)
    index = window.quotes_model.index(0, COLUMN_DOCUMENT)
    window.quotes.view.doubleClicked.emit(index)
    assert window.editor.document_id == emoji
    assert window.editor.textCursor().selectedText() == "security issue"


def test_copy_rows_as_text(window):
    security, _, _ = code_two_quotes(window)
    window.tag_model.set_checked(security, True)
    window.quotes.view.selectAll()
    window.quotes.copy_selection()
    from PySide6.QtGui import QGuiApplication

    text = QGuiApplication.clipboard().text()
    assert text == "security issue\tsecurity\tEmoji note\t2020-01-02\t"
