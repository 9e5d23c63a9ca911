"""Opening, checking, migrating and closing a project file; transactions.

A project file is one SQLite database (``PRAGMA application_id`` = "Anno") in WAL mode
with foreign keys on. :meth:`Store.open` refuses, without writing a byte, a file that is
not SQLite, belongs to another application, is damaged (empty, truncated, failing
``PRAGMA quick_check``) or was written by a newer Annotator; before migrating an existing
file it copies it aside with SQLite's backup API. A new project is built under a temporary
name and linked into place complete, so a project path never holds a half-created file.
A project on a network file system opens with a warning (``Store.warnings``); one that
cannot be written (a read-only medium) opens read-only, with a warning, and refuses every
write (``Store.read_only``; see :mod:`.media`). A full disk is reported as such, and a failed
open leaves no ``-wal``/``-shm`` that it created.
A leftover WAL that SQLite's recovery would cut short is kept first, with a warning
(see :mod:`.wal_rescue`).

Thread contract: a ``Store`` belongs to the thread that opened it; a background task opens
its own ``Store`` on the same path.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from ..domain.errors import ProjectFileError
from . import media, open_files
from .agreement import AgreementQueries
from .documents import DocumentTable
from .file_identity import FileIdentity
from .filesystems import network_filesystem
from .highlights import HighlightTable
from .memos import MemoTable
from .opening import (
    check_file,
    check_owner,
    check_pages,
    check_version,
    create_file,
    describe,
    migrate,
)
from .period_counts import PeriodCounts
from .schema import MIGRATIONS
from .scoped_stats import ScopedStats
from .selection import Selections
from .sqlite_library import sqlite3
from .stats import StatsQueries
from .tags import TagTable
from .variables import VariableTable
from .wal_rescue import rescue_wal

BUSY_TIMEOUT_MS = 5000
#: ``PRAGMA quick_check`` runs on open for files up to this size: it reads every page,
#: measured at ~0.6 ms per MB with a warm cache (0.15 s for a 270 MB project).
QUICK_CHECK_MAX_BYTES = 200_000_000
#: Page cache of a connection while it imports (KiB; measured 3-12 % faster at 10,000
#: files than SQLite's default 2 MB).
BULK_CACHE_KIB = 65536


class Store:
    """An open project file and its tables.

    Attributes ``documents``, ``tags``, ``highlights``, ``memos``, ``variables``, ``stats``,
    ``selections`` (a filter's documents), ``scoped`` (counts within a filter, split by
    a variable) and ``agreement`` (coders' spans for intercoder agreement) hold the
    queries; writes must run inside :meth:`transaction`.
    """

    def __init__(self, db: Database, path: str) -> None:
        self.db = db
        self.path = path
        self.documents = DocumentTable(db)
        self.tags = TagTable(db)
        self.highlights = HighlightTable(db)
        self.memos = MemoTable(db)
        self.stats = StatsQueries(db)
        self.variables = VariableTable(db)
        self.selections = Selections(db)
        self.scoped = ScopedStats(db)
        self.periods = PeriodCounts(db)
        self.agreement = AgreementQueries(db)
        #: Reasons to be careful with this file that do not prevent its use (one line each).
        self.warnings: list[str] = []
        #: Opened read-only (see :meth:`open`): every :meth:`transaction` is refused.
        self.read_only = False
        self.read_only_reason = ""
        self._depth = 0
        self._reading = False
        self._file_key = open_files.file_key(path) if path != ":memory:" else None
        open_files.opened(self._file_key, path)
        self._identity = FileIdentity.of(path) if path != ":memory:" else None
        #: Why this connection no longer shares the file that other processes see (its
        #: ``-wal`` deleted, the file replaced), once noticed; writes are then refused.
        self.fork: str | None = None
        #: A commit of this connection may have gone into the fork only.
        self.committed_into_fork = False

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, quick_check: bool = True) -> Store:
        """Open (and if needed create and migrate) the project file at ``path``.

        Raises :class:`ProjectFileError` for a file that is missing (with ``create=False``),
        not a database, another application's, damaged, or from a newer version; such a
        file is not written to. A file up to ``QUICK_CHECK_MAX_BYTES`` is checked with
        ``PRAGMA quick_check`` first (unless ``quick_check`` is false: for a repair, which
        checks more thoroughly itself). A new file appears at ``path`` only once complete.
        Opening and closing are serialised in the process (``open_files.lifecycle``).

        A file that cannot be written (a read-only medium) is opened read-only with a
        warning, unless it needs a migration (refused); see :mod:`.media`. A failure leaves
        no ``-wal``/``-shm`` that this call created.
        """
        with open_files.lifecycle:
            return cls._open_unlocked(str(path), create, quick_check)

    @classmethod
    def _open_unlocked(cls, path: str, create: bool, quick_check: bool = True) -> Store:
        size = check_file(path, create)
        if size is None:
            create_file(path)
        lost_commits = rescue_wal(path) if size is not None else None
        before = media.companions(path)
        conn: sqlite3.Connection | None = None
        try:
            conn, read_only = media.connect(path, BUSY_TIMEOUT_MS)
            db = Database(conn, execute_plugins=False)
            check_owner(conn, path)
            check_version(db, path)
            if quick_check and size is not None and size <= QUICK_CHECK_MAX_BYTES:
                check_pages(conn, path)
            conn.execute("PRAGMA foreign_keys = ON")
            if read_only is not None and MIGRATIONS.pending(db):
                raise ProjectFileError(path, media.upgrade_refusal(read_only))
            if read_only is None:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                migrate(db, path)
        except (sqlite3.DatabaseError, ProjectFileError) as error:
            if conn is not None:
                conn.close()
            media.remove_created_companions(path, before)
            if isinstance(error, ProjectFileError):
                raise
            raise ProjectFileError(path, describe(error, path)) from None
        store = cls(db, path)
        store.warnings += [lost_commits] if lost_commits else []
        if read_only is not None:
            store.read_only, store.read_only_reason = True, read_only
            store.warnings.append(media.read_only_warning(path, read_only))
        network = network_filesystem(path)
        if network:
            store.warnings.append(
                f"{path}: the project is on a network drive ({network}); SQLite files shared "
                "over a network can be damaged. Copy it to a local folder to work on it."
            )
        return store

    @classmethod
    def open_memory(cls) -> Store:
        """A throwaway in-memory project (tests)."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn, execute_plugins=False)
        migrate(db, ":memory:")
        return cls(db, ":memory:")

    def close(self) -> None:
        """Close the connection; WAL content is checkpointed by SQLite on last close
        (never by a connection on a fork: its WAL would overwrite newer pages)."""
        with open_files.lifecycle:
            guard = open_files.closing(self._file_key, keep_locked=self.fork is not None)
            self.db.conn.close()
            if guard is not None:
                guard.close()
            self._file_key = None

    def file_problem(self) -> str | None:
        """Why this connection no longer shares the project file with other processes
        (see :mod:`.file_identity`), or ``None``. Remembered once found."""
        if self.fork is None and self._identity is not None:
            self.fork = self._identity.problem()
        return self.fork

    def reconnect(self) -> str:
        """Leave a fork for the project file at ``path`` again; returns one sentence
        saying what happened (see :func:`.forks.reconnect`)."""
        from .forks import reconnect

        return reconnect(self)

    def _adopt(self, fresh: Store) -> None:
        """Take over ``fresh``'s connection and file identity (``fresh`` is dropped)."""
        self.db.conn = fresh.db.conn
        self._file_key, self._identity = fresh._file_key, fresh._identity
        self.fork, self.committed_into_fork = None, False
        self.read_only, self.read_only_reason = fresh.read_only, fresh.read_only_reason

    @contextmanager
    def transaction(self, *, savepoint: bool = True) -> Iterator[None]:
        """One atomic unit of work: all of it is committed, or none (nested: a savepoint).

        The outermost level takes the write lock at once (``BEGIN IMMEDIATE``), waiting up
        to ``BUSY_TIMEOUT_MS`` for another process; if it stays busy, raises
        :class:`ProjectFileError` saying so, and nothing is written. A nested level with
        ``savepoint=False`` simply joins the outer transaction: for work that checks
        everything before its first write, so that a failure can only come from SQLite
        itself and must roll the outer transaction back (savepoints cost ~65 µs each).
        Refused with :class:`ProjectFileError` once the connection is on a fork
        (:meth:`file_problem`): nothing is written where no other process would see it.
        On a read-only project, raises :class:`ProjectFileError` saying so, writing nothing.
        """
        self.check_writable()
        conn = self.db.conn
        if self._reading:
            raise RuntimeError("a write inside read_snapshot(): writes need transaction()")
        if self._depth and not savepoint:
            yield
            return
        if self._depth:
            name = f"nested_{self._depth}"
            conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        self._refuse_on_fork()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise ProjectFileError(self.path, describe(error, self.path)) from None
        self._depth = 1
        try:
            yield
            conn.execute("COMMIT")
            self.committed_into_fork = self.file_problem() is not None
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError):
                # disk full, I/O error, file locked or removed underneath: the user's to fix
                raise ProjectFileError(self.path, describe(error, self.path)) from None
            raise
        finally:
            self._depth = 0

    def _refuse_on_fork(self) -> None:
        problem = self.file_problem()
        if problem is not None:
            raise ProjectFileError(
                self.path, f"not saved: {problem} while it was open here; reopen the project"
            )

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Every read inside the block sees the project as of one moment (exports: a file
        written from several queries must not mix two states of the project).

        One read transaction: ``BEGIN`` and a first read, which fixes this connection's
        snapshot of the WAL; ``COMMIT`` when the block ends (``ROLLBACK`` if it raises).
        Other connections may commit meanwhile, unseen here until the block ends; the WAL
        cannot be checkpointed past this reader, so it grows while the block runs.
        Inside :meth:`transaction` or another ``read_snapshot`` the block simply joins
        (the outer transaction is already one snapshot). Writing inside is a programming
        error: :meth:`transaction` raises ``RuntimeError``. A failure of SQLite itself
        (disk, lock) raises :class:`ProjectFileError`.
        """
        if self._depth or self._reading:
            yield
            return
        conn = self.db.conn
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise ProjectFileError(self.path, describe(error)) from None
        self._reading = True
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError):
                raise ProjectFileError(self.path, describe(error)) from None
            raise
        finally:
            self._reading = False

    def check_writable(self) -> None:
        """Raise :class:`ProjectFileError` (one line: the project is read-only, and why)
        when this project was opened read-only."""
        if self.read_only:
            raise ProjectFileError(self.path, media.read_only_refusal(self.read_only_reason))

    def info(self, key: str, default: str = "") -> str:
        """A value of the project's key/value table (for example ``name``)."""
        row = self.db.conn.execute(
            "SELECT value FROM project_info WHERE key = ?", [key]
        ).fetchone()
        return row[0] if row else default

    def set_info(self, key: str, value: str) -> None:
        """Set a key of the project's key/value table (inside a transaction)."""
        self.db.conn.execute(
            "INSERT INTO project_info (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def guid_in_use(self, table: str, guid: str) -> bool:
        """Whether a record of ``table`` (documents, tags, highlights, memos) has this GUID."""
        if table not in ("documents", "tags", "highlights", "memos"):
            raise ValueError(table)
        sql = f"SELECT 1 FROM {table} WHERE guid = ?"
        return self.db.conn.execute(sql, [guid]).fetchone() is not None

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """Give this connection a 64 MB page cache for the duration (an import: a batch's
        new rows are indexed without being read back from disk), then the usual one."""
        conn = self.db.conn
        before = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {int(before)}")

    def data_version(self) -> int:
        """A number that changes when another connection commits (``PRAGMA data_version``)."""
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def integrity_ok(self) -> bool:
        """``PRAGMA integrity_check`` and a foreign-key check both pass."""
        conn = self.db.conn
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return ok and not conn.execute("PRAGMA foreign_key_check").fetchall()
