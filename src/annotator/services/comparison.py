"""Comparing groups of documents: the groups a variable (or the coders) makes, and the
crosstab of tags by the values of a variable.

A variable splits the documents into groups, one per value, and documents without a
value form the group ``None``. Every function here reads one snapshot of the project and
counts within a :class:`DocumentFilter` when one is given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from ..domain.filters import DocumentFilter
from ..domain.periods import Period, period_of
from ..domain.tag_paths import tag_path_text
from ..domain.variables import value_sort_key
from ..store.scoped_stats import Scope

if TYPE_CHECKING:
    from .project import Project

CrosstabMeasure = Literal["documents", "highlights"]
CROSSTAB_MEASURES: tuple[CrosstabMeasure, ...] = ("documents", "highlights")

#: A group of a split: the variable's value (``None``: documents without one) and how
#: many documents it holds.
Group = tuple["str | None", int]
#: The ``split`` that makes each coder a group: the documents that coder made highlights
#: in, counting only that coder's highlights (it wins over a variable of that name).
CODER_SPLIT = "coder"


def split_scope(where: DocumentFilter | None, split: str | None) -> Scope:
    """The store's scope for counting within ``where``, split by ``split`` (a variable,
    or :data:`CODER_SPLIT`)."""
    if split == CODER_SPLIT:
        return Scope(where, None, by_coder=True)
    return Scope(where, split)


@dataclass(frozen=True)
class CrosstabRow:
    """One tag of a crosstab: its count in each group (in :attr:`Crosstab.groups` order)
    and in all of them together (``total``)."""

    tag_id: int
    name: str
    path: str
    depth: int
    color: str
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class Crosstab:
    """Tags by the values of the variable ``split``, counting ``measure``.

    ``groups``: the values (type order, no value last) with their documents. ``bases``:
    what a column's percentages divide by, per group: its documents for the
    ``documents`` measure, its coded highlights (highlights carrying any tag) for the
    ``highlights`` measure; ``total_base`` the same over every group. A tag's cell is
    the documents of the group that carry the tag, or the group's highlights tagged with
    it; a document or highlight with several tags counts in each of their rows, so a
    column's percentages may add up to more than 100.
    """

    split: str
    measure: CrosstabMeasure
    groups: tuple[Group, ...]
    bases: tuple[int, ...]
    total_base: int
    rows: tuple[CrosstabRow, ...]

    @staticmethod
    def percent(count: int, base: int) -> float | None:
        """``count`` as a percentage of ``base`` (``None`` for an empty group)."""
        return 100.0 * count / base if base else None


def split_groups(project: Project, split: str,
                 where: DocumentFilter | None = None) -> list[Group]:
    """The groups that ``split`` makes of the documents ``where`` selects, with their
    documents, in the variable's type order and no value last. Groups without any
    document are absent. Raises ``NotFoundError`` naming the known variables."""
    if split == CODER_SPLIT:
        per_coder = project.store.scoped.documents_per_group(split_scope(where, split))
        return sorted(per_coder.items(), key=lambda item: (str(item[0]).casefold(),
                                                           str(item[0])))
    with project.store.read_snapshot():
        kind = project.variables.get(split).type
        per_group = project.store.scoped.documents_per_group(Scope(where, split))
    # Values equal but for case sort the same: their own text decides, for a stable order.
    return sorted(per_group.items(),
                  key=lambda item: (value_sort_key(kind, item[0]), item[0] or ""))


def crosstab(project: Project, split: str, *, measure: CrosstabMeasure = "documents",
             tag_ids: list[int] | None = None,
             where: DocumentFilter | None = None) -> Crosstab:
    """The crosstab of the tags (``tag_ids``, default all; codebook order) by the values
    of ``split`` over the documents ``where`` selects. Raises ``ValueError`` for an
    unknown measure and ``NotFoundError`` (naming the known variables) for an unknown
    variable."""
    if measure not in CROSSTAB_MEASURES:
        raise ValueError(f"unknown crosstab measure {measure!r}")
    scope = Scope(where, split)
    with project.store.read_snapshot():
        groups = split_groups(project, split, where)
        totals = project.store.scoped.tag_totals(scope, tag_ids)
        if measure == "documents":
            bases = [documents for _, documents in groups]
        else:
            coded = project.store.scoped.highlights_per_group(scope)
            bases = [coded.get(value, 0) for value, _ in groups]
        counted = 1 if measure == "documents" else 0
        chosen = set(tag_ids) if tag_ids is not None else None
        rows = []
        for tag in project.tags.counts():
            if chosen is not None and tag.tag.id not in chosen:
                continue
            counts = tuple(totals.get((tag.tag.id, value), (0, 0))[counted]
                           for value, _ in groups)
            rows.append(CrosstabRow(tag.tag.id, tag.tag.name, tag_path_text(tag.path),
                                    len(tag.path) - 1, tag.tag.color, counts, sum(counts)))
    return Crosstab(split, measure, tuple(groups), tuple(bases), sum(bases), tuple(rows))


def dated_documents(project: Project, *, by: Period, where: DocumentFilter | None = None,
                    split: str | None = None) -> dict[str | None, dict[str, int]]:
    """Per group (one group ``None`` without ``split``): how many dated documents that
    ``where`` selects fall in each period that has any."""
    per_group: dict[str | None, dict[str, int]] = {}
    days = project.store.scoped.documents_per_day(
        split_scope(where, split), by_month=by in ("month", "quarter", "year"))
    for (group, day), count in days.items():
        periods = per_group.setdefault(group, {})
        key = period_of(day, by)
        periods[key] = periods.get(key, 0) + count
    return per_group


def group_filter(where: DocumentFilter | None, split: str, value: str | None
                 ) -> DocumentFilter:
    """The documents of one group of a split: those ``where`` selects whose ``split``
    is ``value`` (``None``: without a value). ``value`` is meant to be one of the groups
    of :func:`split_groups`, so it is allowed by ``where`` already. Split by coder: the
    documents the coder ``value`` coded, and only that coder's highlights."""
    base = where or DocumentFilter()
    if split == CODER_SPLIT:
        return replace(base, coders=frozenset({value or ""}))
    values = dict(base.values)
    values[split] = frozenset({value})
    return replace(base, values=values)


def undated(project: Project, *, tag_ids: list[int] | None = None,
            where: DocumentFilter | None = None, split: str | None = None
            ) -> dict[str | None, tuple[int, int]]:
    """Per group (one group ``None`` without ``split``): the undated documents that
    ``where`` selects, and the highlights of ``tag_ids`` (default: every tag) in them."""
    scope = split_scope(where, split)
    if scope.is_plain:
        plain = project.store.stats.undated(tag_ids or None)
        return {None: (plain.documents, plain.highlights)}
    return project.store.scoped.undated(scope, tag_ids or None)
