"""The benchmark's report figure: an HTML report of about 10,000 quotes from the big
project (issue 14: within 5 s at 100,000 documents and 1,000,000 highlights).

The quotes are chosen by a filter, as a researcher would: the documents of a few values
of the ``outlet`` variable (see :mod:`.comparison`) and the first tags of the codebook,
as many as it takes to reach :data:`QUOTES`. The baseline, measured in the same run, is
the same quotes read by one plain query and written with one ``json.dump``
(``store.baselines.quotes_json``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain.filters import DocumentFilter
from ..services import Project
from ..services.reporting import ReportOptions, write_report
from ..store import baselines
from ..store.scoped_stats import Scope
from .comparison import GROUPS, VARIABLE
from .timing import figure, median_seconds

QUOTES = 10_000


def report_selection(project: Project) -> tuple[DocumentFilter, tuple[int, ...], int]:
    """The filter and tags of a report of at least :data:`QUOTES` quotes (fewer only when
    the project has fewer), and how many quotes it holds: the fewest outlet values, then
    the fewest tags in codebook order, that reach it."""
    tags = [count.tag.id for count in project.tags.counts()]
    for values in range(1, GROUPS + 1):
        within = DocumentFilter(values={VARIABLE: frozenset(
            f"{VARIABLE}-{group:02d}" for group in range(values))})
        totals = project.store.scoped.tag_totals(Scope(within=within), tags)
        chosen: list[int] = []
        quotes = 0
        for tag_id in tags:
            chosen.append(tag_id)
            quotes += totals.get((tag_id, None), (0, 0))[0]
            if quotes >= QUOTES:
                return within, tuple(chosen), quotes
    return within, tuple(tags), quotes


def report_figure(project: Project, workdir: Path, repeat: int) -> dict[str, Any]:
    """Write the HTML report of :func:`report_selection` vs. its baseline; the figure
    names the quotes, tags and documents it holds and the file's size."""
    within, tag_ids, quotes = report_selection(project)
    options = ReportOptions(tag_ids=tag_ids, documents=within)
    out, plain = workdir / "report.html", workdir / "report-baseline.json"
    result: dict[str, Any] = figure(
        median_seconds(lambda: write_report(project, out, options), repeat),
        median_seconds(lambda: baselines.quotes_json(project.store, tag_ids, within, plain),
                       repeat),
    )
    assert baselines.quotes_json(project.store, tag_ids, within, plain) == quotes
    result.update(quotes=quotes, tags=len(tag_ids),
                  documents=len(project.documents.select(within)),
                  file_mb=round(out.stat().st_size / 1e6, 2))
    return result
