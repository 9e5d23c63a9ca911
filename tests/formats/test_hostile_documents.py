"""Hostile and broken files of every format: one clear line each, quickly, in little memory.

Each refusal must be an :class:`InputFileError` whose reason is one line; nothing is read
from outside the file (external entities are refused before any XML parser sees them),
and a zip bomb is refused from the archive's directory, without inflating it.
"""

from __future__ import annotations

import os
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.domain.errors import InputFileError
from annotator.formats.readers import SURVEY_EXTENSIONS, read_document, read_survey
from make_documents import add_zero_bomb, make_docx, make_odt, make_pdf, make_xlsx, rezip

FORMATS = [".docx", ".odt", ".xlsx", ".pdf", ".rtf", ".html", ".csv", ".tsv"]
BOMB_BYTES = 200 * 1024 * 1024
MAX_SECONDS = 10.0


def read_any(path: Path, **options: int) -> object:
    if path.suffix.lower() in SURVEY_EXTENSIONS:
        return read_survey(path, **options)
    return read_document(path, **options)


def refusal(path: Path, **options: int) -> str:
    """The one-line reason ``path`` is refused for, checked to come quickly."""
    started = time.monotonic()
    with pytest.raises(InputFileError) as caught:
        read_any(path, **options)
    assert time.monotonic() - started < MAX_SECONDS
    reason = caught.value.reason
    assert reason and "\n" not in reason and "Traceback" not in reason
    assert str(caught.value) == f"{path}: {reason}"
    return reason


def good_file(tmp_path: Path, extension: str) -> Path:
    path = tmp_path / f"good{extension}"
    makers: dict[str, Callable[[], object]] = {
        ".docx": lambda: make_docx(path, ["A good document"]),
        ".odt": lambda: make_odt(path, "Heading", ["A good document"]),
        ".xlsx": lambda: make_xlsx(path, [["answer"], ["A good document"]]),
        ".pdf": lambda: path.write_bytes(make_pdf([["A good document"]])),
        ".rtf": lambda: path.write_bytes(b"{\\rtf1\\ansi A good document\\par}"),
        ".html": lambda: path.write_bytes(b"<p>A good document</p>"),
        ".csv": lambda: path.write_bytes(b"answer\nA good document\n"),
        ".tsv": lambda: path.write_bytes(b"answer\tother\nA good document\tx\n"),
    }
    makers[extension]()
    return path


@pytest.mark.parametrize("extension", FORMATS)
def test_good_files_are_read(tmp_path: Path, extension: str) -> None:
    assert read_any(good_file(tmp_path, extension))


@pytest.mark.parametrize("extension", FORMATS)
def test_empty_files(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"empty{extension}"
    path.write_bytes(b"")
    assert refusal(path) == "the file is empty"


@pytest.mark.parametrize("extension", FORMATS)
def test_binary_noise(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"noise{extension}"
    path.write_bytes(bytes(range(256)) * 40 + os.urandom(4096))
    assert refusal(path)  # a one-line reason, and no document


@pytest.mark.parametrize("extension", FORMATS)
def test_files_over_the_size_limit_are_refused_unread(tmp_path: Path, extension: str) -> None:
    path = good_file(tmp_path, extension)
    with open(path, "ab") as handle:
        handle.write(b" " * 5000)
    assert refusal(path, max_bytes=2000) == "the file is larger than the 2 kB limit"


@pytest.mark.parametrize("extension", [".docx", ".odt", ".xlsx", ".pdf"])
def test_truncated_files(tmp_path: Path, extension: str) -> None:
    data = good_file(tmp_path, extension).read_bytes()
    path = tmp_path / f"cut{extension}"
    path.write_bytes(data[: len(data) // 2])
    reason = refusal(path)
    if extension != ".pdf":
        assert reason == "not a ZIP archive, or a truncated one"


@pytest.mark.parametrize(("extension", "kind"), [
    (".docx", "a Word document"), (".odt", "an OpenDocument text"),
    (".xlsx", "an Excel workbook"), (".rtf", "an RTF document"), (".html", "a web page"),
])
def test_a_pdf_under_another_name_is_named(tmp_path: Path, extension: str, kind: str) -> None:
    path = tmp_path / f"report{extension}"
    path.write_bytes(make_pdf([["I am a PDF"]]))
    assert refusal(path) == f"a PDF file, not {kind}"


def test_an_old_binary_doc_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    assert refusal(path) == "an old Microsoft Office file (.doc, .xls), not a Word document"


def test_a_workbook_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_bytes(good_file(tmp_path, ".xlsx").read_bytes())
    assert refusal(path) == "a ZIP archive, not a CSV table (an Excel workbook? name it .xlsx)"


@pytest.mark.parametrize(("extension", "entry"), [
    (".docx", "word/media/image1.bin"), (".odt", "Pictures/zeros.bin"),
    (".xlsx", "xl/media/zeros.bin"), (".docx", "word/zeros.xml"),
])
def test_zip_bombs_are_refused_without_inflating(tmp_path: Path, extension: str,
                                                 entry: str) -> None:
    bomb = add_zero_bomb(good_file(tmp_path, extension), tmp_path / f"bomb{extension}",
                         entry, BOMB_BYTES)
    assert bomb.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        reason = refusal(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "zip bomb" in reason
    assert peak < 20 * 1024 * 1024


XXE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [\n'
       b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')


def test_external_entity_in_docx_is_refused(tmp_path: Path) -> None:
    good = good_file(tmp_path, ".docx")
    with zipfile.ZipFile(good) as archive:
        body = archive.read("word/document.xml")
    body = body.split(b"?>", 1)[1].replace(b"A good document", b"&xxe;")
    hostile = rezip(good, tmp_path / "xxe.docx", {"word/document.xml": XXE + body})
    reason = refusal(hostile)
    assert "'word/document.xml' declares a DOCTYPE or entities" in reason


def test_entities_hidden_in_utf16_are_found(tmp_path: Path) -> None:
    good = good_file(tmp_path, ".odt")
    part = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            "<x>&a;</x>").encode("utf-16")
    hostile = rezip(good, tmp_path / "u16.odt", {"content.xml": part})
    assert "'content.xml' declares a DOCTYPE" in refusal(hostile)


def test_billion_laughs_in_an_xlsx_sheet(tmp_path: Path) -> None:
    good = good_file(tmp_path, ".xlsx")
    lol = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    ) + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>' \
        b"</sheetData></worksheet>"
    hostile = rezip(good, tmp_path / "lol.xlsx", {"xl/worksheets/sheet1.xml": lol})
    assert "declares a DOCTYPE or entities" in refusal(hostile)


def test_a_sheet_claiming_a_billion_cells(tmp_path: Path) -> None:
    good = good_file(tmp_path, ".xlsx")
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
             b'<row r="1"><c r="A1" t="inlineStr"><is><t>answer</t></is></c></row>'
             b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
             b"</sheetData></worksheet>")
    hostile = rezip(good, tmp_path / "wide.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    assert refusal(hostile).startswith("the table has more than 5,000,000 cells")


@pytest.mark.parametrize("line_end", [b"", b"\n"])
def test_a_csv_of_millions_of_tiny_cells(tmp_path: Path, line_end: bytes) -> None:
    path = tmp_path / "tiny.csv"
    path.write_bytes(b"answer,b\n" + (b"ab," * 1000 + line_end) * 6_000)
    tracemalloc.start()
    try:
        reason = refusal(path, max_bytes=50_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason.startswith("the table has more than")
    assert peak < 200 * 1024 * 1024


def test_path_traversal_inside_a_docx(tmp_path: Path) -> None:
    hostile = rezip(good_file(tmp_path, ".docx"), tmp_path / "trav.docx", {},
                    extra={"../../evil.txt": b"x"})
    assert "points outside the archive" in refusal(hostile)


def test_password_protected_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(good_file(tmp_path, ".pdf"))))
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(str(tmp_path / "locked.pdf"))
    assert refusal(tmp_path / "locked.pdf").startswith("the PDF is password-protected")


def test_malformed_rtf_control_words(tmp_path: Path) -> None:
    path = tmp_path / "bin.rtf"
    path.write_bytes(b"{\\rtf1 text {\\pict\\bin x}}")
    assert refusal(path).startswith("a damaged RTF document (")


def test_mis_encoded_csv_is_read_or_refused_never_crashes(tmp_path: Path) -> None:
    # Mostly UTF-8 with stray Windows-1252 bytes: decoded as a legacy code page.
    mixed = "answer\nnaïve café\n".encode() + b"caf\xe9 cr\xe8me\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(mixed)
    texts = [d.text for d in read_survey(path).documents]
    assert len(texts) == 2 and texts[1].startswith("caf")
    # UTF-16 without a byte-order mark.
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("answer,n\nПривет,1\n".encode("utf-16-le"))
    assert [d.text for d in read_survey(utf16).documents] == ["Привет"]
    # An image named .csv.
    png = tmp_path / "image.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert refusal(png) == "a PNG image, not a CSV table"


@pytest.mark.parametrize("extension", [".docx", ".xlsx"])
def test_password_protected_office_documents(tmp_path: Path, extension: str) -> None:
    # Office wraps an encrypted document in an OLE container with an EncryptedPackage
    # stream; its directory names the stream in UTF-16.
    ole = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
           + "EncryptedInfo".encode("utf-16-le") + bytes(40)
           + "EncryptedPackage".encode("utf-16-le") + bytes(2000))
    path = tmp_path / f"locked{extension}"
    path.write_bytes(ole)
    assert refusal(path).startswith("the document is password-protected")
