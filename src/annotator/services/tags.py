"""Codebook use cases: create, find by path, rename, recolour, describe, move, merge, delete.

A tag's *path* is its chain of names from the top, e.g. ``("economy", "migration")``,
written ``economy/migration`` on the command line (see :mod:`..domain.tag_paths`, which
also says how a text names a tag). Sibling names are unique; a name may hold ``/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.errors import NotFoundError, UserError
from ..domain.memos import Memo, MemoPlace
from ..domain.model import Changes, Tag, TagCount
from ..domain.palette import is_color, next_color
from ..domain.tag_paths import resolve_tag, split_tag_path
from ..domain.tag_tree import MAX_TAG_DEPTH, name_paths, tree_order
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class TagSnapshot:
    """Everything :meth:`TagService.restore` needs to bring a deleted or merged tag back:
    the tag itself (same id and GUID), the highlights that carried it, its children, its
    memo, and for a merge the highlights that already carried the target before and the
    target's memo."""

    tag: Tag
    highlight_ids: tuple[int, ...]
    children: tuple[int, ...]
    target_had: tuple[int, ...] = ()
    memo: Memo | None = None
    target_memo: Memo | None = None


class TagService:
    def __init__(self, project: Project) -> None:
        self._project = project
        self._table = project.store.tags

    # -- reading -----------------------------------------------------------------------
    def all(self) -> list[Tag]:
        """Every tag in display order (position, then name)."""
        return self._table.all()

    def get(self, tag_id: int) -> Tag:
        return self._table.get(tag_id)

    def paths(self) -> dict[int, tuple[str, ...]]:
        """Every tag's name path, by id (computed without recursion: any depth works)."""
        tags = {t.id: t for t in self._table.all()}
        return name_paths({t.id: t.parent_id for t in tags.values()}, lambda i: tags[i].name)

    def descendants(self, tag_id: int) -> list[int]:
        """The ids of every tag below ``tag_id`` (children, their children, ...)."""
        return list(self._table.descendants(tag_id))

    def find(self, path: Sequence[str]) -> int | None:
        """The id of the tag at ``path``, or ``None``."""
        parent: int | None = None
        for name in path:
            parent = self._table.find_child(parent, name)
            if parent is None:
                return None
        return parent

    def resolve(self, text: str) -> int:
        """The tag a user means by ``text``: its exact name if one tag anywhere has it,
        else its name path (``a/b``, ``\\/`` for a slash inside a name; see
        :func:`~annotator.domain.tag_paths.resolve_tag`).

        Raises :class:`NotFoundError` if none matches, :class:`UserError` (listing the
        paths) if the name is ambiguous.
        """
        return resolve_tag(text, self.paths())

    def resolve_or_create(self, text: str) -> tuple[int, Changes]:
        """The tag :meth:`resolve` finds for ``text``; if none, a new one at the path
        ``text`` names (a bare name: a new top-level tag), with any missing parents.
        An ambiguous name is refused, never answered with a new tag."""
        try:
            return self.resolve(text), Changes()
        except NotFoundError:
            return self.ensure_path(split_tag_path(text))

    def counts(self) -> list[TagCount]:
        """Every tag with its path and its highlight and document counts, in tree order
        (read from one snapshot, so a tag created meanwhile is either whole or absent)."""
        with self._project.store.read_snapshot():
            totals = self._project.store.stats.tag_totals()
            tags = {t.id: t for t in self._table.all()}
        parent_of = {t.id: t.parent_id for t in tags.values()}
        paths = name_paths(parent_of, lambda i: tags[i].name)
        ordered: list[TagCount] = []
        for tag_id in tree_order(tags, parent_of):
            total = totals.get(tag_id)
            ordered.append(TagCount(tags[tag_id], paths[tag_id],
                                    total.highlights if total else 0,
                                    total.documents if total else 0))
        return ordered

    # -- writing -----------------------------------------------------------------------
    def create(
        self,
        name: str,
        *,
        parent_id: int | None = None,
        color: str | None = None,
        description: str = "",
        guid: str | None = None,
        codable: bool = True,
    ) -> tuple[int, Changes]:
        """Add a tag under ``parent_id``; refuses an empty or duplicate sibling name, and
        a level past :data:`~annotator.domain.tag_tree.MAX_TAG_DEPTH`. A tag that is not
        ``codable`` only groups others (see :meth:`check_codable`)."""
        name = _clean_name(name)
        if color is not None and not is_color(color):
            raise UserError(f"{color!r} is not a colour; use #rrggbb")
        with self._project.transaction():
            if parent_id is not None:
                self._table.get(parent_id)
                self._check_depth(name, self._table.level(parent_id) + 1)
            if self._table.find_child(parent_id, name) is not None:
                raise UserError(f"a tag called {name!r} already exists there")
            tag_id = self._table.insert(
                name,
                guid=guid or new_guid(),
                color=(color or next_color(t.color for t in self._table.all())).lower(),
                created_at=utc_now(),
                parent_id=parent_id,
                description=description,
                codable=codable,
            )
        return tag_id, Changes.created("tags", tag_id)

    def ensure_path(self, path: Sequence[str]) -> tuple[int, Changes]:
        """The tag at ``path``, creating it and any missing parents."""
        if not path:
            raise UserError("a tag name cannot be empty")
        changes = Changes()
        parent: int | None = None
        with self._project.transaction():
            for name in path:
                found = self._table.find_child(parent, _clean_name(name))
                if found is None:
                    found, created = self.create(name, parent_id=parent)
                    changes |= created
                parent = found
        assert parent is not None
        return parent, changes

    def rename(self, tag_id: int, name: str) -> Changes:
        name = _clean_name(name)
        with self._project.transaction():
            tag = self._table.get(tag_id)
            other = self._table.find_child(tag.parent_id, name)
            if other is not None and other != tag_id:
                raise UserError(f"a tag called {name!r} already exists there")
            self._table.update(tag_id, name=name)
        return Changes.updated("tags", tag_id)

    def set_codable(self, tag_id: int, codable: bool) -> Changes:
        """Let the tag be applied to highlights, or make it a folder that only groups
        others (its existing highlights keep it)."""
        with self._project.transaction():
            self._table.get(tag_id)
            self._table.update(tag_id, codable=codable)
        return Changes.updated("tags", tag_id)

    def check_codable(self, tag_ids: Sequence[int]) -> None:
        """Raise :class:`UserError` naming the first of ``tag_ids`` that is a folder (not
        codable); an unknown id raises :class:`NotFoundError`."""
        for tag_id in tag_ids:
            tag = self._table.get(tag_id)
            if not tag.codable:
                raise UserError(f"the tag {tag.name!r} is a folder for other tags and is "
                                "not applied to text")

    def recolor(self, tag_id: int, color: str) -> Changes:
        if not is_color(color):
            raise UserError(f"{color!r} is not a colour; use #rrggbb")
        with self._project.transaction():
            self._table.get(tag_id)
            self._table.update(tag_id, color=color.lower())
        return Changes.updated("tags", tag_id)

    def describe(self, tag_id: int, description: str) -> Changes:
        with self._project.transaction():
            self._table.get(tag_id)
            self._table.update(tag_id, description=description)
        return Changes.updated("tags", tag_id)

    def move(self, tag_id: int, parent_id: int | None) -> Changes:
        """Put a tag under ``parent_id`` (``None``: top level); refuses cycles, clashes and
        a subtree reaching past :data:`~annotator.domain.tag_tree.MAX_TAG_DEPTH`."""
        with self._project.transaction():
            tag = self._table.get(tag_id)
            if parent_id is not None:
                self._table.get(parent_id)
                if parent_id == tag_id or parent_id in self._table.descendants(tag_id):
                    raise UserError(f"cannot put {tag.name!r} inside itself")
                self._check_depth(tag.name, self._table.level(parent_id)
                                  + self._table.height(tag_id))
            if self._table.find_child(parent_id, tag.name) not in (None, tag_id):
                raise UserError(f"a tag called {tag.name!r} already exists there")
            self._table.set_parent(tag_id, parent_id)
        return Changes.updated("tags", tag_id)

    def merge(self, source_id: int, target_id: int) -> Changes:
        """Give ``source``'s highlights the ``target`` tag, move its children, delete it;
        refuses when the children's subtrees would reach past ``MAX_TAG_DEPTH``. The
        source's memo becomes the target's, or is appended to it (after a blank line)."""
        if source_id == target_id:
            raise UserError("cannot merge a tag into itself")
        with self._project.transaction():
            source = self._table.get(source_id)
            self._table.get(target_id)
            if target_id in self._table.descendants(source_id):
                raise UserError(f"cannot merge {source.name!r} into one of its own children")
            children = self._table.children(source_id)
            target_level = self._table.level(target_id)
            for child in children:
                self._check_depth(self._table.get(child).name,
                                  target_level + self._table.height(child))
            moved = self._table.move_links(source_id, target_id)
            for child in children:
                self._table.set_parent(child, target_id)
            memos = self._merge_memo(source_id, target_id)
            self._table.delete(source_id)
        return (
            Changes.deleted("tags", source_id)
            | Changes.updated("tags", target_id, *children)
            | Changes.updated("highlights", *moved)
            | memos
        )

    def _merge_memo(self, source_id: int, target_id: int) -> Changes:
        """Move the source's memo to the target, or append its text to the target's."""
        memos = self._project.store.memos
        source = memos.at(MemoPlace.tag(source_id))
        if source is None:
            return Changes()
        target = memos.at(MemoPlace.tag(target_id))
        if target is None:
            memos.set_tag(source.id, target_id)
            return Changes.updated("memos", source.id)
        memos.update(target.id, text=f"{target.text.rstrip()}\n\n{source.text}",
                     modified_at=utc_now())
        return Changes.updated("memos", target.id) | Changes.deleted("memos", source.id)

    @staticmethod
    def _check_depth(name: str, deepest: int) -> None:
        """Refuse an edit that would put a tag (``name``, or one below it) at level
        ``deepest`` when that is past :data:`MAX_TAG_DEPTH`."""
        if deepest > MAX_TAG_DEPTH:
            raise UserError(f"cannot nest {name!r} there: tags can be nested at most "
                            f"{MAX_TAG_DEPTH} levels deep")

    def snapshot(self, tag_id: int, *, merge_target: int | None = None) -> TagSnapshot:
        """What to keep before deleting ``tag_id`` or merging it into ``merge_target``."""
        memos = self._project.store.memos
        return TagSnapshot(
            self._table.get(tag_id),
            tuple(self._table.highlight_ids(tag_id)),
            tuple(self._table.children(tag_id)),
            tuple(self._table.highlight_ids(merge_target)) if merge_target is not None else (),
            memos.at(MemoPlace.tag(tag_id)),
            memos.at(MemoPlace.tag(merge_target)) if merge_target is not None else None,
        )

    def restore(self, snapshot: TagSnapshot, *, merged_into: int | None = None) -> Changes:
        """Undo :meth:`delete` (or :meth:`merge` into ``merged_into``) of the snapshot's tag:
        the tag comes back with its id, GUID and creation time, its highlights and
        children; after a
        merge, the target leaves the highlights that only had it through the merge."""
        tag = snapshot.tag
        with self._project.transaction():
            self._table.insert(
                tag.name, guid=tag.guid, color=tag.color,
                created_at=tag.created_at or utc_now(),
                parent_id=tag.parent_id, description=tag.description, position=tag.position,
                tag_id=tag.id, codable=tag.codable,
            )
            self._table.link(tag.id, list(snapshot.highlight_ids))
            for child in snapshot.children:
                self._table.set_parent(child, tag.id)
            memos = Changes()
            if merged_into is not None:
                had = set(snapshot.target_had)
                self._table.unlink(merged_into, [h for h in snapshot.highlight_ids if h not in had])
                memos = self._unmerge_memo(snapshot, merged_into)
            if snapshot.memo is not None:
                memos |= self._project.memos.put(snapshot.memo)
        return (
            Changes.created("tags", tag.id)
            | Changes.updated("tags", *snapshot.children, *([merged_into] if merged_into else []))
            | Changes.updated("highlights", *snapshot.highlight_ids)
            | memos
        )

    def _unmerge_memo(self, snapshot: TagSnapshot, target_id: int) -> Changes:
        """Give the merge's target its memo back as it was before the merge."""
        memos = self._project.store.memos
        if snapshot.target_memo is not None:
            return self._project.memos.put(snapshot.target_memo)
        now = memos.at(MemoPlace.tag(target_id))
        if now is None or snapshot.memo is None or now.id != snapshot.memo.id:
            return Changes()
        memos.delete(now.id)  # the source's memo, moved there: it goes back below
        return Changes.deleted("memos", now.id)

    def delete(self, tag_id: int) -> Changes:
        """Delete a tag and its memo; its highlights lose it (and keep other tags);
        children move up."""
        with self._project.transaction():
            tag = self._table.get(tag_id)
            touched = self._table.highlight_ids(tag_id)
            children = self._table.children(tag_id)
            for child in children:
                name = self._table.get(child).name
                if self._table.find_child(tag.parent_id, name) is not None:
                    raise UserError(
                        f"cannot delete {tag.name!r}: its child {name!r} would clash with a "
                        "tag of the same name one level up; rename or merge it first"
                    )
                self._table.set_parent(child, tag.parent_id)
            memo = self._project.store.memos.at(MemoPlace.tag(tag_id))
            self._table.delete(tag_id)  # its memo goes with it
        return (
            Changes.deleted("tags", tag_id)
            | Changes.updated("tags", *children)
            | Changes.updated("highlights", *touched)
            | (Changes.deleted("memos", memo.id) if memo is not None else Changes())
        )


def _clean_name(name: str) -> str:
    """``name`` with runs of white space made one space; refuses an empty name. Any other
    character is allowed, "/" too: a name is just a name (real codebooks hold names like
    "left/right"); only :func:`split_path` reads "/" as a separator."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError("a tag name cannot be empty")
    return cleaned
