"""The medium under a project file: read-only media, full disks, files a failed open made.

**Read-only media** (a CD, a read-only share or mount, a write-protected USB stick).
:func:`connect` opens a project read-write when it can; when the file or its folder cannot
be written it opens it read-only and says why. SQLite reads a WAL-mode file read-only
(URI ``mode=ro``) only where its ``-shm`` and ``-wal`` exist or can be created. Where they
cannot, ``immutable=1`` reads the file itself, without any lock or ``-shm``; that is right
only when no ``-wal`` holds content, since ``immutable`` ignores the WAL: commits still
in it would be silently missing. Such a file is refused, with a message saying to copy it
(with its ``-wal``) to a writable folder. ``immutable`` also assumes nobody changes the
file meanwhile (nobody can through a read-only medium; a read-only view of a share that
its server writes is the exception: the reader then sees a snapshot, at worst an
inconsistent one until reopened).

**Full disks.** SQLite reports a write that found no room as ``SQLITE_FULL``, but as a
plain ``SQLITE_IOERR`` ("disk I/O error") when growing the ``-shm``, truncating or
syncing failed, and as ``SQLITE_CANTOPEN`` when no file could be created (no inode
left), and Python's ``sqlite3`` does not give the ``errno`` underneath. Such an error
while the project's folder has less than ``FULL_BELOW_BYTES`` free (or no inode left)
is therefore taken for a full disk. :func:`write_problem_reason` turns both (and ``ENOSPC``,
``EDQUOT``, ``EROFS`` from the operating system) into a line naming the folder and its
free space.

**Leftovers.** A failed open may leave a ``-shm`` and an empty ``-wal`` that SQLite
created and could not remove (it removes them only after a checkpoint on close).
:func:`remove_created_companions` removes the ones that were not there before, as SQLite
itself would: only while no connection of any process uses the file (an exclusive lock on
the file's SQLite lock bytes proves it) and never a ``-wal`` with content. POSIX only (on
Windows nothing is removed; SQLite reuses them at the next open).
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from ..domain.errors import ProjectFileError
from ..domain.wording import plural
from . import open_files
from .sqlite_library import sqlite3

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

COMPANIONS = ("-wal", "-shm")
#: An SQLite I/O error while the project's folder has less free space than this is taken
#: for a full disk (the writes that fail are a page, a WAL frame or 32 KiB of ``-shm``).
FULL_BELOW_BYTES = 1 << 20
#: SQLite's primary result codes (an extended code keeps its primary one in the low byte).
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
#: The bytes SQLite's unix VFS locks in a database file: every open connection holds a
#: shared lock on this range (in WAL mode, for as long as it is open).
_SHARED_FIRST = 0x40000000 + 2
_SHARED_SIZE = 510

READ_ONLY_MEDIUM = "the project is on a read-only medium"


def primary_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code for ``error`` (from its message where the module
    does not give the code), or ``None``."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    message = str(error)
    for words, found in (("disk is full", SQLITE_FULL), ("disk I/O error", SQLITE_IOERR),
                         ("readonly", SQLITE_READONLY), ("unable to open", SQLITE_CANTOPEN)):
        if words in message:
            return found
    return None


def _existing(folder: str | Path) -> Path:
    """``folder``, or its nearest parent that exists."""
    path = Path(os.path.abspath(folder))
    return next((p for p in (path, *path.parents) if p.exists()), path)


def free_bytes(folder: str | Path) -> int | None:
    """The space left for this user in the file system of ``folder`` (or of its nearest
    existing parent), or ``None`` if unknown."""
    try:
        return shutil.disk_usage(_existing(folder)).free
    except OSError:
        return None


def no_file_left(folder: str | Path) -> bool:
    """Whether ``folder``'s file system can hold no more files (its inodes are used up;
    ``False`` where unknown or unlimited)."""
    try:
        stat = os.statvfs(_existing(folder))
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return stat.f_files > 0 and stat.f_favail == 0


def no_room(folder: str | Path) -> bool:
    """Whether ``folder``'s disk is full: under ``FULL_BELOW_BYTES`` free, or no file left."""
    free = free_bytes(folder)
    return (free is not None and free < FULL_BELOW_BYTES) or no_file_left(folder)


def _size(count: int) -> str:
    if count < 1000:
        return plural(count, "byte")
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if count >= factor:
            return f"{count / factor:.3g} {unit}"
    return f"{count} bytes"  # unreachable


def disk_full(folder: str | Path) -> str:
    """The line for a full disk: ``the disk is full (FOLDER has N free); ...``."""
    free = free_bytes(folder)
    room = f"{folder} has {_size(free)} free" if free is not None else str(folder)
    if no_file_left(folder) and (free is None or free >= FULL_BELOW_BYTES):
        room = f"{folder} has room for no more files"
    return f"the disk is full ({room}); free some space, then try again"


def _folder_of(target: str | Path) -> Path:
    """``target`` itself if it is a folder, else the folder it is (or would be) in."""
    path = Path(os.path.abspath(target))
    return path if path.is_dir() else path.parent


def write_problem_reason(error: OSError | sqlite3.Error, target: str | Path) -> str | None:
    """Why writing ``target`` (a file, or a folder) failed, when the medium is the reason:
    the disk is full, the quota used up, or the medium read-only. ``None`` otherwise (the
    caller words the error itself). Looks at the medium only, never opens a file."""
    folder = _folder_of(target)
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return disk_full(folder)
        if error.errno == errno.EDQUOT:
            return f"your disk quota is used up ({folder}); free some space, then try again"
        if error.errno == errno.EROFS:
            return f"{folder} is on a read-only medium"
        return None
    code = primary_code(error)
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN) and _mounted_read_only(str(folder)):
        return f"{folder} is on a read-only medium"
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN) and no_room(folder):
        return disk_full(folder)  # growing the -shm, or creating the -wal, failed
    if code != SQLITE_FULL:
        return None
    free = free_bytes(folder)
    if free is None or no_room(folder):
        return disk_full(folder)
    # Room here: SQLite's temporary files (a big sort, an index) found none elsewhere.
    return (f"a disk is full: SQLite could not write ({folder} still has {_size(free)} free, "
            "so it is probably the temporary folder); free some space, then try again")


# -- read-only media ------------------------------------------------------------------------

def _mounted_read_only(folder: str) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): os.access tells
        return False


def write_problem(path: str) -> str | None:
    """Why the existing project at ``path`` cannot be written, as far as the system tells
    without opening it (a descriptor closed here would drop SQLite's locks), or ``None``.

    A read-only mount, a write-protected file, or a folder where SQLite cannot create the
    ``-wal`` and ``-shm`` it needs (when they are not there, writable, already).
    """
    folder = os.path.dirname(os.path.abspath(path))
    if _mounted_read_only(folder):
        return READ_ONLY_MEDIUM
    if not os.access(path, os.W_OK):
        return "the project file is write-protected"
    companions = [f"{path}{suffix}" for suffix in COMPANIONS]
    if not os.access(folder, os.W_OK) and not all(os.access(c, os.W_OK) for c in companions):
        return f"its folder {folder} cannot be written"
    return None


def read_only_warning(path: str, reason: str) -> str:
    """The warning shown once when a project was opened read-only for ``reason``."""
    return f"{path}: {reason}: opened read-only; copy it to a writable folder to edit it"


def read_only_refusal(reason: str) -> str:
    """The reason a write to a read-only project is refused (one line, after the path)."""
    return (f"the project is read-only ({reason.removeprefix('the project is ')}); "
            "copy it to a writable folder to edit it")


def upgrade_refusal(reason: str) -> str:
    """Why a project that needs a migration cannot be opened read-only (after the path)."""
    return (f"written by an older version of Annotator and must be upgraded to be opened, "
            f"which cannot be done here ({reason}); copy it to a writable folder to open it")


def wal_refusal(path: str, reason: str) -> str:
    """Why a read-only project whose ``-wal`` cannot be read here is refused."""
    return (f"{reason}, and its latest changes are still in {Path(path).name}-wal, which "
            "SQLite can only read where it may write beside it; copy the project with its "
            "-wal file to a writable folder and open the copy")


def _probe(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """The first read: SQLite opens the WAL and the ``-shm`` here, not in ``connect``."""
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _cannot_write(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.OperationalError) and primary_code(error) in (
        SQLITE_READONLY, SQLITE_CANTOPEN)


def connect(path: str, busy_timeout_ms: int) -> tuple[sqlite3.Connection, str | None]:
    """Connect to the existing project file at ``path`` and read its schema once; return
    the connection and, when it had to be opened read-only, why (else ``None``).

    Read-write when :func:`write_problem` sees nothing against it and SQLite agrees;
    otherwise read-only (see the module's docstring for ``mode=ro`` and ``immutable``).
    Raises ``sqlite3.Error`` as SQLite reports it, and :class:`ProjectFileError` for a
    read-only file whose last commits are in a ``-wal`` that cannot be read here.
    """
    reason = write_problem(path)
    if reason is None:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            _probe(conn, busy_timeout_ms)
            return conn, None
        except sqlite3.Error as error:
            conn.close()
            if not _cannot_write(error) or no_room(os.path.dirname(os.path.abspath(path))):
                raise  # (a full disk is said as such, not read-only)
        reason = "the project file or its folder cannot be written"
    return connect_read_only(path, reason, busy_timeout_ms), reason


def connect_read_only(path: str, reason: str, busy_timeout_ms: int) -> sqlite3.Connection:
    """Connect to the existing file at ``path`` read-only (``mode=ro``; ``immutable`` where
    the ``-shm`` cannot be made and no ``-wal`` holds content) and read its schema once.
    ``reason`` says why it is read-only, in the refusal of a ``-wal`` that cannot be read."""
    uri = Path(os.path.abspath(path)).as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False)
    try:
        _probe(conn, busy_timeout_ms)
        return conn
    except sqlite3.Error as error:
        conn.close()
        if not _cannot_write(error):
            raise
    if _wal_size(path):
        raise ProjectFileError(path, wal_refusal(path, reason))
    conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None,
                           check_same_thread=False)
    try:
        _probe(conn, busy_timeout_ms)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _wal_size(path: str) -> int:
    try:
        return os.stat(f"{path}-wal").st_size
    except OSError:
        return 0


# -- what a failed open leaves --------------------------------------------------------------

def companions(path: str) -> frozenset[str]:
    """Which of ``-wal`` and ``-shm`` exist beside ``path`` (call before connecting)."""
    return frozenset(s for s in COMPANIONS if os.path.lexists(f"{path}{s}"))


def remove_created_companions(path: str, before: frozenset[str]) -> None:
    """After a failed open (its connection closed): remove the ``-shm``, and the ``-wal``
    if empty, that were not there ``before``, provided no connection of any process has
    the file open. Does nothing where that cannot be known: another connection of this
    process (its locks are this process's own), no POSIX locks (Windows), or a file this
    process cannot open for writing.
    """
    created = [s for s in COMPANIONS if s not in before and os.path.exists(f"{path}{s}")]
    if not created or fcntl is None or open_files.is_open_here(path):
        return
    try:
        handle = os.open(path, os.O_RDWR)
    except OSError:
        return
    try:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB, _SHARED_SIZE, _SHARED_FIRST)
        except OSError:
            return  # another process uses the file: they are its files now
        # Held while removing: a process that opens the file meanwhile waits for it.
        for suffix in created:
            name = f"{path}{suffix}"
            try:
                if suffix == "-wal" and os.stat(name).st_size:
                    continue  # commits of another process, closed since: never lost
                os.unlink(name)
            except OSError:
                continue
    finally:
        os.close(handle)  # (drops the lock; nothing else of this process holds the file)
