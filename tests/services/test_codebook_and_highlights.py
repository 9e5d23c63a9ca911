"""Documents, tags and highlights through the Project facade."""

from __future__ import annotations

import pytest

from annotator.domain.errors import InvalidSpanError, NotFoundError, UserError
from annotator.services import Project
from helpers import add_text


def test_same_text_twice_is_a_duplicate(project: Project) -> None:
    a = add_text(project, "Same words.\r\n")
    from annotator.domain.model import NewDocument

    again = project.documents.add(NewDocument("Other title", "Same words.\n"))
    assert again.duplicate and again.document_id == a and not again.changes
    assert project.documents.count() == 1
    assert project.documents.text(a) == "Same words.\n"


def test_tag_tree_paths_and_resolution(project: Project) -> None:
    security, _ = project.tags.create("security")
    border, changes = project.tags.create("border", parent_id=security)
    assert changes.tags.created == {border}
    assert project.tags.paths()[border] == ("security", "border")
    assert project.tags.resolve("security/border") == border
    assert project.tags.resolve("border") == border
    with pytest.raises(UserError, match="already exists"):
        project.tags.create("border", parent_id=security)
    with pytest.raises(UserError, match="cannot be empty"):
        project.tags.create("   ")
    with pytest.raises(NotFoundError):
        project.tags.resolve("water")
    other, _ = project.tags.create("economy")
    project.tags.create("border", parent_id=other)
    with pytest.raises(UserError, match="ambiguous"):
        project.tags.resolve("border")


def test_new_tags_get_distinct_colours(project: Project) -> None:
    colours = [project.tags.get(project.tags.create(f"t{i}")[0]).color for i in range(8)]
    assert len(set(colours)) == 8


def test_move_refuses_cycles(project: Project) -> None:
    a, _ = project.tags.create("a")
    b, _ = project.tags.create("b", parent_id=a)
    with pytest.raises(UserError, match="inside itself"):
        project.tags.move(a, b)
    project.tags.move(b, None)
    assert project.tags.get(b).parent_id is None


def test_highlight_offsets_are_code_points_after_emoji(project: Project) -> None:
    text = "Hi 👩‍👩‍👧 and 🇰🇿: water security"
    doc = add_text(project, text)
    tag, _ = project.tags.create("water")
    start = text.index("water")
    hid, changes = project.highlights.create(doc, start, start + 5, [tag], quote="water")
    stored = project.highlights.get(hid)
    assert stored.quote == "water" == text[stored.start : stored.end]
    assert stored.tag_ids == (tag,) and changes.highlights.created == {hid}
    assert stored.coder == "tester"
    with pytest.raises(InvalidSpanError):
        project.highlights.create(doc, start, start + 5, [tag], quote="Water")
    with pytest.raises(NotFoundError):
        project.highlights.create(doc, 0, 2, [999])
    assert project.highlights.count() == 1


def test_delete_and_restore_is_exact(project: Project) -> None:
    doc = add_text(project, "one two three")
    t1, _ = project.tags.create("a")
    t2, _ = project.tags.create("b")
    hid, _ = project.highlights.create(doc, 4, 7, [t1, t2], memo="note")
    before = project.highlights.get(hid)
    project.highlights.delete(hid)
    with pytest.raises(NotFoundError):
        project.highlights.get(hid)
    project.highlights.restore(before)
    assert project.highlights.get(hid) == before


def test_merge_moves_highlights_and_children(project: Project) -> None:
    doc = add_text(project, "alpha beta gamma")
    migrants, _ = project.tags.create("migrants")
    labour, _ = project.tags.create("labour migration")
    child, _ = project.tags.create("remittances", parent_id=migrants)
    h1, _ = project.highlights.create(doc, 0, 5, [migrants])
    h2, _ = project.highlights.create(doc, 6, 10, [migrants, labour])
    changes = project.tags.merge(migrants, labour)
    assert changes.tags.deleted == {migrants} and {h1, h2} <= changes.highlights.updated
    assert project.highlights.get(h1).tag_ids == (labour,)
    assert project.highlights.get(h2).tag_ids == (labour,)
    assert project.tags.get(child).parent_id == labour


def test_delete_tag_keeps_highlights_with_other_tags(project: Project) -> None:
    doc = add_text(project, "alpha beta gamma")
    a, _ = project.tags.create("a")
    b, _ = project.tags.create("b")
    child, _ = project.tags.create("c", parent_id=a)
    h, _ = project.highlights.create(doc, 0, 5, [a, b])
    project.tags.delete(a)
    assert project.highlights.get(h).tag_ids == (b,)
    assert project.tags.get(child).parent_id is None


def test_counts_per_tag(project: Project) -> None:
    d1 = add_text(project, "security and water")
    d2 = add_text(project, "water again and water")
    water, _ = project.tags.create("water")
    project.highlights.create(d1, 13, 18, [water])
    project.highlights.create(d2, 0, 5, [water])
    project.highlights.create(d2, 16, 21, [water])
    (count,) = project.tags.counts()
    assert (count.highlights, count.documents) == (3, 2)


def test_deleting_a_document_removes_its_highlights(project: Project) -> None:
    doc = add_text(project, "some text here")
    tag, _ = project.tags.create("t")
    hid, _ = project.highlights.create(doc, 0, 4, [tag])
    changes = project.documents.delete(doc)
    assert changes.highlights.deleted == {hid}
    assert project.highlights.count() == 0
    assert project.store.integrity_ok()


def test_restore_undoes_delete_and_merge_exactly(project: Project) -> None:
    doc = add_text(project, "alpha beta gamma delta")
    a, _ = project.tags.create("a", description="first", color="#123456")
    b, _ = project.tags.create("b")
    child, _ = project.tags.create("child", parent_id=a)
    only_a, _ = project.highlights.create(doc, 0, 5, [a])
    both, _ = project.highlights.create(doc, 6, 10, [a, b])
    only_b, _ = project.highlights.create(doc, 11, 16, [b])
    with project.transaction():  # made long ago: a restored tag keeps its creation time
        project.store.db.conn.execute("UPDATE tags SET created_at = '2020-01-01T00:00:00Z'")
    before = ({t.id: t for t in project.tags.all()},
              {h: project.highlights.get(h).tag_ids for h in (only_a, both, only_b)})

    snapshot = project.tags.snapshot(a)
    project.tags.delete(a)
    project.tags.restore(snapshot)
    assert ({t.id: t for t in project.tags.all()},
            {h: project.highlights.get(h).tag_ids for h in (only_a, both, only_b)}) == before

    snapshot = project.tags.snapshot(a, merge_target=b)
    project.tags.merge(a, b)
    assert project.highlights.get(only_a).tag_ids == (b,)
    assert project.tags.get(child).parent_id == b  # children followed the merge
    project.tags.restore(snapshot, merged_into=b)
    assert project.tags.get(child).parent_id == a
    assert ({t.id: t for t in project.tags.all()},
            {h: project.highlights.get(h).tag_ids for h in (only_a, both, only_b)}) == before
    assert project.store.integrity_ok()
    from annotator.services.statistics import compute_stats

    assert {t.path: t.highlights for t in compute_stats(project).tags} == {"a": 2, "a/child": 0, "b": 2}
