"""Read a plain-text or Markdown file into a :class:`NewDocument`, title and date included.

The stored text is the whole decoded file after :func:`normalize_text` and nothing else:
boilerplate such as a ``« Back`` line stays, so offsets always refer to what the file
said. Title and date come from :func:`title_and_date`: the title is the file name
without its extension, unless the text has the news-page shape of the sample.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from ..domain.text import normalize_text
from .dates import date_from_filename, date_from_text_header, date_time_from_stamp
from .decoding import NO_TEXT, decode_normalized
from .titles import file_name_text, file_name_title, metadata_title

MAX_BYTES = 50_000_000
#: What :func:`read_limited_bytes` asks for beyond the size the file had when opened.
_CHUNK = 1 << 16
# The sample's "« Back" link line, and the same written with ASCII "<<".
_BACK_LINE = re.compile(r"(?:«|<<)\s*Back")
_OS_REASONS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a file",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENOTDIR: "no such file (a part of the path is not a folder)",
}


def read_text_file(path: Path, *, max_bytes: int = MAX_BYTES) -> NewDocument:
    """Read the text file at ``path``; raise only :class:`InputFileError` for a bad file.

    The result's ``text`` is ``normalize_text`` of the decoded content (see
    :func:`annotator.formats.decoding.decode_bytes` for the encodings recognised and the
    refusals), ``title`` and ``date`` come from :func:`title_and_date`, ``source`` is the
    file name without its folder, ``attributes`` is empty. A file larger than
    ``max_bytes`` is refused before it is read whole ("the file is larger than the 50 MB
    limit"); a folder, a device or a missing or unreadable file is refused with the
    system's reason ("no such file", "permission denied", ...).
    """
    return text_from_bytes(read_limited_bytes(path, max_bytes), path)


def text_from_bytes(data: bytes, path: Path) -> NewDocument:
    """The document in ``data``, the bytes of a text file at ``path`` (which need not
    exist: a packaged resource has no file); as :func:`read_text_file` after reading."""
    text = decode_normalized(data, str(path))
    title, date = title_and_date(text, path.name)
    return NewDocument(title=title, text=text, date=date, source=file_name_text(path.name),
                       attributes={})


def document_from_text(
    path: Path, raw_text: str, *, title: str | None = None, metadata_date: str | None = None
) -> NewDocument:
    """The document a non-plain-text reader extracted ``raw_text`` from, at ``path``.

    The shared last step of every reader: ``text`` is ``normalize_text(raw_text)`` (a
    text that is only white space is refused with "the file holds no text"); the title
    is ``title``, the file's metadata title, when :func:`.titles.metadata_title` keeps it
    (on one line, shortened; not blank, not a placeholder such as "Untitled"), else the
    one :func:`title_and_date` finds (the news-page title, else the file name without
    its extension); the date is :func:`title_and_date`'s (text header, then file name),
    else ``metadata_date`` — document metadata comes last because templates and
    converters often stamp it with a date that is not the document's.
    """
    text = normalize_text(raw_text)
    if not text.strip():
        raise InputFileError(str(path), NO_TEXT)
    found_title, date = title_and_date(text, path.name)
    return NewDocument(
        title=metadata_title(title) or found_title,
        text=text,
        date=date or metadata_date,
        source=file_name_text(path.name),
        attributes={},
    )


def damaged_reason(kind: str, error: BaseException) -> str:
    """The one-line refusal for a file a parser choked on: "a damaged <kind> (<error>)"."""
    lines = str(error).strip().splitlines()
    detail = f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__
    return f"a damaged {kind.split(' ', 1)[-1]} ({detail})"


def title_and_date(text: str, file_name: str) -> tuple[str, str | None]:
    """The title and ISO date of normalised ``text`` read from the file ``file_name``.

    The news-page shape (a title line, a ``« Back`` line, the title again followed by a
    ``DD.MM.YYYY HH:MM`` timestamp on the same line or the next non-empty line) gives
    that title, whole, and the timestamp as ``YYYY-MM-DDTHH:MM``. Otherwise the title is
    :func:`.titles.file_name_title` (the file name without its extension, as QDA tools
    name documents: a first line is often a salutation a whole corpus shares) and the
    date is :func:`date_from_text_header`, else :func:`date_from_filename`, else
    ``None``.
    """
    news = _news_page_title_and_date(_first_nonempty_lines(text, 4))
    if news is not None:
        return news
    date = date_from_text_header(text) or date_from_filename(file_name)
    return file_name_title(file_name), date


def _first_nonempty_lines(text: str, count: int) -> list[str]:
    found: list[str] = []
    start = 0
    while len(found) < count and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line:
            found.append(line)
        start = end + 1
    return found


def _news_page_title_and_date(lines: list[str]) -> tuple[str, str] | None:
    if len(lines) < 3 or not _BACK_LINE.fullmatch(lines[1]):
        return None
    title = lines[0]
    if not lines[2].startswith(title):
        return None
    rest = lines[2][len(title):].strip()
    if not rest and len(lines) > 3:
        rest = lines[3]
    stamp = date_time_from_stamp(rest)
    return (title, stamp) if stamp is not None else None


def read_limited_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing anything but a regular file of at most ``max_bytes``.

    Every reader starts here: a folder, a device, a FIFO, a missing or unreadable file,
    or one larger than ``max_bytes`` is refused with :class:`InputFileError` (the
    system's reason, or "the file is larger than the 50 MB limit") before more than
    ``max_bytes + 1`` bytes are read. Never raises anything else.
    """
    name = str(path)
    try:
        # Check before opening: opening a FIFO would block until a writer appears.
        _check_kind(name, path.stat())
        # Unbuffered: the data is read once, straight into the result.
        with open(path, "rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            _check_kind(name, info)
            if info.st_size > max_bytes:
                raise InputFileError(name, too_large_reason(max_bytes))
            # Ask for what the file holds (read(n) reserves n bytes up front), then for
            # whatever it grew by since fstat (or a short read left), never past the limit.
            chunks = [handle.read(min(info.st_size, max_bytes) + 1)]
            size = len(chunks[0])
            while size <= max_bytes and (more := handle.read(min(max_bytes + 1 - size, _CHUNK))):
                chunks.append(more)
                size += len(more)
            data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as error:
        raise InputFileError(name, _os_reason(error)) from None
    except MemoryError:
        raise InputFileError(name, "not enough memory to read the file") from None
    if len(data) > max_bytes:
        raise InputFileError(name, too_large_reason(max_bytes))
    return data


def _check_kind(name: str, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(name, _OS_REASONS[errno.EISDIR])
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(name, "not a regular file")


def too_large_reason(max_bytes: int) -> str:
    """The refusal for a file (or its unpacked content) above ``max_bytes``."""
    if max_bytes >= 1_000_000:
        size = f"{max_bytes / 1_000_000:g} MB"
    elif max_bytes >= 1000:
        size = f"{max_bytes / 1000:g} kB"
    else:
        size = f"{max_bytes} bytes"
    return f"the file is larger than the {size} limit"


def _os_reason(error: OSError) -> str:
    if error.errno in _OS_REASONS:
        return _OS_REASONS[error.errno]
    return (error.strerror or str(error) or "cannot be read").lower()
