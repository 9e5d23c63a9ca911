"""Read a Rich Text Format (``.rtf``) file into a :class:`NewDocument` with striprtf.

RTF is 7-bit text whose non-ASCII characters are ``\\'xx`` bytes in the code page the
file declares (``\\ansicpgNNNN``, or a font's ``\\fcharset``) or ``\\uN`` escapes;
striprtf decodes both. This module decodes the file's own bytes with the declared code
page too (some writers put raw 8-bit characters in), re-joins the UTF-16 surrogate
pairs that ``\\uN`` escapes use for characters outside the BMP (emoji), and takes the
creation date from ``{\\info{\\creatim ...}}`` last.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from .archive_check import mislabelled_reason
from .dates import iso_date
from .plain_text import MAX_BYTES, damaged_reason, document_from_text, read_limited_bytes

KIND = "an RTF document"
_DEFAULT_CODE_PAGE = "cp1252"
_CODE_PAGE = re.compile(rb"\\ansicpg(\d{1,5})")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CREATED = re.compile(
    r"\\creatim\s*\\yr(\d{4})\s*\\mo(\d{1,2})\s*\\dy(\d{1,2})(?:\s*\\hr(\d{1,2}))?"
    r"(?:\s*\\min(\d{1,2}))?"
)
_HEADER_BYTES = 4096


def read_rtf_file(path: Path, *, max_bytes: int = MAX_BYTES) -> NewDocument:
    """Read the RTF file at ``path``; raise only :class:`InputFileError` for a bad file.

    Title and date as :func:`.plain_text.document_from_text` finds them in the text and
    the file name; the ``\\creatim`` creation date is used last. Refuses a file over
    ``max_bytes``, one that does not start with ``{\\rtf`` (naming what it is when
    known), and a document without text.
    """
    data = read_limited_bytes(path, max_bytes)
    stripped = data.lstrip()
    reason = mislabelled_reason(stripped[:16], KIND)
    if reason is None and not stripped.startswith(b"{\\rtf"):
        reason = f"not {KIND} (it does not start with {{\\rtf)"
    if reason is not None:
        raise InputFileError(str(path), reason)
    code_page = _declared_code_page(data[:_HEADER_BYTES])
    source = data.decode(code_page, errors="replace")
    try:
        text: str = rtf_to_text(  # type: ignore[no-untyped-call]
            source, encoding=code_page, errors="replace")
    # striprtf is a hand-written scanner: a malformed control word (``\bin`` without
    # a length, ``\u`` out of range) surfaces as ValueError, OverflowError or
    # IndexError, which all mean "this file is broken".
    except (ValueError, OverflowError, IndexError, LookupError) as error:
        raise InputFileError(str(path), damaged_reason(KIND, error)) from None
    return document_from_text(path, _join_surrogates(text), metadata_date=_created(source))


def _declared_code_page(head: bytes) -> str:
    match = _CODE_PAGE.search(head)
    if match is None:
        return _DEFAULT_CODE_PAGE
    candidate = f"cp{int(match.group(1))}"
    try:
        codecs.lookup(candidate)
    except LookupError:
        return _DEFAULT_CODE_PAGE
    return candidate


def _join_surrogates(text: str) -> str:
    """Pair up UTF-16 surrogates (from ``\\uN`` escapes); a lone one becomes U+FFFD."""
    if _SURROGATES.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _created(source: str) -> str | None:
    match = _CREATED.search(source)
    if match is None:
        return None
    year, month, day, hour, minute = match.groups()
    found = iso_date(int(year), int(month), int(day))
    if found is None or hour is None or int(hour) > 23 or int(minute or 0) > 59:
        return found
    return f"{found}T{int(hour):02d}:{int(minute or 0):02d}"
