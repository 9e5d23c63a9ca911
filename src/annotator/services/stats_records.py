"""The records of statistics: measures, a tag's totals and a timeline row.

Apart from ``statistics`` so that the modules that complete its rows
(``period_table``, ``combined_tags``) can build them without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Measure = Literal["highlights", "documents", "share", "rate"]
Combine = Literal["and", "or"]
MEASURES: tuple[Measure, ...] = ("highlights", "documents", "share", "rate")


@dataclass(frozen=True)
class TagStat:
    """A tag's highlights and documents (within the group ``group`` of a split)."""

    name: str
    path: str
    highlights: int
    documents: int
    group: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One period and tag (or combination of tags, ``tag_id`` 0). ``share`` (documents
    with the tag / dated documents of the period, 0..1) and its 95 % Wilson interval
    (``ci_low``, ``ci_high``) are set when the measure is ``share``; ``rate``
    (highlights per 10,000 words of the period's documents) when it is ``rate``.
    ``period_documents`` and ``period_words``: the period's dated documents (of the
    row's group) and their words. In a period without documents (a gap, see
    ``period_table.complete_rows``) ``highlights``, ``documents`` and every measure are
    ``None``."""

    period: str
    tag: str
    highlights: int | None
    documents: int | None
    share: float | None = None
    tag_id: int = 0
    group: str | None = None
    period_documents: int | None = None
    period_words: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    rate: float | None = None
