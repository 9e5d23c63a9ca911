"""Retrieving quotes: every highlight of some tags across the corpus, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..store.quotes import QuoteFilter, QuoteOrder, QuoteQueries

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class Quote:
    """A highlight as the quotes view lists it, with its document's title and date."""

    highlight_id: int
    document_id: int
    start: int
    end: int
    quote: str
    memo: str
    document_title: str
    document_date: str | None
    tag_ids: tuple[int, ...]


__all__ = ["Quote", "QuoteFilter", "quote_count", "quotes"]


def _as_filter(selection: Sequence[int] | QuoteFilter) -> QuoteFilter:
    return selection if isinstance(selection, QuoteFilter) else QuoteFilter(tuple(selection))


def quote_count(project: Project, selection: Sequence[int] | QuoteFilter) -> int:
    """How many highlights the selection lists: tag ids (any of them) or a
    :class:`QuoteFilter` (0 for no tags)."""
    return QuoteQueries(project.store.db).count(_as_filter(selection))


def quotes(
    project: Project,
    selection: Sequence[int] | QuoteFilter,
    *,
    order: QuoteOrder = "date",
    descending: bool = False,
    limit: int = 500,
    offset: int = 0,
) -> list[Quote]:
    """The selected quotes (see :func:`quote_count`), sorted by ``order``, ``limit`` from
    ``offset``."""
    rows = QuoteQueries(project.store.db).page(
        _as_filter(selection), order=order, descending=descending, limit=limit, offset=offset
    )
    return [
        Quote(
            highlight_id=r[0], document_id=r[1], start=r[2], end=r[3], quote=r[4], memo=r[5],
            document_title=r[6], document_date=r[7],
            tag_ids=tuple(sorted(int(t) for t in r[8].split(","))) if r[8] else (),
        )
        for r in rows
    ]
