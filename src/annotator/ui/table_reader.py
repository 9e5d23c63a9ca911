"""What the variables table shows, read from SQL: the variables and every document id in
display order; at once when that is quick, in the background when it is not (a big
project: reading 100,000 documents' order takes 100 to 400 ms, see ``SYNC_LIMIT``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ..domain.errors import NotFoundError
from ..domain.variables import Variable
from ..services.project import Project
from .tasks import ProgressCallback, ProjectTask

#: Above this many documents the table is read in the background (measured on 100,000
#: documents: the variables 45 to 120 ms, the order by title 30 ms, by a variable of 20
#: values 120 ms, of 85,000 distinct texts 440 ms).
SYNC_LIMIT = 20_000


@dataclass(frozen=True)
class RowOrder:
    """How the rows are sorted: by ``title``, ``date`` or a variable's name."""

    column: str
    by_variable: bool = False
    descending: bool = False

    def document_ids(self, project: Project) -> list[int]:
        """Every document id in this order (by title when the variable is gone)."""
        if not self.by_variable:
            key = "date" if self.column == "date" else "title"
            return project.documents.ids(key, self.descending)
        try:
            return project.variables.document_order(self.column, self.descending)
        except NotFoundError:
            return project.documents.ids("title")


@dataclass(frozen=True)
class TableRead:
    """A reading: the variables (``None`` when not asked for) and the ordered ids."""

    order: RowOrder
    variables: list[Variable] | None
    document_ids: list[int]


def read_table(project: Project, order: RowOrder, with_variables: bool) -> TableRead:
    variables = project.variables.all() if with_variables else None
    return TableRead(order, variables, order.document_ids(project))


class TableReader(QObject):
    """Reads the table for :class:`VariableTableModel`; only the latest reading asked
    for is delivered.

    Signals:
        ready(TableRead): the latest reading asked for.
        busyChanged(bool): True when a background reading starts, False when the table
            no longer waits for one.
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
        """Whether the latest reading runs in the background."""
        return self._pending is not None

    def ask(self, order: RowOrder, *, with_variables: bool, documents: int) -> None:
        """Read the table in ``order``; ``ready`` comes at once unless the project has
        more than ``SYNC_LIMIT`` ``documents`` and the reading is not a plain sort by
        title or date."""
        self._request += 1
        quick = not (with_variables or order.by_variable)
        if quick or documents <= SYNC_LIMIT:
            self._deliver(self._request, read_table(self._project, order, with_variables))
        else:
            self._read_in_background(order, with_variables)

    def shutdown(self) -> None:
        """Drop what is pending and wait for the background readings (the window
        closes its project)."""
        self._request += 1
        self._pending = None
        for task in list(self._tasks):
            task.wait()

    def _read_in_background(self, order: RowOrder, with_variables: bool) -> None:
        request = self._request

        def job(project: Project, _progress: ProgressCallback) -> TableRead:
            return read_table(project, order, with_variables)

        task = ProjectTask(self._project.path, self._project.coder, job, self)
        task.succeeded.connect(lambda reading: self._deliver(request, reading))
        task.failed.connect(lambda _message: self._give_up(request))
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

    def _give_up(self, request: int) -> None:
        """A background reading failed (the file changed under it): the table stays as
        it is; the next change or reload reads again."""
        if request == self._request and self._pending is not None:
            self._pending = None
            self.busyChanged.emit(False)

    def _deliver(self, request: int, reading: TableRead) -> None:
        if request != self._request:
            return  # a later reading was asked for
        if self._pending is not None:
            self._pending = None
            self.busyChanged.emit(False)
        self.ready.emit(reading)
