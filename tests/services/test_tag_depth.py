"""The codebook never grows deeper than ``MAX_TAG_DEPTH`` through an edit."""

from __future__ import annotations

import sys

import pytest

from annotator.domain.errors import UserError
from annotator.domain.tag_tree import MAX_TAG_DEPTH
from annotator.services import Project

TOO_DEEP = f"tags can be nested at most {MAX_TAG_DEPTH} levels deep"


def chain(project: Project, levels: int, prefix: str = "t") -> list[int]:
    """Tags nested ``levels`` deep; their ids from the top down."""
    ids: list[int] = []
    for level in range(1, levels + 1):
        tag_id, _ = project.tags.create(f"{prefix}{level}", parent_id=ids[-1] if ids else None,
                                        color="#d62728")
        ids.append(tag_id)
    return ids


def test_creating_a_tag_stops_at_the_limit(project: Project) -> None:
    ids = chain(project, MAX_TAG_DEPTH)
    assert project.store.tags.level(ids[-1]) == MAX_TAG_DEPTH
    assert project.store.tags.height(ids[0]) == MAX_TAG_DEPTH
    with pytest.raises(UserError, match=f"cannot nest 'x' there: {TOO_DEEP}"):
        project.tags.create("x", parent_id=ids[-1])
    assert len(project.tags.all()) == MAX_TAG_DEPTH


def test_a_tag_path_past_the_limit_is_refused_whole(project: Project) -> None:
    path = tuple(f"t{i}" for i in range(1, MAX_TAG_DEPTH + 2))
    with pytest.raises(UserError, match=TOO_DEEP):
        project.tags.ensure_path(path)
    assert project.tags.all() == []  # one transaction: nothing was kept
    tag_id, _ = project.tags.ensure_path(path[:-1])
    assert project.tags.paths()[tag_id] == path[:-1]


def test_moving_a_subtree_counts_its_own_levels(project: Project) -> None:
    deep = chain(project, MAX_TAG_DEPTH - 2)
    subtree = chain(project, 3, prefix="s")  # s1 ─ s2 ─ s3
    with pytest.raises(UserError, match=f"cannot nest 's1' there: {TOO_DEEP}"):
        project.tags.move(subtree[0], deep[-1])
    project.tags.move(subtree[0], deep[-2])  # its deepest tag lands exactly at the limit
    assert project.store.tags.level(subtree[-1]) == MAX_TAG_DEPTH
    project.tags.move(subtree[0], None)  # moving up is always allowed
    assert project.store.tags.level(subtree[-1]) == 3


def test_merging_moves_children_only_within_the_limit(project: Project) -> None:
    deep = chain(project, MAX_TAG_DEPTH - 1)
    source = chain(project, 3, prefix="m")  # m1 ─ m2 ─ m3: m2's subtree has 2 levels
    with pytest.raises(UserError, match=f"cannot nest 'm2' there: {TOO_DEEP}"):
        project.tags.merge(source[0], deep[-1])
    assert project.tags.get(source[0]).name == "m1"  # nothing changed
    project.tags.merge(source[0], deep[-2])
    assert project.store.tags.level(source[-1]) == MAX_TAG_DEPTH


def test_listing_works_for_a_tree_deeper_than_the_recursion_limit(project: Project) -> None:
    # Only a project from before the limit holds such a tree; it must still list and count.
    levels = sys.getrecursionlimit() + 200
    ids: list[int] = []
    with project.transaction():
        for level in range(1, levels + 1):
            ids.append(project.store.tags.insert(
                f"t{level}", guid=f"g{level}", color="#d62728", created_at="2026-01-01T00:00:00Z",
                parent_id=ids[-1] if ids else None, description=""))
    counts = project.tags.counts()
    assert [c.tag.id for c in counts] == ids
    assert counts[-1].path == tuple(f"t{i}" for i in range(1, levels + 1))
    assert project.tags.paths()[ids[-1]] == counts[-1].path
