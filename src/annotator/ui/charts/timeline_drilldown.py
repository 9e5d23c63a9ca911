"""What a click on a timeline point lists: exactly what the point counts.

Highlights and rates: every highlight of the tag in the period (and group) (a rate
divides their number by the period's words). Documents: one quote
per document, its first of the tag, so that the list is as long as the count. Shares:
the numerator's documents likewise, the description stating the denominator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.periods import period_bounds
from ...domain.wording import plural
from ...services.comparison import group_filter
from ...services.quotes import QuoteFilter
from .series_style import value_label

if TYPE_CHECKING:
    from .timeline_chart import TimelineChart
    from .timeline_drawing import Point


def point_quotes(chart: TimelineChart, point: Point) -> tuple[QuoteFilter, str]:
    """The quotes ``point`` of ``chart`` counts (its tag, period and group, within the
    document filter) and the words that say so."""
    first, last = period_bounds(point.period, chart.period)
    documents = chart.counted_within()
    where = f"documents dated {first} to {last}"
    if point.series.split and chart.split is not None:
        documents = group_filter(documents, chart.split, point.group)
        where += f", {chart.split}: {value_label(point.group)}"
    if chart.counted_within() is not None:
        where += " (within the document filter)"
    per_document = chart.measure in ("documents", "share")
    query = QuoteFilter((point.tag_id,), first_day=first, last_day=last,
                        documents=documents, one_per_document=per_document)
    if chart.measure == "rate":
        return query, (f"{point.tag}, {where}: the highlights counted per 10,000 words of "
                       "the period's documents")
    if not per_document:
        return query, f"{point.tag}, {where}"
    if chart.measure == "share":
        total = chart.period_documents(point.group if point.series.split else None,
                                       point.period)
        counted = round(point.value * total)
        return query, (f"{point.tag}: {counted} of {plural(total, 'document')} "
                       f"({where}), the first quote of each")
    return query, f"{point.tag}, {where}: the first quote of each document"
