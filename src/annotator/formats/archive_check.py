"""Check a zipped document (docx, odt, xlsx) before any third-party library parses it.

The general ZIP safety (entry names, symbolic links, encryption, entry count, sizes and
expansion ratios, reads that stop at the declared size) is :mod:`.safe_zip`'s; this
module adds what documents need on top:

* :func:`mislabelled_reason` names what a file really is from its first bytes, so a PDF
  named ``.docx`` is refused as "a PDF file, not a Word document" instead of with a
  library's puzzled error;
* :func:`open_document_package` opens the archive with limits scaled to the user's size
  limit, requires the part that makes it the expected kind of document, and scans every
  XML part for a document type declaration: ``<!DOCTYPE`` and ``<!ENTITY`` have no
  business in an Office or OpenDocument file and are the vehicle of external-entity
  (XXE) and entity-expansion ("billion laughs") attacks, so they are refused before
  lxml, expat or openpyxl ever see the part.

Every refusal is an :class:`InputFileError` naming the file and one reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.errors import InputFileError
from .safe_zip import SafeZip, ZipLimits, open_safe_zip

# What a file is, from its first bytes; checked in order, first match wins.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# The part that makes a ZIP archive a document of each kind.
_MAIN_PART = {
    "a Word document": "word/document.xml",
    "an OpenDocument text": "content.xml",
    "an Excel workbook": "xl/workbook.xml",
}
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# A DOCTYPE (or an entity declaration) in any spelling the XML spec allows there.
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an encrypted Office Open XML file keeps its encrypted package in.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
PASSWORD_PROTECTED = ("the document is password-protected: remove the password and import "
                      "it again")
_MIN_UNPACKED = 100_000_000
_MAX_UNPACKED = 500_000_000
_UNPACKED_PER_BYTE = 10


def sniff_kind(head: bytes) -> str | None:
    """What the file starting with ``head`` is ("a PDF file", ...), or ``None`` if unknown."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def mislabelled_reason(head: bytes, expected: str) -> str | None:
    """The refusal for a file that is not what its extension says, or ``None``.

    ``expected`` names the format the extension promises ("a Word document"). Returns
    ``"the file is empty"`` for no bytes, ``"<kind>, not <expected>"`` when the first
    bytes show another known format (a ZIP archive counts as the expected kind for the
    zipped formats), and ``"not <expected> (unrecognised content)"`` for a zipped kind
    that does not start like a ZIP archive.
    """
    if not head:
        return "the file is empty"
    kind = sniff_kind(head)
    zipped = expected in _MAIN_PART
    if kind == expected or (kind == "a ZIP archive" and zipped):
        return None
    if kind is not None:
        return f"{kind}, not {expected}"
    if zipped:
        return f"not {expected} (unrecognised content)"
    return None


def document_zip_limits(max_bytes: int) -> ZipLimits:
    """ZIP limits for a document whose file may be ``max_bytes`` long.

    Unpacked, all entries together may hold 10 times the file limit (clamped to
    100-500 MB): text XML compresses about tenfold, images not at all, so a genuine
    document stays inside it while memory stays bounded. Any entry above 1 MB
    that expands more than 100 times is a zip bomb.
    """
    unpacked = min(max(_UNPACKED_PER_BYTE * max_bytes, _MIN_UNPACKED), _MAX_UNPACKED)
    return ZipLimits(max_entries=5_000, max_entry_bytes=unpacked, max_total_bytes=unpacked,
                     max_ratio=100, ratio_floor_bytes=1_000_000)


def open_document_package(path: Path, data: bytes, expected: str, *,
                          max_bytes: int) -> SafeZip:
    """Open the zipped document at ``path`` after every check; the caller closes it.

    ``data`` is the file's content (read with the size limit already); ``expected`` is
    one of "a Word document", "an OpenDocument text", "an Excel workbook". Refuses a
    password-protected Office document (Office wraps those in an OLE container), a
    mis-labelled or damaged file, an unsafe archive (see :mod:`.safe_zip`), an archive
    without the expected main part (naming what it holds instead when it is another
    kind of document), and any XML part holding ``<!DOCTYPE`` or ``<!ENTITY``.
    """
    if data.startswith(_OLE) and _ENCRYPTED_PACKAGE in data:
        raise InputFileError(str(path), PASSWORD_PROTECTED)
    reason = mislabelled_reason(data[:16], expected)
    if reason is not None:
        raise InputFileError(str(path), reason)
    package = open_safe_zip(path, document_zip_limits(max_bytes))
    try:
        _require_main_part(package, path, expected)
        for name in package.names():
            if name.lower().endswith(_XML_SUFFIXES):
                check_xml_part(path, name, package.read(name))
    except BaseException:
        package.close()
        raise
    return package


def check_xml_part(path: Path, name: str, data: bytes) -> None:
    """Refuse the XML part ``name`` of ``path`` if it declares a DOCTYPE or entities.

    NUL bytes are dropped before the scan, so a part written in UTF-16 or UTF-32 cannot
    hide its declaration from it.
    """
    if _DECLARATION.search(data.replace(b"\x00", b"")):
        raise InputFileError(
            str(path), f"the part {name!r} declares a DOCTYPE or entities, which documents "
            "never need (refused for safety: external entities)"
        )


def _require_main_part(package: SafeZip, path: Path, expected: str) -> None:
    if package.find(_MAIN_PART[expected]) is not None:
        return
    for kind, part in _MAIN_PART.items():
        if package.find(part) is not None:
            raise InputFileError(str(path), f"{kind}, not {expected}")
    raise InputFileError(str(path), f"a ZIP archive, not {expected}")
