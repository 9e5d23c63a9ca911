"""Search a project: the documents a query matches, and its hits, as keyword in context.

The query language is :mod:`annotator.domain.search_query`. The full-text index lists the
documents (fast, never reading a text); the hit finder
(:class:`~annotator.domain.search_hits.HitFinder`) then reads the texts of those
documents, in list order, for the hits. Both tokenise alike, so every document listed
has at least one hit and every hit is in a listed document.

Order: documents by date (undated last), then id, as the browser first lists them; hits
by document in that order, then by position. Offsets are code points into the stored
text: ``text[hit.start:hit.end] == hit.text``.

Read-only; call from the thread that owns the project (a background task opens its own).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from ..domain.filters import DocumentFilter
from ..domain.search_hits import HitFinder
from ..domain.search_query import SearchQuery, parse_query

if TYPE_CHECKING:
    from .project import Project

#: Code points of context on each side of a hit, unless asked otherwise.
DEFAULT_CONTEXT = 40
#: Documents read from the project at a time while looking for hits.
_CHUNK = 32


@dataclass(frozen=True)
class Hit:
    """One hit: ``text`` is ``document text[start:end]``."""

    document_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class HitInContext:
    """A hit with its document's title and date and ``context`` code points of text on
    each side (fewer at the text's ends): ``left + hit.text + right`` is a slice of the
    document's text."""

    hit: Hit
    title: str
    date: str | None
    left: str
    right: str


def as_query(query: str | SearchQuery) -> SearchQuery:
    """``query`` parsed (raises :class:`~annotator.domain.search_query.QuerySyntaxError`)."""
    return query if isinstance(query, SearchQuery) else parse_query(query)


def search_documents(project: Project, query: str | SearchQuery,
                     where: DocumentFilter | None = None) -> list[int]:
    """Ids of the documents whose text matches ``query`` among those ``where`` selects
    (its own query, if any, must match too), by date then id."""
    return project.store.documents.ids("date", False, where, as_query(query))


def hits(project: Project, query: str | SearchQuery, where: DocumentFilter | None = None,
         *, document_ids: Iterable[int] | None = None) -> Iterator[Hit]:
    """Every hit of ``query`` in the documents :func:`search_documents` lists (or in
    ``document_ids``, in that order, skipping those that do not match), lazily: texts
    are read a few documents at a time, as the hits are consumed. A malformed query
    raises here, not when the hits are read."""
    found = hits_in_context(project, query, where, context=0, document_ids=document_ids)
    return (item.hit for item in found)


def first_hits(project: Project, query: str | SearchQuery, limit: int,
               where: DocumentFilter | None = None) -> list[Hit]:
    """The first ``limit`` hits of :func:`hits` (for a keyword-in-context list)."""
    return list(islice(hits(project, query, where), limit))


def hits_in_context(
    project: Project, query: str | SearchQuery, where: DocumentFilter | None = None, *,
    context: int = DEFAULT_CONTEXT, document_ids: Iterable[int] | None = None,
    limit: int | None = None,
) -> Iterator[HitInContext]:
    """The hits of :func:`hits` with ``context`` code points on each side, at most
    ``limit`` of them (as lazily; a malformed query raises here)."""
    parsed = as_query(query)
    if document_ids is None:  # streamed: the first hits come before the list is complete
        ids: Generator[int, None, None] = project.store.documents.ids_by_date(where, parsed)
    else:
        ids = (document_id for document_id in list(document_ids))
    return _hits_in_context(project, HitFinder(parsed), ids, context, limit)


def _hits_in_context(project: Project, finder: HitFinder, ids: Generator[int, None, None],
                     context: int, limit: int | None) -> Iterator[HitInContext]:
    produced = 0
    with closing(ids):
        while chunk := list(islice(ids, _CHUNK)):
            for document in project.store.documents.get_many(chunk):
                text = document.text
                for start, end in finder.hits(text) or ():
                    if limit is not None and produced >= limit:
                        return
                    produced += 1
                    yield HitInContext(
                        Hit(document.id, start, end, text[start:end]), document.title,
                        document.date, text[max(0, start - context):start],
                        text[end:end + context])
