"""What the window's undo needs to take back a deletion or a bulk edit of documents exactly.

:func:`take_snapshot` records documents as they are (texts, GUIDs, dates, attributes, their
highlights with tags, coders and times, every memo in them, and the rows of the variables
they hold values for); :func:`put_back` inserts them again with the same ids, so that
commands further up the undo stack still find their records, and the project's tables
hold exactly the rows they held before the deletion. :func:`take_fields` and
:func:`restore_fields` do the same for what a bulk edit changes: each document's date and
attributes.

A variable that only the documents' values brought goes with its last value (see
``store/variables.py``); its row is recorded here and put back first, with its id, type and
place in the variables table, so that the values brought back join it and not a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.errors import NotFoundError, UserError
from ..domain.memos import Memo
from ..domain.model import Attributes, Changes, Document, Highlight, NewDocument
from ..store.variables import VariableRow

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class DocumentSnapshot:
    """Documents as they were, with their highlights, the rows of their variables and
    their memos (their own, their span memos and their highlights')."""

    documents: tuple[Document, ...]
    highlights: tuple[Highlight, ...]
    variables: tuple[VariableRow, ...]
    memos: tuple[Memo, ...] = ()

    @property
    def document_ids(self) -> list[int]:
        return [d.id for d in self.documents]


@dataclass(frozen=True)
class DocumentFields:
    """The dates and attributes of some documents, and the rows of their variables, as
    they were before a bulk edit."""

    dates: Mapping[int, str | None]
    attributes: Mapping[int, Attributes]
    variables: tuple[VariableRow, ...]


def existing_ids(project: Project, document_ids: Iterable[int]) -> list[int]:
    """``document_ids`` sorted, once each; raises :class:`NotFoundError` naming the ids
    that are not documents of the project."""
    ids = sorted(set(document_ids))
    found = project.store.documents.guids(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        listed = ", ".join(str(i) for i in missing[:10]) + (", …" if len(missing) > 10 else "")
        raise NotFoundError(f"no document with id {listed}")
    return ids


def take_snapshot(project: Project, document_ids: Iterable[int]) -> DocumentSnapshot:
    """Everything about these documents that :func:`put_back` needs (one read snapshot);
    raises :class:`NotFoundError` for an id that is not a document."""
    store = project.store
    with store.read_snapshot():
        ids = existing_ids(project, document_ids)
        documents = [store.documents.get(i) for i in ids]
        highlights = [h for d in documents for h in store.highlights.for_document(d.id, d.text)]
        variables = store.variables.rows_of_documents(ids)
        memos = store.memos.in_documents(ids)
    return DocumentSnapshot(tuple(documents), tuple(sorted(highlights, key=lambda h: h.id)),
                            tuple(variables), tuple(memos))


def put_back(project: Project, snapshot: DocumentSnapshot) -> Changes:
    """Insert the documents of ``snapshot`` and their highlights again, as they were, in
    one transaction. Raises :class:`UserError`, changing nothing, when one of them has lost
    its place since (its id or GUID taken by another record, a tag it carries deleted)."""
    store = project.store
    with project.transaction():
        problems = _put_back_problems(project, snapshot)
        if problems:
            raise UserError(f"the project has changed since: {'; '.join(problems)}")
        store.variables.put_back(snapshot.variables)
        for doc in snapshot.documents:
            store.documents.insert(
                NewDocument(doc.title, doc.text, doc.date, doc.source, doc.attributes),
                guid=doc.guid, sha256=doc.sha256, imported_at=doc.imported_at,
                document_id=doc.id,
            )
        for h in snapshot.highlights:
            store.highlights.insert(
                h.document_id, h.start, h.end, h.quote, guid=h.guid, created_at=h.created_at,
                modified_at=h.modified_at, coder=h.coder,
                modified_by=h.modified_by or h.coder, tag_ids=h.tag_ids,
                highlight_id=h.id,
            )
        for memo in snapshot.memos:
            store.memos.insert(memo, keep_id=True)
    return (Changes.created("documents", *snapshot.document_ids)
            | Changes.created("highlights", *(h.id for h in snapshot.highlights))
            | Changes.created("memos", *(m.id for m in snapshot.memos)))


def _put_back_problems(project: Project, snapshot: DocumentSnapshot) -> list[str]:
    store = project.store
    problems: list[str] = []
    documents, highlights = snapshot.documents, snapshot.highlights
    if (store.documents.guids(d.id for d in documents)
            or store.documents.ids_by_guid(d.guid for d in documents)):
        problems.append("another document has taken the id or GUID of a deleted one")
    if (store.highlights.guids(h.id for h in highlights)
            or store.highlights.ids_by_guid(h.guid for h in highlights)):
        problems.append("another highlight has taken the id or GUID of a deleted one")
    memos = snapshot.memos
    if store.memos.guids(m.id for m in memos) or store.memos.ids_by_guid(m.guid for m in memos):
        problems.append("another memo has taken the id or GUID of a deleted one")
    tags = {t for h in highlights for t in h.tag_ids}
    if len(store.tags.guids(tags)) < len(tags):
        problems.append("a tag of their highlights has been deleted")
    return problems


def take_fields(project: Project, document_ids: Iterable[int]) -> DocumentFields:
    """The dates and attributes of these documents, for :func:`restore_fields`."""
    store = project.store
    with store.read_snapshot():
        ids = existing_ids(project, document_ids)
        documents = [store.documents.get_without_text(i) for i in ids]
        variables = store.variables.rows_of_documents(ids)
    return DocumentFields({d.id: d.date for d in documents},
                          {d.id: dict(d.attributes) for d in documents}, tuple(variables))


def restore_fields(project: Project, fields: DocumentFields) -> Changes:
    """Give the documents of ``fields`` their dates and attributes back (and the
    variables that went with their last value), in one transaction."""
    store = project.store
    with project.transaction():
        ids = existing_ids(project, fields.dates)
        store.variables.put_back(fields.variables)
        for document_id in ids:
            store.documents.update(document_id, date=fields.dates[document_id],
                                   attributes=fields.attributes[document_id])
    return Changes.updated("documents", *ids)
