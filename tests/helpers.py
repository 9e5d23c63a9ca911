"""Shared test helpers (import as ``from helpers import ...``; conftest modules are
fixtures only, since several folders have their own conftest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.store import Store, schema

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "000_3fdd7441507ec72d.txt"


def add_text(project: Project, text: str, *, title: str = "Doc", date: str | None = None,
             source: str = "", attributes: dict[str, object] | None = None) -> int:
    """Add a document and return its id."""
    return project.documents.add(
        NewDocument(title, text, date, source, attributes or {})
    ).document_id


def insert_old_document(conn: object, title: str, text: str, date: str | None, *,
                        guid: str, sha256: str) -> int:
    """Insert a document in SQL with only the columns of ``0001_initial`` (for files made
    as an older version made them: the store's own insert writes later columns)."""
    cursor = conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO documents (guid, title, text, length, date, sha256, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 'now')", [guid, title, text, len(text), date, sha256])
    conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",  # type: ignore[attr-defined]
                 [cursor.lastrowid, title, text])
    return int(cursor.lastrowid)


_PROBE_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
try:
    conn.execute("BEGIN EXCLUSIVE")
except sqlite3.OperationalError as error:
    sys.exit(0 if "locked" in str(error) or "busy" in str(error) else 2)
conn.execute("ROLLBACK")
sys.exit(1)
"""


def another_process_can_lock(path: Path) -> bool:
    """Whether a separate process can take the SQLite file at ``path`` for itself (it
    cannot while any connection, of any process, keeps it open)."""
    probe = subprocess.run([sys.executable, "-c", _PROBE_LOCK, str(path)],
                           capture_output=True, text=True, check=False)
    assert probe.returncode in (0, 1), probe.stderr
    return probe.returncode == 1


def deleted_descriptors(project: Path) -> list[str]:
    """This process's descriptors on a deleted file whose path starts with ``project``'s
    (a ``-wal`` or ``-shm`` removed under an open project: a fork)."""
    found = []
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue
        if target.startswith(str(project)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def stored_attributes(project: Project) -> list[tuple[int, str]]:
    """Each document's attributes JSON exactly as stored (key order and JSON types
    included; ``'{}'`` for a document without attributes), by id."""
    return project.store.db.conn.execute(
        "SELECT d.id, ifnull(a.attributes, '{}') FROM documents AS d "
        "LEFT JOIN document_attributes AS a ON a.document_id = d.id ORDER BY d.id").fetchall()


def older_file(path: Path, last: str) -> list[str]:
    """A project file made by a version whose last migration was ``last``; the names of
    the migrations made since."""
    known = schema.MIGRATIONS._migrations
    names = [m.name for m in known]
    later = known[names.index(last) + 1:]
    del known[names.index(last) + 1:]
    try:
        Store.open(path).close()
    finally:
        known.extend(later)
    return [m.name for m in later]
