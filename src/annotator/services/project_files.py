"""Which files belong to a project that this process has open.

Such a file must never be read, imported or written over from outside SQLite: closing
any descriptor of it drops SQLite's POSIX locks (see ``store/open_files.py``), and
writing over it destroys the project.
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike, fspath

from ..store.open_files import file_key, is_open_here, is_project_file_here, project_file_keys

__all__ = ["OPEN_PROJECT_REASON", "PROJECT_SUFFIX", "is_open_project_database",
           "is_open_project_file", "is_same_file", "open_project_file_test"]

#: The extension of project files.
PROJECT_SUFFIX = ".annotator"
#: Why an import passes over such a file.
OPEN_PROJECT_REASON = "an open project file (or its journal): never read outside SQLite"


def is_open_project_file(path: str | PathLike[str]) -> bool:
    """Whether ``path`` is a project file open in this process, or its ``-wal``,
    ``-shm`` or ``-journal`` (by identity: other names and hard links count too)."""
    return is_project_file_here(path)


def open_project_file_test() -> Callable[[str | PathLike[str]], bool]:
    """:func:`is_open_project_file` for many paths: the open projects are looked up once
    (one ``stat`` per path asked about)."""
    keys = project_file_keys()
    return lambda path: is_project_file_here(path, keys)


def is_open_project_database(path: str | PathLike[str]) -> bool:
    """Whether ``path`` is the database file itself (not a journal) of a project open in
    this process: SQLite, and nothing else, may open it (a merge does)."""
    return is_open_here(path)


def is_same_file(path: str | PathLike[str], other: str | PathLike[str]) -> bool:
    """Whether both paths name one existing file (by identity: another name or a hard
    link of it too), learnt without opening either."""
    key = file_key(path)
    return key is not None and key == file_key(other)


def upgrades_needed(path: str | PathLike[str]) -> list[str]:
    """The upgrades the project file at ``path`` needs before this version opens it (it
    makes them at once when opened; a large project takes a while, once). Read without
    writing; empty for a current, new, missing or unreadable file."""
    from ..store.other_project import pending_upgrades

    return pending_upgrades(fspath(path))
