"""Read a Word ``.docx`` file into a :class:`NewDocument` with python-docx.

The text is the body in document order: each paragraph one line (empty paragraphs stay
as empty lines), each table row one line of tab-separated cell texts (a cell's own
paragraphs joined by spaces, a merged cell given once). Headers, footers, footnotes,
comments and text boxes are left out. The archive is checked by
:func:`.archive_check.open_document_package` before python-docx parses anything.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from .archive_check import open_document_package
from .dates import date_from_datetime
from .plain_text import MAX_BYTES, damaged_reason, document_from_text, read_limited_bytes

KIND = "a Word document"

# python-docx reports a malformed package through its own errors, lxml's, zipfile's and
# plain KeyError/ValueError (a missing or misnamed part, a bad attribute value); all of
# them mean "this file is broken", never a bug of ours, so they become one refusal.
_BROKEN = (PythonDocxError, OpcError, LxmlError, KeyError, ValueError, IndexError,
           zipfile.BadZipFile, zlib.error, EOFError)


def read_docx_file(path: Path, *, max_bytes: int = MAX_BYTES) -> NewDocument:
    """Read the Word document at ``path``; raise only :class:`InputFileError` for a bad file.

    The title is the core properties' title, unless blank or a placeholder ("Untitled",
    "Document1"), else the file name without its extension; the date as
    :func:`.plain_text.document_from_text` finds it in the text and the file name, the
    core properties' creation date last. Refuses a file over
    ``max_bytes``, a mis-labelled file ("a PDF file, not a Word document"), an unsafe or
    damaged archive, a DOCTYPE or entity declaration in any XML part, an old binary
    ``.doc`` renamed, and a document without text.
    """
    data = read_limited_bytes(path, max_bytes)
    with open_document_package(path, data, KIND, max_bytes=max_bytes):
        pass
    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(_body_lines(document))
        properties = document.core_properties
        created, title = properties.created, properties.title
    except _BROKEN as error:
        raise InputFileError(str(path), damaged_reason(KIND, error)) from None
    metadata_date = date_from_datetime(created) if created is not None else None
    return document_from_text(path, text, title=title, metadata_date=metadata_date)


def _body_lines(document: docx.document.Document) -> Iterator[str]:
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table_lines(block)


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans.
            if previous is not None and cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        yield "\t".join(cells)

