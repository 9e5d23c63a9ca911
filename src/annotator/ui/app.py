"""Composition root: build the main window for a project file.

``create_main_window`` is what tests, screenshots and :mod:`annotator.ui.launch` use; it
never enters the event loop and never creates a second ``QApplication``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
)
from shiboken6 import isValid

from ..domain.errors import UserError
from ..domain.wording import plural
from ..services.project import Project
from ..services.project_files import upgrades_needed
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


def create_main_window(project_path: str | Path, *, create: bool = False,
                       ask_coder: bool = False) -> QMainWindow:
    """Open the project at ``project_path`` and build its window (not shown).

    ``ask_coder``: the first edit asks for the coder's name when none is known (see
    :mod:`.coder_identity`); off for tests, screenshots and the bench, which never wait
    for a person.

    Raises ``UserError`` (e.g. ``ProjectFileError``) when the file cannot be used; the
    caller shows the message. The window closes the project when it is closed. A project
    that changed since its last automatic backup is backed up by the window in the
    background (``window.backup``); a failed backup is shown as an error.
    """
    ensure_application()
    project = Project.open(project_path, create=create)
    try:
        return MainWindow(project, ask_coder=ask_coder)
    except BaseException:
        project.close()
        raise


def upgrade_notice(path: Path, parent: QWidget | None) -> QProgressDialog | None:
    """When the project file at ``path`` needs upgrading to this version (made as it
    opens, once; a large project takes a while), a box that says so, shown until the
    caller closes it; ``None`` when it needs none."""
    upgrades = upgrades_needed(path)
    if not upgrades:
        return None
    notice = QProgressDialog(parent)
    label = QLabel(f"Upgrading {path.name} to this version of Annotator "
                   f"({plural(len(upgrades), 'step')}, once). A large project takes a "
                   "minute…", notice)
    label.setWordWrap(True)
    notice.setLabel(label)
    notice.setRange(0, 0)
    notice.setMinimumWidth(420)
    notice.setWindowTitle("Upgrading the project")
    notice.setCancelButton(None)  # the upgrade is one transaction: it finishes or not at all
    notice.setMinimumDuration(0)
    notice.show()
    QApplication.processEvents()
    return notice


def open_project_window(
    path: Path, *, create: bool = False, parent_for_errors: QWidget | None = None,
    ask_coder: bool = False,
) -> MainWindow | None:
    """Build a window for ``path``, or show why it cannot be opened and return ``None``.
    ``ask_coder`` as in :func:`create_main_window` (the launched application's windows).

    When the file is damaged and has backups, the message offers to restore the newest
    one (the damaged file is kept aside) and, if accepted, opens the restored project.
    Warnings of the opened project are shown once the event loop runs.
    """
    from .backup_prompts import offer_backup_restore

    notice = upgrade_notice(path, parent_for_errors)
    try:
        window = create_main_window(path, create=create, ask_coder=ask_coder)
    except UserError as error:
        if notice is not None:
            notice.close()
            notice = None
        if not offer_backup_restore(parent_for_errors, path, error):
            return None
        try:
            window = create_main_window(path, ask_coder=ask_coder)
        except UserError as again:
            QMessageBox.critical(parent_for_errors, "Cannot open the project", str(again))
            return None
    finally:
        if notice is not None:
            notice.close()
    assert isinstance(window, MainWindow)
    for warning in window.project.store.warnings:
        QTimer.singleShot(0, window, lambda w=warning: window.show_error(w))
    # (a window deleted meanwhile, as a test's teardown does, is gone from the list too)
    _open_windows[:] = [w for w in _open_windows if isValid(w) and w.isVisible()]
    _open_windows.append(window)
    return window
