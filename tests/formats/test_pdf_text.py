"""PDF text as the words were written: PDFs made here with Qt's QPdfWriter (where pypdf
reads "PDF\\theading\\nThe\\tquick") from the shared corpora and from generated text;
the source text is the independent truth."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

from annotator.formats.pdf_reader import read_pdf_file, tidy_lines
from helpers import SHARED

CORPORA = SHARED / "corpora"
WORD = re.compile(r"\w+")


def write_pdf(path: Path, *, text: str = "", html: str = "") -> Path:
    """``text`` (or ``html``) printed to a PDF by Qt, as an application would."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 10))
    # A page size of its own: print_() then adds no page numbers (they are not the text).
    document.setPageSize(QSizeF(writer.pageLayout().paintRectPoints().size()))
    if html:
        document.setHtml(html)
    else:
        document.setPlainText(text)
    document.print_(writer)
    del writer  # the file is finished when the writer goes
    return path


def test_a_qt_pdf_reads_with_spaces_not_tabs(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_pdf(tmp_path / "qt.pdf", html="<h1>PDF heading</h1>"
                     "<p>The quick brown fox jumps over the lazy dog.</p>")
    assert read_pdf_file(path).text == (
        "PDF heading\nThe quick brown fox jumps over the lazy dog.")


SAMPLES = [
    *sorted((CORPORA / "news-kremlin-en").glob("*.txt"))[:6],
    *sorted((CORPORA / "inaugural-addresses").glob("*.txt"))[:2],
    *sorted((CORPORA / "news-meduza-golunov-ru").glob("*.txt"))[:2],
    # right to left, and polytonic Greek (scripts without a font here print no text)
    *(CORPORA / "multilingual-unicode" / "udhr" / f"udhr_{language}.txt"
      for language in ("heb", "ell_polytonic")),
]


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_texts_come_back_word_for_word(qapp, tmp_path: Path, source: Path) -> None:  # type: ignore[no-untyped-def]
    original = source.read_text(encoding="utf-8")
    text = read_pdf_file(write_pdf(tmp_path / "doc.pdf", text=original)).text
    # A soft hyphen (U+00AD, in the Meduza texts) is not printed inside a line.
    assert WORD.findall(text) == WORD.findall(original.replace("\u00ad", ""))
    assert "\t" not in text and "  " not in text
    assert all(line == line.strip(" ") for line in text.split("\n"))


def test_a_hyphen_at_the_end_of_a_line_stays_a_hyphen(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = "word " * 17 + "a long-term plan, pre-election and self-sufficient " * 40
    text = read_pdf_file(write_pdf(tmp_path / "hyphens.pdf", text=original)).text
    assert re.findall(r"[\w-]+", text) == re.findall(r"[\w-]+", original)


def test_a_long_generated_text_over_many_pages(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paragraphs = [f"Paragraph {n}: water levels at station {n * 7} fell by {n % 13} cm, "
                  f"said officials in report no. {1000 + n}." for n in range(400)]
    original = "\n\n".join(paragraphs)
    text = read_pdf_file(write_pdf(tmp_path / "long.pdf", text=original)).text
    assert text.count("\n\n") >= 5  # several pages, each separated by a blank line
    assert WORD.findall(text) == WORD.findall(original)
    assert text.count("Paragraph ") == len(paragraphs)


line_text = st.text(st.sampled_from(["a", "b", "é", "😀", " ", "\t", "\u00a0"]), max_size=30)


@given(st.lists(line_text, max_size=6))
def test_tidy_lines_keeps_words_and_lines_and_leaves_single_spaces(lines: list[str]) -> None:
    raw = "\r\n".join(lines)
    tidy = tidy_lines(raw)
    assert tidy.count("\n") == len(lines) - 1 if lines else tidy == ""
    assert re.findall(r"[^ \t\n]+", tidy) == re.findall(r"[^ \t\r\n]+", raw)
    assert "\t" not in tidy and "  " not in tidy and "\r" not in tidy
