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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..domain.errors import NotFoundError, UserError
from ..domain.variables import VARIABLE_TYPES, Variable, VariableType, infer_type
from .rows import ConnectionUser

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
        def change(attributes: dict[str, Any]) -> dict[str, Any]:
            changed = dict(attributes)
            if value is None:
                changed.pop(name, None)
            else:
                changed[name] = value
            return changed

        self._rewrite(list(document_ids), change)

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

    def _rewrite(self, document_ids: Sequence[int], change: Any) -> None:
        """Apply ``change`` (attributes -> attributes) to each document's attributes."""
        for start in range(0, len(document_ids), 500):
            chunk = document_ids[start:start + 500]
            rows = self._conn.execute(
                f"SELECT id, attributes FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            updates = []
            for document_id, text in rows:
                before = json.loads(text)
                after = change(before)
                if after != before:
                    updates.append((json.dumps(after, ensure_ascii=False), document_id))
            self._conn.executemany("UPDATE documents SET attributes = ? WHERE id = ?", updates)


def _renamed(attributes: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """``attributes`` with the key ``old`` called ``new``, in the same place."""
    return {new if key == old else key: value for key, value in attributes.items()}
