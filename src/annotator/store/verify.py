"""A full check of a project file: SQLite's own checks and the project's invariants."""

from __future__ import annotations

import hashlib

from .database import Store

LIMIT = 20  # problems listed at most per kind


def verify(store: Store) -> list[str]:
    """Every problem found, one line each (empty: the project is sound).

    Checks ``PRAGMA integrity_check`` and ``foreign_key_check``, the full-text index, each
    document's text against its SHA-256 and length (damage inside a text passes SQLite's
    structural checks), each highlight's quote against its document's text, and the kept
    tag totals against a recount.
    """
    conn = store.db.conn
    problems = [
        f"SQLite: {row[0]}" for row in conn.execute("PRAGMA integrity_check").fetchall()
        if row[0] != "ok"
    ][:LIMIT]
    problems += [f"a {row[0]} row refers to a missing {row[2]} row"
                 for row in conn.execute("PRAGMA foreign_key_check").fetchall()[:LIMIT]]
    try:
        conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
    except Exception as error:
        problems.append(f"the full-text index is damaged ({error})")
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
