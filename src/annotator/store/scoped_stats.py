"""Counts over some documents only, split into groups by a variable's values.

A :class:`Scope` says which documents count (a :class:`DocumentFilter`, see
:mod:`.selection`) and by which variable they fall into groups (each value of the
variable is a group; documents without a value form the group ``None``). Every query
here returns its numbers per group; without a split there is one group, ``None``.

The unscoped, unsplit counts of :mod:`.stats` read kept totals and covering indexes;
these read ``tag_document_counts`` (one row per tag and document: its highlights and the
document's day, kept by triggers) joined to the variable's values by ``(document_id,
variable_id)``, the primary key of ``document_values``: one row per tag and document,
no ``count(DISTINCT)``. Split over all documents, by month or coarser, they read the
counts kept by value (:mod:`.value_months`) instead.

Coders: a scope may count only some coders' highlights (the filter's ``coders``) or split
by coder (``by_coder``: each coder is a group, holding the documents in which that coder
made at least one highlight, and only that coder's highlights). Those counts read the
``highlight_tags`` rows whose highlight is in the set of a coder's highlight ids (the
kept per-document counts know no coder); joining each row to its highlight to read the
coder instead reads past every quote, five times slower at 100,000 highlights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlite_utils import Database

from ..domain.filters import DocumentFilter
from .document_day import DOCUMENT_DAY
from .rows import ConnectionUser
from .selection import coder_condition, selection_sql
from .stats import day_range_sql
from .value_months import ValueMonths

#: ``(day or month, tag_id, group, highlights, documents)``.
GroupCell = tuple[str, int, "str | None", int, int]


@dataclass(frozen=True)
class Scope:
    """Which documents count (``within``; ``None``: all) and which variable splits them
    into groups (``split``, a variable's name; ``None``: one group), or whether the
    coders do (``by_coder``; ``split`` is then ignored)."""

    within: DocumentFilter | None = None
    split: str | None = None
    by_coder: bool = False

    @property
    def is_plain(self) -> bool:
        """Whether it counts every document as one group (what :mod:`.stats` answers)."""
        return self.counts_all and self.split is None and not self.by_coder

    @property
    def coders(self) -> frozenset[str]:
        """The coders whose highlights alone count (empty: every coder's)."""
        return self.within.coders if self.within is not None else frozenset()

    @property
    def by_highlight(self) -> bool:
        """Whether counts must read each highlight's coder."""
        return self.by_coder or bool(self.coders)

    @property
    def counts_all(self) -> bool:
        """Whether every document counts (no filter)."""
        return self.within is None or self.within.is_empty


def _kept(scope: Scope, *bounds: str | None) -> str | None:
    """The variable whose kept counts answer for ``scope`` (split, no filter) when the
    date ``bounds`` are whole months or years; ``None``: count from the totals."""
    if scope.split is None or scope.by_coder or not scope.counts_all:
        return None
    return scope.split if all(b is None or len(b) <= 7 for b in bounds) else None


class ScopedStats(ConnectionUser):
    """Read-only: counts per group within a scope."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self._kept = ValueMonths(db)

    def _from(self, scope: Scope, document_column: str) -> tuple[str, str, list[object]]:
        """The join (for the split), the conditions (for the filter) and parameters, for
        rows whose document id is ``document_column``; the group is ``grp``. Rows of
        ``documents d`` come once per coder of the document when split by coder (``c``);
        the coders of ``ht`` and ``t`` rows are in their sources (:meth:`_tagged`)."""
        join, where = "", ""
        join_params: list[object] = []
        where_params: list[object] = []
        if scope.by_coder:
            if document_column == "d.id":
                condition, join_params = (coder_condition("coder", scope.coders)
                                          if scope.coders else ("1", []))
                join = (" JOIN (SELECT DISTINCT document_id, coder FROM highlights "
                        f"WHERE {condition}) c ON c.document_id = d.id")
        elif scope.split is not None:
            join += (f" LEFT JOIN document_values dv ON dv.document_id = {document_column} "
                     "AND dv.variable_id = (SELECT id FROM variables WHERE name = ?)")
            join_params.append(scope.split)
        within = scope.within
        if within is not None and within.coders and document_column != "d.id":
            # Rows of the coders' highlights lie in documents they coded already.
            within = replace(within, coders=frozenset())
        if within is not None and not within.is_empty:
            selected, selected_params = selection_sql(within)
            where += f" AND {document_column} IN ({selected})"
            where_params += selected_params
        return join, where, join_params + where_params

    @staticmethod
    def _group(scope: Scope, rows: str = "t") -> str:
        """The group of a row of ``rows`` (``t``, ``ht`` or ``d``, see :meth:`_from`)."""
        if scope.by_coder:
            return f"{'c' if rows == 'd' else rows}.coder"
        return "dv.value" if scope.split is not None else "NULL"

    def _tagged(self, scope: Scope) -> tuple[str, list[object]]:
        """The ``highlight_tags`` rows that count, as ``ht``: all of them, those of the
        chosen coders' highlights, or (split by coder) each coder's with their name in
        ``ht.coder``."""
        if not scope.by_highlight:
            return "highlight_tags ht", []
        columns = "highlight_id, tag_id, document_id, document_day"
        if not scope.by_coder:
            condition, params = coder_condition("coder", scope.coders)
            return (f"(SELECT {columns} FROM highlight_tags WHERE highlight_id IN "
                    f"(SELECT id FROM highlights WHERE {condition})) ht", params)
        coders = sorted(scope.coders) or [r[0] for r in self._conn.execute(
            "SELECT DISTINCT coder FROM highlights")]
        if not coders:
            return f"(SELECT {columns}, NULL AS coder FROM highlight_tags WHERE 0) ht", []
        each = (f"SELECT {columns}, ? AS coder FROM highlight_tags WHERE highlight_id IN "
                "(SELECT id FROM highlights WHERE coder = ?)")
        return (f"({' UNION ALL '.join([each] * len(coders))}) ht",
                [value for coder in coders for value in (coder, coder)])

    def _per_document(self, scope: Scope) -> tuple[str, list[object]]:
        """The rows ``t`` (tag, document, day, highlights; and coder): the kept counts, or
        counted from :meth:`_tagged` (per coder when split by coder)."""
        if not scope.by_highlight:
            return "tag_document_counts t", []
        tagged, params = self._tagged(scope)
        coder = "ht.coder" if scope.by_coder else "NULL"
        per_coder = ", ht.coder" if scope.by_coder else ""
        return ("(SELECT ht.tag_id AS tag_id, ht.document_id AS document_id, "
                f"ht.document_day AS document_day, {coder} AS coder, count(*) AS highlights "
                f"FROM {tagged} GROUP BY ht.tag_id, ht.document_id{per_coder}) t", params)

    def tag_totals(self, scope: Scope, tag_ids: Sequence[int] | None = None
                   ) -> dict[tuple[int, str | None], tuple[int, int]]:
        """Per tag and group: highlights and distinct documents (absent when none)."""
        if (kept := _kept(scope)) is not None:
            return {key: counts for key, counts in self._kept.totals(kept, tag_ids).items()
                    if key[0] != 0}
        source, params = self._per_document(scope)
        join, where, more = self._from(scope, "t.document_id")
        params += more
        if tag_ids is not None:
            where += f" AND t.tag_id IN ({','.join('?' * len(tag_ids))})"
            params += list(tag_ids)
        sql = (f"SELECT t.tag_id, {self._group(scope)} AS grp, sum(t.highlights), count(*) "
               f"FROM {source}{join} WHERE 1{where} GROUP BY t.tag_id, grp")
        return {(r[0], r[1]): (r[2], r[3]) for r in self._conn.execute(sql, params)}

    def totals_of(self, scope: Scope, tag_ids: Sequence[int]) -> dict[str | None, tuple[int, int]]:
        """Per group: distinct highlights and documents carrying any of ``tag_ids`` (a tag
        and its children counted together: a highlight with two of them counts once)."""
        if not tag_ids:
            return {}
        tagged, params = self._tagged(scope)
        join, where, more = self._from(scope, "ht.document_id")
        where += f" AND ht.tag_id IN ({','.join('?' * len(tag_ids))})"
        params += [*more, *tag_ids]
        sql = (f"SELECT {self._group(scope, 'ht')} AS grp, count(DISTINCT ht.highlight_id), "
               f"count(DISTINCT ht.document_id) FROM {tagged}{join} "
               f"WHERE 1{where} GROUP BY grp")
        return {r[0]: (r[1], r[2]) for r in self._conn.execute(sql, params)}

    def day_cells(self, scope: Scope, tag_ids: Sequence[int] | None = None,
                  date_from: str | None = None, date_to: str | None = None, *,
                  by_month: bool = False) -> list[GroupCell]:
        """Per dated day (or month, ``YYYY-MM``), tag and group: highlights and distinct
        documents. ``date_from``/``date_to``: inclusive ``YYYY[-MM[-DD]]`` bounds."""
        if by_month and (kept := _kept(scope, date_from, date_to)) is not None:
            return [cell for cell in self._kept.month_cells(kept, tag_ids, date_from, date_to)
                    if cell[1] != 0]
        source, params = self._per_document(scope)
        join, where, more = self._from(scope, "t.document_id")
        params += more
        if tag_ids is not None:
            where += f" AND t.tag_id IN ({','.join('?' * len(tag_ids))})"
            params += list(tag_ids)
        bounds, bound_params = day_range_sql("t.document_day", date_from, date_to)
        grain = "substr(t.document_day, 1, 7)" if by_month else "t.document_day"
        sql = (f"SELECT {grain} AS period, t.tag_id, {self._group(scope)} AS grp, "
               f"sum(t.highlights), count(*) FROM {source}{join} "
               f"WHERE t.document_day IS NOT NULL{where}{bounds} "
               "GROUP BY t.tag_id, grp, period")
        return self._conn.execute(sql, params + bound_params).fetchall()

    def documents_per_day(self, scope: Scope, date_from: str | None = None,
                          date_to: str | None = None, *, by_month: bool = False
                          ) -> dict[tuple[str | None, str], int]:
        """How many dated documents of each group fall on each day (or month)."""
        if by_month and (kept := _kept(scope, date_from, date_to)) is not None:
            return {(group, month): documents for month, tag, group, _, documents
                    in self._kept.month_cells(kept, [], date_from, date_to)}
        join, where, params = self._from(scope, "d.id")
        bounds, bound_params = day_range_sql(DOCUMENT_DAY, date_from, date_to)
        grain = f"substr({DOCUMENT_DAY}, 1, 7)" if by_month else DOCUMENT_DAY
        sql = (f"SELECT {self._group(scope, 'd')} AS grp, {grain} AS day, count(*) "
               f"FROM documents d{join} WHERE d.date IS NOT NULL{where}{bounds} "
               "GROUP BY grp, day")
        return {(r[0], r[1]): r[2] for r in self._conn.execute(sql, params + bound_params)}

    def documents_per_group(self, scope: Scope) -> dict[str | None, int]:
        """How many documents (dated or not) each group has."""
        if (kept := _kept(scope)) is not None:
            return {group: documents for (tag, group), (_, documents)
                    in self._kept.totals(kept, []).items()}
        join, where, params = self._from(scope, "d.id")
        sql = (f"SELECT {self._group(scope, 'd')} AS grp, count(*) FROM documents d{join} "
               f"WHERE 1{where} GROUP BY grp")
        return {r[0]: r[1] for r in self._conn.execute(sql, params)}

    def highlights_per_group(self, scope: Scope) -> dict[str | None, int]:
        """How many coded highlights (carrying any tag) each group's documents hold."""
        tagged, params = self._tagged(scope)
        join, where, more = self._from(scope, "ht.document_id")
        sql = (f"SELECT {self._group(scope, 'ht')} AS grp, count(DISTINCT ht.highlight_id) "
               f"FROM {tagged}{join} WHERE 1{where} GROUP BY grp")
        params += more
        return {r[0]: r[1] for r in self._conn.execute(sql, params)}

    def undated(self, scope: Scope, tag_ids: Sequence[int] | None = None
                ) -> dict[str | None, tuple[int, int]]:
        """Per group: documents without a date, and tagged highlights (of ``tag_ids``)
        in them."""
        join, where, params = self._from(scope, "d.id")
        documents = {r[0]: r[1] for r in self._conn.execute(
            f"SELECT {self._group(scope, 'd')} AS grp, count(*) FROM documents d{join} "
            f"WHERE d.date IS NULL{where} GROUP BY grp", params)}
        tagged, params = self._tagged(scope)
        join, where, more = self._from(scope, "ht.document_id")
        params += more
        if tag_ids is not None:
            where += f" AND ht.tag_id IN ({','.join('?' * len(tag_ids))})"
            params += list(tag_ids)
        highlights = {r[0]: r[1] for r in self._conn.execute(
            f"SELECT {self._group(scope, 'ht')} AS grp, count(DISTINCT ht.highlight_id) "
            f"FROM {tagged}{join} WHERE ht.document_day IS NULL{where} GROUP BY grp",
            params)}
        return {group: (documents.get(group, 0), highlights.get(group, 0))
                for group in documents.keys() | highlights.keys()}
