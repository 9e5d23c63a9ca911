"""Queries for reports: one tag's quotes with their documents' titles and dates, in the
order a report lists them, and the codebook's example quote of a tag.

Each query starts from ``highlight_tags``' index on ``tag_id``, so one tag's quotes cost
reading that tag's rows only; a :class:`DocumentFilter` keeps the documents it selects
(see :mod:`.selection`).
"""

from __future__ import annotations

from ..domain.filters import DocumentFilter
from .rows import ConnectionUser
from .selection import selection_sql

#: ``(highlight_id, document_id, start, end, quote, memo, coder, title, date)``.
ReportRow = tuple[int, int, int, int, str, str, str, str, "str | None"]

_COLUMNS = ("h.id, h.document_id, h.span_start, h.span_end, h.quote, {memo}, h.coder, "
            "d.title, d.date")
_FROM = ("FROM highlight_tags ht JOIN highlights h ON h.id = ht.highlight_id "
         "JOIN documents d ON d.id = ht.document_id WHERE ht.tag_id = ?")
#: A report's order: documents by date (undated last), then title, then id; quotes by
#: their place in the text.
REPORT_ORDER = ("d.date IS NULL, d.date, d.title COLLATE NOCASE, d.id, "
                "h.span_start, h.span_end, h.id")


class ReportQueries(ConnectionUser):
    """Read-only: the quotes of one tag, for a report."""

    @staticmethod
    def _within(documents: DocumentFilter | None) -> tuple[str, list[object]]:
        if documents is None or documents.is_empty:
            return "", []
        selected, params = selection_sql(documents)
        return f" AND ht.document_id IN ({selected})", params

    def quotes_of_tag(self, tag_id: int, documents: DocumentFilter | None = None, *,
                      with_memos: bool = False, limit: int | None = None) -> list[ReportRow]:
        """The quotes carrying ``tag_id`` in the documents ``documents`` selects (all when
        ``None``), in :data:`REPORT_ORDER`, the first ``limit`` of them (all when
        ``None``). The memo is ``''`` unless ``with_memos``."""
        within, params = self._within(documents)
        columns = _COLUMNS.format(memo="h.memo" if with_memos else "''")
        sql = f"SELECT {columns} {_FROM}{within} ORDER BY {REPORT_ORDER}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [tuple(r) for r in self._conn.execute(sql, [tag_id, *params])]  # type: ignore[misc]

    def example_of_tag(self, tag_id: int, documents: DocumentFilter | None = None, *,
                       max_characters: int, with_memos: bool = False) -> ReportRow | None:
        """The codebook's example of ``tag_id``: its longest quote of at most
        ``max_characters`` characters (the earliest in :data:`REPORT_ORDER` among equals),
        or when every quote is longer, its shortest; ``None`` when it has none."""
        within, params = self._within(documents)
        columns = _COLUMNS.format(memo="h.memo" if with_memos else "''")
        length = "length(h.quote)"
        row = self._conn.execute(
            f"SELECT {columns} {_FROM}{within} ORDER BY {length} > ?, "
            f"CASE WHEN {length} > ? THEN {length} ELSE -{length} END, {REPORT_ORDER} "
            "LIMIT 1",
            [tag_id, *params, max_characters, max_characters],
        ).fetchone()
        return tuple(row) if row is not None else None  # type: ignore[return-value]
