"""Choose the reader of a file by its extension: one table, one entry per format.

Two kinds of files: a document file (``.txt``, ``.md``, ``.html``, ``.docx``, ...) is one
document, read by :func:`read_document`; a survey (``.csv``, ``.tsv``, ``.xlsx``) is one
document per row, read by :func:`read_survey` through a :class:`SurveyMapping`.
:data:`SUPPORTED_EXTENSIONS` holds both.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol, cast

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from .plain_text import MAX_BYTES
from .survey_reader import SurveyDocuments, SurveyMapping, read_survey
from .survey_table import SURVEY_EXTENSIONS

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "SUPPORTED_EXTENSIONS",
    "SURVEY_EXTENSIONS",
    "SurveyDocuments",
    "SurveyMapping",
    "is_survey",
    "read_document",
    "read_survey",
]


class Reader(Protocol):
    """Reads one file into a document; raises only ``InputFileError`` for a bad file."""

    def __call__(self, path: Path, *, max_bytes: int) -> NewDocument: ...


# Extension -> (module, function). Modules are imported on first use: python-docx, pypdf,
# odfpy and lxml together take a third of a second to import, which a window should not
# pay at start-up, nor a batch of plain-text files.
_READERS: dict[str, tuple[str, str]] = {
    ".txt": ("plain_text", "read_text_file"),
    ".md": ("plain_text", "read_text_file"),
    ".markdown": ("plain_text", "read_text_file"),
    ".html": ("html_reader", "read_html_file"),
    ".htm": ("html_reader", "read_html_file"),
    ".xhtml": ("html_reader", "read_html_file"),
    ".docx": ("docx_reader", "read_docx_file"),
    ".odt": ("odt_reader", "read_odt_file"),
    ".rtf": ("rtf_reader", "read_rtf_file"),
    ".pdf": ("pdf_reader", "read_pdf_file"),
}

DOCUMENT_EXTENSIONS: frozenset[str] = frozenset(_READERS)
SUPPORTED_EXTENSIONS: frozenset[str] = DOCUMENT_EXTENSIONS | SURVEY_EXTENSIONS


def is_survey(path: Path) -> bool:
    """Whether ``path`` is read as a survey (one document per row) by its extension."""
    return path.suffix.lower() in SURVEY_EXTENSIONS


def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> NewDocument:
    """Read ``path`` with the reader of its lower-cased extension.

    Raises :class:`InputFileError` ``"<path>: unsupported file type .xyz"`` for an
    extension outside :data:`DOCUMENT_EXTENSIONS` (``"... unsupported file type (no
    extension)"`` without one; a survey extension is refused with a pointer to
    :func:`read_survey`), and whatever the reader refuses, with the same error type;
    never anything else for a bad file.
    """
    extension = path.suffix.lower()
    entry = _READERS.get(extension)
    if entry is None:
        if extension in SURVEY_EXTENSIONS:
            raise InputFileError(str(path), "a survey table holds one document per row "
                                            "(import it as a survey)")
        kind = extension or "(no extension)"
        raise InputFileError(str(path), f"unsupported file type {kind}")
    module, function = entry
    reader = cast(Reader, getattr(importlib.import_module(f"{__package__}.{module}"), function))
    return reader(path, max_bytes=max_bytes)
