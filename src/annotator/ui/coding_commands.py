"""Undoable codings that may extend, merge, cut and delete highlights (see
``services.span_coding`` and ``services.settling``): tagging a selection in the editor,
"Code all hits with…", and keeping one coder's coding where coders disagree. Each is one
undo step whose undo restores every highlight it touched exactly (span, memo, tags, times)
and whose redo makes the same highlights again, with the same ids."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.context import Context
from ..domain.errors import UserError
from ..domain.model import Changes
from ..services.coding_edit import CodingEdit, redo_coding, undo_coding
from ..services.settling import keep_coding
from ..services.span_coding import CodingResult, Hit, code_hits, code_selection
from .commands import ProjectCommand, UndoContext


class CodeSelectionCommand(ProjectCommand):
    """Code a selection with tags. A highlight of one of the tags that the selection
    overlaps or touches grows to take it in, instead of a second highlight being stacked
    on it (as MAXQDA does). Refused, and never on the stack, when every tag covers the
    selection already.

    ``highlight_id``: after the first ``perform``, the highlight carrying the first tag over
    the selection (``None`` if it was there before)."""

    def __init__(
        self, context: UndoContext, document_id: int, start: int, end: int,
        tag_ids: Iterable[int], label: str,
    ) -> None:
        super().__init__(context, label)
        self.document_id, self.start, self.end = document_id, start, end
        self.tag_ids = list(tag_ids)
        self.edit: CodingEdit | None = None
        self.highlight_id: int | None = None

    def perform(self) -> Changes:
        if self.edit is not None:
            return redo_coding(self.project, self.edit)
        edit, changes, self.highlight_id = code_selection(
            self.project, self.document_id, self.start, self.end, self.tag_ids)
        if not edit:
            raise UserError("The selection is coded with that tag already.")
        self.edit = edit
        return changes

    def revert(self) -> Changes:
        assert self.edit is not None
        return undo_coding(self.project, self.edit)


class CodeHitsCommand(ProjectCommand):
    """"Code all hits with…": each hit ``(document_id, start, end)`` widened to a context
    and coded with one tag, merged as ``services.span_coding`` says, in one step.

    ``result``: after the first ``perform``, what was created, extended and merged.
    Refused (``UserError``, never on the stack) when every hit is coded with the tag
    already."""

    def __init__(
        self, context: UndoContext, tag_id: int, hits: Iterable[Hit],
        coding_context: Context | str = Context.SENTENCE, label: str | None = None,
    ) -> None:
        name = context.project.tags.get(tag_id).name
        super().__init__(context, label or f"Code all hits with '{name}'")
        self.tag_id, self.hits, self.coding_context = tag_id, list(hits), Context(coding_context)
        self.result: CodingResult | None = None

    def perform(self) -> Changes:
        if self.result is not None:
            return redo_coding(self.project, self.result.edit)
        result = code_hits(self.project, self.tag_id, self.hits, self.coding_context)
        if not result.edit:  # nothing to undo: never an empty step on the stack
            name = self.project.tags.get(self.tag_id).name
            raise UserError(f"Every hit is coded with '{name}' already.")
        self.result = result
        return result.changes

    def revert(self) -> Changes:
        assert self.result is not None
        return undo_coding(self.project, self.result.edit)


class KeepCodingCommand(ProjectCommand):
    """"Keep A's" on a disagreement: the other compared coders' highlights of the tag over
    the stretch's reach become ``keeper``'s (``services.settling`` states the rule), in
    one step whose undo puts every highlight back exactly. Refused, and never on the
    stack, when the coders agree there already."""

    def __init__(self, context: UndoContext, document_id: int, tag_id: int,
                 stretch: tuple[int, int], keeper: str, coders: Iterable[str]) -> None:
        super().__init__(context, f"Keep {keeper}'s coding")
        self.document_id, self.tag_id, self.stretch = document_id, tag_id, stretch
        self.keeper, self.coders = keeper, list(coders)
        self.edit: CodingEdit | None = None

    def perform(self) -> Changes:
        if self.edit is not None:
            return redo_coding(self.project, self.edit)
        self.edit = keep_coding(self.project, self.document_id, self.tag_id, self.stretch,
                                self.keeper, self.coders)
        return self.edit.changes()

    def revert(self) -> Changes:
        assert self.edit is not None
        return undo_coding(self.project, self.edit)
