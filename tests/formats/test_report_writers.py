"""The report writers with hostile and international text: every quote, title, tag name,
description and memo comes back exactly when the file is read by an independent reader
(``html.parser``, python-docx, markdown-it), nothing in them becomes markup, and the HTML
loads nothing and runs nothing."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from annotator.domain.report import (
    Report,
    ReportDocument,
    ReportMemo,
    ReportQuote,
    ReportSection,
)
from annotator.formats.report_docx import write_report_docx
from annotator.formats.report_html import report_html
from annotator.formats.report_markdown import escape_line, report_markdown
from report_files import ReportHtml, docx_paragraphs, markdown_blockquotes

HOSTILE = [
    "<script>alert(1)</script>",
    "</blockquote><p class=\"memo\">forged</p>",
    "Tom & Jerry &amp; &lt;b&gt; \"double\" 'single'",
    "<img src=http://example.com/x.png onerror=alert(1)>",
    "* not a list\n# not a heading\n> not a quote\n1984. not a number\n- no\n+ no\n= no",
    "[link](http://example.com) ![img](x.png) <http://example.com> `code` **bold** _it_",
    "    four spaces: not code\n\tand a tab",
    "| a | b |\n|---|---|",
    "$x^2$ ~sub~ ^sup^ @citation {.class} \\backslash\\",
    "---",
    "العربية: الأمن المائي في آسيا الوسطى",
    "עברית: ביטחון ומים",
    "Emoji 👩‍👩‍👧 and flags 🇰🇿, combining é and CJK 水安全",
    "line one\nline two\n\nsecond paragraph",
]
RIGHT_TO_LEFT = {HOSTILE[10], HOSTILE[11]}


def report(quotes: list[str], *, kind: str = "quotes", memo: str = "",
           title: str = "A <title> & more", tag: str = "<b>tag</b>",
           description: str = "<i>description</i> & *stars*",
           color: str = "#d62728") -> Report:
    """One tag with ``quotes`` in one document (each with ``memo``)."""
    group = ReportDocument(7, title, "2018-02-12T15:32",
                           tuple(ReportQuote(i + 1, 0, len(q), q, "coder <x>", memo)
                                 for i, q in enumerate(quotes)),
                           memos=(ReportMemo("document <memo>", "ann", "2026-01-02T03:04:05Z"),))
    section = ReportSection(3, ("parent & co", tag), color, description, len(quotes), 1,
                            groups=(group,) if kind == "quotes" else (),
                            example=group if kind == "codebook" else None,
                            memos=(ReportMemo("tag <memo>"),))
    return Report(kind, "Project <name>", "2026-01-02T03:04:05Z", (section,),  # type: ignore[arg-type]
                  conditions=("outlet = <RT>",), with_memos=bool(memo),
                  memos=(ReportMemo("project & memo"),))


# -- HTML ------------------------------------------------------------------------------------
ALLOWED_ELEMENTS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2",
                    "h3", "div", "p", "span", "table", "thead", "tbody", "tr", "th", "td",
                    "a", "section", "article", "blockquote"}


def test_html_escapes_every_text_and_loads_nothing() -> None:
    page_text = report_html(report(HOSTILE, memo=HOSTILE[0]))
    page = ReportHtml(page_text)
    (section,) = page.sections
    assert [quote for _, quote in section.quotes] == HOSTILE
    assert section.memos == ["Memo: tag <memo>", "Memo: document <memo> — ann, 2026-01-02"] + \
        ["Memo: " + HOSTILE[0]] * len(HOSTILE)
    assert section.heading == "■ parent & co › <b>tag</b>"
    assert section.documents == ["A <title> & more (2018-02-12)"]
    assert {tag for tag, _ in page.tags} <= ALLOWED_ELEMENTS
    for tag, attributes in page.tags:
        assert "src" not in attributes and not any(a.startswith("on") for a in attributes)
        if "href" in attributes:
            assert tag == "a" and re.fullmatch(r"#tag-\d+", attributes["href"] or "")
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    assert "url(" not in page.style and "@import" not in page.style


def test_html_quotes_take_their_direction_from_their_text() -> None:
    page = ReportHtml(report_html(report(HOSTILE)))
    quotes = [attributes for tag, attributes in page.tags if tag == "blockquote"]
    assert len(quotes) == len(HOSTILE) and all(a.get("dir") == "auto" for a in quotes)
    assert "unicode-bidi: plaintext" in page.style


def test_html_prints_a_tag_per_page_and_never_cuts_a_quote() -> None:
    style = ReportHtml(report_html(report(HOSTILE))).style
    assert re.search(r"h2\.new-page\s*\{[^}]*break-before:\s*page", style)
    headings = [a for tag, a in ReportHtml(report_html(report(HOSTILE))).tags if tag == "h2"]
    assert headings and all(a.get("class") == "new-page" for a in headings)
    assert re.search(r"\.quote[^{]*\{[^}]*break-inside:\s*avoid", style)
    assert re.search(r"h3[^{]*\{[^}]*break-after:\s*avoid", style)


def test_a_colour_that_is_not_one_is_not_written() -> None:
    page = ReportHtml(report_html(report(["q"], color="red; background: url(http://x)")))
    styles = [a["style"] for _, a in page.tags if "style" in a]
    assert styles == ["color: #888888"]


QUOTE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"))
                     | st.sampled_from("\n\t<>&\"'*_`#[]()!|\\-+=.:~^$@{} "), min_size=1)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(QUOTE_TEXT, min_size=1, max_size=4), QUOTE_TEXT)
def test_html_gives_back_any_quote_and_memo(quotes: list[str], memo: str) -> None:
    page = ReportHtml(report_html(report(quotes, memo=memo)))
    (section,) = page.sections
    assert [quote for _, quote in section.quotes] == quotes
    assert section.memos[2:] == ["Memo: " + memo] * len(quotes)


# -- docx --------------------------------------------------------------------------------------
#: What XML 1.0 can hold (its ``Char`` production), written out here.
XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def paragraphs(value: Report, tmp_path: Path) -> list[tuple[str, str]]:
    out = tmp_path / "report.docx"
    with out.open("wb") as handle:
        write_report_docx(handle, value)
    return docx_paragraphs(out)


def test_docx_holds_every_quote_as_an_indented_quote_with_its_source(tmp_path: Path) -> None:
    value = report(HOSTILE, memo="a memo")
    out = tmp_path / "report.docx"
    with out.open("wb") as handle:
        write_report_docx(handle, value)
    document = docx.Document(str(out))
    found = [p for p in document.paragraphs if p.style is not None and p.style.name == "Quote"]
    assert [p.text for p in found] == HOSTILE
    assert all(p.paragraph_format.left_indent and p.paragraph_format.left_indent > 0
               for p in found)
    texts = [p.text for p in document.paragraphs]
    assert texts.count("— coded by coder <x>") == len(HOSTILE)
    assert texts.count("Memo: a memo") == len(HOSTILE)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["parent & co › <b>tag</b>", "A <title> & more (2018-02-12)"]
    bidi = [p.text for p in found if p._p.pPr is not None
            and p._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None]
    assert set(bidi) == RIGHT_TO_LEFT
    assert document.core_properties.title == "Quotes — Project <name>"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(quotes=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1),
                       min_size=1, max_size=3))
def test_docx_gives_back_any_quote_less_what_xml_cannot_hold(quotes: list[str],
                                                            tmp_path: Path) -> None:
    found = [text for style, text in paragraphs(report(quotes), tmp_path) if style == "Quote"]
    # python-docx reads a carriage return back as a line break
    assert found == [XML_CHAR.sub("", q).replace("\r", "\n") for q in quotes]


def test_codebook_docx_cites_the_example(tmp_path: Path) -> None:
    texts = [t for _, t in paragraphs(report(["the example"], kind="codebook"), tmp_path)]
    assert "the example" in texts
    assert "— A <title> & more, 2018-02-12; coded by coder <x>" in texts


# -- Markdown --------------------------------------------------------------------------------
def test_markdown_keeps_hostile_quotes_as_text() -> None:
    text = report_markdown(report(HOSTILE, memo="*memo*"))
    assert markdown_blockquotes(text) == HOSTILE
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    rendered = [MarkdownIt("commonmark").renderInline(h) for h in headings]
    assert rendered[:2] == ["Quotes — Project &lt;name&gt;", "parent &amp; co › &lt;b&gt;tag&lt;/b&gt;"]
    assert rendered[2] == "A &lt;title&gt; &amp; more (2018-02-12)"
    memos = [MarkdownIt("commonmark").renderInline(t.content) for t in tokens
             if t.type == "inline" and t.content.startswith("**Memo:**")]
    assert memos.count("<strong>Memo:</strong> *memo*") == len(HOSTILE)


LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc"))
               | st.sampled_from("<>&\"'*_`#[]()!|\\-+=.:~^$@{}% 0123456789\t\xa0\u3000"),
               min_size=1)


@settings(max_examples=200)
@given(st.lists(LINE.filter(lambda line: bool(line.strip(" \t"))), min_size=1, max_size=4),
       st.sampled_from(["\n", "\n\n"]))
def test_markdown_gives_back_any_quote(lines: list[str], joiner: str) -> None:
    quote = joiner.join(lines)
    assert markdown_blockquotes(report_markdown(report([quote]))) == [quote]


def test_a_line_indented_enough_for_code_stays_text() -> None:
    assert escape_line("    x = 1") == "&#32;   x = 1"
    assert markdown_blockquotes(f"> {escape_line('    x = 1')}\n") == ["    x = 1"]
    assert markdown_blockquotes(f"> {escape_line('  - item')}\n") == ["  - item"]
