"""read_docx_file: Word files made with python-docx, compared with python-docx's own view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from annotator.domain.errors import InputFileError
from annotator.formats.docx_reader import read_docx_file
from annotator.formats.readers import read_document
from make_documents import make_docx, make_odt, rezip


def test_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "notes.docx", ["Interview with A", "", "She said: «yes»."],
                     table=[["name", "age"], ["Anna", "34"]])
    document = read_docx_file(path)
    assert document.text == (
        "Interview with A\n\nShe said: «yes».\nname\tage\nAnna\t34\nThe end."
    )
    assert document.title == "notes"
    assert document.source == "notes.docx"
    assert document.attributes == {}


def test_text_agrees_with_python_docx_paragraphs(tmp_path: Path) -> None:
    paragraphs = ["Заголовок", "Второй абзац с emoji 👩\u200d👩\u200d👧", "tab\there"]
    path = make_docx(tmp_path / "ru.docx", paragraphs)
    independent = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert read_document(path).text == independent


def test_headers_and_footers_are_left_out(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "h.docx", ["Body text"], header="CONFIDENTIAL HEADER")
    assert "CONFIDENTIAL" not in read_docx_file(path).text


def test_merged_cells_are_given_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "wide"
    table.cell(0, 2).text = "narrow"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read_docx_file(path).text == "wide\tnarrow"


def test_creation_date_is_used_last(tmp_path: Path) -> None:
    created = dt.datetime(2017, 3, 4, 5, 6, 7)
    plain = make_docx(tmp_path / "plain.docx", ["No date in the text"], created=created)
    assert read_docx_file(plain).date == "2017-03-04T05:06:07"
    named = make_docx(tmp_path / "2019-05-06 memo.docx", ["No date here"], created=created)
    assert read_docx_file(named).date == "2019-05-06"
    headed = make_docx(tmp_path / "h.docx", ["Title", "12 February 2018"], created=created)
    assert read_docx_file(headed).date == "2018-02-12"


def test_an_empty_document_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    path = tmp_path / "empty.docx"
    document.save(str(path))
    with pytest.raises(InputFileError) as caught:
        read_docx_file(path)
    assert caught.value.reason == "the file holds no text"


def test_an_odt_named_docx_is_named(tmp_path: Path) -> None:
    odt = make_odt(tmp_path / "real.odt", "Heading", ["text"])
    path = tmp_path / "fake.docx"
    path.write_bytes(odt.read_bytes())
    with pytest.raises(InputFileError) as caught:
        read_docx_file(path)
    assert caught.value.reason == "an OpenDocument text, not a Word document"


def test_malformed_document_xml_is_a_damaged_document(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx", ["fine"])
    broken = rezip(good, tmp_path / "broken.docx", {"word/document.xml": b"<w:document"})
    with pytest.raises(InputFileError) as caught:
        read_docx_file(broken)
    assert caught.value.reason.startswith("a damaged Word document (")
    assert "\n" not in caught.value.reason


def test_the_core_properties_title_is_the_title(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "interview-07.docx", ["Dear colleagues,", "Body."],
                     title="  Interview with Anna,\n Almaty  ")
    assert docx.Document(str(path)).core_properties.title.strip().startswith("Interview")
    document = read_docx_file(path)
    assert document.title == "Interview with Anna, Almaty"
    assert document.text.startswith("Dear colleagues,")


@pytest.mark.parametrize("title", ["", "   ", "Untitled", "Document1", "Microsoft Word - x.docx",
                                   "interview-07.doc"])
def test_a_blank_or_placeholder_title_gives_the_file_name(tmp_path: Path, title: str) -> None:
    path = make_docx(tmp_path / "interview-07.docx", ["Dear colleagues,"], title=title)
    assert docx.Document(str(path)).core_properties.title == title
    assert read_docx_file(path).title == "interview-07"
