"""Queries on ``memos``. Writes need a transaction.

A highlight memo is read with its highlight's document, span and quote (a join), so that
every :class:`~annotator.domain.memos.Memo` says where it is. The store trusts its caller
for a span memo's ``quote == text[start:end]``; the services check it (the schema checks
only that the quote's length matches the span).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..domain.errors import NotFoundError
from ..domain.memos import MEMO_KINDS, Memo, MemoPlace
from .rows import IN_CHUNK, IdentifiedRows
from .sqlite_library import sqlite3

_COLUMNS = (
    "m.id, m.guid, m.kind, m.text, m.author, m.created_at, m.modified_at, "
    "coalesce(m.document_id, h.document_id), m.tag_id, m.highlight_id, "
    "coalesce(m.span_start, h.span_start), coalesce(m.span_end, h.span_end), "
    "coalesce(m.quote, h.quote)"
)
_FROM = "FROM memos m LEFT JOIN highlights h ON h.id = m.highlight_id"
#: Memos in the order lists and exports give them: by kind (project first), then by id.
_KIND_ORDER = "CASE m.kind " + " ".join(
    f"WHEN '{kind}' THEN {rank}" for rank, kind in enumerate(MEMO_KINDS)) + " END"
#: The document a memo is in, whatever its kind (``NULL`` for project and tag memos).
_DOCUMENT = "coalesce(m.document_id, h.document_id)"


def _memo(row: sqlite3.Row | tuple[Any, ...]) -> Memo:
    return Memo(id=row[0], guid=row[1], kind=row[2], text=row[3], author=row[4],
                created_at=row[5], modified_at=row[6], document_id=row[7], tag_id=row[8],
                highlight_id=row[9], start=row[10], end=row[11], quote=row[12])


class MemoTable(IdentifiedRows):
    """Memos of the project, its documents, tags, highlights and spans."""

    _TABLE = "memos"

    def insert(self, memo: Memo, *, keep_id: bool = False) -> int:
        """Store ``memo`` (its id too when ``keep_id``, else the next free one); return
        its id. Only the fields of its kind are stored: a highlight memo's document, span
        and quote are its highlight's."""
        span = memo.kind == "span"
        cursor = self._conn.execute(
            "INSERT INTO memos (id, guid, kind, document_id, tag_id, highlight_id, span_start, "
            "span_end, quote, text, author, created_at, modified_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [memo.id if keep_id else None, memo.guid, memo.kind,
             memo.document_id if memo.kind in ("document", "span") else None,
             memo.tag_id if memo.kind == "tag" else None,
             memo.highlight_id if memo.kind == "highlight" else None,
             memo.start if span else None, memo.end if span else None,
             memo.quote if span else None, memo.text, memo.author, memo.created_at,
             memo.modified_at],
        )
        return int(cursor.lastrowid or 0)

    def update(self, memo_id: int, *, text: str, modified_at: str) -> None:
        self._conn.execute("UPDATE memos SET text = ?, modified_at = ? WHERE id = ?",
                           [text, modified_at, memo_id])

    def set_highlight(self, memo_id: int, highlight_id: int) -> None:
        """Make a highlight memo another highlight's (highlights merged into one)."""
        self._conn.execute("UPDATE memos SET highlight_id = ? WHERE id = ?",
                           [highlight_id, memo_id])

    def set_tag(self, memo_id: int, tag_id: int) -> None:
        """Make a tag memo another tag's (a merge of tags)."""
        self._conn.execute("UPDATE memos SET tag_id = ? WHERE id = ?", [tag_id, memo_id])

    def delete(self, memo_id: int) -> None:
        self._conn.execute("DELETE FROM memos WHERE id = ?", [memo_id])

    def get(self, memo_id: int) -> Memo:
        """One memo; raises :class:`NotFoundError`."""
        found = self.find(memo_id)
        if found is None:
            raise NotFoundError(f"no memo with id {memo_id}")
        return found

    def find(self, memo_id: int) -> Memo | None:
        """The memo with this id, or ``None``."""
        row = self._conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE m.id = ?",
                                 [memo_id]).fetchone()
        return _memo(row) if row else None

    def at(self, place: MemoPlace) -> Memo | None:
        """The memo of a place (for a span place: that span memo), or ``None``."""
        if place.kind == "span":
            found = self.find(place.memo_id) if place.memo_id is not None else None
            return found if found is not None and found.kind == "span" else None
        # One indexed look-up per kind; the project's through the partial unique index,
        # whose condition the query must state word for word.
        where, value = {
            "project": ("m.kind = 'project' AND m.kind <> 'span' AND ifnull(m.document_id, 0) "
                        "= 0 AND ifnull(m.tag_id, 0) = 0 AND ifnull(m.highlight_id, 0) = ?", 0),
            "document": ("m.document_id = ? AND m.kind = 'document'", place.document_id),
            "tag": ("m.tag_id = ?", place.tag_id),
            "highlight": ("m.highlight_id = ?", place.highlight_id),
        }[place.kind]
        row = self._conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE {where}", [value]).fetchone()
        return _memo(row) if row else None

    def for_highlights(self, highlight_ids: Sequence[int]) -> dict[int, Memo]:
        """The memo of each of these highlights that has one, by highlight id."""
        found: dict[int, Memo] = {}
        for first in range(0, len(highlight_ids), IN_CHUNK):
            chunk = list(highlight_ids[first:first + IN_CHUNK])
            found.update((memo.highlight_id, memo) for memo in map(_memo, self._conn.execute(
                f"SELECT {_COLUMNS} {_FROM} WHERE m.highlight_id IN "
                f"({','.join('?' * len(chunk))})", chunk)) if memo.highlight_id is not None)
        return found

    def spans_in(self, document_id: int) -> list[Memo]:
        """The span memos of a document, by start (then end, then id)."""
        return [_memo(r) for r in self._conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE m.document_id = ? AND m.kind = 'span' "
            "ORDER BY m.span_start, m.span_end, m.id", [document_id])]

    def in_documents(self, document_ids: Sequence[int]) -> list[Memo]:
        """Every memo in these documents: their own, their span memos and their
        highlights' memos, by id."""
        found: list[Memo] = []
        for first in range(0, len(document_ids), IN_CHUNK):
            chunk = list(document_ids[first:first + IN_CHUNK])
            marks = ",".join("?" * len(chunk))
            # The highlights of the documents first (their index), then each one's memo.
            found += map(_memo, self._conn.execute(
                f"SELECT {_COLUMNS} {_FROM} WHERE m.document_id IN ({marks}) "
                f"UNION ALL SELECT {_COLUMNS} FROM highlights h CROSS JOIN memos m "
                f"ON m.highlight_id = h.id WHERE h.document_id IN ({marks})",
                chunk + chunk))
        return sorted(found, key=lambda memo: memo.id)

    def select(self, *, kinds: Iterable[str] = (), tag_id: int | None = None,
               document_id: int | None = None, author: str | None = None) -> list[Memo]:
        """The memos of ``kinds`` (any, when empty) in list order (see
        :class:`~annotator.domain.memos.MemoFilter` for ``tag_id``, ``document_id`` and
        ``author``)."""
        where: list[str] = ["1"]
        params: list[object] = []
        wanted = list(kinds)
        if wanted:
            where.append(f"m.kind IN ({','.join('?' * len(wanted))})")
            params += wanted
        if tag_id is not None:
            where.append("(m.tag_id = ? OR m.highlight_id IN "
                         "(SELECT highlight_id FROM highlight_tags WHERE tag_id = ?))")
            params += [tag_id, tag_id]
        if document_id is not None:
            where.append(f"{_DOCUMENT} = ?")
            params.append(document_id)
        if author is not None:
            where.append("m.author = ?")
            params.append(author)
        return [_memo(r) for r in self._conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE {' AND '.join(where)} "
            f"ORDER BY {_KIND_ORDER}, m.id", params)]

    def iterate(self) -> Iterator[Memo]:
        """Every memo, one at a time, in list order (kind, then id)."""
        for row in self._conn.execute(f"SELECT {_COLUMNS} {_FROM} ORDER BY {_KIND_ORDER}, m.id"):
            yield _memo(row)

    def ids_in_documents(self, document_ids: Sequence[int]) -> list[int]:
        """The ids of every memo in these documents (see :meth:`in_documents`)."""
        return [memo.id for memo in self.in_documents(document_ids)]

    def authors(self) -> list[str]:
        """Every author of a memo, sorted."""
        return [r[0] for r in self._conn.execute(
            "SELECT DISTINCT author FROM memos ORDER BY author COLLATE NOCASE, author")]

    def document_ids(self) -> list[int]:
        """The documents that hold a memo of any kind, by id."""
        return [r[0] for r in self._conn.execute(
            f"SELECT DISTINCT {_DOCUMENT} AS d {_FROM} WHERE d IS NOT NULL ORDER BY d")]

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM memos").fetchone()[0])

