"""Autocoding: every match of a pattern or phrase coded with a tag, in context, all in one
transaction (the merging rules are those of :mod:`.span_coding`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.context import Context
from ..domain.errors import UserError
from ..domain.model import Changes
from .span_coding import CodingSession

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class AutocodeResult:
    """``created`` new highlights; ``extended`` highlights of the tag that grew to take in
    hits beside them; ``tagged_existing`` highlights of exactly a hit's span (or context)
    that got the tag; ``merged`` highlights of the tag folded into another; ``skipped`` hits
    already inside a highlight with the tag; ``hits`` matches in ``documents`` documents."""

    tag_id: int
    created: int
    tagged_existing: int
    skipped: int
    documents: int
    changes: Changes
    extended: int = 0
    merged: int = 0
    hits: int = 0


def compile_pattern(
    *,
    pattern: str | None = None,
    phrase: str | None = None,
    case_sensitive: bool = False,
    whole_word: bool = False,
) -> re.Pattern[str]:
    """The regular expression for a regex ``pattern`` or a literal ``phrase``.

    Matching is case-insensitive (Unicode-aware) unless ``case_sensitive``; ``whole_word``
    requires no word character right before or after a match.
    """
    if (pattern is None) == (phrase is None):
        raise UserError("give either a pattern or a phrase")
    source = pattern if pattern is not None else re.escape(phrase or "")
    if not source:
        raise UserError("the pattern is empty")
    if whole_word:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    try:
        return re.compile(source, 0 if case_sensitive else re.IGNORECASE)
    except re.error as error:
        raise UserError(f"invalid regular expression {pattern!r}: {error}") from None


def autocode(
    project: Project,
    tag: str,
    regex: re.Pattern[str],
    *,
    document_id: int | None = None,
    context: Context | str = Context.MATCH,
) -> AutocodeResult:
    """Tag every non-empty match of ``regex`` in every document (or one) with ``tag``,
    widened to ``context`` (see :mod:`.span_coding`: a match inside a highlight of the tag
    adds nothing; matches and highlights of the tag that overlap or touch become one).

    ``tag`` names a tag as :meth:`~.tags.TagService.resolve` reads it (a bare name
    matching one tag anywhere means that tag; several are refused); a tag is created, at
    the path ``tag`` names, only when none matches. One transaction: either
    every match is coded or none. Documents are read one at a time.
    """
    store = project.store
    hits = 0
    with project.transaction():
        tag_id, changes = project.tags.resolve_or_create(tag)
        session = CodingSession(project, tag_id, context, document_id)
        texts = (
            [(document_id, store.documents.text(document_id))] if document_id is not None
            else store.documents.iterate_texts()
        )
        for current, text in texts:
            spans = [(m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start()]
            hits += len(spans)
            session.add(current, text, spans)
        result = session.write()
    return AutocodeResult(
        tag_id, result.created, result.tagged_existing, result.skipped, result.documents,
        changes | result.changes, result.extended, result.merged, hits,
    )
