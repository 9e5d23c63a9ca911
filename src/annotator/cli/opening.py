"""Opening a project for a command: warnings, write checks and the automatic backup."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import UserError

if TYPE_CHECKING:
    from ..services import Project


def open_project(path: Path, *, create: bool = False, writes: tuple[str, ...] = ()) -> Project:
    """Open a project for a command: warnings (a network drive) go to stderr, and a
    project changed since its last automatic backup is backed up before the command.
    A command that ``writes`` (the tables it writes: ``"documents"``, ``"highlights"``)
    is refused in one line, before any backup, when the project is read-only or those
    tables or their indexes are damaged."""
    from ..services import Project
    from ..services.backups import backup_if_changed
    from ..services.checking import refuse_damaged_for_writing

    existed = path.exists()
    project = Project.open(path, create=create)
    if writes and project.read_only:
        try:
            project.check_writable()
        finally:
            project.close()
    print_warnings(project)
    try:
        if existed and writes:
            refuse_damaged_for_writing(project, writes)
    except UserError:
        project.close()
        raise
    try:
        if existed:  # a project created just now has nothing to lose
            backup_if_changed(project)
    except UserError as error:
        print(f"annotator: warning: no automatic backup was taken: {error}", file=sys.stderr)
    return project


def print_warnings(project: Project) -> None:
    """The project's warnings (a network drive), one line each on stderr."""
    for warning in project.store.warnings:
        print(f"annotator: warning: {warning}", file=sys.stderr)
