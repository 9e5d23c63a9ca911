"""Read a PDF's text layer into a :class:`NewDocument`: PDFium (pypdfium2) reads the text,
pypdf the structure (encryption, title, creation date).

The text is each page's text as PDFium extracts it (the order of the text on the page,
which is the reading order of ordinary documents), pages separated by a blank line; in
each line, runs of spaces and tabs become one space and the line's ends are trimmed.
PDFium, not pypdf, reads the text: pypdf puts tabs between the words of some PDFs (those
Qt's QPdfWriter writes read "PDF\theading"), which breaks phrase search and autocode; on
PDFs made from the shared corpora PDFium found every word, at a twentieth of the time per
page. A PDF without a text layer (a scan) and a password-protected PDF are refused with
that reason: text is never guessed by OCR. A PDF encrypted only with an owner password
(opens without one, merely restricts printing or copying) is read as usual.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zlib
from datetime import datetime
from pathlib import Path

import pypdfium2
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from .archive_check import sniff_kind
from .dates import date_from_datetime
from .plain_text import MAX_BYTES, damaged_reason, document_from_text, read_limited_bytes

KIND = "a PDF file"
NO_TEXT_LAYER = "the PDF has no text layer (a scanned image?): run OCR on it first"
PASSWORD = "the PDF is password-protected: remove the password and import it again"
# The PDF header may follow some junk, within the first kilobyte (as readers allow).
_HEADER_WINDOW = 1024

# pypdf parses untrusted structure by hand; on a malformed file it raises its own
# errors (PyPdfError) but also KeyError, ValueError, TypeError, IndexError,
# AttributeError (a dictionary where a stream was expected), RecursionError (cyclic
# references), zlib.error and struct.error. All of them mean "this PDF is broken".
_BROKEN = (PyPdfError, KeyError, ValueError, TypeError, IndexError, AttributeError,
           RecursionError, zlib.error, struct.error, EOFError, OverflowError,
           pypdfium2.PdfiumError)
#: Spaces and tabs between words (PDF text has no meaningful tab stops).
_BLANKS = re.compile(r"[ \t]+")
#: How PDFium writes a hyphen that ended a line (bounded text, whole-page text).
_LINE_END_HYPHENS = ("\x02", "\ufffe")


def read_pdf_file(path: Path, *, max_bytes: int = MAX_BYTES) -> NewDocument:
    """Read the PDF at ``path``; raise only :class:`InputFileError` for a bad file.

    The title is the document information's ``/Title``, unless blank or a placeholder
    ("Microsoft Word - report.docx", "Untitled"), else the file name without its
    extension; the date as :func:`.plain_text.document_from_text` finds it in the text
    and the file name, the document information's creation date last. Refuses a
    file over ``max_bytes``, a file that is not a PDF ("a ZIP archive, not a PDF
    file"), a password-protected PDF, a damaged one, and one without a text layer.
    """
    _quiet_library_warnings()
    data = read_limited_bytes(path, max_bytes)
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        kind = sniff_kind(data[:16])
        reason = "the file is empty" if not data else (
            f"{kind}, not {KIND}" if kind else f"not {KIND} (no %PDF header)")
        raise InputFileError(str(path), reason)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _unlock(reader, path)
        created = _creation_date(reader)
        title = _title(reader)
        pages = page_texts(data)
    except _BROKEN as error:
        raise InputFileError(str(path), damaged_reason(KIND, error)) from None
    text = "\n\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise InputFileError(str(path), NO_TEXT_LAYER)
    return document_from_text(path, text, title=title, metadata_date=created)


def page_texts(data: bytes) -> list[str]:
    """The text of each page of the PDF ``data`` as PDFium extracts it within the page's
    bounds, tidied by :func:`tidy_lines`. Text outside the page is left out: a writer
    that clips (Qt's) puts a line cut by a page break on both pages, visible on one.
    Raises ``pypdfium2.PdfiumError`` for a PDF PDFium cannot open (an encrypted one is
    opened with the empty password)."""
    document = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            try:
                text_page = page.get_textpage()
                try:
                    texts.append(tidy_lines(text_page.get_text_bounded()))
                finally:
                    text_page.close()
            finally:
                page.close()
        return texts
    finally:
        document.close()


def tidy_lines(text: str) -> str:
    """``text`` with ``\\r\\n`` and ``\\r`` made ``\\n``, each run of spaces and tabs made
    one space, and every line's ends trimmed of them. A hyphen that ended a line, which
    PDFium marks (U+0002, or U+FFFE) and joins to the next line, is a hyphen again:
    "pre-election" broken after "pre-" stays "pre-election", not "preelection"."""
    for mark in _LINE_END_HYPHENS:
        text = text.replace(mark, "-")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_BLANKS.sub(" ", line).strip(" ") for line in lines)


def _quiet_library_warnings() -> None:
    """Keep pypdf's repair notes ("EOF marker not found") off a bare stderr.

    Without any handler Python prints warnings through its last-resort handler, which
    would interleave them with the CLI's summary; an application that configures
    logging still receives them through the root logger.
    """
    logger = logging.getLogger("pypdf")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())


def _unlock(reader: PdfReader, path: Path) -> None:
    """Open an encrypted PDF with the empty user password, or refuse it."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except (DependencyError, FileNotDecryptedError, NotImplementedError):
        # DependencyError: AES needs the optional cryptography package; without it a
        # PDF that merely has an owner password cannot be read either.
        raise InputFileError(str(path), PASSWORD) from None
    if not opened:
        raise InputFileError(str(path), PASSWORD)


def _title(reader: PdfReader) -> str | None:
    metadata = reader.metadata
    title = metadata.title if metadata is not None else None
    return title if isinstance(title, str) else None


def _creation_date(reader: PdfReader) -> str | None:
    metadata = reader.metadata
    if metadata is None:
        return None
    try:
        created = metadata.creation_date
    except ValueError:  # a malformed D:YYYYMMDD... string
        return None
    return date_from_datetime(created) if isinstance(created, datetime) else None
