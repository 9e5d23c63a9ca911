"""REFI-QDA notes as memos, both ways (``refi_qda`` imports, ``refi_qda_export`` exports).

Import: every place a tool attaches writing becomes the memo of that place —

* a Note referenced by the project (its trailing ``NoteRef``), and a Note attached to
  nothing that was imported (ATLAS.ti's free memos, a memo of a video), → the project
  memo, one paragraph per note headed by its name;
* NoteRefs (and ATLAS.ti's Links from a Note) on a source → the document's memo; on a code
  → the tag's memo (the code's ``Description`` stays the tag's description);
* a coded selection's ``Description``, NoteRefs, its codings' NoteRefs and Links → the
  highlight's memo; an uncoded selection with any of those (MAXQDA and ATLAS.ti comments)
  → a span memo on its span.

The memo takes the author (a User's name) and times of its first note, else of the
selection; texts met twice are kept once. Merging into the project follows
``memo_merge``.

Export: each memo is a Note (the memo's GUID, its author as ``creatingUser``, its times)
referenced from its place: the Project, a TextSource, a Code, a PlainTextSelection; a
span memo is an uncoded PlainTextSelection of its own (GUID derived from the memo's).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..domain.memos import Memo, MemoKind, memo_summary
from ..formats.refi_qda_model import Note, RefiProject
from .stamps import utc_now


def note_name(memo: Memo, place: str) -> str:
    """The name of a memo's Note: ``Memo: <its place>``."""
    return f"Memo: {memo_summary(place, 60)}" if place else "Memo"


def memo_note(memo: Memo, name: str, user_guid: str) -> Note:
    """The Note that carries ``memo`` (its GUID is the memo's)."""
    return Note(memo.guid, name, memo.text, creating_user=user_guid,
                creation_time=memo.created_at, modified_time=memo.modified_at)


@dataclass
class NoteReader:
    """Turns the notes of a loaded project into incoming memos and remembers which notes
    were used, so that the others can go to the project memo."""

    project: RefiProject
    bodies: Mapping[str, str]
    users: Mapping[str, str]
    coder: str
    #: Notes linked to a record by ATLAS.ti-style Links, by the record's GUID.
    links: dict[str, list[str]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._notes = {n.guid: n for n in self.project.notes}

    def memo(self, kind: MemoKind, description: str, *note_lists: Any,
             user: str | None = None, created: str | None = None,
             modified: str | None = None, keep_empty: bool = False,
             **place: Any) -> Memo | None:
        """The memo made of ``description`` and the notes of ``note_lists`` (GUIDs), with
        the place fields ``place`` (``document_id=...``), or ``None`` when all are empty
        (with ``keep_empty``: only when no note of the file is referenced; an empty span
        memo is exported as an empty note). ``user``, ``created`` and ``modified`` stand in
        when no note gives them."""
        parts = [description.strip()] if description.strip() else []
        first: Note | None = None
        for guids in note_lists:
            for guid in guids:
                self.used.add(guid)
                body = self.bodies.get(guid, "")  # as written: a memo's own blank lines stay
                if body.strip() and body.strip() not in (p.strip() for p in parts):
                    parts.append(body)
                    first = first or self._notes.get(guid)
                elif keep_empty and not parts:
                    first = first or self._notes.get(guid)
        if not parts and not (keep_empty and first is not None):
            return None
        if first is not None:
            user, created = first.creating_user, first.creation_time
            modified = first.modified_time or first.creation_time
        return self._memo(kind, "\n\n".join(parts), first.guid if first else "", user,
                          created, modified, place)

    def project_memo(self, extra_guids: list[str]) -> Memo | None:
        """The project memo: the project's description, its own notes, then
        ``extra_guids`` (notes attached to nothing imported), each of those headed by its
        name (their place is lost)."""
        own = self.project.note_guids
        guids = list(dict.fromkeys([*own, *extra_guids]))
        parts: list[str] = [self.project.description] if self.project.description else []
        first = None
        for guid in guids:
            note = self._notes.get(guid)
            body = self.bodies.get(guid, "").strip()
            self.used.add(guid)
            if note is None or not (body or note.description.strip()):
                continue
            first = first or note
            heading = note.name.strip() if guid not in own else ""
            parts.append("\n\n".join(p for p in (heading, note.description.strip(), body)
                                      if p))
        if not parts:
            return None
        if first is None:  # the description alone
            return self._memo("project", parts[0], "", None, None, None, {})
        return self._memo("project", "\n\n".join(parts), first.guid, first.creating_user,
                          first.creation_time, first.modified_time or first.creation_time, {})

    def unused(self) -> list[str]:
        """The GUIDs of the notes no memo has taken, in file order."""
        return [n.guid for n in self.project.notes if n.guid not in self.used]

    def _memo(self, kind: MemoKind, text: str, guid: str, user: str | None,
              created: str | None, modified: str | None, place: dict[str, Any]) -> Memo:
        made = timestamp(created) or utc_now()
        return Memo(0, guid, kind, text, self.users.get(user or "", "") or self.coder, made,
                    timestamp(modified) or made, **place)


_STAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z?")


def timestamp(value: str | None) -> str | None:
    """A REFI-QDA date-time as ``YYYY-MM-DDTHH:MM:SSZ`` (fractions dropped), or ``None``."""
    match = _STAMP.fullmatch(value or "")
    return match.group(1) + "Z" if match else None
