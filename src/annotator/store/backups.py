"""Automatic backups of project files: consistent copies, kept in the user data folder.

A project's backups live in ``paths.data_dir()/backups/<stem>-<8 hex of sha1(abs path)>/``
as ``YYYYMMDD-HHMMSS.annotator`` (UTC; ``-2``, ``-3``... when several fall in one second).
Each is written with SQLite's backup API under a temporary name and renamed into place, so
a listed backup is always complete; each is a plain (rollback-journal) SQLite file that
opens as a project. ``last-backup.json`` in the folder records the project file's size
and modification time (and its WAL's) when the newest backup was taken, which tells
whether the project changed since without reading it (when those times were too fresh to
be trusted, the next opening takes a backup anyway).

Nothing here opens the project file itself while SQLite has it open: closing any other
descriptor of a file drops every POSIX lock the process holds on it, SQLite's included,
and another process may then checkpoint and reset the WAL under this one's feet (lost
commits, a damaged file). Only ``stat`` is used on an open project.

Restoring never deletes anything: the current file (and its ``-wal``/``-shm``) is renamed
``NAME.damaged-YYYYMMDD-HHMMSS`` beside it before the backup's copy takes its place.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..domain.errors import ProjectFileError
from . import media, open_files
from .opening import SQLITE_MAGIC, sync_folder
from .schema import APPLICATION_ID
from .sqlite_library import sqlite3

if TYPE_CHECKING:
    from .database import Store

KEEP = 5
MARKER_NAME = "last-backup.json"
_NAME = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?\.annotator$")
_STAMP = "%Y%m%d-%H%M%S"
_COMPANIONS = ("-wal", "-shm", "-journal")
#: A file time this close to when it was read may hide a later change in the same tick:
#: where times are whole seconds (FAT counts in 2 s)...
RACY_NS = 3_000_000_000
#: ...and where they carry fractions of a second (a few ticks of the kernel's clock).
FINE_RACY_NS = 100_000_000


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when it was taken (UTC), its size in bytes."""

    path: Path
    taken_at: datetime
    size: int


def backup_folder(project_path: str | Path) -> Path:
    """The folder holding the backups of the project at ``project_path`` (not created)."""
    absolute = Path(project_path).resolve()
    digest = hashlib.sha1(str(absolute).encode("utf-8")).hexdigest()[:8]
    return paths.data_dir() / "backups" / f"{absolute.stem}-{digest}"


def file_marker(project_path: str | Path) -> list[int]:
    """Size and modification time of the project file and of its WAL when not empty.

    Any commit changes the WAL or (after a checkpoint) the file, so an unchanged marker
    means an unchanged project, unless the change fell in the same clock tick as the
    marker was taken (see :func:`changed_since_last_backup`). A checkpoint alone may
    change it too: at worst a spare backup.
    """
    path = Path(project_path)
    stat = path.stat()
    marker = [stat.st_size, stat.st_mtime_ns]
    try:
        wal = Path(f"{path}-wal").stat()
    except OSError:
        return marker
    return marker + ([wal.st_size, wal.st_mtime_ns] if wal.st_size else [])


def _racy(marker: list[int], recorded_ns: int) -> bool:
    """Whether a file time in ``marker`` is so close to when it was recorded that a later
    change could carry the same time. Times in whole seconds are taken for a coarse clock
    (rarely, a fine one that fell on the second: a spare backup at worst)."""
    times = marker[1::2]
    coarse = any(t % 1_000_000_000 == 0 for t in times)
    return recorded_ns - max(times) < (RACY_NS if coarse else FINE_RACY_NS)


def changed_since_last_backup(project_path: str | Path) -> bool:
    """Whether the project changed since its newest backup (``True`` if it has none).

    Compares the file marker recorded with that backup; a marker that was "racy" (file
    times within ``RACY_NS`` of when it was recorded: a later change may carry the same
    times) is not trusted, so the project counts as changed: at worst a spare backup.
    """
    if not list_backups(project_path):
        return True
    try:
        text = (backup_folder(project_path) / MARKER_NAME).read_text(encoding="utf-8")
        recorded = json.loads(text)
    except (OSError, ValueError):
        return True
    if not isinstance(recorded, dict) or recorded.get("marker") != file_marker(project_path):
        return True
    return bool(recorded.get("racy", True))


def write_backup(store: Store, *, keep: int = KEEP, now: datetime | None = None) -> Path:
    """Copy the open project consistently into its backup folder, keep the newest ``keep``
    backups, record the file marker; return the new backup's path.

    Readers and writers of other processes are not blocked (WAL). Raises
    :class:`ProjectFileError` when the copy cannot be written (the project is untouched).
    """
    folder = backup_folder(store.path)
    marker = file_marker(store.path)
    recorded_ns = time.time_ns()
    partial = folder / f".partial-{secrets.token_hex(4)}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            store.db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        final = _free_name(folder, now or datetime.now(UTC))
        os.replace(partial, final)
        (folder / MARKER_NAME).write_text(
            json.dumps({"project": str(Path(store.path).resolve()), "marker": marker,
                        "recorded_ns": recorded_ns, "racy": _racy(marker, recorded_ns)}),
            encoding="utf-8",
        )
    except (OSError, sqlite3.Error) as error:
        for name in (partial, *(Path(f"{partial}{suffix}") for suffix in _COMPANIONS)):
            with suppress(OSError):
                name.unlink()
        medium = media.write_problem_reason(error, folder)
        reason = f": {medium}" if medium else f" ({_reason(error)})"
        raise ProjectFileError(str(folder), f"cannot write a backup{reason}") from None
    for old in list_backups(store.path)[keep:]:
        old.path.unlink(missing_ok=True)
    return final


def _free_name(folder: Path, now: datetime) -> Path:
    """``STAMP.annotator``, or ``STAMP-N.annotator`` after the highest N of that second
    (never a freed lower one: names must sort in the order the backups were taken)."""
    stamp = now.astimezone(UTC).strftime(_STAMP)
    counters = [int(m[2] or 1) for e in folder.iterdir()
                if (m := _NAME.match(e.name)) and m[1] == stamp]
    if not counters:
        return folder / f"{stamp}.annotator"
    return folder / f"{stamp}-{max(counters) + 1}.annotator"


def list_backups(project_path: str | Path) -> list[BackupInfo]:
    """The project's backups, newest first (files not named like a backup are ignored)."""
    folder = backup_folder(project_path)
    found: list[tuple[tuple[str, int], BackupInfo]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        taken = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
        found.append(((match[1], int(match[2] or 1)), BackupInfo(entry, taken, size)))
    return [info for _, info in sorted(found, key=lambda item: item[0], reverse=True)]


def check_backup(backup_path: str | Path) -> None:
    """Raise :class:`ProjectFileError` unless ``backup_path`` is a whole Annotator project
    (read only: the file is not changed)."""
    path = Path(backup_path)
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise ProjectFileError(str(path), "not a backup of a project")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            owner = conn.execute("PRAGMA application_id").fetchone()[0]
            check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as error:
        raise ProjectFileError(str(path), f"cannot use this backup ({_reason(error)})") from None
    if owner != APPLICATION_ID:
        raise ProjectFileError(str(path), "not a backup of a project")
    if check != "ok":
        raise ProjectFileError(str(path), f"the backup is damaged ({check})")


def project_in_use(project_path: str | Path) -> bool:
    """Whether a connection (this process or another) has the SQLite file at
    ``project_path`` open; ``False`` for a file that is absent or not SQLite.

    Probes for an exclusive lock without waiting, through a temporary hard link: locks
    belong to the file, while SQLite looks for a WAL by name, so the probe finds none
    and cannot fold a leftover WAL into the file. Without hard links the probe is made
    on the file itself only when it has no WAL (else: ``False``, unknown).
    """
    path = Path(project_path)
    if open_files.is_open_here(path):
        return True  # (and reading it would drop this process's locks on it)
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return False
    except OSError:
        return False
    link = path.with_name(f".{path.name}.probe-{secrets.token_hex(4)}")
    try:
        os.link(path, link)
    except OSError:
        wal = Path(f"{path}-wal")
        return not (wal.exists() and wal.stat().st_size) and _locked(path)
    try:
        return _locked(link)
    finally:
        for name in (str(link), *(f"{link}{suffix}" for suffix in _COMPANIONS)):
            Path(name).unlink(missing_ok=True)


def _locked(path: Path) -> bool:
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        return "locked" in str(error) or "busy" in str(error)
    except sqlite3.DatabaseError:
        return False  # damaged: nothing SQLite can lock
    finally:
        conn.close()
    return False


def restore(project_path: str | Path, backup_path: str | Path,
            *, now: datetime | None = None) -> Path | None:
    """Put a copy of ``backup_path`` at ``project_path``; return where the file that was
    there now is (``NAME.damaged-<UTC stamp>``, with its ``-wal``/``-shm``), or ``None``
    if there was none.

    Refuses (:class:`ProjectFileError`, nothing changed) a backup that is not a whole
    project and a project another program has open. The copy is complete and synced
    before any rename; a kill leaves either the old file or the restored one at
    ``project_path`` (at worst with the old one already aside), never a partial copy.
    """
    project = Path(project_path)
    check_backup(backup_path)
    if project_in_use(project):
        raise ProjectFileError(
            str(project), "the project is open in another program; close it, then restore"
        )
    temporary = project.with_name(f".{project.name}.restoring-{secrets.token_hex(4)}")
    aside: Path | None = None
    try:
        shutil.copyfile(backup_path, temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        if project.exists() or any(Path(f"{project}{s}").exists() for s in _COMPANIONS):
            aside = _aside_name(project, now or datetime.now(UTC))
            _rename_if_present(project, aside)
            for suffix in _COMPANIONS:
                _rename_if_present(Path(f"{project}{suffix}"), Path(f"{aside}{suffix}"))
        os.replace(temporary, project)
        sync_folder(project.parent)
    except OSError as error:
        with suppress(OSError):
            temporary.unlink()
        medium = media.write_problem_reason(error, project.parent)
        reason = f": {medium}" if medium else f" ({_reason(error)})"
        raise ProjectFileError(str(project), f"cannot restore{reason}") from None
    return aside


def _aside_name(project: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime(_STAMP)
    candidate, counter = project.with_name(f"{project.name}.damaged-{stamp}"), 1
    while candidate.exists():
        counter += 1
        candidate = project.with_name(f"{project.name}.damaged-{stamp}-{counter}")
    return candidate


def _rename_if_present(source: Path, target: Path) -> None:
    with suppress(FileNotFoundError):
        os.rename(source, target)


def _reason(error: OSError | sqlite3.Error) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)
