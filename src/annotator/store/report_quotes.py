"""Queries for reports: a tag's quotes (all of them, or those in some documents), which
documents carry a tag, the codebook's example candidates, and titles and dates.

None of them sorts or reads the documents' rows: a document's date is stored after its
text, so reading it for every quote would read every quoted text. The caller puts the
rows in a report's order with the documents' order from ``DocumentTable.ids("date")``
(an index) and reads titles and dates once per document listed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.filters import DocumentFilter
from .rows import HIGHLIGHT_MEMO, IN_CHUNK, ConnectionUser
from .selection import coder_condition, selection_sql

#: ``(document_id, highlight_id, start, end, quote, memo, coder)``.
QuoteRow = tuple[int, int, int, int, str, str, str]

_COLUMNS = ("ht.document_id, h.id, h.span_start, h.span_end, h.quote, {memo}, h.coder")
_FROM = ("FROM highlight_tags ht JOIN highlights h ON h.id = ht.highlight_id "
         "WHERE ht.tag_id = ?")


class ReportQueries(ConnectionUser):
    """Read-only: quotes of one tag, for a report."""

    @staticmethod
    def _within(documents: DocumentFilter | None) -> tuple[str, list[object]]:
        """The documents the filter selects and, when it names coders, their quotes."""
        if documents is None or documents.is_empty:
            return "", []
        selected, params = selection_sql(documents)
        sql = f" AND ht.document_id IN ({selected})"
        if documents.coders:
            coders, coder_params = coder_condition("h.coder", documents.coders)
            sql += f" AND {coders}"
            params += coder_params
        return sql, params

    def quotes_of_tag(self, tag_id: int, documents: DocumentFilter | None = None, *,
                      with_memos: bool = False) -> list[QuoteRow]:
        """Every quote carrying ``tag_id`` in the documents ``documents`` selects (all
        when ``None``), in no particular order; the memo is ``''`` unless
        ``with_memos``."""
        within, params = self._within(documents)
        columns = _COLUMNS.format(memo=HIGHLIGHT_MEMO if with_memos else "''")
        return [tuple(r) for r in self._conn.execute(
            f"SELECT {columns} {_FROM}{within}", [tag_id, *params])]

    def quotes_in_documents(self, tag_id: int, document_ids: Sequence[int], *,
                            with_memos: bool = False) -> list[QuoteRow]:
        """The quotes carrying ``tag_id`` in these documents, in no particular order."""
        columns = _COLUMNS.format(memo=HIGHLIGHT_MEMO if with_memos else "''")
        found: list[QuoteRow] = []
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[start:start + IN_CHUNK])
            # ``+``: look the rows up by document (a few), not by tag (maybe 100,000)
            found += [tuple(r) for r in self._conn.execute(
                f"SELECT {columns} {_FROM.replace('ht.tag_id', '+ht.tag_id')} "
                f"AND ht.document_id IN ({','.join('?' * len(chunk))})", [tag_id, *chunk])]
        return found

    def documents_with_tag(self, tag_id: int, document_ids: Sequence[int]) -> set[int]:
        """Those of ``document_ids`` with a quote of ``tag_id`` (primary-key look-ups in
        the kept per-document totals)."""
        found: set[int] = set()
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[start:start + IN_CHUNK])
            found.update(r[0] for r in self._conn.execute(
                "SELECT document_id FROM tag_document_counts WHERE tag_id = ? AND "
                f"document_id IN ({','.join('?' * len(chunk))})", [tag_id, *chunk]))
        return found

    def example_candidates(self, tag_ids: Sequence[int] | None,
                           documents: DocumentFilter | None = None, *, max_characters: int,
                           with_memos: bool = False) -> list[tuple[int, QuoteRow]]:
        """``(tag_id, quote)`` of every quote that could be the codebook's example of its
        tag (of ``tag_ids``; ``None``: every tag), in ``documents``: those of the greatest
        length up to ``max_characters`` characters, or when every quote of the tag is
        longer, those of the least length. Two passes over the highlights in the order
        they are stored (one tag after the other would jump about the file)."""
        where, params = self._where(tag_ids, documents)
        joined = ("FROM highlights h CROSS JOIN highlight_tags ht "
                  "ON ht.highlight_id = h.id")
        best = self._conn.execute(
            "SELECT ht.tag_id, ifnull(max(CASE WHEN length(h.quote) <= ? THEN length(h.quote) "
            f"END), min(length(h.quote))) {joined}{where} GROUP BY ht.tag_id",
            [max_characters, *params]).fetchall()
        found: list[tuple[int, QuoteRow]] = []
        columns = _COLUMNS.format(memo=HIGHLIGHT_MEMO if with_memos else "''")
        for start in range(0, len(best), IN_CHUNK // 2):
            chunk = best[start:start + IN_CHUNK // 2]
            pairs = ",".join("(?, ?)" for _ in chunk)
            found += [(r[0], tuple(r[1:])) for r in self._conn.execute(
                f"SELECT ht.tag_id, {columns} {joined}{where or ' WHERE 1'} AND "
                f"(ht.tag_id, length(h.quote)) IN (VALUES {pairs})",
                [*params, *(value for pair in chunk for value in pair)])]
        return found

    @staticmethod
    def _where(tag_ids: Sequence[int] | None,
               documents: DocumentFilter | None) -> tuple[str, list[object]]:
        conditions: list[str] = []
        params: list[object] = []
        if tag_ids is not None:
            conditions.append(f"ht.tag_id IN ({','.join('?' * len(tag_ids))})")
            params += list(tag_ids)
        within, within_params = ReportQueries._within(documents)
        if within:
            conditions.append(within.removeprefix(" AND "))
            params += within_params
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), params

    def titles_and_dates(self, document_ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
        """``id -> (title, date)`` of these documents."""
        found: dict[int, tuple[str, str | None]] = {}
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[start:start + IN_CHUNK])
            found.update((r[0], (r[1], r[2])) for r in self._conn.execute(
                f"SELECT id, title, date FROM documents WHERE id IN "
                f"({','.join('?' * len(chunk))})", chunk))
        return found
