"""``annotator search PROJECT QUERY``: the documents a query matches and every hit as
keyword in context.

``--format json`` prints exactly ``{"documents": N, "hits": [{"document", "title",
"date", "start", "end", "hit", "left", "right"}, ...]}`` (one hit per line, streamed):
offsets in code points into the stored text, ``text[start:end] == hit``, ``left`` and
``right`` the ``--context`` code points before and after it, verbatim. The table shows
each document (id, date, title) with its hits under it, contexts on one line (white
space, line breaks included, shown as spaces).

A malformed query is a usage error: exit status 2 and one line saying where and what was
expected. A query that begins with ``-`` follows ``--``, as for any command
(``annotator search P -- "-terrorism security"``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from ..domain.search_query import PRECEDENCE_NOTE, SYNTAX_EXAMPLES, QuerySyntaxError, parse_query
from ..domain.wording import plural
from .document_commands import document_filter
from .opening import open_project
from .status import USAGE_ERROR

if TYPE_CHECKING:
    from ..services.search import HitInContext

#: Longest context a user may ask for, in code points on each side.
MAX_CONTEXT = 10_000
_BREAKS = re.compile(r"\s")


def syntax_epilog() -> str:
    """The query syntax, for ``annotator search --help``."""
    width = max(len(example) for example, _ in SYNTAX_EXAMPLES)
    lines = [f"  {example:<{width}}  {meaning}" for example, meaning in SYNTAX_EXAMPLES]
    return "query syntax:\n" + "\n".join(lines) + f"\n  ({PRECEDENCE_NOTE})"


class ContextLength(argparse.Action):
    """``--context N``: a whole number of code points, 0 to :data:`MAX_CONTEXT`; anything
    else is a usage error in one line (exit status 2), without argparse's usage text."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        value = str(values)
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_CONTEXT:
            parser.exit(USAGE_ERROR, f"{parser.prog}: error: argument {option_string}: "
                        f"{value!r} is not a number of characters from 0 to {MAX_CONTEXT:,}\n")
        setattr(namespace, self.dest, int(value))


def cmd_search(args: argparse.Namespace) -> int:
    from ..services.search import hits_in_context, search_documents

    try:
        query = parse_query(args.query)
    except QuerySyntaxError as error:
        print(f"annotator search: error: argument QUERY: {error}", file=sys.stderr)
        return USAGE_ERROR
    with open_project(args.project) as project:
        where = document_filter(project, args.where) if args.where else None
        ids = search_documents(project, query, where)
        found = hits_in_context(project, query, context=args.context, document_ids=ids)
        if args.format == "json":
            _write_json(len(ids), found, sys.stdout)
        else:
            _write_table(len(ids), found, args.context, sys.stdout)
    return 0


def _write_json(documents: int, found: Iterable[HitInContext], out: TextIO) -> None:
    out.write(f'{{"documents": {documents}, "hits": [')
    separator = "\n"
    for item in found:
        hit = item.hit
        record = {"document": hit.document_id, "title": item.title, "date": item.date,
                  "start": hit.start, "end": hit.end, "hit": hit.text,
                  "left": item.left, "right": item.right}
        out.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
    out.write("\n]}\n" if separator != "\n" else "]}\n")


def _write_table(documents: int, found: Iterable[HitInContext], context: int,
                 out: TextIO) -> None:
    if not documents:
        print("No documents match.", file=out)
        return
    current, count = None, 0
    for item in found:
        hit = item.hit
        if hit.document_id != current:
            current = hit.document_id
            print(f"\n{hit.document_id:>6}  {(item.date or 'undated')[:10]:<10}  "
                  f"{_one_line(item.title)}", file=out)
        left, right = _one_line(item.left), _one_line(item.right)
        print(f"        {left:>{context}}  {_one_line(hit.text)}  {right}".rstrip(), file=out)
        count += 1
    print(f"\n{plural(documents, 'document')}, {plural(count, 'hit')}.", file=out)


def _one_line(text: str) -> str:
    return _BREAKS.sub(" ", text)
