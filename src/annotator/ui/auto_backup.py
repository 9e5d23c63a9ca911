"""The automatic backup a window takes of its project, in a worker thread.

Copying a project of a million highlights takes seconds; taken before the window showed,
it kept the researcher waiting at every launch after a day of coding. The copy is made on
a connection of its own (WAL: the window reads and writes meanwhile, and the copy is one
consistent snapshot), and the window waits for it only when it closes.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..services.backups import backup_if_changed
from ..services.project import Project
from .tasks import ProgressCallback, ProjectTask


def _back_up(project: Project, progress: ProgressCallback) -> str:
    taken = backup_if_changed(project)
    return str(taken) if taken is not None else ""


class AutoBackup(QObject):
    """Starts at once; emits ``finished(path)`` (empty: the project had not changed since
    its newest backup) or ``failed(message)``, a message fit to show. Does nothing for a
    project in memory or opened read-only (see ``backup_if_changed``)."""

    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: ProjectTask | None = None
        if project.path == ":memory:" or project.read_only:
            return
        self._task = ProjectTask(Path(project.path), project.coder, _back_up, self)
        self._task.succeeded.connect(lambda taken: self.finished.emit(str(taken)))
        self._task.failed.connect(
            lambda message: self.failed.emit(f"No automatic backup was taken: {message}")
        )
        self._task.start()

    def running(self) -> bool:
        return self._task is not None and self._task.isRunning()

    def wait(self) -> None:
        """Block until the copy is complete (the window is closing: never a half copy
        left behind by a process that exits)."""
        if self._task is not None:
            with suppress(RuntimeError):  # already finished and deleted by Qt
                self._task.wait()
