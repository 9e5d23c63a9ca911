"""Counts by the values of a variable, kept by triggers (the ``value_months`` table).

For every variable, value, tag and month of the documents' dates (``''``: undated) the
table keeps the tag's highlights in the documents with that value in that month, and how
many of those documents carry the tag; tag 0 counts every document with the value in the
month. Variable 0 with the value ``''`` stands for all documents. A crosstab or a timeline
split by a variable over all documents reads these rows (a few thousand) instead of
joining every (tag, document) total to the documents' values (800,000 rows and 600 ms at
100,000 documents and 1,000,000 highlights). Documents without a value (the group
``None``) are the rest: all documents' counts minus the values' counts.

Within a document filter, or by day or week, :mod:`.scoped_stats` counts from the
(tag, document) totals instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from .rows import ConnectionUser
from .stats import day_range_sql

#: The month of a document's date (``YYYY-MM``; a year counts in its January; ``''``:
#: undated), for ``{0}.date``: the same month as its day in ``tag_document_counts``.
_MONTH = ("CASE length({0}.date) WHEN 4 THEN {0}.date || '-01' "
          "ELSE ifnull(substr({0}.date, 1, 7), '') END")
#: The month of a (tag, document) total's day.
_DAY_MONTH = "ifnull(substr({0}.document_day, 1, 7), '')"
#: The (variable, value) pairs that a document counts in: its values, and all documents.
_PAIRS = ("SELECT variable_id, value FROM document_values WHERE document_id = {0} "
          "UNION ALL SELECT 0, ''")
_ADD = ("ON CONFLICT (variable_id, value, tag_id, month) DO UPDATE SET "
        "highlights = highlights + excluded.highlights, documents = documents + 1")
_COLUMNS = "INSERT INTO value_months (variable_id, value, tag_id, month, highlights, documents)"


def _change(sign: str, keys: str) -> str:
    """SQL adding (``+``) or taking away (``-``) the rows ``keys`` selects, each
    ``(variable_id, value, tag_id, month, highlights)`` and one document. Every row is
    reached by its primary key: a ``DELETE ... WHERE (key) IN (...)`` here read every row
    of the variable (a date change took 0.2 s at 100,000 documents); rows that reach zero
    documents are deleted by ``value_months_empty``, by their key."""
    if sign == "+":
        return (f"{_COLUMNS} SELECT k.variable_id, k.value, k.tag_id, k.month, k.highlights, 1 "
                f"FROM ({keys}) k WHERE true {_ADD};")
    return (f"UPDATE value_months SET highlights = value_months.highlights - k.highlights, "
            f"documents = value_months.documents - 1 FROM ({keys}) k "
            "WHERE value_months.variable_id = k.variable_id AND value_months.value = k.value "
            "AND value_months.tag_id = k.tag_id AND value_months.month = k.month;")


def _tag_rows(sign: str, row: str) -> str:
    """SQL adding or taking away the (tag, document) total ``row`` (``new`` or ``old``)
    in every pair its document counts in."""
    return _change(sign, f"SELECT p.variable_id, p.value, {row}.tag_id AS tag_id, "
                         f"{_DAY_MONTH.format(row)} AS month, {row}.highlights AS highlights "
                         f"FROM ({_PAIRS.format(row + '.document_id')}) p")


def _value_rows(sign: str, row: str) -> str:
    """SQL adding or taking away the document value ``row`` (``new``/``old``): its
    document's (tag, document) totals and its document (tag 0) under its value."""
    return _change(sign, f"SELECT {row}.variable_id AS variable_id, {row}.value AS value, "
                         f"t.tag_id AS tag_id, {_DAY_MONTH.format('t')} AS month, "
                         "t.highlights AS highlights FROM tag_document_counts t "
                         f"WHERE t.document_id = {row}.document_id UNION ALL "
                         f"SELECT {row}.variable_id, {row}.value, 0, {_MONTH.format('d')}, 0 "
                         f"FROM documents d WHERE d.id = {row}.document_id")


def _document_rows(sign: str, row: str) -> str:
    """SQL adding or taking away the document ``row`` (tag 0) in every pair it counts in."""
    return _change(sign, f"SELECT p.variable_id, p.value, 0 AS tag_id, "
                         f"{_MONTH.format(row)} AS month, 0 AS highlights "
                         f"FROM ({_PAIRS.format(row + '.id')}) p")


#: Body of the trigger that takes a deleted document value out of the counts.
VALUE_DELETE_ROWS = _value_rows("-", "old")

VALUE_MONTHS_SQL = f"""
CREATE TABLE value_months (
  variable_id INTEGER NOT NULL,
  value TEXT NOT NULL,
  tag_id INTEGER NOT NULL,
  month TEXT NOT NULL,
  highlights INTEGER NOT NULL,
  documents INTEGER NOT NULL,
  PRIMARY KEY (variable_id, value, tag_id, month)
) WITHOUT ROWID;
CREATE INDEX tag_document_counts_document ON tag_document_counts (document_id);
CREATE TRIGGER value_months_empty AFTER UPDATE OF documents ON value_months
  WHEN new.documents = 0 BEGIN
  DELETE FROM value_months WHERE variable_id = new.variable_id AND value = new.value
    AND tag_id = new.tag_id AND month = new.month;
END;
CREATE TRIGGER value_months_tag_insert AFTER INSERT ON tag_document_counts BEGIN
  {_tag_rows("+", "new")}
END;
CREATE TRIGGER value_months_tag_update AFTER UPDATE ON tag_document_counts
  WHEN new.highlights IS NOT old.highlights OR new.document_day IS NOT old.document_day BEGIN
  {_tag_rows("-", "old")}
  {_tag_rows("+", "new")}
END;
CREATE TRIGGER value_months_tag_delete AFTER DELETE ON tag_document_counts BEGIN
  {_tag_rows("-", "old")}
END;
CREATE TRIGGER value_months_value_insert AFTER INSERT ON document_values BEGIN
  {_value_rows("+", "new")}
END;
CREATE TRIGGER value_months_value_update AFTER UPDATE ON document_values
  WHEN new.value IS NOT old.value BEGIN
  {_value_rows("-", "old")}
  {_value_rows("+", "new")}
END;
CREATE TRIGGER value_months_value_delete AFTER DELETE ON document_values BEGIN
  {_value_rows("-", "old")}
END;
CREATE TRIGGER value_months_document_insert AFTER INSERT ON documents BEGIN
  {_document_rows("+", "new")}
END;
CREATE TRIGGER value_months_document_redate AFTER UPDATE OF date ON documents
  WHEN new.date IS NOT old.date BEGIN
  {_document_rows("-", "old")}
  {_document_rows("+", "new")}
END;
CREATE TRIGGER value_months_document_delete BEFORE DELETE ON documents BEGIN
  DELETE FROM document_values WHERE document_id = old.id;
  {_document_rows("-", "old")}
END;
"""
"""The table, an index of the (tag, document) totals by document (what these triggers and
a date change look up; a date change used to scan every total), and the triggers. A
document's values are deleted before it is, while its date can still be read; then only
the all-documents rows count it, and its (tag, document) totals go from those alone."""

#: Every row of ``value_months``, recounted from the (tag, document) totals, the values
#: and the documents.
RECOUNT_VALUE_MONTHS = f"""
SELECT p.variable_id, p.value, t.tag_id, {_DAY_MONTH.format('t')} AS month,
  sum(t.highlights), count(*)
FROM tag_document_counts t JOIN (
  SELECT document_id, variable_id, value FROM document_values
  UNION ALL SELECT id, 0, '' FROM documents) p ON p.document_id = t.document_id
GROUP BY p.variable_id, p.value, t.tag_id, month
UNION ALL
SELECT p.variable_id, p.value, 0, {_MONTH.format('d')} AS month, 0, count(*)
FROM documents d JOIN (
  SELECT document_id, variable_id, value FROM document_values
  UNION ALL SELECT id, 0, '' FROM documents) p ON p.document_id = d.id
GROUP BY p.variable_id, p.value, month
"""

#: The id of the variable named by the query's parameter.
_VARIABLE = "(SELECT id FROM variables WHERE name = ?)"
#: The group of a row: its value, or ``None`` for the rows of all documents.
_GROUP = "CASE variable_id WHEN 0 THEN NULL ELSE value END"

#: Per (tag, group): highlights and documents; group ``None``: documents without a value.
GroupTotals = dict[tuple[int, "str | None"], tuple[int, int]]
#: ``(month, tag_id, group, highlights, documents)``.
MonthCell = tuple[str, int, "str | None", int, int]


class ValueMonths(ConnectionUser):
    """Read-only: counts split by a variable over all documents, from ``value_months``.
    Tag 0 in the results counts the documents themselves (highlights 0)."""

    def totals(self, split: str, tag_ids: Sequence[int] | None = None) -> GroupTotals:
        """Per tag (0: the documents) and group, over every month and the undated."""
        chosen, params = _tags_sql(tag_ids)
        summed = {
            ("", tag, value): (h, d) for tag, value, h, d in self._conn.execute(
                f"SELECT tag_id, {_GROUP}, sum(highlights), sum(documents) FROM value_months "
                f"WHERE variable_id IN (0, {_VARIABLE}){chosen} "
                "GROUP BY variable_id, value, tag_id", [split, *params])}
        return {(tag, group): counts for (_, tag, group), counts in _with_rest(summed).items()}

    def month_cells(self, split: str, tag_ids: Sequence[int] | None,
                    date_from: str | None = None, date_to: str | None = None
                    ) -> list[MonthCell]:
        """Per dated month (``YYYY-MM``), tag (0: the documents) and group: highlights and
        documents, for months within the inclusive ``YYYY[-MM]`` bounds."""
        chosen, params = _tags_sql(tag_ids)
        bounds, bound_params = day_range_sql("month", date_from, date_to)
        condition, params = f" AND month <> ''{chosen}{bounds}", params + bound_params
        valued = self._conn.execute(
            "SELECT month, tag_id, value, highlights, documents FROM value_months "
            f"WHERE variable_id = {_VARIABLE}{condition}", [split, *params]).fetchall()
        # All documents' cells less the values' cells: the documents without a value.
        rest = self._conn.execute(
            "SELECT a.month, a.tag_id, NULL, a.highlights - ifnull(v.h, 0), "
            "a.documents - ifnull(v.d, 0) FROM value_months a LEFT JOIN ("
            "SELECT month, tag_id, sum(highlights) AS h, sum(documents) AS d FROM value_months "
            f"WHERE variable_id = {_VARIABLE}{condition} GROUP BY month, tag_id) v "
            f"USING (month, tag_id) WHERE a.variable_id = 0{condition} "
            "AND a.documents > ifnull(v.d, 0)", [split, *params, *params]).fetchall()
        return valued + rest


def _tags_sql(tag_ids: Sequence[int] | None) -> tuple[str, list[object]]:
    """A condition keeping ``tag_ids`` and the documents (tag 0); none for every tag."""
    if tag_ids is None:
        return "", []
    return f" AND tag_id IN (0{', ?' * len(tag_ids)})", list(tag_ids)


def _with_rest(cells: dict[tuple[str, int, str | None], tuple[int, int]]
               ) -> dict[tuple[str, int, str | None], tuple[int, int]]:
    """The cells of the values, and for each all-documents cell (group ``None`` in
    ``cells``) the rest once the values' cells are taken away: the cell of the documents
    without a value, when it has any."""
    valued = {key: (h, d) for key, (h, d) in cells.items() if key[2] is not None}
    sums: dict[tuple[str, int], list[int]] = {}
    for (month, tag, _), (h, d) in valued.items():
        summed = sums.setdefault((month, tag), [0, 0])
        summed[0] += h
        summed[1] += d
    for (month, tag, value), (h, d) in cells.items():
        if value is None:
            value_h, value_d = sums.get((month, tag), (0, 0))
            if d > value_d:
                valued[(month, tag, None)] = (h - value_h, d - value_d)
    return valued
