"""Undoable edits of document variables (the variables table's cells, columns and types).

Each command calls one service method; its undo puts back the
:class:`~annotator.domain.variables.VariableSnapshot` taken just before (or renames
back), so that an undo gives back every value as it was: its JSON type, its place among
the document's attributes, the variable's id, place and type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..domain.model import Attributes, Changes
from ..domain.variables import VariableSnapshot, VariableType
from ..services.variable_import import VariableImport, restore_attributes
from ..services.variables import variable_name
from .commands import ProjectCommand, UndoContext


class SetVariableValueCommand(ProjectCommand):
    """Give documents a value of a variable (``None``: remove it); undo restores each
    document's old value."""

    def __init__(self, context: UndoContext, document_ids: Iterable[int], name: str,
                 value: str | None, label: str) -> None:
        super().__init__(context, label)
        self.document_ids = sorted(set(document_ids))
        self.name, self.value = name, value
        self.before: VariableSnapshot | None = None

    def perform(self) -> Changes:
        self.before = self.project.variables.snapshot(self.name, self.document_ids)
        return self.project.variables.set_value(self.document_ids, self.name, self.value)

    def revert(self) -> Changes:
        assert self.before is not None
        return self.project.variables.restore(self.before)


class AddVariableCommand(ProjectCommand):
    """Add a variable without values; undo removes it, redo brings back the same one."""

    def __init__(self, context: UndoContext, name: str, kind: VariableType | None = None) -> None:
        name = variable_name(name)  # as the service will store it
        super().__init__(context, f"Add variable '{name}'")
        self.name, self.kind = name, kind
        self.removed: VariableSnapshot | None = None
        self.absent: VariableSnapshot | None = None

    def perform(self) -> Changes:
        if self.removed is not None:
            return self.project.variables.restore(self.removed)
        self.absent = self.project.variables.snapshot(self.name, [])
        return self.project.variables.add(self.name, self.kind)

    def revert(self) -> Changes:
        assert self.absent is not None
        self.removed = self.project.variables.snapshot(self.name, [])
        return self.project.variables.restore(self.absent)


class RenameVariableCommand(ProjectCommand):
    """Rename a variable in every document; undo renames it back."""

    def __init__(self, context: UndoContext, name: str, new_name: str) -> None:
        new_name = variable_name(new_name)  # as the service will store it
        super().__init__(context, f"Rename variable '{name}' to '{new_name}'")
        self.old, self.new = name, new_name

    def perform(self) -> Changes:
        return self.project.variables.rename(self.old, self.new)

    def revert(self) -> Changes:
        return self.project.variables.rename(self.new, self.old)


class DeleteVariableCommand(ProjectCommand):
    """Delete a variable and its values; undo restores every value."""

    def __init__(self, context: UndoContext, name: str) -> None:
        super().__init__(context, f"Delete variable '{name}'")
        self.name = name
        self.before: VariableSnapshot | None = None

    def perform(self) -> Changes:
        self.before = self.project.variables.snapshot(self.name)
        return self.project.variables.delete(self.name)

    def revert(self) -> Changes:
        assert self.before is not None
        return self.project.variables.restore(self.before)


class SetVariableTypeCommand(ProjectCommand):
    """Choose a variable's type (``None``: inferred again); undo puts the old one back."""

    def __init__(self, context: UndoContext, name: str, kind: VariableType | None) -> None:
        what = f"as {kind}" if kind else "as inferred"
        super().__init__(context, f"Read variable '{name}' {what}")
        self.name, self.kind = name, kind
        self.before: VariableSnapshot | None = None

    def perform(self) -> Changes:
        self.before = self.project.variables.snapshot(self.name, [])
        return self.project.variables.set_type(self.name, self.kind)

    def revert(self) -> Changes:
        assert self.before is not None
        return self.project.variables.restore(self.before)


class ImportVariablesCommand(ProjectCommand):
    """An import of variables from a table that ran in the background: undo gives every
    document it changed its attributes as they were, redo as the import left them."""

    def __init__(self, context: UndoContext, result: VariableImport) -> None:
        super().__init__(context, f"Import variables from {result.preview.path.name}")
        self.before: Mapping[int, Attributes] = result.before
        self.after: Mapping[int, Attributes] | None = None

    def perform(self) -> Changes:
        assert self.after is not None  # the first run was the import itself
        return restore_attributes(self.project, self.after)

    def revert(self) -> Changes:
        self.after = self.project.documents.attributes_of(list(self.before))
        return restore_attributes(self.project, self.before)
