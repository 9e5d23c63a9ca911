"""Reads the hits of the browser's search in the background, so that typing stays fluid.

A reading lists the first ``FIRST_HITS`` hits in context (what the keyword-in-context
list shows at once) and the number of matching documents; when there are more hits, a
second reading counts them all. "Show all" reads every hit in context. Each reading is a
:class:`~.tasks.LatestReading`: only the latest reading asked for is delivered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain.filters import DocumentFilter
from ..services.project import Project
from ..services.search import HitInContext, hits, hits_in_context, search_documents
from .tasks import LatestReading

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


class HitReader(LatestReading):
    """Reads hits for the search panel.

    Signals (see :class:`~.tasks.LatestReading`):
        ready(HitsRead): the latest reading (again, with ``total``, once counted).
        busyChanged(bool): True while a reading asked for runs.
        failed(str): a reading was refused (the project changed under it).
    """

    def read_hits(self, where: DocumentFilter, *, every_hit: bool = False) -> None:
        """Read the hits of ``where`` (the first ``FIRST_HITS``, or all of them)."""
        limit = None if every_hit else FIRST_HITS
        self.read(lambda project: read_first_hits(project, where, limit))

    def _deliver(self, request: int, result: object) -> None:
        if not self.is_latest(request):
            return
        if isinstance(result, HitsRead) and result.total is None:
            self.ready.emit(result)  # still busy: the count follows
            self.read(lambda project: replace(result, total=count_hits(project,
                                                                       result.where)))
            return
        super()._deliver(request, result)
