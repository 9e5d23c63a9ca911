"""A report as Markdown, for pandoc users (``pandoc report.md -o report.docx``), and
readable by any CommonMark reader.

Every text from the project is escaped, so that a quote is shown as written and never
read as markup: the characters Markdown or pandoc's extensions give a meaning (emphasis,
links, raw HTML, headings, tables, math, citations, sub- and superscripts) get a
backslash, and so does anything at the start of a line that would begin a list, a
heading or a block (``1984.``, ``-``, ``+``, ``=``, ``:``). White space that starts or
ends a line is written as a character reference (``&#32;``, ``&#160;``), so that it is
neither taken for an indented code block nor trimmed. A quote is a block quote, its line
breaks kept as hard breaks (a backslash at the end of the line), its lines of nothing but
spaces and tabs as paragraph breaks. Pandoc's ``smart`` extension, on by default, makes
straight quotes curly and ``--`` a dash; read with ``-f markdown-smart`` to keep them
exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from io import StringIO
from typing import IO

from ..domain.report import (
    Report,
    ReportDocument,
    ReportMemo,
    ReportSection,
    counts_label,
    date_label,
    memo_byline,
    source_label,
    summary_lines,
    tag_label,
)
from ..domain.wording import plural

#: Characters with a meaning anywhere in a line (CommonMark, GitHub and pandoc).
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~^$@&])")
#: What would open a block at the start of a line once escaped inline: a list item
#: (``-``, ``+``, ``1.``, ``1)``), a setext underline (``=``), a definition (``:``),
#: pandoc's title block (``%``).
_BLOCK_START = re.compile(r"([-+=:%]|\d+(?=[.)]))")


def write_report_markdown(out: IO[str], report: Report) -> None:
    """Write ``report`` to ``out`` as Markdown."""
    out.write(report_markdown(report))


def report_markdown(report: Report) -> str:
    """``report`` as the text of one Markdown file."""
    page = StringIO()
    page.write(f"# {_one_line(report.title)}\n\n")
    for line in summary_lines(report):
        page.write(f"{escape_line(line)}\n\n")
    _memos(page, report.memos)
    if report.sections:
        _contents(page, report)
    for section in report.sections:
        if report.kind == "codebook":
            _codebook_entry(page, section)
        else:
            _quotes_section(page, section)
    return page.getvalue()


def escape_line(text: str) -> str:
    """One line of text escaped for Markdown (see the module's docstring)."""
    escaped = _INLINE.sub(r"\\\1", text)
    if not escaped:
        return escaped
    last = f"&#{ord(escaped[-1])};" if escaped[-1].isspace() and len(escaped) > 1 else ""
    if last:
        escaped = escaped[:-1]
    if escaped[0].isspace():
        return f"&#{ord(escaped[0])};{escaped[1:]}{last}"
    match = _BLOCK_START.match(escaped)
    if match and match.group(1)[0].isdigit():
        escaped = f"{escaped[:match.end()]}\\{escaped[match.end():]}"
    elif match:
        escaped = "\\" + escaped
    return escaped + last


def escape_block(text: str, prefix: str = "") -> str:
    """Text of several lines as Markdown lines starting with ``prefix`` (``"> "`` for a
    block quote): a line break is a hard break, an empty line a paragraph break."""
    lines = text.split("\n")
    out: list[str] = []
    for index, line in enumerate(lines):
        if not line.strip(" \t"):
            out.append(prefix.rstrip())
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        hard_break = "\\" if following.strip(" \t") else ""
        out.append(f"{prefix}{escape_line(line)}{hard_break}")
    return "\n".join(out)


def _one_line(text: str) -> str:
    """A title, a tag's path or a table cell on one line (white space runs as one space)."""
    return escape_line(" ".join(text.split()))


def _contents(page: StringIO, report: Report) -> None:
    described = report.kind == "codebook" and any(s.description for s in report.sections)
    page.write("| Tag |" + (" Description |" if described else "") + " Quotes | Documents |\n")
    page.write("|:--|" + (":--|" if described else "") + "--:|--:|\n")
    for section in report.sections:
        description = f" {_one_line(section.description)} |" if described else ""
        page.write(f"| {_one_line(tag_label(section.path))} |{description} "
                   f"{section.quotes:,} | {section.documents:,} |\n")
    page.write("\n")


def _heading(page: StringIO, section: ReportSection) -> None:
    page.write(f"## {_one_line(tag_label(section.path))}\n\n")
    if section.description:
        page.write(f"{escape_block(section.description)}\n\n")
    page.write(f"*{counts_label(section.quotes, section.documents)}*\n\n")
    _memos(page, section.memos)


def _quotes_section(page: StringIO, section: ReportSection) -> None:
    _heading(page, section)
    for group in section.groups:
        page.write(f"### {_one_line(group.title)} ({date_label(group.date)})\n\n")
        _memos(page, group.memos)
        _quotes(page, group)
    if section.omitted:
        more = plural(section.omitted, "more quote", grouped=True)
        page.write(f"*… and {more} in the saved report.*\n\n")


def _quotes(page: StringIO, group: ReportDocument, *, cite: bool = False) -> None:
    for quote in group.quotes:
        page.write(f"{escape_block(quote.quote, '> ')}\n\n")
        source = source_label(group, quote, cite=cite)
        if source:
            page.write(f"— {_one_line(source)}\n\n")
        if quote.memo:
            page.write(f"**Memo:** {escape_block(quote.memo)}\n\n")


def _codebook_entry(page: StringIO, section: ReportSection) -> None:
    _heading(page, section)
    if section.example is not None:
        page.write("*Example:*\n\n")
        _quotes(page, section.example, cite=True)


def _memos(page: StringIO, memos: Iterable[ReportMemo]) -> None:
    for memo in memos:
        by = memo_byline(memo)
        page.write(f"**Memo:** {escape_block(memo.text)}"
                   f"{f' — {escape_line(by)}' if by else ''}\n\n")
