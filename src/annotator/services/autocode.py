"""Autocoding: one highlight per match of a pattern or phrase, all in one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..domain.model import Changes
from ..store.highlights import BulkHighlight
from .stamps import new_guid, utc_now
from .tags import split_path

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class AutocodeResult:
    """``created`` new highlights; ``tagged_existing`` highlights of the same span that got
    the tag; ``skipped`` spans that already carried it; ``documents`` with a match."""

    tag_id: int
    created: int
    tagged_existing: int
    skipped: int
    documents: int
    changes: Changes


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
) -> AutocodeResult:
    """Tag every non-empty match of ``regex`` in every document (or one) with ``tag``.

    ``tag`` is a name path (``parent/child``), created if absent. A span that already
    carries the tag is skipped; a span highlighted without it gets the tag added. One
    transaction: either every match is coded or none.
    """
    store = project.store
    created = tagged = skipped = matched_documents = 0
    with project.transaction():
        tag_id, changes = project.tags.ensure_path(split_path(tag))
        existing = store.highlights.spans_with_tag(tag_id, document_id)
        documents = (
            [store.documents.get(document_id)] if document_id is not None
            else store.documents.iterate()
        )
        now = utc_now()
        new_rows: list[BulkHighlight] = []
        updated_ids: list[int] = []
        for document in documents:
            spans = [
                (m.start(), m.end()) for m in regex.finditer(document.text) if m.end() > m.start()
            ]
            if spans:
                matched_documents += 1
            for start, end in spans:
                if (document.id, start, end) in existing:
                    skipped += 1
                    continue
                existing.add((document.id, start, end))
                same_span = store.highlights.find_span(document.id, start, end)
                if same_span is not None:
                    store.highlights.add_tags(same_span, [tag_id])
                    store.highlights.update(same_span, modified_at=now)
                    updated_ids.append(same_span)
                    tagged += 1
                    continue
                new_rows.append(
                    (document.id, start, end, document.text[start:end], new_guid(), [tag_id])
                )
                created += 1
        created_ids = store.highlights.insert_bulk(new_rows, created_at=now, coder=project.coder)
    changes |= Changes.created("highlights", *created_ids) | Changes.updated(
        "highlights", *updated_ids
    )
    return AutocodeResult(tag_id, created, tagged, skipped, matched_documents, changes)
