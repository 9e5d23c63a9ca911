"""Computes an agreement and its disagreements in the background, so that a big project
never holds up the window; lists the project's coders there too (a scan of every
highlight).

Each reading is a :class:`~.tasks.LatestReading`: only the latest one asked for is
delivered.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal

from ..services.agreement import AgreementReport
from ..services.disagreements import DisagreementList, agreement_with_disagreements
from ..services.project import Project
from .tasks import LatestReading


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


class AgreementReader(LatestReading):
    """Runs agreement computations (see :class:`~.tasks.LatestReading`).

    Signals:
        ready(AgreementResult): the latest computation asked for.
        codersRead(list): the project's coders, as :meth:`list_coders` asked.
        busyChanged(bool): True while a computation asked for runs.
        failed(str): the latest computation was refused; the message is fit to show.
    """

    codersRead = Signal(list)

    def compute(self, request: AgreementRequest) -> None:
        """Compute ``request`` (what an earlier call asked for is no longer delivered)."""
        self.read(lambda project: compute_agreement(project, request))

    def list_coders(self) -> None:
        """Read the project's coders (what an earlier call asked for is no longer
        delivered)."""
        self.read(lambda project: project.store.agreement.coders())

    def _deliver(self, request: int, result: object) -> None:
        if self.is_latest(request) and not isinstance(result, AgreementResult):
            self._set_busy(False)
            self.codersRead.emit(result)
            return
        super()._deliver(request, result)
