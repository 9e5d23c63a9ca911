"""Reads the hits of the browser's search in the background, so that typing stays fluid.

A reading lists the first ``FIRST_HITS`` hits in context (what the keyword-in-context
list shows at once) and the number of matching documents; when there are more hits, a
second reading counts them all. "Show all" reads every hit in context. Each reading is a
:class:`~.tasks.ProjectTask` on its own connection; only the latest reading asked for is
delivered (an older one still running is dropped when it ends).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from ..domain.filters import DocumentFilter
from ..services.project import Project
from ..services.search import HitInContext, hits, hits_in_context, search_documents
from .tasks import ProgressCallback, ProjectTask

#: Hits shown before "Show all" is asked for.
FIRST_HITS = 1000


@dataclass(frozen=True)
class HitsRead:
    """Hits of ``where.text`` in the documents ``where`` lets through: ``found`` in search
    order, ``documents`` matching, ``total`` hits (``None`` while being counted);
    ``complete`` when ``found`` holds every hit."""

    where: DocumentFilter
    found: list[HitInContext]
    documents: int
    total: int | None
    complete: bool


def read_first_hits(project: Project, where: DocumentFilter, limit: int | None) -> HitsRead:
    """The first ``limit`` hits (every hit when ``None``) and the document count."""
    documents = len(search_documents(project, where.text, where))
    wanted = None if limit is None else limit + 1
    found = list(hits_in_context(project, where.text, where, limit=wanted))
    complete = limit is None or len(found) <= limit
    if not complete:
        found = found[:limit]
    return HitsRead(where, found, documents, len(found) if complete else None, complete)


def count_hits(project: Project, where: DocumentFilter) -> int:
    """How many hits the search has in all."""
    return sum(1 for _ in hits(project, where.text, where))


class HitReader(QObject):
    """Reads hits for the search panel.

    Signals:
        ready(HitsRead): the latest reading (again, with ``total``, once counted).
        busyChanged(bool): True while a reading asked for runs.
        failed(str): a reading was refused (the project changed under it).
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

    def read(self, where: DocumentFilter, *, every_hit: bool = False) -> None:
        """Read the hits of ``where`` (the first ``FIRST_HITS``, or all of them)."""
        limit = None if every_hit else FIRST_HITS
        self._start(lambda project: read_first_hits(project, where, limit))

    def stop(self) -> None:
        """Forget what is pending (no search any more)."""
        self._request += 1
        self._set_busy(False)

    def shutdown(self) -> None:
        """Drop what is pending and wait for the running readings (the window closes)."""
        self.stop()
        for task in list(self._tasks):
            task.wait()

    def _start(self, work: object) -> None:
        self._request += 1
        request = self._request

        def job(project: Project, _progress: ProgressCallback) -> object:
            return work(project)  # type: ignore[operator]

        task = ProjectTask(self._project.path, self._project.coder, job, self)
        task.succeeded.connect(lambda result: self._deliver(request, result))
        task.failed.connect(lambda message: self._give_up(request, message))
        task.finished.connect(lambda: self._forget(task))
        self._tasks.append(task)
        self._set_busy(True)
        task.start()

    def _deliver(self, request: int, result: object) -> None:
        if request != self._request:
            return
        if isinstance(result, HitsRead) and result.total is None:
            self.ready.emit(result)
            self._start(lambda project: replace(result, total=count_hits(project,
                                                                          result.where)))
            return
        self._set_busy(False)
        self.ready.emit(result)

    def _give_up(self, request: int, message: str) -> None:
        if request == self._request:
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
