"""A report as a Word document (python-docx), for Word and LibreOffice.

A heading per tag (each tag of a quotes report starts a new page), the document's title
and date as a smaller heading, each quote as an indented paragraph in the "Quote" style
followed by its source line; a quote is kept on one page and with its source line. Line
breaks inside a quote become line breaks in its paragraph, so the paragraph's text is the
quote. A paragraph whose text starts in a right-to-left script is marked right-to-left.
Characters that XML 1.0 cannot hold (which stored texts never contain, but a memo or a
description from elsewhere might) are left out rather than making the file unreadable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import IO, Any

from docx import Document as new_document
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

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

#: Characters XML 1.0 forbids (control characters other than tab, newline and carriage
#: return; lone surrogates; U+FFFE and U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_GREY = RGBColor(0x5F, 0x5F, 0x5F)
_QUOTE_INDENT = Cm(1.0)


def write_report_docx(out: IO[Any], report: Report) -> None:
    """Write ``report`` to ``out`` (a binary stream) as a .docx file."""
    document = new_document()
    document.core_properties.title = _clean(report.title)
    document.core_properties.author = "Annotator"
    document.add_heading(_clean(report.title), level=0)
    for line in summary_lines(report):
        _grey(document.add_paragraph(), line)
    _memos(document, report.memos)
    if report.sections:
        _contents(document, report)
    for section in report.sections:
        if report.kind == "codebook":
            _codebook_entry(document, section)
        else:
            _quotes_section(document, section, new_page=True)
    document.save(out)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _is_right_to_left(text: str) -> bool:
    """Whether the first strongly directional character of ``text`` is right-to-left."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _add_text(paragraph: Paragraph, text: str, **style: Any) -> Paragraph:
    """Add ``text`` as one run (line breaks kept) and mark the paragraph right-to-left
    when its text starts in such a script."""
    run = paragraph.add_run(_clean(text))
    for name, value in style.items():
        if name == "color":
            run.font.color.rgb = value
        else:
            setattr(run.font, name, value)
    if _is_right_to_left(text):
        properties = paragraph._p.get_or_add_pPr()
        if properties.find(qn("w:bidi")) is None:
            properties.append(OxmlElement("w:bidi"))
        run_properties = run._r.get_or_add_rPr()
        run_properties.append(OxmlElement("w:rtl"))
    return paragraph


def _grey(paragraph: Paragraph, text: str, *, italic: bool = False) -> Paragraph:
    return _add_text(paragraph, text, color=_GREY, italic=italic)


def _contents(document: Document, report: Report) -> None:
    described = report.kind == "codebook" and any(s.description for s in report.sections)
    columns = ["Tag", *(["Description"] if described else []), "Quotes", "Documents"]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Light List Accent 1"
    for cell, name in zip(table.rows[0].cells, columns, strict=True):
        cell.text = name
    for section in report.sections:
        cells = table.add_row().cells
        cells[0].text = _clean("    " * (section.level - 1) + section.path[-1])
        if described:
            cells[1].text = _clean(section.description)
        for cell, number in ((cells[-2], section.quotes), (cells[-1], section.documents)):
            cell.text = f"{number:,}"
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _heading(document: Document, section: ReportSection, *, new_page: bool) -> None:
    heading = document.add_heading(level=1)
    _add_text(heading, tag_label(section.path))
    heading.paragraph_format.page_break_before = new_page
    if section.description:
        _add_text(document.add_paragraph(), section.description)
    counts = document.add_paragraph()
    _grey(counts, counts_label(section.quotes, section.documents), italic=True)
    _memos(document, section.memos)


def _quotes_section(document: Document, section: ReportSection, *, new_page: bool) -> None:
    _heading(document, section, new_page=new_page)
    for group in section.groups:
        title = document.add_heading(level=2)
        _add_text(title, f"{group.title} ({date_label(group.date)})")
        _memos(document, group.memos)
        _quotes(document, group)
    if section.omitted:
        more = plural(section.omitted, "more quote", grouped=True)
        _grey(document.add_paragraph(), f"… and {more} in the saved report.", italic=True)


def _quotes(document: Document, group: ReportDocument, *, cite: bool = False) -> None:
    for quote in group.quotes:
        paragraph = _add_text(document.add_paragraph(style="Quote"), quote.quote)
        form = paragraph.paragraph_format
        form.left_indent, form.right_indent = _QUOTE_INDENT, Cm(0)
        form.keep_together = form.keep_with_next = True
        form.space_after = Pt(2)
        label = source_label(group, quote, cite=cite)
        if label:
            source = _grey(document.add_paragraph(), f"— {label}")
            source.paragraph_format.left_indent = _QUOTE_INDENT
            source.paragraph_format.keep_with_next = bool(quote.memo)
        if quote.memo:
            memo = document.add_paragraph()
            memo.paragraph_format.left_indent = _QUOTE_INDENT
            _add_text(memo, "Memo: ", bold=True)
            _add_text(memo, quote.memo)


def _codebook_entry(document: Document, section: ReportSection) -> None:
    _heading(document, section, new_page=False)
    if section.example is not None:
        _grey(document.add_paragraph(), "Example:", italic=True)
        _quotes(document, section.example, cite=True)


def _memos(document: Document, memos: Iterable[ReportMemo]) -> None:
    for memo in memos:
        paragraph = document.add_paragraph()
        _add_text(paragraph, "Memo: ", bold=True)
        _add_text(paragraph, memo.text)
        by = memo_byline(memo)
        if by:
            _grey(paragraph, f" — {by}")
