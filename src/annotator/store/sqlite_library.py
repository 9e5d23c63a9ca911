"""The SQLite library in use, and what is known about its version.

The store uses the same DB-API module as sqlite-utils: ``pysqlite3`` when it is installed
(its wheels bundle a recent SQLite, 3.53.4 for ``pysqlite3`` 0.6.1), otherwise Python's own
``sqlite3`` with the system's SQLite. Every module of the store imports ``sqlite3`` from
here, so that one process never mixes two SQLite libraries on one file (two libraries
would not see each other's POSIX locks as their own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same DB-API as the standard library's, whichever is loaded
    import sqlite3
else:
    from sqlite_utils.utils import sqlite3

__all__ = ["WAL_RESET_FIX", "sqlite3", "sqlite_description", "wal_reset_bug_warning"]

#: SQLite's WAL-reset bug (https://www.sqlite.org/wal.html#walresetbug) affects 3.7.0
#: through 3.51.2: two connections that write or checkpoint at the same moment can, rarely,
#: corrupt the file. Fixed in 3.51.3.
WAL_RESET_FIX = (3, 51, 3)
WAL_RESET_FIRST = (3, 7, 0)


def version_tuple(version: str | None = None) -> tuple[int, ...]:
    """``sqlite3.sqlite_version`` (or ``version``) as a tuple of integers."""
    text = version if version is not None else sqlite3.sqlite_version
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def sqlite_description() -> str:
    """The SQLite library in use, in words: ``SQLite 3.40.1 via Python's sqlite3``."""
    module = getattr(sqlite3, "__name__", "sqlite3").split(".")[0]
    origin = "Python's sqlite3" if module == "sqlite3" else module
    return f"SQLite {sqlite3.sqlite_version} via {origin}"


def wal_reset_bug_warning(version: str | None = None) -> str | None:
    """A sentence for the user when this SQLite has the WAL-reset bug, else ``None``."""
    found = version_tuple(version)
    if not WAL_RESET_FIRST <= found < WAL_RESET_FIX:
        return None
    shown = version if version is not None else sqlite3.sqlite_version
    return (
        f"SQLite {shown} has SQLite's WAL-reset bug (fixed in 3.51.3): when several "
        "programs write to one project at the same moment, the file can rarely be damaged; "
        "`pip install pysqlite3` gives Annotator a fixed SQLite"
    )
