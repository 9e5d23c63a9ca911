"""Memos: the researcher's own writing about the project, a document, a tag, a highlight or
a passage (a span of a document that is not coded).

A memo has one *place*. The project, each document, each tag and each highlight have at
most one memo; a document may have any number of span memos (free memos linked to
``text[start:end]`` without tagging it). A memo's text is plain text in paragraphs
(``\\n`` line breaks); ``author`` is the coder name of whoever wrote it first; times are
ISO 8601 UTC with a ``Z``.

Memos are records like the others (see ``domain.model``): frozen snapshots; changes go
through ``services.memos``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

MemoKind = Literal["project", "document", "tag", "highlight", "span"]
#: Every kind, in the order lists and exports show them.
MEMO_KINDS: tuple[MemoKind, ...] = ("project", "document", "tag", "highlight", "span")


@dataclass(frozen=True)
class MemoPlace:
    """Where a memo belongs: the project, a document, a tag or a highlight (one memo
    each), or an existing span memo (``memo_id``), which is its own place."""

    kind: MemoKind
    document_id: int | None = None
    tag_id: int | None = None
    highlight_id: int | None = None
    memo_id: int | None = None

    @staticmethod
    def project() -> MemoPlace:
        return MemoPlace("project")

    @staticmethod
    def document(document_id: int) -> MemoPlace:
        return MemoPlace("document", document_id=document_id)

    @staticmethod
    def tag(tag_id: int) -> MemoPlace:
        return MemoPlace("tag", tag_id=tag_id)

    @staticmethod
    def highlight(highlight_id: int) -> MemoPlace:
        return MemoPlace("highlight", highlight_id=highlight_id)

    @staticmethod
    def span(memo_id: int) -> MemoPlace:
        """An existing span memo (span memos are created with ``MemoService.create_span``)."""
        return MemoPlace("span", memo_id=memo_id)


@dataclass(frozen=True)
class Memo:
    """A memo as stored, with what it is about.

    ``document_id`` is set for document and span memos, and for a highlight memo it is the
    highlight's document; ``start``, ``end`` and ``quote`` are the span of a span memo, or
    of a highlight memo's highlight (``quote == text[start:end]`` always holds); ``None``
    otherwise. ``tag_id`` is set for tag memos only, ``highlight_id`` for highlight memos.
    """

    id: int
    guid: str
    kind: MemoKind
    text: str
    author: str
    created_at: str
    modified_at: str
    document_id: int | None = None
    tag_id: int | None = None
    highlight_id: int | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None

    @property
    def place(self) -> MemoPlace:
        """The place this memo belongs to (a span memo is its own place)."""
        if self.kind == "span":
            return MemoPlace.span(self.id)
        return MemoPlace(self.kind, document_id=self.document_id if self.kind == "document"
                         else None, tag_id=self.tag_id, highlight_id=self.highlight_id)


@dataclass(frozen=True)
class MemoFilter:
    """Which memos to list; empty fields do not filter.

    ``kinds``: any of these kinds. ``tag_id``: the tag's memo and the memos of the
    highlights that carry it. ``document_id``: the document's memo, its span memos and
    the memos of its highlights. ``author``: exactly this author. ``search``: every word
    of it appears in the memo's text, ignoring case and accents (see :func:`text_matches`).
    """

    kinds: tuple[MemoKind, ...] = ()
    tag_id: int | None = None
    document_id: int | None = None
    author: str | None = None
    search: str = ""


def folded(text: str) -> str:
    """``text`` case-folded and without accents (combining marks removed after NFKD), so
    that ``Éte`` finds ``ete`` and ``straße`` finds ``STRASSE``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def text_matches(text: str, search: str) -> bool:
    """Whether every white-space separated word of ``search`` occurs in ``text``, ignoring
    case and accents (an empty search matches everything)."""
    haystack = folded(text)
    return all(word in haystack for word in folded(search).split())


def memo_summary(text: str, limit: int = 80) -> str:
    """The start of a memo on one line (its line breaks as spaces), cut with ``…``."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class MemoAmendment:
    """A change an import made to a memo that existed before it (it appended the text of
    an incoming memo of the same place): the memo before the import's first change and
    after its last, so that an undo takes back exactly that."""

    before: Memo
    after: Memo


def amend_memo(amended: dict[int, MemoAmendment], before: Memo, after: Memo) -> None:
    """Record in ``amended`` that ``before`` became ``after`` (the same memo); a memo
    changed again keeps its first ``before``."""
    first = amended.get(before.id)
    amended[before.id] = MemoAmendment(first.before if first else before, after)
