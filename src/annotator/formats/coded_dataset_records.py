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
#: The ``version`` this Annotator writes: 2 adds ``memos`` (every kind of memo, with
#: author and times) to version 1, whose only memos are the annotations' ``memo`` texts.
FORMAT_VERSION = 2
#: The versions this Annotator reads.
READABLE_VERSIONS = (1, 2)


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
    #: Who changed it last (version 2, optional); ``None``: its coder.
    modified_by: str | None = None


@dataclass(frozen=True)
class DatasetMemo:
    """A memo of the file: ``kind`` is one of ``domain.memos.MEMO_KINDS``; ``document``
    (document and span memos), ``tag`` (tag memos) and ``annotation`` (highlight memos)
    are file ids; a span memo's ``quote == text[start:end]`` when the document's text is
    present (``len(quote) == end - start`` either way).

    ``id`` is ``None`` for a memo read from an annotation's ``memo`` field (a version 1
    file, or a version 2 annotation without a memo record): its author is then the
    annotation's coder and its times the annotation's.
    """

    id: int | None
    kind: str
    text: str
    author: str
    created_at: str
    modified_at: str
    guid: str | None = None
    document: int | None = None
    tag: int | None = None
    annotation: int | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None


@dataclass(frozen=True)
class CodedDataset:
    """A whole, validated coded-dataset file, records in file order; ``memos`` holds the
    file's memo records, then one per annotation whose ``memo`` no record gives."""

    exported_at: str
    project_name: str
    tags: tuple[DatasetTag, ...]
    documents: tuple[DatasetDocument, ...]
    annotations: tuple[DatasetAnnotation, ...]
    memos: tuple[DatasetMemo, ...] = ()
    version: int = FORMAT_VERSION

    @property
    def has_text(self) -> bool:
        """``True`` when every document carries its text (the file is re-importable)."""
        return all(document.has_text for document in self.documents)
