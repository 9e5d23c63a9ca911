"""Which project files this process has open through SQLite, and their guards.

POSIX locks belong to a process and a file: closing *any* descriptor of a file drops
every lock the process holds on it, SQLite's included. Reading an open project's bytes
from Python (a header check when a background task opens its own connection, say) would
therefore let another process believe nobody uses the file, checkpoint and reset its WAL
under this one: commits lost, the file damaged. Code that would read a project file asks
:func:`is_open_here` (or :func:`is_project_file_here`, which also knows the ``-wal`` and
``-shm``) first and does without the bytes when the answer is yes.

While at least one connection of this process has a file open, a
:class:`~.file_guard.FileGuard` holds locks on it that no stray ``close`` can drop.
Connections are opened and closed under :data:`lifecycle` (see :class:`~.database.Store`),
so that a guard's descriptors are never closed while another thread is opening the file.
"""

from __future__ import annotations

import os
import threading

from .file_guard import FileGuard

#: Held while a store opens or closes a file connection: opening, closing and the guards'
#: descriptors never interleave between threads.
lifecycle = threading.RLock()
_lock = threading.Lock()
#: (device, inode) -> how many connections of this process have the file open.
_open: dict[tuple[int, int], int] = {}
#: (device, inode) -> the guard held while the count is above zero.
_guards: dict[tuple[int, int], FileGuard] = {}
#: (device, inode) -> the project file's path as opened (to recognise its -wal and -shm).
_paths: dict[tuple[int, int], str] = {}
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")


def file_key(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """The identity of the file at ``path`` (hard links share it), or ``None`` if absent."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def is_open_here(path: str | os.PathLike[str]) -> bool:
    """Whether a connection of this process has the file at ``path`` open."""
    key = file_key(path)
    with _lock:
        return key is not None and key in _open


def project_file_keys() -> frozenset[tuple[int, int]]:
    """The identities of every project file this process has open and of their
    ``-wal``, ``-shm`` and ``-journal`` files (those that exist now)."""
    with _lock:
        keys = set(_open)
        projects = list(_paths.values())
    for project in projects:
        for suffix in SIDECAR_SUFFIXES:
            key = file_key(f"{project}{suffix}")
            if key is not None:
                keys.add(key)
    return frozenset(keys)


def is_project_file_here(path: str | os.PathLike[str],
                         keys: frozenset[tuple[int, int]] | None = None) -> bool:
    """Whether ``path`` is a project file that this process has open, or the ``-wal``,
    ``-shm`` or ``-journal`` of one (by identity, so another name or a hard link is
    caught). ``keys`` from :func:`project_file_keys` saves work when asking many times."""
    key = file_key(path)
    if key is None:
        return False
    return key in (project_file_keys() if keys is None else keys)


def opened(key: tuple[int, int] | None, path: str = "") -> None:
    """Record one more connection on the file ``key`` (from :func:`file_key`); the first
    one takes the file's guard (call it after SQLite has opened the file)."""
    if key is None:
        return
    with _lock:
        count = _open.get(key, 0) + 1
        _open[key] = count
        if count == 1:
            _guards[key] = FileGuard.take(path)
            _paths[key] = os.path.abspath(path)


def closing(key: tuple[int, int] | None, *, keep_locked: bool = False) -> FileGuard | None:
    """Record that one connection on the file ``key`` is about to close.

    When it is the last one, returns the file's guard, unlocked (so that SQLite's close
    may checkpoint and remove the WAL) unless ``keep_locked`` (a connection that must not
    checkpoint: see ``Store.reconnect``); the caller closes the guard after SQLite has
    closed the file. Otherwise returns ``None``.
    """
    if key is None:
        return None
    with _lock:
        left = _open.get(key, 0) - 1
        if left > 0:
            _open[key] = left
            return None
        _open.pop(key, None)
        _paths.pop(key, None)
        guard = _guards.pop(key, None)
    if guard is not None and not keep_locked:
        guard.unlock()
    return guard


def connections_here(key: tuple[int, int] | None) -> int:
    """How many connections of this process have the file ``key`` open."""
    with _lock:
        return _open.get(key, 0) if key is not None else 0


def guarded(key: tuple[int, int] | None) -> bool:
    """Whether this process holds a working guard on the file ``key``."""
    with _lock:
        guard = _guards.get(key) if key is not None else None
        return guard is not None and guard.locked
