"""Series for combinations of tags: the documents that carry all (``and``) or any
(``or``) of some tags.

A combination counts *documents*: ``documents`` is how many documents of the period
carry the combination, and ``share`` divides them by the period's documents. Its
``highlights`` are defined as the highlights of any of its tags (each once) in those
documents, the quotes a reader of the combination would read; ``rate`` divides those
by the words of the period's documents. A combination is named by its tags' paths
joined with `` & `` (and) or `` | `` (or): ``security & water``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..domain.filters import DocumentFilter
from ..domain.periods import Period, full_day, period_of, precise_enough
from ..domain.tag_paths import tag_path_text
from ..store.scoped_stats import Scope
from .comparison import split_groups
from .period_table import check_row_count, complete_rows, period_table, with_period
from .statistics import StatsReport
from .stats_records import Combine, Measure, TagStat, TimelineRow

if TYPE_CHECKING:
    from .project import Project

COMBINE_SIGNS: dict[str, str] = {"and": " & ", "or": " | "}


def combination_name(paths: Sequence[str], combine: Combine) -> str:
    """``a & b`` or ``a | b``."""
    return COMBINE_SIGNS[combine].join(paths)


def _checked(combine: str, tag_ids: Sequence[int]) -> list[int]:
    if combine not in COMBINE_SIGNS:
        raise UserError(f"unknown combination {combine!r}; use and or or")
    unique = list(dict.fromkeys(tag_ids))
    if len(unique) < 2:
        raise UserError("a combination needs two or more different tags")
    return unique


def combination_timeline(
    project: Project, tag_ids: Sequence[int], combine: Combine, *, by: Period,
    measure: Measure = "documents", date_from: str | None = None,
    date_to: str | None = None, where: DocumentFilter | None = None,
    split: str | None = None,
) -> list[TimelineRow]:
    """Per period (and group): the combination's row, like ``statistics.timeline``'s
    (periods without a document of the combination absent; dates known only to a year
    or month counted only in periods at least as coarse). ``tag_id`` is 0."""
    unique = _checked(combine, tag_ids)
    with project.store.read_snapshot():
        return _rows(project, unique, combine, by, measure, date_from, date_to,
                     Scope(where, split))


def _rows(project: Project, tag_ids: list[int], combine: Combine, by: Period,
          measure: Measure, date_from: str | None, date_to: str | None, scope: Scope
          ) -> list[TimelineRow]:
    paths = project.tags.paths()
    name = combination_name([tag_path_text(paths[t]) for t in tag_ids], combine)
    table = period_table(project, by=by, date_from=date_from, date_to=date_to, scope=scope)
    return [with_period(row, table.documents(row.period, row.group),
                        table.words(row.period, row.group), measure)
            for row in _sparse_rows(project, tag_ids, name, combine, by, date_from, date_to,
                                    scope)]


def _sparse_rows(project: Project, tag_ids: list[int], name: str, combine: Combine,
                 by: Period, date_from: str | None, date_to: str | None, scope: Scope
                 ) -> list[TimelineRow]:
    """The combination's highlights and documents per period (and group) that has any,
    without the period's N (``complete_rows`` or :func:`_rows` add it)."""
    cells = project.store.periods.combination_cells(
        scope, tag_ids, every=combine == "and", date_from=date_from, date_to=date_to)
    folded: dict[tuple[str, str | None], list[int]] = {}
    for key, group, highlights, documents in cells:
        if key is None or not precise_enough(key, by):
            continue
        counts = folded.setdefault((period_of(full_day(key), by), group), [0, 0])
        counts[0] += highlights
        counts[1] += documents
    return [TimelineRow(period, name, highlights, documents, None, 0, group)
            for (period, group), (highlights, documents) in sorted(
                folded.items(),
                key=lambda item: (item[0][0], item[0][1] is None, item[0][1] or ""))]


def combination_stats(
    project: Project, combine: Combine, tag_ids: Sequence[int], *, by: Period,
    measure: Measure, date_from: str | None, date_to: str | None, scope: Scope,
) -> StatsReport:
    """The ``stats`` report of one combination: its totals (every document, dated or
    not), its timeline over every period of the range (gaps included), its undated
    documents and highlights, and the periods' N. The caller reads one snapshot."""
    unique = _checked(combine, tag_ids)
    paths = project.tags.paths()
    name = combination_name([tag_path_text(paths[t]) for t in unique], combine)
    if scope.split is not None:
        groups = split_groups(project, scope.split, scope.within)
    else:
        groups = [(None, project.store.scoped.documents_per_group(scope).get(None, 0))]
    every = combine == "and"
    dated = project.store.periods.combination_cells(scope, unique, every=every)
    undated = project.store.periods.combination_cells(scope, unique, every=every,
                                                      dated=False)
    totals: dict[str | None, list[int]] = {}
    for _, group, highlights, documents in [*dated, *undated]:
        counts = totals.setdefault(group, [0, 0])
        counts[0] += highlights
        counts[1] += documents
    tag_stats = [TagStat(name, name, totals.get(group, [0, 0])[0],
                         totals.get(group, [0, 0])[1], group) for group, _ in groups]
    sparse = _sparse_rows(project, unique, name, combine, by, date_from, date_to, scope)
    table = period_table(project, by=by, date_from=date_from, date_to=date_to, scope=scope)
    check_row_count(len(table.periods), len(groups))
    timeline = complete_rows(sparse, table, [(0, name, group) for group, _ in groups], measure)
    undated_documents = sum(d for d, _ in project.store.scoped.undated(scope, []).values())
    return StatsReport(tag_stats, timeline, undated_documents,
                       sum(h for _, _, h, _ in undated), scope.split, groups, table, combine,
                       measure)
