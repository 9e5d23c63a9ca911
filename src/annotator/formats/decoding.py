"""Turn the bytes of a plain-text file into a ``str``, or refuse them with a clear reason.

The order of the checks is the contract of :func:`decode_bytes`:

1. an empty file is refused; a known binary signature (PDF, ZIP, PNG, ...) is refused
   by name;
2. a byte-order mark decides the encoding (UTF-32 LE/BE, UTF-8, UTF-16 LE/BE);
3. NUL bytes laid out as in UTF-16 text without a mark (every other byte NUL) mean
   UTF-16 LE or BE;
4. 7-bit HZ-GB-2312 (Chinese disguised as ASCII: ``~{...~}`` runs holding at least
   eight Han characters) is recognised before ASCII would swallow it;
5. strict UTF-8; a UTF-8 text cut inside its last character keeps what precedes the
   cut and ends in U+FFFD REPLACEMENT CHARACTER, so the loss stays visible;
6. NUL bytes that neither UTF-16 nor UTF-8 explain mean a binary file;
7. otherwise charset-normalizer picks a legacy code page (cp1251, GB2312, Shift_JIS, ...).

Whatever the route, a text whose characters are more than 5 % control characters
(other than tab, line breaks, form feed, escape and the DOS end-of-file mark) is refused
as binary, and a text that is only white space is refused as holding no text. The result
has no byte-order mark but is not otherwise normalised: callers pass it to
:func:`annotator.domain.text.normalize_text`.
"""

from __future__ import annotations

import re

import charset_normalizer

from ..domain.errors import InputFileError
from ..domain.text import is_normalized, normalize_text

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a document packed as one)"),
    (b"PK\x05\x06", "a ZIP archive (or a document packed as one)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an ELF executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"OggS\x00", "an Ogg media file"),
    (b"ID3\x03", "an MP3 audio file"),
    (b"ID3\x04", "an MP3 audio file"),
)

_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)

# Longest marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Cc characters that a text file has no business holding in bulk (all of them are among
# what normalize_text removes, which decode_normalized relies on). Tab, LF, VT, FF, CR,
# ESC (colour codes in logs), SUB (DOS end of file) and NEL (a line break) are common.
_SUSPICIOUS_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9f]")
_MAX_CONTROL_SHARE = 0.05
# UTF-16 guess: at least this share of the high (or low) bytes of the code units is NUL
# while almost none of the other half is.
_UTF16_NUL_SHARE = 0.3
_HZ_RUN = re.compile(rb"~\{(.*?)~\}", re.DOTALL)
_HAN = re.compile("[\u4e00-\u9fff]")
_MIN_HZ_HAN = 8
_WESTERN = "cp1252"
_TIE = 1e-9

BINARY = "binary file, not text"
EMPTY = "the file is empty"
NO_TEXT = "the file holds no text"
UNDECODABLE = "the text encoding could not be recognised"


def decode_bytes(data: bytes, path: str) -> str:
    """Decode the whole content of the file at ``path`` (named only in errors).

    Returns the text without a byte-order mark and otherwise unchanged. Raises
    :class:`InputFileError` with reason ``"the file is empty"``, ``"<kind>, not plain
    text"`` for a known binary format (``"a PDF file, not plain text"``), ``"binary file,
    not text"``, ``"the text encoding could not be recognised"``, a sentence naming a
    broken byte-order-marked encoding, or ``"the file holds no text"``. Never raises
    anything else.
    """
    text = _decode_unchecked(data, path)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputFileError(path, BINARY)
    if not text.strip():
        raise InputFileError(path, NO_TEXT)
    return text


def decode_normalized(data: bytes, path: str) -> str:
    """``normalize_text(decode_bytes(data, path))``, with the same refusals, and also
    "the file holds no text" for a text that normalisation leaves only white space.

    Faster for the common text that needs no normalising: one scan finds that, and it
    also finds no suspicious control character (they are a subset of what normalising
    removes), so the binary check is skipped.
    """
    text = _decode_unchecked(data, path)
    if not is_normalized(text):
        if _control_share(text) > _MAX_CONTROL_SHARE:
            raise InputFileError(path, BINARY)
        text = normalize_text(text)
    if not text.strip():
        raise InputFileError(path, NO_TEXT)
    return text


def _decode_unchecked(data: bytes, path: str) -> str:
    """Steps 1 to 7 of the module's contract: the text before the control and blank checks."""
    if not data:
        raise InputFileError(path, EMPTY)
    if data.startswith(_MAGIC_PREFIXES):
        for magic, kind in _MAGIC:
            if data.startswith(magic):
                raise InputFileError(path, f"{kind}, not plain text")
    return _decode(data, path)


def _decode(data: bytes, path: str) -> str:
    marked = _decode_marked(data, path)
    if marked is not None:
        return marked
    has_nul = b"\x00" in data
    if has_nul:
        utf16 = _decode_utf16_by_nuls(data)
        if utf16 is not None:
            return utf16
    hz = _decode_hz(data)
    if hz is not None:
        return hz
    utf8 = _decode_utf8(data)
    if utf8 is not None:
        return utf8
    if has_nul:
        raise InputFileError(path, BINARY)
    return _decode_legacy(data, path)


def _decode_marked(data: bytes, path: str) -> str | None:
    """The text after a byte-order mark, or ``None`` when there is no mark."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                if codec == "utf-32-le":
                    continue  # FF FE 00 00 may be UTF-16 LE starting with U+0000
                name = codec.upper().replace("-LE", " LE").replace("-BE", " BE")
                raise InputFileError(
                    path, f"not valid {name} despite its byte-order mark"
                ) from None
    return None


def _decode_utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 text without a mark, recognised by the NUL high bytes of Latin letters."""
    if len(data) < 2:
        return None
    even, odd = data[0::2], data[1::2]
    pairs = len(data) // 2
    even_nuls, odd_nuls = even.count(0) / pairs, odd.count(0) / pairs
    if odd_nuls >= _UTF16_NUL_SHARE and even_nuls < odd_nuls / 10:
        codec = "utf-16-le"
    elif even_nuls >= _UTF16_NUL_SHARE and odd_nuls < even_nuls / 10:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode_utf8(data: bytes) -> str | None:
    """Strict UTF-8, tolerating only a last character cut short (it becomes U+FFFD)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        cut = error.start
        if error.end != len(data) or len(data) - cut > 3 or error.reason != (
            "unexpected end of data"
        ):
            return None
        head = data[:cut]
        # A lone high byte at the end of ASCII text is more likely Latin-1 than UTF-8.
        if head.isascii():
            return None
        try:
            return head.decode("utf-8") + "\ufffd"
        except UnicodeDecodeError:
            return None


def _decode_hz(data: bytes) -> str | None:
    """HZ-GB-2312 text, which is 7-bit ASCII with ``~{...~}`` runs of GB2312 pairs."""
    if not data.isascii() or not _HZ_RUN.search(data):
        return None
    try:
        text = data.decode("hz")
    except UnicodeDecodeError:
        return None
    return text if len(_HAN.findall(text)) >= _MIN_HZ_HAN else None


def _decode_legacy(data: bytes, path: str) -> str:
    """A legacy code page chosen by charset-normalizer, or a refusal."""
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise InputFileError(path, UNDECODABLE)
    try:
        return data.decode(_pick_encoding(matches))
    except (UnicodeDecodeError, LookupError):
        raise InputFileError(path, UNDECODABLE) from None


def _pick_encoding(matches: list[charset_normalizer.CharsetMatch]) -> str:
    """charset-normalizer's first choice, unless an equally scored one is likelier.

    On short or accent-light Western text several single-byte code pages score the same
    and charset-normalizer takes the first by name (cp1250, so "è" becomes "č"); among
    equals, Windows-1252 wins, and UTF-16/32 without NUL evidence loses.
    """
    best = matches[0]
    tied = [
        match for match in matches
        if abs(match.chaos - best.chaos) < _TIE and abs(match.coherence - best.coherence) < _TIE
    ]
    for match in tied:
        if _WESTERN in match.could_be_from_charset:
            return _WESTERN
    for match in tied:
        if not match.encoding.startswith(("utf_16", "utf_32")):
            return match.encoding
    return best.encoding


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_SUSPICIOUS_CONTROLS.findall(text)) / len(text)
