"""What a user or a bug report needs to know about this installation."""

from __future__ import annotations

from .. import __version__
from ..store.sqlite_library import sqlite_description, wal_reset_bug_warning

__all__ = ["sqlite_warning", "version_line"]


def version_line() -> str:
    """``annotator 0.1.0 with SQLite 3.40.1 via Python's sqlite3``: versions in use."""
    return f"annotator {__version__} with {sqlite_description()}"


def sqlite_warning() -> str | None:
    """Why the SQLite in use is risky for a shared project (its WAL-reset bug), or ``None``."""
    return wal_reset_bug_warning()
