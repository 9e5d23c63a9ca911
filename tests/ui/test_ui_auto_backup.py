"""The automatic backup at opening runs beside the window, never before it."""

from __future__ import annotations

import threading
from pathlib import Path

from annotator.domain.errors import ProjectFileError
from annotator.services.backups import list_backups


def test_window_is_usable_while_the_backup_is_copied(qtbot, project_file: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui import auto_backup
    from annotator.ui.app import create_main_window

    release = threading.Event()
    real = auto_backup.backup_if_changed

    def slow_backup(project):  # type: ignore[no-untyped-def]
        assert release.wait(10)  # a copy that takes as long as the test wants
        return real(project)

    monkeypatch.setattr(auto_backup, "backup_if_changed", slow_backup)
    window = create_main_window(project_file)
    qtbot.addWidget(window)
    window.show()
    assert window.backup.running() and list_backups(project_file) == []
    assert window.document_model.rowCount() == 2  # the list shows meanwhile
    window.open_document(window.document_model.document_id(0))
    window.editor.select_span(0, 5)
    assert window.editor.apply_tags([window.project.tags.all()[0].id])  # and tagging works
    with qtbot.waitSignal(window.backup.finished, timeout=10_000) as taken:
        release.set()
    assert Path(taken.args[0]) == list_backups(project_file)[0].path
    window.close()


def test_closing_waits_for_the_copy_to_complete(qtbot, project_file: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui import auto_backup
    from annotator.ui.app import create_main_window

    started, real = threading.Event(), auto_backup.backup_if_changed

    def slow_backup(project):  # type: ignore[no-untyped-def]
        started.set()
        threading.Event().wait(0.3)
        return real(project)

    monkeypatch.setattr(auto_backup, "backup_if_changed", slow_backup)
    window = create_main_window(project_file)
    qtbot.addWidget(window)
    window.show()
    assert started.wait(5)
    window.close()
    assert not window.backup.running()
    assert len(list_backups(project_file)) == 1


def test_a_failed_backup_is_shown_and_the_window_stays_usable(qtbot, project_file: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui import auto_backup
    from annotator.ui.app import create_main_window

    def failing_backup(project):  # type: ignore[no-untyped-def]
        raise ProjectFileError("/backups", "cannot write a backup (disk full)")

    monkeypatch.setattr(auto_backup, "backup_if_changed", failing_backup)
    window = create_main_window(project_file)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "No automatic backup was taken" in window.last_error)
    assert "disk full" in window.last_error
    assert window.document_model.rowCount() == 2
    window.close()
