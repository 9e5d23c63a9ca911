"""A stray ``close`` of the project file in a process that has it open (Qt's file dialog
sniffing a type, a folder import reading it) must not let another process fork the
project: the file guard keeps it whole, and without the guard the fork is noticed, no
write goes into it, and reconnecting loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectFileError
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.store import file_guard, open_files
from helpers import deleted_descriptors

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
TEXT = "Water and security. The water level fell; security rose."


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)],
                          capture_output=True, text=True, env=ENV, timeout=120, check=False)


def stray_close(path: Path) -> None:
    """What Qt's type sniffing does: open the file (and its sidecars), read, close."""
    for name in (path, Path(f"{path}-shm"), Path(f"{path}-wal")):
        descriptor = os.open(name, os.O_RDONLY)
        os.read(descriptor, 64)
        os.close(descriptor)


def exported_highlights(path: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / f"export-{len(list(tmp_path.iterdir()))}.json"
    result = cli("export", path, out)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    return [a["quote"] for a in data["annotations"]]


@pytest.fixture
def project(tmp_path: Path):
    path = tmp_path / "p.annotator"
    project = Project.open(path, coder="window")
    project.documents.add(NewDocument("Doc", TEXT, "2020-01-01"))
    yield project
    project.close()


@pytest.mark.skipif(not file_guard.SUPPORTED, reason="OFD locks are Linux-only")
def test_the_guard_keeps_one_project_through_stray_closes(project: Project, tmp_path: Path) -> None:
    path = Path(project.path)
    stray_close(path)
    assert cli("stats", path).returncode == 0
    result = cli("autocode", path, "--tag", "water", "--phrase", "water")
    assert result.returncode == 0, result.stderr
    assert deleted_descriptors(path) == []
    assert project.store.file_problem() is None
    # this process sees the other one's commit, and the other one sees this one's
    assert {c.tag.name: c.highlights for c in project.tags.counts()}["water"] == 2
    document_id = project.documents.ids("id")[0]
    project.highlights.create(document_id, 10, 18, [project.tags.create("security")[0]])
    assert "security" in exported_highlights(path, tmp_path)
    project.close()
    assert cli("check", path).returncode == 0


def test_without_the_guard_a_fork_is_noticed_refused_and_left(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(project.path)
    # the same project, opened again without a guard: what a platform without OFD gets
    monkeypatch.setattr(file_guard, "SUPPORTED", False)
    project.close()
    project = Project.open(path, coder="window")
    assert not open_files.guarded(open_files.file_key(path))
    tag_id, _ = project.tags.create("memo")
    stray_close(path)
    assert cli("stats", path).returncode == 0  # its last close deletes the -wal under us
    assert project.store.file_problem() is not None
    with pytest.raises(ProjectFileError, match="not saved"):
        project.tags.create("lost")
    assert cli("autocode", path, "--tag", "water", "--phrase", "water").returncode == 0
    message = project.store.reconnect()
    assert "reconnected" in message and "nothing was lost" in message
    assert project.store.file_problem() is None
    assert {c.tag.name: c.highlights for c in project.tags.counts()}["water"] == 2
    document_id = project.documents.ids("id")[0]
    project.highlights.create(document_id, 0, 5, [tag_id])
    assert "Water" in exported_highlights(path, tmp_path)
    project.close()
    assert cli("check", path).returncode == 0
    assert not list(tmp_path.glob("*.unsaved-*"))


def test_commits_that_only_the_fork_holds_are_kept_in_a_copy(project: Project, tmp_path: Path) -> None:
    path = Path(project.path)
    project.store.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    project.tags.create("only-here")  # acknowledged, still in the WAL alone
    os.unlink(f"{path}-wal")  # another program removes the WAL
    message = project.store.reconnect()
    copies = list(tmp_path.glob("p.annotator.unsaved-*"))
    assert len(copies) == 1 and copies[0].name in message
    with Project.open(copies[0], create=False) as kept:
        assert "only-here" in [t.name for t in kept.tags.all()]
    assert project.store.file_problem() is None
    project.tags.create("after")  # writes again, into the file everyone sees
    assert "after" in cli("tags", path).stdout


def test_a_replaced_project_file_is_noticed(project: Project, tmp_path: Path) -> None:
    path = Path(project.path)
    with Project.open(tmp_path / "other.annotator") as other:
        other.tags.create("from-the-other-file")
    os.replace(tmp_path / "other.annotator", path)
    assert "replaced" in (project.store.file_problem() or "")
    with pytest.raises(ProjectFileError):
        project.tags.create("x")
    project.store.reconnect()
    assert [t.name for t in project.tags.all()] == ["from-the-other-file"]


def test_reconnecting_waits_for_other_connections_of_this_process(project: Project) -> None:
    path = Path(project.path)
    other = Project.open(path, create=False)
    try:
        os.unlink(f"{path}-wal")
        with pytest.raises(ProjectFileError, match="background task"):
            project.store.reconnect()
    finally:
        other.close()
    assert "reconnected" in project.store.reconnect()
