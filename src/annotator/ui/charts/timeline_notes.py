"""The line under the timeline: what is filtered, what is empty, what is not shown.

It names the document filter, says when there is nothing to draw, how a split was cut
down, how many periods have no documents and how many documents are dated only to a
year or month, and how many undated documents (and their highlights) are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.filters import DocumentFilter
from ...domain.wording import plural
from ...services.comparison import Group, undated
from .period_counts import period_note
from .split_picker import MAX_SERIES
from .style import empty_text

if TYPE_CHECKING:
    from .timeline_chart import TimelineChart


def timeline_note(chart: TimelineChart, tag_ids: list[int], where: DocumentFilter | None,
                  groups: list[Group], chosen: list[str | None]) -> str:
    """The note for the timeline as ``chart`` has just drawn it."""
    split = chart.split
    text = chart.filter_note()
    if not tag_ids:
        text += " " + empty_text("No tags to show yet: create tags and highlight quotes.")
    elif not any(r.highlights for r in chart.rows()):
        text += " No highlights of these tags in dated documents."
    text += split_note(chart, groups, chosen, len(tag_ids))
    text += period_note(chart.period_table(), chosen if split else [None])
    by_group = undated(chart.project, tag_ids=tag_ids, where=where, split=split)
    counted = [found for group, found in by_group.items() if split is None or group in chosen]
    documents = sum(d for d, _ in counted)
    highlights = sum(h for _, h in counted)
    if documents:
        text += (f"  {plural(documents, 'undated document')}"
                 f" ({plural(highlights, 'highlight')}) not shown.")
    return text.strip()


def split_note(chart: TimelineChart, groups: list[Group], chosen: list[str | None],
               tags: int) -> str:
    """What became of a split's groups: the largest drawn, too many series, none chosen."""
    split = chart.split
    if split is None or not groups:
        return ""
    drawn = len(chosen) * tags
    if chart.split_picker.limited:
        return (f"  {split} has {plural(len(groups), 'value')}: the "
                f"{len(chosen)} largest groups are drawn ({drawn} series); choose "
                "others with Values.")
    if drawn > MAX_SERIES:
        return f"  {drawn} series are hard to tell apart: choose fewer values with Values."
    if not chosen:
        return "  No value chosen: choose values to draw with Values."
    return ""
