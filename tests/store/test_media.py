"""The storage medium, in-process: the reasons given for a full disk, what a failed open
may remove, and the read-only store (a medium said to be read-only; the real read-only
mount and full disk are in tests/robustness/test_read_only_medium.py and test_full_disk.py)."""

from __future__ import annotations

import errno
import shutil
import sqlite3 as python_sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectFileError
from annotator.services import Project
from annotator.services.backups import backup_if_changed, offers_backup
from annotator.store import Store, media, schema
from annotator.store.sqlite_library import sqlite3
from annotator.store.verify import verify
from helpers import add_text


def sqlite_error(message: str, code: int) -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


def test_every_way_a_full_disk_shows_up_is_named_with_the_folder_and_its_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media, "free_bytes", lambda folder: 12_345)
    full = f"the disk is full ({tmp_path} has 12.3 KB free); free some space, then try again"
    target = tmp_path / "out.json"
    assert media.write_problem_reason(OSError(errno.ENOSPC, "No space"), target) == full
    assert media.write_problem_reason(OSError(errno.ENOSPC, "No space"), tmp_path) == full
    assert media.write_problem_reason(sqlite_error("database or disk is full", 13), target) == full
    shm_size = 10 | (19 << 8)  # SQLITE_IOERR_SHMSIZE: growing the -shm failed
    assert media.write_problem_reason(sqlite_error("disk I/O error", shm_size), target) == full
    # Without the code (another sqlite3 module), the message tells.
    assert media.write_problem_reason(
        python_sqlite3.OperationalError("database or disk is full"), target) == full
    assert "quota" in str(media.write_problem_reason(OSError(errno.EDQUOT, "Quota"), target))
    assert media.write_problem_reason(OSError(errno.EACCES, "Denied"), target) is None


def test_an_io_error_with_room_left_is_not_called_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media, "free_bytes", lambda folder: 5_000_000_000)
    target = tmp_path / "study.annotator"
    assert media.write_problem_reason(sqlite_error("disk I/O error", 10), target) is None
    # SQLITE_FULL with room here: SQLite's temporary files found none elsewhere.
    said = media.write_problem_reason(sqlite_error("database or disk is full", 13), target)
    assert said is not None and said.startswith("a disk is full: SQLite could not write")
    assert f"{tmp_path} still has 5 GB free" in said


def test_free_space_is_measured_on_the_nearest_existing_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path] = []
    usage = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: asked.append(Path(path)) or usage(path))
    free = media.free_bytes(tmp_path / "not" / "yet")
    assert isinstance(free, int) and free >= 0
    assert asked == [tmp_path]  # (other programs change the free space: compare the folder)


def make_companions(project_path: Path, *, wal: bytes = b"") -> None:
    Path(f"{project_path}-shm").write_bytes(b"\0" * 3)
    Path(f"{project_path}-wal").write_bytes(wal)


def test_a_failed_open_removes_the_companions_it_made_when_nobody_uses_the_file(
    project_path: Path,
) -> None:
    Store.open(project_path).close()
    before = media.companions(str(project_path))
    assert before == frozenset()
    make_companions(project_path)  # what SQLite leaves when growing the -shm fails
    media.remove_created_companions(str(project_path), before)
    assert media.companions(str(project_path)) == frozenset()


def test_companions_that_were_there_or_hold_commits_are_kept(project_path: Path) -> None:
    Store.open(project_path).close()
    make_companions(project_path)
    media.remove_created_companions(str(project_path), frozenset({"-wal", "-shm"}))
    assert media.companions(str(project_path)) == {"-wal", "-shm"}  # not this open's
    Path(f"{project_path}-wal").write_bytes(b"x" * 4152)  # another process's commits
    media.remove_created_companions(str(project_path), frozenset())
    assert media.companions(str(project_path)) == {"-wal"}


HOLDER = """
import sys
from annotator.services import Project
project = Project.open(sys.argv[1])
project.documents.count()
print("open", flush=True)
sys.stdin.readline()
project.close()
"""


def test_companions_of_a_file_another_process_has_open_are_left_alone(project_path: Path) -> None:
    Store.open(project_path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(project_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        assert media.companions(str(project_path)) == {"-wal", "-shm"}
        media.remove_created_companions(str(project_path), frozenset())
        assert media.companions(str(project_path)) == {"-wal", "-shm"}
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0


def test_a_project_that_cannot_be_written_opens_read_only_and_refuses_writes(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(project_path) as project:
        add_text(project, "Water and security.", title="River")
    # The medium says it cannot be written (SQLite still could: mode=ro works here).
    monkeypatch.setattr(media, "write_problem", lambda path: media.READ_ONLY_MEDIUM)
    with Project.open(project_path, create=False) as project:
        assert project.read_only and project.store.read_only_reason == media.READ_ONLY_MEDIUM
        assert project.store.warnings == [
            f"{project_path}: the project is on a read-only medium: opened read-only; "
            "copy it to a writable folder to edit it"]
        assert [d.title for d in project.documents.summaries(project.documents.ids())] == ["River"]
        with pytest.raises(ProjectFileError) as refused:
            project.tags.create("water")
        assert str(refused.value) == (
            f"{project_path}: the project is read-only (on a read-only medium); "
            "copy it to a writable folder to edit it")
        assert project.tags.counts() == []
        assert backup_if_changed(project) is None
        assert verify(project.store) == []  # the full-text check ran on a copy


def test_a_failed_read_write_open_falls_back_to_read_only(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system says "writable" but SQLite finds otherwise (a network share that
    squashes root, a -shm of another user), SQLite's refusal decides."""
    Store.open(project_path).close()
    probes = []
    real_probe = media._probe

    def probe(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
        probes.append(conn)
        if len(probes) == 1:
            raise sqlite_error("unable to open database file", 14)
        real_probe(conn, busy_timeout_ms)

    monkeypatch.setattr(media, "_probe", probe)
    store = Store.open(project_path, create=False)
    try:
        assert store.read_only
        assert store.read_only_reason == "the project file or its folder cannot be written"
    finally:
        store.close()
    assert len(probes) == 2


def test_a_read_only_project_that_needs_a_migration_is_refused_unchanged(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(project_path).close()
    before = project_path.read_bytes()

    @schema.MIGRATIONS(name="0999_test_only")
    def _add_column(db):  # type: ignore[no-untyped-def]
        db.conn.execute("ALTER TABLE documents ADD COLUMN probe TEXT")

    monkeypatch.setattr(media, "write_problem", lambda path: media.READ_ONLY_MEDIUM)
    try:
        with pytest.raises(ProjectFileError, match="older version of Annotator and must be "
                           "upgraded to be opened, which cannot be done here"):
            Store.open(project_path, create=False)
    finally:
        schema.MIGRATIONS._migrations.pop()
    assert project_path.read_bytes() == before
    assert not list(project_path.parent.glob("*.bak"))


@pytest.mark.parametrize("reason", [
    media.disk_full("/media/usb"),
    media.write_problem_reason(sqlite_error("database or disk is full", 13), "/"),
    media.write_problem_reason(OSError(errno.EDQUOT, "Quota"), "/"),
    media.wal_refusal("p.annotator", media.READ_ONLY_MEDIUM),
    media.wal_refusal("p.annotator", "the project file is write-protected"),
    media.upgrade_refusal("the project file is write-protected"),
    media.upgrade_refusal("its folder /media/cd cannot be written"),
])
def test_no_backup_is_offered_for_a_sound_file_on_a_full_or_read_only_medium(reason: str) -> None:
    assert not offers_backup(ProjectFileError("p.annotator", reason))
    assert offers_backup(ProjectFileError("p.annotator", "the project file is damaged (x)"))
