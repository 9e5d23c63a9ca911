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


class LatestReading(QObject):
    """Reads from the project in the background, each reading a :class:`ProjectTask` on
    its own connection; only the latest reading asked for is delivered (an older one
    still running is dropped when it ends), so that views stay fluid while the user types.

    Signals:
        ready(object): the latest reading's result.
        busyChanged(bool): True while the latest reading has yet to arrive.
        failed(str): the latest reading was refused (the project changed under it).
    """

    ready = Signal(object)
    busyChanged = Signal(bool)
    failed = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._tasks: list[ProjectTask] = []
        self._request = 0
        self._busy = False

    @property
    def busy(self) -> bool:
        """Whether the latest reading has yet to arrive."""
        return self._busy

    def read(self, work: Callable[[Project], object], *, in_background: bool = True) -> None:
        """Run ``work(project)`` in the background; its result comes as ``ready`` unless
        another reading is asked for first. A reading known to be quick may be done at
        once (``in_background=False``, on the window's project): ``ready`` then comes
        before this returns, and supersedes any reading still running."""
        self._request += 1
        request = self._request
        if not in_background:
            self._deliver(request, work(self._project))
            return

        def job(project: Project, _progress: ProgressCallback) -> object:
            return work(project)

        task = ProjectTask(self._project.path, self._project.coder, job, self)
        task.succeeded.connect(lambda result: self._deliver(request, result))
        task.failed.connect(lambda message: self._give_up(request, message))
        task.finished.connect(lambda: self._forget(task))
        self._tasks.append(task)
        self._set_busy(True)
        task.start()

    def stop(self) -> None:
        """Forget what is pending."""
        self._request += 1
        self._set_busy(False)

    def shutdown(self) -> None:
        """Drop what is pending and wait for the running readings (the window closes)."""
        self.stop()
        for task in list(self._tasks):
            task.wait()

    @property
    def running(self) -> list[ProjectTask]:
        """The readings still running (older ones too, whose results will be dropped)."""
        return list(self._tasks)

    def is_latest(self, request: int) -> bool:
        return request == self._request

    def _deliver(self, request: int, result: object) -> None:
        """Emit ``ready`` for the latest reading (subclasses may read on instead)."""
        if self.is_latest(request):
            self._set_busy(False)
            self.ready.emit(result)

    def _give_up(self, request: int, message: str) -> None:
        if self.is_latest(request):
            self._set_busy(False)
            self.failed.emit(message)

    def _forget(self, task: ProjectTask) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        task.deleteLater()

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)
