"""An import that cannot write the project (a full disk, a read-only project) stops, and
reports exactly what it committed; the real full disk is in tests/robustness/test_full_disk.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import ProjectFileError
from annotator.services import Project, importing
from annotator.services.importing import import_paths


def texts(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    files = []
    for i in range(count):
        path = folder / f"{i:02d}.txt"
        path.write_text(f"Report {i:02d}\n\n" + f"water security {i} " * 2000, encoding="utf-8")
        files.append(path)
    return files


def room_for_pages(project: Project, pages: int) -> None:
    """Let the project's file grow by ``pages`` pages at most (SQLITE_FULL beyond)."""
    conn = project.store.db.conn
    used = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {used + pages}")


def test_an_import_that_runs_out_of_room_reports_the_batches_it_committed(
    project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "BATCH_FILES", 3)
    files = texts(tmp_path / "texts", 30)
    with Project.open(project_path) as project:
        room_for_pages(project, 60)
        report = import_paths(project, [tmp_path / "texts"])
        assert report.stopped.startswith(f"{project_path}: ")
        assert "full" in report.stopped
        done = [path for path, _ in report.imported]
        assert 0 < len(done) < len(files) and len(done) % 3 == 0  # whole batches
        assert done == files[: len(done)] and not report.failed
        stored = [d.title for d in project.documents.summaries(project.documents.ids("id"))]
        assert stored == [path.stem for path in done]
        assert project.check() == []
        lines = report.summary_lines()
        assert lines[0].endswith("(stopped early).")
        assert lines[-1] == f"stopped: {report.stopped}"


def test_an_import_that_could_write_nothing_raises_the_project_s_error(
    project_path: Path, tmp_path: Path
) -> None:
    texts(tmp_path / "texts", 3)
    with Project.open(project_path) as project:
        room_for_pages(project, 0)
        with pytest.raises(ProjectFileError) as raised:
            import_paths(project, [tmp_path / "texts"])
        assert raised.value.path == str(project_path) and "full" in raised.value.reason
        assert project.documents.count() == 0


def test_a_survey_that_does_not_fit_stops_the_batch_rather_than_failing_as_a_file(
    project_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("A short note about water.", encoding="utf-8")
    rows = "\n".join(f"{i},{'labour migration ' * 300}{i}" for i in range(200))
    (folder / "z.csv").write_text(f"id,answer\n{rows}\n", encoding="utf-8")
    with Project.open(project_path) as project:
        room_for_pages(project, 12)
        report = import_paths(project, [folder], folder_surveys=[folder / "z.csv"])
        assert [p.name for p, _ in report.imported] == ["a.txt"]
        assert report.failed == [] and "full" in report.stopped
        assert project.documents.count() == 1
