"""Background work on the project: one task at a time, each with its own connection.

A :class:`ProjectTask` runs a job in a worker thread on a ``Project`` it opens itself on the
same file (a ``Project`` belongs to the thread that opened it). Results, progress and errors
arrive as queued signals, so receivers run on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from ..domain.errors import UserError
from ..services.project import Project

#: Reports (index, total, label) and returns False when the user cancelled.
ProgressCallback = Callable[[int, int, str], bool]
Job = Callable[[Project, ProgressCallback], object]


class ProjectTask(QThread):
    """Runs ``job(project, progress)`` in a worker thread.

    Signals:
        progressed(int, int, str): index, total, label of the item being worked on.
        succeeded(object): the job's result.
        failed(str): the job raised a ``UserError``; the message is fit to show.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, project_path: str | Path, coder: str, job: Job,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path, self._coder, self._job = project_path, coder, job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop before its next item (thread-safe)."""
        self._cancel.set()

    def run(self) -> None:
        try:
            with Project.open(self._path, create=False, coder=self._coder) as project:
                result = self._job(project, self._progress)
        except UserError as error:
            self.failed.emit(str(error))
            return
        self.succeeded.emit(result)

    def _progress(self, index: int, total: int, label: str) -> bool:
        self.progressed.emit(index, total, label)
        return not self._cancel.is_set()
