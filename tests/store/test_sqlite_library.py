"""The SQLite library in use: one module for the whole store, named, and its known bug."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils.utils

from annotator.services import Project
from annotator.store import sqlite_library
from annotator.store.sqlite_library import version_tuple, wal_reset_bug_warning


def test_the_store_uses_the_module_that_sqlite_utils_chose() -> None:
    # pysqlite3, when installed, brings a newer SQLite; the store must not mix two libraries
    assert sqlite_library.sqlite3 is sqlite_utils.utils.sqlite3


@pytest.mark.parametrize(("version", "affected"), [
    ("3.6.23", False), ("3.7.0", True), ("3.40.1", True), ("3.51.2", True),
    ("3.51.3", False), ("3.52.0", False), ("3.53.4", False), ("4.0.0", False),
])
def test_the_wal_reset_bug_is_named_for_the_affected_versions(version: str, affected: bool) -> None:
    warning = wal_reset_bug_warning(version)
    assert (warning is not None) == affected
    if warning:
        assert version in warning and "3.51.3" in warning and "pysqlite3" in warning


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *args],
                          capture_output=True, text=True, check=False)


def test_version_names_the_sqlite_in_use() -> None:
    result = _cli("--version")
    assert result.returncode == 0
    assert f"SQLite {sqlite_library.sqlite3.sqlite_version}" in result.stdout


def test_check_warns_when_the_sqlite_in_use_has_the_wal_reset_bug(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    Project.open(path).close()
    result = _cli("check", str(path))
    assert result.returncode == 0, result.stderr
    affected = (3, 7, 0) <= version_tuple(sqlite_library.sqlite3.sqlite_version) < (3, 51, 3)
    assert ("WAL-reset bug" in result.stderr) == affected
    assert "no problems found" in result.stdout
