"""A damaged ``-wal``: SQLite's recovery keeps the frames before the damage and drops every
later commit without a word, then deletes the WAL at the last close. Opening such a
project keeps a copy of the WAL first and warns, naming how many saved actions are lost.

The WALs here are real: a writer process commits one document per transaction with
automatic checkpoints off, reports the WAL's size after each commit, and is killed.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import Project
from annotator.store import Store, wal_rescue
from annotator.store.wal_file import FRAME_HEADER_SIZE, analyse_wal

COMMITS = 8
PAGE = 4096
FRAME = FRAME_HEADER_SIZE + PAGE

_WRITER = """
import os, sys, time
from annotator.domain.model import NewDocument
from annotator.services import Project
path, commits = sys.argv[1], int(sys.argv[2])
project = Project.open(path, coder="writer")
project.store.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
for index in range(commits):
    text = f"Document {index}: " + " ".join(f"word{index}x{n}" for n in range(400))
    project.documents.add(NewDocument(f"Document {index}", text, None, "", {}))
    print(os.stat(path + "-wal").st_size, flush=True)
print("done", flush=True)
time.sleep(120)
"""


@dataclass(frozen=True)
class KilledWriter:
    """What a killed writer left: the database file, its WAL, the WAL's size after each
    commit (``ends[i]``: the end of transaction ``i + 1``)."""

    db: bytes
    wal: bytes
    ends: list[int]

    def place(self, folder: Path, wal: bytes | None = None) -> Path:
        """Put the pair in ``folder`` as ``p.annotator`` (with ``wal`` instead, if given)."""
        path = folder / "p.annotator"
        path.write_bytes(self.db)
        Path(f"{path}-wal").write_bytes(self.wal if wal is None else wal)
        return path


def start_writer(path: Path, commits: int) -> tuple[subprocess.Popen[str], list[int]]:
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(commits)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    ends = []
    for line in writer.stdout:
        if line.startswith("done"):
            return writer, ends
        ends.append(int(line))
    writer.wait()
    raise AssertionError(f"the writer failed: {writer.stderr.read() if writer.stderr else ''}")


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> KilledWriter:
    path = tmp_path_factory.mktemp("writer") / "p.annotator"
    writer, ends = start_writer(path, COMMITS)
    writer.kill()
    writer.wait()
    wal = Path(f"{path}-wal").read_bytes()
    assert len(ends) == COMMITS and len(wal) == ends[-1] and (ends[-1] - 32) % FRAME == 0
    return KilledWriter(path.read_bytes(), wal, ends)


def document_count(path: Path) -> int:
    """Documents in the project, read with plain sqlite3 (which folds the WAL in)."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        conn.close()


def kept_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}-wal.kept-*"))


def damage_frame(wal: bytes, frame: int, at: int = FRAME_HEADER_SIZE + 100) -> bytes:
    """``wal`` with one bit changed in frame ``frame`` (1-based), ``at`` bytes into it."""
    data = bytearray(wal)
    data[32 + (frame - 1) * FRAME + at] ^= 0x01
    return bytes(data)


def first_frame_of(killed: KilledWriter, transaction: int) -> int:
    """The 1-based number of the first frame of transaction ``transaction`` (1-based)."""
    start = 32 if transaction == 1 else killed.ends[transaction - 2]
    return (start - 32) // FRAME + 1


@pytest.mark.parametrize("transaction", [2, 5, COMMITS])
def test_a_damaged_frame_is_kept_and_the_lost_actions_are_told(
    killed: KilledWriter, tmp_path: Path, transaction: int
) -> None:
    damaged = damage_frame(killed.wal, first_frame_of(killed, transaction))
    path = killed.place(tmp_path, damaged)
    store = Store.open(path, create=False)
    try:
        lost = COMMITS - transaction + 1
        assert len(store.warnings) == 1, store.warnings
        warning = store.warnings[0]
        assert f"the last {lost} saved action" in warning and str(path) in warning
        assert store.documents.count() == transaction - 1  # what SQLite kept
    finally:
        store.close()
    copies = kept_copies(path)
    assert len(copies) == 1 and str(copies[0]) in warning
    assert copies[0].read_bytes() == damaged
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_an_intact_wal_gives_no_warning_and_loses_nothing(
    killed: KilledWriter, tmp_path: Path
) -> None:
    path = killed.place(tmp_path)
    with Project.open(path, create=False) as project:
        assert project.store.warnings == []
        assert project.documents.count() == COMMITS
    assert kept_copies(path) == []


@pytest.mark.parametrize("tear", ["cut", "garbled"])
def test_a_torn_last_transaction_is_no_false_alarm(
    killed: KilledWriter, tmp_path: Path, tear: str
) -> None:
    """A kill while the last transaction was being written: it was never acknowledged,
    so losing it is no loss to tell (cut: the file ends inside its frames; garbled: its
    commit frame is whole but its page was not all written)."""
    if tear == "cut":
        start, end = killed.ends[-2], killed.ends[-1]
        wal = killed.wal[: start + (end - start) // 2 + 100]
    else:
        wal = killed.wal[: -PAGE // 2] + bytes(PAGE // 2)
    path = killed.place(tmp_path, wal)
    with Project.open(path, create=False) as project:
        assert project.store.warnings == []
        assert project.documents.count() == COMMITS - 1
    assert kept_copies(path) == []


@pytest.mark.parametrize("offset", [0, 3, 8, 12, 16, 20, 24, 31])
def test_a_damaged_wal_header_loses_every_action_and_says_so(
    killed: KilledWriter, tmp_path: Path, offset: int
) -> None:
    data = bytearray(killed.wal)
    data[offset] ^= 0x01
    path = killed.place(tmp_path, bytes(data))
    with Project.open(path, create=False) as project:
        assert project.documents.count() == 0  # SQLite ignores the whole log
        assert len(project.store.warnings) == 1
        assert f"the last {COMMITS} saved actions" in project.store.warnings[0]
    assert [p.read_bytes() for p in kept_copies(path)] == [bytes(data)]


def test_the_analysis_agrees_with_sqlite_for_a_damaged_byte_in_every_frame(
    killed: KilledWriter, tmp_path: Path
) -> None:
    """For each frame: what recovery keeps is what SQLite keeps, and kept plus lost is
    every commit, except when the damage is in the very last frame (a torn end)."""
    frames = (len(killed.wal) - 32) // FRAME
    for frame in range(1, frames + 1):
        for at in (0, 7, 20, FRAME_HEADER_SIZE + 5, FRAME - 1):
            folder = tmp_path / f"{frame}-{at}"
            folder.mkdir()
            path = killed.place(folder, damage_frame(killed.wal, frame, at))
            analysis = analyse_wal(f"{path}-wal")
            kept = document_count(path)
            assert analysis.kept_commits == kept, (frame, at)
            if frame < frames:
                assert kept + analysis.lost_commits == COMMITS, (frame, at)
            else:
                assert analysis.lost_commits == 0


def test_a_wal_in_use_by_another_process_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "live.annotator"
    writer, _ = start_writer(path, 3)
    try:
        assert wal_rescue.in_use(str(path)) is True
        assert wal_rescue.rescue_wal(str(path)) is None
        with Project.open(path, create=False) as project:
            assert project.store.warnings == [] and project.documents.count() == 3
    finally:
        writer.kill()
        writer.wait()
    assert wal_rescue.in_use(str(path)) is False
    assert kept_copies(path) == []


def test_a_project_open_here_is_not_read_again(
    killed: KilledWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second connection of this process must not probe the ``-shm`` or read the
    database: closing that descriptor would drop the first connection's locks."""
    path = killed.place(tmp_path)
    with Project.open(path, create=False) as first:
        first.store.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
        calls: list[str] = []
        monkeypatch.setattr(wal_rescue, "in_use", lambda p: calls.append(p))
        monkeypatch.setattr(wal_rescue, "analyse_wal", lambda p, **k: calls.append(p))
        with Project.open(path, create=False) as second:
            assert second.documents.count() == COMMITS
            assert second.store.warnings == []
        assert calls == []
    assert first.store.warnings == []


def test_only_the_newest_copies_are_kept(killed: KilledWriter, tmp_path: Path) -> None:
    damaged = damage_frame(killed.wal, 2)
    path = killed.place(tmp_path, damaged)
    warnings = [
        wal_rescue.rescue_wal(str(path), now=datetime(2026, 1, 1, 0, 0, second, tzinfo=UTC))
        for second in range(wal_rescue.KEEP + 2)
    ]
    assert all(w is not None and "saved actions" in w for w in warnings)
    names = [p.name for p in kept_copies(path)]
    assert names == [f"p.annotator-wal.kept-20260101-0000{s:02d}"
                     for s in range(2, wal_rescue.KEEP + 2)]
    assert Path(f"{path}-wal").read_bytes() == damaged  # the rescue itself changes nothing


def test_the_command_line_prints_the_warning_on_one_line(
    killed: KilledWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = killed.place(tmp_path, damage_frame(killed.wal, first_frame_of(killed, 6)))
    assert main(["documents", str(path)]) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if "saved actions" in line]
    assert len(lines) == 1 and lines[0].startswith("annotator: warning: ")
    assert "the last 3 saved actions" in lines[0] and ".annotator-wal.kept-" in lines[0]
    assert captured.out.count("Document ") == 5
