"""Automatic backups: taken on open after changes only, at most KEEP kept, restorable, and
the file they replace is kept aside, byte for byte; File > Restore backup in the window."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectFileError
from annotator.services import Project
from annotator.services.backups import (
    KEEP,
    backup_if_changed,
    list_backups,
    offers_backup,
    restore_backup,
)
from annotator.store import backups as backups_store
from annotator.store.backups import backup_folder
from helpers import add_text, another_process_can_lock


def titles(path: Path) -> list[str]:
    """Document titles of a project or backup file, read with plain sqlite3 (read only)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT title FROM documents ORDER BY id")]
    finally:
        conn.close()


def open_and_back_up(path: Path, *, add: str | None = None) -> Path | None:
    """What the window does on open (back up if changed), then optionally one edit."""
    with Project.open(path) as project:
        taken = backup_if_changed(project)
        if add is not None:
            add_text(project, f"The text of {add}.", title=add)
    return taken


def test_backup_is_taken_on_open_after_changes_and_not_otherwise(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # File times are trusted at once here (this file system keeps nanoseconds); the
    # coarse-clock case has a test of its own below.
    monkeypatch.setattr(backups_store, "RACY_NS", 0)
    monkeypatch.setattr(backups_store, "FINE_RACY_NS", 0)
    first = open_and_back_up(project_path, add="one")
    assert first is not None  # a project without backups gets one
    assert first.parent == backup_folder(project_path)
    assert first.parent.name.startswith("test-") and len(first.parent.name) == len("test-") + 8
    assert titles(first) == []  # taken before the edit of that session

    second = open_and_back_up(project_path)
    assert second is not None and titles(second) == ["one"]  # "one" was added since
    assert open_and_back_up(project_path) is None  # nothing changed since
    assert open_and_back_up(project_path) is None

    with Project.open(project_path) as project:  # a change by "another program"
        add_text(project, "Two", title="two")
    third = open_and_back_up(project_path)
    assert third is not None and titles(third) == ["one", "two"]
    assert [b.path for b in list_backups(project_path)] == [third, second, first]


def test_a_change_still_in_the_wal_counts(project_path: Path) -> None:
    """Another process may be writing (WAL not yet checkpointed) when a window opens."""
    open_and_back_up(project_path)
    writer = Project.open(project_path)
    add_text(writer, "Pending", title="pending")  # committed, still in the WAL
    assert Path(f"{project_path}-wal").stat().st_size > 0
    taken = open_and_back_up(project_path)
    writer.close()
    assert taken is not None and titles(taken) == ["pending"]


def test_at_most_keep_backups_are_kept_newest_first(project_path: Path) -> None:
    for index in range(KEEP + 3):
        open_and_back_up(project_path, add=f"doc {index}")
    backups = list_backups(project_path)
    assert len(backups) == KEEP
    assert [len(titles(b.path)) for b in backups] == list(range(KEEP + 2, 2, -1))
    assert all(b.size == b.path.stat().st_size > 0 for b in backups)
    assert [b.taken_at for b in backups] == sorted((b.taken_at for b in backups), reverse=True)
    leftovers = [p.name for p in backup_folder(project_path).iterdir()
                 if not p.name.endswith(".annotator")]
    assert leftovers == ["last-backup.json"]  # no partial copies


def test_backup_is_a_consistent_project_even_during_a_write(project_path: Path) -> None:
    open_and_back_up(project_path, add="committed")
    with Project.open(project_path) as reader, Project.open(project_path) as writer:
        with writer.transaction():
            add_text(writer, "Not yet committed", title="uncommitted")
            taken = backup_if_changed(reader)
        assert taken is not None
    assert titles(taken) == ["committed"]
    conn = sqlite3.connect(f"{taken.resolve().as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    conn.close()


def test_restore_brings_the_content_back_and_keeps_the_damaged_file(project_path: Path) -> None:
    open_and_back_up(project_path, add="kept")
    open_and_back_up(project_path)  # backs up "kept"
    damaged = project_path.read_bytes()[:5000]
    project_path.write_bytes(damaged)
    with pytest.raises(ProjectFileError) as caught:
        Project.open(project_path)
    assert offers_backup(caught.value)
    backups = list_backups(project_path)
    aside = restore_backup(project_path, backups[0])
    assert aside is not None and aside.read_bytes() == damaged
    assert aside.name.startswith("test.annotator.damaged-")
    with Project.open(project_path, create=False) as project:
        assert project.store.integrity_ok()
    assert titles(project_path) == ["kept"]


def test_restore_moves_the_wal_aside_with_its_file(project_path: Path) -> None:
    """A leftover WAL belongs to the file it came with: left beside the restored copy,
    SQLite would replay it into the wrong database."""
    open_and_back_up(project_path, add="old")
    open_and_back_up(project_path)
    with Project.open(project_path) as writer:
        add_text(writer, "Newer", title="newer")
        # What a kill leaves: the file, and the commit still in the WAL only.
        main, wal = project_path.read_bytes(), Path(f"{project_path}-wal").read_bytes()
    project_path.write_bytes(main)
    Path(f"{project_path}-wal").write_bytes(wal)
    aside = restore_backup(project_path, list_backups(project_path)[0])
    assert aside is not None
    assert aside.read_bytes() == main and Path(f"{aside}-wal").read_bytes() == wal
    assert not Path(f"{project_path}-wal").exists()
    assert titles(project_path) == ["old"]
    assert titles(aside) == ["old", "newer"]  # the pair still opens with its WAL


def test_restore_refuses_while_the_project_is_open_and_changes_nothing(project_path: Path) -> None:
    open_and_back_up(project_path, add="a")
    open_and_back_up(project_path)
    before = project_path.read_bytes()
    with Project.open(project_path), pytest.raises(ProjectFileError, match="open in another"):
        restore_backup(project_path, list_backups(project_path)[0])
    assert project_path.read_bytes() == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == ["test.annotator"]


def test_restore_refuses_a_file_that_is_not_a_backup(project_path: Path, tmp_path: Path) -> None:
    open_and_back_up(project_path, add="a")
    before = project_path.read_bytes()
    fake = tmp_path / "20260101-000000.annotator"
    fake.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(ProjectFileError):
        restore_backup(project_path, fake)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="not a backup of a project"):
        restore_backup(project_path, other)
    assert project_path.read_bytes() == before


def test_a_backup_that_cannot_be_written_raises_and_leaves_the_project_alone(
    project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(blocker))
    with Project.open(project_path) as project:
        with pytest.raises(ProjectFileError, match="cannot write a backup"):
            backup_if_changed(project)
        add_text(project, "Still usable", title="usable")
        assert project.documents.count() == 1


def test_backup_names_sort_by_time_within_one_second(project_path: Path) -> None:
    from annotator.store.backups import write_backup

    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with Project.open(project_path) as project:
        names = [write_backup(project.store, now=moment).name for _ in range(3)]
    assert names == ["20260102-030405.annotator", "20260102-030405-2.annotator",
                     "20260102-030405-3.annotator"]
    assert [b.path.name for b in list_backups(project_path)] == names[::-1]


# -- the window ------------------------------------------------------------------------


class ScriptedBackupPrompts:
    def __init__(self, choice: int = 0, confirm: bool = True) -> None:
        self.choice, self.answer = choice, confirm
        self.offered: list[list[str]] = []
        self.questions: list[str] = []
        self.errors: list[str] = []

    def choose(self, title: str, label: str, items: list[str]) -> str | None:
        self.offered.append(items)
        return items[self.choice]

    def confirm(self, title: str, message: str) -> bool:
        self.questions.append(message)
        return self.answer

    def error(self, title: str, message: str) -> None:
        self.errors.append(message)


def test_window_restores_a_chosen_backup_and_reopens_on_it(qtbot, project_path: Path) -> None:
    from annotator.ui.app import create_main_window

    open_and_back_up(project_path, add="first")
    open_and_back_up(project_path, add="second")  # backs up ["first"]
    window = create_main_window(project_path)  # backs up ["first", "second"]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.backup.running())  # the copy runs in the background
    backups = list_backups(project_path)
    assert [len(titles(b.path)) for b in backups] == [2, 1, 0]
    window.files.prompts = prompts = ScriptedBackupPrompts(choice=1)
    new_window = window.files.restore_backup()
    assert new_window is not None
    qtbot.addWidget(new_window)
    assert not window.isVisible() and new_window.isVisible()
    assert len(prompts.offered[0]) == 3 and " kB" in prompts.offered[0][0]
    assert "kept beside it" in prompts.questions[0]
    assert new_window.document_model.rowCount() == 1
    assert titles(project_path) == ["first"]
    asides = list(project_path.parent.glob("test.annotator.damaged-*"))
    assert len(asides) == 1 and titles(asides[0]) == ["first", "second"]
    new_window.close()


def test_window_restore_can_be_declined(qtbot, project_path: Path) -> None:
    from annotator.ui.app import create_main_window

    open_and_back_up(project_path, add="only")
    window = create_main_window(project_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.files.prompts = ScriptedBackupPrompts(confirm=False)
    assert window.files.restore_backup() is None
    assert window.project.documents.count() == 1  # still open and usable
    window.close()
    assert list(project_path.parent.glob("*.damaged-*")) == []


def test_opening_a_damaged_project_offers_the_newest_backup(qtbot, project_path: Path) -> None:
    from annotator.ui.app import create_main_window
    from annotator.ui.backup_prompts import offer_backup_restore

    open_and_back_up(project_path, add="safe")
    open_and_back_up(project_path)
    project_path.write_bytes(b"\x00" * 3000)
    with pytest.raises(ProjectFileError) as caught:
        create_main_window(project_path)
    prompts = ScriptedBackupPrompts()
    assert offer_backup_restore(None, project_path, caught.value, prompts)
    assert "Restore the newest automatic backup" in prompts.questions[0]
    window = create_main_window(project_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.document_model.rowCount() == 1
    window.close()
    # A busy project is not "damaged": no backup is offered, only the reason.
    busy = ProjectFileError(str(project_path), "the project is busy: another program ...")
    prompts = ScriptedBackupPrompts()
    assert not offer_backup_restore(None, project_path, busy, prompts)
    assert prompts.questions == [] and prompts.errors == [str(busy)]


def test_a_backup_taken_right_after_a_change_is_not_trusted_to_be_the_latest(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File times this close to the backup could hide a later change in the same clock
    tick (FAT counts in 2 s): the next opening takes a spare backup rather than risk none."""
    monkeypatch.setattr(backups_store, "FINE_RACY_NS", 60_000_000_000)  # a slow machine
    open_and_back_up(project_path, add="one")
    spare = open_and_back_up(project_path)  # "one" was written moments ago
    assert spare is not None and titles(spare) == ["one"]
    assert open_and_back_up(project_path) is not None  # still too fresh to trust


def test_backing_up_an_open_project_keeps_its_sqlite_locks(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the project's bytes from Python while SQLite has it open would close a
    descriptor of the file and so drop every POSIX lock of the process, SQLite's too;
    another process could then take the file, checkpoint and reset the WAL under this one
    (commits lost, the file damaged: seen with two autocodes and an import at once)."""
    monkeypatch.setattr(backups_store, "FINE_RACY_NS", 60_000_000_000)  # always "racy"
    with Project.open(project_path) as project:
        add_text(project, "Fresh text.", title="fresh")  # fresh file times: "racy"
        assert backup_if_changed(project) is not None
        assert backup_if_changed(project) is not None  # racy: backed up again, unread
        assert not another_process_can_lock(project_path)
        add_text(project, "Still writable.", title="after")
    assert titles(project_path) == ["fresh", "after"]


def test_only_whole_second_file_times_get_the_long_racy_window() -> None:
    now = 1_800_000_000 * 10**9
    fine = [4096, now - 500_000_000 + 4_000_000]  # half a second old, sub-second precision
    coarse = [4096, now - 2 * 10**9]  # FAT: whole seconds, two seconds old
    assert not backups_store._racy(fine, now)
    assert backups_store._racy([4096, now - 50_000_000 + 4_000_000], now)
    assert backups_store._racy(coarse, now)
    assert not backups_store._racy([4096, now - 5 * 10**9], now)
