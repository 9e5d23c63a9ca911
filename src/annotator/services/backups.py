"""Automatic backups of a project, for the window and the CLI (no Qt, no SQL here).

A backup is taken when a project is opened and its file changed since the newest backup
(see :mod:`annotator.store.backups` for where they live and how change is told); the
newest ``KEEP`` are kept. Restoring moves the current file aside, never deletes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import ProjectFileError, UserError
from ..store import backups as _store
from ..store.backups import KEEP, BackupInfo

if TYPE_CHECKING:
    from .project import Project

__all__ = [
    "KEEP",
    "BackupInfo",
    "backup_if_changed",
    "list_backups",
    "offers_backup",
    "restore_backup",
]


def backup_if_changed(project: Project, *, keep: int = KEEP) -> Path | None:
    """Back ``project`` up if its file changed since its newest backup (or it has none);
    return the new backup's path, or ``None`` when none was needed (or it lives in memory).

    Call it right after opening. Raises :class:`ProjectFileError` when the backup cannot be
    written; the project itself is never affected, so callers may carry on with a warning.
    A project opened read-only is not backed up (nothing can change it through this
    program, and the copy would only fill the data folder).
    """
    if project.path == ":memory:" or project.read_only:
        return None
    if not _store.changed_since_last_backup(project.path):
        return None
    return _store.write_backup(project.store, keep=keep)


def list_backups(project_path: str | Path) -> list[BackupInfo]:
    """The backups of the project at ``project_path``, newest first (may be empty)."""
    return _store.list_backups(project_path)


def restore_backup(project_path: str | Path, backup: BackupInfo | Path) -> Path | None:
    """Replace the project file by a copy of ``backup``; return where the replaced file
    was moved (``NAME.damaged-<stamp>`` beside it), or ``None`` if there was no file.

    The project must not be open (close it first, in this process too): raises
    :class:`ProjectFileError`, changing nothing, when another program has it open or the
    backup is not a whole project.
    """
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    return _store.restore(project_path, source)


def offers_backup(error: UserError) -> bool:
    """Whether restoring a backup is a sensible answer to this failure to open a project:
    the file is damaged or no longer a project, rather than busy, missing, too new, on a
    full disk or a read-only medium (the file is sound there: a backup would not help)."""
    if not isinstance(error, ProjectFileError):
        return False
    reason = error.reason
    return not any(
        word in reason
        for word in ("busy", "newer version", "no such project", "is a folder", "does not exist",
                     "disk is full", "disk quota", "read-only", "cannot be written",
                     "write-protected")
    )
