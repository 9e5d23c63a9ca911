"""A new project file built under a hidden name beside its final path, then linked into place.

Work whose outcome decides whether a project should exist at all (an import into a project
that does not exist yet) is done in a *staged* file: ``.NAME.importing-XXXXXXXX`` in the
folder of ``NAME``. :func:`publish_staged` links it to its final path only if nothing is
there, atomically where the file system has hard links, so a project path never shows a
half-made project and a file another program created meanwhile is never replaced;
:func:`discard_staged` removes it with its SQLite companions. A kill in between leaves at
most hidden ``.NAME.importing-*`` files, which folder imports skip.

Both functions only link, rename and unlink: they never open the file, so they do not
disturb SQLite's POSIX locks (see :mod:`.open_files`); still, every connection to the
staged file must be closed first, or its WAL would be left behind.
"""

from __future__ import annotations

import errno
import os
import secrets
from contextlib import suppress
from pathlib import Path

from . import open_files
from .opening import sync_folder

#: SQLite's companions of a database file (WAL mode, and rollback journal mode).
_COMPANIONS = ("-wal", "-shm", "-journal")


def staging_path(final: Path) -> Path:
    """A fresh hidden path beside ``final`` for building it: ``.NAME.importing-XXXXXXXX``."""
    return final.with_name(f".{final.name}.importing-{secrets.token_hex(4)}")


def publish_staged(staged: Path, final: Path) -> bool:
    """Give the closed project file ``staged`` the path ``final``, unless something is
    there already; return whether it was published. ``staged`` is gone either way.

    With hard links the check and the placing are one atomic step; on a file system
    without them (some network and FAT ones) ``final`` is checked, then ``staged`` renamed.
    When the last checkpoint could not complete (a full disk), the newest commits are
    still in ``staged``'s WAL: it is placed beside ``final`` right after the file, so that
    a kill in between leaves a valid older project and never a WAL without its file.
    Raises :class:`OSError` when the folder refuses the link or the rename, or when a
    connection of this process still has ``staged`` open (EBUSY; its WAL may not be moved
    under it).
    """
    wal = Path(f"{staged}-wal")
    try:
        if open_files.is_open_here(staged):
            raise OSError(errno.EBUSY, "the new project file is still open")
        try:
            os.link(staged, final)
        except FileExistsError:
            return False
        except OSError:  # no hard links here
            if os.path.lexists(final):
                return False
            os.rename(staged, final)
        if wal.exists() and wal.stat().st_size:
            os.replace(wal, f"{final}-wal")
        sync_folder(final.parent)
        return True
    finally:
        discard_staged(staged)


def discard_staged(staged: Path) -> None:
    """Remove the staged file and any SQLite companion of it (``-wal``, ``-shm``)."""
    for suffix in ("", *_COMPANIONS):
        with suppress(OSError):
            os.unlink(f"{staged}{suffix}")
