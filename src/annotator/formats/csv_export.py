"""Write coded highlights as CSV for R, pandas or a spreadsheet, one row at a time.

The table is long: one row per (highlight, tag) pair, and one row with empty ``tag`` and
``tag_path`` for a highlight without tags. Quoting follows RFC 4180 (fields with commas,
double quotes or line breaks are quoted, quotes doubled, rows end with CRLF), so quotes
spanning several lines survive.

Two variants: the plain CSV (for R, pandas and other data tools) writes every cell as it
is, since altering data would break analyses; the spreadsheet CSV (``for_spreadsheet``)
starts with a byte-order mark and makes inert every text cell a spreadsheet would run as
a formula (see :func:`inert_cell`): opened in Excel or LibreOffice, a hostile document's
text stays text.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from annotator.domain.model import Document, Highlight
from annotator.domain.tag_paths import tag_path_text

#: Columns before the attributes, then ``attr:NAME`` per attribute, then the rest.
LEADING_COLUMNS: tuple[str, ...] = ("document_id", "document_title", "document_date")
TRAILING_COLUMNS: tuple[str, ...] = (
    "highlight_id", "quote", "start", "end", "memo", "coder", "created_at", "tag", "tag_path",
)
#: The ``tag_path`` column holds the names parent first, joined by ``/``, a ``/`` inside a
#: name written ``\/`` (``domain.tag_paths.tag_path_text``, as the command line reads it).
#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
#: injection"): ``=``, ``+``, ``-``, ``@``, tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A number as a spreadsheet reads it (``-3``, ``+2.5``, ``-1e-3``): never a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def inert_cell(value: str) -> str:
    """``value`` as a spreadsheet should show it: a cell that would start a formula gets a
    leading ``'`` (the OWASP advice: spreadsheets then take it as text), except a plain
    number such as ``-3.5`` (a negative attribute value), which is data no spreadsheet
    runs. Everything else is unchanged."""
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def highlight_csv_header(attribute_names: Sequence[str]) -> list[str]:
    """The header row: attribute columns are named ``attr:`` + the attribute's name."""
    return [*LEADING_COLUMNS, *(f"attr:{name}" for name in attribute_names), *TRAILING_COLUMNS]


def write_highlight_rows(
    out: IO[str],
    rows: Iterable[tuple[Document, Highlight]],
    tag_paths: Mapping[int, tuple[str, ...]],
    attribute_names: Sequence[str],
    *,
    bom: bool = False,
    for_spreadsheet: bool = False,
) -> int:
    """Write the header and one CSV row per (highlight, tag); return the rows written.

    ``out`` must be opened with ``newline=""`` (the writer emits CRLF itself).
    ``rows`` pairs each highlight with its document and is iterated once, in order,
    so it may be a generator over the project; the document's ``text`` is never used
    (a document read without text is fine). ``tag_paths`` maps every tag id that a
    highlight carries to its name path from the root, e.g. ``("migration", "labour")``;
    a missing id raises ``KeyError``. ``attribute_names`` chooses the attribute columns
    and their order; a document lacking one gets an empty cell. With ``bom=True`` a
    UTF-8 byte-order mark is written first (Excel needs it to read UTF-8).
    ``for_spreadsheet`` writes the spreadsheet variant: a byte-order mark, and every text
    cell passed through :func:`inert_cell` (ids and offsets are never negative numbers).

    Cells: ``None`` is empty, strings as they are, other attribute values as compact
    JSON (``true``, ``3``, ``["a", "b"]``).
    """
    if bom or for_spreadsheet:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(highlight_csv_header(attribute_names))
    count = 0
    for document, highlight in rows:
        leading = [
            document.id,
            document.title,
            document.date or "",
            *(_cell(document.attributes.get(name)) for name in attribute_names),
            highlight.id,
            highlight.quote,
            highlight.start,
            highlight.end,
            highlight.memo,
            highlight.coder,
            highlight.created_at,
        ]
        paths = [tag_paths[tag_id] for tag_id in highlight.tag_ids] or [()]
        for path in paths:
            row = [*leading, path[-1] if path else "", tag_path_text(path)]
            if for_spreadsheet:
                row = [inert_cell(cell) if isinstance(cell, str) else cell for cell in row]
            writer.writerow(row)
            count += 1
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
