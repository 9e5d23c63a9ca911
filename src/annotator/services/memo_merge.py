"""Merging the memos of an imported file (a coded dataset, a REFI-QDA project) into a
project, inside the import's transaction.

Rules, the same for every importer:

* An incoming memo of a place that has no memo (the project, a document, a tag, a
  highlight) becomes its memo, with the file's author, times and GUID (a new GUID when
  the project uses that one already).
* When the place has a memo already, an incoming text that it already contains (the same
  memo imported again) changes nothing; another text is appended to it after a blank
  line (two coders' memos of one document both survive a merge), which changes the
  memo's ``modified_at``. That is the only change an import makes to an existing memo;
  :attr:`MemoMerge.amended` records it for an exact undo.
* A span memo is already present when the document has one with the same span and the
  same GUID or text; otherwise it is added.
* An empty incoming text is no memo (a span memo excepted).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..domain.memos import Memo, MemoAmendment, amend_memo
from ..domain.model import Changes
from ..domain.text import normalize_text
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project


@dataclass
class MemoMerge:
    """Collects what merging incoming memos did; :meth:`changes` gives the record."""

    project: Project
    created: list[int] = field(default_factory=list)
    amended: dict[int, MemoAmendment] = field(default_factory=dict)
    matched: int = 0
    _touched_highlights: set[int] = field(default_factory=set)

    def add(self, incoming: Memo) -> None:
        """Merge one memo whose place fields hold project ids (its ``id`` is ignored; an
        empty ``guid`` gets a new one). The span of a span memo is checked by the caller."""
        memo = replace(incoming, text=normalize_text(incoming.text))
        if memo.kind != "span" and not memo.text.strip():
            return
        table = self.project.store.memos
        if memo.kind == "span":
            if any((m.start, m.end) == (memo.start, memo.end)
                   and (m.guid == memo.guid or m.text == memo.text)
                   for m in table.spans_in(memo.document_id or 0)):
                self.matched += 1
                return
        else:
            existing = table.at(memo.place)
            if existing is not None:
                if self._append(existing, memo.text) and memo.highlight_id is not None:
                    self._touched_highlights.add(memo.highlight_id)
                return
        self.created.append(table.insert(replace(memo, guid=self._free_guid(memo.guid))))
        if memo.highlight_id is not None:
            self._touched_highlights.add(memo.highlight_id)

    def _append(self, existing: Memo, text: str) -> bool:
        """Append ``text`` unless ``existing`` holds it already; whether it did."""
        if text.strip() in existing.text:
            self.matched += 1
            return False
        table = self.project.store.memos
        table.update(existing.id, text=f"{existing.text.rstrip()}\n\n{text}",
                     modified_at=utc_now())
        amend_memo(self.amended, existing, table.get(existing.id))
        return True

    def _free_guid(self, guid: str) -> str:
        if guid and not self.project.store.guid_in_use("memos", guid):
            return guid
        return new_guid()

    def changes(self) -> Changes:
        """The memos created and amended, and the highlights whose memo changed."""
        return (Changes.created("memos", *self.created)
                | Changes.updated("memos", *self.amended)
                | Changes.updated("highlights", *self._touched_highlights))

    @property
    def added(self) -> int:
        return len(self.created)
