"""The ``annotator`` command's arguments."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ..domain.dates import checked_date
from ..domain.errors import UserError
from ..domain.filters import parse_where
from ..services.about import version_line
from ..services.project import check_coder_name
from .agreement_command import add_agreement_parser
from .memo_commands import KindsAction
from .report_command import add_report_parser
from .search_command import ContextLength, syntax_epilog
from .status import USAGE_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Qualitative coding of text collections. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=version_line())
    parser.add_argument("--coder", action=_CoderName, metavar="NAME",
                        help="the coder recorded on this command's edits (default: "
                        "$ANNOTATOR_CODER, else the login name)")
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

    p = commands.add_parser("export", help="export the coded dataset (json, csv, REFI-QDA) "
                            "or the memos (memos-csv)")
    p.add_argument("project", type=Path)
    p.add_argument("out", type=Path, help="output file; its extension picks the format")
    p.add_argument("--format", choices=["json", "csv", "qdpx", "qdc", "memos-csv"],
                   help="memos-csv: one row per memo (every kind), not per highlight")
    p.add_argument("--no-text", action="store_true", help="leave document texts out (json)")
    p.add_argument("--bom", action="store_true",
                   help="the CSV for Excel: a BOM, and cells that would start a formula "
                   "(= + - @) prefixed with ' (default: every cell verbatim, for R and pandas)")

    p = commands.add_parser("documents", help="list documents with ids, dates and counts")
    p.add_argument("project", type=Path)
    _add_where(p)
    p.add_argument("--tagged", action="append", default=[], metavar="TAG",
                   help="only documents with a highlight of this tag (name or path); "
                   "repeat for any of several tags")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")

    p = commands.add_parser("delete", help="delete documents with their highlights")
    p.add_argument("project", type=Path)
    p.add_argument("ids", nargs="+", type=int, metavar="ID", help="document ids (see documents)")

    p = commands.add_parser("attributes",
                            help="set document variables from a table (csv, tsv, xlsx)")
    p.add_argument("project", type=Path)
    p.add_argument("table", type=Path, help="one row per document, one column per variable")
    p.add_argument("--key", metavar="COLUMN",
                   help="the column naming the documents by file name or title (default: "
                   "the first column that does)")

    p = commands.add_parser("tags", help="the codebook with counts")
    p.add_argument("project", type=Path)
    p.add_argument("--format", choices=["table", "json"], default="table")

    p = commands.add_parser("memos", help="list memos (project, documents, tags, highlights, "
                            "spans)")
    p.add_argument("project", type=Path)
    p.add_argument("--kind", action=KindsAction, default=(), metavar="KIND",
                   help="project, document, tag, highlight or span; comma-separated or "
                   "repeated for several (default: all)")
    p.add_argument("--tag", metavar="TAG", help="the tag's memo and its highlights' memos")
    p.add_argument("--document", type=int, metavar="ID",
                   help="the document's memo, its span memos and its highlights' memos")
    p.add_argument("--author", help="only memos by this author (coder name)")
    p.add_argument("--search", metavar="WORDS",
                   help="only memos holding every word (case and accents ignored)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")

    p = commands.add_parser("autocode", help="tag every match of a pattern or phrase")
    p.add_argument("project", type=Path)
    p.add_argument("--tag", required=True,
                   help="a tag name (one tag anywhere) or path parent/child; created, at "
                   "that path, only if nothing matches")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--pattern", help="a regular expression (Python syntax)")
    what.add_argument("--phrase", help="a literal phrase")
    p.add_argument("--case-sensitive", action="store_true")
    p.add_argument("--whole-word", action="store_true")
    p.add_argument("--document", type=int, metavar="ID", help="only this document")
    p.add_argument("--context", choices=["match", "sentence", "paragraph", "document"],
                   default="match",
                   help="code each match alone (default), or its whole sentence, paragraph "
                   "(line) or document; one highlight per unit however many matches it has")

    p = commands.add_parser("search", help="documents and hits (keyword in context) of a query",
                            epilog=syntax_epilog(),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project", type=Path)
    p.add_argument("query", help='words, "phrases", OR, -word, prefix*, NEAR(a b, N), ( )')
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--context", action=ContextLength, default=40, metavar="N",
                   help="characters of context on each side of a hit (default 40)")
    _add_where(p)

    p = commands.add_parser("stats", help="counts per tag and per period")
    p.add_argument("project", type=Path)
    p.add_argument("--by", choices=["day", "week", "month", "quarter", "year"], default="month")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--tags", help="comma-separated tag names or paths (default: all)")
    p.add_argument("--measure", choices=["highlights", "documents", "share", "rate"],
                   default="highlights",
                   help="share: of the period's documents, with a 95%% Wilson interval; rate: "
                   "highlights per 10,000 words of the period's documents")
    p.add_argument("--combine", choices=["and", "or"],
                   help="one series of the documents carrying all (and) or any (or) of --tags")
    p.add_argument("--from", dest="date_from", action=_DayBound, metavar="DATE",
                   help="YYYY[-MM[-DD]], inclusive")
    p.add_argument("--to", dest="date_to", action=_DayBound, metavar="DATE",
                   help="YYYY[-MM[-DD]], inclusive")
    _add_where(p)
    p.add_argument("--split", metavar="NAME",
                   help="count per value of this document variable (a group column); "
                   "'coder': per coder, each counting only their own highlights (this wins "
                   "over a variable called 'coder')")
    p.add_argument("--coder", dest="coders", action="append", default=[], metavar="NAME",
                   help="count only this coder's highlights, in the documents they coded; "
                   "comma-separated or repeated for several")

    add_report_parser(commands, _add_where)
    add_agreement_parser(commands)

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


def _add_where(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--where", action=_WhereCondition, default=[], metavar="NAME=VALUE",
        help="only documents whose variable NAME has this value (NAME= : no value); the "
        "same NAME again adds a value it may have, another NAME must hold too")


class _WhereCondition(argparse.Action):
    """Collects ``--where NAME=VALUE``; a malformed condition is a usage error in one line
    (exit status 2), without argparse's usage text."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        condition = str(values)
        try:
            parse_where([condition])
        except ValueError as error:
            parser.exit(USAGE_ERROR, f"{parser.prog}: error: argument {option_string}: "
                        f"{error}\n")
        setattr(namespace, self.dest, [*getattr(namespace, self.dest, []), condition])


class _CoderName(argparse.Action):
    """``--coder NAME``: a bad name is a usage error in one line (exit status 2)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        problem = check_coder_name(str(values))
        if problem is not None:
            parser.exit(USAGE_ERROR, f"{parser.prog}: error: argument {option_string}: "
                        f"{problem}\n")
        setattr(namespace, self.dest, str(values).strip())


_DAY_BOUND = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class _DayBound(argparse.Action):
    """``--from``/``--to``: a ``YYYY[-MM[-DD]]`` bound that is a real date; "2020-13" is a
    usage error in one line (exit status 2), not an empty range."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        value = str(values)
        try:
            if not _DAY_BOUND.fullmatch(value):
                raise UserError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
            checked = checked_date(value)
        except UserError as error:
            parser.exit(USAGE_ERROR, f"{parser.prog}: error: argument {option_string}: "
                        f"{error}\n")
        setattr(namespace, self.dest, checked)


def _megabytes(value: str) -> int:
    try:
        megabytes = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of megabytes") from None
    if not 0 < megabytes <= 100_000:
        raise argparse.ArgumentTypeError(f"{value!r} is out of range")
    return int(megabytes * 1_000_000)
