"""Document variables as the window and the CLI use them: list, values, and changes.

A variable is a name that documents hold a value for in their attributes (``outlet``,
``country``, ``party``, a respondent's ``role``). Every change here is one transaction
and returns the :class:`Changes` of the documents whose attributes changed (the variable
tables follow them; see ``store/variables.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..domain.errors import NotFoundError, UserError
from ..domain.model import Changes
from ..domain.text import normalize_text
from ..domain.variables import Variable, VariableType, value_sort_key

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

    def add(self, name: str, kind: VariableType | None = None) -> Variable:
        """A new variable without values (kept until deleted)."""
        name = _clean(name)
        with self._project.transaction():
            self._table.add(name, kind)
        return self.get(name)

    def rename(self, name: str, new_name: str) -> Changes:
        """Rename a variable in every document that has it."""
        new_name = _clean(new_name)
        with self._project.transaction():
            variable = self.get(name)
            holders = list(self._table.value_map(variable.id))
            self._table.rename(variable.id, new_name)
        return Changes.updated("documents", *holders)

    def delete(self, name: str) -> Changes:
        """Remove a variable and its values from every document."""
        with self._project.transaction():
            variable = self.get(name)
            holders = list(self._table.value_map(variable.id))
            self._table.delete(variable.id)
        return Changes.updated("documents", *holders)

    def set_type(self, name: str, kind: VariableType | None) -> None:
        """Choose how the variable's values are read (``None``: inferred again)."""
        with self._project.transaction():
            self._table.set_type(self.get(name).id, kind)

    def set_value(self, document_ids: Iterable[int], name: str, value: Any) -> Changes:
        """Give every document in ``document_ids`` the value ``value`` for ``name`` (a
        new variable if needed; ``None`` or an empty string removes the value)."""
        name = _clean(name)
        ids = sorted(set(document_ids))
        if isinstance(value, str):
            value = normalize_text(value).strip() or None
        with self._project.transaction():
            for document_id in ids:
                self._project.store.documents.get_without_text(document_id)
            self._table.set_value(ids, name, value)
        return Changes.updated("documents", *ids)


def _clean(name: str) -> str:
    name = normalize_text(name).strip()
    if not name:
        raise UserError("a variable needs a name")
    return name
