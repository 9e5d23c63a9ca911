"""Write a project as coded-dataset JSON (see DESIGN.md, "Coded-dataset JSON"), streamed.

The writer holds one record at a time: each tag, document and annotation is serialised
by its own ``json.dumps`` and written on its own line, so memory does not grow with the
size of the project and the output diffs well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from annotator.domain.memos import Memo
from annotator.domain.model import Document, Highlight, Tag

from .coded_dataset_records import FORMAT_NAME, FORMAT_VERSION


def write_coded_dataset(
    out: TextIO,
    *,
    project_name: str,
    exported_at: str,
    tags: Iterable[Tag],
    documents: Iterable[Document],
    highlights: Iterable[Highlight],
    memos: Iterable[Memo] = (),
    include_text: bool = True,
) -> None:
    """Write one coded-dataset file (version :data:`FORMAT_VERSION`) to ``out`` (a text
    stream, best opened as UTF-8).

    ``tags``, ``documents``, ``highlights`` and ``memos`` are each iterated exactly once,
    in that order, so they may be generators reading from the project. Ids in the file are
    the records' ids as given (a tag's ``parent`` is its ``parent_id``, an annotation's
    ``tags`` its ``tag_ids`` in order, a memo's ``document``, ``tag`` and ``annotation``
    its ``document_id``, ``tag_id`` and ``highlight_id``). An annotation's ``memo`` is
    ``Highlight.memo``, the text of its memo record. Non-empty ``guid`` values are written so that
    identifiers survive a round trip. With ``include_text=False`` the documents carry no
    ``text`` field (the file can then be analysed but not re-imported as a project).

    Nothing is checked here: the records come from a project, whose invariants already
    hold. Non-ASCII characters are written as they are (``ensure_ascii=False``).
    """
    out.write("{\n")
    out.write(f'  "format": {_dumps(FORMAT_NAME)},\n')
    out.write(f'  "version": {_dumps(FORMAT_VERSION)},\n')
    out.write(f'  "exported_at": {_dumps(exported_at)},\n')
    out.write(f'  "project": {_dumps({"name": project_name})},\n')
    _write_array(out, "tags", (_tag_record(tag) for tag in tags))
    out.write(",\n")
    _write_array(
        out, "documents", (_document_record(doc, include_text) for doc in documents)
    )
    out.write(",\n")
    _write_array(out, "annotations", (_annotation_record(h) for h in highlights))
    out.write(",\n")
    _write_array(out, "memos", (memo_record(m) for m in memos))
    out.write("\n}\n")


def _dumps(value: Any) -> str:
    # allow_nan=False: a NaN in an attribute would make the file unreadable JSON.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _write_array(out: TextIO, key: str, records: Iterator[dict[str, Any]]) -> None:
    """Write ``"key": [...]`` with one record per line, without closing comma."""
    out.write(f"  {_dumps(key)}: [")
    separator = "\n    "
    wrote_any = False
    for record in records:
        out.write(separator)
        out.write(_dumps(record))
        separator = ",\n    "
        wrote_any = True
    out.write("\n  ]" if wrote_any else "]")


def _tag_record(tag: Tag) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": tag.id,
        "name": tag.name,
        "parent": tag.parent_id,
        "color": tag.color,
        "description": tag.description,
    }
    if tag.guid:
        record["guid"] = tag.guid
    return record


def _document_record(document: Document, include_text: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "date": document.date,
        "source": document.source,
        "attributes": document.attributes,
        "sha256": document.sha256,
    }
    if document.guid:
        record["guid"] = document.guid
    if include_text:
        # Last, so that the short fields stay readable at the start of the line.
        record["text"] = document.text
    return record


def _annotation_record(highlight: Highlight) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": highlight.id,
        "document": highlight.document_id,
        "start": highlight.start,
        "end": highlight.end,
        "quote": highlight.quote,
        "tags": list(highlight.tag_ids),
        "memo": highlight.memo,
        "coder": highlight.coder,
        "created_at": highlight.created_at,
    }
    if highlight.modified_at:
        record["modified_at"] = highlight.modified_at
    if highlight.modified_by and highlight.modified_by != highlight.coder:
        record["modified_by"] = highlight.modified_by
    if highlight.guid:
        record["guid"] = highlight.guid
    return record


def memo_record(memo: Memo) -> dict[str, Any]:
    """A memo as the file holds it: its place's fields for its kind only (see
    ``coded_dataset_memos``)."""
    record: dict[str, Any] = {"id": memo.id, "kind": memo.kind}
    if memo.kind in ("document", "span"):
        record["document"] = memo.document_id
    if memo.kind == "tag":
        record["tag"] = memo.tag_id
    if memo.kind == "highlight":
        record["annotation"] = memo.highlight_id
    if memo.kind == "span":
        record.update(start=memo.start, end=memo.end, quote=memo.quote)
    record.update(text=memo.text, author=memo.author, created_at=memo.created_at,
                  modified_at=memo.modified_at)
    if memo.guid:
        record["guid"] = memo.guid
    return record
