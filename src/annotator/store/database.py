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

import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlite_utils import Database

from ..domain.errors import ProjectFileError
from . import media, open_files
from .documents import DocumentTable
from .file_header import header_problem
from .file_identity import FileIdentity
from .filesystems import network_filesystem
from .highlights import HighlightTable
from .schema import APPLICATION_ID, MIGRATIONS, known_migration_names
from .sqlite_library import sqlite3
from .stats import StatsQueries
from .tags import TagTable
from .wal_rescue import rescue_wal

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
#: ``PRAGMA quick_check`` runs on open for files up to this size: it reads every page,
#: measured at ~0.6 ms per MB with a warm cache (0.15 s for a 270 MB project).
QUICK_CHECK_MAX_BYTES = 200_000_000
#: Page cache of a connection while it imports (KiB; measured 3-12 % faster at 10,000
#: files than SQLite's default 2 MB).
BULK_CACHE_KIB = 65536
#: The start of every "damaged" reason (the window offers the last backup for these).
DAMAGED = "the project file is damaged"


class Store:
    """An open project file and its tables.

    Attributes ``documents``, ``tags``, ``highlights`` and ``stats`` hold the queries;
    writes must run inside :meth:`transaction`.
    """

    def __init__(self, db: Database, path: str) -> None:
        self.db = db
        self.path = path
        self.documents = DocumentTable(db)
        self.tags = TagTable(db)
        self.highlights = HighlightTable(db)
        self.stats = StatsQueries(db)
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
        size = _check_file(path, create)
        if size is None:
            _create(path)
        lost_commits = rescue_wal(path) if size is not None else None
        before = media.companions(path)
        conn: sqlite3.Connection | None = None
        try:
            conn, read_only = media.connect(path, BUSY_TIMEOUT_MS)
            db = Database(conn, execute_plugins=False)
            _check_owner(conn, path)
            _check_version(db, path)
            if quick_check and size is not None and size <= QUICK_CHECK_MAX_BYTES:
                _quick_check(conn, path)
            conn.execute("PRAGMA foreign_keys = ON")
            if read_only is not None and MIGRATIONS.pending(db):
                raise ProjectFileError(path, media.upgrade_refusal(read_only))
            if read_only is None:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                _migrate(db, path)
        except (sqlite3.DatabaseError, ProjectFileError) as error:
            if conn is not None:
                conn.close()
            media.remove_created_companions(path, before)
            if isinstance(error, ProjectFileError):
                raise
            raise ProjectFileError(path, _describe(error, path)) from None
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
        _migrate(db, ":memory:")
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
            raise ProjectFileError(self.path, _describe(error, self.path)) from None
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
                raise ProjectFileError(self.path, _describe(error, self.path)) from None
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
            raise ProjectFileError(self.path, _describe(error)) from None
        self._reading = True
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError):
                raise ProjectFileError(self.path, _describe(error)) from None
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
        """Whether a record of ``table`` (documents, tags, highlights) has this GUID."""
        if table not in ("documents", "tags", "highlights"):
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


def _check_file(path: str, create: bool) -> int | None:
    """Check what can be checked without SQLite; return the file's size (``None``: absent).

    Refuses a folder, a missing file (unless ``create``), a file that is not SQLite, and
    a damaged one: empty, shorter than its 100-byte header, not a whole number of pages,
    shorter than the page count its header vouches for (only trusted without a WAL), or
    with a damaged header field (see :mod:`.file_header`).
    """
    file = Path(path)
    if file.is_dir():
        raise ProjectFileError(path, "is a folder, not a project file")
    if not file.exists():
        if not create:
            raise ProjectFileError(path, "no such project file")
        if not file.parent.exists():
            raise ProjectFileError(path, f"the folder {file.parent} does not exist")
        return None
    if open_files.is_open_here(path):
        # Checked when this process opened it; reading it now would drop SQLite's locks.
        return file.stat().st_size
    try:
        with file.open("rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise ProjectFileError(path, f"cannot read the project file ({error.strerror})") from None
    if not header:
        raise ProjectFileError(path, f"{DAMAGED} (it is empty: 0 bytes)")
    magic = header[: len(SQLITE_MAGIC)]
    if magic != SQLITE_MAGIC[: len(magic)]:
        raise ProjectFileError(
            path, "not an Annotator project (the file is not an SQLite database)"
        )
    if len(header) < 100:
        raise ProjectFileError(path, f"{DAMAGED} (it is truncated: {size} bytes)")
    wal_size = _wal_size(path)
    problem = _size_problem(header, size, wal_size) or header_problem(header, size, wal_size)
    if problem:
        raise ProjectFileError(path, f"{DAMAGED} ({problem})")
    return size


def _size_problem(header: bytes, size: int, wal_size: int) -> str | None:
    """Why ``size`` cannot be right for a database with this header, if it cannot be."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"its header names an impossible page size, {page_size}"
    if wal_size:
        return None  # pages may live in the WAL until the next checkpoint
    if size % page_size:
        return f"it is truncated: {size} bytes is not a whole number of {page_size}-byte pages"
    pages = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96]
    if header_size_valid and pages and size < pages * page_size:
        return f"it is truncated: {size} of {pages * page_size} bytes"
    return None


def _wal_size(path: str) -> int:
    try:
        return os.stat(f"{path}-wal").st_size
    except OSError:
        return 0


def _quick_check(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a file whose pages do not hold together (``PRAGMA quick_check``)."""
    first = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    if first != "ok":
        said = " ".join(str(first).replace("*** in database main ***", "").split())
        raise ProjectFileError(path, f"{DAMAGED} (the integrity check says: {said})")


def _create(path: str) -> None:
    """Build a new, migrated project under a temporary name, then link it to ``path``.

    A kill leaves at most a hidden ``.NAME.creating-*`` file beside it, never a half
    project at ``path``. If another process created ``path`` meanwhile, its file is kept.
    A failure (a full disk, a read-only folder) leaves nothing behind.
    """
    final = Path(path)
    temporary = final.with_name(f".{final.name}.creating-{secrets.token_hex(4)}")
    try:
        conn = sqlite3.connect(temporary, isolation_level=None)
        try:
            db = Database(conn, execute_plugins=False)
            conn.execute("PRAGMA synchronous = FULL")
            _migrate(db, str(temporary))
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()  # checkpoints and removes the WAL: one self-contained file
        try:
            os.link(temporary, final)
        except FileExistsError:
            pass
        except OSError:  # no hard links here (some network or FAT file systems)
            if not final.exists():
                os.rename(temporary, final)
        sync_folder(final.parent)
    except (OSError, sqlite3.Error) as error:
        medium = media.write_problem_reason(error, final.parent)
        if medium:
            raise ProjectFileError(path, f"cannot create the project file: {medium}") from None
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise ProjectFileError(path, f"cannot create the project file ({reason})") from None
    finally:
        for suffix in ("", "-journal", *media.COMPANIONS):  # nobody else knows this name
            with suppress(OSError):
                os.unlink(f"{temporary}{suffix}")


def sync_folder(folder: Path) -> None:
    """Make a new directory entry durable (POSIX; a no-op where folders cannot be opened)."""
    if sys.platform == "win32":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _check_owner(conn: sqlite3.Connection, path: str) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return
    # A file killed while being created may hold only the migrations table.
    tables = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE '%sqlite_migrations%'"
    ).fetchone()[0]
    if app_id == 0 and not tables:
        return
    if any(m.name in known_migration_names() for m in MIGRATIONS.applied(Database(conn))):
        raise ProjectFileError(path, f"{DAMAGED} (its header is damaged: the application id "
                                     f"is {app_id & 0xFFFFFFFF:#010x}, not {APPLICATION_ID:#x})")
    raise ProjectFileError(
        path, "not an Annotator project (an SQLite database of another application)"
    )


def _check_version(db: Database, path: str) -> None:
    known = set(known_migration_names())
    unknown = [m.name for m in MIGRATIONS.applied(db) if m.name not in known]
    if unknown:
        raise ProjectFileError(
            path,
            f"written by a newer version of Annotator (it has migration {unknown[0]!r}); "
            "update Annotator to open it; the file was not changed",
        )


def _migrate(db: Database, path: str) -> None:
    pending = MIGRATIONS.pending(db)
    if not pending:
        return
    if MIGRATIONS.applied(db) and path != ":memory:":
        backup_path = f"{path}.before-{pending[0].name}.bak"
        target = sqlite3.connect(backup_path)
        try:
            db.conn.backup(target)
        except sqlite3.Error:
            target.close()
            with suppress(OSError):  # a partial copy (a full disk) must not pass for a backup
                os.unlink(backup_path)
            raise
        finally:
            target.close()
    MIGRATIONS.apply(db)


def _describe(error: sqlite3.Error, path: str | None = None) -> str:
    medium = media.write_problem_reason(error, path) if path and path != ":memory:" else None
    if medium:
        return medium
    message = str(error)
    if "locked" in message or "busy" in message:
        return "the project is busy: another program is writing to it; try again in a moment"
    if "not a database" in message or "malformed" in message:
        return f"{DAMAGED} ({message})"
    return f"cannot use the project file ({message})"
