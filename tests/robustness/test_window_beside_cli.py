"""The window and the command line on one project never fork or damage it.

For every dialog and action of the window that can show or touch the project's folder,
a scripted window session (``tests/harness/window_session.py``, a process of its own)
performs it, then runs a CLI writer and a CLI reader beside the window, and records
whether the window showed the writer's change within 2 s, whether any of its
descriptors points at a deleted ``-wal``/``-shm``, and whether an edit made in the window
afterwards worked. After it quits, a CLI export must hold the window's edits, and
``annotator check`` and ``PRAGMA integrity_check`` must be clean.

The sessions run without the file guard (``--no-guard``): only the fixes at each cause
keep the project whole there. They run offscreen and in a real X window under Xvfb, since
the platform decides which file dialog Qt uses.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.project_files import OPEN_PROJECT_REASON
from annotator.services.project_merge import SAME_PROJECT

HARNESS = Path(__file__).resolve().parents[1] / "harness" / "window_session.py"
EDIT_WORDS = ("Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
              "mike november oscar papa")
TOPICS = ("The water of the river crossed the border. Labour and gas, security and "
          "migration; a dam, a canal, a summit and a treaty; drought, harvest, pipeline.")
DIALOGS = ["open_project", "new_project", "import_files", "import_folder_dialog", "export",
           "chart_export", "restore_backup"]
OTHER_ACTIONS = ["recent_projects", "drop_folder", "drop_project_file", "import_folder"]




def make_project(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "study.annotator"
    with Project.open(path, coder="window") as project:
        project.documents.add(NewDocument("Harness", f"{EDIT_WORDS}.\n\n{TOPICS}\n", "2021-03-04"))
        project.tags.create("window-edit")
    (folder / "notes.txt").write_text("Notes beside the project: water.", encoding="utf-8")
    return path


def start_session(path: Path, actions: list[str], platform: str, *, guard: bool,
                  display: str | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": platform,
           "ANNOTATOR_DATA_DIR": str(path.parent.parent / f"data-{path.parent.name}")}
    if display:
        env["DISPLAY"] = display
    arguments = [sys.executable, str(HARNESS), str(path), ",".join(actions),
                 str(path.parent.parent / f"{path.parent.name}.json")]
    if not guard:
        arguments.append("--no-guard")
    return subprocess.Popen(arguments, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish_session(process: subprocess.Popen[str], path: Path) -> list[dict]:
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    return json.loads((path.parent.parent / f"{path.parent.name}.json").read_text())


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)],
                          capture_output=True, text=True, check=False, timeout=120)


def assert_one_project(path: Path, results: list[dict], expected_actions: list[str]) -> None:
    assert [r["action"] for r in results] == expected_actions
    for record in results:
        action = record["action"]
        assert [code for code, _ in record["cli"]] == [0, 0], (action, record["cli"])
        assert record["seen_after_s"] is not None and record["seen_after_s"] <= 2.0, record
        assert record["deleted"] == [], record
        assert record["edited"], record
        if action != "stray_close":
            assert not any("reconnect" in m or "not saved" in m for m in record["messages"]), record
    exported = path.parent / "check.json"
    result = cli("export", path, exported)
    assert result.returncode == 0, result.stderr
    data = json.loads(exported.read_text(encoding="utf-8"))
    quotes = {a["quote"] for a in data["annotations"]}
    assert {r["edited"] for r in results} <= quotes
    checked = cli("check", path)
    assert checked.returncode == 0, checked.stderr
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_offscreen_dialogs_and_actions_beside_the_cli(tmp_path: Path) -> None:
    path = make_project(tmp_path / "offscreen")
    actions = DIALOGS + OTHER_ACTIONS
    results = finish_session(start_session(path, actions, "offscreen", guard=False), path)
    assert_one_project(path, results, actions)
    by_action = {r["action"]: r for r in results}
    skipped = dict(map(tuple, by_action["drop_project_file"]["import_skipped"]))
    assert skipped == {f"{path}-wal": OPEN_PROJECT_REASON}
    failed = dict(map(tuple, by_action["drop_project_file"]["import_failed"]))
    assert failed == {str(path): f"{path}: {SAME_PROJECT}"}
    assert by_action["open_project"]["dialog"] == "QFileDialog"


def test_xcb_dialogs_beside_the_cli(tmp_path: Path, x_display: str) -> None:
    path = make_project(tmp_path / "xcb")
    results = finish_session(
        start_session(path, DIALOGS, "xcb", guard=False, display=x_display), path)
    assert_one_project(path, results, DIALOGS)


def test_a_fork_is_noticed_and_left_within_a_second(tmp_path: Path) -> None:
    path = make_project(tmp_path / "fork")
    actions = ["stray_close", "open_project"]
    results = finish_session(start_session(path, actions, "offscreen", guard=False), path)
    assert_one_project(path, results, actions)
    said = results[0]["messages"]
    assert len(said) == 1 and "reconnected" in said[0] and "nothing was lost" in said[0]
