"""Units of agreement: how coders' spans of one tag in one document become reliability
data (:mod:`.agreement`'s tallies) or matched segments. Standard library only.

Coders are given by position: ``spans[c]`` holds coder ``c``'s spans ``(start, end)``
(code points, ``start < end``) of the tag in the document, in any order, overlapping or
repeated.

- *character*: every character of the document is a unit, valued 1 where the coder's
  spans cover it and 0 elsewhere. :func:`character_tally` never builds per-character
  values: it sweeps over the span boundaries, so its cost grows with the number of spans,
  not the document's length.
- *document*: the document is one unit, valued by whether the coder used the tag in it.
- *segment* (MAXQDA's unit): every span of every coder is a unit; it agrees when each
  other coder has a span overlapping it by at least ``overlap`` of the longer of the two.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .agreement import Pattern

Span = tuple[int, int]


def character_tally(length: int, spans: Sequence[Sequence[Span]],
                    into: Counter[Pattern] | None = None) -> Counter[Pattern]:
    """The character units of one document of ``length`` characters: pattern (one 0/1
    per coder) -> number of characters showing it. The counts add up to ``length``; they
    are added to ``into`` when given (and it is returned), else to a new tally."""
    boundaries: list[tuple[int, int, int]] = []  # (offset, +1 opens / -1 closes, coder)
    for coder, coder_spans in enumerate(spans):
        for start, end in union(coder_spans):
            boundaries.append((start, 1, coder))
            boundaries.append((end, -1, coder))
    boundaries.sort()
    result: Counter[Pattern] = Counter() if into is None else into
    values = [0] * len(spans)
    covered, previous = 0, 0
    for offset, step, coder in boundaries:
        if offset > previous and any(values):
            result[tuple(values)] += offset - previous
            covered += offset - previous
        previous = offset
        values[coder] += step
    uncovered = length - covered
    if uncovered > 0:
        result[(0,) * len(spans)] += uncovered
    return result


def document_pattern(spans: Sequence[Sequence[Span]]) -> Pattern:
    """The document unit: 1 for each coder with a span of the tag, else 0."""
    return tuple(1 if coder_spans else 0 for coder_spans in spans)


@dataclass(frozen=True)
class SegmentCount:
    """Segment units: how many spans there were and how many found their match."""

    units: int = 0
    agreeing: int = 0

    def __add__(self, other: SegmentCount) -> SegmentCount:
        return SegmentCount(self.units + other.units, self.agreeing + other.agreeing)


def segment_count(spans: Sequence[Sequence[Span]], overlap: float) -> SegmentCount:
    """MAXQDA's segment comparison: each span of each coder is a unit that agrees when
    every other coder has a span whose intersection with it covers at least ``overlap``
    (0 < overlap <= 1) of the longer of the two. Two coders' matching spans are two
    agreeing units, one per coder."""
    units = agreeing = 0
    for _coder, _span, agrees in segment_units(spans, overlap):
        units += 1
        agreeing += agrees
    return SegmentCount(units, agreeing)


def segment_units(spans: Sequence[Sequence[Span]],
                  overlap: float) -> Iterator[tuple[int, Span, bool]]:
    """Each segment unit of :func:`segment_count` as ``(coder, span, agrees)``, coder by
    coder, each coder's spans in order."""
    if not 0 < overlap <= 1:
        raise ValueError(f"overlap must be above 0 and at most 1, not {overlap}")
    ordered = [sorted(coder_spans) for coder_spans in spans]
    starts = [[s for s, _ in coder_spans] for coder_spans in ordered]
    longest = [max((e - s for s, e in coder_spans), default=0) for coder_spans in ordered]
    for coder, coder_spans in enumerate(ordered):
        for span in coder_spans:
            yield coder, span, all(
                _has_match(span, ordered[other], starts[other], longest[other], overlap)
                for other in range(len(ordered)) if other != coder)


def _has_match(span: Span, others: list[Span], starts: list[int], longest: int,
               overlap: float) -> bool:
    start, end = span
    # Any span intersecting this one starts after start - longest and before end.
    for index in range(bisect_left(starts, start - longest), len(others)):
        other_start, other_end = others[index]
        if other_start >= end:
            break
        shared = min(end, other_end) - max(start, other_start)
        longer = max(end - start, other_end - other_start)
        if shared > 0 and shared >= overlap * longer - 1e-9:
            return True
    return False


def union(spans: Sequence[Span]) -> list[Span]:
    """The spans merged into disjoint, non-touching intervals, in order."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
