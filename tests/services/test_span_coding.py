"""Coding spans so that a tag never counts a character twice: extending, merging, memos,
other tags and other coders left alone, and the exact undo and redo of every coding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.context import ContextFinder
from annotator.domain.errors import InvalidSpanError, NotFoundError
from annotator.domain.model import Highlight
from annotator.services import Project
from annotator.services.coding_edit import redo_coding, undo_coding
from annotator.services.span_coding import code_hits, code_selection
from helpers import add_text

TEXT = "One sentence here. A second one, with more words! The third 👩‍👩‍👧 sentence.\nNext line."


def state(project: Project) -> list[Highlight]:
    return [h for d in project.documents.ids() for h in project.highlights.for_document(d)]


@pytest.fixture
def doc(project: Project) -> int:
    return add_text(project, TEXT)


def at(word: str, length: int | None = None) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + (length if length is not None else len(word))


def test_a_sentence_with_three_hits_is_one_highlight(project: Project, doc: int) -> None:
    tag, _ = project.tags.create("t")
    hits = [(doc, *at("A second")), (doc, *at("one,")), (doc, *at("words"))]
    result = code_hits(project, tag, hits, "sentence")
    [h] = state(project)
    assert h.quote == "A second one, with more words!"
    assert (result.created, result.documents, len(result.highlight_ids)) == (1, 1, 1)


def test_overlapping_selection_extends_the_highlight_and_keeps_its_identity(
    project: Project, doc: int
) -> None:
    tag, _ = project.tags.create("t")
    first_id, _ = project.highlights.create(doc, *at("One sentence"), [tag], memo="why")
    original = project.highlights.get(first_id)
    edit, changes, kept = code_selection(project, doc, *at("sentence here"), [tag])
    [grown] = state(project)
    assert kept == grown.id == first_id
    assert (grown.quote, grown.guid, grown.created_at, grown.memo) == (
        "One sentence here", original.guid, original.created_at, "why")
    assert changes.highlights.updated == {first_id} and not changes.highlights.created
    undo_coding(project, edit)
    assert state(project) == [original]
    redo_coding(project, edit)
    assert state(project) == [grown]


def test_touching_highlights_merge_and_their_memos_join(project: Project, doc: int) -> None:
    tag, _ = project.tags.create("t")
    left, _ = project.highlights.create(doc, *at("One"), [tag], memo="left memo")
    right, _ = project.highlights.create(doc, *at("here"), [tag], memo="right memo")
    before = state(project)
    result = code_hits(project, tag, [(doc, at("One")[1], at("here")[0])])  # the gap between
    [merged] = state(project)
    assert (merged.id, merged.quote) == (left, "One sentence here")
    assert merged.memo == "left memo\n\nright memo"
    assert (result.extended, result.merged, result.created) == (1, 1, 0)
    assert result.changes.highlights.deleted == {right}
    undo_coding(project, result.edit)
    assert state(project) == before


def test_a_highlight_with_other_tags_keeps_them_and_gives_this_one_up(
    project: Project, doc: int
) -> None:
    tag, _ = project.tags.create("t")
    other, _ = project.tags.create("other")
    shared_id, _ = project.highlights.create(doc, *at("One sentence"), [tag, other])
    result = code_hits(project, tag, [(doc, *at("sentence here"))])
    shared = project.highlights.get(shared_id)
    assert (shared.quote, shared.tag_ids) == ("One sentence", (other,))  # other tag untouched
    [new] = [h for h in state(project) if h.id != shared_id]
    assert (new.quote, new.tag_ids) == ("One sentence here", (tag,))
    assert (result.created, result.untagged) == (1, 1)


def test_another_coders_highlight_is_never_changed(project: Project, doc: int) -> None:
    tag, _ = project.tags.create("t")
    theirs, _ = project.highlights.create(doc, *at("One sentence"), [tag])
    project.store.db.conn.execute("UPDATE highlights SET coder = 'ann' WHERE id = ?", [theirs])
    before = project.highlights.get(theirs)
    code_selection(project, doc, *at("sentence here"), [tag])
    assert project.highlights.get(theirs) == before
    mine = [h for h in state(project) if h.coder == project.coder]
    assert [h.quote for h in mine] == ["sentence here"]


def test_a_selection_inside_the_tag_changes_nothing(project: Project, doc: int) -> None:
    tag, _ = project.tags.create("t")
    project.highlights.create(doc, *at("One sentence here"), [tag])
    before = state(project)
    edit, changes, first = code_selection(project, doc, *at("sentence"), [tag])
    assert (bool(edit), bool(changes), first) == (False, False, None)
    assert state(project) == before


def test_several_tags_on_a_fresh_selection_make_one_highlight(project: Project, doc: int) -> None:
    a, _ = project.tags.create("a")
    b, _ = project.tags.create("b")
    edit, _, first = code_selection(project, doc, *at("The third"), [a, b])
    [h] = state(project)
    assert (h.id, h.tag_ids, h.quote) == (first, (a, b), "The third")
    undo_coding(project, edit)
    assert state(project) == []
    redo_coding(project, edit)
    assert state(project) == [h]


def test_bad_hits_are_refused_and_change_nothing(project: Project, doc: int) -> None:
    tag, _ = project.tags.create("t")
    with pytest.raises(InvalidSpanError, match="does not fit"):
        code_hits(project, tag, [(doc, 0, 3), (doc, 5, len(TEXT) + 1)])
    with pytest.raises(NotFoundError):
        code_hits(project, tag + 99, [(doc, 0, 3)])
    with pytest.raises(NotFoundError):
        code_hits(project, tag, [(doc + 99, 0, 3)])
    assert state(project) == []


selections = st.lists(
    st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 25), st.sampled_from("ab"),
              st.sampled_from(["match", "match", "sentence", "paragraph"])),
    min_size=1, max_size=8,
)


@settings(max_examples=120, deadline=None)
@given(selections)
def test_no_character_is_counted_twice_and_undo_redo_are_exact(picks) -> None:  # type: ignore[no-untyped-def]
    with Project.in_memory(coder="tester") as project:
        doc = add_text(project, TEXT)
        tags = {name: project.tags.create(name)[0] for name in "ab"}
        other_coder, _ = project.highlights.create(doc, 0, 9, [tags["a"]])
        project.store.db.conn.execute("UPDATE highlights SET coder = 'ann'")
        wanted: dict[str, set[int]] = {"a": set(), "b": set()}
        history = [state(project)]
        edits = []
        for start, length, name, context in picks:
            end = min(len(TEXT), start + length)
            result = code_hits(project, tags[name], [(doc, start, end)], context)
            edits.append(result.edit)
            history.append(state(project))
            span = ContextFinder(TEXT, context).widen(start, end)  # tested on its own
            wanted[name] |= set(range(*span)) if span else set()
        for name, tag_id in tags.items():
            mine = [h for h in state(project) if h.coder == "tester" and tag_id in h.tag_ids]
            union = {i for h in mine for i in range(h.start, h.end)}
            assert sum(h.end - h.start for h in mine) == len(union)  # never twice
            assert union == wanted[name]  # and nothing coded was lost
        assert project.highlights.get(other_coder).coder == "ann"
        for edit, earlier in zip(reversed(edits), reversed(history[:-1]), strict=True):
            undo_coding(project, edit)
            assert state(project) == earlier
        for edit, later in zip(edits, history[1:], strict=True):
            redo_coding(project, edit)
            assert state(project) == later


def test_undo_after_a_tag_was_deleted_elsewhere_restores_the_rest(project: Project, doc: int) -> None:
    tag, _ = project.tags.create("t")
    other, _ = project.tags.create("other")
    kept, _ = project.highlights.create(doc, *at("One"), [tag, other])
    result = code_hits(project, tag, [(doc, *at("One sentence"))])
    project.tags.delete(tag)  # another program, say: the undo stack did not see it
    undo_coding(project, result.edit)
    assert project.highlights.get(kept).tag_ids == (other,)
    assert [h.id for h in state(project)] == [kept]
