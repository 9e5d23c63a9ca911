"""Document variables as the window and the CLI use them: list, values, and changes.

A variable is a name that documents hold a value for in their attributes (``outlet``,
``country``, ``party``, a respondent's ``role``). Every change here is one transaction
and returns the :class:`Changes` of the documents whose attributes changed (the variable
tables follow them; see ``store/variables.py``) and of the variables it made, changed
(name, type or values) or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.errors import NotFoundError, UserError
from ..domain.model import Changes
from ..domain.text import normalize_text
from ..domain.variables import (
    Variable,
    VariableDefinition,
    VariableSnapshot,
    VariableType,
    value_sort_key,
)

if TYPE_CHECKING:
    from ..store.variables import VariableTable
    from .project import Project


class VariableService:
    """``project.variables``: the document variables of one project."""

    def __init__(self, project: Project) -> None:
        self._project = project

    @property
    def _table(self) -> VariableTable:
        return self._project.store.variables

    def all(self) -> list[Variable]:
        """Every variable, in the variables table's order."""
        return self._table.all()

    def definitions(self) -> list[VariableDefinition]:
        """Every variable's row, in table order: names and chosen types without counting
        (a cheap look to tell whether the variables changed)."""
        return self._table.definitions()

    def get(self, name: str) -> Variable:
        """The variable called ``name``; :class:`NotFoundError` naming the known ones."""
        found = self._table.get(name)
        if found is None:
            known = ", ".join(v.name for v in self._table.all()) or "none yet"
            raise NotFoundError(f"no document variable called {name!r} (variables: {known})")
        return found

    def values(self, name: str) -> list[tuple[str | None, int]]:
        """Each value of the variable with its number of documents, in the order of the
        variable's type (numbers by size, dates in order, text without regard to case),
        then ``None`` with the documents that have no value (when there are any)."""
        variable = self.get(name)
        found: list[tuple[str | None, int]] = list(self._table.values(variable.id))
        found.sort(key=lambda item: value_sort_key(variable.type, item[0]))
        missing = self._table.documents_without(variable.id)
        return found + ([(None, missing)] if missing else [])

    def value_map(self, name: str) -> dict[int, str]:
        """Document id -> value of the variable, for the documents that have one."""
        return self._table.value_map(self.get(name).id)

    def page(self, document_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """Document id -> {variable name: value} for a page of documents (a table's
        visible rows); every listed id is a key."""
        return self._table.page(list(document_ids))

    def document_order(self, name: str, descending: bool = False) -> list[int]:
        """Every document id sorted by its value of ``name`` in the order of the
        variable's type (see :meth:`values`), reversed when ``descending``; documents
        without a value last either way; equal values in the order the documents were
        added."""
        variable = self.get(name)
        keys = {value: value_sort_key(variable.type, value)
                for value, _ in self._table.values(variable.id)}
        rank_of_key = {key: rank for rank, key in enumerate(sorted(set(keys.values())))}
        ranks = [(value, rank_of_key[key]) for value, key in keys.items()]
        return (self._table.documents_in_order(variable.id, ranks, descending)
                + self._table.documents_lacking(variable.id))

    def snapshot(self, name: str, document_ids: Iterable[int] | None = None) -> VariableSnapshot:
        """The variable ``name`` as it is now, for :meth:`restore`: its definition (none
        if no variable has that name) and the values of ``document_ids`` (``None``: of
        every document that has one)."""
        return self._table.snapshot(name, document_ids)

    def restore(self, snapshot: VariableSnapshot) -> Changes:
        """Put a variable back exactly as ``snapshot`` saw it (the undo of an edit)."""
        with self._project.transaction():
            before = self._table.definition(snapshot.name)
            self._table.restore(snapshot)
            after = self._table.definition(snapshot.name)
        return (Changes.updated("documents", *snapshot.documents)
                | _variable_changes(before.id if before else None, after.id if after else None))

    def add(self, name: str, kind: VariableType | None = None) -> Changes:
        """A new variable without values (kept until deleted)."""
        name = variable_name(name)
        with self._project.transaction():
            variable_id = self._table.add(name, kind)
        return Changes.created("variables", variable_id)

    def rename(self, name: str, new_name: str) -> Changes:
        """Rename a variable in every document that has it."""
        new_name = variable_name(new_name)
        with self._project.transaction():
            variable = self.get(name)
            holders = list(self._table.value_map(variable.id))
            self._table.rename(variable.id, new_name)
        return Changes.updated("documents", *holders) | Changes.updated("variables", variable.id)

    def delete(self, name: str) -> Changes:
        """Remove a variable and its values from every document."""
        with self._project.transaction():
            variable = self.get(name)
            holders = list(self._table.value_map(variable.id))
            self._table.delete(variable.id)
        return Changes.updated("documents", *holders) | Changes.deleted("variables", variable.id)

    def set_type(self, name: str, kind: VariableType | None) -> Changes:
        """Choose how the variable's values are read (``None``: inferred again)."""
        with self._project.transaction():
            variable = self.get(name)
            self._table.set_type(variable.id, kind)
        return Changes.updated("variables", variable.id)

    def set_value(self, document_ids: Iterable[int], name: str, value: Any) -> Changes:
        """Give every document in ``document_ids`` the value ``value`` for ``name`` (a
        new variable if needed; ``None`` or an empty string removes the value)."""
        name = variable_name(name)
        ids = sorted(set(document_ids))
        if isinstance(value, str):
            value = normalize_text(value).strip() or None
        with self._project.transaction():
            for document_id in ids:
                self._project.store.documents.get_without_text(document_id)
            before = self._table.definition(name)
            self._table.set_value(ids, name, value)
            after = self._table.definition(name)
        return (Changes.updated("documents", *ids)
                | _variable_changes(before.id if before else None, after.id if after else None))

def _variable_changes(before: int | None, after: int | None) -> Changes:
    """What happened to a variable that was ``before`` (its id, or ``None``) and is
    ``after``: created, updated (its values may read as another type now) or deleted."""
    if before is None:
        return Changes.created("variables", after) if after is not None else Changes()
    if after is None:
        return Changes.deleted("variables", before)
    if after != before:
        return Changes.deleted("variables", before) | Changes.created("variables", after)
    return Changes.updated("variables", after)


def variable_name(name: str) -> str:
    """``name`` as a variable is called (normalised like texts, without surrounding
    spaces); :class:`UserError` when nothing is left."""
    name = normalize_text(name).strip()
    if not name:
        raise UserError("a variable needs a name")
    return name
