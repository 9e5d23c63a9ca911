"""Statistics: tag totals and the timeline, as plain records for the CLI and the charts.

Every number comes from SQL aggregations in ``store.stats``. Each public function reads
one snapshot of the project (``Store.read_snapshot``), so its numbers and tag paths agree
even while another process writes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Concatenate, Literal, ParamSpec, TypeVar

from ..domain.errors import UserError
from ..domain.filters import DocumentFilter
from ..domain.periods import PERIODS, Period, period_of
from ..domain.tag_paths import tag_path_text
from ..domain.variables import value_sort_key
from ..store.scoped_stats import Scope
from .comparison import CODER_SPLIT
from .period_table import (
    PeriodTable,
    complete_report,
    period_table,
    with_period,
    without_imprecise,
)
from .stats_records import MEASURES, Combine, Measure, TagStat, TimelineRow

if TYPE_CHECKING:
    from .project import Project

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _one_snapshot(function: Callable[Concatenate[Project, _P], _R]
                  ) -> Callable[Concatenate[Project, _P], _R]:
    """Run ``function(project, ...)`` inside one read snapshot of ``project``."""
    @functools.wraps(function)
    def in_snapshot(project: Project, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with project.store.read_snapshot():
            return function(project, *args, **kwargs)
    return in_snapshot


_DATE_BOUND = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

@dataclass(frozen=True)
class StatsReport:
    """``split``: the variable the rows are split by (``None``: no split); ``groups``:
    its values in order (``None`` for documents without a value), with their documents
    (without a split, one group ``None`` with every document counted)."""

    tags: list[TagStat]
    timeline: list[TimelineRow]
    undated_documents: int
    undated_highlights: int
    split: str | None = None
    groups: list[tuple[str | None, int]] = field(default_factory=list)
    #: Every period of the range with its N (``None``: not computed).
    periods: PeriodTable | None = None
    #: ``and``/``or`` when ``tags`` and ``timeline`` hold one combination of tags.
    combine: str | None = None
    #: The measure the timeline's rows were computed for.
    measure: Measure = "highlights"


@_one_snapshot
def compute_stats(
    project: Project,
    *,
    by: Period = "month",
    tags: Sequence[str] | None = None,
    measure: Measure = "highlights",
    date_from: str | None = None,
    date_to: str | None = None,
    where: DocumentFilter | None = None,
    split: str | None = None,
    combine: Combine | None = None,
) -> StatsReport:
    """Counts per tag and per (period, tag); ``tags`` (names or paths) limits both.

    ``where`` restricts every count to the documents it selects (shares then divide by
    those documents of the period); ``split`` (a variable's name) gives every row per
    value of that variable (``group``; documents without a value form the group ``None``).
    The timeline has a row for every period of the range and tag (and group), empty
    periods included as gaps (see ``period_table.complete_rows``); ``periods`` lists
    every period's N. ``combine`` (``and``/``or``, with two or more ``tags``): one series
    of the documents carrying all or any of ``tags`` instead (see ``combined_tags``).
    """
    _check_timeline_arguments(by, measure, date_from, date_to)
    tag_ids = [project.tags.resolve(name) for name in tags] if tags else None
    scope = _scope(project, where, split)
    if combine is not None:
        from .combined_tags import combination_stats

        return combination_stats(project, combine, tag_ids or [], by=by, measure=measure,
                                 date_from=date_from, date_to=date_to, scope=scope)
    if not scope.is_plain:
        return complete_report(project, _scoped_stats(
            project, scope, by=by, tag_ids=tag_ids, measure=measure, date_from=date_from,
            date_to=date_to), by, tag_ids, measure, date_from, date_to, scope)
    counts = project.tags.counts()
    tag_stats = [
        TagStat(c.tag.name, tag_path_text(c.path), c.highlights, c.documents)
        for c in counts
        if tag_ids is None or c.tag.id in tag_ids
    ]
    rows = _sparse_rows(project, scope, by=by, tag_ids=tag_ids, measure=measure,
                        date_from=date_from, date_to=date_to)  # complete_report completes
    undated = project.store.stats.undated(tag_ids)
    return complete_report(project, StatsReport(
        tag_stats, rows, undated.documents, undated.highlights, None,
        [(None, project.documents.count())]), by, tag_ids, measure, date_from, date_to, scope)


@_one_snapshot
def timeline(
    project: Project,
    *,
    by: Period = "month",
    tag_ids: Sequence[int] | None = None,
    measure: Measure = "highlights",
    date_from: str | None = None,
    date_to: str | None = None,
    count_documents: bool = True,
    where: DocumentFilter | None = None,
    split: str | None = None,
) -> list[TimelineRow]:
    """Per period and tag (``tag_ids``, default all): highlights, documents, the period's
    documents and words and, for the ``share`` measure, the share of the period's dated
    documents that carry the tag with its Wilson interval, for ``rate`` the highlights
    per 10,000 words. A date known only to the year or month counts only in periods at
    least as coarse (see ``period_table``).

    Rows are ordered by period, then by the tags' display order; periods and tags with no
    highlight are absent (``period_table.complete_rows`` adds them, gaps included). Dates
    bound it inclusively (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``). ``count_documents=False``
    (only with the ``highlights`` measure) skips the distinct-document counts, leaving
    ``documents`` 0, for speed. ``where`` and ``split`` as in :func:`compute_stats` (rows
    then ordered by period, tag, group).
    """
    _check_timeline_arguments(by, measure, date_from, date_to)
    scope = _scope(project, where, split)
    rows = _sparse_rows(project, scope, by=by, tag_ids=tag_ids, measure=measure,
                        date_from=date_from, date_to=date_to,
                        count_documents=count_documents)
    return _with_periods(project, scope, rows, by, measure, date_from, date_to)


@_one_snapshot
def sparse_timeline(
    project: Project,
    *,
    by: Period = "month",
    tag_ids: Sequence[int] | None = None,
    measure: Measure = "highlights",
    date_from: str | None = None,
    date_to: str | None = None,
    count_documents: bool = True,
    where: DocumentFilter | None = None,
    split: str | None = None,
) -> list[TimelineRow]:
    """The rows of :func:`timeline` without their period's documents, words, share or
    rate: for callers that complete them with ``period_table.complete_rows`` (which adds
    those from the one period table it reads)."""
    _check_timeline_arguments(by, measure, date_from, date_to)
    return _sparse_rows(project, _scope(project, where, split), by=by, tag_ids=tag_ids,
                        measure=measure, date_from=date_from, date_to=date_to,
                        count_documents=count_documents)


def _sparse_rows(project: Project, scope: Scope, *, by: Period,
                 tag_ids: Sequence[int] | None, measure: Measure, date_from: str | None,
                 date_to: str | None, count_documents: bool = True) -> list[TimelineRow]:
    """Per period, tag (and group) with a highlight: its highlights and documents."""
    if not scope.is_plain:
        return _scoped_timeline(project, scope, by=by, tag_ids=tag_ids,
                                date_from=date_from, date_to=date_to)
    stats = project.store.stats
    tags = project.tags.all()
    order = {tag.id: i for i, tag in enumerate(tags)}
    paths = {tid: tag_path_text(p) for tid, p in project.tags.paths().items()}
    folded: dict[tuple[str, int], list[int]] = {}
    cells = stats.day_cells(
        tag_ids, date_from, date_to, count_documents=count_documents or measure != "highlights",
        by_month=by in ("month", "quarter", "year"),
    )
    for day, tag_id, highlights, documents in cells:
        totals = folded.setdefault((period_of(day, by), tag_id), [0, 0])
        totals[0] += highlights
        totals[1] += documents
    return [
        TimelineRow(period, paths[tag_id], highlights, documents, None, tag_id)
        for (period, tag_id), (highlights, documents) in sorted(
            _precise(project, scope, folded, by, tag_ids, date_from, date_to).items(),
            key=lambda item: (item[0][0], order[item[0][1]]))
    ]


def _precise(project: Project, scope: Scope, folded: dict[tuple[str, int], list[int]],
             by: Period, tag_ids: Sequence[int] | None, date_from: str | None,
             date_to: str | None) -> dict[tuple[str, int], list[int]]:
    """``folded`` (per period and tag) without the documents whose date is known only to
    a year or month when the period is finer (see ``period_table``)."""
    if by == "year":
        return folded
    cells: dict[tuple[str, int, str | None], list[int]] = {
        (period, tag_id, None): counts for (period, tag_id), counts in folded.items()}
    imprecise = project.store.periods.imprecise_cells(scope, tag_ids, date_from, date_to)
    without_imprecise(cells, imprecise, by)
    return {(period, tag_id): counts for (period, tag_id, _), counts in cells.items()}


def _with_periods(project: Project, scope: Scope, rows: list[TimelineRow], by: Period,
                  measure: Measure, date_from: str | None, date_to: str | None
                  ) -> list[TimelineRow]:
    """``rows`` with their period's documents and words, and the share or rate (for the
    other measures ``rows`` as they are: ``period_table.complete_rows`` adds the period's
    numbers to every row, and a split timeline has tens of thousands)."""
    if measure not in ("share", "rate"):
        return rows
    table = period_table(project, by=by, date_from=date_from, date_to=date_to, scope=scope)
    out = []
    for row in rows:
        documents, words = table.counts.get((row.group, row.period), (0, 0))
        out.append(with_period(row, documents, words, measure) if documents else row)
    return out


def _check_timeline_arguments(by: str, measure: str, date_from: str | None,
                              date_to: str | None) -> None:
    if by not in PERIODS:
        raise UserError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
    if measure not in MEASURES:
        raise UserError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    for bound in (date_from, date_to):
        if bound is not None and not _DATE_BOUND.fullmatch(bound):
            raise UserError(f"{bound!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")


@_one_snapshot
def cooccurrence(
    project: Project, tag_ids: Sequence[int], *, by: Literal["highlights", "documents"],
    where: DocumentFilter | None = None,
) -> dict[tuple[int, int], int]:
    """How often each pair of tags meets, keyed both ways (``(a, b)`` and ``(b, a)``).

    ``highlights``: overlapping highlight pairs, x tagged ``a`` and y tagged ``b`` (a
    highlight with both tags is one such pair, with itself); ``documents``: documents
    carrying both tags. A tag with itself is its number of highlights or documents.
    ``where``: only in the documents it selects.
    """
    if by not in ("highlights", "documents"):
        raise UserError(f"unknown co-occurrence measure {by!r}")
    pairs = project.store.stats.cooccurrence(sorted(set(tag_ids)), by=by, within=where)
    out: dict[tuple[int, int], int] = {}
    for (a, b), count in pairs.items():
        out[(a, b)] = out[(b, a)] = count
    totals = _tag_totals(project, where)
    for tag_id in tag_ids:
        highlights, documents = totals.get(tag_id, (0, 0))
        out[(tag_id, tag_id)] = highlights if by == "highlights" else documents
    return out


def _tag_totals(project: Project, where: DocumentFilter | None) -> dict[int, tuple[int, int]]:
    """Highlights and documents per tag, within ``where`` (tags with none are absent)."""
    if where is None or where.is_empty:
        return {t: (n.highlights, n.documents)
                for t, n in project.store.stats.tag_totals().items()}
    scope = _scope(project, where, None)
    return {tag_id: counts
            for (tag_id, _), counts in project.store.scoped.tag_totals(scope).items()}


@_one_snapshot
def documents_per_period(
    project: Project, *, by: Period, date_from: str | None = None, date_to: str | None = None,
    where: DocumentFilter | None = None,
) -> dict[str, int]:
    """How many dated documents (of those ``where`` selects) fall in each period that
    has any."""
    if where is None or where.is_empty:
        per_day = project.store.stats.documents_per_day(date_from, date_to)
    else:
        per_day = {}
        scoped = project.store.scoped.documents_per_day(_scope(project, where, None),
                                                        date_from, date_to)
        for (_, day), count in scoped.items():
            per_day[day] = per_day.get(day, 0) + count
    per_period: dict[str, int] = {}
    for day, count in per_day.items():
        key = period_of(day, by)
        per_period[key] = per_period.get(key, 0) + count
    return per_period


@_one_snapshot
def undated(project: Project, tag_ids: Sequence[int] | None = None,
            where: DocumentFilter | None = None) -> tuple[int, int]:
    """Documents without a date (of those ``where`` selects), and the highlights of
    ``tag_ids`` (default: every tag) in them: what a timeline cannot show."""
    if where is None or where.is_empty:
        found = project.store.stats.undated(tag_ids)
        return found.documents, found.highlights
    per_group = project.store.scoped.undated(_scope(project, where, None), tag_ids).values()
    return sum(g[0] for g in per_group), sum(g[1] for g in per_group)


@dataclass(frozen=True)
class TagFrequency:
    tag_id: int
    path: str
    color: str
    highlights: int
    documents: int


@_one_snapshot
def tag_frequencies(project: Project, *, include_children: bool = False,
                    where: DocumentFilter | None = None) -> list[TagFrequency]:
    """Highlights and documents per tag in the codebook's order; with ``include_children``
    a parent counts its descendants' highlights too (each highlight once). ``where``:
    only in the documents it selects."""
    counts = project.tags.counts()
    scoped = where is not None and not where.is_empty
    totals = _tag_totals(project, where) if scoped else {
        c.tag.id: (c.highlights, c.documents) for c in counts}
    out = []
    for c in counts:
        below = project.store.tags.descendants(c.tag.id) if include_children else []
        if not below:
            highlights, documents = totals.get(c.tag.id, (0, 0))
        elif scoped:
            highlights, documents = project.store.scoped.totals_of(
                _scope(project, where, None), [c.tag.id, *below]).get(None, (0, 0))
        else:
            highlights, documents = project.store.stats.totals_of([c.tag.id, *below])
        out.append(TagFrequency(c.tag.id, tag_path_text(c.path), c.tag.color,
                                highlights, documents))
    return out


# -- within a filter, split by a variable ---------------------------------------------------


def _scope(project: Project, where: DocumentFilter | None, split: str | None) -> Scope:
    """The store's scope for ``where`` and ``split``; refuses a variable that does not
    exist (naming the ones that do). ``split`` :data:`CODER_SPLIT` splits by coder (each
    group: the documents a coder made highlights in, and only that coder's highlights)."""
    by_coder = split == CODER_SPLIT
    wanted = {split} if split is not None and not by_coder else set()
    names = [n for n in ((where.values if where else {}).keys() | wanted) if n is not None]
    known = {v.name for v in project.store.variables.all()} if names else set()
    for name in sorted(names):
        if name not in known:
            listed = ", ".join(sorted(known)) or "none yet"
            raise UserError(f"no document variable called {name!r} (variables: {listed})")
    return Scope(where, split, by_coder=by_coder)


def _group_order(project: Project, scope: Scope, groups: Iterable[str | None]
                 ) -> list[str | None]:
    """Groups in the order of the split variable's type (numbers by size...), no value last;
    coders by name."""
    if scope.by_coder:
        return sorted(set(groups), key=lambda coder: (str(coder).casefold(), str(coder)))
    variable = project.store.variables.get(scope.split) if scope.split else None
    kind = variable.type if variable else "text"
    return sorted(set(groups), key=lambda group: value_sort_key(kind, group))


def _scoped_stats(project: Project, scope: Scope, *, by: Period, tag_ids: list[int] | None,
                  measure: Measure, date_from: str | None, date_to: str | None) -> StatsReport:
    per_group = project.store.scoped.documents_per_group(scope)
    groups = _group_order(project, scope, per_group)
    totals = project.store.scoped.tag_totals(scope, tag_ids)
    tag_stats = [
        TagStat(c.tag.name, tag_path_text(c.path),
                *totals.get((c.tag.id, group), (0, 0)), group)
        for c in project.tags.counts() if tag_ids is None or c.tag.id in tag_ids
        for group in groups
    ]
    rows = _scoped_timeline(project, scope, by=by, tag_ids=tag_ids, date_from=date_from,
                            date_to=date_to)  # complete_report completes them
    # A document coded by two coders is in both their groups, but undated only once.
    whole = Scope(scope.within) if scope.by_coder else scope
    undated = project.store.scoped.undated(whole, tag_ids).values()
    return StatsReport(tag_stats, rows, sum(u[0] for u in undated), sum(u[1] for u in undated),
                       scope.split, [(g, per_group[g]) for g in groups])


def _scoped_timeline(project: Project, scope: Scope, *, by: Period,
                     tag_ids: Sequence[int] | None, date_from: str | None,
                     date_to: str | None) -> list[TimelineRow]:
    scoped = project.store.scoped
    order = {tag.id: i for i, tag in enumerate(project.tags.all())}
    paths = {tid: tag_path_text(p) for tid, p in project.tags.paths().items()}
    by_month = by in ("month", "quarter", "year")
    cells = scoped.day_cells(scope, tag_ids, date_from, date_to, by_month=by_month)
    folded: dict[tuple[str, int, str | None], list[int]] = {}
    for day, tag_id, group, highlights, documents in cells:
        key = (period_of(day, by), tag_id, group)
        before = folded.setdefault(key, [0, 0])
        before[0] += highlights
        before[1] += documents
    if by != "year":
        without_imprecise(folded, project.store.periods.imprecise_cells(
            scope, tag_ids, date_from, date_to), by)
    rank = {g: i for i, g in enumerate(_group_order(project, scope, (k[2] for k in folded)))}
    ranked = sorted((period, order[tag_id], rank[group], tag_id, group)
                    for period, tag_id, group in folded)
    rows = []
    for period, _, _, tag_id, group in ranked:
        highlights, documents = folded[(period, tag_id, group)]
        rows.append(TimelineRow(period, paths[tag_id], highlights, documents, None,
                                tag_id, group))
    return rows
