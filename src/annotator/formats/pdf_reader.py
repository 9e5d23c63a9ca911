"""Read a PDF's text layer into a :class:`NewDocument` with pypdf.

The text is each page's text as pypdf extracts it (content-stream order, which is the
reading order of ordinary documents), pages separated by a blank line. A PDF without a
text layer (a scan) and a password-protected PDF are refused with that reason: text is
never guessed by OCR. A PDF encrypted only with an owner password (opens without one,
merely restricts printing or copying) is read as usual.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib
from datetime import datetime
from pathlib import Path

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
           RecursionError, zlib.error, struct.error, EOFError, OverflowError)


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
        pages = [page.extract_text() or "" for page in reader.pages]
        created = _creation_date(reader)
        title = _title(reader)
    except _BROKEN as error:
        raise InputFileError(str(path), damaged_reason(KIND, error)) from None
    text = "\n\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise InputFileError(str(path), NO_TEXT_LAYER)
    return document_from_text(path, text, title=title, metadata_date=created)


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
