"""Read an OpenDocument text (``.odt``) into a :class:`NewDocument` with odfpy.

The text is the body in document order: each paragraph or heading one line (lists and
sections are walked through), each table row one line of tab-separated cell texts.
Spaces (``text:s``), tabs and line breaks inside a paragraph are kept. Tracked deletions,
footnotes, comments and declarations are left out. The archive is checked by
:func:`.archive_check.open_document_package` before odfpy parses anything.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax import SAXException

from odf import opendocument
from odf.namespaces import DCNS, METANS, OFFICENS, TABLENS, TEXTNS

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from .archive_check import open_document_package
from .dates import date_from_value
from .plain_text import MAX_BYTES, damaged_reason, document_from_text, read_limited_bytes

KIND = "an OpenDocument text"
_TEXT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_TEXT_NODE = 3
_PARAGRAPHS = {(TEXTNS, "p"), (TEXTNS, "h")}
_TABLE = (TABLENS, "table")
_ROW = (TABLENS, "table-row")
_CELL = (TABLENS, "table-cell")
# Elements whose content is not part of the running text.
_LEFT_OUT = {
    (TEXTNS, "tracked-changes"), (TEXTNS, "note"), (OFFICENS, "annotation"),
    (TEXTNS, "sequence-decls"), (TEXTNS, "variable-decls"), (TEXTNS, "user-field-decls"),
    (OFFICENS, "forms"), (TABLENS, "covered-table-cell"), (TEXTNS, "bookmark-ref"),
}

# odfpy reports a malformed package through zipfile, the SAX parser, and plain
# KeyError/IndexError/ValueError (a missing manifest or body, a bad attribute); all of
# them mean "this file is broken", so they become one refusal.
_BROKEN = (SAXException, KeyError, IndexError, ValueError, zipfile.BadZipFile, zlib.error,
           EOFError)


def read_odt_file(path: Path, *, max_bytes: int = MAX_BYTES) -> NewDocument:
    """Read the OpenDocument text at ``path``; raise only :class:`InputFileError` if bad.

    The title is the metadata's ``dc:title``, unless blank or a placeholder, else the
    file name without its extension; the date as :func:`.plain_text.document_from_text`
    finds it in the text and the file name, ``meta:creation-date`` last. Refuses a file over
    ``max_bytes``, a mis-labelled file, an unsafe or damaged archive, a DOCTYPE or
    entity declaration in any XML part, another kind of OpenDocument file (a
    spreadsheet, a presentation) and a document without text.
    """
    data = read_limited_bytes(path, max_bytes)
    with open_document_package(path, data, KIND, max_bytes=max_bytes):
        pass
    try:
        document = opendocument.load(io.BytesIO(data))
        mimetype = str(document.mimetype)
        if not mimetype.startswith(_TEXT_MIMETYPE):
            raise InputFileError(str(path), f"an OpenDocument file of type {mimetype!r}, "
                                            f"not {KIND}")
        text = "\n".join(_block_lines(document.text))
        created = _creation_date(document.meta)
        title = _first_text(document.meta, (DCNS, "title"))
    except _BROKEN as error:
        raise InputFileError(str(path), damaged_reason(KIND, error)) from None
    return document_from_text(path, text, title=title, metadata_date=created)


def _block_lines(element: Any) -> Iterator[str]:
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            continue
        qname = child.qname
        if qname in _LEFT_OUT:
            continue
        if qname in _PARAGRAPHS:
            yield _inline_text(child)
        elif qname == _TABLE:
            yield from _table_lines(child)
        else:
            yield from _block_lines(child)


def _table_lines(table: Any) -> Iterator[str]:
    for row in _descendants(table, _ROW, stop=_TABLE):
        cells = [
            " ".join(line.strip() for line in _block_lines(cell) if line.strip())
            for cell in row.childNodes
            if cell.nodeType != _TEXT_NODE and cell.qname == _CELL
        ]
        yield "\t".join(cells)


def _descendants(element: Any, qname: tuple[str, str], *, stop: tuple[str, str]) -> Iterator[Any]:
    """Elements named ``qname`` under ``element``, not looking inside nested ``stop``s."""
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            continue
        if child.qname == qname:
            yield child
        elif child.qname != stop:
            yield from _descendants(child, qname, stop=stop)


def _inline_text(element: Any) -> str:
    parts: list[str] = []
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            parts.append(str(child.data))
            continue
        qname = child.qname
        if qname in _LEFT_OUT:
            continue
        if qname == (TEXTNS, "s"):
            count = child.getAttrNS(TEXTNS, "c")
            parts.append(" " * (int(count) if count and str(count).isdigit() else 1))
        elif qname == (TEXTNS, "tab"):
            parts.append("\t")
        elif qname == (TEXTNS, "line-break"):
            parts.append("\n")
        else:
            parts.append(_inline_text(child))
    return "".join(parts)


def _creation_date(meta: Any) -> str | None:
    created = _first_text(meta, (METANS, "creation-date"))
    return date_from_value(created) if created is not None else None


def _first_text(meta: Any, qname: tuple[str, str]) -> str | None:
    """The text of the first ``qname`` element in the metadata, or ``None``."""
    for child in _descendants(meta, qname, stop=("", "")):
        return _inline_text(child)
    return None
