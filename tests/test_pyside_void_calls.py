"""Regression: PySide6 6.12.0 on Python 3.11 aborts (``none_dealloc``) after a few hundred
calls of void methods such as ``QTextCursor.setPosition``; pyproject pins
``PySide6-Essentials<6.12`` there. This runs thousands of such calls in a subprocess, so
an abort fails this test instead of killing the whole test run."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
app = QGuiApplication([])
doc = QTextDocument()
doc.setPlainText("word " * 2000)
cursor = QTextCursor(doc)
for i in range(20000):
    cursor.setPosition(i % 9000)
    cursor.setPosition((i % 9000) + 5, QTextCursor.MoveMode.KeepAnchor)
    cursor.clearSelection()
print("calls done", cursor.position())
"""


def test_thousands_of_void_calls_do_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "calls done" in result.stdout
