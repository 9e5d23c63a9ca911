"""read_odt_file: OpenDocument texts made with odfpy."""

from __future__ import annotations

from pathlib import Path

import pytest
from odf import dc
from odf.namespaces import DCNS
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText, load
from odf.text import List, ListItem, Note, NoteBody, NoteCitation, P, S, Tab

from annotator.domain.errors import InputFileError
from annotator.formats.odt_reader import read_odt_file
from annotator.formats.readers import read_document
from make_documents import make_docx, make_odt


def test_headings_paragraphs_and_tables(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "report.odt", "Field report", ["First day.", "Second day."],
                    table=[["who", "where"], ["Ainur", "Almaty"]])
    document = read_document(path)
    assert document.text == "Field report\nFirst day.\nSecond day.\nwho\twhere\nAinur\tAlmaty"
    assert document.title == "report"
    assert document.source == "report.odt"


def test_spaces_tabs_lists_kept_and_footnotes_left_out(tmp_path: Path) -> None:
    odt = OpenDocumentText()
    paragraph = P(text="a")
    paragraph.addElement(S(c=3))
    paragraph.addText("b")
    paragraph.addElement(Tab())
    paragraph.addText("c")
    note = Note(noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="FOOTNOTE"))
    note.addElement(body)
    paragraph.addElement(note)
    odt.text.addElement(paragraph)
    items = List()
    item = ListItem()
    item.addElement(P(text="listed"))
    items.addElement(item)
    odt.text.addElement(items)
    path = tmp_path / "inline.odt"
    odt.save(str(path))
    assert read_odt_file(path).text == "a   b\tc\nlisted"


def test_creation_date_is_used_last(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "m.odt", "Heading", ["body"], created="2016-05-06T07:08:09.12")
    assert read_odt_file(path).date == "2016-05-06T07:08:09"
    dated = make_odt(tmp_path / "1999 m.odt", "Heading", ["body"], created="2016-05-06T07:08")
    assert read_odt_file(dated).date == "1999"


def test_a_spreadsheet_named_odt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sheet.odt"
    OpenDocumentSpreadsheet().save(str(path))
    with pytest.raises(InputFileError) as caught:
        read_odt_file(path)
    assert "spreadsheet" in caught.value.reason
    assert caught.value.reason.endswith("not an OpenDocument text")


def test_a_docx_named_odt_is_named(tmp_path: Path) -> None:
    docx = make_docx(tmp_path / "real.docx", ["hello"])
    path = tmp_path / "fake.odt"
    path.write_bytes(docx.read_bytes())
    with pytest.raises(InputFileError) as caught:
        read_odt_file(path)
    assert caught.value.reason == "a Word document, not an OpenDocument text"


def test_the_dc_title_is_the_title(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "2019-03-04 notes.odt", "Day one", ["Body."],
                    title="Полевой отчёт: Бишкек")
    written = load(str(path)).meta.getElementsByType(dc.Title)
    assert [str(t) for t in written] == ["Полевой отчёт: Бишкек"]
    assert written[0].qname == (DCNS, "title")
    document = read_odt_file(path)
    assert (document.title, document.date) == ("Полевой отчёт: Бишкек", "2019-03-04")


@pytest.mark.parametrize("title", [None, "", " \t ", "Untitled 1", "Document"])
def test_without_a_real_dc_title_the_file_name_is_the_title(
    tmp_path: Path, title: str | None
) -> None:
    path = make_odt(tmp_path / "field notes.odt", "Day one", ["Body."], title=title)
    assert read_odt_file(path).title == "field notes"
