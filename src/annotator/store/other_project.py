"""Opening another project file only to read it (a merge), never writing a byte of it.

The other file may be a colleague's project open in another Annotator at this moment, so
it is read through SQLite only (``mode=ro``; see :mod:`.open_files` for why nothing else
may open it), inside one read transaction of the caller's, and the ``-shm`` and ``-wal``
that a read-only connection leaves behind are removed after it as SQLite itself would
(see :func:`.media.remove_created_companions`). It gets the checks of any project file
(:mod:`.opening`): not SQLite, another application's, damaged or written by a newer
Annotator is refused with :class:`ProjectFileError`. A file written by an older Annotator
is copied into memory with SQLite's backup API and migrated there: the copy is what is
read, the file itself is left as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from ..domain.errors import ProjectFileError
from . import media, open_files
from .database import BUSY_TIMEOUT_MS, QUICK_CHECK_MAX_BYTES, Store
from .opening import check_file, check_owner, check_pages, check_version, describe, migrate
from .schema import MIGRATIONS
from .sqlite_library import sqlite3

#: Why the other project's connection refuses writes.
READ_ONLY_REASON = "it is opened only to be read"


@contextmanager
def reading_other_project(path: str | Path) -> Iterator[Store]:
    """The project file at ``path`` as a read-only :class:`Store`, closed (and the
    ``-shm``/``-wal`` that reading it created removed) when the block ends.

    Raises :class:`ProjectFileError` naming ``path`` for a file that cannot be read as a
    project (missing, a folder, not SQLite, another application's, damaged, newer), also
    when SQLite finds damage only while the block reads it. The store's ``path`` is
    ``":memory:"`` when it is a migrated copy of an older file.
    """
    name = str(path)
    before = media.companions(name)
    store = _open(name, before)
    try:
        yield store
    except sqlite3.DatabaseError as error:
        raise ProjectFileError(name, describe(error)) from None
    finally:
        with open_files.lifecycle:
            store.close()
            media.remove_created_companions(name, before)


def _open(path: str, before: frozenset[str]) -> Store:
    with open_files.lifecycle:
        size = check_file(path, create=False)
        assert size is not None  # (``create=False``: a missing file was refused)
        conn: sqlite3.Connection | None = None
        try:
            conn = media.connect_read_only(path, "its folder cannot be written",
                                           BUSY_TIMEOUT_MS)
            db = Database(conn, execute_plugins=False)
            check_owner(conn, path)
            check_version(db, path)
            if size <= QUICK_CHECK_MAX_BYTES:
                check_pages(conn, path)
            if MIGRATIONS.pending(db):
                copy = _migrated_copy(conn)
                conn.close()
                media.remove_created_companions(path, before)
                return _read_only(Store(copy, ":memory:"))
        except (sqlite3.DatabaseError, ProjectFileError) as error:
            if conn is not None:
                conn.close()
            media.remove_created_companions(path, before)
            if isinstance(error, ProjectFileError):
                raise
            raise ProjectFileError(path, describe(error)) from None
        return _read_only(Store(db, path))


def _migrated_copy(conn: sqlite3.Connection) -> Database:
    """An in-memory copy of the file behind ``conn``, migrated to this version's schema."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.backup(memory)
    memory.execute("PRAGMA foreign_keys = ON")
    copy = Database(memory, execute_plugins=False)
    migrate(copy, ":memory:")
    return copy


def _read_only(store: Store) -> Store:
    store.read_only, store.read_only_reason = True, READ_ONLY_REASON
    return store


def pending_upgrades(path: str | Path) -> list[str]:
    """The names of the upgrades (migrations) the project file at ``path`` still needs
    before this version can open it, read without writing a byte of it. Empty when it
    needs none, and when it is missing or cannot be read as a project at all (opening it
    then says why)."""
    name = str(path)
    if not Path(name).is_file():
        return []
    before = media.companions(name)
    with open_files.lifecycle:
        conn: sqlite3.Connection | None = None
        try:
            conn = media.connect_read_only(name, "its folder cannot be written",
                                           BUSY_TIMEOUT_MS)
            check_owner(conn, name)
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                return []  # a new, empty file: made, not upgraded
            return [m.name for m in MIGRATIONS.pending(Database(conn, execute_plugins=False))]
        except (sqlite3.DatabaseError, ProjectFileError):
            return []
        finally:
            if conn is not None:
                conn.close()
            media.remove_created_companions(name, before)
