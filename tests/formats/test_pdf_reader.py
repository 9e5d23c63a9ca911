"""read_pdf_file: hand-written PDFs read back in page order; scans and locks refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from annotator.domain.errors import InputFileError
from annotator.formats.pdf_reader import NO_TEXT_LAYER, PASSWORD, read_pdf_file
from annotator.formats.readers import read_document
from make_documents import make_pdf


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(InputFileError) as caught:
        read_pdf_file(path)
    return caught.value.reason


def test_pages_in_order_separated_by_a_blank_line(tmp_path: Path) -> None:
    pages = [["Annual report (draft)", "first page"], ["second page"], ["third page"]]
    path = write(tmp_path, "report.pdf", make_pdf(pages))
    document = read_document(path)
    assert document.text == (
        "Annual report (draft)\nfirst page\n\nsecond page\n\nthird page"
    )
    assert document.title == "report"
    assert document.source == "report.pdf"


def test_text_agrees_with_pypdf_page_by_page(tmp_path: Path) -> None:
    path = write(tmp_path, "p.pdf", make_pdf([["Grüße from page one"], ["and two"]]))
    independent = [page.extract_text() for page in PdfReader(str(path)).pages]
    assert read_pdf_file(path).text.split("\n\n") == [t.strip("\n") for t in independent]


def test_creation_date_is_used_last(tmp_path: Path) -> None:
    info = {"CreationDate": "D:20150607080910Z"}
    plain = write(tmp_path, "plain.pdf", make_pdf([["Some text"]], info))
    assert read_pdf_file(plain).date == "2015-06-07T08:09:10"
    named = write(tmp_path, "2001-02-03.pdf", make_pdf([["Some text"]], info))
    assert read_pdf_file(named).date == "2001-02-03"
    broken_date = write(tmp_path, "b.pdf", make_pdf([["Some text"]], {"CreationDate": "D:x"}))
    assert read_pdf_file(broken_date).date is None


def test_a_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    assert refusal(write(tmp_path, "scan.pdf", make_pdf([[], []]))) == NO_TEXT_LAYER


def test_password_protection(tmp_path: Path) -> None:
    source = write(tmp_path, "a.pdf", make_pdf([["Secret text"]]))
    locked = PdfWriter(clone_from=PdfReader(str(source)))
    locked.encrypt("secret", algorithm="RC4-128")
    locked.write(str(tmp_path / "locked.pdf"))
    assert refusal(tmp_path / "locked.pdf") == PASSWORD
    # Only an owner password (restrictions, no password to open): readable.
    restricted = PdfWriter(clone_from=PdfReader(str(source)))
    restricted.encrypt("", owner_password="owner", algorithm="RC4-128")
    restricted.write(str(tmp_path / "restricted.pdf"))
    assert read_pdf_file(tmp_path / "restricted.pdf").text == "Secret text"


def test_truncated_and_non_pdf_files(tmp_path: Path) -> None:
    data = make_pdf([["Some text on a page"]])
    assert refusal(write(tmp_path, "cut.pdf", data[:60])).startswith("a damaged PDF file (")
    assert refusal(write(tmp_path, "zip.pdf", b"PK\x03\x04rest")) == "a ZIP archive, not a PDF file"
    assert refusal(write(tmp_path, "txt.pdf", b"hello")) == "not a PDF file (no %PDF header)"
    assert refusal(write(tmp_path, "empty.pdf", b"")) == "the file is empty"


def with_title(source: Path, target: Path, title: str) -> Path:
    """A copy of the PDF ``source`` whose document information has ``/Title``, by pypdf."""
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.add_metadata({"/Title": title})
    writer.write(str(target))
    return target


def test_the_document_information_title_is_the_title(tmp_path: Path) -> None:
    source = write(tmp_path, "plain.pdf", make_pdf([["Fellow citizens,", "text"]]))
    path = with_title(source, tmp_path / "1790-01-08 address.pdf", "Годовой отчёт 2019 🌊")
    assert PdfReader(str(path)).metadata.title == "Годовой отчёт 2019 🌊"
    document = read_pdf_file(path)
    assert (document.title, document.date) == ("Годовой отчёт 2019 🌊", "1790-01-08")


@pytest.mark.parametrize("title", ["", "  ", "Microsoft Word - annual report.docx",
                                   "Untitled", "annual report.doc", "PowerPoint Presentation"])
def test_a_blank_or_placeholder_title_gives_the_file_name(tmp_path: Path, title: str) -> None:
    source = write(tmp_path, "plain.pdf", make_pdf([["Fellow citizens,", "text"]]))
    path = with_title(source, tmp_path / "annual report.pdf", title)
    assert PdfReader(str(path)).metadata["/Title"] == title
    assert read_pdf_file(path).title == "annual report"


def test_a_hand_written_info_title_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "r.pdf", make_pdf([["Some text"]], {"Title": "Budget hearing"}))
    assert read_pdf_file(path).title == "Budget hearing"
