"""Which project files this process has open through SQLite.

POSIX locks belong to a process and a file: closing *any* descriptor of a file drops
every lock the process holds on it, SQLite's included. Reading an open project's bytes
from Python (a header check when a background task opens its own connection, say) would
therefore let another process believe nobody uses the file, checkpoint and reset its WAL
under this one: commits lost, the file damaged. Code that would read a project file asks
:func:`is_open_here` first and does without the bytes when the answer is yes.
"""

from __future__ import annotations

import os
import threading

_lock = threading.Lock()
#: (device, inode) -> how many connections of this process have the file open.
_open: dict[tuple[int, int], int] = {}


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


def opened(key: tuple[int, int] | None) -> None:
    """Record one more connection on the file ``key`` (from :func:`file_key`)."""
    if key is not None:
        with _lock:
            _open[key] = _open.get(key, 0) + 1


def closed(key: tuple[int, int] | None) -> None:
    """Record that one connection on the file ``key`` was closed."""
    if key is not None:
        with _lock:
            left = _open.get(key, 0) - 1
            if left > 0:
                _open[key] = left
            else:
                _open.pop(key, None)
