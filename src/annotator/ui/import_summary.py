"""The words of the box shown when an import ends.

Failures are what a researcher must act on, so they are listed in the box's own text (the
first :data:`FAILURES_SHOWN`, by file name, then "… and N more"), not only behind "Show
Details"; the details keep the whole report, one line per file, when the text does not
hold it all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.wording import plural
from ..services.import_report import ImportReport

#: How many failed files the box's text names before "… and N more".
FAILURES_SHOWN = 10


@dataclass(frozen=True)
class ImportSummary:
    """``text`` for the box itself; ``details`` for "Show Details" (empty: no button)."""

    text: str
    details: str


def _named_briefly(path: Path, why: str) -> str:
    """``name.txt: reason``: the reason names the file by its whole path, which wraps
    over several lines in a box; the details keep it whole."""
    prefix = f"{path}: "
    return f"{path.name}: {why[len(prefix):]}" if why.startswith(prefix) else why


def import_summary(report: ImportReport) -> ImportSummary:
    """The box's text: the report's headline, then the files that failed (at most
    :data:`FAILURES_SHOWN`, each with its reason) and why the batch stopped early."""
    lines = report.summary_lines()
    failures = [_named_briefly(path, why) for path, why in report.failed]
    parts = [lines[0]]
    if failures:
        listed = "\n".join(f"• {why}" for why in failures[:FAILURES_SHOWN])
        more = len(failures) - FAILURES_SHOWN
        if more > 0:
            listed += f"\n… and {plural(more, 'more file')} (Show Details lists them all)"
        heading = "This file was not imported:" if len(failures) == 1 else \
            "These files were not imported:"
        parts.append(f"{heading}\n{listed}")
    if report.stopped:
        parts.append(f"Stopped early: {report.stopped}")
    shown_in_text = len(failures) <= FAILURES_SHOWN and len(lines) - 1 == len(failures) \
        + bool(report.stopped)
    return ImportSummary("\n\n".join(parts), "" if shown_in_text else "\n".join(lines[1:]))
