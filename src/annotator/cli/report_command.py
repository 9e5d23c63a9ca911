"""``annotator report``: the quotes of some tags, or the codebook, as HTML, docx or
Markdown (see :mod:`annotator.services.reporting`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .document_commands import document_filter
from .opening import open_project

if TYPE_CHECKING:
    from ..services import Project


def add_report_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                      add_where: Callable[[argparse.ArgumentParser], None]) -> None:
    """The ``report`` command's arguments; ``add_where`` adds ``--where``."""
    p = commands.add_parser("report", help="the quotes of each tag (or the codebook) "
                            "as .html, .docx or .md, for a paper")
    p.add_argument("project", type=Path)
    p.add_argument("out", type=Path, help="output file: .html, .docx or .md")
    p.add_argument("--tags", action="append", default=[], metavar="A,B",
                   help="only these tags (names or paths, comma-separated; repeatable), "
                   "each with the tags below it (default: every tag)")
    p.add_argument("--with-memos", action="store_true",
                   help="show each quote's memo under it")
    p.add_argument("--codebook", action="store_true",
                   help="the codebook instead: each tag, its description, counts and "
                   "one example quote")
    add_where(p)


def cmd_report(args: argparse.Namespace) -> int:
    from ..services.reporting import ReportOptions, report_format, write_report

    report_format(args.out)  # a name that says no format is refused before opening
    with open_project(args.project) as project:
        options = ReportOptions(
            kind="codebook" if args.codebook else "quotes",
            tag_ids=_chosen_tags(project, args.tags),
            with_memos=args.with_memos,
            documents=document_filter(project, args.where) if args.where else None,
        )
        summary = write_report(project, args.out, options)
    print(f"Wrote {'the codebook' if args.codebook else 'a report'} of {summary} "
          f"to {args.out}")
    return 0


def _chosen_tags(project: Project, tags: Sequence[str]) -> tuple[int, ...] | None:
    """The tags of ``--tags`` with every tag below them, or ``None`` (every tag)."""
    from ..services.reporting import with_subtags

    names = [name.strip() for given in tags for name in given.split(",") if name.strip()]
    if not names:
        return None
    return with_subtags(project, [project.tags.resolve(name) for name in names])
