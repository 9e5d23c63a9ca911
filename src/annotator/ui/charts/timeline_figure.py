"""The title and caption of an exported timeline: what is counted, per what period, over
how many documents (N), so that a figure pasted into a paper says what it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.wording import plural
from ...services.comparison import dated_documents, undated
from .figure_export import FigureText

if TYPE_CHECKING:
    from .timeline_chart import TimelineChart

#: Tags named in a title before the rest are counted ("and 3 more").
TITLE_TAGS = 4
MEASURE_WORDS = {"highlights": "Highlights", "documents": "Documents with the tag",
                 "share": "Share of documents with the tag"}


def timeline_figure(chart: TimelineChart) -> FigureText:
    """``Highlights per year: security, economy`` and ``N = 201 dated documents,
    1999–2020 · measure: highlights · period: year`` (with the split, the documents left
    out as undated, and the document filter, when there are any)."""
    project, where = chart.project, chart.counted_within()
    measure, period = chart.measure, chart.period
    tags = list(dict.fromkeys(series.tag for series in chart.series()))
    named = ", ".join(tags[:TITLE_TAGS])
    if len(tags) > TITLE_TAGS:
        named += f" and {len(tags) - TITLE_TAGS} more"
    title = f"{MEASURE_WORDS[measure]} per {period}"
    if chart.split:
        title += f", by {chart.split}"
    if named:
        title += f": {named}"
    per_period = dated_documents(project, by=period, where=where).get(None, {})
    documents = sum(per_period.values())
    caption = f"N = {plural(documents, 'dated document')}"
    if per_period:
        first, last = min(per_period), max(per_period)
        caption += f", {first}" + (f" to {last}" if last != first else "")
    left_out = sum(found for found, _ in undated(project, where=where).values())
    if left_out:
        caption += f" ({plural(left_out, 'undated document')} not shown)"
    caption += f" · measure: {measure} · period: {period}"
    if chart.split:
        caption += f" · split by {chart.split}"
    filtered = chart.filter_note()
    if filtered:
        caption += f" · {filtered}"
    return FigureText(title, caption)
