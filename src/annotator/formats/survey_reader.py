"""Turn a survey table into documents, one per respondent row, through a column mapping.

The window's mapping dialog and the CLI both work with :class:`SurveyMapping`: the
dialog starts from :func:`propose_mapping` and shows :func:`preview_documents`; the
import calls :func:`read_survey`. Everything here is pure (no Qt, no SQL).

A row becomes a :class:`NewDocument` whose

* ``text`` is the row's non-empty text-column answers, each stripped, joined by a blank
  line (a row whose text columns are all empty is skipped and counted);
* ``title`` is the title column's value (white space collapsed, shortened), or
  ``"<file stem>, row N"`` when there is none or it is empty;
* ``date`` is the date column's value as ISO (see :func:`.dates.date_from_value`;
  ``A/B/YYYY`` is month-first unless the column shows itself day-first), or ``None``;
* ``attributes`` maps each attribute column to the row's value, empty values left out;
* ``source`` is ``"<file name>, row N"``, N the spreadsheet row number (header = row 1).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..domain.errors import InputFileError
from ..domain.model import NewDocument
from ..domain.text import normalize_text
from .dates import date_from_value, slash_dates_are_day_first
from .plain_text import MAX_BYTES
from .survey_table import SurveyTable, read_survey_table
from .titles import file_name_text, shorten_title

#: ``title_column`` / ``date_column`` value meaning "no such column" (``None`` means
#: "let :func:`resolve_mapping` propose one").
NO_COLUMN = ""
_DATE_NAME = re.compile(r"time\s*stamp|date|time|submitted|created|fecha|datum|дата|время",
                        re.IGNORECASE)
_TITLE_NAME = re.compile(r"^(?:id|respondent(?:\s*id)?|response\s*id|participant(?:\s*id)?|"
                         r"name|title|interviewee)$", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?%?")
_MIN_DATE_SHARE = 0.9
_MIN_TEXT_DISTINCT = 0.5
_SAMPLE_ROWS = 2000
_REPEATED_OPTION = 3
_MAX_REPEATED_SHARE = 0.5


@dataclass(frozen=True)
class SurveyMapping:
    """Which columns of a survey become a document's text, title, date and attributes.

    ``text_columns``: one or more columns joined into the text (empty: propose one).
    ``title_column`` / ``date_column``: a column name, :data:`NO_COLUMN` for none, or
    ``None`` to propose one. ``attribute_columns``: the columns kept as attributes, or
    ``None`` for every column not used above (columns empty in every row excepted).
    Column names match exactly, else ignoring case and runs of white space.
    """

    text_columns: tuple[str, ...] = ()
    title_column: str | None = None
    date_column: str | None = None
    attribute_columns: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SurveyDocuments:
    """The documents of one survey file, and how many rows had no text to import."""

    documents: list[NewDocument]
    empty_rows: int


def read_survey(path: Path, *, max_bytes: int = MAX_BYTES,
                mapping: SurveyMapping | None = None) -> SurveyDocuments:
    """Read the survey at ``path`` and map its rows to documents (see the module).

    ``mapping`` may be partial (see :func:`resolve_mapping`). Raises only
    :class:`InputFileError`: for the file (see :func:`.survey_table.read_survey_table`),
    for a mapping naming a column the file lacks, and for a table where no row has text.
    """
    table = read_survey_table(path, max_bytes=max_bytes)
    resolved = resolve_mapping(table, mapping or SurveyMapping(), path)
    result = survey_documents(table, resolved, file_name_text(path.name))
    if not result.documents:
        raise InputFileError(str(path), "no row has text in the text column"
                             f"{'s' * (len(resolved.text_columns) > 1)} "
                             f"{', '.join(map(repr, resolved.text_columns))}")
    return result


def propose_mapping(table: SurveyTable) -> SurveyMapping:
    """A complete default mapping for ``table``, from its header and (sampled) values.

    Text: the free-text column with the longest answers on average (at least half of
    its answers distinct; not dates, numbers or comma-joined choices). Date: the first
    column named like a timestamp or date whose values nearly all (90 %) parse as
    dates, else the first such column whatever its name. Title: a column named like an
    id or name whose non-empty values are all distinct, else none. Attributes: every
    other column that is not empty in every row. With no usable text column, the first
    column not taken is used.
    """
    columns = table.columns
    samples = {name: _sample(table, name) for name in columns}
    date_column = _propose_date(columns, samples)
    title_column = _propose_title(columns, samples, date_column)
    taken = {date_column, title_column}
    free_text = [
        (score, name) for name in columns
        if name not in taken and (score := _free_text_score(samples[name])) > 0
    ]
    text = max(free_text)[1] if free_text else next(
        (name for name in columns if name not in taken), columns[0])
    return SurveyMapping(
        text_columns=(text,),
        title_column=title_column or NO_COLUMN,
        date_column=date_column or NO_COLUMN,
        attribute_columns=_other_columns(table, {text, title_column, date_column}),
    )


def resolve_mapping(table: SurveyTable, mapping: SurveyMapping, path: Path) -> SurveyMapping:
    """``mapping`` completed from :func:`propose_mapping` and checked against ``table``.

    Unset parts (empty ``text_columns``, ``None`` title or date column, ``None``
    attributes) come from the proposal, except that an explicit text column is never
    also proposed as the title or date. Names are matched as :class:`SurveyMapping`
    says and returned in the table's spelling. Raises :class:`InputFileError` naming
    any column the table lacks.
    """
    def find(name: str) -> str:
        return _find_column(table, name, path)

    text = tuple(find(name) for name in mapping.text_columns)
    title = find(mapping.title_column) if mapping.title_column else mapping.title_column
    date = find(mapping.date_column) if mapping.date_column else mapping.date_column
    given = SurveyMapping(text, title, date, None if mapping.attribute_columns is None
                          else tuple(find(name) for name in mapping.attribute_columns))
    if text and title is not None and date is not None and given.attribute_columns is not None:
        return given
    proposal = propose_mapping(table)
    if not text:
        text = proposal.text_columns
    if title is None:
        title = proposal.title_column if proposal.title_column not in text else NO_COLUMN
    if date is None:
        date = proposal.date_column if proposal.date_column not in text else NO_COLUMN
    attributes = given.attribute_columns
    if attributes is None:
        attributes = _other_columns(table, {*text, title, date})
    return replace(given, text_columns=text, title_column=title, date_column=date,
                   attribute_columns=attributes)


def survey_documents(table: SurveyTable, mapping: SurveyMapping, file_name: str,
                     *, limit: int | None = None) -> SurveyDocuments:
    """The documents of ``table`` under the complete ``mapping`` (see the module).

    ``file_name`` names the source; with ``limit``, stops after that many documents.
    """
    index = {name: position for position, name in enumerate(table.columns)}
    text_at = [index[name] for name in mapping.text_columns]
    title_at = index.get(mapping.title_column) if mapping.title_column else None
    date_at = index.get(mapping.date_column) if mapping.date_column else None
    attributes_at = [(name, index[name]) for name in mapping.attribute_columns or ()]
    day_first = date_at is not None and slash_dates_are_day_first(
        table.column(table.columns[date_at]))
    stem = Path(file_name).stem
    documents: list[NewDocument] = []
    empty = 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        if limit is not None and len(documents) >= limit:
            break
        text = normalize_text("\n\n".join(row[i].strip() for i in text_at if row[i].strip()))
        if not text.strip():
            empty += 1
            continue
        title = " ".join(row[title_at].split()) if title_at is not None else ""
        documents.append(NewDocument(
            title=shorten_title(title) if title else f"{stem}, row {number}",
            text=text,
            date=date_from_value(row[date_at], day_first=day_first) if date_at is not None
            else None,
            source=f"{file_name}, row {number}",
            attributes={name: row[i] for name, i in attributes_at if row[i].strip()},
        ))
    return SurveyDocuments(documents, empty)


def preview_documents(table: SurveyTable, mapping: SurveyMapping, file_name: str,
                      limit: int = 5) -> list[NewDocument]:
    """The first ``limit`` documents the import would create (for a mapping dialog).

    ``mapping`` may be partial; it is resolved as :func:`read_survey` does. Raises
    :class:`InputFileError` for a column the table lacks.
    """
    resolved = resolve_mapping(table, mapping, Path(file_name))
    return survey_documents(table, resolved, file_name, limit=limit).documents


def _find_column(table: SurveyTable, name: str, path: Path) -> str:
    if name in table.columns:
        return name
    wanted = " ".join(name.split()).casefold()
    for column in table.columns:
        if " ".join(column.split()).casefold() == wanted:
            return column
    shown = ", ".join(repr(c) for c in table.columns[:10])
    more = f" and {len(table.columns) - 10} more" if len(table.columns) > 10 else ""
    raise InputFileError(str(path), f"no column named {name!r} (columns: {shown}{more})")


def _sample(table: SurveyTable, name: str) -> list[str]:
    index = table.columns.index(name)
    return [row[index].strip() for row in table.rows[:_SAMPLE_ROWS] if row[index].strip()]


def _date_share(values: list[str]) -> float:
    if not values:
        return 0.0
    day_first = slash_dates_are_day_first(values)
    return sum(date_from_value(v, day_first=day_first) is not None for v in values) / len(values)


def _propose_date(columns: tuple[str, ...], samples: dict[str, list[str]]) -> str | None:
    dated = [name for name in columns if _date_share(samples[name]) >= _MIN_DATE_SHARE]
    named = [name for name in dated if _DATE_NAME.search(name)]
    candidates = named or dated
    return candidates[0] if candidates else None


def _propose_title(columns: tuple[str, ...], samples: dict[str, list[str]],
                   date_column: str | None) -> str | None:
    for name in columns:
        values = samples[name]
        if (name != date_column and _TITLE_NAME.match(name.strip()) and values
                and len(set(values)) == len(values)):
            return name
    return None


def _free_text_score(values: list[str]) -> float:
    """Average answer length, or 0 for a column that does not look like free text."""
    if not values or len(set(values)) < _MIN_TEXT_DISTINCT * len(values):
        return 0.0
    if _date_share(values) >= _MIN_DATE_SHARE:
        return 0.0
    if sum(bool(_NUMBER.fullmatch(v)) for v in values) >= _MIN_DATE_SHARE * len(values):
        return 0.0
    if _looks_like_choices(values):
        return 0.0
    return sum(len(v) for v in values) / len(values)


def _looks_like_choices(values: list[str]) -> bool:
    """Whether most comma-separated parts of the values are repeated options.

    Multiple-choice exports join the ticked options with commas ("Modelling, Reports");
    the combinations may be mostly distinct, but their parts are a few options repeated
    over and over, while the clauses of free answers rarely recur.
    """
    counts = Counter(part.strip().casefold() for v in values for part in v.split(","))
    total = sum(counts.values())
    repeated = sum(n for n in counts.values() if n >= _REPEATED_OPTION)
    return total > 0 and repeated > _MAX_REPEATED_SHARE * total


def _other_columns(table: SurveyTable, used: set[str | None]) -> tuple[str, ...]:
    return tuple(
        name for position, name in enumerate(table.columns)
        if name not in used and any(row[position].strip() for row in table.rows)
    )
