"""The order of the variables table's rows, read from SQL: at once when it is quick, in
the background when it is not (a sort by a variable of a big project)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..services.project import Project
from .tasks import ProgressCallback, ProjectTask

#: Above this many documents a sort by a variable runs in the background (measured:
#: about 120 ms for 100,000 documents and 20 values, 440 ms for 85,000 distinct texts).
SYNC_SORT_LIMIT = 20_000


class DocumentOrderReader(QObject):
    """Reads every document id in an order: by ``title`` or ``date``, or by a variable's
    value (``variables.document_order``). Only the latest order asked for is delivered.

    Signals:
        ready(object): the ids in the latest order asked for; ``None`` when it could not
            be read (the variable went meanwhile).
        busyChanged(bool): True when a background read starts, False when the rows no
            longer wait for one.
    """

    ready = Signal(object)
    busyChanged = Signal(bool)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._tasks: list[ProjectTask] = []  # still running (their results may be stale)
        self._request = 0
        self._pending: int | None = None

    @property
    def busy(self) -> bool:
        """Whether the latest order is being read in the background."""
        return self._pending is not None

    def ask(self, column: str, descending: bool, *, variable: bool, documents: int) -> None:
        """Read the order by ``column`` (``title``, ``date`` or a variable's name when
        ``variable``); ``ready`` comes at once unless a variable's order of more than
        ``SYNC_SORT_LIMIT`` ``documents`` is read in the background."""
        self._request += 1
        if not variable:
            self._deliver(self._request, self._project.documents.ids(
                "title" if column == "title" else "date", descending))
        elif documents <= SYNC_SORT_LIMIT:
            self._deliver(self._request,
                          self._project.variables.document_order(column, descending))
        else:
            self._read_in_background(column, descending)

    def shutdown(self) -> None:
        """Drop what is pending and wait for the background reads (the window closes)."""
        self._request += 1
        self._pending = None
        for task in list(self._tasks):
            task.wait()

    def _read_in_background(self, name: str, descending: bool) -> None:
        request = self._request

        def job(project: Project, _progress: ProgressCallback) -> list[int]:
            return project.variables.document_order(name, descending)

        task = ProjectTask(self._project.path, self._project.coder, job, self)
        task.succeeded.connect(lambda ids: self._deliver(request, ids))
        task.failed.connect(lambda _message: self._deliver(request, None))
        task.finished.connect(lambda: self._forget(task))
        self._tasks.append(task)
        if self._pending is None:
            self.busyChanged.emit(True)
        self._pending = request
        task.start()

    def _forget(self, task: ProjectTask) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        task.deleteLater()

    def _deliver(self, request: int, ids: list[int] | None) -> None:
        if request != self._request:
            return  # a later order was asked for
        if self._pending is not None:
            self._pending = None
            self.busyChanged.emit(False)
        self.ready.emit(ids)
