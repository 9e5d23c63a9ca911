"""Deleting a tag with tags below it: the counts asked about, the two choices (children
move up, or go too), and a restore that brings back exactly what was there."""

from __future__ import annotations

import pytest

from annotator.domain.errors import NotFoundError, UserError
from annotator.domain.memos import MemoPlace
from annotator.services import Project
from annotator.services.tag_deletion import (
    delete_subtree,
    preview_deletion,
    restore_subtree,
    snapshot_subtree,
)
from helpers import add_text


def codebook(project: Project) -> dict[str, int]:
    """politics > economy > (trade > tariffs, migration); politics > media; and health."""
    ids: dict[str, int] = {}
    ids["politics"] = project.tags.create("politics")[0]
    ids["economy"] = project.tags.create("economy", parent_id=ids["politics"])[0]
    ids["trade"] = project.tags.create("trade", parent_id=ids["economy"])[0]
    ids["tariffs"] = project.tags.create("tariffs", parent_id=ids["trade"])[0]
    ids["migration"] = project.tags.create("migration", parent_id=ids["economy"])[0]
    ids["media"] = project.tags.create("media", parent_id=ids["politics"])[0]
    ids["health"] = project.tags.create("health")[0]
    return ids


def state(project: Project) -> tuple[object, ...]:
    """Everything a tag deletion could change: every tag (id, GUID, name, parent,
    colour, position, times), every highlight's tags, every tag memo."""
    tags = sorted(project.tags.all(), key=lambda t: t.id)
    highlights = sorted((h.id, h.tag_ids) for h in (
        project.highlights.get(i) for i in range(1, 100) if _exists(project, i)))
    memos = [(t.id, project.store.memos.at(MemoPlace.tag(t.id))) for t in tags]
    return tuple(tags), tuple(highlights), tuple(memos)


def _exists(project: Project, highlight_id: int) -> bool:
    try:
        project.highlights.get(highlight_id)
    except NotFoundError:
        return False
    return True


@pytest.fixture
def coded(project: Project) -> tuple[Project, dict[str, int], dict[str, int]]:
    ids = codebook(project)
    doc = add_text(project, "one two three four five six seven eight nine ten")
    spans = {"economy": (0, 3), "trade+tariffs": (4, 7), "tariffs": (8, 13),
             "migration+health": (14, 18), "media": (19, 23), "economy+migration": (24, 27)}
    highlights = {
        label: project.highlights.create(doc, *span, [ids[name] for name in label.split("+")])[0]
        for label, span in spans.items()
    }
    project.memos.write(MemoPlace.tag(ids["trade"]), "Trade memo.")
    project.memos.write(MemoPlace.tag(ids["economy"]), "Economy memo.")
    return project, ids, highlights


def test_the_preview_counts_the_tag_and_what_is_below_it(coded) -> None:  # type: ignore[no-untyped-def]
    project, ids, highlights = coded
    preview = preview_deletion(project, ids["economy"])
    # Counted from the labels above: a highlight carries economy when "economy" is one of
    # its label's names; a tag below economy when trade, tariffs or migration is.
    below = {"trade", "tariffs", "migration"}
    own = [h for label, h in highlights.items() if "economy" in label.split("+")]
    under = [h for label, h in highlights.items() if below & set(label.split("+"))]
    assert (preview.name, preview.parent_name) == ("economy", "politics")
    assert (preview.highlights, preview.children, preview.below) == (len(own), 2, 3)
    assert preview.below_highlights == len(under) == 4
    assert preview.all_highlights == len(set(own) | set(under)) == 5
    top = preview_deletion(project, ids["health"])
    assert (top.parent_name, top.children, top.below, top.below_highlights) == (None, 0, 0, 0)


def test_deleting_with_the_children_removes_the_subtree_and_restore_is_exact(coded) -> None:  # type: ignore[no-untyped-def]
    project, ids, highlights = coded
    before = state(project)
    snapshots = snapshot_subtree(project, ids["economy"])
    changes = delete_subtree(project, ids["economy"])
    gone = {ids[n] for n in ("economy", "trade", "tariffs", "migration")}
    assert changes.tags.deleted == gone
    assert {t.id for t in project.tags.all()} == {ids[n] for n in ("politics", "media", "health")}
    # Highlights stay; they lose the deleted tags and keep the others.
    assert project.highlights.get(highlights["migration+health"]).tag_ids == (ids["health"],)
    assert project.highlights.get(highlights["tariffs"]).tag_ids == ()
    assert project.store.memos.at(MemoPlace.tag(ids["trade"])) is None
    restored = restore_subtree(project, snapshots)
    assert restored.tags.created == gone
    assert state(project) == before


def test_deleting_alone_moves_the_children_up_and_restore_is_exact(coded) -> None:  # type: ignore[no-untyped-def]
    project, ids, _ = coded
    before = state(project)
    snapshots = snapshot_subtree(project, ids["economy"])
    project.tags.delete(ids["economy"])
    assert project.tags.get(ids["trade"]).parent_id == ids["politics"]
    assert project.tags.get(ids["migration"]).parent_id == ids["politics"]
    assert project.tags.get(ids["tariffs"]).parent_id == ids["trade"]
    restore_subtree(project, snapshots[:1])
    assert state(project) == before


def test_moving_up_is_refused_when_a_child_would_clash(coded) -> None:  # type: ignore[no-untyped-def]
    project, ids, _ = coded
    project.tags.create("trade", parent_id=ids["politics"])
    before = state(project)
    with pytest.raises(UserError, match="'trade' would clash"):
        project.tags.delete(ids["economy"])
    assert state(project) == before
    delete_subtree(project, ids["economy"])  # deleting them too has nothing to clash with
    assert project.tags.find(["politics", "economy"]) is None
