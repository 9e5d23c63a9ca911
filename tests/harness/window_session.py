"""A scripted window session beside the command line (run as a separate process).

    python window_session.py PROJECT ACTION[,ACTION...] RESULT.json [--no-guard]

Opens the window on PROJECT (on whatever ``QT_QPA_PLATFORM`` says: offscreen, or xcb
under Xvfb) and, for each ACTION in turn, performs it (a file dialog shown on the
project's folder and closed, a drop, an import...), then, with the window still open,
runs ``annotator autocode`` (a writer, with a phrase of its own) and ``annotator stats``
(a reader) in other processes and records, per action:

* ``seen_after_s``: how long the window took to show the writer's highlights (or null);
* ``deleted``: descriptors of this process on a deleted ``-wal``/``-shm`` of PROJECT;
* ``edited``: the quote that a key press in the window tagged afterwards (or null), and
  ``messages``: what the window said meanwhile;

then quits the window and writes RESULT.json (a list: one record per action). ``--no-guard`` turns the file guard off,
so that only the fixes at each cause protect the project (and the fork detection). The
actions are listed in ``ACTIONS``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QToolButton

from annotator.store import file_guard
from annotator.ui.app import ensure_application, open_project_window

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers import deleted_descriptors

DIALOG_SHOWN_MS = 1500  # long enough for the dialog to list the folder with types and icons
SEEN_WITHIN_S = 2.0
#: The writer's phrase for each action in turn (each occurs in the harness's document).
WORDS = ("water", "river", "border", "labour", "gas", "security", "migration", "dam",
         "canal", "summit", "treaty", "drought", "harvest", "pipeline")


class Session:
    def __init__(self, project: Path, actions: list[str]) -> None:
        self.project, self.actions = project, actions
        self.results: list[dict[str, object]] = []
        self.app = ensure_application()
        window = open_project_window(project)
        assert window is not None
        self.window = window
        self.messages: list[str] = []
        original = window.show_error

        def recording_show_error(message: str) -> None:
            self.messages.append(message)
            original(message)

        window.show_error = recording_show_error  # type: ignore[method-assign]
        window.resize(1366, 768)
        window.show()
        window.open_first_document()

    # -- the actions ------------------------------------------------------------------------
    def run(self) -> None:
        """Start the next action, or quit when all are done."""
        if len(self.results) == len(self.actions):
            self.window.close()
            self.app.quit()
            return
        action = self.actions[len(self.results)]
        self.messages = []
        self.result: dict[str, object] = {"action": action, "messages": self.messages}
        self.results.append(self.result)
        before = self.window.project.highlights.count()
        ACTIONS[action](self)
        self.result["highlights_before"] = before
        self.cli_round(phrase=WORDS[len(self.results) - 1])
        self.wait_until_seen(before)

    def close_dialog_later(self) -> None:
        """Close the next modal dialog once it has shown the folder for a while."""
        deadline = time.monotonic() + 10

        def close() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog) and dialog.isVisible():
                self.result["dialog"] = type(dialog).__name__
                QTimer.singleShot(DIALOG_SHOWN_MS, dialog.reject)
            elif time.monotonic() < deadline:
                QTimer.singleShot(50, close)
        QTimer.singleShot(50, close)

    def dialog(self, open_it) -> None:  # type: ignore[no-untyped-def]
        self.close_dialog_later()
        open_it()

    def drop(self, paths: list[Path]) -> None:
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        self.window.dropEvent(event)
        self.wait_for_import()

    def import_paths(self, paths: list[Path]) -> None:
        self.window.files.import_paths(paths)
        self.wait_for_import()

    def wait_for_import(self) -> None:
        deadline = time.monotonic() + 60
        while self.window.files.busy() and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)
        self.app.processEvents()
        report = self.window.files.last_report
        self.result["import_skipped"] = [[str(p), why] for p, why in report.skipped] if report else []
        self.result["import_failed"] = [[str(p), why] for p, why in report.failed] if report else []

    def chart_export(self) -> None:
        self.window.charts_dock.raise_()
        buttons = [b for b in self.window.charts.findChildren(QToolButton) if b.text() == "Export"]
        menu = buttons[0].menu()
        assert isinstance(menu, QMenu)
        self.dialog(lambda: menu.actions()[0].trigger())

    # -- the command line beside the window -------------------------------------------------
    def cli_round(self, phrase: str) -> None:
        env = {**os.environ}
        writer = subprocess.run(
            [sys.executable, "-m", "annotator", "autocode", str(self.project), "--tag",
             "harness", "--phrase", phrase], capture_output=True, text=True, env=env)
        reader = subprocess.run([sys.executable, "-m", "annotator", "stats", str(self.project)],
                                capture_output=True, text=True, env=env)
        self.result["cli"] = [[writer.returncode, writer.stderr], [reader.returncode, reader.stderr]]

    def wait_until_seen(self, before: int) -> None:
        """Poll what the window shows (its status bar counts) until the writer's
        highlights appear, then check the descriptors and edit in the window."""
        started = time.monotonic()

        def poll() -> None:
            shown = self.window.status_counts.text()
            expected = self.window.project.highlights.count()
            elapsed = time.monotonic() - started
            if expected > before and f"{expected} highlight" in shown:
                self.result["seen_after_s"] = round(elapsed, 2)
                self.result["highlights_seen"] = expected
                self.after_seen()
            elif elapsed > SEEN_WITHIN_S + 3:
                self.result["seen_after_s"] = None
                self.after_seen()
            else:
                QTimer.singleShot(50, poll)

        poll()

    def after_seen(self) -> None:
        self.result["deleted"] = deleted_descriptors(self.project)
        self.edit_in_window()
        QTimer.singleShot(300, self.run)

    def edit_in_window(self) -> None:
        """Select the next word of the open document and press 1 (the first tag)."""
        editor = self.window.editor
        text = editor.toPlainText()
        words = list(re.finditer(r"\w+", text))
        word = words[len(self.results) - 1]
        editor.setFocus()
        editor.select_span(word.start(), word.end())
        before = self.window.project.highlights.count()
        QTest.keyClick(editor, Qt.Key.Key_1)
        after = self.window.project.highlights.count()
        self.result["edited"] = word.group() if after == before + 1 else None


def _stray_close(session: Session) -> None:
    """What an unknown sniffer in the process would do (the defence-in-depth case)."""
    descriptor = os.open(session.project, os.O_RDONLY)
    os.read(descriptor, 100)
    os.close(descriptor)


ACTIONS = {
    "open_project": lambda s: s.dialog(s.window.files.open_project),
    "new_project": lambda s: s.dialog(s.window.files.new_project),
    "import_files": lambda s: s.dialog(s.window.files.choose_files),
    "import_folder_dialog": lambda s: s.dialog(s.window.files.choose_folder),
    "export": lambda s: s.dialog(s.window.files.export),
    "chart_export": Session.chart_export,
    "restore_backup": lambda s: s.dialog(s.window.files.restore_backup),
    "recent_projects": lambda s: s.window.files._fill_recent(),
    "drop_folder": lambda s: s.drop([s.project.parent]),
    "drop_project_file": lambda s: s.drop([s.project, Path(f"{s.project}-wal")]),
    "import_folder": lambda s: s.import_paths([s.project.parent]),
    "stray_close": _stray_close,
}


def main() -> int:
    project, actions, result = Path(sys.argv[1]), sys.argv[2].split(","), Path(sys.argv[3])
    if "--no-guard" in sys.argv:
        file_guard.SUPPORTED = False
    session = Session(project, actions)
    QTimer.singleShot(0, session.run)
    session.app.exec()
    result.write_text(json.dumps(session.results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
