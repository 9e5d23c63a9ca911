"""What each ``annotator`` command does (headless work on a project file; ``open``
starts the window, loading Qt only then)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..domain.filters import DocumentFilter, parse_where
from ..domain.tag_paths import tag_path_text
from ..domain.wording import plural
from ..output import print_stats, print_tags, write_stats_csv
from ..services.about import sqlite_warning
from .agreement_command import cmd_agreement
from .document_commands import cmd_attributes, cmd_delete, cmd_documents
from .memo_commands import cmd_memos
from .opening import open_project as _open_project
from .opening import print_warnings as _print_warnings
from .report_command import cmd_report
from .search_command import cmd_search
from .status import USAGE_ERROR, USER_ERROR

if TYPE_CHECKING:
    from ..services import Project

#: An import adds documents, and merging a coded dataset or project adds highlights too.
_IMPORT_WRITES = ("documents", "highlights")


def _cmd_open(args: argparse.Namespace) -> int:
    from ..services.first_run import ensure_default_project

    project = getattr(args, "project", None)
    if project is None:
        project = ensure_default_project()
    elif not project.exists():
        raise UserError(f"{project}: no such project file")
    from ..ui.launch import run_window

    return run_window(project)


def _cmd_import(args: argparse.Namespace) -> int:
    """Import into the project, creating it if absent: a new project is built under a
    hidden name and appears at its path only if something was imported (see
    :class:`~.services.staged_project.StagedProject`). If another program creates the
    project meanwhile, its file is kept and the import is done again into it."""
    from ..services.importing import ImportReport, SurveyMapping, import_paths
    from ..services.staged_project import StagedProject

    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"annotator: {path}: no such file or folder", file=sys.stderr)
    mapping = SurveyMapping(
        text_columns=tuple(args.text_column), title_column=args.title_column,
        date_column=args.date_column,
    )

    def import_into(project: Project) -> ImportReport:
        return import_paths(
            project, [p for p in args.paths if p.exists()], max_bytes=args.max_size,
            survey_mapping=mapping, folder_table_reason=_folder_table_advice(args.project),
        )

    report: ImportReport | None = None
    shown: Callable[[str], str] = str
    if not os.path.lexists(args.project):
        staged = StagedProject(args.project)
        shown = staged.shown
        with staged as project:
            _print_warnings(project)
            report = import_into(project)
            if (report.imported or report.merged) and not staged.publish():
                print(f"annotator: warning: {args.project}: another program created this "
                      "project during the import; importing into it instead", file=sys.stderr)
                report = None
    if report is None:
        with _open_project(args.project, create=True, writes=_IMPORT_WRITES) as project:
            report = import_into(project)
    lines = [shown(line) for line in report.summary_lines()]
    print(lines[0])
    for line in lines[1:]:
        problem = line.startswith(("failed", "stopped"))
        print(line, file=sys.stderr if problem else sys.stdout)
    return USER_ERROR if report.failed or report.stopped or missing else 0


def _folder_table_advice(project: Path) -> Callable[[Path], str]:
    """Why ``import`` skips a table found inside a folder, and the two commands that
    import it: its rows as survey documents, or its columns as document variables."""

    def advice(table: Path) -> str:
        quoted_project, quoted_table = shlex.quote(str(project)), shlex.quote(str(table))
        return ("a table inside a folder is not imported as documents; to import its rows "
                f"as survey documents: annotator import {quoted_project} {quoted_table} "
                "--text-column COLUMN; to load it as document variables: annotator "
                f"attributes {quoted_project} {quoted_table}")

    return advice


def _cmd_export(args: argparse.Namespace) -> int:
    from ..services.exporting import export_csv, export_json, export_spreadsheet_csv
    from ..services.memo_export import export_memos_csv
    from ..services.refi_qda import export_qdc, export_qdpx

    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in ("json", "csv", "qdpx", "qdc", "memos-csv"):
        raise UserError(f"{args.out}: cannot tell the format; use --format json, csv, qdpx, "
                        "qdc or memos-csv")
    with _open_project(args.project) as project:
        if fmt == "memos-csv":
            counts = export_memos_csv(project, args.out, for_spreadsheet=args.bom)
        elif fmt == "json":
            counts = export_json(project, args.out, include_text=not args.no_text)
        elif fmt == "csv" and args.bom:
            counts = export_spreadsheet_csv(project, args.out)
        elif fmt == "csv":
            counts = export_csv(project, args.out)
        elif fmt == "qdpx":
            counts = export_qdpx(project, args.out)
        else:
            counts = export_qdc(project, args.out)
    print(f"Exported {counts} to {args.out}")
    return 0


def _cmd_tags(args: argparse.Namespace) -> int:
    with _open_project(args.project) as project:
        print_tags(project.tags.counts(), args.format)
    return 0


def _cmd_autocode(args: argparse.Namespace) -> int:
    from ..services.autocode import autocode, compile_pattern

    regex = compile_pattern(
        pattern=args.pattern, phrase=args.phrase,
        case_sensitive=args.case_sensitive, whole_word=args.whole_word,
    )
    with _open_project(args.project, writes=("highlights",)) as project:
        result = autocode(project, args.tag, regex, document_id=args.document,
                          context=args.context)
        tag_path = tag_path_text(project.tags.paths()[result.tag_id])
    also = [
        (result.extended, "extended {} existing"),
        (result.tagged_existing, "tagged {} existing"),
        (result.merged, "merged {} into others"),
        (result.skipped, "skipped {} already tagged"),
    ]
    print(
        f"Created {plural(result.created, 'highlight')} with tag {tag_path!r} for "
        f"{plural(result.hits, 'match')} in {plural(result.documents, 'document')}"
        + "".join(f"; {text.format(n)}" for n, text in also if n)
        + "."
    )
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from ..services.coder_choice import chosen_coders
    from ..services.statistics import compute_stats

    tags = [t for t in args.tags.split(",") if t.strip()] if args.tags else None
    if args.combine and len(set(tags or [])) < 2:
        print("annotator stats: error: --combine needs two or more tags in --tags",
              file=sys.stderr)
        return USAGE_ERROR
    where = DocumentFilter(values=parse_where(args.where)) if args.where else None
    with _open_project(args.project) as project:
        if args.coders:
            where = (where or DocumentFilter()).with_coders(chosen_coders(project, args.coders))
        report = compute_stats(
            project, by=args.by, tags=tags, measure=args.measure,
            date_from=args.date_from, date_to=args.date_to, where=where, split=args.split,
            combine=args.combine,
        )
    if args.format == "csv":
        write_stats_csv(report, sys.stdout)
    else:
        print_stats(report, args.format)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    import json

    from ..bench.run import BenchError, run_bench

    try:
        report = run_bench(quick=args.quick, workdir=args.workdir, window=not args.no_window)
    except BenchError as error:
        raise UserError(str(error)) from None
    text = json.dumps(report, indent=None if args.json else 2, ensure_ascii=False)
    if args.out:  # before printing: a reader gone from stdout must not lose the file
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from ..services.checking import advice, check_project, repair_project

    warning = sqlite_warning()
    if warning:
        print(f"annotator: warning: {warning}", file=sys.stderr)
    if not args.repair:
        report = check_project(args.project)
        warnings = report.warnings
    else:
        repaired = repair_project(args.project)
        if repaired.copy is not None:
            print(f"Kept a copy of {args.project} as {repaired.copy} before repairing.")
        for line in repaired.repairs:
            if line.startswith("could not"):
                print(f"annotator: {args.project}: {line}", file=sys.stderr)
            else:
                print(f"{line[0].upper()}{line[1:]}.")
        report = repaired.after
        warnings = repaired.before.warnings + report.warnings
    for line in warnings:
        print(f"annotator: warning: {line}", file=sys.stderr)
    if not report.problems:
        print(f"{args.project}: no problems found.")
        return 0
    for line in advice(report, repairing=args.repair):
        print(f"annotator: {args.project}: {line}", file=sys.stderr)
    return USER_ERROR


def _cmd_backups(args: argparse.Namespace) -> int:
    from ..services.backups import list_backups

    backups = list_backups(args.project)
    if not backups:
        print(f"No backups of {args.project} yet "
              "(one is taken when a changed project is opened).")
    for backup in backups:
        when = f"{backup.taken_at:%Y-%m-%d %H:%M:%S} UTC"
        print(f"{when}  {backup.size / 1e6:8.1f} MB  {backup.path}")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from ..services.backups import list_backups, restore_backup

    backup = args.backup
    if backup is None:
        backups = list_backups(args.project)
        if not backups:
            raise UserError(f"{args.project}: no backups to restore")
        backup = backups[0].path
    moved = restore_backup(args.project, backup)
    print(f"Restored {args.project} from {backup}"
          + (f"; the previous file is kept as {moved}" if moved else ""))
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "open": _cmd_open,
    "import": _cmd_import,
    "export": _cmd_export,
    "documents": cmd_documents,
    "delete": cmd_delete,
    "attributes": cmd_attributes,
    "tags": _cmd_tags,
    "memos": cmd_memos,
    "autocode": _cmd_autocode,
    "search": cmd_search,
    "stats": _cmd_stats,
    "report": cmd_report,
    "agreement": cmd_agreement,
    "bench": _cmd_bench,
    "check": _cmd_check,
    "backups": _cmd_backups,
    "restore": _cmd_restore,
}

