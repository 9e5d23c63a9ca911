"""The benchmark's raw-SQLite baselines: what the same work costs with no application.

They live here because this is the only package that speaks SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from .database import Store
from .sqlite_library import sqlite3


def fts_executemany(path: Path, texts: Sequence[tuple[str, str]]) -> None:
    """Insert ``(title, text)`` pairs into a new FTS5 table at ``path`` in one transaction."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, text)")
        with conn:
            conn.executemany("INSERT INTO docs (title, text) VALUES (?, ?)", texts)
    finally:
        conn.close()


def sqlite_library_version() -> str:
    """The version of the SQLite library Python is linked with."""
    return sqlite3.sqlite_version


def bare_group_by(store: Store) -> int:
    """``SELECT document_id, count(*) FROM highlights GROUP BY document_id``; rows returned."""
    sql = "SELECT document_id, count(*) FROM highlights GROUP BY document_id"
    return len(store.db.conn.execute(sql).fetchall())


def fts_rowids(store: Store, expression: str) -> list[int]:
    """Bare ``SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?``: the ids of the
    documents an FTS5 expression matches, unordered."""
    sql = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?"
    return [r[0] for r in store.db.conn.execute(sql, [expression])]


def texts_in_order(store: Store, ids: Sequence[int], chunk: int = 32) -> Iterator[str]:
    """The texts of ``ids``, in that order, read ``chunk`` documents at a time."""
    for first in range(0, len(ids), chunk):
        part = list(ids[first:first + chunk])
        marks = ",".join("?" * len(part))
        found = dict(store.db.conn.execute(
            f"SELECT id, text FROM documents WHERE id IN ({marks})", part).fetchall())
        yield from (found[i] for i in part if i in found)
