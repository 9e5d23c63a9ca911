"""The memos of a coded-dataset file (version 2's ``memos``, and every version's
annotation ``memo`` texts), read and checked; and the fields this format shares between
its records (time stamps, GUIDs, ids).

A memo record of version 2::

    {"id": 4, "kind": "span", "document": 3, "start": 120, "end": 164, "quote": "...",
     "text": "...", "author": "ana", "created_at": "...Z", "modified_at": "...Z",
     "guid": "..."}

``kind`` is ``project``, ``document`` (with ``document``), ``tag`` (with ``tag``),
``highlight`` (with ``annotation``) or ``span`` (with ``document``, ``start``, ``end``
and ``quote``, code points into the text, end exclusive); no other field is allowed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from annotator.domain.errors import InvalidSpanError
from annotator.domain.memos import MEMO_KINDS
from annotator.domain.spans import check_span

from .coded_dataset_records import DatasetAnnotation, DatasetDocument, DatasetMemo
from .untrusted_json import (
    ShapeError,
    as_object,
    at,
    integer_field,
    preview,
    reject_other_keys,
    string_field,
)

_TIME = (
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
)
MONTH, DAY = r"(?:0[1-9]|1[0-2])", r"(?:0[1-9]|[12][0-9]|3[01])"
_TIMESTAMP = re.compile(rf"[0-9]{{4}}-{MONTH}-{DAY}{_TIME}")
#: The part of an ISO 8601 date-time after the day (documents' dates use it too).
TIME_PATTERN = _TIME

_COMMON_KEYS = frozenset({"id", "kind", "text", "author", "created_at", "modified_at", "guid"})
#: The fields of a memo record of each kind besides the common ones.
_PLACE_KEYS: dict[str, tuple[str, ...]] = {
    "project": (), "document": ("document",), "tag": ("tag",),
    "highlight": ("annotation",), "span": ("document", "start", "end", "quote"),
}


def read_memos(
    items: list[Any], documents: dict[int, DatasetDocument], tag_ids: set[int],
    annotations: tuple[DatasetAnnotation, ...],
) -> tuple[DatasetMemo, ...]:
    """The memo records of ``items`` (version 2's ``memos``), checked against the file,
    then one memo per annotation with a ``memo`` text that no record gives.

    Raises :class:`ShapeError` naming the field: a record of an unknown kind or with a
    field of another kind, an unknown document, tag or annotation, a second memo of one
    place (the project, a document, a tag, an annotation), a span that does not fit its
    document's text or quote, an annotation whose ``memo`` is neither empty nor its
    memo record's text.
    """
    by_annotation = {a.id: a for a in annotations}
    memos: list[DatasetMemo] = []
    index_of: dict[int, int] = {}
    place_of: dict[tuple[str, int | None], int] = {}
    for i, item in enumerate(items):
        where = f"memos[{i}]"
        memo = _memo(item, where)
        claim_id(index_of, memo.id or 0, i, "memos")
        _check_references(memo, where, documents, tag_ids, by_annotation)
        if memo.kind != "span":
            key = (memo.kind, memo.document if memo.kind == "document" else
                   memo.tag if memo.kind == "tag" else memo.annotation)
            first = place_of.setdefault(key, i)
            if first != i:
                raise ShapeError(f"{where}: memos[{first}] is already the memo of this "
                                 f"{_place_words(memo)}")
        memos.append(memo)
    given = {m.annotation: m for m in memos if m.kind == "highlight"}
    for j, annotation in enumerate(annotations):
        record = given.get(annotation.id)
        if record is not None:
            if annotation.memo and annotation.memo != record.text:
                raise ShapeError(f"annotations[{j}].memo: differs from the text of its memo "
                                 f"record memos[{memos.index(record)}]")
        elif annotation.memo:
            memos.append(DatasetMemo(
                None, "highlight", annotation.memo, annotation.coder, annotation.created_at,
                annotation.modified_at or annotation.created_at, annotation=annotation.id))
    return tuple(memos)


def _place_words(memo: DatasetMemo) -> str:
    if memo.kind == "project":
        return "project"
    number = memo.document if memo.kind == "document" else (
        memo.tag if memo.kind == "tag" else memo.annotation)
    return f"{'annotation' if memo.kind == 'highlight' else memo.kind} {number}"


def _memo(item: Any, where: str) -> DatasetMemo:
    obj = as_object(item, where)
    memo_id = integer_field(obj, "id", where)
    kind = string_field(obj, "kind", where)
    if kind not in MEMO_KINDS:
        raise ShapeError(f"{where}.kind: {preview(kind)!r} is not one of "
                         f"{', '.join(MEMO_KINDS)}")
    reject_other_keys(obj, _COMMON_KEYS | frozenset(_PLACE_KEYS[kind]), where)
    numbers = {key: integer_field(obj, key, where, minimum=0 if key in ("start", "end")
                                  else None)
               for key in _PLACE_KEYS[kind] if key != "quote"}
    return DatasetMemo(
        memo_id, kind, string_field(obj, "text", where), string_field(obj, "author", where),
        timestamp(obj, "created_at", where), timestamp(obj, "modified_at", where),
        guid(obj, where), numbers.get("document"), numbers.get("tag"),
        numbers.get("annotation"), numbers.get("start"), numbers.get("end"),
        string_field(obj, "quote", where) if kind == "span" else None,
    )


def _check_references(memo: DatasetMemo, where: str, documents: dict[int, DatasetDocument],
                      tag_ids: set[int], annotations: dict[int, DatasetAnnotation]) -> None:
    if memo.document is not None and memo.document not in documents:
        raise ShapeError(f"{where}.document: unknown document id {memo.document}")
    if memo.tag is not None and memo.tag not in tag_ids:
        raise ShapeError(f"{where}.tag: unknown tag id {memo.tag}")
    if memo.annotation is not None and memo.annotation not in annotations:
        raise ShapeError(f"{where}.annotation: unknown annotation id {memo.annotation}")
    if memo.kind != "span":
        return
    assert memo.document is not None and memo.start is not None and memo.end is not None
    assert memo.quote is not None
    text = documents[memo.document].text
    check_quoted_span(memo.start, memo.end, memo.quote, text, where, memo.document)


def check_quoted_span(start: int, end: int, quote: str, text: str | None, where: str,
                      document: int) -> None:
    """Refuse a span that does not fit ``text`` or whose quote is not the text there (or,
    without the text, whose quote's length is not the span's)."""
    if text is not None:
        try:
            sliced = check_span(text, start, end)
        except InvalidSpanError as error:
            raise ShapeError(f"{where}: {error} (document {document})") from None
        if sliced != quote:
            raise ShapeError(f"{where}: quote does not match the document text at {start}..{end}")
    elif start >= end:
        raise ShapeError(f"{where}: span {start}..{end} is empty (end must be after start)")
    elif len(quote) != end - start:
        raise ShapeError(f"{where}: quote has {len(quote)} characters but the span "
                         f"{start}..{end} covers {end - start}")


# --- fields particular to this format ---------------------------------------------


def timestamp(obj: dict[str, Any], key: str, where: str) -> str:
    """An ISO 8601 date-time field (``YYYY-MM-DDTHH:MM[:SS][zone]``) of a real day."""
    value = string_field(obj, key, where)
    if not _TIMESTAMP.fullmatch(value):
        raise ShapeError(f"{at(where, key)}: {preview(value)!r} is not an ISO 8601 date-time "
                         "(YYYY-MM-DDTHH:MM[:SS][Z])")
    calendar_day(value, at(where, key))
    return value


def calendar_day(value: str, where: str) -> None:
    """Refuse a date whose first ten characters are no day of the calendar."""
    if len(value) >= 10:
        try:
            date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
        except ValueError:
            raise ShapeError(f"{where}: {value[:10]!r} is not a day of the calendar") from None


def guid(obj: dict[str, Any], where: str) -> str | None:
    """The optional ``guid`` field (never empty when present)."""
    if "guid" not in obj:
        return None
    value = string_field(obj, "guid", where)
    if not value:
        raise ShapeError(f"{where}.guid: empty (leave the field out instead)")
    return value


def claim_id(index_of: dict[int, int], record_id: int, index: int, kind: str) -> None:
    """Record that ``kind[index]`` has ``record_id``; refuse an id already used."""
    first = index_of.setdefault(record_id, index)
    if first != index:
        raise ShapeError(f"{kind}[{index}].id: id {record_id} is already used by {kind}[{first}]")
