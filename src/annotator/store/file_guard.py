"""A claim on an open project file that no stray ``close`` in this process can drop.

SQLite coordinates processes with POSIX record locks, which belong to a process and a
file: closing *any* descriptor of the file in the process drops them all. Qt's file
dialog sniffing a file's type, a folder import reading every file, a backup reading the
bytes: each would let another process believe that nobody else has the project open.
That process then takes the database's EXCLUSIVE lock when it closes, checkpoints, and
deletes the ``-wal`` and ``-shm`` under this one, or finds the ``-shm``'s DMS byte free
when it opens and rebuilds the wal-index under this one: from then on the two processes
work on two different projects, and a later checkpoint damages the file.

Linux's open-file-description locks (``F_OFD_SETLK``, Linux 3.15+) belong to one open
file description instead, and closing other descriptors leaves them alone; they conflict
with POSIX locks of every process, this one included. While this process has a project
open, a :class:`FileGuard` holds OFD *read* locks on exactly the bytes that other
connections consult before such a reset:

* the SHARED range of the database file (a closing connection elsewhere asks for an
  EXCLUSIVE lock there before it checkpoints and deletes the WAL: refused, so it leaves
  them in place, as it does whenever another connection is open);
* the DMS byte of the ``-shm`` file (an opening connection elsewhere tests it to learn
  whether it is the first one: it is not, so it keeps the wal-index).

Readers and writers elsewhere are not hindered: they take read locks on those bytes
(compatible) and their write locks on other bytes. The guard is taken after SQLite has
opened the file (SQLite initialises the ``-shm`` itself when this process is the first)
and unlocked just before this process's last connection closes (so that the last
connection anywhere still checkpoints and removes the WAL); its descriptors are closed
only after SQLite has closed its own, when closing them can drop no lock of SQLite's.

Where OFD locks do not exist (macOS, Windows, old kernels) :meth:`FileGuard.take` returns
an inert guard: Windows has no such hazard (its locks belong to handles), and on macOS the
rule of :mod:`.open_files` (never open a project file outside SQLite) is the protection.
"""

from __future__ import annotations

import os
import struct
import sys
import time
from contextlib import suppress

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

#: SQLite's lock bytes (os_unix.c): the database's PENDING byte, then RESERVED, then the
#: 510-byte SHARED range; in the ``-shm`` file, the DMS byte after the eight WAL locks.
PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
SHM_DMS_BYTE = 120 + 8

#: ``struct flock`` of 64-bit Linux: l_type, l_whence, l_start, l_len, l_pid (+ padding).
_FLOCK = "hhqqi4x"
_OFD_SETLK: int | None = getattr(fcntl, "F_OFD_SETLK", None) if fcntl is not None else None
SUPPORTED = (
    sys.platform.startswith("linux") and _OFD_SETLK is not None and struct.calcsize("P") == 8
)


class FileGuard:
    """OFD read locks held on one project file (and its ``-shm``) by this process.

    Not thread-safe by itself: :mod:`.open_files` takes and drops guards under its lock.
    """

    def __init__(self, locks: list[tuple[int, int, int]], idle: list[int] | None = None) -> None:
        #: (descriptor, first byte, length) of each lock held.
        self._locks = locks
        #: Descriptors whose lock was refused: kept open, since closing one would drop
        #: SQLite's own locks on the file.
        self._idle = idle or []
        self.locked = bool(locks)

    @classmethod
    def take(cls, path: str) -> FileGuard:
        """Lock the SHARED range of ``path`` and the DMS byte of ``path-shm`` (whichever
        exist); an inert guard where OFD locks are unavailable or refused.

        Call only while a connection of this process has the file open.
        """
        if not SUPPORTED:
            return cls([])
        locks: list[tuple[int, int, int]] = []
        idle: list[int] = []
        for name, start, length in ((path, SHARED_FIRST, SHARED_SIZE),
                                    (f"{path}-shm", SHM_DMS_BYTE, 1)):
            try:
                descriptor = os.open(name, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                continue  # no -shm (a read-only medium, say): nothing there to guard
            if _lock_soon(descriptor, start, length):
                locks.append((descriptor, start, length))
            else:
                idle.append(descriptor)
        return cls(locks, idle)

    def unlock(self) -> None:
        """Drop the OFD locks (before this process's last connection closes), keeping the
        descriptors open: closing them now would drop SQLite's POSIX locks."""
        if self.locked:
            for descriptor, start, length in self._locks:
                _ofd_lock(descriptor, _unlock(), start, length)
            self.locked = False

    def close(self) -> None:
        """Close the descriptors (after SQLite has closed its own on the file)."""
        self.locked = False
        descriptors = [lock[0] for lock in self._locks] + self._idle
        self._locks, self._idle = [], []
        for descriptor in descriptors:
            with suppress(OSError):
                os.close(descriptor)


def _lock_soon(descriptor: int, start: int, length: int) -> bool:
    """A read lock on the bytes, retried for up to ~0.2 s: another process holds a write
    lock there only for a moment (while it checks whether it is alone)."""
    for _attempt in range(100):
        if _ofd_lock(descriptor, _read_lock(), start, length):
            return True
        time.sleep(0.002)
    return False


def _read_lock() -> int:
    return int(fcntl.F_RDLCK)


def _unlock() -> int:
    return int(fcntl.F_UNLCK)


def _ofd_lock(descriptor: int, kind: int, start: int, length: int) -> bool:
    """Set an OFD lock of ``kind`` on bytes ``[start, start + length)``; False if refused."""
    assert _OFD_SETLK is not None  # only called when SUPPORTED
    request = struct.pack(_FLOCK, kind, os.SEEK_SET, start, length, 0)
    try:
        fcntl.fcntl(descriptor, _OFD_SETLK, request)
    except OSError:
        return False
    return True
