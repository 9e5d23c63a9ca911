"""Statistics: tag totals and the timeline, as plain records for the CLI and the charts.

Every number comes from SQL aggregations in ``store.stats``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..domain.errors import UserError
from ..store.stats import PERIODS, Period
from .tags import PATH_SEPARATOR

if TYPE_CHECKING:
    from .project import Project

Measure = Literal["highlights", "documents", "share"]
MEASURES: tuple[Measure, ...] = ("highlights", "documents", "share")


@dataclass(frozen=True)
class TagStat:
    name: str
    path: str
    highlights: int
    documents: int


@dataclass(frozen=True)
class TimelineRow:
    """One period and tag. ``share`` (documents with the tag / dated documents of the
    period, 0..1) is set when the measure is ``share``."""

    period: str
    tag: str
    highlights: int
    documents: int
    share: float | None = None


@dataclass(frozen=True)
class StatsReport:
    tags: list[TagStat]
    timeline: list[TimelineRow]
    undated_documents: int
    undated_highlights: int


def compute_stats(
    project: Project,
    *,
    by: Period = "month",
    tags: Sequence[str] | None = None,
    measure: Measure = "highlights",
    date_from: str | None = None,
    date_to: str | None = None,
) -> StatsReport:
    """Counts per tag and per (period, tag); ``tags`` limits both to those tags."""
    if by not in PERIODS:
        raise UserError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
    if measure not in MEASURES:
        raise UserError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    tag_ids = [project.tags.resolve(name) for name in tags] if tags else None
    stats = project.store.stats
    paths = {tid: PATH_SEPARATOR.join(path) for tid, path in project.tags.paths().items()}
    tag_stats = [
        TagStat(c.tag.name, PATH_SEPARATOR.join(c.path), c.highlights, c.documents)
        for c in project.tags.counts()
        if tag_ids is None or c.tag.id in tag_ids
    ]
    cells = stats.timeline(by, tag_ids, date_from, date_to)
    per_period = stats.documents_per_period(by, date_from, date_to) if measure == "share" else {}
    timeline = [
        TimelineRow(
            cell.period, paths[cell.tag_id], cell.highlights, cell.documents,
            cell.documents / per_period[cell.period] if measure == "share" else None,
        )
        for cell in cells
    ]
    undated = stats.undated(tag_ids)
    return StatsReport(tag_stats, timeline, undated.documents, undated.highlights)
