"""The benchmark's raw-SQLite baselines: what the same work costs with no application.

They live here because this is the only package that speaks SQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..domain.filters import DocumentFilter
from .database import Store
from .selection import selection_sql
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


def quotes_json(store: Store, tag_ids: Sequence[int], within: DocumentFilter,
                out: Path) -> int:
    """The report's baseline: the quotes of ``tag_ids`` in the documents ``within``
    selects, with their documents' titles and dates and their coders, read by one plain
    query and written to ``out`` with one ``json.dump``; returns how many."""
    selected, params = selection_sql(within)
    marks = ",".join("?" * len(tag_ids))
    rows = store.db.conn.execute(
        "SELECT ht.tag_id, h.quote, h.coder, d.title, d.date FROM highlight_tags ht "
        "JOIN highlights h ON h.id = ht.highlight_id JOIN documents d ON d.id = ht.document_id "
        f"WHERE ht.tag_id IN ({marks}) AND ht.document_id IN ({selected})",
        [*tag_ids, *params],
    ).fetchall()
    with out.open("w", encoding="utf-8") as handle:
        json.dump([{"tag": r[0], "quote": r[1], "coder": r[2], "title": r[3], "date": r[4]}
                   for r in rows], handle, ensure_ascii=False)
    return len(rows)


def regex_over_texts(store: Store, regex: re.Pattern[str]) -> int:
    """``regex.finditer`` over every document's text, read with a bare ``SELECT``: the
    matching that autocode does, without its segmenting, merging or writing. The number of
    matches."""
    return sum(1 for (text,) in store.db.conn.execute("SELECT text FROM documents")
               for _ in regex.finditer(text))


def copy_database(source: Path, target: Path) -> None:
    """Copy the closed project ``source`` to ``target`` with SQLite's backup API."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        copy.close()
        origin.close()


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
