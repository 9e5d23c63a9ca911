"""The commands on documents as data: ``documents`` (list and filter), ``delete`` and
``attributes`` (variables from a table)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..domain.filters import DocumentFilter, parse_where
from ..domain.model import Attributes, DocumentSummary
from ..domain.wording import plural
from ..output import write_documents
from .opening import open_project
from .status import USER_ERROR

if TYPE_CHECKING:
    from ..services import Project
    from ..services.variable_import import VariableImport

#: Rows read from the project at a time while listing.
_CHUNK = 500
#: Rows of a table that named no document (or several) listed one by one; then a count.
_LISTED_PROBLEMS = 20


def document_filter(project: Project, where: Sequence[str], tagged: Sequence[str] = ()
                    ) -> DocumentFilter:
    """The filter of ``--where NAME=VALUE`` (already well formed) and ``--tagged TAG``;
    an unknown variable or tag raises a :class:`UserError` in one line."""
    values = parse_where(where)
    for name in sorted(values):
        project.variables.get(name)
    return DocumentFilter(tag_ids=frozenset(project.tags.resolve(tag) for tag in tagged),
                          values=values)


def cmd_documents(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        selection = document_filter(project, args.where, args.tagged)
        ids = project.documents.select(selection, "date")
        if not ids and args.format == "table":
            print("No documents match." if not selection.is_empty else "No documents yet.")
            return 0
        variables = [v.name for v in project.variables.all()]
        write_documents(_rows(project, ids), args.format, variables)
    return 0


def _rows(project: Project, ids: list[int]) -> Iterator[tuple[DocumentSummary, Attributes]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        attributes = project.documents.attributes_of(chunk)
        for summary in project.documents.summaries(chunk):
            yield summary, attributes.get(summary.id, {})


def cmd_delete(args: argparse.Namespace) -> int:
    with open_project(args.project, writes=("documents", "highlights")) as project:
        changes = project.documents.delete_many(args.ids)
    print(f"Deleted {plural(len(changes.documents.deleted), 'document')} and "
          f"{plural(len(changes.highlights.deleted), 'highlight')}.")
    return 0


def cmd_attributes(args: argparse.Namespace) -> int:
    from ..services.variable_import import import_variables

    with open_project(args.project, writes=("documents",)) as project:
        result = import_variables(project, args.table, args.key)
    for line in _attribute_report(result):
        print(line)
    for line in _attribute_problems(result):
        print(f"annotator: {args.table}: {line}", file=sys.stderr)
    return 0 if result.preview.matched else USER_ERROR


def _attribute_report(result: VariableImport) -> list[str]:
    preview = result.preview
    by = "file name" if preview.key_matches == "source" else "title"
    changed = len(result.changes.documents.updated)
    if not preview.matched:
        return [f"Matched none of the {plural(preview.rows, 'row')} to a single document "
                f"(by {by}, column {preview.key_column!r}); nothing was set."]
    return [
        f"Matched {preview.matched} of {plural(preview.rows, 'row')} to documents by "
        f"{by} (column {preview.key_column!r}).",
        f"Set {plural(len(preview.variables), 'variable')} "
        f"({_names(preview.variables)}); "
        f"{plural(changed, 'document')} changed.",
    ]


def _names(names: Sequence[str], shown: int = 10) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def _attribute_problems(result: VariableImport) -> list[str]:
    """One line per row that named no document or several (the first
    :data:`_LISTED_PROBLEMS`), then one line counting the rest."""
    preview = result.preview
    problems = sorted(
        [(row, f"row {row}: {value!r} names no document" if value else
          f"row {row}: no value in column {preview.key_column!r}")
         for row, value in preview.unmatched]
        + [(row, f"row {row}: {value!r} names {len(ids)} documents "
                 f"(ids {', '.join(map(str, ids))}); nothing was set")
           for row, value, ids in preview.ambiguous]
    )
    lines = [line for _, line in problems[:_LISTED_PROBLEMS]]
    rest = len(problems) - _LISTED_PROBLEMS
    if rest > 0:
        lines.append(f"{plural(rest, 'more row')} named no document or several")
    return lines
