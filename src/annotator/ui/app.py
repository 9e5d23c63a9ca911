"""Composition root: build the main window for a project file.

``create_main_window`` is what tests, screenshots and :mod:`annotator.ui.launch` use; it
never enters the event loop and never creates a second ``QApplication``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from ..domain.errors import UserError
from ..services.project import Project
from .main_window import MainWindow

APP_NAME = "Annotator"
ORGANIZATION = "Annotator"

_open_windows: list[MainWindow] = []


def ensure_application() -> QApplication:
    """The running ``QApplication``, created (named for QSettings) if there is none."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setOrganizationName(ORGANIZATION)
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def create_main_window(project_path: str | Path, *, create: bool = False) -> QMainWindow:
    """Open the project at ``project_path`` and build its window (not shown).

    Raises ``UserError`` (e.g. ``ProjectFileError``) when the file cannot be used; the
    caller shows the message. The window closes the project when it is closed. A project
    that changed since its last automatic backup is backed up by the window in the
    background (``window.backup``); a failed backup is shown as an error.
    """
    ensure_application()
    project = Project.open(project_path, create=create)
    try:
        return MainWindow(project)
    except BaseException:
        project.close()
        raise


def open_project_window(
    path: Path, *, create: bool = False, parent_for_errors: QWidget | None = None
) -> MainWindow | None:
    """Build a window for ``path``, or show why it cannot be opened and return ``None``.

    When the file is damaged and has backups, the message offers to restore the newest
    one (the damaged file is kept aside) and, if accepted, opens the restored project.
    Warnings of the opened project are shown once the event loop runs.
    """
    from .backup_prompts import offer_backup_restore

    try:
        window = create_main_window(path, create=create)
    except UserError as error:
        if not offer_backup_restore(parent_for_errors, path, error):
            return None
        try:
            window = create_main_window(path)
        except UserError as again:
            QMessageBox.critical(parent_for_errors, "Cannot open the project", str(again))
            return None
    assert isinstance(window, MainWindow)
    for warning in window.project.store.warnings:
        QTimer.singleShot(0, window, lambda w=warning: window.show_error(w))
    _open_windows[:] = [w for w in _open_windows if w.isVisible()]
    _open_windows.append(window)
    return window
