"""The ``annotator`` command: the window, and headless work on the same project file.

Exit status: 0 on success, 1 on a user error (one line per problem on stderr, never a
traceback), 2 on wrong usage (argparse), 141 when the reader of the output went away
(``annotator tags P | head -1``; see :data:`READER_GONE`). Importing this module does not
load Qt; only ``annotator open`` (or no command) does.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .domain.errors import UserError
from .output import print_stats, print_tags, write_stats_csv
from .services.about import sqlite_warning, version_line

if TYPE_CHECKING:
    from .services import Project

USAGE_ERROR = 2
USER_ERROR = 1
#: The exit status when the reader of the output goes away (a closed pipe): what a shell
#: reports for a Unix tool killed by SIGPIPE, 128 + 13, as ``yes | head -1`` shows under
#: ``set -o pipefail``. The command ends quietly (nothing on stderr) rather than being
#: killed, so that the project is closed properly; a writing command has committed
#: before it prints anything, so its work is kept.
READER_GONE = 128 + 13
#: An import adds documents, and merging a coded dataset or project adds highlights too.
_IMPORT_WRITES = ("documents", "highlights")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Qualitative coding of text collections. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=version_line())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("open", help="open the window (default project if none)")
    p.add_argument("project", nargs="?", type=Path, help="project file (NAME.annotator)")

    p = commands.add_parser("import", help="import files, folders or a coded-dataset .json")
    p.add_argument("project", type=Path, help="project file; created if absent")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--max-size", type=_megabytes, default="50", metavar="MB",
                   help="refuse files larger than this many megabytes (default 50)")
    p.add_argument("--text-column", action="append", default=[], metavar="NAME",
                   help="survey (.csv/.tsv/.xlsx) column holding the text; repeat to join")
    p.add_argument("--title-column", metavar="NAME", help="survey column used as the title")
    p.add_argument("--date-column", metavar="NAME", help="survey column holding the date")

    p = commands.add_parser("export", help="export the coded dataset (json, csv, REFI-QDA)")
    p.add_argument("project", type=Path)
    p.add_argument("out", type=Path, help="output file; its extension picks the format")
    p.add_argument("--format", choices=["json", "csv", "qdpx", "qdc"])
    p.add_argument("--no-text", action="store_true", help="leave document texts out (json)")
    p.add_argument("--bom", action="store_true",
                   help="the CSV for Excel: a BOM, and cells that would start a formula "
                   "(= + - @) prefixed with ' (default: every cell verbatim, for R and pandas)")

    p = commands.add_parser("documents", help="list documents with ids, dates and counts")
    p.add_argument("project", type=Path)

    p = commands.add_parser("tags", help="the codebook with counts")
    p.add_argument("project", type=Path)
    p.add_argument("--format", choices=["table", "json"], default="table")

    p = commands.add_parser("autocode", help="tag every match of a pattern or phrase")
    p.add_argument("project", type=Path)
    p.add_argument("--tag", required=True, help="tag name or path parent/child (created if absent)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--pattern", help="a regular expression (Python syntax)")
    what.add_argument("--phrase", help="a literal phrase")
    p.add_argument("--case-sensitive", action="store_true")
    p.add_argument("--whole-word", action="store_true")
    p.add_argument("--document", type=int, metavar="ID", help="only this document")

    p = commands.add_parser("stats", help="counts per tag and per period")
    p.add_argument("project", type=Path)
    p.add_argument("--by", choices=["day", "week", "month", "quarter", "year"], default="month")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--tags", help="comma-separated tag names or paths (default: all)")
    p.add_argument("--measure", choices=["highlights", "documents", "share"], default="highlights")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="YYYY[-MM[-DD]], inclusive")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="YYYY[-MM[-DD]], inclusive")
    p = commands.add_parser("check", help="check a project file thoroughly")
    p.add_argument("project", type=Path)
    p.add_argument("--repair", action="store_true",
                   help="rebuild indexes, the full-text index and tag totals from the data")

    p = commands.add_parser("backups", help="list the automatic backups of a project")
    p.add_argument("project", type=Path)

    p = commands.add_parser("restore", help="replace a project by one of its backups")
    p.add_argument("project", type=Path)
    p.add_argument("backup", nargs="?", type=Path, help="a backup file (default: the newest)")

    p = commands.add_parser("bench", help="measure speed and memory (prints JSON)")
    p.add_argument("--quick", action="store_true", help="10k documents, 100k highlights")
    p.add_argument("--json", action="store_true", help="one line of JSON (default: indented)")
    p.add_argument("--out", type=Path, metavar="FILE", help="also write the JSON to FILE")
    p.add_argument("--workdir", type=Path, help="keep the generated files and projects here")
    p.add_argument("--no-window", action="store_true", help="skip the window figures")
    return parser


def _megabytes(value: str) -> int:
    try:
        megabytes = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of megabytes") from None
    if not 0 < megabytes <= 100_000:
        raise argparse.ArgumentTypeError(f"{value!r} is out of range")
    return int(megabytes * 1_000_000)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used as the process's).

    Standard output is flushed before this returns, so that a reader that went away is
    noticed here rather than in the interpreter's last flush (which would print
    "Exception ignored ... BrokenPipeError"): the command then returns
    :data:`READER_GONE`, silently.
    """
    try:
        try:
            return _run(argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:
        _discard_further_output()
        return READER_GONE


def _discard_further_output() -> None:
    """Point standard output at the null device: what is still buffered in
    ``sys.stdout`` goes nowhere at exit instead of failing on the closed pipe again."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no stdout, or not a file (tests)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handler = _HANDLERS.get(args.command or "open")
    assert handler is not None
    try:
        return handler(args)
    except UserError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return USER_ERROR
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130


def _open_project(path: Path, *, create: bool = False,  # type: ignore[no-untyped-def]
                  writes: tuple[str, ...] = ()):
    """Open a project for a command: warnings (a network drive) go to stderr, and a
    project changed since its last automatic backup is backed up before the command.
    A command that ``writes`` (the tables it writes: ``"documents"``, ``"highlights"``)
    is refused in one line, before any backup, when the project is read-only or those
    tables or their indexes are damaged."""
    from .services import Project
    from .services.backups import backup_if_changed
    from .services.checking import refuse_damaged_for_writing

    existed = path.exists()
    project = Project.open(path, create=create)
    if writes and project.read_only:
        try:
            project.check_writable()
        finally:
            project.close()
    _print_warnings(project)
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


def _print_warnings(project: Project) -> None:
    """The project's warnings (a network drive), one line each on stderr."""
    for warning in project.store.warnings:
        print(f"annotator: warning: {warning}", file=sys.stderr)


def _cmd_open(args: argparse.Namespace) -> int:
    from .services.first_run import ensure_default_project

    project = getattr(args, "project", None)
    if project is None:
        project = ensure_default_project()
    elif not project.exists():
        raise UserError(f"{project}: no such project file")
    from .ui.launch import run_window

    return run_window(project)


def _cmd_import(args: argparse.Namespace) -> int:
    """Import into the project, creating it if absent: a new project is built under a
    hidden name and appears at its path only if something was imported (see
    :class:`~.services.staged_project.StagedProject`). If another program creates the
    project meanwhile, its file is kept and the import is done again into it."""
    from .services.importing import ImportReport, SurveyMapping, import_paths
    from .services.staged_project import StagedProject

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
            survey_mapping=mapping,
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


def _cmd_export(args: argparse.Namespace) -> int:
    from .services.exporting import export_csv, export_json, export_spreadsheet_csv
    from .services.refi_qda import export_qdc, export_qdpx

    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in ("json", "csv", "qdpx", "qdc"):
        raise UserError(f"{args.out}: cannot tell the format; use --format json, csv, qdpx or qdc")
    with _open_project(args.project) as project:
        if fmt == "json":
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


def _cmd_documents(args: argparse.Namespace) -> int:
    with _open_project(args.project) as project:
        ids = project.documents.ids("date")
        print(f"{'id':>6}  {'date':<16}  {'highlights':>10}  title")
        for start in range(0, len(ids), 500):
            for row in project.documents.summaries(ids[start : start + 500]):
                print(f"{row.id:>6}  {row.date or '-':<16}  {row.highlight_count:>10}  {row.title}")
    return 0


def _cmd_tags(args: argparse.Namespace) -> int:
    with _open_project(args.project) as project:
        print_tags(project.tags.counts(), args.format)
    return 0


def _cmd_autocode(args: argparse.Namespace) -> int:
    from .services.autocode import autocode, compile_pattern

    regex = compile_pattern(
        pattern=args.pattern, phrase=args.phrase,
        case_sensitive=args.case_sensitive, whole_word=args.whole_word,
    )
    with _open_project(args.project, writes=("highlights",)) as project:
        result = autocode(project, args.tag, regex, document_id=args.document)
    print(
        f"Created {result.created} highlight{'s' * (result.created != 1)} with tag "
        f"{args.tag!r} in {result.documents} document{'s' * (result.documents != 1)}"
        + (f"; tagged {result.tagged_existing} existing" if result.tagged_existing else "")
        + (f"; skipped {result.skipped} already tagged" if result.skipped else "")
        + "."
    )
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from .services.statistics import compute_stats

    tags = [t for t in args.tags.split(",") if t.strip()] if args.tags else None
    with _open_project(args.project) as project:
        report = compute_stats(
            project, by=args.by, tags=tags, measure=args.measure,
            date_from=args.date_from, date_to=args.date_to,
        )
    if args.format == "csv":
        write_stats_csv(report, sys.stdout)
    else:
        print_stats(report, args.format)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    import json

    from .bench.run import BenchError, run_bench

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
    from .services.checking import advice, check_project, repair_project

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
    from .services.backups import list_backups

    backups = list_backups(args.project)
    if not backups:
        print(f"No backups of {args.project} yet "
              "(one is taken when a changed project is opened).")
    for backup in backups:
        when = f"{backup.taken_at:%Y-%m-%d %H:%M:%S} UTC"
        print(f"{when}  {backup.size / 1e6:8.1f} MB  {backup.path}")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from .services.backups import list_backups, restore_backup

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


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "open": _cmd_open,
    "import": _cmd_import,
    "export": _cmd_export,
    "documents": _cmd_documents,
    "tags": _cmd_tags,
    "autocode": _cmd_autocode,
    "stats": _cmd_stats,
    "bench": _cmd_bench,
    "check": _cmd_check,
    "backups": _cmd_backups,
    "restore": _cmd_restore,
}


if __name__ == "__main__":
    sys.exit(main())
