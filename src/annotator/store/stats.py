"""Aggregations for counts and timelines, computed in SQL (never by loading highlights).

Periods: ``day`` ``YYYY-MM-DD``, ``week`` ISO ``YYYY-Www``, ``month`` ``YYYY-MM``,
``quarter`` ``YYYY-Qn``, ``year`` ``YYYY``. A date stored with reduced precision (``YYYY``
or ``YYYY-MM``) is placed at the start of its year or month for finer periods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

Period = Literal["day", "week", "month", "quarter", "year"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "quarter", "year")

# A full YYYY-MM-DD[...] date from any stored precision.
_FULL_DATE = (
    "(CASE length(d.date) WHEN 4 THEN d.date || '-01-01' "
    "WHEN 7 THEN d.date || '-01' ELSE d.date END)"
)
# The Thursday of the ISO week holding the date decides the ISO year and week number.
_THURSDAY = f"date(substr({_FULL_DATE}, 1, 10), '-3 days', 'weekday 4')"
_PERIOD_SQL: dict[str, str] = {
    "day": f"substr({_FULL_DATE}, 1, 10)",
    "week": (
        f"strftime('%Y', {_THURSDAY}) || '-W' || "
        f"printf('%02d', (CAST(strftime('%j', {_THURSDAY}) AS INTEGER) - 1) / 7 + 1)"
    ),
    "month": f"substr({_FULL_DATE}, 1, 7)",
    "quarter": (
        f"substr({_FULL_DATE}, 1, 4) || '-Q' || "
        f"((CAST(substr({_FULL_DATE}, 6, 2) AS INTEGER) + 2) / 3)"
    ),
    "year": "substr(d.date, 1, 4)",
}


@dataclass(frozen=True)
class TagTotals:
    tag_id: int
    highlights: int
    documents: int


@dataclass(frozen=True)
class TimelineCell:
    period: str
    tag_id: int
    highlights: int
    documents: int


@dataclass(frozen=True)
class Undated:
    documents: int
    highlights: int


class StatsQueries:
    """Read-only aggregations; every method is one SQL query."""

    def __init__(self, db: Database) -> None:
        self._conn = db.conn

    def tag_totals(self) -> dict[int, TagTotals]:
        """Highlights and distinct documents per tag (tags with none are absent)."""
        return {
            r[0]: TagTotals(*r)
            for r in self._conn.execute(
                "SELECT ht.tag_id, count(*), count(DISTINCT h.document_id) "
                "FROM highlight_tags ht JOIN highlights h ON h.id = ht.highlight_id "
                "GROUP BY ht.tag_id"
            )
        }

    def timeline(
        self,
        period: Period,
        tag_ids: Sequence[int] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[TimelineCell]:
        """Per period and tag: highlights, and documents carrying the tag. Dated only."""
        where, params = _date_filter(date_from, date_to)
        tag_filter = ""
        if tag_ids is not None:
            tag_filter = f" AND ht.tag_id IN ({','.join('?' * len(tag_ids))})"
            params += list(tag_ids)
        sql = (
            f"WITH dated AS (SELECT d.id, {_PERIOD_SQL[period]} AS period FROM documents d "
            f"WHERE d.date IS NOT NULL{where}) "
            "SELECT dated.period, ht.tag_id, count(*), count(DISTINCT h.document_id) "
            "FROM dated JOIN highlights h ON h.document_id = dated.id "
            "JOIN highlight_tags ht ON ht.highlight_id = h.id "
            f"WHERE 1{tag_filter} GROUP BY dated.period, ht.tag_id "
            "ORDER BY dated.period, ht.tag_id"
        )
        return [TimelineCell(*r) for r in self._conn.execute(sql, params)]

    def documents_per_period(
        self, period: Period, date_from: str | None = None, date_to: str | None = None
    ) -> dict[str, int]:
        """How many dated documents fall in each period (the denominator of shares)."""
        where, params = _date_filter(date_from, date_to)
        sql = (
            f"SELECT {_PERIOD_SQL[period]} AS period, count(*) FROM documents d "
            f"WHERE d.date IS NOT NULL{where} GROUP BY period ORDER BY period"
        )
        return {r[0]: r[1] for r in self._conn.execute(sql, params)}

    def undated(self, tag_ids: Sequence[int] | None = None) -> Undated:
        """Documents without a date, and highlights (of ``tag_ids`` if given) in them."""
        documents = self._conn.execute(
            "SELECT count(*) FROM documents WHERE date IS NULL"
        ).fetchone()[0]
        sql = (
            "SELECT count(DISTINCT h.id) FROM highlights h JOIN documents d "
            "ON d.id = h.document_id JOIN highlight_tags ht ON ht.highlight_id = h.id "
            "WHERE d.date IS NULL"
        )
        params: list[int] = []
        if tag_ids is not None:
            sql += f" AND ht.tag_id IN ({','.join('?' * len(tag_ids))})"
            params = list(tag_ids)
        return Undated(documents, self._conn.execute(sql, params).fetchone()[0])


def _date_filter(date_from: str | None, date_to: str | None) -> tuple[str, list[object]]:
    """SQL conditions on ``d.date`` for an inclusive ``YYYY[-MM[-DD]]`` range."""
    where, params = "", []
    if date_from:
        where += f" AND {_FULL_DATE} >= ?"
        params.append(date_from)
    if date_to:
        # Compare as many characters as the bound has, so 2018-02 includes all of February.
        where += f" AND substr({_FULL_DATE}, 1, ?) <= ?"
        params += [len(date_to), date_to]
    return where, params
