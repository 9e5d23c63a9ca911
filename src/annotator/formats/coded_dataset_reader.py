"""Read and validate a coded-dataset JSON file, refusing hostile or inconsistent input.

The checks are those of the shipped JSON Schema plus what a schema cannot say (unique
ids, references between records, parent cycles, offsets against the text, quotes), done
by hand so that the jsonschema package is not a runtime dependency. The first problem
found, in file order, is reported as one :class:`InputFileError` naming the field, e.g.
``annotations[3]: quote does not match the document text at 120..164`` (array indices
count from 0, as in the JSON).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputFileError
from annotator.domain.palette import is_color
from annotator.domain.tag_tree import MAX_TAG_DEPTH, tag_levels

from .coded_dataset_memos import (
    DAY,
    MONTH,
    TIME_PATTERN,
    calendar_day,
    check_quoted_span,
    claim_id,
    guid,
    read_memos,
    timestamp,
)
from .coded_dataset_records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    READABLE_VERSIONS,
    CodedDataset,
    DatasetAnnotation,
    DatasetDocument,
    DatasetTag,
)
from .untrusted_json import (
    ShapeError,
    array_field,
    as_object,
    describe,
    field,
    integer_field,
    load_json_file,
    preview,
    reject_other_keys,
    string_field,
)

#: Files larger than this are refused before parsing (parsing needs several times the size).
DEFAULT_MAX_BYTES = 2 * 1024**3

_DOCUMENT_DATE = re.compile(rf"[0-9]{{4}}(?:-{MONTH}(?:-{DAY}(?:{TIME_PATTERN})?)?)?")
_SHA256 = re.compile(r"[0-9a-f]{64}")

_TOP_KEYS = frozenset(
    {"format", "version", "exported_at", "project", "tags", "documents", "annotations"}
)
#: Version 2 adds the memos of every kind (see :mod:`.coded_dataset_memos`).
_TOP_KEYS_2 = _TOP_KEYS | {"memos"}
_TAG_KEYS = frozenset({"id", "name", "parent", "color", "description", "guid"})
_DOCUMENT_KEYS = frozenset(
    {"id", "title", "date", "source", "attributes", "sha256", "guid", "text"}
)
_ANNOTATION_KEYS = frozenset(
    {"id", "document", "start", "end", "quote", "tags", "memo", "coder", "created_at",
     "modified_at", "guid", "modified_by"}
)


def read_coded_dataset(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CodedDataset:
    """Read the coded-dataset file at ``path``; raise :class:`InputFileError` if unusable.

    Reads versions 1 and 2 (see :data:`READABLE_VERSIONS`); a version 2 file's memos are
    checked by :func:`~.coded_dataset_memos.read_memos`, and in either version an
    annotation's ``memo`` text becomes a highlight memo (``CodedDataset.memos``).

    Guarantees on the result: ids are unique per kind; every ``parent``, ``document``
    and annotation tag refers to a record of the file; parents form no cycle; sibling
    tags have distinct names; every span satisfies ``0 <= start < end`` and
    ``len(quote) == end - start``, and, when the document's text is present,
    ``end <= len(text)`` and ``text[start:end] == quote``. Documents without text are
    accepted (see :attr:`CodedDataset.has_text`); refusing them is the importer's call.
    Tags nest at most :data:`~annotator.domain.tag_tree.MAX_TAG_DEPTH` levels deep, and
    no string (key or value, anywhere) holds a lone UTF-16 surrogate.

    Hostile input is refused with a message, never a crash: files over ``max_bytes``
    (before parsing), non-UTF-8 bytes, lone surrogates (``"\\ud800"``), NaN or Infinity,
    duplicate keys, absurd nesting, numbers with thousands of digits, floats or booleans
    where integers belong.
    """
    try:
        return _dataset(load_json_file(path, max_bytes=max_bytes))
    except ShapeError as error:
        raise InputFileError(str(path), str(error)) from None


# --- JSON values to records -------------------------------------------------------


def _dataset(data: Any) -> CodedDataset:
    top = as_object(data, "the top level")
    if top.get("format") != FORMAT_NAME:
        raise ShapeError(f'not an Annotator coded dataset ("format" is not "{FORMAT_NAME}")')
    version = integer_field(top, "version", "")
    if version > FORMAT_VERSION:
        raise ShapeError(f"version {version} is newer than this Annotator supports "
                         f"(it reads versions up to {FORMAT_VERSION})")
    if version not in READABLE_VERSIONS:
        raise ShapeError(f"version: expected one of {', '.join(map(str, READABLE_VERSIONS))}, "
                         f"found {version}")
    exported_at = timestamp(top, "exported_at", "")
    project = as_object(field(top, "project", ""), "project")
    project_name = string_field(project, "name", "project")
    reject_other_keys(project, frozenset({"name"}), "project")
    tag_items = array_field(top, "tags", "")
    document_items = array_field(top, "documents", "")
    annotation_items = array_field(top, "annotations", "")
    memo_items = array_field(top, "memos", "") if version >= 2 else []
    reject_other_keys(top, _TOP_KEYS_2 if version >= 2 else _TOP_KEYS, "")
    tags = _tags(tag_items)
    documents = _documents(document_items)
    by_id = {d.id: d for d in documents}
    tag_ids = {t.id for t in tags}
    annotations = _annotations(annotation_items, by_id, tag_ids)
    memos = read_memos(memo_items, by_id, tag_ids, annotations)
    return CodedDataset(exported_at, project_name, tags, documents, annotations, memos,
                        version)


def _tags(items: list[Any]) -> tuple[DatasetTag, ...]:
    tags: list[DatasetTag] = []
    index_of: dict[int, int] = {}
    for i, item in enumerate(items):
        tag = _tag(item, f"tags[{i}]")
        claim_id(index_of, tag.id, i, "tags")
        tags.append(tag)
    for i, tag in enumerate(tags):
        if tag.parent is not None and tag.parent not in index_of:
            raise ShapeError(f"tags[{i}].parent: unknown tag id {tag.parent}")
    parent_of = {tag.id: tag.parent for tag in tags}
    on_cycle = _ids_on_cycles(parent_of)
    for i, tag in enumerate(tags):
        if tag.id in on_cycle:
            raise ShapeError(f"tags[{i}].parent: tag {tag.id} is its own ancestor "
                             f"({_cycle_text(tag.id, parent_of)})")
    levels = tag_levels(parent_of)
    for i, tag in enumerate(tags):
        if levels[tag.id] > MAX_TAG_DEPTH:
            raise ShapeError(f"tags[{i}].parent: tags are nested more than {MAX_TAG_DEPTH} "
                             f"levels deep (Annotator accepts at most {MAX_TAG_DEPTH})")
    sibling_index: dict[tuple[int | None, str], int] = {}
    for i, tag in enumerate(tags):
        first = sibling_index.setdefault((tag.parent, tag.name), i)
        if first != i:
            raise ShapeError(f"tags[{i}].name: {preview(tag.name)!r} is already the name "
                             f"of tags[{first}] under the same parent")
    return tuple(tags)


def _tag(item: Any, where: str) -> DatasetTag:
    obj = as_object(item, where)
    tag_id = integer_field(obj, "id", where)
    name = string_field(obj, "name", where)
    if not name.strip():
        raise ShapeError(f"{where}.name: a tag name cannot be empty")
    parent = field(obj, "parent", where)
    if parent is not None and type(parent) is not int:
        raise ShapeError(f"{where}.parent: expected a tag id or null, found {describe(parent)}")
    color = string_field(obj, "color", where)
    if not is_color(color):
        raise ShapeError(f"{where}.color: {preview(color)!r} is not a #rrggbb colour")
    description = string_field(obj, "description", where)
    tag_guid = guid(obj, where)
    reject_other_keys(obj, _TAG_KEYS, where)
    return DatasetTag(tag_id, name, parent, color, description, tag_guid)


def _ids_on_cycles(parent_of: dict[int, int | None]) -> set[int]:
    """Ids of tags that are their own ancestors; linear in the number of tags."""
    done: set[int] = set()
    on_cycle: set[int] = set()
    for start in parent_of:
        path: list[int] = []
        position: dict[int, int] = {}
        node: int | None = start
        while node is not None and node not in done and node not in position:
            position[node] = len(path)
            path.append(node)
            node = parent_of[node]
        if node is not None and node in position:
            on_cycle.update(path[position[node]:])
        done.update(path)
    return on_cycle


def _cycle_text(tag_id: int, parent_of: dict[int, int | None]) -> str:
    chain = [tag_id]
    node = parent_of[tag_id]
    while node is not None and node != tag_id:
        chain.append(node)
        node = parent_of[node]
    if len(chain) > 8:
        return f"a cycle of {len(chain)} tags"
    return " → ".join(str(i) for i in [*chain, tag_id])


def _documents(items: list[Any]) -> tuple[DatasetDocument, ...]:
    documents: list[DatasetDocument] = []
    index_of: dict[int, int] = {}
    for i, item in enumerate(items):
        document = _document(item, f"documents[{i}]")
        claim_id(index_of, document.id, i, "documents")
        documents.append(document)
    return tuple(documents)


def _document(item: Any, where: str) -> DatasetDocument:
    obj = as_object(item, where)
    document_id = integer_field(obj, "id", where)
    title = string_field(obj, "title", where)
    when = field(obj, "date", where)
    if when is not None and not isinstance(when, str):
        raise ShapeError(f"{where}.date: expected a string or null, found {describe(when)}")
    if when is not None:
        _check_date(when, f"{where}.date")
    source = string_field(obj, "source", where)
    attributes = as_object(field(obj, "attributes", where), f"{where}.attributes")
    sha256 = string_field(obj, "sha256", where)
    if not _SHA256.fullmatch(sha256):
        raise ShapeError(f"{where}.sha256: expected 64 lower-case hexadecimal digits")
    document_guid = guid(obj, where)
    text = string_field(obj, "text", where) if "text" in obj else None
    reject_other_keys(obj, _DOCUMENT_KEYS, where)
    return DatasetDocument(document_id, title, when, source, attributes, sha256, text,
                           document_guid)


def _check_date(value: str, where: str) -> None:
    if not _DOCUMENT_DATE.fullmatch(value):
        raise ShapeError(f"{where}: {preview(value)!r} is not an ISO 8601 date (YYYY, YYYY-MM, "
                         "YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS])")
    calendar_day(value, where)


def _annotations(
    items: list[Any], documents: dict[int, DatasetDocument], tag_ids: set[int]
) -> tuple[DatasetAnnotation, ...]:
    annotations: list[DatasetAnnotation] = []
    index_of: dict[int, int] = {}
    for i, item in enumerate(items):
        where = f"annotations[{i}]"
        annotation = _annotation(item, where)
        claim_id(index_of, annotation.id, i, "annotations")
        document = documents.get(annotation.document)
        if document is None:
            raise ShapeError(f"{where}.document: unknown document id {annotation.document}")
        for j, tag_id in enumerate(annotation.tags):
            if tag_id not in tag_ids:
                raise ShapeError(f"{where}.tags[{j}]: unknown tag id {tag_id}")
        check_quoted_span(annotation.start, annotation.end, annotation.quote, document.text,
                          where, annotation.document)
        annotations.append(annotation)
    return tuple(annotations)


def _annotation(item: Any, where: str) -> DatasetAnnotation:
    obj = as_object(item, where)
    annotation_id = integer_field(obj, "id", where)
    document = integer_field(obj, "document", where)
    start = integer_field(obj, "start", where, minimum=0)
    end = integer_field(obj, "end", where, minimum=0)
    quote = string_field(obj, "quote", where)
    tags: list[int] = []
    for j, tag_id in enumerate(array_field(obj, "tags", where)):
        if type(tag_id) is not int:
            raise ShapeError(f"{where}.tags[{j}]: expected a tag id, found {describe(tag_id)}")
        if tag_id in tags:
            raise ShapeError(f"{where}.tags[{j}]: tag id {tag_id} is listed twice")
        tags.append(tag_id)
    memo = string_field(obj, "memo", where)
    coder = string_field(obj, "coder", where)
    created_at = timestamp(obj, "created_at", where)
    modified_at = timestamp(obj, "modified_at", where) if "modified_at" in obj else None
    annotation_guid = guid(obj, where)
    modified_by = string_field(obj, "modified_by", where) if "modified_by" in obj else None
    reject_other_keys(obj, _ANNOTATION_KEYS, where)
    return DatasetAnnotation(annotation_id, document, start, end, quote, tuple(tags), memo,
                             coder, created_at, modified_at, annotation_guid, modified_by)
