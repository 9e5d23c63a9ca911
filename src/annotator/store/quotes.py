"""Queries for the quotes view: the highlights carrying any of some tags, paged and sorted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..domain.filters import DocumentFilter
from .document_day import DOCUMENT_DAY
from .rows import HIGHLIGHT_MEMO, ConnectionUser
from .selection import selection_sql

QuoteOrder = Literal["quote", "document", "date", "memo"]
_ORDER: dict[str, str] = {
    "quote": "h.quote COLLATE NOCASE{d}",
    "document": "d.title COLLATE NOCASE{d}",
    "date": "d.date IS NULL, d.date{d}",
    "memo": "memo = '', memo COLLATE NOCASE{d}",
}

#: ``(highlight_id, document_id, start, end, quote, memo, title, date, tag_ids)``; ``tag_ids``
#: is a comma-separated string (or None), as group_concat gives it.
QuoteRow = tuple[int, int, int, int, str, str, str, "str | None", "str | None"]


@dataclass(frozen=True)
class QuoteFilter:
    """Which quotes to list.

    ``tag_ids``: quotes carrying any of them. ``together``: only quotes of these tags that
    overlap a quote of another of them (or carry two of them themselves), the quotes
    behind a co-occurrence count. ``first_day``/``last_day``: inclusive bounds
    (``YYYY-MM-DD``) on the document's date; undated documents are then left out.
    ``documents``: only quotes in the documents that this filter selects.
    ``same_document``: only quotes in documents that carry every one of the tags (the
    quotes behind a co-occurrence count of documents). ``one_per_document``: one quote
    per document, its first of these tags (by position), so that the list is as long as
    the number of documents it stands for.
    """

    tag_ids: tuple[int, ...] = ()
    together: bool = False
    first_day: str | None = None
    last_day: str | None = None
    documents: DocumentFilter | None = None
    same_document: bool = False
    one_per_document: bool = False


class QuoteQueries(ConnectionUser):
    """Read-only: quotes of a set of tags across the corpus."""

    @staticmethod
    def _where(query: QuoteFilter) -> tuple[str, list[object]]:
        marks = ",".join("?" * len(query.tag_ids))
        tags = list(query.tag_ids)
        sql = f"h.id IN (SELECT highlight_id FROM highlight_tags WHERE tag_id IN ({marks}))"
        params: list[object] = [*tags]
        if query.together and len(tags) > 1:
            sql += (
                " AND EXISTS (SELECT 1 FROM highlight_tags x JOIN highlight_tags y "
                "ON y.document_id = x.document_id AND y.tag_id <> x.tag_id "
                f"AND y.tag_id IN ({marks}) "
                "JOIN highlights h2 ON h2.id = y.highlight_id "
                f"WHERE x.highlight_id = h.id AND x.tag_id IN ({marks}) "
                "AND h2.span_start < h.span_end AND h.span_start < h2.span_end)"
            )
            params += tags + tags
        if query.first_day:
            sql += f" AND {DOCUMENT_DAY} >= ?"
            params.append(query.first_day)
        if query.last_day:
            sql += f" AND {DOCUMENT_DAY} <= ?"
            params.append(query.last_day)
        if query.documents is not None and not query.documents.is_empty:
            selected, selected_params = selection_sql(query.documents)
            sql += f" AND h.document_id IN ({selected})"
            params += selected_params
        if query.same_document and len(tags) > 1:
            sql += "".join(
                " AND EXISTS (SELECT 1 FROM highlight_tags s WHERE s.document_id = "
                "h.document_id AND s.tag_id = ?)" for _ in tags)
            params += tags
        if query.one_per_document:
            # The first of each document's quotes that pass every other condition.
            sql = ("h.id IN (SELECT id FROM (SELECT h.id, row_number() OVER (PARTITION BY "
                   "h.document_id ORDER BY h.span_start, h.id) AS place FROM highlights h "
                   f"JOIN documents d ON d.id = h.document_id WHERE {sql}) WHERE place = 1)")
        return sql, params

    def count(self, query: QuoteFilter) -> int:
        """How many highlights ``query`` selects."""
        if not query.tag_ids:
            return 0
        where, params = self._where(query)
        sql = (
            "SELECT count(*) FROM highlights h JOIN documents d ON d.id = h.document_id "
            f"WHERE {where}"
        )
        return int(self._conn.execute(sql, params).fetchone()[0])

    def page(
        self,
        query: QuoteFilter,
        *,
        order: QuoteOrder = "date",
        descending: bool = False,
        limit: int = 500,
        offset: int = 0,
    ) -> list[QuoteRow]:
        """One page of quotes, sorted by ``order`` then by document and position."""
        if not query.tag_ids:
            return []
        direction = " DESC" if descending else ""
        where, params = self._where(query)
        sql = (
            f"SELECT h.id, h.document_id, h.span_start, h.span_end, h.quote, {HIGHLIGHT_MEMO} "
            "AS memo, d.title, "
            "d.date, (SELECT group_concat(tag_id) FROM highlight_tags WHERE highlight_id = h.id) "
            "FROM highlights h JOIN documents d ON d.id = h.document_id "
            f"WHERE {where} "
            f"ORDER BY {_ORDER[order].format(d=direction)}, d.id, h.span_start, h.id "
            "LIMIT ? OFFSET ?"
        )
        return [tuple(r) for r in self._conn.execute(sql, [*params, limit, offset])]  # type: ignore[misc]
