"""Row-to-record conversion and identity look-ups shared by the tables."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..domain.model import Document, Highlight, Tag
from .sqlite_library import sqlite3

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The columns of a :class:`Document` in a ``SELECT ... FROM documents`` (not aliased):
#: the attributes come from their own table (``'{}'`` when a document has none).
DOCUMENT_COLUMNS = (
    "id, guid, title, text, date, source, sha256, ifnull((SELECT a.attributes FROM "
    "document_attributes AS a WHERE a.document_id = documents.id), '{}'), imported_at"
)
#: ``(id, attributes JSON)`` of the documents among ``{marks}`` that exist.
ATTRIBUTES_OF = (
    "SELECT d.id, ifnull(a.attributes, '{{}}') FROM documents AS d "
    "LEFT JOIN document_attributes AS a ON a.document_id = d.id WHERE d.id IN ({marks})"
)
def set_attributes(conn: sqlite3.Connection, pairs: Sequence[tuple[int, str]]) -> None:
    """Store ``(document id, attributes JSON)`` pairs, the JSON as given (key order
    kept); documents that do not exist are skipped. Not an upsert: its conflict rule
    would override the ``OR IGNORE`` of the triggers that index the values."""
    conn.executemany("UPDATE document_attributes SET attributes = ?2 WHERE document_id = ?1",
                     pairs)
    conn.executemany(
        "INSERT INTO document_attributes (document_id, attributes) SELECT id, ?2 "
        "FROM documents WHERE id = ?1 AND NOT EXISTS "
        "(SELECT 1 FROM document_attributes WHERE document_id = ?1)", pairs)


TAG_COLUMNS = "id, guid, name, parent_id, color, description, position, created_at, codable"
#: Parameters per ``IN (...)`` list (SQLite allows 32,766 since 3.32; older builds 999).
IN_CHUNK = 900
#: The text of the memo of highlight ``h`` ('' without one; see ``memos.py``).
HIGHLIGHT_MEMO = "ifnull((SELECT text FROM memos WHERE highlight_id = h.id), '')"
HIGHLIGHT_COLUMNS = (
    f"h.id, h.guid, h.document_id, h.span_start, h.span_end, h.quote, {HIGHLIGHT_MEMO}, "
    "h.coder, h.created_at, h.modified_at, "
    "(SELECT group_concat(tag_id) FROM highlight_tags WHERE highlight_id = h.id), "
    "h.modified_by"
)


def document(row: sqlite3.Row | tuple[Any, ...]) -> Document:
    return Document(
        id=row[0], guid=row[1], title=row[2], text=row[3], date=row[4], source=row[5],
        sha256=row[6], attributes=json.loads(row[7]), imported_at=row[8],
    )


def tag(row: sqlite3.Row | tuple[Any, ...]) -> Tag:
    return Tag(
        id=row[0], guid=row[1], name=row[2], parent_id=row[3], color=row[4],
        description=row[5], position=row[6], created_at=row[7], codable=bool(row[8]),
    )


def highlight(row: sqlite3.Row | tuple[Any, ...]) -> Highlight:
    tag_ids = tuple(sorted(int(t) for t in row[10].split(","))) if row[10] else ()
    return Highlight(
        id=row[0], guid=row[1], document_id=row[2], start=row[3], end=row[4], quote=row[5],
        memo=row[6], coder=row[7], created_at=row[8], modified_at=row[9], tag_ids=tag_ids,
        modified_by=row[11],
    )


class ConnectionUser:
    """Base of the query classes: ``_conn`` is the store's current connection, looked up
    on each use, so that a store that reconnects (see ``Store.reconnect``) moves them all."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._db.conn


class IdentifiedRows(ConnectionUser):
    """Base of the tables whose rows have an ``id`` and a unique ``guid`` (documents,
    tags, highlights): an id may be reused once its row is deleted, a GUID identifies."""

    _TABLE: ClassVar[str]

    def guids(self, ids: Iterable[int]) -> dict[int, str]:
        """The GUID of each of ``ids`` that the table holds, by id."""
        return dict(self._chunked("SELECT id, guid FROM {} WHERE id IN ({})", list(ids)))

    def ids_by_guid(self, guids: Iterable[str]) -> dict[str, int]:
        """The id of each of ``guids`` that the table holds, by GUID."""
        return dict(self._chunked("SELECT guid, id FROM {} WHERE guid IN ({})", list(guids)))

    def _chunked(self, sql: str, values: list[Any]) -> list[tuple[Any, Any]]:
        found: list[tuple[Any, Any]] = []
        for start in range(0, len(values), IN_CHUNK):
            chunk = values[start:start + IN_CHUNK]
            query = sql.format(self._TABLE, ",".join("?" * len(chunk)))
            found += self._conn.execute(query, chunk).fetchall()
        return found
