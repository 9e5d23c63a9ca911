"""Build docx, odt, xlsx, pdf and hostile archives for tests, with the libraries themselves.

No binary fixture is committed: every test makes the files it reads in ``tmp_path``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
from odf import dc, meta
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, P


def make_docx(path: Path, paragraphs: Sequence[str], *, table: Sequence[Sequence[str]] = (),
              created: dt.datetime | None = None, header: str = "", title: str = "") -> Path:
    """A Word file: ``paragraphs``, then ``table`` (rows of cells), then "The end.";
    ``title`` is its core properties' title (python-docx's template has none)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph("The end.")
    if header:
        document.sections[0].header.paragraphs[0].text = header
    # The default template carries a 2013 creation date; tests choose their own.
    document.core_properties.created = created or dt.datetime(2000, 1, 1)
    document.core_properties.title = title
    document.save(str(path))
    return path


def make_odt(path: Path, heading: str, paragraphs: Sequence[str], *,
             table: Sequence[Sequence[str]] = (), created: str | None = None,
             title: str | None = None) -> Path:
    """An OpenDocument text: a heading, ``paragraphs``, then ``table``; ``title`` is its
    metadata's ``dc:title`` (none by default)."""
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=heading))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    if table:
        grid = Table()
        grid.addElement(TableColumn(numbercolumnsrepeated=len(table[0])))
        for row in table:
            line = TableRow()
            for value in row:
                cell = TableCell()
                cell.addElement(P(text=value))
                line.addElement(cell)
            grid.addElement(line)
        document.text.addElement(grid)
    if created:
        document.meta.addElement(meta.CreationDate(text=created))
    if title is not None:
        document.meta.addElement(dc.Title(text=title))
    document.save(str(path))
    return path


def make_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """A workbook whose first sheet holds ``rows`` (the first is the header)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(str(path))
    return path


def make_pdf(pages: Sequence[Sequence[str]], info: dict[str, str] | None = None) -> bytes:
    """A minimal valid PDF, written by hand: each page a list of lines in Helvetica."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)))
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = None
    if info:
        entries = b" ".join(b"/%s (%s)" % (k.encode(), v.encode()) for k, v in info.items())
        info_id = add(b"<< " + entries + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def rezip(source: Path, target: Path, replace: dict[str, bytes],
          extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the ZIP ``source`` with some entries' bytes replaced or added."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED
    ) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, replace.get(info.filename,
                                                      original.read(info.filename)))
        for name, data in (extra or {}).items():
            copy.writestr(name, data)
    return target


def add_zero_bomb(source: Path, target: Path, entry: str, size: int) -> Path:
    """A copy of ``source`` with ``entry`` added: ``size`` zero bytes, deflated."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED
    ) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, original.read(info.filename))
        with copy.open(entry, "w", force_zip64=True) as stream:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                stream.write(chunk)
    return target
