"""Leaving a fork: a connection whose ``-wal`` or file was taken away under it.

See :mod:`.file_identity` for how a fork is noticed. :func:`reconnect` closes the
forked connection without letting it checkpoint (its WAL frames would overwrite pages
that other processes wrote since), after keeping a copy of its view when that view may
hold commits that are nowhere else, and opens the project at its path again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import ProjectFileError
from . import open_files
from .file_identity import unsaved_frames
from .sqlite_library import sqlite3

if TYPE_CHECKING:
    from .database import Store


def reconnect(store: Store) -> str:
    """Reconnect ``store`` to the file at its path; returns one sentence for the user
    ("" when the store was not on a fork).

    Raises :class:`ProjectFileError` (the store stays as it was, refusing writes) when
    the project file is gone, or when another connection of this process (a background
    task) still uses the forked file: SQLite shares one wal-index per file within a
    process, so a new connection would join the fork. If the new connection cannot be
    opened after the old one was closed, the error says so and the store is unusable.
    """
    with open_files.lifecycle:
        problem = store.file_problem()
        if problem is None:
            return ""
        if open_files.file_key(store.path) is None:
            raise ProjectFileError(
                store.path, f"{problem}; edits are refused until it is opened where it is now"
            )
        if open_files.connections_here(store._file_key) > 1:
            raise ProjectFileError(
                store.path, f"{problem}; edits are refused until the background task ends"
            )
        kept = _keep_view_if_unsaved(store)
        _close_forked(store)
        from .database import Store

        store._adopt(Store._open_unlocked(store.path, create=False))
    sentence = f"{problem[0].upper()}{problem[1:]}; reconnected to {Path(store.path).name}"
    if kept is not None:
        return (f"{sentence}. The last edits may be only in the copy kept as {kept.name}: "
                "open it to check.")
    return f"{sentence}; nothing was lost."


def _keep_view_if_unsaved(store: Store) -> Path | None:
    """Copy what the forked connection sees to ``NAME.unsaved-<UTC stamp>`` beside the
    project when its WAL may hold commits that no checkpoint copied into the file."""
    unsaved = unsaved_frames(store._identity.shm if store._identity else None)
    if unsaved == 0 and not store.committed_into_fork:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    copy = Path(f"{store.path}.unsaved-{stamp}")
    target = sqlite3.connect(copy)
    try:
        store.db.conn.backup(target)
    except sqlite3.Error as error:
        raise ProjectFileError(
            store.path, f"{store.fork}; the window's view could not be kept ({error})"
        ) from None
    finally:
        target.close()
    return copy


def _close_forked(store: Store) -> None:
    """Close the forked connection with the file's guard still locked, so that SQLite's
    close cannot take the EXCLUSIVE lock it needs to checkpoint into the live file."""
    guard = open_files.closing(store._file_key, keep_locked=True)
    store.db.conn.close()
    if guard is not None:
        guard.close()
    store._file_key = None
