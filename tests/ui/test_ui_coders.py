"""Two coders in the window: applying a tag to another coder's exact span gives the
current coder a highlight of their own and leaves the other's untouched."""

from __future__ import annotations

from test_ui_editor import open_emoji_document, select_utf16
from ui_fixtures import EMOJI_TEXT


def test_second_coder_tagging_the_same_span_gets_an_own_highlight(window, qtbot):
    editor = open_emoji_document(window, qtbot)
    project = window.project
    security, water = project.tags.find(["security"]), project.tags.find(["water"])
    start16 = EMOJI_TEXT.find("world") + 1  # the emoji before it is two UTF-16 units
    project.coder = "ann"
    select_utf16(editor, start16, start16 + len("world"))
    assert editor.apply_tags([security])
    [anns] = project.highlights.for_document(editor.document_id)

    project.coder = "bob"
    select_utf16(editor, start16, start16 + len("world"))
    assert editor.apply_tags([security])
    both = project.highlights.for_document(editor.document_id)
    assert sorted((h.coder, h.tag_ids, h.quote) for h in both) == [
        ("ann", (security,), "world"), ("bob", (security,), "world")]
    assert project.highlights.get(anns.id) == anns  # untouched, not even its stamp

    # With nothing selected, a tag goes to the current highlight's span: still bob's own.
    editor.select_highlight(anns.id)
    assert editor.apply_tags([water])
    assert project.highlights.get(anns.id) == anns
    bobs = next(h for h in project.highlights.for_document(editor.document_id)
                if h.coder == "bob")
    assert bobs.tag_ids == tuple(sorted((security, water)))
    assert len(project.highlights.for_document(editor.document_id)) == 2

    window.undo_action.trigger()  # undo takes bob's second tag off his own highlight
    assert project.highlights.get(bobs.id).tag_ids == (security,)
