"""Where the coders of an agreement differ: one :class:`Disagreement` per disagreeing
unit, in the compared documents, with each coder's coding there to read side by side.

- ``character``: each maximal run of characters that some coder coded with the tag and
  another did not (:func:`~annotator.domain.agreement_stretches.disagreement_stretches`);
  their lengths add up to the disagreeing character units.
- ``segment``: each segment (a coder's span of the tag) that found no match at the
  overlap; there are as many as the disagreeing segment units.
- ``document``: each document in which some coders used the tag and others did not; the
  stretch is the whole document.

Each coder's quote is what that coder coded with the tag over the stretch's reach (the
stretch widened until no highlight of the tag crosses its ends), the pieces joined by
`` … ``; empty when that coder coded nothing there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.agreement_stretches import coverage_within, disagreement_stretches, reach
from ..domain.agreement_units import Span, segment_units
from ..domain.tag_paths import tag_path_text
from .agreement import (
    AgreementReport,
    ComparedCoding,
    agreement_report,
    check_unit,
    compared_coding,
)

if TYPE_CHECKING:
    from .project import Project

#: Longest quote kept per coder (the list shows a line of each; the editor shows all).
QUOTE_LIMIT = 400
PIECE_JOINT = " … "


@dataclass(frozen=True)
class Disagreement:
    """One disagreeing unit: in ``document_id`` (titled ``title``), on ``tag_id`` (named
    ``tag_path``), over ``start..end`` (code points); ``coder``: whose unmatched segment it
    is (segment unit only, else ``""``); ``quotes``: one per coder of the agreement, in
    its order; ``text``: the stretch's own text (shortened; ``""`` for a whole document)."""

    document_id: int
    title: str
    tag_id: int
    tag_path: str
    start: int
    end: int
    coder: str
    quotes: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class DisagreementList:
    """The first ``found`` disagreements (all of them unless a limit cut the list) and
    how many there are in all (``total``)."""

    found: list[Disagreement]
    total: int


def disagreements(project: Project, coding: ComparedCoding, unit: str, overlap: float,
                  limit: int | None = None) -> DisagreementList:
    """The disagreements of ``coding`` for ``unit``, by document, tag path and position:
    every one, or the first ``limit``, and their number. Reads the titles and the texts of
    the documents with a listed disagreement only."""
    found: list[tuple[int, int, Span, str, list[list[Span]]]] = []
    for document_id, length in coding.documents:
        for tag_id, per_coder in coding.spans.get(document_id, {}).items():
            for stretch, coder in _stretches(unit, per_coder, length, coding.coders,
                                             overlap):
                found.append((document_id, tag_id, stretch, coder, per_coder))
    paths = {t: tag_path_text(p) for t, p in coding.paths.items()}
    found.sort(key=lambda f: (f[0], paths[f[1]], f[2]))
    total = len(found)
    if limit is not None:
        del found[limit:]
    titles = project.store.documents.titles(sorted({f[0] for f in found}))
    result: list[Disagreement] = []
    text_of: tuple[int, str] = (-1, "")
    for document_id, tag_id, (start, end), coder, per_coder in found:
        if text_of[0] != document_id:
            text_of = (document_id, project.documents.text(document_id))
        text = text_of[1]
        region = reach((start, end), per_coder)
        quotes = tuple(_quote(text, coverage_within(spans, region)) for spans in per_coder)
        result.append(Disagreement(document_id, titles.get(document_id, ""), tag_id,
                                   paths[tag_id], start, end, coder, quotes,
                                   "" if unit == "document" else _shortened(text[start:end])))
    return DisagreementList(result, total)


def agreement_with_disagreements(
    project: Project, *, coders: Sequence[str] = (), unit: str = "character",
    overlap: float = 0.9, tag_ids: Sequence[int] | None = None, limit: int | None = None,
) -> tuple[AgreementReport, DisagreementList]:
    """The agreement report and its disagreements (the first ``limit``) from one reading
    of the coding (what the window's Agreement view shows). Raises ``UserError`` as
    :func:`~.agreement.agreement` does."""
    check_unit(unit, overlap)
    coding = compared_coding(project, coders=coders, tag_ids=tag_ids)
    return (agreement_report(coding, unit, overlap),
            disagreements(project, coding, unit, overlap, limit))


def _stretches(unit: str, per_coder: list[list[Span]], length: int, coders: Sequence[str],
               overlap: float) -> list[tuple[Span, str]]:
    if unit == "character":
        return [(stretch, "") for stretch in disagreement_stretches(per_coder)]
    if unit == "segment":
        return [(span, coders[coder]) for coder, span, agrees
                in segment_units(per_coder, overlap) if not agrees]
    used = {bool(spans) for spans in per_coder}
    return [((0, length), "")] if len(used) > 1 else []


def _quote(text: str, pieces: list[Span]) -> str:
    return _shortened(PIECE_JOINT.join(text[s:e] for s, e in pieces))


def _shortened(quote: str) -> str:
    if len(quote) <= QUOTE_LIMIT:
        return quote
    half = QUOTE_LIMIT // 2
    return quote[:half] + PIECE_JOINT + quote[-half:]
