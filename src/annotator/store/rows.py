"""Row-to-record conversion shared by the tables."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..domain.model import Document, Highlight, Tag
from .sqlite_library import sqlite3

if TYPE_CHECKING:
    from sqlite_utils import Database

DOCUMENT_COLUMNS = "id, guid, title, text, date, source, sha256, attributes, imported_at"
TAG_COLUMNS = "id, guid, name, parent_id, color, description, position, created_at"
HIGHLIGHT_COLUMNS = (
    "h.id, h.guid, h.document_id, h.span_start, h.span_end, h.quote, h.memo, h.coder, "
    "h.created_at, h.modified_at, "
    "(SELECT group_concat(tag_id) FROM highlight_tags WHERE highlight_id = h.id)"
)


def document(row: sqlite3.Row | tuple[Any, ...]) -> Document:
    return Document(
        id=row[0], guid=row[1], title=row[2], text=row[3], date=row[4], source=row[5],
        sha256=row[6], attributes=json.loads(row[7]), imported_at=row[8],
    )


def tag(row: sqlite3.Row | tuple[Any, ...]) -> Tag:
    return Tag(
        id=row[0], guid=row[1], name=row[2], parent_id=row[3], color=row[4],
        description=row[5], position=row[6], created_at=row[7],
    )


def highlight(row: sqlite3.Row | tuple[Any, ...]) -> Highlight:
    tag_ids = tuple(sorted(int(t) for t in row[10].split(","))) if row[10] else ()
    return Highlight(
        id=row[0], guid=row[1], document_id=row[2], start=row[3], end=row[4], quote=row[5],
        memo=row[6], coder=row[7], created_at=row[8], modified_at=row[9], tag_ids=tag_ids,
    )


class ConnectionUser:
    """Base of the query classes: ``_conn`` is the store's current connection, looked up
    on each use, so that a store that reconnects (see ``Store.reconnect``) moves them all."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._db.conn
