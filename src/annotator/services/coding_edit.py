"""The exact undo and redo of a coding that may have extended, merged, retagged, created
and deleted highlights (see :mod:`.span_coding`).

A :class:`CodingEdit` records every highlight the coding touched as it was before and as it
is after, with their memos. :func:`undo_coding` puts back the ``before`` records (same ids,
GUIDs, spans, tags and times, and the memos exactly: text, author, times) and deletes the
highlights the coding created; :func:`redo_coding` does the reverse. Each is one
transaction. Like every window command, they assume the undo stack's order: a refusal (a
record's place taken, its document gone) is a :class:`UserError` that changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..domain.memos import Memo
from ..domain.model import Changes, Highlight

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class CodingEdit:
    """What one coding did: the highlights it changed or deleted as they were ``before``,
    and those it created or changed as they are ``after`` (both by id order), and the
    memos of each, ``memos_before`` and ``memos_after`` (a highlight without one has
    none listed)."""

    before: tuple[Highlight, ...] = ()
    after: tuple[Highlight, ...] = ()
    memos_before: tuple[Memo, ...] = ()
    memos_after: tuple[Memo, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.before or self.after)

    @property
    def created(self) -> frozenset[int]:
        """Ids of the highlights the coding made."""
        return frozenset(h.id for h in self.after) - {h.id for h in self.before}

    @property
    def deleted(self) -> frozenset[int]:
        """Ids of the highlights the coding merged away."""
        return frozenset(h.id for h in self.before) - {h.id for h in self.after}

    def then(self, later: CodingEdit) -> CodingEdit:
        """This edit followed by ``later``, as one edit: the first ``before`` of each
        highlight that existed before both, and the last state of each that remains."""
        before = {h.id: h for h in self.before}
        memos_before = {m.highlight_id: m for m in self.memos_before}
        for record in later.before:
            if record.id not in before and record.id not in self.created:
                before[record.id] = record
                memos_before.update((m.highlight_id, m) for m in later.memos_before
                                    if m.highlight_id == record.id)
        after = {h.id: h for h in self.after}
        memos_after = {m.highlight_id: m for m in self.memos_after}
        for record in later.after:
            after[record.id] = record
            memos_after.pop(record.id, None)
        memos_after.update((m.highlight_id, m) for m in later.memos_after)
        for gone in later.deleted:
            after.pop(gone, None)
            memos_after.pop(gone, None)
        return CodingEdit(_by_id(before.values()), _by_id(after.values()),
                          _memos_by_id(memos_before.values()),
                          _memos_by_id(memos_after.values()))

    def changes(self) -> Changes:
        """The change record of doing this edit (its undo swaps created and deleted)."""
        kept = {h.id for h in self.before} & {h.id for h in self.after}
        documents = {h.document_id for h in (*self.before, *self.after)}
        had = {m.id for m in self.memos_before}
        has = {m.id for m in self.memos_after}
        return (Changes.created("highlights", *self.created)
                | Changes.updated("highlights", *kept)
                | Changes.deleted("highlights", *self.deleted)
                | Changes.updated("documents", *documents)
                | Changes.created("memos", *(has - had))
                | Changes.updated("memos", *(has & had))
                | Changes.deleted("memos", *(had - has)))


def _by_id(records: Iterable[Highlight]) -> tuple[Highlight, ...]:
    return tuple(sorted(records, key=lambda h: h.id))


def _memos_by_id(records: Iterable[Memo]) -> tuple[Memo, ...]:
    return tuple(sorted(records, key=lambda m: m.id))


def undo_coding(project: Project, edit: CodingEdit) -> Changes:
    """Take ``edit`` back exactly, in one transaction."""
    _put(project, remove=edit.created, records=edit.before, memos=edit.memos_before)
    undone = CodingEdit(edit.after, edit.before, edit.memos_after, edit.memos_before)
    return undone.changes()


def redo_coding(project: Project, edit: CodingEdit) -> Changes:
    """Make ``edit`` again exactly (after :func:`undo_coding`), in one transaction."""
    _put(project, remove=edit.deleted, records=edit.after, memos=edit.memos_after)
    return edit.changes()


def _put(project: Project, *, remove: Iterable[int], records: Iterable[Highlight],
         memos: Iterable[Memo]) -> None:
    """Delete the highlights ``remove`` and make each of ``records`` exist exactly as
    recorded (rewritten in place, or inserted with its id), with exactly the memos
    ``memos``."""
    records = list(records)
    with project.transaction():
        _put_highlights(project, remove, records)
        _put_memos(project, [h.id for h in records], list(memos))


def _put_memos(project: Project, highlight_ids: list[int], memos: list[Memo]) -> None:
    """Make the memos of these highlights exactly ``memos`` (each with its id)."""
    table = project.store.memos
    for memo in table.for_highlights(highlight_ids).values():
        table.delete(memo.id)
    for memo in memos:
        found = table.find(memo.id)
        if found is not None and found.guid != memo.guid:
            raise UserError(f"memo {memo.id} is now another memo")
        if found is not None:
            table.delete(memo.id)  # on another highlight now: it moves back
        elif project.store.guid_in_use("memos", memo.guid):
            raise UserError(f"memo {memo.guid} exists elsewhere now")
        table.insert(memo, keep_id=True)


def _put_highlights(project: Project, remove: Iterable[int],
                    records: Iterable[Highlight]) -> None:
    """Delete the highlights ``remove``; make each of ``records`` exist as recorded."""
    table = project.store.highlights
    for highlight_id in remove:
        table.delete(highlight_id)
    tags = {tag.id for tag in project.store.tags.all()}  # one deleted since keeps none
    records = [replace(h, tag_ids=tuple(t for t in h.tag_ids if t in tags))
               for h in records]
    present = table.get_many([h.id for h in records])
    for record in records:
        found = present.get(record.id)
        if found is not None and found.guid != record.guid:
            raise UserError(f"highlight {record.id} is now another highlight")
        if found is not None:
            table.rewrite(record)
            continue
        if project.store.guid_in_use("highlights", record.guid):
            raise UserError(f"highlight {record.guid} exists elsewhere now")
        project.store.documents.get_without_text(record.document_id)
        table.insert(
            record.document_id, record.start, record.end, record.quote, guid=record.guid,
            created_at=record.created_at, modified_at=record.modified_at,
            coder=record.coder, modified_by=record.modified_by or None,
            tag_ids=record.tag_ids, highlight_id=record.id,
        )
