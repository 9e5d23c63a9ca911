"""Checking a project file thoroughly, repairing what is derived from its data, and
refusing to write to a project whose indexes are damaged (no SQL, no Qt here).

A check never changes the file. A file that cannot be opened because it is damaged is
still examined, read-only, so that the user learns what is damaged. A repair keeps a copy
of the file first (``NAME.before-repair-STAMP.bak`` beside it: not among the automatic
backups, so that ``annotator restore`` keeps offering the newest good one), rebuilds
indexes, the full-text index and the kept totals, never touches texts or highlights, and
checks again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import ProjectFileError
from ..store import Store
from ..store import repair as _repair
from ..store.backups import BackupInfo, list_backups, project_in_use
from ..store.opening import DAMAGED
from ..store.structure_check import feasible
from ..store.verify import Problem, diagnose_file, problems_before_writing, verify
from .backups import offers_backup
from .project import Project

__all__ = ["CheckReport", "Problem", "RepairReport", "advice", "check_project",
           "refuse_damaged_for_writing", "repair_project"]

#: Refusals about the file's header or size: SQLite's view of such a file is meaningless.
_BEFORE_SQLITE = ("its header", "truncated", "page size", "it is empty")


@dataclass(frozen=True)
class CheckReport:
    """What a check found: ``problems`` (empty: sound), ``warnings`` from opening the file
    (a damaged journal, a network drive), and the newest automatic backup, if any."""

    path: str
    problems: list[Problem]
    warnings: list[str]
    newest_backup: BackupInfo | None

    @property
    def repairable(self) -> list[Problem]:
        """The problems ``annotator check --repair`` can repair now (not those that need
        a table that is itself damaged)."""
        return feasible(self.problems)


@dataclass(frozen=True)
class RepairReport:
    """A repair: the check made before, where the file as it was is kept (``None``:
    nothing was repairable, so nothing was done), one line per repair (``repaired ...``
    or ``could not repair ...``), and the check made afterwards."""

    before: CheckReport
    copy: Path | None
    repairs: list[str]
    after: CheckReport


def check_project(path: str | Path) -> CheckReport:
    """Check the project at ``path`` thoroughly (see :func:`annotator.store.verify.verify`).

    Raises :class:`ProjectFileError` only when the file cannot be examined at all: it is
    missing, a folder, busy, or from a newer version. A damaged file that cannot be
    opened is examined read-only; its problems are in the report.
    """
    path = str(path)
    try:
        project = Project.open(path, create=False)
    except ProjectFileError as error:
        if not offers_backup(error):
            raise
        return CheckReport(path, _refused(path, error), [], _newest(path))
    with project:
        return CheckReport(path, verify(project.store), list(project.store.warnings),
                           _newest(path))


def advice(report: CheckReport, *, repairing: bool = False) -> list[str]:
    """The lines to show for a damaged project: each problem (``still damaged:`` after a
    repair), then what to do: repair what can be rebuilt, restore the newest backup (the
    last line)."""
    repairable = report.repairable
    lines = [("still damaged: " if repairing else "") + (str(p) if p in repairable else p.what)
             for p in report.problems]
    count = len(repairable)
    if count and not repairing:
        lines.append(f"`annotator check --repair {report.path}` rebuilds {count} of these "
                     "from the data (texts and highlights are not touched; a copy of the "
                     "file is kept first)")
    backup = report.newest_backup
    if backup is not None:
        lines.append(f"to go back to the newest backup ({backup.taken_at:%Y-%m-%d %H:%M} "
                     f"UTC, {backup.path}), run `annotator restore {report.path}`")
    else:
        lines.append(f"there is no automatic backup of it yet: `annotator restore "
                     f"{report.path} COPY` puts back a copy you kept")
    return lines


def _refused(path: str, error: ProjectFileError) -> list[Problem]:
    """The problems of a file that :meth:`Store.open` refused: what a read-only look
    finds, else the reason it was refused."""
    if not any(words in error.reason for words in _BEFORE_SQLITE):
        found = diagnose_file(path)
        if found:
            return found
    return [Problem(error.reason)]


def _newest(path: str) -> BackupInfo | None:
    backups = list_backups(path)
    return backups[0] if backups else None


def repair_project(path: str | Path) -> RepairReport:
    """Check, keep a copy, rebuild what is repairable, check again.

    Raises :class:`ProjectFileError` (nothing changed) when the project cannot be
    examined, another program has it open, or the copy cannot be written.
    """
    before = check_project(path)
    if not before.repairable:
        return RepairReport(before, None, [], before)
    path = str(path)
    if project_in_use(path):
        raise ProjectFileError(path, "the project is open in another program; close it, "
                                     "then repair")
    try:
        store = Store.open(path, create=False, quick_check=False)
    except ProjectFileError as error:
        raise ProjectFileError(path, f"cannot be repaired: {error.reason}") from None
    try:
        store.check_writable()  # (a read-only medium: one line, nothing done)
        copy = _repair.keep_copy(store)
        repairs = _repair.repair(store, before.problems)
    finally:
        store.close()
    return RepairReport(before, copy, repairs, check_project(path))


def refuse_damaged_for_writing(project: Project, writes: Sequence[str]) -> None:
    """Raise :class:`ProjectFileError` (one line) when the tables ``writes`` names
    (``"documents"``, ``"highlights"``) or their indexes are damaged: writing on a bad
    index spreads the damage. Nothing is written either way."""
    problems = problems_before_writing(project.store, writes)
    if problems:
        first = problems[0]
        hint = ("`annotator check --repair` rebuilds it" if first.repairable
                else "`annotator check` tells more")
        raise ProjectFileError(project.path, f"{DAMAGED} ({first.what}); nothing was "
                                             f"written; {hint}")
