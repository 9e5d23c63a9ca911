"""Is a connection still on the project that other processes see?

A connection keeps the database, ``-wal`` and ``-shm`` files it opened. If another
program deletes the ``-wal`` under it (SQLite does so when it wrongly believes it is the
last user of the file) or replaces the project file (a restore, a copy over it), the
connection goes on reading and writing files that nobody else will ever see: a fork.
:class:`FileIdentity` remembers which files a connection opened and tells, with a few
``stat`` calls, when the names now lead elsewhere.

:func:`unsaved_frames` reads the wal-index header of a connection's ``-shm`` through the
descriptor SQLite itself holds (``pread``: no descriptor is opened or closed, so no lock
is dropped) to tell whether the connection's WAL holds commits that no checkpoint has
copied into the database file yet: after a fork, those exist only in this process.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from .open_files import file_key

#: Offsets in the wal-index (``-shm``) of ``mxFrame`` (the last valid frame, in the
#: first copy of the header) and ``nBackfill`` (frames copied into the database), both
#: 32-bit integers in the machine's byte order.
_MX_FRAME_OFFSET = 16
_BACKFILL_OFFSET = 96
_HEADER_BYTES = 136

Key = tuple[int, int]


@dataclass(frozen=True)
class FileIdentity:
    """The files a connection opened: the database and, once it exists, its WAL and
    wal-index (``None`` when absent at the time, as on a read-only medium)."""

    path: str
    database: Key | None
    wal: Key | None
    shm: Key | None

    @classmethod
    def of(cls, path: str) -> FileIdentity:
        """The identity of the files at ``path`` now (call right after opening)."""
        return cls(path, file_key(path), file_key(f"{path}-wal"), file_key(f"{path}-shm"))

    def problem(self) -> str | None:
        """Why the names no longer lead to this connection's files, or ``None``.

        Costs two ``stat`` calls; meant for every write and a poll once a second.
        """
        if file_key(self.path) != self.database:
            return "the project file was replaced, moved or deleted by another program"
        if self.wal is not None and file_key(f"{self.path}-wal") != self.wal:
            return f"another program deleted the project's {os.path.basename(self.path)}-wal"
        return None


def unsaved_frames(shm: Key | None) -> int | None:
    """How many WAL frames of this process's connection to the wal-index ``shm`` are not
    yet in the database file (``mxFrame - nBackfill``); ``None`` when unknown (no
    ``/proc``, or no descriptor of that file is open in this process)."""
    if shm is None:
        return None
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return None
    for name in names:
        try:
            descriptor = int(name)
            stat = os.fstat(descriptor)
        except (OSError, ValueError):
            continue
        if (stat.st_dev, stat.st_ino) != shm:
            continue
        try:
            header = os.pread(descriptor, _HEADER_BYTES, 0)
        except OSError:
            return None
        if len(header) < _HEADER_BYTES:
            return None
        (last_frame,) = struct.unpack_from("=I", header, _MX_FRAME_OFFSET)
        (backfilled,) = struct.unpack_from("=I", header, _BACKFILL_OFFSET)
        return max(0, int(last_frame) - int(backfilled))
    return None
