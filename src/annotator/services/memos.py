"""Memo use cases: write the memo of the project, a document, a tag or a highlight; add,
edit and delete span memos (on a passage that is not coded); list and search memos.

Contracts:

* A place (the project, a document, a tag, a highlight) holds at most one memo; writing
  its text creates the memo, changes it, or, with an empty text, deletes it. A span memo
  keeps an empty text until it is deleted.
* A new memo's author is the project's coder (``Project.coder``, as for highlights); an
  edit changes the text and ``modified_at``, never the author or ``created_at``. Writing
  a highlight's memo also stamps the highlight as changed by this coder now
  (``Highlight.modified_at`` and ``modified_by``).
* A span memo's span satisfies ``quote == text[start:end]`` (code points) for its
  document's stored text; :meth:`MemoService.create_span` refuses anything else.
* Texts are stored normalised as imported texts are (``\\n`` line breaks, no control
  characters but tab and newline).
* Every mutation is one transaction and returns a :class:`Changes` listing the memo, and
  a highlight memo's highlight as updated too (its ``Highlight.memo`` changed).

Read API for other parts of the program (reports, exports): :meth:`MemoService.of_kind`,
:meth:`MemoService.for_highlight`, :meth:`MemoService.for_highlights` and
:meth:`MemoService.select`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..domain.errors import NotFoundError, UserError
from ..domain.memos import Memo, MemoFilter, MemoKind, MemoPlace, text_matches
from ..domain.model import Changes
from ..domain.spans import check_quote, check_span_fits
from ..domain.text import normalize_text
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project


class MemoService:
    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store
        self._table = project.store.memos

    # -- reading -----------------------------------------------------------------------
    def get(self, memo_id: int) -> Memo:
        """One memo; raises :class:`NotFoundError`."""
        return self._table.get(memo_id)

    def at(self, place: MemoPlace) -> Memo | None:
        """The memo of ``place``, or ``None`` when it has none."""
        return self._table.at(place)

    def project_memo(self) -> Memo | None:
        return self._table.at(MemoPlace.project())

    def for_document(self, document_id: int) -> Memo | None:
        """The document's own memo (not its span or highlight memos)."""
        return self._table.at(MemoPlace.document(document_id))

    def for_tag(self, tag_id: int) -> Memo | None:
        return self._table.at(MemoPlace.tag(tag_id))

    def for_highlight(self, highlight_id: int) -> Memo | None:
        return self._table.at(MemoPlace.highlight(highlight_id))

    def for_highlights(self, highlight_ids: Sequence[int]) -> dict[int, Memo]:
        """The memo of each of these highlights that has one, by highlight id (one query
        per 900 ids: for reports over many quotes)."""
        return self._table.for_highlights(list(highlight_ids))

    def spans_in(self, document_id: int) -> list[Memo]:
        """A document's span memos, by start."""
        return self._table.spans_in(document_id)

    def of_kind(self, kind: MemoKind) -> list[Memo]:
        """Every memo of one kind, by id."""
        return self._table.select(kinds=[kind])

    def select(self, where: MemoFilter = MemoFilter()) -> list[Memo]:  # noqa: B008
        """The memos ``where`` selects, by kind (project first) then id; the text search
        is done here, ignoring case and accents (``domain.memos.text_matches``)."""
        found = self._table.select(kinds=where.kinds, tag_id=where.tag_id,
                                   document_id=where.document_id, author=where.author)
        if where.search.strip():
            found = [memo for memo in found if text_matches(memo.text, where.search)]
        return found

    def authors(self) -> list[str]:
        return self._table.authors()

    def document_ids(self) -> list[int]:
        """The documents that hold a memo of any kind."""
        return self._table.document_ids()

    def count(self) -> int:
        return self._table.count()

    # -- writing -----------------------------------------------------------------------
    def write(self, place: MemoPlace, text: str) -> tuple[int | None, Changes]:
        """Give ``place`` this memo text: create its memo, change it, or (for an empty
        text, except on a span memo) delete it. Returns the memo's id (``None`` once
        deleted or never made) and what changed (nothing when the text is the same).
        Raises :class:`NotFoundError` when the place does not exist."""
        text = normalize_text(text)
        with self._project.transaction():
            self._check_place(place)
            memo = self._table.at(place)
            if memo is None and place.kind == "span":
                raise NotFoundError(f"no memo with id {place.memo_id}")
            if memo is not None and memo.text == text:
                return memo.id, Changes()
            if memo is None and not text:
                return None, Changes()
            now = utc_now()
            if place.highlight_id is not None:  # a change of the highlight, by this coder
                self._store.highlights.update(place.highlight_id, modified_at=now,
                                              modified_by=self._project.coder)
            if memo is None:
                memo_id = self._table.insert(Memo(
                    0, new_guid(), place.kind, text, self._project.coder, now, now,
                    document_id=place.document_id, tag_id=place.tag_id,
                    highlight_id=place.highlight_id))
                return memo_id, _touching(place, Changes.created("memos", memo_id))
            if not text and place.kind != "span":
                self._table.delete(memo.id)
                return None, _touching(place, Changes.deleted("memos", memo.id))
            self._table.update(memo.id, text=text, modified_at=now)
        return memo.id, _touching(place, Changes.updated("memos", memo.id))

    def create_span(self, document_id: int, start: int, end: int, text: str = "", *,
                    quote: str | None = None) -> tuple[int, Changes]:
        """Add a span memo on ``text[start:end]`` of a document (code points); return its
        id. ``quote``, when given, must equal the text there (a guard for callers that
        converted offsets). Raises :class:`InvalidSpanError` or :class:`NotFoundError`."""
        text = normalize_text(text)
        with self._project.transaction():
            sliced, length = self._store.documents.slice(document_id, start, end)
            check_span_fits(length, start, end)
            check_quote(sliced, start, end, quote)
            now = utc_now()
            memo_id = self._table.insert(Memo(
                0, new_guid(), "span", text, self._project.coder, now, now,
                document_id=document_id, start=start, end=end, quote=sliced))
        return memo_id, Changes.created("memos", memo_id)

    def delete(self, memo_id: int) -> Changes:
        """Remove a memo; :meth:`put` with its former record undoes this."""
        with self._project.transaction():
            memo = self._table.get(memo_id)
            self._table.delete(memo_id)
        return _touching(memo.place, Changes.deleted("memos", memo_id))

    def put(self, memo: Memo) -> Changes:
        """Make the project hold exactly ``memo`` (an undo or redo): its text and times
        when it exists, else the whole record back with its id and GUID. Raises
        :class:`UserError`, changing nothing, when its place is gone or taken by another
        memo, or its id or GUID by another record."""
        with self._project.transaction():
            current = self._table.find(memo.id)
            if current is not None:
                if (current.guid, current.kind) != (memo.guid, memo.kind):
                    raise UserError("another memo has taken the id of this one")
                self._table.update(memo.id, text=memo.text, modified_at=memo.modified_at)
                return _touching(memo.place, Changes.updated("memos", memo.id))
            self._check_place(replace(memo.place, memo_id=None))
            if memo.kind != "span" and self._table.at(memo.place) is not None:
                raise UserError(f"the {memo.kind} has another memo now")
            if self._store.guid_in_use("memos", memo.guid):
                raise UserError("another memo has taken the GUID of this one")
            if memo.kind == "span":
                assert memo.document_id is not None and memo.start is not None
                assert memo.end is not None
                sliced, length = self._store.documents.slice(memo.document_id, memo.start,
                                                             memo.end)
                check_span_fits(length, memo.start, memo.end)
                check_quote(sliced, memo.start, memo.end, memo.quote)
            self._table.insert(memo, keep_id=True)
        return _touching(memo.place, Changes.created("memos", memo.id))

    def _check_place(self, place: MemoPlace) -> None:
        """Raise :class:`NotFoundError` unless the document, tag or highlight exists."""
        if place.kind in ("document", "span") and place.document_id is not None:
            if not self._store.documents.guids([place.document_id]):
                raise NotFoundError(f"no document with id {place.document_id}")
        elif place.kind == "tag" and place.tag_id is not None:
            self._store.tags.get(place.tag_id)
        elif place.kind == "highlight" and place.highlight_id is not None:
            self._store.highlights.get(place.highlight_id)


def _touching(place: MemoPlace, changes: Changes) -> Changes:
    """A highlight memo's change is also an update of its highlight (``Highlight.memo``)."""
    if place.kind == "highlight" and place.highlight_id is not None:
        return changes | Changes.updated("highlights", place.highlight_id)
    return changes
