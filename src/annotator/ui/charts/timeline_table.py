"""The timeline's numbers as a table and as drawn values: what the CSV export writes,
the value each row draws (NaN for a gap), and the hover text that states a point's N."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ...domain.periods import Period, period_bounds
from ...domain.wording import plural
from ...services.statistics import Measure, TimelineRow

#: The columns each measure adds to the exported table.
MEASURE_COLUMNS: dict[str, list[str]] = {"share": ["share", "ci_low", "ci_high"],
                                         "rate": ["rate"]}


def timeline_table(rows: Sequence[TimelineRow], kind: Period, measure: Measure, *,
                   split: bool) -> tuple[list[str], list[list[object]]]:
    """Every row (every period of the range: a period without documents has empty
    cells, a gap) with the period's first and last day, documents and words; for shares
    the 95 % interval, for rates the rate; split, with a ``group`` column (empty: no
    value)."""
    extra = MEASURE_COLUMNS.get(measure, [])
    header = ["period", "first_day", "last_day", "tag", *(["group"] * split),
              "highlights", "documents", *extra, "period_documents", "period_words"]
    body: list[list[object]] = []
    for row in rows:
        first, last = period_bounds(row.period, kind)
        group = [row.group if row.group is not None else ""] if split else []
        body.append([row.period, first, last, row.tag, *group, _cell(row.highlights),
                     _cell(row.documents), *(_cell(getattr(row, name)) for name in extra),
                     row.period_documents, row.period_words])
    return header, body


def row_value(row: TimelineRow, measure: Measure) -> float:
    """The row's value of ``measure``; NaN for none (a period without documents)."""
    found = {"share": row.share, "rate": row.rate, "documents": row.documents,
             "highlights": row.highlights}[measure]
    return nan_for_none(found)


def nan_for_none(value: float | None) -> float:
    return math.nan if value is None else float(value)


def describe_value(prefix: str, row: TimelineRow | None) -> str:
    """``prefix`` (period · series · value) with the share's interval and the period's
    N: ``… · 53.8% (95%: 29.1–76.8%) · N = 13 documents, 26,323 words``."""
    if row is None or row.period_documents is None:
        return prefix
    if row.ci_low is not None and row.ci_high is not None:
        prefix += f" (95%: {row.ci_low:.1%}–{row.ci_high:.1%})"
    return (f"{prefix} · N = {plural(row.period_documents, 'document')}, "
            f"{row.period_words or 0:,} words")


def _cell(value: float | None) -> object:
    """A CSV cell: empty for none (a gap), floats with six decimals."""
    if value is None:
        return ""
    return f"{value:.6f}" if isinstance(value, float) else value
