"""Opening a project file made by an older version says that it is being upgraded (the
upgrade happens at the open, once, and takes a while for a large project)."""

from __future__ import annotations

from pathlib import Path

from annotator.ui import app
from helpers import older_file


def test_an_older_project_opens_with_a_notice_that_closes(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch) -> None:
    path = tmp_path / "old.annotator"
    later = older_file(path, "0007_highlight_modified_by")
    shown = []
    real = app.upgrade_notice

    def recorded(*args):  # type: ignore[no-untyped-def]
        notice = real(*args)
        shown.append((notice, notice.isVisible(), notice.labelText()) if notice else None)
        return notice

    monkeypatch.setattr(app, "upgrade_notice", recorded)
    window = app.open_project_window(path)
    assert window is not None
    qtbot.addWidget(window)
    [(notice, visible, text)] = shown
    assert visible and text.startswith("Upgrading old.annotator to this version")
    assert f"{len(later)} steps" in text
    assert not notice.isVisible()  # closed once the window was built
    window.close()
    shown.clear()
    again = app.open_project_window(path)  # upgraded now: no notice
    assert again is not None
    qtbot.addWidget(again)
    assert shown == [None]
    again.close()
