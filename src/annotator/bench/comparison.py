"""The benchmark's figures for documents as data: a variable of 20 values on every
document, the browser filtered by one value, a timeline split by the variable, and the
crosstab of tags by its values.

Targets (issue 13), at 100,000 documents and 1,000,000 highlights: the filtered browser
within 50 ms, the split timeline (10 tags x 20 groups by month) within 500 ms, the
crosstab within 300 ms. Each comes with a baseline measured in the same run on the same
project: every document id in date order (what the browser lists without a filter), the
same timeline unsplit, and the bare ``GROUP BY`` of the highlights table.
"""

from __future__ import annotations

from typing import Any

from ..domain.filters import DocumentFilter
from ..services import Project
from ..services.comparison import crosstab
from ..services.statistics import timeline
from ..store import baselines
from .timing import figure, median_seconds

VARIABLE = "outlet"
GROUPS = 20


def add_variable(project: Project) -> None:
    """Give every document a value of :data:`VARIABLE` (one of :data:`GROUPS`, in turn)."""
    ids = project.documents.ids("id")
    for group in range(GROUPS):
        chosen = ids[group::GROUPS]
        if chosen:
            project.variables.set_value(chosen, VARIABLE, f"{VARIABLE}-{group:02d}")


def comparison_figures(project: Project, repeat: int) -> dict[str, Any]:
    """``filter_by_value``, ``split_timeline`` and ``crosstab`` (see the module) on a
    project that :func:`add_variable` gave the variable."""
    one_value = DocumentFilter(values={VARIABLE: frozenset({f"{VARIABLE}-07"})})
    tag_ids = [t.id for t in project.tags.all()][:10]
    listed = figure(
        median_seconds(lambda: project.documents.select(one_value, "date"), repeat),
        median_seconds(lambda: project.documents.ids("date"), repeat),
    )
    listed["documents"] = len(project.documents.select(one_value, "date"))
    split = figure(
        median_seconds(lambda: timeline(project, by="month", tag_ids=tag_ids,
                                        split=VARIABLE), repeat),
        median_seconds(lambda: timeline(project, by="month", tag_ids=tag_ids), repeat),
    )
    split["rows"] = len(timeline(project, by="month", tag_ids=tag_ids, split=VARIABLE))
    table = figure(
        median_seconds(lambda: crosstab(project, VARIABLE), repeat),
        median_seconds(lambda: baselines.bare_group_by(project.store), repeat),
    )
    built = crosstab(project, VARIABLE)
    table["cells"] = len(built.rows) * len(built.groups)
    table["nonzero_cells"] = sum(1 for row in built.rows for count in row.counts if count)
    return {"filter_by_value": listed, "split_timeline": split, "crosstab": table}
