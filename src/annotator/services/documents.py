"""Document use cases: add (with duplicate detection), read, list, search, edit, delete."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..domain.dates import checked_date
from ..domain.errors import UserError
from ..domain.filters import DocumentFilter
from ..domain.model import Attributes, Changes, Document, DocumentSummary, NewDocument
from ..domain.search_query import parse_query
from ..domain.text import normalize_attributes, normalize_text
from ..store.documents import SortKey
from .document_snapshots import (
    DocumentFields,
    DocumentSnapshot,
    existing_ids,
    put_back,
    restore_fields,
    take_fields,
    take_snapshot,
)
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project


def text_sha256(text: str) -> str:
    """The identity of a document: SHA-256 of its stored text in UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AddedDocument:
    """Result of :meth:`DocumentService.add`: ``duplicate`` means nothing was written."""

    document_id: int
    duplicate: bool
    changes: Changes


@dataclass(frozen=True)
class PreparedDocument:
    """A document ready for :meth:`DocumentService.add_many`; made by
    :func:`prepare_document` only. ``utf8`` is the text in UTF-8, ``sha256`` its hash,
    ``guid`` the GUID it is given if it is not a duplicate."""

    document: NewDocument
    sha256: str
    utf8: bytes
    guid: str


def prepare_document(new: NewDocument, *, normalized: bool = False) -> PreparedDocument:
    """Check and complete ``new`` as :meth:`DocumentService.add` does before writing:
    raises :class:`UserError` for a text that is only white space.

    ``normalized=True`` skips normalising the text, for a document straight from
    :func:`annotator.formats.readers.read_document`, whose text is normalised by
    contract (an import saves a scan of every text). Pure (no project involved): an
    import calls it on the thread that reads the files.
    """
    new = _ready(new, normalized)
    utf8 = new.text.encode("utf-8")
    return PreparedDocument(new, hashlib.sha256(utf8).hexdigest(), utf8, new_guid())


def _ready(new: NewDocument, normalized: bool = False) -> NewDocument:
    """``new`` with its text normalised (unless ``normalized`` says a reader has done so)
    and a non-empty title; raises :class:`UserError` for a text that is only white space."""
    text = new.text if normalized else normalize_text(new.text)  # same object if normal
    if not text.strip():
        raise UserError(f"{new.source or new.title}: the document holds no text")
    title = new.title.strip() or "Untitled"
    attributes = normalize_attributes(new.attributes)
    if text is new.text and title == new.title and attributes is new.attributes:
        return new
    return NewDocument(title, text, new.date, new.source, attributes)


class DocumentService:
    def __init__(self, project: Project) -> None:
        self._project = project
        self._table = project.store.documents

    def add(
        self, new: NewDocument, *, guid: str | None = None, distinct_sources: bool = False
    ) -> AddedDocument:
        """Add a document unless one with the same text exists (then report that one).

        With ``distinct_sources`` (survey rows: two respondents may give the same answer)
        only a document with the same text *and* the same source is a duplicate.

        The text is normalised here if a reader has not done so, so the stored text always
        obeys ``domain.text``; it never changes afterwards.
        """
        new = _ready(new)
        sha = text_sha256(new.text)
        # Every check comes before the first write, so no savepoint is needed (see
        # Store.transaction): a batch import of 100k files saves seconds.
        with self._project.transaction(savepoint=False):
            existing = (
                self._table.id_by_sha256_and_source(sha, new.source) if distinct_sources
                else self._table.id_by_sha256(sha)
            )
            if existing is not None:
                return AddedDocument(existing, True, Changes())
            document_id = self._table.insert(
                new, guid=guid or new_guid(), sha256=sha, imported_at=utc_now()
            )
        return AddedDocument(document_id, False, Changes.created("documents", document_id))

    def add_many(self, prepared: Sequence[PreparedDocument]) -> list[AddedDocument]:
        """Add documents as :meth:`add` would one after another, in one transaction.

        The result has one entry per document, in order: a document is a duplicate of the
        oldest document with its text, or else of the first of ``prepared`` with it.
        (A caller adding thousands builds one ``Changes.created("documents", *ids)``
        rather than merging each entry's.)
        """
        with self._project.transaction(savepoint=False):
            existing = self._table.oldest_ids_by_sha256(p.sha256 for p in prepared)
            fresh: dict[str, PreparedDocument] = {}
            for document in prepared:
                if document.sha256 not in existing:
                    fresh.setdefault(document.sha256, document)
            ids = self._table.insert_many(
                [p.document for p in fresh.values()], [p.utf8 for p in fresh.values()],
                list(fresh), [p.guid for p in fresh.values()], utc_now()
            ) if fresh else []
        new_ids = dict(zip(fresh, ids, strict=True))
        added: list[AddedDocument] = []
        for document in prepared:
            sha = document.sha256
            if sha in existing:
                added.append(AddedDocument(existing[sha], True, Changes()))
            elif fresh.pop(sha, None) is not None:  # the first with this text is new
                added.append(AddedDocument(new_ids[sha], False,
                                           Changes.created("documents", new_ids[sha])))
            else:
                added.append(AddedDocument(new_ids[sha], True, Changes()))
        return added

    def get(self, document_id: int) -> Document:
        return self._table.get(document_id)

    def text(self, document_id: int) -> str:
        return self._table.text(document_id)

    def count(self) -> int:
        return self._table.count()

    def ids(self, order: SortKey = "id", descending: bool = False) -> list[int]:
        """Every document id in display order: the lazy document list starts from this."""
        return self._table.ids(order, descending)

    def summaries(self, ids: list[int], coders: frozenset[str] = frozenset()
                  ) -> list[DocumentSummary]:
        """List rows (never texts) for ``ids``, in that order; with ``coders``, only
        their highlights are counted."""
        return self._table.summaries(ids, coders)

    def attributes_of(self, ids: Sequence[int]) -> dict[int, Attributes]:
        """The attributes of each of ``ids`` that exists, by id (texts are never read)."""
        return self._table.attributes_of(ids)

    def ids_between(self, first_day: str | None, last_day: str | None) -> set[int]:
        """Documents dated within ``first_day..last_day`` (``YYYY-MM-DD``, inclusive)."""
        return self._table.ids_between(first_day, last_day)

    def date_span(self) -> tuple[str, str] | None:
        """First and last day of the dated documents (``None`` when none is dated)."""
        return self._table.date_span()

    def select(self, selection: DocumentFilter, order: SortKey = "id",
               descending: bool = False) -> list[int]:
        """The documents that ``selection`` lets through, in display order (every one
        for an empty filter)."""
        return self._table.ids(order, descending, selection)

    def search(self, query: str, limit: int | None = None) -> list[int]:
        """Documents whose text matches ``query`` (the search language of
        :mod:`~annotator.domain.search_query`; a malformed one raises its
        ``QuerySyntaxError``); the best ``limit`` first when limited, else all of them
        unordered."""
        return self._table.search(parse_query(query), limit)

    def update(
        self,
        document_id: int,
        *,
        title: str | None = None,
        date: str | Literal[False] | None = False,
        attributes: Attributes | None = None,
    ) -> Changes:
        """Change title, date (``None`` clears) or attributes; the text never changes."""
        if title is not None and not title.strip():
            raise UserError("a document title cannot be empty")
        if attributes is not None:
            attributes = normalize_attributes(attributes)
        with self._project.transaction():
            self._table.get(document_id)
            self._table.update(document_id, title=title, date=date, attributes=attributes)
        return Changes.updated("documents", document_id)

    def set_date(self, document_ids: Iterable[int], date: str | None) -> Changes:
        """Give every one of these documents the date ``date`` (``YYYY[-MM[-DD]]``, with an
        optional time; ``None`` or empty clears it), in one transaction; raises
        :class:`UserError` for a date that is not one, changing nothing."""
        checked = checked_date(date or "")
        with self._project.transaction():
            ids = existing_ids(self._project, document_ids)
            for document_id in ids:
                self._table.update(document_id, date=checked)
        return Changes.updated("documents", *ids)

    def highlight_count(self, document_ids: Iterable[int]) -> int:
        """How many highlights these documents have together (what deleting them takes)."""
        return self._project.store.highlights.count_in_documents(sorted(set(document_ids)))

    def delete_many(self, document_ids: Iterable[int]) -> Changes:
        """Remove these documents with their highlights and memos, in one transaction; raises
        :class:`NotFoundError` naming the ids that are not documents, deleting nothing."""
        store = self._project.store
        with self._project.transaction():
            ids = existing_ids(self._project, document_ids)
            highlight_ids = store.highlights.ids_in_documents(ids)
            memo_ids = store.memos.ids_in_documents(ids)
            self._table.delete_many(ids)
        return (Changes.deleted("documents", *ids) | Changes.deleted("highlights", *highlight_ids)
                | Changes.deleted("memos", *memo_ids))

    def snapshot(self, document_ids: Iterable[int]) -> DocumentSnapshot:
        """These documents as they are, highlights included, for :meth:`restore` (the
        window's undo of a deletion)."""
        return take_snapshot(self._project, document_ids)

    def restore(self, snapshot: DocumentSnapshot) -> Changes:
        """Put deleted documents back exactly as :meth:`snapshot` found them (same ids,
        GUIDs, texts, highlights); :class:`UserError` when their place is taken since."""
        return put_back(self._project, snapshot)

    def fields(self, document_ids: Iterable[int]) -> DocumentFields:
        """The dates and attributes of these documents, for :meth:`restore_fields` (the
        window's undo of a bulk edit)."""
        return take_fields(self._project, document_ids)

    def restore_fields(self, fields: DocumentFields) -> Changes:
        """Give documents the dates and attributes that :meth:`fields` recorded."""
        return restore_fields(self._project, fields)

    def delete(self, document_id: int) -> Changes:
        """Remove a document with its highlights and memos."""
        store = self._project.store
        with self._project.transaction():
            highlight_ids = [h.id for h in store.highlights.for_document(document_id)]
            memo_ids = store.memos.ids_in_documents([document_id])
            self._table.get(document_id)
            self._table.delete(document_id)
        return (Changes.deleted("documents", document_id)
                | Changes.deleted("highlights", *highlight_ids)
                | Changes.deleted("memos", *memo_ids))
