"""A full check of a project file: SQLite's own checks and the project's invariants."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from .database import Store
from .sqlite_library import sqlite3

LIMIT = 20  # problems listed at most per kind


def verify(store: Store) -> list[str]:
    """Every problem found, one line each (empty: the project is sound).

    Checks ``PRAGMA integrity_check`` and ``foreign_key_check``, the full-text index, each
    document's text against its SHA-256 and length (damage inside a text passes SQLite's
    structural checks), each highlight's quote against its document's text, and the kept
    tag totals against a recount. Read-only: on a project opened read-only, the full-text
    index (whose check SQLite runs as a write) is checked on a copy in the temporary folder.
    """
    conn = store.db.conn
    problems = [
        f"SQLite: {row[0]}" for row in conn.execute("PRAGMA integrity_check").fetchall()
        if row[0] != "ok"
    ][:LIMIT]
    problems += [f"a {row[0]} row refers to a missing {row[2]} row"
                 for row in conn.execute("PRAGMA foreign_key_check").fetchall()[:LIMIT]]
    problems += _full_text_index_problems(store)
    bad_documents = []
    for document_id, title, text, length, sha in conn.execute(
        "SELECT id, title, text, length, sha256 FROM documents"
    ):
        if len(text) != length or hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
            bad_documents.append(f"document {document_id} ({title!r}): its text has changed "
                                 "since import (damaged)")
    problems += bad_documents[:LIMIT]
    bad_quotes = [
        f"highlight {row[0]}: its quote no longer matches document {row[1]}"
        for row in conn.execute(
            "SELECT h.id, h.document_id FROM highlights h JOIN documents d "
            "ON d.id = h.document_id "
            "WHERE substr(d.text, h.span_start + 1, h.span_end - h.span_start) IS NOT h.quote"
        ).fetchall()[:LIMIT]
    ]
    problems += bad_quotes
    if store.stats.tag_totals() != store.stats.tag_totals_recounted():
        problems.append("the kept tag totals differ from a recount")
    return problems


def _full_text_index_problems(store: Store) -> list[str]:
    """FTS5's own ``integrity-check`` of the full-text index against the documents."""
    if not store.read_only:
        return _fts_integrity_check(store.db.conn)
    try:
        with tempfile.TemporaryDirectory(prefix="annotator-check-") as folder:
            copy = sqlite3.connect(Path(folder) / "copy.annotator", isolation_level=None)
            try:
                store.db.conn.backup(copy)
                return _fts_integrity_check(copy)
            finally:
                copy.close()
    except (OSError, sqlite3.DatabaseError) as error:  # no room there, or a damaged page
        return [f"the full-text index could not be checked: the project is read-only and "
                f"a copy of it could not be made in the temporary folder ({error})"]


def _fts_integrity_check(conn: sqlite3.Connection) -> list[str]:
    try:
        conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as error:
        return [f"the full-text index is damaged ({error})"]
    return []
