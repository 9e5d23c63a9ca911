"""Load document variables from a table (``.csv``, ``.tsv``, ``.xlsx``): each row names a
document by its key column, and every other column becomes a variable of that document.

Contracts (the CLI's ``annotator attributes`` and the window's File ▸ Import variables…):

* **Which document a row names.** The key column's value is compared with the documents'
  source file names (the last part of ``source``, with or without its extension:
  ``kremlin-en-37383.txt`` and ``kremlin-en-37383`` both name that file) or with their
  titles (white space runs count as one space). An exact match wins; only when there is
  none is case ignored. A row names *one* document, *several* (ambiguous: nothing is
  written to them) or *none* (unmatched).
* **Which column is the key.** The one given; else the first column with a value that
  names a document by its file name; else the first with a value that names one by its
  title. A key that names no document is refused in one line naming the columns tried.
* **Values.** A cell's text is tidied: in each line, every run of white space (spaces,
  tabs, no-break spaces) becomes one space, and blank lines at either end go, so that
  values which look alike are alike (a spreadsheet's ``The\xa0Kremlin, Moscow`` and
  ``The Kremlin, Moscow`` are one place). An empty cell gives no value and leaves the
  document's value for that variable as it was (a table does not erase what it does not
  mention). A column whose every non-empty cell is a whole number written plainly
  (``0``, ``42``, ``-7``; no ``+``, no leading zero, at most 15 digits, so exact in any
  JSON reader) is stored as JSON numbers: the coded-dataset JSON then holds ``4`` rather
  than ``"4"``, and REFI-QDA exports declare the variable ``Integer``. Every other column
  stays text (``007``, ``3.50``, dates and times keep their spelling). A column named like
  an existing variable sets that variable; when two rows name one document, the later
  row's non-empty cells win.
* **Bad tables.** A table that cannot be read (empty, binary, mis-encoded, damaged,
  too large or with too many cells: :func:`~annotator.formats.survey_table.read_survey_table`)
  raises a :class:`UserError` naming the file, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..domain.errors import UserError
from ..domain.model import Attributes, Changes
from ..domain.text import normalize_attributes, normalize_text
from ..formats.survey_table import SURVEY_EXTENSIONS, SurveyTable, read_survey_table

if TYPE_CHECKING:
    from .project import Project

KeyMatches = Literal["source", "title"]
#: Rows kept in a preview's ``sample``.
SAMPLE_ROWS = 20
_WHOLE_NUMBER = re.compile(r"0|-?[1-9][0-9]{0,14}")
_LISTED_COLUMNS = 10
#: White space that :func:`_tidy` changes: any but a single space between two words.
_UNTIDY = re.compile(r"^\s|\s$|\s\s|[^\S ]")


@dataclass(frozen=True)
class VariableTablePreview:
    """What importing the table at ``path`` would do (or did).

    ``columns``: the table's unique column names; ``key_column``: the column naming the
    documents, whose values were matched against ``key_matches``; ``variables``: the other
    columns, which become variables; ``rows``: data rows read; ``matched``: rows naming
    exactly one document; ``unmatched``: ``(row, key value)`` of rows naming none;
    ``ambiguous``: ``(row, key value, document ids)`` of rows naming several (rows are
    numbered as in the file, the header being row 1 when it is the first line);
    ``sample``: the first :data:`SAMPLE_ROWS` rows, every column as text.
    """

    path: Path
    columns: tuple[str, ...]
    key_column: str
    key_matches: KeyMatches
    variables: tuple[str, ...]
    rows: int
    matched: int
    unmatched: tuple[tuple[int, str], ...]
    ambiguous: tuple[tuple[int, str, tuple[int, ...]], ...]
    sample: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class VariableImport:
    """The result of :func:`import_variables`: ``changes`` lists the documents whose
    attributes changed, ``before`` holds each one's attributes before (for
    :func:`restore_attributes`, the undo)."""

    preview: VariableTablePreview
    changes: Changes
    before: Mapping[int, Attributes]


def preview_variables(project: Project, path: Path, key: str | None = None
                      ) -> VariableTablePreview:
    """What :func:`import_variables` would do with the table at ``path``; writes nothing.

    Raises :class:`UserError` (one line naming the file) for a table that cannot be read,
    an unknown ``key`` column, or a key that names no document.
    """
    table = _read(path)
    with project.store.read_snapshot():
        return _plan(project, path, table, key).preview


def import_variables(project: Project, path: Path, key: str | None = None) -> VariableImport:
    """Set the variables of the table at ``path`` on the documents its rows name, in one
    transaction (see the module's contracts); raises as :func:`preview_variables` does,
    having written nothing."""
    table = _read(path)
    before: dict[int, Attributes] = {}
    with project.transaction():
        plan = _plan(project, path, table, key)
        documents = project.store.documents
        for document_id, values in plan.values.items():
            old = plan.attributes[document_id]
            new = normalize_attributes({**old, **values})
            if new != old:
                before[document_id] = old
                documents.update(document_id, attributes=new)
    return VariableImport(plan.preview, Changes.updated("documents", *before), before)


def restore_attributes(project: Project, before: Mapping[int, Attributes]) -> Changes:
    """Give each document of ``before`` those attributes again (the undo of
    :func:`import_variables`), in one transaction; a document gone since is refused
    (:class:`~annotator.domain.errors.NotFoundError`) and nothing is written."""
    documents = project.store.documents
    with project.transaction():
        for document_id in before:
            documents.get_without_text(document_id)
        for document_id, attributes in before.items():
            documents.update(document_id, attributes=dict(attributes))
    return Changes.updated("documents", *before)


# -- reading and matching ---------------------------------------------------------------------
def _read(path: Path) -> SurveyTable:
    if path.suffix.lower() not in SURVEY_EXTENSIONS:
        raise UserError(f"{path}: not a table of variables; give a .csv, .tsv or .xlsx file")
    table = read_survey_table(path)
    if not table.rows:
        raise UserError(f"{path}: the table has a header but no rows")
    if len(table.columns) < 2:
        raise UserError(f"{path}: the table has one column ({table.columns[0]!r}); it needs "
                        "a column naming the documents and at least one column of values")
    return table


@dataclass(frozen=True)
class _Plan:
    """The preview, each matched document's current attributes, and the values to set."""

    preview: VariableTablePreview
    attributes: dict[int, Attributes]
    values: dict[int, dict[str, Any]]


#: Indexes of documents by a label, tried together (a file name, then its stem).
_Tier = tuple[dict[str, list[int]], ...]


class _DocumentNames:
    """The project's documents by file name and by title, for naming them from a cell.

    Each look-up tries its tiers in order (exact, then without regard to case) and
    returns the ids of the first tier that knows the value."""

    def __init__(self, documents: Iterable[tuple[int, str, str]]) -> None:
        self._by_source: tuple[dict[str, list[int]], ...] = ({}, {}, {}, {})
        self._by_title: tuple[dict[str, list[int]], ...] = ({}, {})
        for document_id, source, title in documents:
            name = _file_name(source)
            if name:
                stem = name.rpartition(".")[0] or name
                for index, label in enumerate((name, stem, name.casefold(), stem.casefold())):
                    _add(self._by_source[index], label, document_id)
            title = _spaced(title)
            for index, label in enumerate((title, title.casefold())):
                _add(self._by_title[index], label, document_id)

    def ids(self, value: str, matches: KeyMatches) -> list[int]:
        """The documents that ``value`` names by their file name or by their title."""
        if matches == "source":
            label = _file_name(value)
            tiers: tuple[_Tier, _Tier] = ((self._by_source[0], self._by_source[1]),
                     (self._by_source[2], self._by_source[3]))
        else:
            label = _spaced(value)
            tiers = ((self._by_title[0],), (self._by_title[1],))
        if not label:
            return []
        for exact in tiers[0]:
            found = exact.get(label)
            if found:
                return sorted(set(found))
        folded = label.casefold()  # only when no exact match: most tables match exactly
        for caseless in tiers[1]:
            found = caseless.get(folded)
            if found:
                return sorted(set(found))
        return []


def _add(index: dict[str, list[int]], label: str, document_id: int) -> None:
    index.setdefault(label, []).append(document_id)


def _file_name(source: str) -> str:
    """The last part of a path, whichever separator it uses."""
    return source.replace("\\", "/").rstrip("/").rpartition("/")[2].strip()


def _spaced(text: str) -> str:
    return " ".join(normalize_text(text).split())


def _plan(project: Project, path: Path, table: SurveyTable, key: str | None) -> _Plan:
    attributes: dict[int, Attributes] = {}
    labels: list[tuple[int, str, str]] = []
    for document in project.store.documents.iterate(with_text=False):
        attributes[document.id] = document.attributes
        labels.append((document.id, document.source, document.title))
    if not labels:
        raise UserError(f"{path}: the project has no documents for the table to name")
    names = _DocumentNames(labels)
    key_column, matches = _key(path, table, names, key)
    key_index = table.columns.index(key_column)
    variables = tuple(c for c in table.columns if c != key_column)
    cells = _typed_columns(table, [table.columns.index(c) for c in variables])
    unmatched: list[tuple[int, str]] = []
    ambiguous: list[tuple[int, str, tuple[int, ...]]] = []
    values: dict[int, dict[str, Any]] = {}
    for position, (number, row) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        ids = names.ids(row[key_index], matches)
        if len(ids) == 1:
            given = values.setdefault(ids[0], {})
            for name, column in zip(variables, cells, strict=True):
                if column[position] is not None:
                    given[name] = column[position]
        elif ids:
            ambiguous.append((number, row[key_index].strip(), tuple(ids)))
        else:
            unmatched.append((number, row[key_index].strip()))
    preview = VariableTablePreview(
        path=path, columns=table.columns, key_column=key_column, key_matches=matches,
        variables=variables, rows=len(table.rows),
        matched=len(table.rows) - len(unmatched) - len(ambiguous),
        unmatched=tuple(unmatched), ambiguous=tuple(ambiguous),
        sample=table.rows[:SAMPLE_ROWS],
    )
    return _Plan(preview, {i: attributes[i] for i in values}, values)


def _key(path: Path, table: SurveyTable, names: _DocumentNames, key: str | None
         ) -> tuple[str, KeyMatches]:
    """The key column and what its values name (see the module's contracts)."""
    if key is not None and key not in table.columns:
        raise UserError(f"{path}: no column named {key!r} (columns: "
                        f"{_listed(table.columns)})")
    tried = (key,) if key is not None else table.columns
    for matches in ("source", "title"):
        for column in tried:
            if any(names.ids(value, matches) for value in table.column(column)):
                return column, matches
    what = f"column {key!r}" if key is not None else f"columns {_listed(tried)}"
    raise UserError(f"{path}: no value in {what} names a document of the project by its "
                    "file name or title")


def _listed(columns: tuple[str, ...]) -> str:
    shown = ", ".join(repr(c) for c in columns[:_LISTED_COLUMNS])
    more = len(columns) - _LISTED_COLUMNS
    return shown + (f" and {more} more" if more > 0 else "")


def _typed_columns(table: SurveyTable, indexes: list[int]) -> list[list[Any]]:
    """Each column's cells as values to store: ``None`` for an empty cell, ``int`` in a
    column of whole numbers, else the stripped text."""
    columns: list[list[Any]] = []
    for index in indexes:
        cells: list[Any] = [_tidy(row[index]) or None for row in table.rows]
        given = [cell for cell in cells if cell is not None]
        if given and all(_WHOLE_NUMBER.fullmatch(cell) for cell in given):
            cells = [None if cell is None else int(cell) for cell in cells]
        columns.append(cells)
    return columns


def _tidy(cell: str) -> str:
    """``cell`` with each run of white space in a line (spaces, tabs, no-break spaces)
    made one space, and no blank lines at either end: ``The\xa0Kremlin`` and ``The
    Kremlin`` are one value, which a reader could not tell apart."""
    cell = normalize_text(cell)
    if _UNTIDY.search(cell) is None:
        return cell
    lines = (" ".join(line.split()) for line in cell.split("\n"))
    return "\n".join(lines).strip()
