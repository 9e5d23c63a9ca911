"""Document variables: the index of the documents' attributes (see schema migration
``0003_document_variables``) and the changes made to a variable across documents.

A document's ``attributes`` JSON is the record; ``variables`` and ``document_values`` are
kept from it by triggers. Every change here therefore rewrites the documents' JSON (in
Python: a name may hold any character) and lets the triggers follow; writes must run
inside ``Store.transaction``. A variable that documents brought goes when its last value
goes; one the user added or typed stays (``declared``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..domain.errors import NotFoundError, UserError
from ..domain.variables import (
    VARIABLE_TYPES,
    Variable,
    VariableDefinition,
    VariableSnapshot,
    VariableType,
    infer_type,
)
from .rows import IN_CHUNK, ConnectionUser

#: A value to set: any JSON value; ``None`` removes the attribute.
Value = Any
#: A row of the ``variables`` table as stored: ``(id, name, type, position, declared)``.
VariableRow = tuple[int, str, "str | None", int, int]


class VariableTable(ConnectionUser):
    """Queries and changes of document variables."""

    def all(self) -> list[Variable]:
        """Every variable in table order, with its type and how many documents have it."""
        rows = self._conn.execute(
            "SELECT v.id, v.name, v.type, v.position, "
            "(SELECT count(*) FROM document_values dv WHERE dv.variable_id = v.id) "
            "FROM variables v ORDER BY v.position, v.id"
        ).fetchall()
        return [self._variable(*row) for row in rows]

    def get(self, name: str) -> Variable | None:
        """The variable called ``name`` (exactly), or ``None``."""
        row = self._conn.execute(
            "SELECT v.id, v.name, v.type, v.position, "
            "(SELECT count(*) FROM document_values dv WHERE dv.variable_id = v.id) "
            "FROM variables v WHERE v.name = ?", [name]
        ).fetchone()
        return self._variable(*row) if row else None

    def _variable(self, variable_id: int, name: str, chosen: str | None, position: int,
                  documents: int) -> Variable:
        kind: VariableType = chosen if chosen in VARIABLE_TYPES else infer_type(  # type: ignore[assignment]
            self._distinct_values(variable_id))
        return Variable(variable_id, name, kind, chosen is not None, position, documents)

    def _distinct_values(self, variable_id: int) -> Iterator[str]:
        for (value,) in self._conn.execute(
            "SELECT value FROM document_values WHERE variable_id = ? GROUP BY value",
            [variable_id],
        ):
            yield value

    def values(self, variable_id: int) -> list[tuple[str, int]]:
        """Each distinct value of the variable with its number of documents, in the
        order of the text (the caller sorts by type)."""
        return self._conn.execute(
            "SELECT value, count(*) FROM document_values WHERE variable_id = ? "
            "GROUP BY value ORDER BY value", [variable_id]
        ).fetchall()

    def documents_without(self, variable_id: int) -> int:
        """How many documents have no value for the variable."""
        return int(self._conn.execute(
            "SELECT (SELECT count(*) FROM documents) - "
            "(SELECT count(*) FROM document_values WHERE variable_id = ?)", [variable_id]
        ).fetchone()[0])

    def value_map(self, variable_id: int) -> dict[int, str]:
        """Document id -> value, for every document that has one."""
        return dict(self._conn.execute(
            "SELECT document_id, value FROM document_values WHERE variable_id = ?",
            [variable_id],
        ).fetchall())

    def definitions(self) -> list[VariableDefinition]:
        """Every variable's row in table order (cheap: no counting, no type inference)."""
        return [VariableDefinition(row[0], row[1], row[2], row[3], bool(row[4]))
                for row in self._conn.execute(
                    "SELECT id, name, type, position, declared FROM variables "
                    "ORDER BY position, id")]

    def definition(self, name: str) -> VariableDefinition | None:
        """The row of the variable called ``name`` (cheap: no counting), or ``None``."""
        row = self._conn.execute(
            "SELECT id, name, type, position, declared FROM variables WHERE name = ?", [name]
        ).fetchone()
        if row is None:
            return None
        return VariableDefinition(row[0], row[1], row[2], row[3], bool(row[4]))

    def page(self, document_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """Document id -> {variable name: value} for a page of documents (each listed id
        is a key, with an empty dict when it has no values): one look-up per row in the
        primary key, never the attributes JSON."""
        found: dict[int, dict[str, str]] = {i: {} for i in document_ids}
        for start in range(0, len(document_ids), IN_CHUNK):
            chunk = document_ids[start:start + IN_CHUNK]
            for document_id, name, value in self._conn.execute(
                "SELECT dv.document_id, v.name, dv.value FROM document_values dv "
                "JOIN variables v ON v.id = dv.variable_id "
                f"WHERE dv.document_id IN ({','.join('?' * len(chunk))})", chunk,
            ):
                found[document_id][name] = value
        return found

    def documents_in_order(self, variable_id: int, ranks: Sequence[tuple[str, int]],
                           descending: bool = False) -> list[int]:
        """The documents that have a value, by the rank of their value (``ranks`` gives
        each distinct value of the variable its rank; equal ranks for values that sort
        alike), the highest first when ``descending``; documents of one rank in the
        order they were added."""
        direction = " DESC" if descending else ""
        return [r[0] for r in self._conn.execute(
            "SELECT dv.document_id FROM json_each(?) AS r CROSS JOIN document_values dv "
            "ON dv.variable_id = ? AND dv.value = json_extract(r.value, '$[0]') "
            f"ORDER BY json_extract(r.value, '$[1]'){direction}, dv.document_id",
            [json.dumps(list(ranks), ensure_ascii=False), variable_id],
        )]

    def documents_lacking(self, variable_id: int) -> list[int]:
        """The documents without a value for the variable, in the order they were added."""
        return [r[0] for r in self._conn.execute(
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_values dv "
            "WHERE dv.document_id = d.id AND dv.variable_id = ?) ORDER BY d.id", [variable_id]
        )]

    def snapshot(self, name: str, document_ids: Iterable[int] | None = None) -> VariableSnapshot:
        """The variable ``name`` as it is (see :class:`VariableSnapshot`), with the values
        of ``document_ids`` as their attributes hold them (``None``: every document that
        has a value)."""
        definition = self.definition(name)
        if document_ids is None:
            documents = self._documents_with(definition.id) if definition else []
        else:
            documents = sorted(set(document_ids))
        values: dict[int, Any] = {}
        places: dict[int, int] = {}
        for document_id, attributes in self._attributes(documents):
            if name in attributes:
                values[document_id] = attributes[name]
                places[document_id] = list(attributes).index(name)
        return VariableSnapshot(name, definition, tuple(documents), values, places)

    def rows_of_documents(self, document_ids: Sequence[int]) -> list[VariableRow]:
        """The stored rows of the variables that any of these documents has a value for
        (what deleting them or clearing their values may take away with the last value)."""
        found: dict[int, VariableRow] = {}
        for start in range(0, len(document_ids), 500):
            chunk = list(document_ids[start:start + 500])
            for row in self._conn.execute(
                "SELECT id, name, type, position, declared FROM variables WHERE id IN "
                "(SELECT variable_id FROM document_values WHERE document_id IN "
                f"({','.join('?' * len(chunk))}))", chunk,
            ):
                found[row[0]] = tuple(row)  # type: ignore[assignment]
        return sorted(found.values())

    # -- writing (inside a transaction) -----------------------------------------------------
    def put_back(self, rows: Iterable[VariableRow]) -> None:
        """Insert these rows as they were (same id, type and place), each unless its id or
        its name is taken now; values brought back afterwards then join them by name."""
        self._conn.executemany(
            "INSERT OR IGNORE INTO variables (id, name, type, position, declared) "
            "VALUES (?, ?, ?, ?, ?)", list(rows))

    def add(self, name: str, kind: VariableType | None = None) -> int:
        """A new variable with no values yet (at the end of the table), kept even while
        no document has a value; refuses a name in use. ``kind`` ``None``: inferred from
        the values it will get."""
        if self.get(name) is not None:
            raise UserError(f"a variable called {name!r} already exists")
        cursor = self._conn.execute(
            "INSERT INTO variables (name, type, position, declared) "
            "VALUES (?, ?, (SELECT ifnull(max(position), 0) + 1 FROM variables), 1)",
            [name, kind],
        )
        return int(cursor.lastrowid or 0)

    def set_type(self, variable_id: int, kind: VariableType | None) -> None:
        """Choose the variable's type (``None``: infer it from the values again); a
        variable whose type was chosen is kept even when it has no values left."""
        if kind is not None and kind not in VARIABLE_TYPES:
            raise ValueError(kind)
        self._require(variable_id)
        self._conn.execute("UPDATE variables SET type = ?, declared = 1 WHERE id = ?",
                           [kind, variable_id])

    def adopt_type(self, variable_id: int, kind: VariableType) -> None:
        """Take over the type another project chose for the variable (a merge): unlike
        :meth:`set_type`, the variable still goes when its last value goes."""
        if kind not in VARIABLE_TYPES:
            raise ValueError(kind)
        self._require(variable_id)
        self._conn.execute("UPDATE variables SET type = ? WHERE id = ?", [kind, variable_id])

    def rename(self, variable_id: int, name: str) -> None:
        """Give the variable another name, in every document that has it."""
        old = self._require(variable_id)
        if name == old:
            return
        if self.get(name) is not None:
            raise UserError(f"a variable called {name!r} already exists")
        self._conn.execute("UPDATE variables SET name = ? WHERE id = ?", [name, variable_id])
        self._rewrite(self._documents_with(variable_id),
                      lambda attributes: _renamed(attributes, old, name))

    def delete(self, variable_id: int) -> None:
        """Remove the variable and its value from every document."""
        name = self._require(variable_id)
        self._rewrite(self._documents_with(variable_id),
                      lambda attributes: {k: v for k, v in attributes.items() if k != name})
        self._conn.execute("DELETE FROM variables WHERE id = ?", [variable_id])  # (if kept)

    def set_value(self, document_ids: Iterable[int], name: str, value: Value) -> None:
        """Give each document the value ``value`` for ``name`` (``None``: remove it)."""
        self._rewrite(list(document_ids), lambda attributes: _with_value(attributes, name, value))

    def restore(self, snapshot: VariableSnapshot) -> None:
        """Put the variable back as ``snapshot`` saw it: its row (same id, type, place and
        whether it is kept without values; gone if it did not exist and no other document
        has a value now) and the values of the snapshot's documents."""
        name, before = snapshot.name, snapshot.definition
        if before is not None:
            self._restore_definition(before)

        def change(document_id: int, attributes: dict[str, Any]) -> dict[str, Any]:
            if document_id not in snapshot.values:
                return _with_value(attributes, name, None)
            value, place = snapshot.values[document_id], snapshot.places.get(document_id)
            if name in attributes or place is None:
                return {**attributes, name: value}
            items = list(attributes.items())
            items.insert(place, (name, value))
            return dict(items)

        self._rewrite_each(snapshot.documents, change)
        if before is None:
            self._conn.execute(
                "DELETE FROM variables WHERE name = ? AND NOT EXISTS "
                "(SELECT 1 FROM document_values dv WHERE dv.variable_id = variables.id)", [name])

    def _restore_definition(self, before: VariableDefinition) -> None:
        current = self.definition(before.name)
        if current is not None:
            self._conn.execute(
                "UPDATE variables SET type = ?, position = ?, declared = ? WHERE id = ?",
                [before.chosen_type, before.position, int(before.declared), current.id])
            return
        taken = self._conn.execute("SELECT 1 FROM variables WHERE id = ?", [before.id]).fetchone()
        self._conn.execute(
            "INSERT INTO variables (id, name, type, position, declared) VALUES (?, ?, ?, ?, ?)",
            [None if taken else before.id, before.name, before.chosen_type, before.position,
             int(before.declared)])

    def _attributes(self, document_ids: Sequence[int]) -> list[tuple[int, dict[str, Any]]]:
        """(id, attributes) of the listed documents (read in chunks, all at once)."""
        found = []
        for start in range(0, len(document_ids), 500):
            chunk = document_ids[start:start + 500]
            found += [(document_id, json.loads(text)) for document_id, text in self._conn.execute(
                f"SELECT id, attributes FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )]
        return found

    def _require(self, variable_id: int) -> str:
        row = self._conn.execute(
            "SELECT name FROM variables WHERE id = ?", [variable_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no variable {variable_id}")
        return str(row[0])

    def _documents_with(self, variable_id: int) -> list[int]:
        return [r[0] for r in self._conn.execute(
            "SELECT document_id FROM document_values WHERE variable_id = ?", [variable_id])]

    def _rewrite(self, document_ids: Sequence[int],
                 change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Apply ``change`` (attributes -> attributes) to each document's attributes."""
        self._rewrite_each(document_ids, lambda _document_id, attributes: change(attributes))

    def _rewrite_each(self, document_ids: Sequence[int],
                      change: Callable[[int, dict[str, Any]], dict[str, Any]]) -> None:
        """Apply ``change`` (document id, attributes -> attributes) to each document."""
        for start in range(0, len(document_ids), 500):
            updates = []
            for document_id, before in self._attributes(document_ids[start:start + 500]):
                after = change(document_id, before)
                if after != before:
                    updates.append((json.dumps(after, ensure_ascii=False), document_id))
            self._conn.executemany("UPDATE documents SET attributes = ? WHERE id = ?", updates)


def _with_value(attributes: dict[str, Any], name: str, value: Value) -> dict[str, Any]:
    """``attributes`` with ``name`` set to ``value`` (in its place if it had one), or
    without ``name`` when ``value`` is ``None``."""
    changed = dict(attributes)
    if value is None:
        changed.pop(name, None)
    else:
        changed[name] = value
    return changed


def _renamed(attributes: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """``attributes`` with the key ``old`` called ``new``, in the same place."""
    return {new if key == old else key: value for key, value in attributes.items()}
