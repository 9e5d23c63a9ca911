"""Memos as a table: one row per memo, for the CSV of memos and ``annotator memos``.

Columns (:data:`MEMO_COLUMNS`): the memo's id and kind; where it is (``document_id`` and
``document_title`` for document, span and highlight memos; ``tag_id`` and ``tag_path`` for
tag memos; ``highlight_id`` for highlight memos; ``start``, ``end`` and ``quote``, code
points into the document's text, for span memos and a highlight memo's highlight); its
``text``, ``author``, ``created_at``, ``modified_at`` and ``guid``. A field that does not
apply is ``None`` (an empty cell, ``null`` in JSON).

The CSV follows the coded-highlights CSV (``csv_export``): RFC 4180, CRLF; the
spreadsheet variant starts with a byte-order mark and makes formula-like cells inert.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import IO, Any

from annotator.domain.memos import Memo

from ..domain.tag_paths import tag_path_text
from .csv_export import inert_cell

MEMO_COLUMNS: tuple[str, ...] = (
    "memo_id", "kind", "document_id", "document_title", "tag_id", "tag_path",
    "highlight_id", "start", "end", "quote", "text", "author", "created_at", "modified_at",
    "guid",
)

MemoRecord = dict[str, Any]


def memo_record(memo: Memo, document_title: str | None,
                tag_path: tuple[str, ...] | None) -> MemoRecord:
    """One row: ``document_title`` and ``tag_path`` (names from the root) are the caller's
    look-ups for the memo's document and tag (``None`` when it has none)."""
    return {
        "memo_id": memo.id, "kind": memo.kind, "document_id": memo.document_id,
        "document_title": document_title if memo.document_id is not None else None,
        "tag_id": memo.tag_id,
        "tag_path": tag_path_text(tag_path) if tag_path is not None else None,
        "highlight_id": memo.highlight_id, "start": memo.start, "end": memo.end,
        "quote": memo.quote, "text": memo.text, "author": memo.author,
        "created_at": memo.created_at, "modified_at": memo.modified_at, "guid": memo.guid,
    }


def write_memo_csv(out: IO[str], records: Iterable[Mapping[str, Any]], *,
                   for_spreadsheet: bool = False) -> int:
    """Write the header and one row per record; return the rows written. ``out`` must be
    opened with ``newline=""``. ``for_spreadsheet``: a byte-order mark first, and every
    text cell through :func:`~.csv_export.inert_cell`."""
    if for_spreadsheet:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(MEMO_COLUMNS)
    count = 0
    for record in records:
        row = ["" if record[c] is None else record[c] for c in MEMO_COLUMNS]
        if for_spreadsheet:
            row = [inert_cell(cell) if isinstance(cell, str) else cell for cell in row]
        writer.writerow(row)
        count += 1
    return count
