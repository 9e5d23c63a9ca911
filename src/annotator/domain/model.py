"""The plain records that cross layers: documents, tags, highlights, and what changed.

They are frozen dataclasses: a record is a snapshot read from the project, never a live
object; to change something, call a service, which returns a :class:`Changes`.
Dates are ISO 8601 strings (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``) or ``None``.
Offsets are code points into the stored text, end exclusive (see ``domain.offsets``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Attributes = dict[str, Any]


@dataclass(frozen=True)
class NewDocument:
    """A document read from a file, not yet in a project; ``text`` is already normalised."""

    title: str
    text: str
    date: str | None = None
    source: str = ""
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentSummary:
    """A row of the document list: never carries the text."""

    id: int
    title: str
    date: str | None
    source: str
    length: int
    highlight_count: int


@dataclass(frozen=True)
class Document:
    """A whole document, text included."""

    id: int
    guid: str
    title: str
    text: str
    date: str | None
    source: str
    sha256: str
    attributes: Attributes
    imported_at: str


@dataclass(frozen=True)
class Tag:
    """A code of the codebook; ``parent_id`` is ``None`` for a top-level tag. A tag that
    is not ``codable`` only groups others (a folder): no highlight is given it."""

    id: int
    guid: str
    name: str
    parent_id: int | None
    color: str
    description: str
    position: int
    created_at: str = ""
    codable: bool = True


@dataclass(frozen=True)
class TagCount:
    """A tag with its counts and its full name path (``("parent", "child")``)."""

    tag: Tag
    path: tuple[str, ...]
    highlights: int
    documents: int


@dataclass(frozen=True)
class Highlight:
    """A coded span: ``quote == document.text[start:end]`` always holds."""

    id: int
    guid: str
    document_id: int
    start: int
    end: int
    quote: str
    memo: str
    coder: str
    created_at: str
    modified_at: str
    tag_ids: tuple[int, ...] = ()
    #: The coder who changed its tags or memo last (its maker until someone else does).
    modified_by: str = ""


@dataclass(frozen=True)
class Delta:
    """Ids created, updated and deleted for one kind of record."""

    created: frozenset[int] = frozenset()
    updated: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def __or__(self, other: Delta) -> Delta:
        return Delta(
            self.created | other.created,
            self.updated | other.updated,
            self.deleted | other.deleted,
        )


#: The kinds of record a :class:`Changes` lists, in its fields' order.
CHANGE_KINDS = ("documents", "tags", "highlights", "variables", "memos")


@dataclass(frozen=True)
class Changes:
    """What one mutation did; panels refresh only what it touches.

    ``documents``, ``tags``, ``highlights``, ``variables`` and ``memos`` list ids by what
    happened to them. A change to the tags carried by a highlight counts as an update of
    the highlight, and so does a change to its memo (``Highlight.memo``); a variable is
    updated when its name, type or values change (so a view that shows variables re-reads
    them), even when no document's attributes did. Memos deleted with their document,
    tag or highlight are listed when the deletion knew them (see ``services.memos``).
    """

    documents: Delta = Delta()
    tags: Delta = Delta()
    highlights: Delta = Delta()
    variables: Delta = Delta()
    memos: Delta = Delta()

    def __bool__(self) -> bool:
        return bool(self.documents or self.tags or self.highlights or self.variables
                    or self.memos)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.documents | other.documents,
            self.tags | other.tags,
            self.highlights | other.highlights,
            self.variables | other.variables,
            self.memos | other.memos,
        )

    @staticmethod
    def union(parts: Iterable[Changes]) -> Changes:
        """``a | b | c | ...`` of every record in ``parts``, in time linear in their total
        size. (Each ``|`` copies both sides, so folding thousands of records one at a time
        is quadratic: a merge of 45,000 highlights spent 17 s doing that.)"""
        ids: dict[str, tuple[set[int], set[int], set[int]]] = {
            kind: (set(), set(), set()) for kind in CHANGE_KINDS
        }
        for part in parts:
            for kind, (created, updated, deleted) in ids.items():
                delta: Delta = getattr(part, kind)
                created |= delta.created
                updated |= delta.updated
                deleted |= delta.deleted
        return Changes(**{
            kind: Delta(frozenset(created), frozenset(updated), frozenset(deleted))
            for kind, (created, updated, deleted) in ids.items()
        })

    @staticmethod
    def created(kind: str, *ids: int) -> Changes:
        """``Changes`` with ``ids`` created in ``kind``: documents, tags, highlights,
        variables or memos."""
        return Changes(**{kind: Delta(created=frozenset(ids))})

    @staticmethod
    def updated(kind: str, *ids: int) -> Changes:
        """``Changes`` with ``ids`` updated in ``kind``."""
        return Changes(**{kind: Delta(updated=frozenset(ids))})

    @staticmethod
    def deleted(kind: str, *ids: int) -> Changes:
        """``Changes`` with ``ids`` deleted in ``kind``."""
        return Changes(**{kind: Delta(deleted=frozenset(ids))})


@dataclass(frozen=True)
class Amendment:
    """A change an edit made to a highlight that existed before it: the highlight as it
    was before the edit's first change and after its last. An undo takes back exactly
    the difference (an import adds tags to highlights it matches by GUID, which also sets
    their ``modified_at``)."""

    before: Highlight
    after: Highlight


def amend(amended: dict[int, Amendment], before: Highlight, after: Highlight) -> None:
    """Record in ``amended`` that an edit turned ``before`` into ``after`` (the same
    highlight); one changed again keeps its first ``before`` and takes the new ``after``."""
    first = amended.get(before.id)
    amended[before.id] = Amendment(first.before if first else before, after)
