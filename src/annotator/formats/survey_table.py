"""Load a survey export (``.csv``, ``.tsv``, ``.xlsx``) into a :class:`SurveyTable`.

A survey table is a header of unique column names and rows of strings, nothing else:
mapping columns to documents is :mod:`.survey_reader`'s job. Contracts:

* CSV: any encoding :func:`.decoding.decode_bytes` recognises; the dialect (delimiter
  and quote character) is sniffed from the first 64 kB, comma when in doubt; quoted
  fields may hold delimiters, quotes and line breaks. TSV: tab-separated, same quoting.
* XLSX: the first worksheet, read with openpyxl in read-only mode after the archive
  checks of :func:`.archive_check.open_document_package`; cells become strings (dates as
  ISO ``YYYY-MM-DD[THH:MM:SS]``, whole numbers without ``.0``); formulas give their
  cached values.
* The header is the first non-empty row. An empty header cell becomes ``column N``
  (1-based), a repeated name gets ``.1``, ``.2``... (as pandas does); cells beyond the
  header get ``column N`` columns. Every row has exactly one value per column.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ..domain.errors import InputFileError
from .archive_check import open_document_package, sniff_kind
from .dates import date_from_datetime
from .decoding import decode_bytes
from .plain_text import MAX_BYTES, damaged_reason, read_limited_bytes

SURVEY_EXTENSIONS = frozenset({".csv", ".tsv", ".xlsx"})
WORKBOOK = "an Excel workbook"
#: A table may hold at most this many cells (empty ones included): a hostile sheet can
#: claim a million rows of sixteen thousand columns in a few bytes, and a CSV of tiny
#: cells costs some 60 bytes of memory per cell. 50,000 respondents x 100 questions fit.
MAX_CELLS = 5_000_000
_TOO_MANY_CELLS = f"the table has more than {MAX_CELLS:,} cells (split it into parts)"
_SNIFF_CHARS = 64 * 1024
_DELIMITERS = ",;\t|"

# openpyxl reports a malformed workbook through its own InvalidFileException (added
# where it is imported), zipfile, lxml or ElementTree (ParseError is a SyntaxError),
# and plain KeyError/ValueError/TypeError/IndexError for a missing part or a bad cell
# reference; all of them mean "this workbook is broken".
_BROKEN_WORKBOOK = (SyntaxError, KeyError, ValueError, TypeError, IndexError,
                    zipfile.BadZipFile, zlib.error, EOFError)


@dataclass(frozen=True)
class SurveyTable:
    """A survey's header and rows; ``rows[i]`` is spreadsheet row ``row_numbers[i]``."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]

    def column(self, name: str) -> list[str]:
        """Every value of column ``name`` (raises ``KeyError`` for an unknown column)."""
        try:
            index = self.columns.index(name)
        except ValueError:
            raise KeyError(name) from None
        return [row[index] for row in self.rows]


def read_survey_table(path: Path, *, max_bytes: int = MAX_BYTES) -> SurveyTable:
    """Load the survey at ``path`` by its extension; raise only :class:`InputFileError`.

    Refuses a file over ``max_bytes``, a mis-labelled, binary, undecodable, damaged or
    unsafe file, and a table with no header row ("the table is empty").
    """
    suffix = path.suffix.lower()
    data = read_limited_bytes(path, max_bytes)
    if suffix == ".xlsx":
        rows: Iterable[list[str]] = _xlsx_rows(path, data, max_bytes)
    else:
        rows = _delimited_rows(path, data, tab=suffix == ".tsv")
    return _table(path, rows)


def _delimited_rows(path: Path, data: bytes, *, tab: bool) -> list[list[str]]:
    kind = sniff_kind(data[:16])
    if kind is not None and kind != "an RTF document":
        what = "a TSV table" if tab else "a CSV table"
        hint = " (an Excel workbook? name it .xlsx)" if kind == "a ZIP archive" else ""
        raise InputFileError(str(path), f"{kind}, not {what}{hint}")
    text = decode_bytes(data, str(path))
    if tab:
        dialect: type[csv.Dialect] = csv.excel_tab
    else:
        dialect = _sniff_dialect(text[:_SNIFF_CHARS])
    # One answer may be longer than csv's default 128 kB field limit; the whole file is
    # already bounded by max_bytes, so allow a field as long as the text.
    if csv.field_size_limit() < len(text):
        csv.field_size_limit(len(text))
    # The csv module builds a whole row before we can count it: refuse a text with too
    # many delimiters (an upper bound of its cells) before parsing.
    if text.count(dialect.delimiter) > MAX_CELLS:
        raise InputFileError(str(path), _TOO_MANY_CELLS)
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect, strict=False):
            cells += len(row)
            if cells > MAX_CELLS:
                raise InputFileError(str(path), _TOO_MANY_CELLS)
            rows.append(row)
    except csv.Error as error:
        raise InputFileError(str(path), damaged_reason("a CSV table", error)) from None
    return rows


def _sniff_dialect(sample: str) -> type[csv.Dialect]:
    """The sniffed delimiter and quote if they split the sample evenly, else comma.

    Only those two are taken from :class:`csv.Sniffer`: its guesses of ``doublequote``
    and ``skipinitialspace`` are unreliable on a small sample, and every common export
    doubles quotes inside quoted fields.
    """
    cut = sample.rfind("\n")
    sample = sample[:cut] if cut > 0 else sample
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel

    class Sniffed(csv.excel):
        delimiter = sniffed.delimiter
        quotechar = sniffed.quotechar or '"'

    return max([Sniffed, csv.excel], key=lambda dialect: _consistency(sample, dialect))


def _consistency(sample: str, dialect: type[csv.Dialect]) -> tuple[int, int]:
    """(records with the header's width, header width) in the sample, for ranking."""
    try:
        records = list(csv.reader(io.StringIO(sample, newline=""), dialect))[:50]
    except csv.Error:
        return (0, 0)
    if not records:
        return (0, 0)
    width = len(records[0])
    if width < 2:
        return (0, width)
    return (sum(len(record) == width for record in records), width)


def _xlsx_rows(path: Path, data: bytes, max_bytes: int) -> list[list[str]]:
    # Imported here: openpyxl and lxml take a noticeable time to import, which a window
    # opening a mapping dialog for a CSV file should not pay.
    import openpyxl
    from lxml.etree import LxmlError
    from openpyxl.utils.exceptions import InvalidFileException

    with open_document_package(path, data, WORKBOOK, max_bytes=max_bytes):
        pass
    rows: list[list[str]] = []
    cells = 0
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            for values in sheet.iter_rows(values_only=True):
                cells += len(values)
                if cells > MAX_CELLS:
                    raise InputFileError(str(path), _TOO_MANY_CELLS)
                rows.append(_trimmed([_cell_text(value) for value in values]))
        finally:
            workbook.close()
    except (InvalidFileException, LxmlError, *_BROKEN_WORKBOOK) as error:
        raise InputFileError(str(path), damaged_reason(WORKBOOK, error)) from None
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return date_from_datetime(value.date()) or value.date().isoformat()
        return date_from_datetime(value) or value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _trimmed(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _table(path: Path, records: Iterable[list[str]]) -> SurveyTable:
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, record in enumerate(records, start=1):
        if header is None:
            if any(cell.strip() for cell in record):
                header = _trimmed(record)
            continue
        if any(cell.strip() for cell in record):  # blank lines are not answers
            rows.append(record)
            numbers.append(number)
    if header is None:
        raise InputFileError(str(path), "the table is empty")
    width = max([len(header), *(len(_trimmed(row)) for row in rows)])
    columns = _unique_names([*header, *([""] * (width - len(header)))])
    padded = tuple(
        tuple(row[:width]) + ("",) * (width - min(len(row), width)) for row in rows
    )
    return SurveyTable(columns, padded, tuple(numbers))


def _unique_names(names: list[str]) -> tuple[str, ...]:
    result: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(names, start=1):
        base = " ".join(raw.split()) or f"column {index}"
        name, copy = base, 0
        while name in seen:
            copy += 1
            name = f"{base}.{copy}"
        seen.add(name)
        result.append(name)
    return tuple(result)
