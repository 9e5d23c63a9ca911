"""A full check of a project file: SQLite's own checks and the project's invariants.

Every problem is one line in words saying what is damaged (a document's text, an index,
the full-text index, the kept totals, a table) and whether ``annotator check --repair``
can rebuild it from the data; damage never escapes as an exception (a text that is not
UTF-8 any more, a record SQLite cannot read: each is a line of its own).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..domain.wording import plural
from . import open_files
from .database import BUSY_TIMEOUT_MS, Store
from .document_day import DOCUMENT_DAY
from .sqlite_library import sqlite3
from .structure_check import (
    FULL_TEXT,
    SCHEMA_DAMAGED,
    TABLE_WORDS,
    WRITTEN_TABLES,
    Problem,
    structure_problems,
)
from .value_months import RECOUNT_VALUE_MONTHS

LIMIT = 20  # problems listed at most per kind
_UNCHECKED = "could not be checked"
#: The check before writing runs on files up to this size: ``PRAGMA integrity_check`` of
#: the tables a command writes, which compares every index entry with its row. Measured
#: (annotator bench's projects, 2 cores, warm cache), highlights' tables / documents' /
#: both: 133 MB, 110k highlights: 0.36 / 0.08 / 0.55 s; 517 MB, 410k: 1.45 / 0.4 / 1.8 s;
#: 1.29 GB, 1.01M: 7.3 / 1.2 / 7.0 s. Above the limit it would add more than 2 s to each
#: writing command, and is left to ``annotator check``.
WRITE_CHECK_MAX_BYTES = 600_000_000

__all__ = ["LIMIT", "Problem", "diagnose_file", "problems_before_writing", "verify",
           "verify_connection"]


def verify(store: Store) -> list[Problem]:
    """Every problem found in an open project, one line each (empty: the project is sound).

    On a project opened read-only, the full-text index (whose check SQLite runs as a
    write) is checked on a copy in the temporary folder.
    """
    if not store.read_only:
        return verify_connection(store.db.conn)
    return verify_connection(store.db.conn,
                             full_text=lambda damaged: _full_text_on_copy(store, damaged))


def problems_before_writing(store: Store, writes: Iterable[str]) -> list[Problem]:
    """Damage in the tables a command is about to write (``writes``: keys of
    :data:`~.structure_check.WRITTEN_TABLES`, such as ``"highlights"``), with their indexes.

    ``PRAGMA quick_check`` at opening does not compare an index with its table; writing
    through an index that lacks entries spreads the damage (duplicates a unique index
    would have refused, rows a delete cannot find). Files over ``WRITE_CHECK_MAX_BYTES``
    and projects in memory are not checked (empty list).
    """
    if store.path == ":memory:":
        return []
    try:
        size = os.stat(store.path).st_size
    except OSError:
        return []
    if size > WRITE_CHECK_MAX_BYTES:
        return []
    tables = list(dict.fromkeys(t for kind in writes for t in WRITTEN_TABLES[kind]))
    return structure_problems(store.db.conn, tables)


def diagnose_file(path: str) -> list[Problem]:
    """The problems of a project file that :meth:`Store.open` refuses, read through a
    read-only connection (so the file is not changed, not even by a checkpoint); the
    full-text index is not checked (its check needs a writable connection)."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    try:
        with open_files.lifecycle:  # (opening and closing never interleave between threads)
            conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        return [Problem(f"SQLite cannot open it ({error})")]
    try:
        return verify_connection(conn, full_text=False)
    finally:
        with open_files.lifecycle:
            conn.close()


def verify_connection(conn: sqlite3.Connection, *,
                      full_text: bool | Callable[[bool], list[Problem]] = True) -> list[Problem]:
    """Checks ``PRAGMA integrity_check`` (in words, see :mod:`.structure_check`) and
    ``foreign_key_check``, the full-text index against the texts (unless ``full_text`` is
    false; ``full_text`` may also be the check itself, given whether texts are damaged),
    each document's text against its SHA-256 and length (damage inside a text
    passes SQLite's structural checks), each highlight's quote against its document's
    text, and what triggers keep (tag totals, each tag link's copy of its document and
    date) against a recount."""
    problems = structure_problems(conn)
    if any(p.what.startswith(SCHEMA_DAMAGED) for p in problems):
        return problems  # nothing else can be read
    structural = len(problems)
    problems += _guarded(_foreign_keys, conn, "the links between records")
    # A damaged documents table yields rows that are not documents: their texts mean nothing.
    table_damaged = any(p.what.startswith(TABLE_WORDS["documents"]) for p in problems)
    texts = [] if table_damaged else _guarded(_texts, conn, "the documents' texts")
    problems += texts
    if full_text and not any(p.target == "full-text" for p in problems):
        if callable(full_text):
            problems += full_text(bool(texts))
        else:
            problems += _full_text(conn, damaged_texts=bool(texts))
    problems += _guarded(_quotes, conn, "the highlights' quotes")
    problems += _guarded(_kept_copies, conn, "the kept tag totals")
    # What could not be checked is no news once a damaged structure is named.
    return problems[:structural] + [p for p in problems[structural:]
                                    if not (structural and _UNCHECKED in p.what)]


def _guarded(check: Callable[[sqlite3.Connection], Iterable[Problem]],
             conn: sqlite3.Connection, what: str) -> list[Problem]:
    try:
        return list(check(conn))
    except sqlite3.DatabaseError as error:
        return [Problem(f"{what} {_UNCHECKED} (SQLite: {error})")]


def _foreign_keys(conn: sqlite3.Connection) -> Iterator[Problem]:
    counts: dict[tuple[str, str], int] = {}
    for row in conn.execute("PRAGMA foreign_key_check"):
        counts[(row[0], row[2])] = counts.get((row[0], row[2]), 0) + 1
    for (table, parent), count in counts.items():
        rows = "row refers" if count == 1 else "rows refer"
        yield Problem(f"{count} {table} {rows} to missing {parent} rows")


def _full_text_on_copy(store: Store, damaged_texts: bool) -> list[Problem]:
    try:
        with tempfile.TemporaryDirectory(prefix="annotator-check-") as folder:
            copy = sqlite3.connect(Path(folder) / "copy.annotator", isolation_level=None)
            try:
                store.db.conn.backup(copy)
                return _full_text(copy, damaged_texts=damaged_texts)
            finally:
                copy.close()
    except (OSError, sqlite3.DatabaseError) as error:  # no room there, or a damaged page
        return [Problem("the full-text index could not be checked: the project is read-only "
                        f"and a copy of it could not be made in the temporary folder ({error})")]


def _full_text(conn: sqlite3.Connection, *, damaged_texts: bool) -> list[Problem]:
    """FTS5's own check, comparing the index with the texts (``rank`` 1). When texts are
    damaged the index differs from them as a matter of course: it was built from them
    as imported, and rebuilding it would only index the damage."""
    try:
        conn.execute(f"INSERT INTO {FULL_TEXT} ({FULL_TEXT}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return [Problem("the full-text index could not be checked: another program is "
                            "writing to the project; try again in a moment")]
        return [Problem(f"the full-text index could not be checked (SQLite: {error})")]
    except sqlite3.DatabaseError as error:
        if damaged_texts:
            return [Problem("the full-text search index no longer matches the damaged texts "
                            "(it was built from them as imported)")]
        return [Problem(f"the full-text search index does not match the texts (SQLite: "
                        f"{error})", "full-text", "rebuilds it from the texts")]
    wrong = _mistyped_index_rows(conn)
    if wrong:
        return [Problem(f"the full-text search index is damaged ({wrong} of its records hold "
                        "the wrong kind of value)", "full-text", "rebuilds it from the texts")]
    return []


#: The kinds of value FTS5 keeps in its own tables (FTS5's integrity check reads a term
#: stored as a number instead of bytes as if nothing were wrong, and searches then go
#: astray). Each condition is true for a record that is not as FTS5 writes it.
_FULL_TEXT_RECORDS = {
    f"{FULL_TEXT}_idx": "typeof(segid) <> 'integer' OR typeof(term) <> 'blob' "
                        "OR typeof(pgno) <> 'integer'",
    f"{FULL_TEXT}_data": "typeof(id) <> 'integer' OR typeof(block) NOT IN ('blob', 'null')",
    f"{FULL_TEXT}_docsize": "typeof(id) <> 'integer' OR typeof(sz) <> 'blob'",
}


def _mistyped_index_rows(conn: sqlite3.Connection) -> int:
    """How many records of the full-text index's own tables hold a kind of value that
    FTS5 never writes there."""
    total = 0
    for table, wrong in _FULL_TEXT_RECORDS.items():
        try:
            total += conn.execute(f"SELECT count(*) FROM {table} WHERE {wrong}").fetchone()[0]
        except sqlite3.DatabaseError:
            continue  # an unreadable table is reported by the structural checks
    return total


def _texts(conn: sqlite3.Connection) -> Iterator[Problem]:
    """Each document's text, read as bytes (SQLite would refuse to hand over text that is
    not UTF-8 any more); a record that cannot be read is skipped and named."""
    shown = hidden = 0
    after = -1
    while True:
        try:
            for document_id, title, raw, length, sha in conn.execute(
                "SELECT id, CAST(title AS BLOB), CAST(text AS BLOB), length, "
                "CAST(sha256 AS BLOB) "
                "FROM documents WHERE id > ? ORDER BY id", [after]
            ):
                after = document_id
                problem = _text_problem(document_id, title, raw, length, sha)
                if problem and shown < LIMIT:
                    shown += 1
                    yield problem
                elif problem:
                    hidden += 1
            break
        except sqlite3.DatabaseError as error:
            try:
                row = conn.execute("SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT 1",
                                   [after]).fetchone()
            except sqlite3.DatabaseError:
                yield Problem(f"the documents after document {after} cannot be read "
                              f"(SQLite: {error})", table="documents")
                break
            if row is None:
                break
            after = row[0]
            yield Problem(f"document {after}: its record cannot be read (SQLite: {error})",
                          table="documents")
    if hidden:
        yield Problem(f"{hidden} more documents have a damaged text")


def _text_problem(document_id: int, title: bytes | None, raw: bytes | None, length: object,
                  sha: bytes | None) -> Problem | None:
    """Every column as SQLite holds it: a damaged record may hold anything anywhere."""
    raw = raw if isinstance(raw, bytes) else b""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        at = len(raw[: error.start].decode("utf-8", "replace"))
        why = f"it is no longer valid UTF-8, from character {at:,} on"
    else:
        if len(text) == length and hashlib.sha256(raw).hexdigest().encode() == sha:
            return None
        why = "it differs from the text imported: its checksum or length no longer matches"
    name = (title if isinstance(title, bytes) else b"").decode("utf-8", "replace")
    return Problem(f"document {document_id} ({name!r}): its text is damaged ({why})")


def _quotes(conn: sqlite3.Connection) -> Iterator[Problem]:
    """Each highlight's and span memo's quote against its document's text, one document at
    a time (SQLite's ``substr`` counts characters from the start of the text for every
    highlight: minutes for a book-length document with thousands of highlights)."""
    shown = hidden = 0
    current, text = None, None
    spans = ("SELECT 'highlight', id, document_id, span_start, span_end, CAST(quote AS BLOB) "
             "FROM highlights")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'memos'").fetchone():
        spans += (" UNION ALL SELECT 'span memo', id, document_id, span_start, span_end, "
                  "CAST(quote AS BLOB) FROM memos WHERE kind = 'span'")
    for what, record_id, document_id, start, end, quote in conn.execute(
        f"{spans} ORDER BY 3, 4"
    ):
        if document_id != current:
            row = conn.execute("SELECT CAST(text AS BLOB) FROM documents WHERE id = ?",
                               [document_id]).fetchone()
            current = document_id
            text = row[0].decode("utf-8", "replace") if row and row[0] is not None else None
        if text is None or text[start:end].encode("utf-8") == quote:
            continue  # (a missing document is the foreign-key check's to report)
        if shown < LIMIT:
            shown += 1
            yield Problem(f"{what} {record_id}: its quote no longer matches document "
                          f"{document_id}")
        else:
            hidden += 1
    if hidden:
        yield Problem(f"{hidden} more highlights or span memos have a quote that no longer "
                      "matches")


def _kept_copies(conn: sqlite3.Connection) -> Iterator[Problem]:
    """What the triggers keep: tag totals, and each tag link's copy of its document and
    date (counts and timelines read those instead of the highlights)."""
    totals = conn.execute(
        "SELECT count(*) FROM (SELECT tag_id, highlights, documents FROM tag_counts "
        f"EXCEPT {RECOUNT_TAGS}) UNION ALL SELECT count(*) FROM ({RECOUNT_TAGS} "
        "EXCEPT SELECT tag_id, highlights, documents FROM tag_counts)").fetchall()
    per_document = conn.execute(
        "SELECT count(*) FROM (SELECT tag_id, document_id, highlights, document_day FROM "
        f"tag_document_counts EXCEPT {RECOUNT_TAG_DOCUMENTS}) UNION ALL SELECT count(*) FROM "
        f"({RECOUNT_TAG_DOCUMENTS} EXCEPT SELECT tag_id, document_id, highlights, "
        "document_day FROM tag_document_counts)").fetchall()
    by_value = conn.execute(
        "SELECT count(*) FROM (SELECT * FROM value_months EXCEPT SELECT * FROM "
        f"({RECOUNT_VALUE_MONTHS})) UNION ALL SELECT count(*) FROM (SELECT * FROM "
        f"({RECOUNT_VALUE_MONTHS}) EXCEPT SELECT * FROM value_months)").fetchall()
    if any(row[0] for row in totals + per_document + by_value):
        yield Problem("the kept tag totals differ from a recount", "totals", "recounts them")
    copies = conn.execute(f"SELECT count(*) FROM {WRONG_COPIES}").fetchone()[0]
    if copies:
        hold = "holds" if copies == 1 else "hold"
        yield Problem(f"{plural(copies, 'tag link')} of highlights {hold} a wrong copy "
                      "of their document or its date", "copies", "copies them again")


#: The kept totals, recounted from the tag links.
RECOUNT_TAGS = ("SELECT tag_id, count(*), count(DISTINCT document_id) FROM highlight_tags "
                "GROUP BY tag_id")
RECOUNT_TAG_DOCUMENTS = ("SELECT tag_id, document_id, count(*), max(document_day) "
                         "FROM highlight_tags GROUP BY tag_id, document_id")
#: Tag links whose copy of the highlight's document or of its day is wrong.
WRONG_COPIES = (
    "highlight_tags ht JOIN highlights h ON h.id = ht.highlight_id "
    "JOIN documents d ON d.id = h.document_id "
    f"WHERE ht.document_id IS NOT h.document_id OR ht.document_day IS NOT {DOCUMENT_DAY}"
)
