"""Undoable edits of several documents at once: delete them, set a variable, set a date.

Each command records what it changes right before changing it, in the same transaction,
and its undo puts exactly that back (``DocumentService.restore`` and ``restore_fields``):
deleted documents return with their ids, GUIDs, texts and highlights, so commands further
up the stack still find their records.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.model import Changes
from ..domain.wording import plural
from ..services.document_snapshots import DocumentFields, DocumentSnapshot
from .commands import ProjectCommand, UndoContext


class DeleteDocumentsCommand(ProjectCommand):
    """Delete documents with their highlights; undo brings them back exactly."""

    def __init__(self, context: UndoContext, document_ids: Iterable[int]) -> None:
        self.document_ids = sorted(set(document_ids))
        if len(self.document_ids) == 1:
            summary = context.project.documents.summaries(self.document_ids)
            label = f"Delete document '{summary[0].title}'" if summary else "Delete document"
        else:
            label = f"Delete {plural(len(self.document_ids), 'document')}"
        super().__init__(context, label)
        self.snapshot: DocumentSnapshot | None = None

    def perform(self) -> Changes:
        documents = self.project.documents
        with self.project.transaction():
            self.snapshot = documents.snapshot(self.document_ids)
            return documents.delete_many(self.document_ids)

    def revert(self) -> Changes:
        assert self.snapshot is not None
        return self.project.documents.restore(self.snapshot)


class _FieldsCommand(ProjectCommand):
    """A bulk edit of dates or attributes; undo gives each document its own back."""

    def __init__(self, context: UndoContext, document_ids: Iterable[int], label: str) -> None:
        super().__init__(context, label)
        self.document_ids = sorted(set(document_ids))
        self.before: DocumentFields | None = None

    def perform(self) -> Changes:
        with self.project.transaction():
            self.before = self.project.documents.fields(self.document_ids)
            return self.change()

    def change(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        assert self.before is not None
        return self.project.documents.restore_fields(self.before)


class SetDocumentsVariableCommand(_FieldsCommand):
    """Give several documents one value of a variable (``None``: clear their value)."""

    def __init__(self, context: UndoContext, document_ids: Iterable[int], name: str,
                 value: str | None) -> None:
        ids = sorted(set(document_ids))
        what = plural(len(ids), "document")
        label = (f"Set {name} to '{value}' for {what}" if value is not None
                 else f"Clear {name} of {what}")
        super().__init__(context, ids, label)
        self.name, self.value = name, value

    def change(self) -> Changes:
        return self.project.variables.set_value(self.document_ids, self.name, self.value)


class SetDocumentsDateCommand(_FieldsCommand):
    """Give several documents one date (``None``: clear their dates)."""

    def __init__(self, context: UndoContext, document_ids: Iterable[int],
                 date: str | None) -> None:
        ids = sorted(set(document_ids))
        what = plural(len(ids), "document")
        label = f"Date {what} {date}" if date else f"Clear the date of {what}"
        super().__init__(context, ids, label)
        self.date = date

    def change(self) -> Changes:
        return self.project.documents.set_date(self.document_ids, self.date)
