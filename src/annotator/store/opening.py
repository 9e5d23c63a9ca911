"""The steps and checks of opening a project file, before a :class:`~.database.Store`
exists: what can be told from the file's bytes (read only while no connection of this
process has it open), its owner and version, creating a new file complete, migrating,
and the words for SQLite's errors.
"""

from __future__ import annotations

import os
import secrets
import sys
from contextlib import suppress
from pathlib import Path

from sqlite_utils import Database

from ..domain.errors import ProjectFileError
from . import media, open_files
from .file_header import header_problem
from .schema import APPLICATION_ID, MIGRATIONS, known_migration_names
from .sqlite_library import sqlite3

SQLITE_MAGIC = b"SQLite format 3\x00"
#: The start of every "damaged" reason (the window offers the last backup for these).
DAMAGED = "the project file is damaged"


def check_file(path: str, create: bool) -> int | None:
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


def check_pages(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a file whose pages do not hold together (``PRAGMA quick_check``)."""
    first = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    if first != "ok":
        said = " ".join(str(first).replace("*** in database main ***", "").split())
        raise ProjectFileError(path, f"{DAMAGED} (the integrity check says: {said})")


def create_file(path: str) -> None:
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
            migrate(db, str(temporary))
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


def check_owner(conn: sqlite3.Connection, path: str) -> None:
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


def check_version(db: Database, path: str) -> None:
    known = set(known_migration_names())
    unknown = [m.name for m in MIGRATIONS.applied(db) if m.name not in known]
    if unknown:
        raise ProjectFileError(
            path,
            f"written by a newer version of Annotator (it has migration {unknown[0]!r}); "
            "update Annotator to open it; the file was not changed",
        )


def migrate(db: Database, path: str) -> None:
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


def describe(error: sqlite3.Error, path: str | None = None) -> str:
    medium = media.write_problem_reason(error, path) if path and path != ":memory:" else None
    if medium:
        return medium
    message = str(error)
    if "locked" in message or "busy" in message:
        return "the project is busy: another program is writing to it; try again in a moment"
    if "not a database" in message or "malformed" in message:
        return f"{DAMAGED} ({message})"
    return f"cannot use the project file ({message})"
