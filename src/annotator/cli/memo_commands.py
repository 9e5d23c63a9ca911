"""``annotator memos``: list the project's memos, filtered, as a table, CSV or JSON.

CSV and JSON carry one record per memo with the columns of ``formats.memo_table``
(``memo_id``, ``kind``, ``document_id``, ``document_title``, ``tag_id``, ``tag_path``,
``highlight_id``, ``start``, ``end``, ``quote``, ``text``, ``author``, ``created_at``,
``modified_at``, ``guid``); the table shows one line per memo.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from ..domain.errors import UserError
from ..domain.memos import MEMO_KINDS, MemoFilter, memo_summary
from ..formats.memo_table import MemoRecord, write_memo_csv
from ..services.memo_export import memo_records
from .opening import open_project
from .status import USAGE_ERROR

#: Characters of the place and of the memo shown per line of the table.
_PLACE_WIDTH, _TEXT_WIDTH = 34, 60


class KindsAction(argparse.Action):
    """Collects ``--kind document,span`` (repeatable) into a tuple of kinds; an unknown
    kind is a usage error in one line (exit status 2), without argparse's usage text."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        text = str(values)
        kinds = tuple(k.strip() for k in text.split(",") if k.strip())
        if not kinds or any(k not in MEMO_KINDS for k in kinds):
            parser.exit(USAGE_ERROR, f"{parser.prog}: error: argument {option_string}: "
                        f"{text!r}: a kind is one of {', '.join(MEMO_KINDS)}\n")
        setattr(namespace, self.dest, (*getattr(namespace, self.dest, ()), *kinds))


def cmd_memos(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        tag_id = project.tags.resolve(args.tag) if args.tag else None
        if args.document is not None and not project.documents.summaries([args.document]):
            raise UserError(f"no document with id {args.document}")
        where = MemoFilter(kinds=tuple(args.kind), tag_id=tag_id, document_id=args.document,
                           author=args.author, search=args.search or "")
        records = memo_records(project, project.memos.select(where))
    if args.format == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        write_memo_csv(sys.stdout, records)
    elif not records:
        print("No memos match." if _filtered(where) else "No memos yet.")
    else:
        print_memo_table(records, sys.stdout)
    return 0


def _filtered(where: MemoFilter) -> bool:
    return where != MemoFilter()


def place_label(record: MemoRecord) -> str:
    """Where a memo is, in words: the project, a document's title, a tag's path, or the
    quote of a highlight or span with its document's title."""
    kind = record["kind"]
    if kind == "project":
        return "(project)"
    if kind == "tag":
        return str(record["tag_path"])
    if kind == "document":
        return str(record["document_title"])
    return f"“{memo_summary(record['quote'] or '', 24)}” in {record['document_title']}"


def print_memo_table(records: list[MemoRecord], out: TextIO) -> None:
    """One line per memo: id, kind, place, author, last change, start of the text."""
    author_width = max(6, *(len(r["author"]) for r in records))
    print(f"{'id':>5}  {'kind':<9}  {'place':<{_PLACE_WIDTH}}  {'author':<{author_width}}  "
          f"{'modified':<16}  memo", file=out)
    for r in records:
        place = memo_summary(place_label(r), _PLACE_WIDTH)
        when = r["modified_at"][:16].replace("T", " ")
        print(f"{r['memo_id']:>5}  {r['kind']:<9}  {place:<{_PLACE_WIDTH}}  "
              f"{r['author']:<{author_width}}  {when:<16}  "
              f"{memo_summary(r['text'], _TEXT_WIDTH) or '(empty)'}", file=out)
