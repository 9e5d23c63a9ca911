"""What the variables table shows, read from SQL: the variables and every document id in
display order; at once when that is quick, in the background when it is not (a big
project: reading 100,000 documents' order takes 100 to 400 ms, see ``SYNC_LIMIT``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.errors import NotFoundError
from ..domain.filters import DocumentFilter
from ..domain.variables import Variable
from ..services.project import Project
from .tasks import LatestReading

#: Above this many documents the table is read in the background (measured on 100,000
#: documents: the variables 45 to 120 ms, the order by title 30 ms, by a variable of 20
#: values 120 ms, of 85,000 distinct texts 440 ms).
SYNC_LIMIT = 20_000


@dataclass(frozen=True)
class RowOrder:
    """Which rows, in which order: the documents ``within`` selects (the browser's
    filter), sorted by ``title``, ``date`` or a variable's name."""

    column: str
    by_variable: bool = False
    descending: bool = False
    within: DocumentFilter = field(default_factory=DocumentFilter)

    def document_ids(self, project: Project) -> list[int]:
        """The ids of the documents ``within`` selects, in this order (by title when
        the variable is gone)."""
        within = self.within
        if not self.by_variable:
            key = "date" if self.column == "date" else "title"
            return project.documents.select(within, key, self.descending)
        try:
            ordered = project.variables.document_order(self.column, self.descending)
        except NotFoundError:
            return project.documents.select(within, "title")
        if within.is_empty:
            return ordered
        selected = set(project.documents.select(within))
        return [document_id for document_id in ordered if document_id in selected]


@dataclass(frozen=True)
class TableRead:
    """A reading: the variables (``None`` when not asked for) and the ordered ids."""

    order: RowOrder
    variables: list[Variable] | None
    document_ids: list[int]


def read_table(project: Project, order: RowOrder, with_variables: bool) -> TableRead:
    variables = project.variables.all() if with_variables else None
    return TableRead(order, variables, order.document_ids(project))


class TableReader(LatestReading):
    """Reads the table for :class:`VariableTableModel`; only the latest reading asked
    for is delivered.

    Signals (see :class:`~.tasks.LatestReading`):
        ready(TableRead): the latest reading asked for.
        busyChanged(bool): True when a background reading starts, False when the table
            no longer waits for one (a failed reading leaves the table as it is; the next
            change or reload reads again).
    """

    def ask(self, order: RowOrder, *, with_variables: bool, documents: int) -> None:
        """Read the table in ``order``; ``ready`` comes at once unless the project has
        more than ``SYNC_LIMIT`` ``documents`` and the reading is not a plain sort of
        every document by title or date."""
        quick = not (with_variables or order.by_variable) and order.within.is_empty
        self.read(lambda project: read_table(project, order, with_variables),
                  in_background=not (quick or documents <= SYNC_LIMIT))
