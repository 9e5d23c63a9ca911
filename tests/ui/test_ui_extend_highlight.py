"""Tagging a selection that overlaps or touches a highlight of the same tag extends it (one
undo step whose undo restores the original span exactly), as MAXQDA does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from ui_fixtures import document_id

RIVER = "The river water level fell in summer."


def open_river(window, qtbot):  # type: ignore[no-untyped-def]
    window.open_document(document_id(window, "River report"))
    qtbot.waitUntil(lambda: window.editor.toPlainText() == RIVER)
    return window.editor


def select(editor, text: str, occurrence: str) -> None:  # type: ignore[no-untyped-def]
    """Select ``occurrence`` in the (emoji-free) text as a user would."""
    start = text.index(occurrence)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(occurrence), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def test_overlapping_selection_extends_the_highlight_in_one_undo_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = open_river(window, qtbot)
    water = window.project.tags.find(["water"])
    select(editor, RIVER, "river water")
    qtbot.keyClick(editor, Qt.Key.Key_2)
    [first] = window.project.highlights.for_document(editor.document_id)
    steps = window.undo_stack.count()

    select(editor, RIVER, "water level")
    qtbot.keyClick(editor, Qt.Key.Key_2)

    [grown] = window.project.highlights.for_document(editor.document_id)
    assert (grown.id, grown.quote, grown.tag_ids) == (first.id, "river water level", (water,))
    assert [(h.id, h.quote) for h in editor.highlights] == [(first.id, "river water level")]
    assert editor.current_highlight == first.id
    assert window.undo_stack.count() == steps + 1
    assert window.undo_action.text() == "Undo Apply tag 'water'"
    painted = _painted(editor)
    assert painted == [(RIVER.index("river"), len("river water level"))]

    window.undo_action.trigger()
    assert window.project.highlights.for_document(editor.document_id) == [first]
    assert _painted(editor) == [(RIVER.index("river"), len("river water"))]
    window.redo_action.trigger()
    assert window.project.highlights.for_document(editor.document_id) == [grown]
    window.resize(1366, 768)
    window.grab().save("/tmp/autocode-context-shot.png")


def test_touching_selection_merges_and_other_tags_stack(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = open_river(window, qtbot)
    editor.snap_to_words = False
    select(editor, RIVER, "river wat")
    qtbot.keyClick(editor, Qt.Key.Key_2)
    select(editor, RIVER, "er level")  # starts where the highlight ends
    qtbot.keyClick(editor, Qt.Key.Key_2)
    assert [h.quote for h in window.project.highlights.for_document(editor.document_id)] == [
        "river water level"]
    select(editor, RIVER, "level fell")  # another tag: its own highlight over the overlap
    qtbot.keyClick(editor, Qt.Key.Key_1)
    quotes = sorted(h.quote for h in window.project.highlights.for_document(editor.document_id))
    assert quotes == ["level fell", "river water level"]
    window.undo_action.trigger()
    window.undo_action.trigger()
    [only] = window.project.highlights.for_document(editor.document_id)
    assert only.quote == "river wat"


def test_a_selection_already_coded_is_refused_without_an_undo_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = open_river(window, qtbot)
    select(editor, RIVER, "river water level")
    qtbot.keyClick(editor, Qt.Key.Key_2)
    steps = window.undo_stack.count()
    select(editor, RIVER, "water")
    with qtbot.waitSignal(window.signals.failed) as refused:
        qtbot.keyClick(editor, Qt.Key.Key_2)
    assert refused.args == ["The selection is coded with that tag already."]
    assert window.undo_stack.count() == steps
    assert len(window.project.highlights.for_document(editor.document_id)) == 1


def _painted(editor) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    block = editor.document().firstBlock()
    return [(r.start, r.length) for r in block.layout().formats()
            if r.format.background().style() != Qt.BrushStyle.NoBrush]


def test_code_all_hits_is_one_undo_step_with_exact_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.coding_commands import CodeHitsCommand

    editor = open_river(window, qtbot)
    doc = editor.document_id
    water = window.project.tags.find(["water"])
    existing, _ = window.project.highlights.create(doc, 4, 9, [water], memo="river memo")
    before = window.project.highlights.for_document(doc)
    hits = [(doc, RIVER.index("water"), RIVER.index("water") + 5),
            (doc, RIVER.index("summer"), RIVER.index("summer") + 6)]
    command = CodeHitsCommand(window.context, water, hits, "sentence")
    assert window.context.run(command)
    assert window.undo_action.text() == "Undo Code all hits with 'water'"
    [whole] = window.project.highlights.for_document(doc)
    assert (whole.id, whole.quote, whole.memo) == (existing, RIVER, "river memo")
    assert command.result is not None and command.result.extended == 1
    assert [h.quote for h in editor.highlights] == [RIVER]
    window.undo_action.trigger()
    assert window.project.highlights.for_document(doc) == before
    assert [h.quote for h in editor.highlights] == ["river"]
    window.redo_action.trigger()
    assert window.project.highlights.for_document(doc) == [whole]
