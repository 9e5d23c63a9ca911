"""Retrieving quotes: every highlight of some tags across the corpus, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..store.quotes import QuoteOrder, QuoteQueries

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


def quote_count(project: Project, tag_ids: Sequence[int]) -> int:
    """How many highlights carry at least one of ``tag_ids`` (0 for no tags)."""
    return QuoteQueries(project.store.db).count(tag_ids)


def quotes(
    project: Project,
    tag_ids: Sequence[int],
    *,
    order: QuoteOrder = "date",
    descending: bool = False,
    limit: int = 500,
    offset: int = 0,
) -> list[Quote]:
    """Quotes carrying any of ``tag_ids``, sorted by ``order``, ``limit`` from ``offset``."""
    rows = QuoteQueries(project.store.db).page(
        tag_ids, order=order, descending=descending, limit=limit, offset=offset
    )
    return [
        Quote(
            highlight_id=r[0], document_id=r[1], start=r[2], end=r[3], quote=r[4], memo=r[5],
            document_title=r[6], document_date=r[7],
            tag_ids=tuple(sorted(int(t) for t in r[8].split(","))) if r[8] else (),
        )
        for r in rows
    ]
