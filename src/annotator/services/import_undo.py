"""Taking an import back exactly, and making it again: the window's Undo and Redo of an
import (the command line has no undo).

What an import changes: it creates documents, tags, highlights and memos; a coded dataset
or REFI-QDA project whose annotation has the GUID and span of a highlight already in the
project gives that highlight the tags it lacks, which also sets its ``modified_at``; and
a memo for a place that has one already appends its text to it (``services.memo_merge``).
No import changes an existing document or tag (they are matched, never updated). The
import's report lists what it created (``ImportReport.changes``) and each highlight and
memo it changed, before and after (``ImportReport.amended``, ``amended_memos``);
:func:`import_footprint` adds the GUIDs of the created records, read right after the
import.

:func:`undo_import` deletes what the import created and takes off each existing highlight
the tags the import gave it, putting its ``modified_at`` back; :func:`redo_import` puts
back exactly what the undo removed (same ids, GUIDs, texts and times, so that commands
further up the undo stack still find their records). Each is one transaction.

When another program changed the project in between (it may share the file):

- Undo never deletes or changes a record the import did not create, except to take back
  what the import did to it. It refuses, changing nothing, when something made since
  hangs on the import's records: a highlight added to an imported document, an imported
  tag applied to another highlight, a tag put under an imported tag, a memo written on
  an imported document, tag or highlight. An amended memo gets its text back only while
  it still holds the import's text.
- A created record that is gone, or whose id now holds another record (told apart by its
  GUID), is left alone; so is a tag the import added and someone has taken off since. A
  highlight's ``modified_at`` is put back only while it is still the import's: the time
  of a later edit stays. Edits made to the imported records themselves go with them.
- Redo refuses, changing nothing, when a record it would put back has lost its place (its
  id or GUID now used, its tag name now taken) or what it refers to (a document, tag or
  highlight that existed before the import) has been deleted since.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..domain.memos import Memo, MemoAmendment, MemoPlace
from ..domain.model import Amendment, Changes, Document, Highlight, NewDocument, Tag
from ..domain.wording import plural

if TYPE_CHECKING:
    from ..store import Store
    from .project import Project

__all__ = [
    "ImportFootprint", "TakenBack", "UndoneImport", "import_footprint", "redo_import",
    "undo_import",
]

#: Problems named in a refusal; the rest are summed up as "…".
SHOWN_PROBLEMS = 3


@dataclass(frozen=True)
class ImportFootprint:
    """What one import did: the GUID of each record it created, by id, and the highlights
    that existed before and that it changed (see :class:`Amendment`)."""

    documents: Mapping[int, str]
    tags: Mapping[int, str]
    highlights: Mapping[int, str]
    amended: Mapping[int, Amendment]
    memos: Mapping[int, str] = field(default_factory=dict)
    amended_memos: Mapping[int, MemoAmendment] = field(default_factory=dict)


@dataclass(frozen=True)
class TakenBack:
    """What an undo took back from one highlight that existed before the import: the tags
    it took off, and the import's ``modified_at`` it replaced by ``earlier_time``
    (``import_time`` is ``None`` when it left the time alone)."""

    highlight_id: int
    guid: str
    document_id: int
    tag_ids: tuple[int, ...]
    import_time: str | None
    earlier_time: str
    #: Who changed it last before the import, and the import's coder (``modified_by``).
    earlier_by: str = ""
    import_by: str = ""


@dataclass(frozen=True)
class UndoneImport:
    """What :func:`undo_import` removed and took back; :func:`redo_import` puts it back.

    ``tags`` come parents first. ``documents_kept`` and ``tags_kept`` give the GUIDs of
    the records that existed before the import and that the removed ones refer to.
    """

    documents: tuple[Document, ...]
    tags: tuple[Tag, ...]
    highlights: tuple[Highlight, ...]
    taken_back: tuple[TakenBack, ...]
    documents_kept: Mapping[int, str]
    tags_kept: Mapping[int, str]
    memos: tuple[Memo, ...] = ()
    memos_taken_back: tuple[MemoAmendment, ...] = ()


def import_footprint(
    project: Project, changes: Changes, amended: Mapping[int, Amendment],
    amended_memos: Mapping[int, MemoAmendment] | None = None,
) -> ImportFootprint:
    """The footprint of an import whose report holds ``changes``, ``amended`` and
    ``amended_memos``. Call it right after the import: it reads the GUIDs of the records
    the import created."""
    store = project.store
    created = changes.highlights.created
    return ImportFootprint(
        store.documents.guids(changes.documents.created),
        store.tags.guids(changes.tags.created),
        store.highlights.guids(created),
        {i: a for i, a in amended.items() if i not in created},
        store.memos.guids(changes.memos.created),
        {i: a for i, a in (amended_memos or {}).items() if i not in changes.memos.created},
    )


def undo_import(project: Project, footprint: ImportFootprint) -> tuple[UndoneImport, Changes]:
    """Take back the import of ``footprint`` (see the module's rules) in one transaction;
    return what was removed, for :func:`redo_import`, and the change record.

    Raises :class:`UserError` and changes nothing when records made since hang on the
    import's own.
    """
    store = project.store
    with project.transaction():
        documents = [store.documents.get(i)
                     for i in _present(store.documents.guids, footprint.documents)]
        tags = _parents_first(store.tags.get(i)
                              for i in _present(store.tags.guids, footprint.tags))
        own = set(_present(store.highlights.guids, footprint.highlights))
        highlights, problems = _highlights_to_remove(store, documents, own)
        taken_back = [back for back in (_take_back(store, a) for a in footprint.amended.values())
                      if back is not None]
        problems += _tag_problems(store, tags, {h.id for h in highlights}, taken_back)
        memos, memo_problems = _memos_to_remove(store, footprint, documents, tags, highlights)
        problems += memo_problems
        if problems:
            raise UserError(f"it has been built on since: {_listed(problems)}. "
                            "Remove that first.")
        for back in taken_back:
            store.highlights.remove_tags(back.highlight_id, back.tag_ids)
            if back.import_time is not None:
                store.highlights.update(back.highlight_id, modified_at=back.earlier_time,
                                        modified_by=back.earlier_by)
        for memo in memos:
            store.memos.delete(memo.id)
        memos_back = _take_back_memos(store, footprint)
        removed_documents = {d.id for d in documents}
        for highlight in highlights:
            if highlight.document_id not in removed_documents:
                store.highlights.delete(highlight.id)
        for document in documents:
            store.documents.delete(document.id)  # its highlights go with it
        for tag in reversed(tags):  # children first
            store.tags.delete(tag.id)
        undone = UndoneImport(
            tuple(documents), tuple(tags), tuple(highlights), tuple(taken_back),
            store.documents.guids({h.document_id for h in highlights} - removed_documents),
            store.tags.guids(_tag_references(tags, highlights, taken_back)),
            tuple(memos), tuple(memos_back),
        )
    return undone, _changes(undone, Changes.deleted)


def redo_import(project: Project, undone: UndoneImport) -> Changes:
    """Put back exactly what :func:`undo_import` removed and took back, in one transaction.

    Raises :class:`UserError` and changes nothing when the project no longer has room for
    it (see the module's rules).
    """
    store = project.store
    with project.transaction():
        problems = _redo_problems(store, undone)
        if problems:
            raise UserError(f"the project has changed since the undo: {_listed(problems)}")
        for tag in undone.tags:
            store.tags.insert(
                tag.name, guid=tag.guid, color=tag.color, created_at=tag.created_at,
                parent_id=tag.parent_id, description=tag.description, position=tag.position,
                tag_id=tag.id, codable=tag.codable,
            )
        for doc in undone.documents:
            store.documents.insert(
                NewDocument(doc.title, doc.text, doc.date, doc.source, doc.attributes),
                guid=doc.guid, sha256=doc.sha256, imported_at=doc.imported_at,
                document_id=doc.id,
            )
        for h in undone.highlights:
            store.highlights.insert(
                h.document_id, h.start, h.end, h.quote, guid=h.guid, created_at=h.created_at,
                modified_at=h.modified_at, coder=h.coder,
                modified_by=h.modified_by or h.coder, tag_ids=h.tag_ids,
                highlight_id=h.id,
            )
        for memo in undone.memos:
            store.memos.insert(memo, keep_id=True)
        for back in undone.taken_back:
            store.highlights.add_tags(back.highlight_id, back.tag_ids)
            now = store.highlights.get(back.highlight_id).modified_at
            if back.import_time is not None and now == back.earlier_time:
                store.highlights.update(back.highlight_id, modified_at=back.import_time,
                                        modified_by=back.import_by)
        for amendment in undone.memos_taken_back:
            now_memo = store.memos.find(amendment.before.id)
            if now_memo is not None and now_memo.text == amendment.before.text:
                store.memos.update(now_memo.id, text=amendment.after.text,
                                   modified_at=amendment.after.modified_at)
    return _changes(undone, Changes.created)


def _memos_to_remove(store: Store, footprint: ImportFootprint, documents: list[Document],
                     tags: list[Tag], highlights: list[Highlight]) -> tuple[list[Memo], list[str]]:
    """The import's memos still present and every memo that would go with the import's
    records, and one problem per memo on them that the import did not make."""
    own = set(_present(store.memos.guids, footprint.memos))
    found = {m.id: m for m in store.memos.in_documents([d.id for d in documents])}
    found.update((m.id, m) for m in store.memos.for_highlights(
        [h.id for h in highlights]).values())
    for tag in tags:
        memo = store.memos.at(MemoPlace.tag(tag.id))
        if memo is not None:
            found[memo.id] = memo
    others = sum(1 for memo_id in found if memo_id not in own)
    problems = [f"{plural(others, 'memo')} written on its documents, tags or highlights"
                ] if others else []
    found.update((i, store.memos.get(i)) for i in own)
    return sorted(found.values(), key=lambda m: m.id), problems


def _take_back_memos(store: Store, footprint: ImportFootprint) -> list[MemoAmendment]:
    """Give each memo the import appended to its text from before, while it still holds
    the import's text; return what was taken back."""
    taken: list[MemoAmendment] = []
    for amendment in footprint.amended_memos.values():
        now = store.memos.find(amendment.before.id)
        if now is None or (now.guid, now.text) != (amendment.after.guid, amendment.after.text):
            continue
        store.memos.update(now.id, text=amendment.before.text,
                           modified_at=amendment.before.modified_at)
        taken.append(amendment)
    return taken


def _present(guids_of: Callable[[Iterable[int]], dict[int, str]],
             expected: Mapping[int, str]) -> list[int]:
    """The ids of ``expected`` that still hold the record with the expected GUID."""
    found = guids_of(expected)
    return sorted(i for i, guid in expected.items() if found.get(i) == guid)


def _parents_first(tags: Iterable[Tag]) -> list[Tag]:
    by_id = {t.id: t for t in tags}

    def depth(tag: Tag) -> int:
        below, parent = 0, tag.parent_id
        while parent in by_id:
            below, parent = below + 1, by_id[parent].parent_id
        return below

    return sorted(by_id.values(), key=lambda t: (depth(t), t.id))


def _highlights_to_remove(
    store: Store, documents: list[Document], own: set[int]
) -> tuple[list[Highlight], list[str]]:
    """The import's highlights still present, on its documents and elsewhere, and one
    problem per imported document that carries highlights the import did not make."""
    found: list[Highlight] = []
    problems: list[str] = []
    for document in documents:
        on_it = store.highlights.for_document(document.id, document.text)
        others = sum(h.id not in own for h in on_it)
        if others:
            problems.append(f"{plural(others, 'highlight')} added to its document "
                            f"{document.title!r}")
        found += on_it
    seen = {h.id for h in found}
    found += [store.highlights.get(i) for i in sorted(own - seen)]
    return sorted(found, key=lambda h: h.id), problems


def _take_back(store: Store, amendment: Amendment) -> TakenBack | None:
    """What to take back from a highlight the import changed, as it is now (``None``:
    nothing, or the highlight is gone)."""
    before, after = amendment.before, amendment.after
    if store.highlights.guids([before.id]).get(before.id) != before.guid:
        return None
    now = store.highlights.get(before.id)
    tags = tuple(sorted((set(after.tag_ids) - set(before.tag_ids)) & set(now.tag_ids)))
    import_time = (after.modified_at if now.modified_at == after.modified_at
                   and before.modified_at != after.modified_at else None)
    if not tags and import_time is None:
        return None
    return TakenBack(before.id, before.guid, before.document_id, tags, import_time,
                     before.modified_at, before.modified_by, after.modified_by)


def _tag_problems(store: Store, tags: list[Tag], removed: set[int],
                  taken_back: list[TakenBack]) -> list[str]:
    """One problem per imported tag that a highlight the import did not make carries (the
    ones it gave the tag aside), and per imported tag with children it did not make."""
    problems: list[str] = []
    own_tags = {t.id for t in tags}
    for tag in tags:
        given = {b.highlight_id for b in taken_back if tag.id in b.tag_ids}
        others = set(store.tags.highlight_ids(tag.id)) - removed - given
        if others:
            problems.append(f"its tag {tag.name!r} applied to "
                            f"{plural(len(others), 'other highlight')}")
        children = [c for c in store.tags.children(tag.id) if c not in own_tags]
        if children:
            names = ", ".join(repr(store.tags.get(c).name) for c in children)
            problems.append(f"{names} put under its tag {tag.name!r}")
    return problems


def _tag_references(tags: list[Tag], highlights: list[Highlight],
                    taken_back: list[TakenBack]) -> set[int]:
    """The tags that existed before the import and that the removed records refer to."""
    referred = {t.parent_id for t in tags if t.parent_id is not None}
    referred |= {t for h in highlights for t in h.tag_ids}
    referred |= {t for b in taken_back for t in b.tag_ids}
    return referred - {t.id for t in tags}


def _redo_problems(store: Store, undone: UndoneImport) -> list[str]:
    """Why ``undone`` cannot be put back as it was (empty: it can)."""
    problems: list[str] = []
    tables = (("document", store.documents, undone.documents),
              ("tag", store.tags, undone.tags),
              ("highlight", store.highlights, undone.highlights),
              ("memo", store.memos, undone.memos))
    for what, table, records in tables:
        if (table.guids(r.id for r in records)
                or table.ids_by_guid(r.guid for r in records)):
            problems.append(f"another {what} has taken the id or GUID of an imported one")
    problems += [f"a tag called {tag.name!r} has been made in its place" for tag in undone.tags
                 if store.tags.find_child(tag.parent_id, tag.name) is not None]
    if store.documents.guids(undone.documents_kept) != undone.documents_kept:
        problems.append("a document it adds highlights to has been deleted")
    if store.tags.guids(undone.tags_kept) != undone.tags_kept:
        problems.append("a tag it uses has been deleted")
    back = {b.highlight_id: b.guid for b in undone.taken_back}
    if store.highlights.guids(back) != back:
        problems.append("a highlight it adds tags to has been deleted")
    return problems


def _listed(problems: list[str]) -> str:
    shown = "; ".join(problems[:SHOWN_PROBLEMS])
    return shown + ("; …" if len(problems) > SHOWN_PROBLEMS else "")


def _changes(undone: UndoneImport, kind: Callable[..., Changes]) -> Changes:
    """The change record of removing (``kind=Changes.deleted``) or putting back
    (``Changes.created``) ``undone``; a document that stays but gains or loses highlights
    or tags on them is updated."""
    documents = {d.id for d in undone.documents}
    touched = {h.document_id for h in undone.highlights}
    touched |= {b.document_id for b in undone.taken_back}
    return (
        kind("documents", *documents)
        | kind("tags", *(t.id for t in undone.tags))
        | kind("highlights", *(h.id for h in undone.highlights))
        | kind("memos", *(m.id for m in undone.memos))
        | Changes.updated("memos", *(a.before.id for a in undone.memos_taken_back))
        | Changes.updated("highlights", *(b.highlight_id for b in undone.taken_back))
        | Changes.updated("documents", *(touched - documents))
    )
