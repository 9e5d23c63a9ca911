"""Where coders disagree on one tag in one document, and how to settle it. Standard
library only.

As in :mod:`.agreement_units`, ``spans[c]`` holds coder ``c``'s spans ``(start, end)`` of
the tag (code points, ``start < end``, any order, overlapping or repeated).

- :func:`disagreement_stretches`: the character unit's disagreements, the maximal runs of
  characters that some coder's spans cover and another's do not, found from the span
  boundaries (never per character).
- :func:`reach`: a stretch widened until no span crosses its ends, so that every span it
  meets lies wholly inside; settling a disagreement rewrites the coding over its reach.
- :func:`plan_keep`: how to make one coder's highlights of the tag cover, over a reach,
  exactly what another coder's cover there (the "keep A's" rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .agreement_units import Span, union


def disagreement_stretches(spans: Sequence[Sequence[Span]]) -> list[Span]:
    """The maximal runs ``(start, end)`` of characters covered by at least one coder's
    spans and not by every coder's, in order. With fewer than two coders there are none."""
    if len(spans) < 2:
        return []
    boundaries: list[tuple[int, int]] = []  # (offset, +1 a coder starts / -1 one stops)
    for coder_spans in spans:
        for start, end in union(coder_spans):
            boundaries += [(start, 1), (end, -1)]
    boundaries.sort()
    coders, covering = len(spans), 0
    stretches: list[Span] = []
    opened: int | None = None
    index = 0
    while index < len(boundaries):
        offset = boundaries[index][0]
        while index < len(boundaries) and boundaries[index][0] == offset:
            covering += boundaries[index][1]
            index += 1
        differs = 0 < covering < coders
        if differs and opened is None:
            opened = offset
        elif not differs and opened is not None:
            stretches.append((opened, offset))
            opened = None
    return stretches


def reach(stretch: Span, spans: Sequence[Sequence[Span]]) -> Span:
    """``stretch`` widened, as little as possible, until no span of any coder overlaps it
    without lying wholly inside it."""
    start, end = stretch
    every = sorted(span for coder_spans in spans for span in coder_spans)
    grown = True
    while grown:
        grown = False
        for span_start, span_end in every:
            if span_start < end and span_end > start and (span_start < start or span_end > end):
                start, end = min(start, span_start), max(end, span_end)
                grown = True
    return start, end


def coverage_within(spans: Sequence[Span], region: Span) -> list[Span]:
    """The characters of ``region`` that ``spans`` cover, as disjoint, non-touching spans
    in order."""
    low, high = region
    clipped = [(max(s, low), min(e, high)) for s, e in spans if s < high and e > low]
    return union(clipped)


@dataclass(frozen=True)
class CodedSpan:
    """One highlight of the coder who gives way: its id, span, and whether the tag being
    settled is its only tag."""

    highlight_id: int
    start: int
    end: int
    only_tag: bool


@dataclass(frozen=True)
class KeepPlan:
    """What to do to the highlights of the coder who gives way: ``respan`` (id -> new
    span, the tag's only highlight reused), ``delete`` (tag-only highlights no longer
    needed), ``untag`` (highlights with other tags too, which lose the tag), ``create``
    (new spans with the tag)."""

    respan: dict[int, Span]
    delete: tuple[int, ...]
    untag: tuple[int, ...]
    create: tuple[Span, ...]

    def __bool__(self) -> bool:
        return bool(self.respan or self.delete or self.untag or self.create)


def plan_keep(kept: Sequence[Span], giving_way: Sequence[CodedSpan], region: Span) -> KeepPlan:
    """The edits that make the highlights ``giving_way`` (those of one coder with the tag
    that overlap ``region``; each must lie inside it) cover with the tag exactly
    ``coverage_within(kept, region)``, and nothing else of the region.

    The rule, in order: a highlight already spanning one of the wanted pieces keeps it;
    else a tag-only highlight overlapping a piece (the first by position) is moved onto
    it, keeping its id and memo; else the piece is a new highlight. What is left over is
    deleted when the tag is its only tag, and loses the tag otherwise. An empty plan means
    the coders agree over the region already."""
    low, high = region
    for coded in giving_way:
        if coded.start < low or coded.end > high:
            raise ValueError(f"highlight {coded.highlight_id} crosses the region {region}")
    wanted = coverage_within(kept, region)
    ordered = sorted(giving_way, key=lambda c: (c.start, c.end, c.highlight_id))
    exact = {(c.start, c.end): c for c in reversed(ordered)}  # the first of equal spans
    used: set[int] = set()
    respan: dict[int, Span] = {}
    create: list[Span] = []
    pending: list[Span] = []
    for piece in wanted:
        match = exact.get(piece)
        if match is not None:
            used.add(match.highlight_id)
        else:
            pending.append(piece)
    for piece in pending:
        movable = next((c for c in ordered if c.only_tag and c.highlight_id not in used
                        and c.start < piece[1] and c.end > piece[0]), None)
        if movable is None:
            create.append(piece)
            continue
        used.add(movable.highlight_id)
        respan[movable.highlight_id] = piece
    left = [c for c in ordered if c.highlight_id not in used]
    return KeepPlan(respan, tuple(c.highlight_id for c in left if c.only_tag),
                    tuple(c.highlight_id for c in left if not c.only_tag), tuple(create))
