"""Deleting a tag that has tags below it: what it touches, and the two ways to do it.

The tags below a deleted tag either move up one level (to the deleted tag's parent, or the
top level; :meth:`TagService.delete`) or go with it (:func:`delete_subtree`). Either way
:func:`snapshot_subtree` taken first and :func:`restore_subtree` bring back exactly what
was there: the same ids, GUIDs, names, colours, positions, memos and highlight links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.model import Changes
from ..domain.tag_tree import tree_order
from .tags import TagSnapshot

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class DeletionPreview:
    """What deleting a tag would touch, for the question asked before.

    ``highlights``: highlights carrying the tag itself; ``children``: tags directly below
    it; ``below``: tags below it at any depth; ``below_highlights``: highlights carrying
    at least one tag below it; ``all_highlights``: highlights carrying the tag or any tag
    below it (each counted once); ``parent_name``: where the children would move up to
    (``None``: the top level).
    """

    name: str
    parent_name: str | None
    highlights: int
    children: int
    below: int
    below_highlights: int
    all_highlights: int


def subtree(project: Project, tag_id: int) -> list[int]:
    """``tag_id`` and every tag below it, each parent before its children."""
    tags = project.tags.all()
    parent_of = {t.id: t.parent_id for t in tags}
    order = tree_order([t.id for t in tags], parent_of)
    below = set(project.store.tags.descendants(tag_id))
    return [tag_id, *(t for t in order if t in below)]


def preview_deletion(project: Project, tag_id: int) -> DeletionPreview:
    """Count what deleting ``tag_id`` touches (read from one snapshot)."""
    table = project.store.tags
    with project.store.read_snapshot():
        tag = table.get(tag_id)
        below = table.descendants(tag_id)
        own = set(table.highlight_ids(tag_id))
        carried_below: set[int] = set()
        for other in below:
            carried_below.update(table.highlight_ids(other))
        parent = table.get(tag.parent_id).name if tag.parent_id is not None else None
        children = len(table.children(tag_id))
    return DeletionPreview(tag.name, parent, len(own), children, len(below),
                           len(carried_below), len(own | carried_below))


def snapshot_subtree(project: Project, tag_id: int) -> tuple[TagSnapshot, ...]:
    """Snapshots of ``tag_id`` and every tag below it, parents first."""
    return tuple(project.tags.snapshot(t) for t in subtree(project, tag_id))


def delete_subtree(project: Project, tag_id: int) -> Changes:
    """Delete ``tag_id`` and every tag below it, with their memos, in one transaction;
    their highlights lose these tags and keep their others."""
    with project.transaction():
        # Leaves first, so that no tag deleted has children left to move up.
        return Changes.union([project.tags.delete(doomed)
                              for doomed in reversed(subtree(project, tag_id))])


def restore_subtree(project: Project, snapshots: tuple[TagSnapshot, ...]) -> Changes:
    """Undo :func:`delete_subtree` (or a single :meth:`TagService.delete`) from the
    snapshots :func:`snapshot_subtree` took, in one transaction."""
    with project.transaction():  # parents first, so that each child finds its parent
        return Changes.union([project.tags.restore(snapshot) for snapshot in snapshots])
