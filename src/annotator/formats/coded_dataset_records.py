"""The records of a coded-dataset JSON file as read back, and the format's constants.

These mirror the file, not the project: ids are the file's ids (``parent``, ``document``
and ``tags`` refer to them), and a document's ``text`` is ``None`` when the file was
exported without texts. The importer maps them onto new project ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The value of the top-level ``format`` field.
FORMAT_NAME = "annotator/coded-dataset"
#: The only ``version`` this Annotator reads and writes.
FORMAT_VERSION = 1


@dataclass(frozen=True)
class DatasetTag:
    """A tag of the file's codebook; ``parent`` is another tag's ``id`` or ``None``."""

    id: int
    name: str
    parent: int | None
    color: str
    description: str
    guid: str | None = None


@dataclass(frozen=True)
class DatasetDocument:
    """A document of the file; ``text`` is ``None`` when it was exported with ``--no-text``."""

    id: int
    title: str
    date: str | None
    source: str
    attributes: dict[str, Any]
    sha256: str
    text: str | None = None
    guid: str | None = None

    @property
    def has_text(self) -> bool:
        """``True`` when the file carries this document's text."""
        return self.text is not None


@dataclass(frozen=True)
class DatasetAnnotation:
    """A coded span: ``document`` and ``tags`` are file ids, offsets are code points.

    When the document's text is present, ``quote == text[start:end]`` is guaranteed by
    the reader; ``len(quote) == end - start`` holds either way.
    """

    id: int
    document: int
    start: int
    end: int
    quote: str
    tags: tuple[int, ...]
    memo: str
    coder: str
    created_at: str
    modified_at: str | None = None
    guid: str | None = None


@dataclass(frozen=True)
class CodedDataset:
    """A whole, validated coded-dataset file, records in file order."""

    exported_at: str
    project_name: str
    tags: tuple[DatasetTag, ...]
    documents: tuple[DatasetDocument, ...]
    annotations: tuple[DatasetAnnotation, ...]

    @property
    def has_text(self) -> bool:
        """``True`` when every document carries its text (the file is re-importable)."""
        return all(document.has_text for document in self.documents)
