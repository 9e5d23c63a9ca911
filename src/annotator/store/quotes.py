"""Queries for the quotes view: the highlights carrying any of some tags, paged and sorted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqlite_utils import Database

QuoteOrder = Literal["quote", "document", "date", "memo"]
_ORDER: dict[str, str] = {
    "quote": "h.quote COLLATE NOCASE{d}",
    "document": "d.title COLLATE NOCASE{d}",
    "date": "d.date IS NULL, d.date{d}",
    "memo": "h.memo = '', h.memo COLLATE NOCASE{d}",
}

#: ``(highlight_id, document_id, start, end, quote, memo, title, date, tag_ids)``; ``tag_ids``
#: is a comma-separated string (or None), as group_concat gives it.
QuoteRow = tuple[int, int, int, int, str, str, str, "str | None", "str | None"]


class QuoteQueries:
    """Read-only: quotes of a set of tags across the corpus."""

    def __init__(self, db: Database) -> None:
        self._conn = db.conn

    @staticmethod
    def _where(tag_ids: Sequence[int]) -> str:
        marks = ",".join("?" * len(tag_ids))
        return f"h.id IN (SELECT highlight_id FROM highlight_tags WHERE tag_id IN ({marks}))"

    def count(self, tag_ids: Sequence[int]) -> int:
        """How many highlights carry at least one of ``tag_ids``."""
        if not tag_ids:
            return 0
        sql = f"SELECT count(*) FROM highlights h WHERE {self._where(tag_ids)}"
        return int(self._conn.execute(sql, list(tag_ids)).fetchone()[0])

    def page(
        self,
        tag_ids: Sequence[int],
        *,
        order: QuoteOrder = "date",
        descending: bool = False,
        limit: int = 500,
        offset: int = 0,
    ) -> list[QuoteRow]:
        """One page of quotes, sorted by ``order`` then by document and position."""
        if not tag_ids:
            return []
        direction = " DESC" if descending else ""
        sql = (
            "SELECT h.id, h.document_id, h.span_start, h.span_end, h.quote, h.memo, d.title, "
            "d.date, (SELECT group_concat(tag_id) FROM highlight_tags WHERE highlight_id = h.id) "
            "FROM highlights h JOIN documents d ON d.id = h.document_id "
            f"WHERE {self._where(tag_ids)} "
            f"ORDER BY {_ORDER[order].format(d=direction)}, d.id, h.span_start, h.id "
            "LIMIT ? OFFSET ?"
        )
        return [tuple(r) for r in self._conn.execute(sql, [*tag_ids, limit, offset])]  # type: ignore[misc]
