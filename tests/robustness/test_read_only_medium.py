"""A project on a read-only medium (a real read-only mount, in a mount namespace) opens
read-only: the reading commands and the window work, every write is refused in one line,
and nothing on the medium or in the backups folder changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import paths
from annotator.services import Project
from annotator.services.exporting import export_json
from helpers import add_text
from medium import run_in_namespace

WARNING = "the project is on a read-only medium: opened read-only; copy it to a writable folder to edit it"
REFUSAL = "the project is read-only (on a read-only medium); copy it to a writable folder to edit it"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def medium(tmp_path: Path) -> Path:
    """A folder holding ``study.annotator`` (two documents, tags, three highlights)."""
    folder = tmp_path / "medium"
    folder.mkdir()
    with Project.open(folder / "study.annotator", coder="tester") as project:
        first = add_text(project, "Water and security along the river.", title="River")
        add_text(project, "Labour migration and water rights.", title="Labour", date="2019-05-01")
        water, _ = project.tags.create("water")
        security, _ = project.tags.create("security")
        project.highlights.create(first, 0, 5, [water])
        project.highlights.create(first, 10, 18, [security])
        project.highlights.create(first + 1, 23, 28, [water])
    return folder


def test_reading_commands_work_and_nothing_on_the_medium_changes(medium: Path, tmp_path: Path) -> None:
    project_path = medium / "study.annotator"
    with Project.open(project_path, create=False) as project:
        export_json(project, tmp_path / "expected.json")
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(medium)
    result = run_in_namespace(
        """
medium, project, out = sys.argv[1:4]
mount_read_only(medium)
print(json.dumps({
    "tags": cli("tags", project, "--format", "json"),
    "stats": cli("stats", project, "--format", "json", "--by", "year"),
    "documents": cli("documents", project),
    "check": cli("check", project),
    "export": cli("export", project, os.path.join(out, "study.json")),
    "names": names(medium),
}))
""",
        str(medium), str(project_path), str(out),
    )
    for command in ("tags", "stats", "documents", "check", "export"):
        assert result[command]["rc"] == 0, (command, result[command]["err"])
    tags = {t["name"]: t["highlights"] for t in json.loads(result["tags"]["out"])}
    assert tags == {"water": 2, "security": 1}
    stats = json.loads(result["stats"]["out"])
    assert stats["undated"] == {"documents": 1, "highlights": 2}
    assert "River" in result["documents"]["out"] and "Labour" in result["documents"]["out"]
    assert "no problems found" in result["check"]["out"]
    # One warning line, once, for a reading command.
    assert result["tags"]["err"] == f"annotator: warning: {project_path}: {WARNING}\n"
    exported = json.loads((out / "study.json").read_text(encoding="utf-8"))
    expected = json.loads((tmp_path / "expected.json").read_text(encoding="utf-8"))
    exported.pop("exported_at"), expected.pop("exported_at")
    assert exported == expected
    # Nothing was written on the medium (no -wal, no -shm) nor backed up.
    assert result["names"] == ["study.annotator"]
    assert snapshot(medium) == before
    assert not (paths.data_dir() / "backups").exists()


def test_writing_commands_exit_1_with_one_line(medium: Path, tmp_path: Path) -> None:
    project_path = medium / "study.annotator"
    text = tmp_path / "note.txt"
    text.write_text("A note about water.", encoding="utf-8")
    before = snapshot(medium)
    result = run_in_namespace(
        """
medium, project, text = sys.argv[1:4]
mount_read_only(medium)
print(json.dumps({
    "autocode": cli("autocode", project, "--tag", "river", "--phrase", "river"),
    "import": cli("import", project, text),
    "create": cli("import", os.path.join(medium, "new.annotator"), text),
    "export here": cli("export", project, os.path.join(medium, "study.json")),
}))
""",
        str(medium), str(project_path), str(text),
    )
    assert result["autocode"] == {"rc": 1, "out": "",
                                  "err": f"annotator: {project_path}: {REFUSAL}\n"}
    assert result["import"] == result["autocode"]
    assert result["create"] == {
        "rc": 1, "out": "", "err": f"annotator: {medium}/new.annotator: cannot create the "
        f"project file: {medium} is on a read-only medium\n"}
    assert result["export here"]["rc"] == 1
    assert result["export here"]["err"].endswith(
        f"annotator: {medium}/study.json: cannot write: {medium} is on a read-only medium\n")
    assert snapshot(medium) == before


KILLED_WRITER = """
import os, sys
from annotator.domain.model import NewDocument
from annotator.services import Project
project = Project.open(sys.argv[1])
project.documents.add(NewDocument("Latest", "Committed, then the program was killed."))
os._exit(0)  # no close: the commit stays in the WAL, beside a -shm
"""


def test_commits_still_in_the_wal_are_read_or_the_project_is_refused(medium: Path) -> None:
    """With its -shm, SQLite reads a WAL read-only; without, it could only ignore the WAL
    (``immutable``), losing commits, so the project is refused, saying why."""
    with_shm = medium / "study.annotator"
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(with_shm)], check=True)
    assert os.path.getsize(f"{with_shm}-wal") > 0 and os.path.exists(f"{with_shm}-shm")
    without_shm = medium / "copy.annotator"
    shutil.copyfile(with_shm, without_shm)
    shutil.copyfile(f"{with_shm}-wal", f"{without_shm}-wal")
    before = snapshot(medium)
    result = run_in_namespace(
        """
medium, with_shm, without_shm = sys.argv[1:4]
mount_read_only(medium)
print(json.dumps({"with": cli("documents", with_shm), "without": cli("documents", without_shm)}))
""",
        str(medium), str(with_shm), str(without_shm),
    )
    assert result["with"]["rc"] == 0 and "Latest" in result["with"]["out"]
    assert result["without"] == {"rc": 1, "out": "", "err": (
        f"annotator: {without_shm}: {WARNING.split(':')[0]}, and its latest changes are "
        "still in copy.annotator-wal, which SQLite can only read where it may write beside "
        "it; copy the project with its -wal file to a writable folder and open the copy\n")}
    assert snapshot(medium) == before


WINDOW = """
from pathlib import Path
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QMessageBox

messages = []
qInstallMessageHandler(lambda kind, context, text: messages.append(text)
                       if kind != QtMsgType.QtDebugMsg
                       and "propagateSizeHints" not in text else None)
from annotator.ui.app import ensure_application, open_project_window

medium, project = sys.argv[1:3]
mount_read_only(medium)
app = ensure_application()
window = open_project_window(Path(project))
window.show()
for _ in range(10):
    app.processEvents()
shown = [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]
for box in window.findChildren(QMessageBox):
    box.close()
window.open_document(window.document_model.document_id(0))
window.editor.select_span(0, 5)
applied = window.editor.apply_tags([window.project.tags.find(["security"])])
for _ in range(10):
    app.processEvents()
result = {"title": window.windowTitle(), "shown": shown, "backing_up": window.backup.running(),
          "applied": applied, "error": window.last_error,
          "highlights": window.project.highlights.count(), "messages": messages}
window.close()
print(json.dumps(result))
"""


def test_the_window_opens_it_read_only_and_refuses_an_edit_in_one_line(medium: Path) -> None:
    project_path = medium / "study.annotator"
    before = snapshot(medium)
    result = run_in_namespace(WINDOW, str(medium), str(project_path))
    assert result["title"] == "study (read-only) — Annotator"
    assert result["shown"] == [f"{project_path}: {WARNING}"]  # the warning, once
    assert result["backing_up"] is False
    assert result["applied"] is False
    assert result["error"] == f"{project_path}: {REFUSAL}"
    assert result["highlights"] == 3
    assert result["messages"] == []  # no Qt warning, nothing raised inside Qt
    assert snapshot(medium) == before
