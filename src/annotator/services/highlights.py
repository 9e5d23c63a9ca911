"""Highlight use cases: code a span, change its tags and memo, delete and restore it.

Contract: every stored highlight satisfies ``quote == text[start:end]`` for its document's
stored text, with code-point offsets; :meth:`create` refuses anything else. Every
mutation's :class:`Changes` also lists the highlight's document as updated (its coding,
and so its highlight count, changed), so lists refresh that one row. A highlight's memo
is a memo of the highlight's place (see ``services.memos``): deleted with the highlight,
put back by :meth:`restore`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..domain.memos import Memo, MemoPlace
from ..domain.model import Changes, Highlight
from ..domain.span_index import HighlightSpan
from ..domain.spans import check_quote, check_span, check_span_fits
from ..domain.text import normalize_text
from .stamps import new_guid, utc_now

if TYPE_CHECKING:
    from .project import Project


class HighlightService:
    def __init__(self, project: Project) -> None:
        self._project = project
        self._store = project.store
        self._table = project.store.highlights

    def get(self, highlight_id: int) -> Highlight:
        return self._table.get(highlight_id)

    def for_document(self, document_id: int, text: str | None = None) -> list[Highlight]:
        """A document's highlights with their tag ids, by start offset (pass the document's
        ``text`` when at hand: quotes are then sliced from it rather than read)."""
        return self._table.for_document(document_id, text)

    def spans_for_document(self, document_id: int) -> list[HighlightSpan]:
        """A document's highlights as bare spans with tag ids, in span order (much cheaper
        than :meth:`for_document` for a densely coded document)."""
        return self._table.spans_for_document(document_id)

    def count(self) -> int:
        return self._table.count()

    def coders_by_arrival(self) -> list[str]:
        """Every coder who made a highlight, in the order of their first one (the order
        that gives coders their colours, see ``domain.palette.coder_colors``)."""
        return self._table.coders_by_arrival()

    def coders_for_document(self, document_id: int) -> dict[int, str]:
        """Who made each of a document's highlights, by highlight id (what the editor
        needs to colour or show them by coder, without reading full records)."""
        return self._table.coders_for_document(document_id)

    def coders(self) -> list[str]:
        """Every coder who made a highlight in the project, by name."""
        return self._project.store.agreement.coders()

    def create(
        self,
        document_id: int,
        start: int,
        end: int,
        tag_ids: Iterable[int] = (),
        *,
        memo: str = "",
        quote: str | None = None,
    ) -> tuple[int, Changes]:
        """Code ``text[start:end]`` of a document with ``tag_ids``; return the new id.

        ``quote``, when given, must equal the text slice (a guard for callers that
        converted offsets). Raises :class:`InvalidSpanError` or :class:`NotFoundError`,
        and :class:`UserError` for a tag that is a folder (not codable).
        """
        tags = list(dict.fromkeys(tag_ids))
        with self._project.transaction():
            sliced = self._checked_slice(document_id, start, end, quote)
            self._project.tags.check_codable(tags)
            now = utc_now()
            highlight_id = self._table.insert(
                document_id, start, end, sliced, guid=new_guid(), created_at=now,
                coder=self._project.coder, tag_ids=tags,
            )
            memos = Changes()
            if normalize_text(memo):  # written with the highlight, at the same time
                memos = Changes.created("memos", self._store.memos.insert(Memo(
                    0, new_guid(), "highlight", normalize_text(memo), self._project.coder,
                    now, now, highlight_id=highlight_id)))
        return highlight_id, _touching(
            document_id, Changes.created("highlights", highlight_id) | memos)

    def memo_of(self, highlight_id: int) -> Memo | None:
        """The highlight's memo record (what :meth:`restore` needs besides the highlight)."""
        return self._project.memos.for_highlight(highlight_id)

    def restore(self, highlight: Highlight, memo: Memo | None = None) -> Changes:
        """Put back a deleted highlight exactly as it was (same id, guid, times, tags) with
        its memo ``memo`` (the record :meth:`memo_of` gave before the deletion). Without
        ``memo``, a non-empty ``highlight.memo`` comes back as a memo by the highlight's
        coder at its last change (the memo's own author and times were not kept)."""
        with self._project.transaction():
            text = self._store.documents.text(highlight.document_id)
            check_span(text, highlight.start, highlight.end, highlight.quote)
            self._table.insert(
                highlight.document_id, highlight.start, highlight.end, highlight.quote,
                guid=highlight.guid, created_at=highlight.created_at,
                modified_at=highlight.modified_at, coder=highlight.coder,
                modified_by=highlight.modified_by or highlight.coder,
                tag_ids=[t for t in highlight.tag_ids if self._tag_exists(t)],
                highlight_id=highlight.id,
            )
            if memo is None and highlight.memo:
                memo = Memo(0, new_guid(), "highlight", highlight.memo, highlight.coder,
                            highlight.modified_at, highlight.modified_at,
                            highlight_id=highlight.id)
                memo = replace(memo, id=self._store.memos.insert(memo))
            elif memo is not None:
                self._project.memos.put(memo)
        memos = Changes.created("memos", memo.id) if memo is not None else Changes()
        return _touching(highlight.document_id,
                         Changes.created("highlights", highlight.id) | memos)

    def add_tags(self, highlight_id: int, tag_ids: Iterable[int], *,
                 folders: bool = False) -> Changes:
        """Give the highlight ``tag_ids``; a tag that is a folder (not codable) is refused
        with :class:`UserError` unless ``folders`` (an import keeping another tool's
        codings)."""
        tags = list(tag_ids)
        with self._project.transaction():
            document_id = self._table.get(highlight_id).document_id
            for tag_id in tags:
                self._store.tags.get(tag_id)
            if not folders:
                self._project.tags.check_codable(tags)
            self._table.add_tags(highlight_id, tags)
            self._table.update(highlight_id, modified_at=utc_now(),
                               modified_by=self._project.coder)
        return _touching(document_id, Changes.updated("highlights", highlight_id))

    def remove_tags(self, highlight_id: int, tag_ids: Iterable[int]) -> Changes:
        with self._project.transaction():
            document_id = self._table.get(highlight_id).document_id
            self._table.remove_tags(highlight_id, tag_ids)
            self._table.update(highlight_id, modified_at=utc_now(),
                               modified_by=self._project.coder)
        return _touching(document_id, Changes.updated("highlights", highlight_id))

    def set_memo(self, highlight_id: int, memo: str) -> Changes:
        """Give the highlight this memo text ('' deletes its memo; see
        ``MemoService.write``)."""
        return self._project.memos.write(MemoPlace.highlight(highlight_id), memo)[1]

    def own_with_span(self, document_id: int, start: int, end: int) -> int | None:
        """The current coder's highlight with exactly this span, if any: where applying a
        tag to a span adds it (another coder's highlight of the span is never changed; the
        current coder gets a highlight of their own)."""
        return self._table.find_own_span(document_id, start, end, self._project.coder)

    def delete(self, highlight_id: int) -> Changes:
        """Remove a highlight and its memo; :meth:`restore` with its former record (and
        :meth:`memo_of`'s) undoes this."""
        with self._project.transaction():
            document_id = self._table.get(highlight_id).document_id
            memo = self._project.memos.for_highlight(highlight_id)
            self._table.delete(highlight_id)
        memos = Changes.deleted("memos", memo.id) if memo is not None else Changes()
        return _touching(document_id, Changes.deleted("highlights", highlight_id) | memos)

    def _checked_slice(self, document_id: int, start: int, end: int,
                       quote: str | None) -> str:
        """``text[start:end]`` after :func:`check_span`'s checks, reading only the slice."""
        sliced, length = self._store.documents.slice(document_id, start, end)
        check_span_fits(length, start, end)
        return check_quote(sliced, start, end, quote)

    def _tag_exists(self, tag_id: int) -> bool:
        try:
            self._store.tags.get(tag_id)
        except UserError:
            return False
        return True


def _touching(document_id: int, changes: Changes) -> Changes:
    return changes | Changes.updated("documents", document_id)
