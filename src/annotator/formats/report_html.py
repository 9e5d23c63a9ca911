"""A report as one self-contained HTML page: inline CSS, no script, nothing loaded from
anywhere (a Content-Security-Policy forbids it too), every text escaped.

The page prints well: each tag of a quotes report starts a new page, a quote is never
cut across two pages, and headings stay with what follows them (rules that a screen
ignores, so they are not limited to ``@media print``, which Qt's printing does not read).
Quotes keep their line breaks (``white-space: pre-wrap``: the text between the tags is
the quote, character for character) and take their direction from their own text
(``dir="auto"``), so Arabic or Hebrew quotes read right to left inside an English report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
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

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_FALLBACK_COLOR = "#888888"

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; line-height: 1.45; color: #1d1d1d;
       max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { font-size: 1.35em; margin: 1.6em 0 .3em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
.meta, .counts, .date, .source, .omitted, .by { color: #5f5f5f; }
.meta p { margin: .15em 0; }
.counts { margin: 0 0 .6em; font-style: italic; }
.description { margin: .2em 0 .5em; white-space: pre-wrap; }
.swatch { font-size: .9em; }
table.contents { border-collapse: collapse; margin: 1em 0 2em; }
table.contents th, table.contents td { padding: .15em .8em .15em 0; text-align: left;
                                      vertical-align: top; }
table.contents td.number, table.contents th.number { text-align: right; }
table.contents a { color: inherit; }
blockquote { margin: .4em 0 0 1.6em; padding: 0 0 0 .8em; border-left: 3px solid #c8c8c8;
             white-space: pre-wrap; unicode-bidi: plaintext; }
.quote { margin: 0 0 .9em; }
.source { margin: .15em 0 0 2.4em; font-size: .9em; }
.memo { margin: .2em 0 0 2.4em; font-size: .95em; white-space: pre-wrap;
        unicode-bidi: plaintext; }
.memo .label { font-weight: bold; }
.memos { margin: .3em 0 .8em; }
.memos .memo { margin-left: 0; }
.omitted { font-style: italic; }
h2.new-page { break-before: page; page-break-before: always; }
section.codebook-entry, .quote, tr { break-inside: avoid; page-break-inside: avoid; }
h1, h2, h3, .counts, .description { break-after: avoid; page-break-after: avoid; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def write_report_html(out: IO[str], report: Report) -> None:
    """Write ``report`` to ``out`` as one HTML page (UTF-8 when ``out`` is a file)."""
    out.write(report_html(report))


def report_html(report: Report) -> str:
    """``report`` as the text of one HTML page."""
    page = StringIO()
    page.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    page.write(f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n')
    page.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    page.write(f"<title>{_text(report.title)}</title>\n<style>{STYLE}</style>\n</head>\n")
    page.write("<body>\n")
    _header(page, report)
    for section in report.sections:
        if report.kind == "codebook":
            _codebook_entry(page, section)
        else:
            _quotes_section(page, section)
    page.write("</body>\n</html>\n")
    return page.getvalue()


def _text(value: str) -> str:
    return escape(value, quote=True)


def _header(page: StringIO, report: Report) -> None:
    page.write(f'<header>\n<h1 dir="auto">{_text(report.title)}</h1>\n<div class="meta">\n')
    for line in summary_lines(report):
        page.write(f'<p dir="auto">{_text(line)}</p>\n')
    page.write("</div>\n")
    _memos(page, report.memos)
    if report.sections:
        _contents(page, report)
    page.write("</header>\n")


def _contents(page: StringIO, report: Report) -> None:
    described = report.kind == "codebook" and any(s.description for s in report.sections)
    page.write('<table class="contents">\n<thead><tr><th>Tag</th>')
    if described:
        page.write("<th>Description</th>")
    page.write('<th class="number">Quotes</th><th class="number">Documents</th></tr></thead>\n'
               "<tbody>\n")
    for section in report.sections:
        indent = "&#160;" * 4 * (section.level - 1)
        page.write(f'<tr><td dir="auto">{indent}<a href="#tag-{section.tag_id}">'
                   f"{_text(section.path[-1])}</a></td>")
        if described:
            page.write(f'<td dir="auto">{_text(section.description)}</td>')
        page.write(f'<td class="number">{section.quotes:,}</td>'
                   f'<td class="number">{section.documents:,}</td></tr>\n')
    page.write("</tbody>\n</table>\n")


def _heading(page: StringIO, section: ReportSection, *, new_page: bool = False) -> None:
    color = section.color if _COLOR.fullmatch(section.color) else _FALLBACK_COLOR
    breaks = ' class="new-page"' if new_page else ""
    page.write(f'<h2{breaks} dir="auto"><span class="swatch" style="color: {color}">'
               f"&#9632;</span> {_text(tag_label(section.path))}</h2>\n")
    if section.description:
        page.write(f'<p class="description" dir="auto">{_text(section.description)}</p>\n')
    page.write(f'<p class="counts">{_text(counts_label(section.quotes, section.documents))}'
               "</p>\n")
    _memos(page, section.memos)


def _quotes_section(page: StringIO, section: ReportSection) -> None:
    page.write(f'<section class="tag" id="tag-{section.tag_id}">\n')
    _heading(page, section, new_page=True)
    for group in section.groups:
        page.write('<article class="document">\n')
        page.write(f'<h3 dir="auto">{_text(group.title)} '
                   f'<span class="date">({_text(date_label(group.date))})</span></h3>\n')
        _memos(page, group.memos)
        _quotes(page, group)
        page.write("</article>\n")
    if section.omitted:
        more = plural(section.omitted, "more quote", grouped=True)
        page.write(f'<p class="omitted">… and {more} in the saved report.</p>\n')
    page.write("</section>\n")


def _quotes(page: StringIO, group: ReportDocument, *, cite: bool = False) -> None:
    for quote in group.quotes:
        page.write(f'<div class="quote" id="highlight-{quote.highlight_id}">'
                   f'<blockquote dir="auto">{_text(quote.quote)}</blockquote>\n')
        source = source_label(group, quote, cite=cite)
        if source:
            page.write(f'<p class="source" dir="auto">— {_text(source)}</p>\n')
        if quote.memo:
            page.write(f'<p class="memo" dir="auto"><span class="label">Memo:</span> '
                       f"{_text(quote.memo)}</p>\n")
        page.write("</div>\n")


def _codebook_entry(page: StringIO, section: ReportSection) -> None:
    page.write(f'<section class="codebook-entry" id="tag-{section.tag_id}">\n')
    _heading(page, section)
    if section.example is not None:
        page.write('<p class="by">Example:</p>\n')
        _quotes(page, section.example, cite=True)
    page.write("</section>\n")


def _memos(page: StringIO, memos: Iterable[ReportMemo]) -> None:
    memos = list(memos)
    if not memos:
        return
    page.write('<div class="memos">\n')
    for memo in memos:
        by = memo_byline(memo)
        byline = f' <span class="by">— {_text(by)}</span>' if by else ""
        page.write(f'<p class="memo" dir="auto"><span class="label">Memo:</span> '
                   f"{_text(memo.text)}{byline}</p>\n")
    page.write("</div>\n")
