"""Intercoder agreement of a project: per tag and overall, for one unit of analysis.

The compared documents are those in which every listed coder made at least one highlight
(of any tag). Per tag, the coders' spans of that tag in those documents become units
(see :mod:`annotator.domain.agreement_units`); ``overall`` pools every (tag, unit) pair
as one binary unit. Units and coefficients:

- ``character`` and ``document``: percent agreement, Cohen's κ (two coders only) and
  Krippendorff's nominal α; ``kappa_kind`` is ``"cohen"``.
- ``segment``: percent agreement of the segments and Brennan and Prediger's κ;
  ``kappa_kind`` is ``"brennan-prediger"``, with two categories per tag (the tag is there
  or not) and, overall, as MAXQDA does, one per compared tag (two if only one); α is not
  defined for segments.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.agreement import (
    Coefficient,
    Pattern,
    brennan_prediger_kappa,
    cohen_kappa,
    krippendorff_alpha,
    pairable_units,
    percent_agreement,
)
from ..domain.agreement_units import (
    SegmentCount,
    Span,
    character_tally,
    document_pattern,
    segment_count,
)
from ..domain.errors import UserError
from ..store.agreement import TaggedSpan

if TYPE_CHECKING:
    from .project import Project

UNITS = ("character", "segment", "document")
#: MAXQDA's usual minimum overlap of two segments.
DEFAULT_OVERLAP = 0.9
_NO_ALPHA = Coefficient.undefined("alpha is not defined for the segment unit")


@dataclass(frozen=True)
class AgreementRow:
    """The units compared and the coefficients over them."""

    units: int
    percent_agreement: Coefficient
    kappa: Coefficient
    alpha: Coefficient


@dataclass(frozen=True)
class TagAgreement:
    tag_id: int
    name: str
    path: str
    row: AgreementRow


@dataclass(frozen=True)
class AgreementReport:
    unit: str
    coders: tuple[str, ...]
    documents: int
    kappa_kind: str
    tags: list[TagAgreement]
    overall: AgreementRow


def agreement(project: Project, *, coders: Sequence[str] = (), tags: Sequence[str] = (),
              unit: str = "character", overlap: float = DEFAULT_OVERLAP) -> AgreementReport:
    """Agreement among ``coders`` (default: every coder of the project) on ``tags`` (names
    or paths; default: every tag), for ``unit``. Raises :class:`UserError` for an unknown
    unit, tag or coder, fewer than two coders, or an overlap outside (0, 1]."""
    check_unit(unit, overlap)
    return agreement_report(compared_coding(project, coders=coders, tags=tags), unit,
                            overlap)


def agreement_report(coding: ComparedCoding, unit: str, overlap: float) -> AgreementReport:
    """The agreement of coding read by :func:`compared_coding` (no database work), for a
    unit and overlap :func:`check_unit` accepts."""
    chosen, tag_ids, paths, documents = (coding.coders, coding.tag_ids, coding.paths,
                                         coding.documents)
    rows = _rows(unit, chosen, documents, coding.spans, tag_ids, overlap)
    tag_rows = [TagAgreement(t, paths[t][-1], "/".join(paths[t]), rows[t]) for t in tag_ids]
    return AgreementReport(unit, tuple(chosen), len(documents),
                           "brennan-prediger" if unit == "segment" else "cohen",
                           tag_rows, rows[None])


def check_unit(unit: str, overlap: float) -> None:
    """Raise :class:`UserError` for an unknown unit or an overlap outside (0, 1]."""
    if unit not in UNITS:
        raise UserError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    if not 0 < overlap <= 1:
        raise UserError(f"overlap {overlap} is not above 0 and at most 1")


#: document -> tag -> one list of spans per coder.
Spans = dict[int, dict[int, list[list[Span]]]]


@dataclass(frozen=True)
class ComparedCoding:
    """What an agreement compares: the ``coders`` (in their order), the ``tag_ids`` and
    every tag's name ``paths``, the compared ``documents`` as ``(id, length)`` by id, and
    ``spans``: per compared document, per tag someone used there, one list of spans per
    coder."""

    coders: list[str]
    tag_ids: list[int]
    paths: dict[int, tuple[str, ...]]
    documents: list[tuple[int, int]]
    spans: Spans


def compared_coding(project: Project, *, coders: Sequence[str] = (),
                    tags: Sequence[str] = (),
                    tag_ids: Sequence[int] | None = None) -> ComparedCoding:
    """Read, in one snapshot, the coding that :func:`agreement` compares: the tags named
    in ``tags``, else those of ``tag_ids`` that still exist (in codebook order), else
    every tag. Raises :class:`UserError` for an unknown tag or coder, or fewer than two
    coders."""
    store = project.store
    with store.read_snapshot():
        known = store.agreement.coders()
        chosen = _chosen_coders(coders, known)
        paths = project.tags.paths()
        compared_tags = _chosen_tags(project, tags)
        if tag_ids is not None and not tags:
            wanted = set(tag_ids)
            compared_tags = [t for t in compared_tags if t in wanted]
        documents = store.agreement.documents_coded_by_all(chosen)
        spans = _spans_by_document(store.agreement.tagged_spans(chosen), chosen,
                                   {d for d, _ in documents}, set(compared_tags))
    return ComparedCoding(chosen, compared_tags, paths, documents, spans)


def _spans_by_document(found: Iterable[TaggedSpan], coders: list[str], documents: set[int],
                       tag_ids: set[int]) -> Spans:
    position = {coder: index for index, coder in enumerate(coders)}
    spans: Spans = defaultdict(dict)
    for document_id, coder, tag_id, start, end in found:
        if document_id in documents and tag_id in tag_ids:
            per_tag = spans[document_id]
            per_coder = per_tag.get(tag_id)
            if per_coder is None:
                per_coder = per_tag[tag_id] = [[] for _ in coders]
            per_coder[position[coder]].append((start, end))
    return spans


def _rows(unit: str, coders: list[str], documents: list[tuple[int, int]], spans: Spans,
          tag_ids: list[int], overlap: float) -> dict[int | None, AgreementRow]:
    """One row per tag id and the overall row (key ``None``)."""
    uncoded: Pattern = (0,) * len(coders)
    if unit == "segment":
        counts = {t: SegmentCount() for t in tag_ids}
        for document_id, _ in documents:
            for tag_id, per_coder in spans.get(document_id, {}).items():
                counts[tag_id] += segment_count(per_coder, overlap)
        result: dict[int | None, AgreementRow] = {
            t: _segment_row(c, 2) for t, c in counts.items()}
        overall = sum(counts.values(), SegmentCount())
        result[None] = _segment_row(overall, max(2, len(tag_ids)))
        return result
    tallies: dict[int, Counter[Pattern]] = {t: Counter() for t in tag_ids}
    for document_id, length in documents:
        coded = spans.get(document_id, {})
        for tag_id in tag_ids:
            per_coder = coded.get(tag_id)
            if per_coder is None:  # nobody used the tag here
                tallies[tag_id][uncoded] += length if unit == "character" else 1
            elif unit == "character":
                character_tally(length, per_coder, into=tallies[tag_id])
            else:
                tallies[tag_id][document_pattern(per_coder)] += 1
    result = {t: _tally_row(tally) for t, tally in tallies.items()}
    result[None] = _tally_row(sum(tallies.values(), Counter()))
    return result


def _tally_row(tally: Counter[Pattern]) -> AgreementRow:
    return AgreementRow(pairable_units(tally), percent_agreement(tally), cohen_kappa(tally),
                        krippendorff_alpha(tally))


def _segment_row(count: SegmentCount, categories: int) -> AgreementRow:
    if count.units == 0:
        share = Coefficient.undefined("no segment has the tag")
    else:
        share = Coefficient(count.agreeing / count.units)
    return AgreementRow(count.units, share, brennan_prediger_kappa(share, categories),
                        _NO_ALPHA)


def _chosen_coders(asked: Sequence[str], known: list[str]) -> list[str]:
    chosen = list(dict.fromkeys(c.strip() for c in asked)) if asked else known
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise UserError(f"no highlights by coder {unknown[0]!r}; coders: "
                        f"{', '.join(known) or 'none yet'}")
    if len(chosen) < 2:
        raise UserError("agreement needs at least two coders; "
                        f"{'coders given' if asked else 'the project has'}: "
                        f"{', '.join(chosen) or 'none'}")
    return chosen


def _chosen_tags(project: Project, asked: Sequence[str]) -> list[int]:
    if asked:
        return list(dict.fromkeys(project.tags.resolve(name) for name in asked))
    return [count.tag.id for count in project.tags.counts()]
