"""A :class:`~annotator.domain.filters.DocumentFilter` as SQL: the documents it selects.

:func:`selection_sql` gives ``SELECT id FROM documents d WHERE ...`` for a filter, which
the document list, the quotes, the statistics and the CLI use as a sub-query
(``document_id IN (...)``). Each part reads an index: the full-text index for the
search query (see :mod:`.full_text`),
``documents_date`` for dates, ``tag_document_counts`` (one row per tag and document) for
tags, ``document_values_by_value`` for variable values. A coder condition reads the
highlights themselves (their ``coder``), and makes a tag condition ask for those coders'
highlights of the tags; :func:`coder_condition` is the same condition for the queries
that count highlights.
"""

from __future__ import annotations

from ..domain.filters import DocumentFilter
from ..domain.search_query import SearchQuery, parse_query
from .document_day import DOCUMENT_DAY as _DAY
from .full_text import MATCHING_DOCUMENTS, match_expression
from .rows import ConnectionUser


def selection_sql(selection: DocumentFilter, matching: SearchQuery | None = None
                  ) -> tuple[str, list[object]]:
    """``SELECT d.id FROM documents d WHERE ...`` and its parameters: the documents the
    filter selects that also match the search query ``matching``, if given."""
    where, params = selection_where(selection, matching)
    return f"SELECT d.id FROM documents d WHERE {where}", params


def selection_where(selection: DocumentFilter, matching: SearchQuery | None = None, *,
                    scan: bool = False) -> tuple[str, list[object]]:
    """The ``WHERE`` clause of :func:`selection_sql` (on ``documents d``) and its
    parameters. With ``scan``, SQLite is told not to look up each document a search
    matches (``+d.id``): a search may match every document, which the planner cannot
    know, and the look-up of each to sort it by date reads its text, stored before the
    date (0.5 s at 100,000 documents); it then walks the index of the sort instead."""
    conditions: list[str] = []
    params: list[object] = []
    queries = [parse_query(selection.text)] if selection.text.strip() else []
    for query in [*queries, *([matching] if matching is not None else [])]:
        conditions.append(f"{'+' if scan else ''}d.id IN ({MATCHING_DOCUMENTS})")
        params.append(match_expression(query))
    if selection.first_day or selection.last_day:
        conditions.append("d.date IS NOT NULL")
    if selection.first_day:
        conditions.append(f"{_DAY} >= ?")
        params.append(selection.first_day)
    if selection.last_day:
        # As many characters as the bound has: 2018-02 includes every day of February.
        conditions.append(f"substr({_DAY}, 1, ?) <= ?")
        params += [len(selection.last_day), selection.last_day]
    if selection.coders:
        coders, coder_params = coder_condition("coder", selection.coders)
        conditions.append(f"d.id IN (SELECT document_id FROM highlights WHERE {coders})")
        params += coder_params
    if selection.tag_ids:
        tag_conditions, tag_params = _tag_conditions(selection)
        conditions += tag_conditions
        params += tag_params
    for name in sorted(selection.values):
        allowed = selection.values[name]
        condition, values = _value_condition(name, allowed)
        conditions.append(condition)
        params += values
    return " AND ".join(conditions) or "1", params


def coder_condition(column: str, coders: frozenset[str]) -> tuple[str, list[object]]:
    """``column IN (...)`` for ``coders`` (a highlight's coder column, e.g. ``h.coder``),
    and its parameters, in a stable order."""
    names = sorted(coders)
    return f"{column} IN ({','.join('?' * len(names))})", list(names)


def _tag_conditions(selection: DocumentFilter) -> tuple[list[str], list[object]]:
    """Documents carrying any / all / none of the filter's tags; with coders, carrying
    them on those coders' highlights."""
    if selection.coders:
        coders, coder_params = coder_condition("h.coder", selection.coders)
        source = ("SELECT ht.document_id FROM highlight_tags ht JOIN highlights h "
                  f"ON h.id = ht.highlight_id WHERE {coders} AND ht.tag_id")
    else:
        source, coder_params = "SELECT document_id FROM tag_document_counts WHERE tag_id", []
    tags = sorted(selection.tag_ids)
    if selection.tag_match in ("any", "none"):
        negation = "NOT " if selection.tag_match == "none" else ""
        marks = ",".join("?" * len(tags))
        return [f"d.id {negation}IN ({source} IN ({marks}))"], [*coder_params, *tags]
    conditions: list[str] = []
    params: list[object] = []
    for tag in tags:
        conditions.append(f"d.id IN ({source} = ?)")
        params += [*coder_params, tag]
    return conditions, params


def _value_condition(name: str, allowed: frozenset[str | None]) -> tuple[str, list[object]]:
    """Documents whose value of ``name`` is one of ``allowed`` (``None``: no value)."""
    variable = "(SELECT id FROM variables WHERE name = ?)"
    texts = sorted(v for v in allowed if v is not None)
    parts: list[str] = []
    params: list[object] = []
    if texts:
        parts.append(
            f"d.id IN (SELECT document_id FROM document_values WHERE variable_id = {variable} "
            f"AND value IN ({','.join('?' * len(texts))}))")
        params += [name, *texts]
    if None in allowed:
        parts.append(
            f"d.id NOT IN (SELECT document_id FROM document_values WHERE variable_id = {variable})")
        params.append(name)
    return "(" + " OR ".join(parts) + ")", params


class Selections(ConnectionUser):
    """Read-only: the documents a filter selects."""

    def document_ids(self, selection: DocumentFilter) -> set[int]:
        """Ids of the documents that ``selection`` selects."""
        sql, params = selection_sql(selection)
        return {r[0] for r in self._conn.execute(sql, params)}

    def count(self, selection: DocumentFilter) -> int:
        """How many documents ``selection`` selects."""
        sql, params = selection_sql(selection)
        return int(self._conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])
