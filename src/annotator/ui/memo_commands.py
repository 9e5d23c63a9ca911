"""Undoable memo edits: a save of the memo editor, a span memo added or deleted.

A typing burst is one undo step: the memo editor saves a moment after the user stops
typing, each save is its own transaction (durable at once), and saves of one memo that
follow each other within :data:`MERGE_SECONDS`, in one burst of the editor (it starts a
new burst when it loses the focus or shows another memo), merge into the step on top of
the stack. Undo puts back the memo as it was before the burst, exactly (text and times);
redo puts back the memo as the burst left it.
"""

from __future__ import annotations

import time

from PySide6.QtGui import QUndoCommand

from ..domain.memos import Memo, MemoPlace
from ..domain.model import Changes
from .commands import ProjectCommand, UndoContext

#: Saves of one memo at most this many seconds apart are one undo step.
MERGE_SECONDS = 5.0
_SAVE_ID = 0x4D454D4F  # "MEMO"

_KIND_WORDS = {"project": "the project's memo", "document": "the document's memo",
               "tag": "the tag's memo", "highlight": "the highlight's memo",
               "span": "a memo on a passage"}


def memo_label(place: MemoPlace) -> str:
    """``Edit the document's memo`` and so on (the Edit menu's undo text)."""
    return f"Edit {_KIND_WORDS[place.kind]}"


class SaveMemoCommand(ProjectCommand):
    """Give a memo place a text (``MemoService.write``: created, changed, or deleted when
    emptied). ``burst`` numbers the editor's typing burst (see the module)."""

    def __init__(self, context: UndoContext, place: MemoPlace, text: str, *,
                 burst: int = 0) -> None:
        super().__init__(context, memo_label(place))
        self.place, self.text, self.burst = place, text, burst
        self.before: Memo | None = context.project.memos.at(place)
        self.after: Memo | None = None
        self.saved_at = time.monotonic()
        self._done_once = False

    def perform(self) -> Changes:
        memos = self.project.memos
        if not self._done_once:
            memo_id, changes = memos.write(self.place, self.text)
            self.after = memos.get(memo_id) if memo_id is not None else None
            self._done_once = True
            return changes
        return self._hold(self.after, self.before)

    def revert(self) -> Changes:
        return self._hold(self.before, self.after)

    def _hold(self, wanted: Memo | None, other: Memo | None) -> Changes:
        """Make the project hold ``wanted`` (``None``: no memo where ``other`` is)."""
        if wanted is not None:
            return self.project.memos.put(wanted)
        if other is not None:
            return self.project.memos.delete(other.id)
        return Changes()

    def id(self) -> int:
        return _SAVE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Take a later save of the same memo in the same burst into this step."""
        if not (isinstance(other, SaveMemoCommand) and other.place == self.place
                and other.burst == self.burst
                and other.saved_at - self.saved_at <= MERGE_SECONDS):
            return False
        self.after, self.saved_at = other.after, other.saved_at
        same = (self.before.text if self.before else "") == (self.after.text if self.after
                                                               else "")
        self.setObsolete(same and (self.before is None) == (self.after is None))
        return True


class CreateSpanMemoCommand(ProjectCommand):
    """Add an empty memo on ``text[start:end]`` of a document; undo deletes it, redo puts
    the same memo back (same id, GUID and times)."""

    def __init__(self, context: UndoContext, document_id: int, start: int, end: int,
                 quote: str) -> None:
        super().__init__(context, "Add a memo on a passage")
        self.document_id, self.start, self.end, self.quote = document_id, start, end, quote
        self.memo_id: int | None = None
        self.record: Memo | None = None

    def perform(self) -> Changes:
        if self.record is not None:
            return self.project.memos.put(self.record)
        self.memo_id, changes = self.project.memos.create_span(
            self.document_id, self.start, self.end, quote=self.quote)
        return changes

    def revert(self) -> Changes:
        assert self.memo_id is not None
        self.record = self.project.memos.get(self.memo_id)
        return self.project.memos.delete(self.memo_id)


class DeleteMemoCommand(ProjectCommand):
    """Delete a memo of any kind; undo puts it back exactly."""

    def __init__(self, context: UndoContext, memo_id: int) -> None:
        self.record: Memo = context.project.memos.get(memo_id)
        super().__init__(context, f"Delete {_KIND_WORDS[self.record.kind]}")

    def perform(self) -> Changes:
        self.record = self.project.memos.get(self.record.id)
        return self.project.memos.delete(self.record.id)

    def revert(self) -> Changes:
        return self.project.memos.put(self.record)
