"""No two actions of the window share a key, and the standard keys reach their actions in
a real X window (xcb under Xvfb): Redo used to do nothing there, its key being given
twice ("Ambiguous shortcut overload: Ctrl+Shift+Z")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from annotator.services import Project
from annotator.ui.shortcuts_help import redo_keys

GLOBAL = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)

# Under xcb: push a command, undo it, then press each Redo key; print what happened and
# every Qt warning about shortcuts.
_XCB_SESSION = r"""
import json, sys
from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtGui import QUndoCommand
from PySide6.QtTest import QTest
from annotator.ui.app import create_main_window
from PySide6.QtWidgets import QApplication

warnings = []
qInstallMessageHandler(lambda kind, context, text: warnings.append(text))
app = QApplication.instance() or QApplication(["annotator"])
window = create_main_window(sys.argv[1])
window.show()
window.activateWindow()
QTest.qWaitForWindowActive(window, 5000)
redone = []

class Count(QUndoCommand):
    def redo(self):
        redone.append(1)
    def undo(self):
        pass

window.undo_stack.push(Count("count"))
presses = {}
for name, key, modifiers in [("ctrl+shift+z", Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
                             ("ctrl+y", Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)]:
    window.undo_stack.undo()
    before = len(redone)
    QTest.keyClick(QApplication.focusWidget() or window, key, modifiers)
    app.processEvents()
    presses[name] = len(redone) - before
print(json.dumps({"platform": app.platformName(), "presses": presses,
                  "warnings": [w for w in warnings if "hortcut" in w]}))
window.close()
"""


def test_no_two_actions_of_the_window_share_a_key(window) -> None:  # type: ignore[no-untyped-def]
    actions = [a for a in window.findChildren(QAction) if a.shortcutContext() in GLOBAL]
    keys = [key.toString() for action in actions for key in action.shortcuts()]
    assert len(keys) >= 15  # the window's menus are all there
    assert [key for key, count in Counter(keys).items() if count > 1] == []
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= {key.toString() for key in window.redo_action.shortcuts()}


def test_redo_keys_are_each_given_once() -> None:
    keys = [key.toString() for key in redo_keys()]
    assert len(keys) == len(set(keys)) and {"Ctrl+Shift+Z", "Ctrl+Y"} <= set(keys)


def test_redo_keys_redo_in_a_real_x_window(tmp_path: Path, x_display: str) -> None:
    path = tmp_path / "p.annotator"
    Project.open(path).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display,
           "ANNOTATOR_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", _XCB_SESSION, str(path)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    assert result["presses"] == {"ctrl+shift+z": 1, "ctrl+y": 1}
    assert result["warnings"] == []


# Where the focus may be when Ctrl+N is pressed: the menu shows Ctrl+N for New tag, so it
# must work from each of these, not only from the tag panel.
FOCUS_PLACES = {
    "editor": lambda w: w.editor,
    "document filter box": lambda w: w.browser.filter_box,
    "document list": lambda w: w.browser.view,
    "quotes view": lambda w: w.quotes.view,
    "search dock": lambda w: w.search.panel.view,
    "tag panel": lambda w: w.tag_panel.view,
}


def _focus(window, place: str, qtbot):  # type: ignore[no-untyped-def]
    if place == "search dock":
        window.search.dock.show()
        window.search.dock.raise_()
    widget = FOCUS_PLACES[place](window)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    return widget


def test_ctrl_n_creates_a_tag_wherever_the_focus_is(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    for number, place in enumerate(FOCUS_PLACES):
        widget = _focus(window, place, qtbot)
        window.tag_panel.prompts.texts = [f"made from {place}"]
        qtbot.keyClick(widget, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        names = [t.name for t in window.project.tags.all()]
        assert f"made from {place}" in names, place
        assert len(names) == 2 + number + 1  # the fixture's two tags, then one per press
        assert window.undo_action.text() == f"Undo Create tag 'made from {place}'"


_XCB_NEW_TAG_SESSION = r"""
import json, sys
from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from annotator.ui.app import create_main_window

warnings = []
qInstallMessageHandler(lambda kind, context, text: warnings.append(text))
app = QApplication.instance() or QApplication(["annotator"])
window = create_main_window(sys.argv[1])
answers = []

class Prompts:
    def text(self, title, label, value=""):
        return answers.pop(0) if answers else None

window.tag_panel.prompts = Prompts()
window.show()
window.activateWindow()
QTest.qWaitForWindowActive(window, 5000)
places = {"editor": window.editor, "document filter box": window.browser.filter_box,
          "document list": window.browser.view, "quotes view": window.quotes.view,
          "search dock": window.search.panel.view, "tag panel": window.tag_panel.view}
created = {}
for place, widget in places.items():
    if place == "search dock":
        window.search.dock.raise_()
    widget.setFocus()
    for _ in range(200):
        if widget.hasFocus():
            break
        QTest.qWait(10)
    answers[:] = [f"from {place}"]
    before = {t.name for t in window.project.tags.all()}
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    created[place] = sorted({t.name for t in window.project.tags.all()} - before)
print(json.dumps({"platform": app.platformName(), "created": created,
                  "warnings": [w for w in warnings if "hortcut" in w]}))
window.close()
"""


def test_ctrl_n_creates_a_tag_from_everywhere_in_a_real_x_window(
        tmp_path: Path, x_display: str) -> None:
    path = tmp_path / "p.annotator"
    Project.open(path).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display,
           "ANNOTATOR_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", _XCB_NEW_TAG_SESSION, str(path)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    assert result["created"] == {place: [f"from {place}"] for place in FOCUS_PLACES}
    assert result["warnings"] == []
