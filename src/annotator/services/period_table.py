"""Every period's N, and timeline rows that carry it: the numbers a reviewer needs to
trust a timeline.

A :class:`PeriodTable` lists every period from the first to the last dated document
(or the ``--from``/``--to`` bounds), empty ones included, with its dated documents and
their words, per group of a split. A date known only to the year (``YYYY``) or month
(``YYYY-MM``) counts in periods at least as coarse as it (see
``domain.periods.precise_enough``); in finer periods it is counted apart, as
*imprecise*, never on the first day of its year or month.

:func:`complete_rows` turns the sparse rows of ``statistics.timeline`` (periods with a
highlight only) into one row per period and series: a period with documents but no
highlight of the tag is a zero; a period without documents is a gap, every measure
``None``. Each row carries its period's documents and words; the share its 95 % Wilson
interval; the rate its highlights per 10,000 words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..domain.filters import DocumentFilter
from ..domain.periods import Period, full_day, last_day, period_of, periods_between, precise_enough
from ..domain.proportions import wilson_interval
from ..domain.tag_paths import tag_path_text
from ..store.scoped_stats import Scope
from .comparison import split_scope
from .stats_records import Measure, TimelineRow

if TYPE_CHECKING:
    from .project import Project
    from .statistics import StatsReport

#: The ``rate`` measure counts highlights per this many words.
RATE_WORDS = 10_000
#: A complete timeline (every period times every series) longer than this is refused:
#: 20 years by day for 140 tags, or by month for 4,000 tags.
MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class PeriodCount:
    """One period (of one group of a split): its dated documents and their words."""

    period: str
    documents: int
    words: int
    group: str | None = None


@dataclass(frozen=True)
class PeriodTable:
    """``periods``: every period label of the range, in order. ``counts``: documents and
    words per ``(group, period)`` (absent: none). ``imprecise``: per group, documents
    (and their words) in the range whose date is too coarse for the period ``by``
    (always empty by year)."""

    by: Period
    periods: list[str]
    counts: dict[tuple[str | None, str], tuple[int, int]]
    imprecise: dict[str | None, tuple[int, int]]

    def documents(self, period: str, group: str | None = None) -> int:
        return self.counts.get((group, period), (0, 0))[0]

    def words(self, period: str, group: str | None = None) -> int:
        return self.counts.get((group, period), (0, 0))[1]

    def empty_periods(self, group: str | None = None) -> list[str]:
        """The periods of the range without a dated document (of ``group``)."""
        return [p for p in self.periods if (group, p) not in self.counts]

    def rows(self, groups: Sequence[str | None] = (None,)) -> list[PeriodCount]:
        """Every period of the range for each of ``groups``, empty ones included."""
        return [PeriodCount(p, self.documents(p, g), self.words(p, g), g)
                for p in self.periods for g in groups]

    @property
    def imprecise_documents(self) -> int:
        return sum(documents for documents, _ in self.imprecise.values())


def period_table(project: Project, *, by: Period, date_from: str | None = None,
                 date_to: str | None = None, scope: Scope | None = None) -> PeriodTable:
    """The :class:`PeriodTable` of the documents ``scope`` selects (default: all, one
    group ``None``) between the inclusive ``YYYY[-MM[-DD]]`` bounds."""
    found = project.store.periods.documents_by_date(scope or Scope(), date_from, date_to)
    counts: dict[tuple[str | None, str], tuple[int, int]] = {}
    imprecise: dict[str | None, tuple[int, int]] = {}
    for key, group, documents, words in found:
        if precise_enough(key, by):
            place = (group, period_of(full_day(key), by))
            before = counts.get(place, (0, 0))
            counts[place] = (before[0] + documents, before[1] + (words or 0))
        else:
            before = imprecise.get(group, (0, 0))
            imprecise[group] = (before[0] + documents, before[1] + (words or 0))
    days = [full_day(key) for key, *_ in found]
    first = full_day(date_from) if date_from else min(days, default=None)
    last = last_day(date_to) if date_to else max(days, default=None)
    periods = periods_between(first, last, by) if first and last else []
    return PeriodTable(by, periods, counts, imprecise)


def timeline_periods(project: Project, *, by: Period, where: DocumentFilter | None = None,
                     split: str | None = None) -> PeriodTable:
    """The :class:`PeriodTable` of the documents ``where`` selects, per value of the
    variable ``split`` or per coder (``comparison.CODER_SPLIT``) (one read snapshot)."""
    with project.store.read_snapshot():
        return period_table(project, by=by, scope=split_scope(where, split))


def complete_rows(rows: Sequence[TimelineRow], table: PeriodTable,
                  series: Sequence[tuple[int, str, str | None]], measure: Measure
                  ) -> list[TimelineRow]:
    """One row per period of ``table`` and series (``(tag_id, tag, group)``, in
    order), from the sparse ``rows``; see the module for what each row carries. Rows
    for periods outside the table's range are dropped."""
    found = {(r.period, r.tag_id, r.tag, r.group): r for r in rows}
    out = []
    for period in table.periods:
        for tag_id, tag, group in series:
            documents, words = table.counts.get((group, period), (0, 0))
            if documents == 0:
                out.append(TimelineRow(period, tag, None, None, None, tag_id, group,
                                       period_documents=0, period_words=0))
                continue
            row = found.get((period, tag_id, tag, group)) or TimelineRow(
                period, tag, 0, 0, None, tag_id, group)
            out.append(with_period(row, documents, words, measure))
    return out


def complete_report(project: Project, report: StatsReport, by: Period,
                    tag_ids: Sequence[int] | None, measure: Measure, date_from: str | None,
                    date_to: str | None, scope: Scope) -> StatsReport:
    """``report`` (from ``statistics.compute_stats``) with every period of the range in
    its timeline (each of ``tag_ids``, default every tag, in the codebook's order, and
    each group) and its :class:`PeriodTable`."""
    table = period_table(project, by=by, date_from=date_from, date_to=date_to, scope=scope)
    paths = {tag_id: tag_path_text(path) for tag_id, path in project.tags.paths().items()}
    chosen = [t.id for t in project.tags.all() if tag_ids is None or t.id in tag_ids]
    groups = [group for group, _ in report.groups] if report.split is not None else [None]
    series = [(tag_id, paths[tag_id], group) for tag_id in chosen for group in groups]
    check_row_count(len(table.periods), len(series))
    return replace(report, timeline=complete_rows(report.timeline, table, series, measure),
                   periods=table, measure=measure)


def check_row_count(periods: int, series: int) -> None:
    """Refuse a complete timeline of more than :data:`MAX_ROWS` rows (every period times
    every series), naming the ways to make it smaller."""
    if periods * series > MAX_ROWS:
        raise UserError(
            f"the timeline would have {periods * series:,} rows ({periods:,} periods × "
            f"{series:,} series, every period listed); choose a coarser period (--by), "
            "fewer tags (--tags) or a date range (--from/--to)")


def with_period(row: TimelineRow, documents: int, words: int, measure: Measure
                ) -> TimelineRow:
    """``row`` with its period's ``documents`` (positive) and ``words``, and the
    measure's derived numbers: the share and its Wilson interval, or the rate. (Built
    directly: ``dataclasses.replace`` took a second for a split timeline's 44,000 rows.)"""
    share = low = high = rate = None
    if measure == "share":
        tagged = row.documents or 0
        share = tagged / documents
        low, high = wilson_interval(min(tagged, documents), documents)
    elif measure == "rate" and words:
        rate = (row.highlights or 0) * RATE_WORDS / words
    return TimelineRow(row.period, row.tag, row.highlights, row.documents, share, row.tag_id,
                       row.group, documents, words, low, high, rate)


def without_imprecise(cells: dict[tuple[str, int, str | None], list[int]],
                      imprecise: Sequence[tuple[str, int, str | None, int, int]],
                      by: Period) -> None:
    """Take out of ``cells`` (``(period, tag_id, group) -> [highlights, documents]``,
    folded from days that put an imprecise date on its first day) the counts of
    documents whose date is too coarse for ``by`` (``imprecise``: ``(date key, tag_id,
    group, highlights, documents)``); cells left without highlights go. (A documents
    count left at 0 because it was not counted stays 0.)"""
    for key, tag_id, group, highlights, documents in imprecise:
        if precise_enough(key, by):
            continue
        place = (period_of(full_day(key), by), tag_id, group)
        cell = cells.get(place)
        if cell is None:
            continue
        cell[0] -= highlights
        cell[1] = max(0, cell[1] - documents)
        if cell[0] <= 0:
            del cells[place]
