"""Choose the reader of a file by its extension: one table, one entry per format."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from .plain_text import MAX_BYTES, read_text_file


class Reader(Protocol):
    """Reads one file into a document; raises only ``InputFileError`` for a bad file."""

    def __call__(self, path: Path, *, max_bytes: int) -> NewDocument: ...


_READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".md": read_text_file,
}

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(_READERS)


def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> NewDocument:
    """Read ``path`` with the reader of its lower-cased extension.

    Raises :class:`InputFileError` ``"<path>: unsupported file type .xyz"`` for an
    extension outside :data:`SUPPORTED_EXTENSIONS` (``"... unsupported file type (no
    extension)"`` without one), and whatever the reader refuses, with the same error
    type; never anything else for a bad file.
    """
    extension = path.suffix.lower()
    reader = _READERS.get(extension)
    if reader is None:
        kind = extension or "(no extension)"
        raise InputFileError(str(path), f"unsupported file type {kind}")
    return reader(path, max_bytes=max_bytes)
