"""Queries on ``highlights`` and ``highlight_tags``. Writes need a transaction.

The store trusts its caller for ``quote == text[start:end]``; the services check it (the
schema checks only that the quote's length matches the span).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..domain.errors import NotFoundError
from ..domain.model import Highlight
from ..domain.span_index import HighlightSpan
from . import rows
from .document_day import DOCUMENT_DAY
from .rows import IN_CHUNK, IdentifiedRows

#: ``(document_id, start, end, quote, guid, tag_ids)`` for :meth:`HighlightTable.insert_bulk`.
BulkHighlight = tuple[int, int, int, str, str, Sequence[int]]


class HighlightTable(IdentifiedRows):
    """Highlights (coded spans) and the tags each carries."""

    _TABLE = "highlights"

    def insert(
        self,
        document_id: int,
        start: int,
        end: int,
        quote: str,
        *,
        guid: str,
        created_at: str,
        modified_at: str | None = None,
        coder: str = "",
        modified_by: str | None = None,
        tag_ids: Iterable[int] = (),
        highlight_id: int | None = None,
    ) -> int:
        """Add a highlight with its tags; return its id. ``modified_by`` defaults to
        ``coder``. (Its memo, if any, is a row of ``memos``: see :class:`~.memos.MemoTable`.)"""
        cursor = self._conn.execute(
            "INSERT INTO highlights (id, guid, document_id, span_start, span_end, quote, "
            "coder, created_at, modified_at, modified_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [highlight_id, guid, document_id, start, end, quote, coder, created_at,
             modified_at or created_at, coder if modified_by is None else modified_by],
        )
        new_id = int(cursor.lastrowid or 0)
        self.add_tags(new_id, tag_ids)
        return new_id

    def insert_bulk(
        self, rows: Iterable[BulkHighlight], *, created_at: str, coder: str
    ) -> list[int]:
        """Add many highlights at once (autocoding, benchmarks); return their new ids.

        Each row is ``(document_id, start, end, quote, guid, tag_ids)``; the caller has
        checked the spans. Much faster than :meth:`insert` per row.
        """
        conn = self._conn
        first = int(conn.execute("SELECT ifnull(max(id), 0) + 1 FROM highlights").fetchone()[0])
        batch = list(rows)
        conn.executemany(
            "INSERT INTO highlights (id, guid, document_id, span_start, span_end, quote, "
            "coder, created_at, modified_at, modified_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + i, guid, doc, start, end, quote, coder, created_at, created_at, coder)
             for i, (doc, start, end, quote, guid, _) in enumerate(batch)],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id, document_id, "
            f"document_day) SELECT ?, ?, d.id, {DOCUMENT_DAY} FROM documents d WHERE d.id = ?",
            [(first + i, tag, row[0]) for i, row in enumerate(batch) for tag in row[5]],
        )
        return list(range(first, first + len(batch)))

    def add_tags(self, highlight_id: int, tag_ids: Iterable[int]) -> None:
        self._conn.executemany(
            "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id, document_id, "
            f"document_day) SELECT h.id, ?, h.document_id, {DOCUMENT_DAY} "
            "FROM highlights h JOIN documents d ON d.id = h.document_id WHERE h.id = ?",
            [(t, highlight_id) for t in tag_ids],
        )

    def remove_tags(self, highlight_id: int, tag_ids: Iterable[int]) -> None:
        self._conn.executemany(
            "DELETE FROM highlight_tags WHERE highlight_id = ? AND tag_id = ?",
            [(highlight_id, t) for t in tag_ids],
        )

    def get(self, highlight_id: int) -> Highlight:
        """One highlight with its tag ids; raises :class:`NotFoundError`."""
        row = self._conn.execute(
            f"SELECT {rows.HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.id = ?", [highlight_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no highlight with id {highlight_id}")
        return rows.highlight(row)

    def for_document(self, document_id: int, text: str | None = None) -> list[Highlight]:
        """Every highlight of a document, by start offset (two indexed reads: the
        highlights, then the document's tag links). Given the document's ``text``, quotes
        are sliced from it instead of read (the same strings, by the store's invariant)."""
        tags: dict[int, list[int]] = {}
        for highlight_id, tag_id in self._conn.execute(
            "SELECT highlight_id, tag_id FROM highlight_tags WHERE document_id = ?",
            [document_id],
        ):
            tags.setdefault(highlight_id, []).append(tag_id)
        quote = "''" if text is not None else "h.quote"
        rows_ = self._conn.execute(
            f"SELECT h.id, h.guid, h.span_start, h.span_end, {quote}, {rows.HIGHLIGHT_MEMO}, "
            "h.coder, h.created_at, h.modified_at, h.modified_by FROM highlights h "
            "WHERE h.document_id = ? ORDER BY h.span_start, h.span_end, h.id",
            [document_id],
        )
        return [
            Highlight(r[0], r[1], document_id, r[2], r[3],
                      text[r[2]:r[3]] if text is not None else r[4], r[5], r[6], r[7], r[8],
                      tuple(sorted(tags.get(r[0], ()))), r[9])
            for r in rows_
        ]

    def spans_for_document(self, document_id: int) -> list[HighlightSpan]:
        """Every highlight of a document as a bare span with its tags, in span order: two
        reads of covering indexes, no quotes or memos (the editor's view of a document)."""
        tags: dict[int, tuple[int, ...]] = {}
        for highlight_id, tag_id in self._conn.execute(
            "SELECT highlight_id, tag_id FROM highlight_tags WHERE document_id = ? "
            "ORDER BY highlight_id, tag_id",  # the index's own order: no sort
            [document_id],
        ):
            tags[highlight_id] = (*tags.get(highlight_id, ()), tag_id)
        return [
            HighlightSpan(start, end, highlight_id, tags.get(highlight_id, ()))
            for start, end, highlight_id in self._conn.execute(
                "SELECT span_start, span_end, id FROM highlights WHERE document_id = ? "
                "ORDER BY span_start, span_end, id",
                [document_id],
            )
        ]

    def id_by_guid(self, guid: str) -> int | None:
        row = self._conn.execute("SELECT id FROM highlights WHERE guid = ?", [guid]).fetchone()
        return row[0] if row else None

    def with_span(self, document_id: int, start: int, end: int) -> list[Highlight]:
        """Every highlight with exactly this span, oldest first."""
        return [
            rows.highlight(r)
            for r in self._conn.execute(
                f"SELECT {rows.HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.document_id = ? "
                "AND h.span_start = ? AND h.span_end = ? ORDER BY h.id",
                [document_id, start, end],
            )
        ]

    def coder_spans_with_tag(
        self, tag_id: int, coder: str, document_id: int | None = None
    ) -> dict[int, list[HighlightSpan]]:
        """The highlights ``coder`` made that carry ``tag_id`` (in one document, or all),
        as spans with every tag they carry, by document."""
        sql = (
            "SELECT h.document_id, h.span_start, h.span_end, h.id, (SELECT group_concat("
            "a.tag_id) FROM highlight_tags a WHERE a.highlight_id = h.id) FROM highlight_tags t "
            "JOIN highlights h ON h.id = t.highlight_id WHERE t.tag_id = ? AND h.coder = ?"
        )
        params: list[object] = [tag_id, coder]
        if document_id is not None:
            sql += " AND t.document_id = ?"
            params.append(document_id)
        found: dict[int, list[HighlightSpan]] = {}
        for document, start, end, highlight_id, tags in self._conn.execute(sql, params):
            found.setdefault(document, []).append(
                HighlightSpan(start, end, highlight_id, _tag_tuple(tags)))
        return found

    def coder_span(self, document_id: int, start: int, end: int,
                   coder: str) -> HighlightSpan | None:
        """The oldest highlight ``coder`` made with exactly this span, with its tags."""
        row = self._conn.execute(
            "SELECT h.id, (SELECT group_concat(tag_id) FROM highlight_tags WHERE "
            "highlight_id = h.id) FROM highlights h WHERE h.document_id = ? AND "
            "h.span_start = ? AND h.span_end = ? AND h.coder = ? ORDER BY h.id LIMIT 1",
            [document_id, start, end, coder],
        ).fetchone()
        return HighlightSpan(start, end, row[0], _tag_tuple(row[1])) if row else None

    def get_many(self, highlight_ids: Sequence[int]) -> dict[int, Highlight]:
        """The highlights of ``highlight_ids`` that exist, with their tags, by id."""
        found: dict[int, Highlight] = {}
        ids = list(highlight_ids)
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start:start + IN_CHUNK]
            for row in self._conn.execute(
                f"SELECT {rows.HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.id IN "
                f"({','.join('?' * len(chunk))})", chunk,
            ):
                record = rows.highlight(row)
                found[record.id] = record
        return found

    def rewrite(self, highlight: Highlight) -> None:
        """Make the stored highlight of ``highlight.id`` equal ``highlight`` (span, quote,
        coder, times and tags; its memo is a row of ``memos``, see
        :class:`~.memos.MemoTable`); it must exist and stay in its document.
        ``modified_by`` is written too, unless it is empty (then it stays as it was)."""
        self._conn.execute(
            "UPDATE highlights SET guid = ?, span_start = ?, span_end = ?, quote = ?, "
            "coder = ?, created_at = ?, modified_at = ?, "
            "modified_by = coalesce(nullif(?, ''), modified_by) "
            "WHERE id = ? AND document_id = ?",
            [highlight.guid, highlight.start, highlight.end, highlight.quote,
             highlight.coder, highlight.created_at, highlight.modified_at,
             highlight.modified_by, highlight.id, highlight.document_id],
        )
        current = {r[0] for r in self._conn.execute(
            "SELECT tag_id FROM highlight_tags WHERE highlight_id = ?", [highlight.id])}
        self.remove_tags(highlight.id, current - set(highlight.tag_ids))
        self.add_tags(highlight.id, [t for t in highlight.tag_ids if t not in current])

    def update(self, highlight_id: int, *, modified_at: str,
               modified_by: str | None = None) -> None:
        """Stamp a change; ``modified_by`` names who made it (left as it was when
        ``None``)."""
        self._conn.execute(
            "UPDATE highlights SET modified_at = ?, modified_by = coalesce(?, modified_by) "
            "WHERE id = ?", [modified_at, modified_by, highlight_id]
        )

    def find_own_span(self, document_id: int, start: int, end: int, coder: str) -> int | None:
        """The id of ``coder``'s highlight with exactly this span, if any (the oldest)."""
        row = self._conn.execute(
            "SELECT id FROM highlights WHERE document_id = ? AND span_start = ? AND span_end = ? "
            "AND coder = ? ORDER BY id LIMIT 1",
            [document_id, start, end, coder],
        ).fetchone()
        return row[0] if row else None

    def delete(self, highlight_id: int) -> None:
        self._conn.execute("DELETE FROM highlights WHERE id = ?", [highlight_id])

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM highlights").fetchone()[0])

    def ids_in_documents(self, document_ids: Sequence[int]) -> list[int]:
        """The ids of every highlight of these documents."""
        found: list[int] = []
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[start:start + IN_CHUNK])
            found += [r[0] for r in self._conn.execute(
                "SELECT id FROM highlights WHERE document_id IN "
                f"({','.join('?' * len(chunk))})", chunk)]
        return found

    def count_in_documents(self, document_ids: Sequence[int]) -> int:
        """How many highlights these documents have (one indexed count per chunk)."""
        total = 0
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[start:start + IN_CHUNK])
            total += int(self._conn.execute(
                "SELECT count(*) FROM highlights WHERE document_id IN "
                f"({','.join('?' * len(chunk))})", chunk).fetchone()[0])
        return total

    def iterate(self, *, by_document: bool = False) -> Iterator[Highlight]:
        """Every highlight with its tag ids, one at a time: in id order, or by document
        and start offset when ``by_document``."""
        order = "h.document_id, h.span_start, h.span_end, h.id" if by_document else "h.id"
        for row in self._conn.execute(
            f"SELECT {rows.HIGHLIGHT_COLUMNS} FROM highlights h ORDER BY {order}"
        ):
            yield rows.highlight(row)


def _tag_tuple(concatenated: str | None) -> tuple[int, ...]:
    """Tag ids from ``group_concat``, sorted."""
    return tuple(sorted(int(t) for t in concatenated.split(","))) if concatenated else ()
