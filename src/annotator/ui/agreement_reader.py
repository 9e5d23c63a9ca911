"""Computes an agreement and its disagreements in the background, so that a big project
never holds up the window; lists the project's coders there too (a scan of every
highlight).

Each reading is a :class:`~.tasks.ProjectTask` on its own connection; only the latest
one asked for is delivered (an older one still running is dropped when it ends).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ..services.agreement import AgreementReport
from ..services.disagreements import DisagreementList, agreement_with_disagreements
from ..services.project import Project
from .tasks import ProgressCallback, ProjectTask


@dataclass(frozen=True)
class AgreementRequest:
    """What to compare: ``coders`` (two or more), the ``unit`` and, for segments, the
    ``overlap``; ``tag_ids`` (``None``: every tag)."""

    coders: tuple[str, ...]
    unit: str = "character"
    overlap: float = 0.9
    tag_ids: tuple[int, ...] | None = None


#: Disagreements listed at most (all are counted); a team works through them in order.
LISTED_DISAGREEMENTS = 2000


@dataclass(frozen=True)
class AgreementResult:
    """The ``report`` asked for by ``request``, its ``disagreements`` (the first
    :data:`LISTED_DISAGREEMENTS`, and their total), and every coder of the project."""

    request: AgreementRequest
    report: AgreementReport
    disagreements: DisagreementList
    coders: list[str]


def compute_agreement(project: Project, request: AgreementRequest) -> AgreementResult:
    """The report and the disagreements of ``request`` from one reading of the coding.
    Raises ``UserError`` as :func:`~annotator.services.agreement.agreement` does."""
    report, found = agreement_with_disagreements(
        project, coders=request.coders, unit=request.unit, overlap=request.overlap,
        tag_ids=request.tag_ids, limit=LISTED_DISAGREEMENTS)
    return AgreementResult(request, report, found, project.store.agreement.coders())


class AgreementReader(QObject):
    """Runs agreement computations.

    Signals:
        ready(AgreementResult): the latest computation asked for.
        codersRead(list): the project's coders, as :meth:`list_coders` asked.
        busyChanged(bool): True while a computation asked for runs.
        failed(str): the latest computation was refused; the message is fit to show.
    """

    ready = Signal(object)
    codersRead = Signal(list)
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
        return self._busy

    def read(self, request: AgreementRequest) -> None:
        """Compute ``request`` (what an earlier call asked for is no longer delivered)."""
        self._start(lambda project: compute_agreement(project, request))

    def list_coders(self) -> None:
        """Read the project's coders (what an earlier call asked for is no longer
        delivered)."""
        self._start(lambda project: project.store.agreement.coders())

    def _start(self, work: Callable[[Project], object]) -> None:
        self._request += 1
        number = self._request

        def job(project: Project, _progress: ProgressCallback) -> object:
            return work(project)

        task = ProjectTask(self._project.path, self._project.coder, job, self)
        task.succeeded.connect(lambda result: self._deliver(number, result))
        task.failed.connect(lambda message: self._give_up(number, message))
        task.finished.connect(lambda: self._forget(task))
        self._tasks.append(task)
        self._set_busy(True)
        task.start()

    def shutdown(self) -> None:
        """Drop what is pending and wait for running computations (the window closes)."""
        self._request += 1
        self._set_busy(False)
        for task in list(self._tasks):
            task.wait()

    def _deliver(self, number: int, result: object) -> None:
        if number == self._request:
            self._set_busy(False)
            if isinstance(result, AgreementResult):
                self.ready.emit(result)
            else:
                self.codersRead.emit(result)

    def _give_up(self, number: int, message: str) -> None:
        if number == self._request:
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
