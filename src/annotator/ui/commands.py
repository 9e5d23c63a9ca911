"""Undoable edits: thin ``QUndoCommand`` s, each calling one service method and its inverse.

Use :meth:`UndoContext.run` to perform an edit: the command's first ``redo`` runs before it
is pushed, so an edit the services refuse (``UserError``) is reported and never reaches the
stack. Later undo/redo failures (the file changed under us) are reported through
``ProjectSignals.failed`` and leave the stack as it is: Qt's index moves past the command
all the same, except for an import, whose refused step stays on offer (see
:class:`ImportCommand`).

A tag deleted by an undo comes back with its own id on redo (``TagService.restore``), so
commands further up the stack keep referring to the right tag; so do the records of an
undone import (``services.import_undo``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.errors import UserError
from ..domain.memos import Memo
from ..domain.model import Changes, Highlight
from ..domain.wording import plural
from ..services.import_undo import UndoneImport, import_footprint, redo_import, undo_import
from ..services.importing import ImportReport
from ..services.project import Project
from ..services.tag_deletion import delete_subtree, restore_subtree, snapshot_subtree
from ..services.tags import TagSnapshot
from .signals import ProjectSignals


class UndoContext:
    """The project, its notification channel and the window's one undo stack."""

    def __init__(self, project: Project, signals: ProjectSignals, stack: QUndoStack) -> None:
        self.project = project
        self.signals = signals
        self.stack = stack
        #: Called before every edit (the window asks for the coder's name at the first).
        self.before_edit: Callable[[], None] = lambda: None

    def run(self, command: ProjectCommand) -> bool:
        """Do ``command`` and push it; on ``UserError`` emit ``failed`` and return False."""
        self.before_edit()
        try:
            changes = command.perform()
        except UserError as error:
            self.signals.failed.emit(str(error))
            return False
        command.mark_done()
        self.stack.push(command)
        self.signals.emit_changes(changes)
        return True

    def push_done(self, command: ProjectCommand) -> None:
        """Put an edit that already happened (a background import) on the undo stack."""
        command.mark_done()
        self.stack.push(command)


class ProjectCommand(QUndoCommand):
    """A command whose ``perform``/``revert`` call services and return ``Changes``."""

    def __init__(self, context: UndoContext, text: str) -> None:
        super().__init__(text)
        self.context = context
        self._skip_redo = False

    @property
    def project(self) -> Project:
        return self.context.project

    def perform(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    def mark_done(self) -> None:
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:  # QUndoStack.push calls redo(); the edit is already done
            self._skip_redo = False
            return
        self._guarded(self.perform, "redo")

    def undo(self) -> None:
        self._guarded(self.revert, "undo")

    def _guarded(self, action: Callable[[], Changes], verb: str) -> bool:
        """Run ``action`` and announce its changes; on ``UserError`` emit ``failed``
        (``Cannot undo …: reason``) and return False."""
        try:
            changes = action()
        except UserError as error:
            self.context.signals.failed.emit(f"Cannot {verb} {self.text()[:1].lower()}"
                                             f"{self.text()[1:]}: {error}")
            return False
        self.context.signals.emit_changes(changes)
        return True


class DeleteHighlightCommand(ProjectCommand):
    """Remove a highlight; undo restores it exactly (same id, tags, memo, times)."""

    def __init__(self, context: UndoContext, highlight_id: int) -> None:
        super().__init__(context, "Delete highlight")
        self.highlight_id = highlight_id
        self.record: Highlight | None = None
        self.memo: Memo | None = None

    def perform(self) -> Changes:
        self.record = self.project.highlights.get(self.highlight_id)
        self.memo = self.project.highlights.memo_of(self.highlight_id)
        return self.project.highlights.delete(self.highlight_id)

    def revert(self) -> Changes:
        assert self.record is not None
        return self.project.highlights.restore(self.record, self.memo)


class ChangeHighlightTagsCommand(ProjectCommand):
    """Add (``add=True``) or remove tags on a highlight; undo does the opposite.

    Only the tags that actually change are recorded, so undo never removes a tag the
    highlight already had.
    """

    def __init__(
        self, context: UndoContext, highlight_id: int, tag_ids: Iterable[int], *,
        add: bool, label: str,
    ) -> None:
        super().__init__(context, label)
        self.highlight_id, self.add = highlight_id, add
        current = set(context.project.highlights.get(highlight_id).tag_ids)
        wanted = list(dict.fromkeys(tag_ids))
        self.tag_ids = [t for t in wanted if (t not in current) == add]

    def _apply(self, add: bool) -> Changes:
        tags = list(self.tag_ids)
        if add:
            return self.project.highlights.add_tags(self.highlight_id, tags)
        return self.project.highlights.remove_tags(self.highlight_id, tags)

    def perform(self) -> Changes:
        return self._apply(self.add)

    def revert(self) -> Changes:
        return self._apply(not self.add)


class CreateTagCommand(ProjectCommand):
    """Create a tag; undo deletes it (it has no highlights yet unless later commands add some,
    and those are undone first)."""

    def __init__(
        self, context: UndoContext, name: str, *, parent_id: int | None = None,
        color: str | None = None,
    ) -> None:
        super().__init__(context, f"Create tag '{name}'")
        self.name, self.parent_id, self.color = name, parent_id, color
        self.tag_id: int | None = None
        self._snapshot: TagSnapshot | None = None

    def perform(self) -> Changes:
        if self._snapshot is not None:  # redo: the same tag, same id, comes back
            return self.project.tags.restore(self._snapshot)
        parent = self.parent_id
        self.tag_id, changes = self.project.tags.create(
            self.name, parent_id=parent, color=self.color
        )
        return changes

    def revert(self) -> Changes:
        assert self.tag_id is not None
        self._snapshot = self.project.tags.snapshot(self.tag_id)
        return self.project.tags.delete(self.tag_id)


class RenameTagCommand(ProjectCommand):
    def __init__(self, context: UndoContext, tag_id: int, name: str) -> None:
        self.old = context.project.tags.get(tag_id).name
        super().__init__(context, f"Rename tag '{self.old}' to '{name}'")
        self.tag_id, self.new = tag_id, name

    def perform(self) -> Changes:
        return self.project.tags.rename(self.tag_id, self.new)

    def revert(self) -> Changes:
        return self.project.tags.rename(self.tag_id, self.old)


class RecolorTagCommand(ProjectCommand):
    def __init__(self, context: UndoContext, tag_id: int, color: str) -> None:
        tag = context.project.tags.get(tag_id)
        super().__init__(context, f"Recolour tag '{tag.name}'")
        self.tag_id, self.old, self.new = tag_id, tag.color, color

    def perform(self) -> Changes:
        return self.project.tags.recolor(self.tag_id, self.new)

    def revert(self) -> Changes:
        return self.project.tags.recolor(self.tag_id, self.old)


class DescribeTagCommand(ProjectCommand):
    def __init__(self, context: UndoContext, tag_id: int, description: str) -> None:
        tag = context.project.tags.get(tag_id)
        super().__init__(context, f"Describe tag '{tag.name}'")
        self.tag_id, self.old, self.new = tag_id, tag.description, description

    def perform(self) -> Changes:
        return self.project.tags.describe(self.tag_id, self.new)

    def revert(self) -> Changes:
        return self.project.tags.describe(self.tag_id, self.old)


class DeleteTagCommand(ProjectCommand):
    """Delete a tag: the tags below it move up one level, or (``with_children``) are
    deleted too. Undo brings back every tag deleted with its id, highlights and memo, and
    puts the children back in their place."""

    def __init__(self, context: UndoContext, tag_id: int, *, with_children: bool = False) -> None:
        name = context.project.tags.get(tag_id).name
        below = " and the tags below it" if with_children else ""
        super().__init__(context, f"Delete tag '{name}'{below}")
        self.tag_id, self.with_children = tag_id, with_children
        self.snapshots: tuple[TagSnapshot, ...] = ()

    def perform(self) -> Changes:
        if self.with_children:
            self.snapshots = snapshot_subtree(self.project, self.tag_id)
            return delete_subtree(self.project, self.tag_id)
        self.snapshots = (self.project.tags.snapshot(self.tag_id),)
        return self.project.tags.delete(self.tag_id)

    def revert(self) -> Changes:
        return restore_subtree(self.project, self.snapshots)


class MergeTagCommand(ProjectCommand):
    """Merge one tag into another; undo separates them again exactly."""

    def __init__(self, context: UndoContext, source: int, target: int) -> None:
        self.source, self.target = source, target
        self.snapshot = context.project.tags.snapshot(source, merge_target=target)
        target_name = context.project.tags.get(target).name
        super().__init__(context, f"Merge tag '{self.snapshot.tag.name}' into '{target_name}'")

    def perform(self) -> Changes:
        self.snapshot = self.project.tags.snapshot(self.source, merge_target=self.target)
        return self.project.tags.merge(self.source, self.target)

    def revert(self) -> Changes:
        return self.project.tags.restore(self.snapshot, merged_into=self.target)


class MoveTagCommand(ProjectCommand):
    """Put a tag under another (or at the top level); undo puts it back."""

    def __init__(self, context: UndoContext, tag_id: int, parent_id: int | None) -> None:
        tag = context.project.tags.get(tag_id)
        where = (f"under '{context.project.tags.get(parent_id).name}'" if parent_id is not None
                 else "to the top level")
        super().__init__(context, f"Move tag '{tag.name}' {where}")
        self.tag_id, self.old, self.new = tag_id, tag.parent_id, parent_id

    def perform(self) -> Changes:
        return self.project.tags.move(self.tag_id, self.new)

    def revert(self) -> Changes:
        return self.project.tags.move(self.tag_id, self.old)


class ImportCommand(ProjectCommand):
    """An import that ran in the background. Undo takes it back exactly: it deletes the
    documents, highlights and tags it created and takes the tags it added off highlights
    that existed before; redo puts back exactly what undo removed (same ids, GUIDs, texts
    and times). See ``services.import_undo`` for what happens when another program changed
    the project in between.

    A refused undo leaves the import in effect, a refused redo leaves it undone; either way
    the stack goes back over this command once Qt has moved past it, so the Edit menu
    offers the same step again.
    """

    def __init__(self, context: UndoContext, report: ImportReport) -> None:
        count = len(report.changes.documents.created)
        what = plural(count, "document") if count else "a coded dataset"
        super().__init__(context, f"Import {what}")
        self.footprint = import_footprint(context.project, report.changes, report.amended,
                                          report.amended_memos)
        self.undone: UndoneImport | None = None
        self._skip_undo = False

    def perform(self) -> Changes:
        if self.undone is None:  # in effect already (after a refused undo)
            return Changes()
        changes = redo_import(self.project, self.undone)
        self.undone = None
        return changes

    def revert(self) -> Changes:
        if self.undone is not None:  # undone already (after a refused redo)
            return Changes()
        self.undone, changes = undo_import(self.project, self.footprint)
        return changes

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
        elif not self._guarded(self.revert, "undo"):
            self._return_to_self(after_undo=True)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
        elif not self._guarded(self.perform, "redo"):
            self._return_to_self(after_undo=False)

    def _return_to_self(self, *, after_undo: bool) -> None:
        """After a refused step, move the stack back over this command without running it
        (Qt moves the index after ``undo``/``redo`` return, so this waits for the loop)."""
        stack = self.context.stack

        def step_back() -> None:
            index = stack.index()
            if after_undo and index < stack.count() and stack.command(index) is self:
                self._skip_redo = True
                stack.redo()
            elif not after_undo and index > 0 and stack.command(index - 1) is self:
                self._skip_undo = True
                stack.undo()

        QTimer.singleShot(0, stack, step_back)
