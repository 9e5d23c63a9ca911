"""The lists beside and below the text get their room back when the window grows again:
after making the window small and large again, document titles, tag names and quotes are
as wide as before, not elided ("…") until the user drags the separators."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from annotator.domain.model import NewDocument
from annotator.services import Project


def columns(window) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The widths of the columns that take the room: the document title, the tag name,
    the quote."""
    return {"title": window.browser.view.header().sectionSize(0),
            "tag": window.tag_panel.view.header().sectionSize(0),
            "quote": window.quotes.view.header().sectionSize(0)}


def fits(view, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``text`` is shown whole in the first column of ``view`` (room for the
    text, the item's margins and, in the tag tree, the indentation, check box and swatch)."""
    return view.header().sectionSize(0) >= view.fontMetrics().horizontalAdvance(text) + 70


def test_columns_follow_the_window_when_it_grows_again(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.dock_sizes.pending)  # first laid out
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not window.dock_sizes.pending)
    wide = columns(window)
    assert fits(window.browser.view, "River report") and fits(window.tag_panel.view, "security")
    window.resize(700, 500)  # (as small as the docks' minimum sizes let it be)
    qtbot.waitUntil(lambda: columns(window)["title"] < wide["title"])
    qtbot.waitUntil(lambda: not window.dock_sizes.pending)
    # elided: the window is small
    qtbot.waitUntil(lambda: not fits(window.browser.view, "River report"))
    assert columns(window)["tag"] < wide["tag"]
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: columns(window) == wide)
    assert fits(window.browser.view, "River report") and fits(window.tag_panel.view, "security")


def test_a_width_the_user_dragged_is_the_one_given_back(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.dock_sizes.pending)  # first laid out
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not window.dock_sizes.pending)
    tags_width = window.tags_dock.width()
    assert window.documents_dock.width() > 250
    window.resizeDocks([window.documents_dock], [250], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.documents_dock.width() == 250)
    # The drag ends with the mouse let go on the separator (the window's own area).
    separator = QPoint(window.documents_dock.geometry().right() + 2, 300)
    assert window.childAt(separator) is None
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=separator)
    qtbot.mouseRelease(window, Qt.MouseButton.LeftButton, pos=separator)
    qtbot.waitUntil(lambda: window.dock_sizes.wanted(window.documents_dock) == 250)
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.documents_dock.width() < 250)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.documents_dock.width() == 250)
    assert window.tags_dock.width() == tags_width


_XCB_RESIZE_SESSION = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from annotator.ui.app import create_main_window

app = QApplication.instance() or QApplication(["annotator"])
window = create_main_window(sys.argv[1])
window.resize(1366, 700)
window.show()
QTest.qWaitForWindowExposed(window, 5000)

def settle():
    for _ in range(30):
        QTest.qWait(20)
    return {"documents": window.documents_dock.width(), "tags": window.tags_dock.width(),
            "title": window.browser.view.header().sectionSize(0),
            "tag": window.tag_panel.view.header().sectionSize(0),
            "quote": window.quotes.view.header().sectionSize(0)}

sizes = {"wide": settle()}
window.resize(700, 500)
sizes["small"] = settle()
window.resize(1366, 700)
sizes["wide again"] = settle()
print(json.dumps({"platform": app.platformName(), "sizes": sizes}))
window.close()
"""


def test_columns_follow_the_window_in_a_real_x_window(tmp_path: Path, x_display: str) -> None:
    path = tmp_path / "p.annotator"
    with Project.open(path) as project:
        project.tags.create("security")
        project.documents.add(NewDocument("River report", "The river water level fell."))
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display,
           "ANNOTATOR_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", _XCB_RESIZE_SESSION, str(path)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    sizes = result["sizes"]
    assert sizes["wide"]["documents"] >= 240 and sizes["wide"]["tags"] >= 240
    assert sizes["small"]["title"] < sizes["wide"]["title"]
    assert sizes["small"]["tag"] < sizes["wide"]["tag"]
    assert sizes["small"]["documents"] < 360
    again, wide = sizes["wide again"], sizes["wide"]
    side = ("documents", "tags", "title", "tag")
    assert {k: again[k] for k in side} == {k: wide[k] for k in side}
    # The bottom row (quotes beside the charts) grows back too, if not to the pixel
    # under X (the window manager's first sizes arrive in several steps).
    assert again["quote"] > sizes["small"]["quote"]
