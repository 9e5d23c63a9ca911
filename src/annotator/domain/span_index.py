"""A document's highlights as bare spans, kept in order for fast lookups by place.

The editor of a book-length document with ten thousand highlights never builds a full
record per highlight: it holds :class:`HighlightSpan` tuples in a :class:`SpanIndex`,
finds the few that a screen line, a click or a tag shortcut needs by binary search, and
reads full records (quote, memo, coder) only for those.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from typing import NamedTuple

#: Spans longer than this (code points) are kept aside and checked by every range lookup,
#: so that the others are found by searching a window of starts this wide.
LONG_SPAN = 2000


class HighlightSpan(NamedTuple):
    """Where a highlight lies (code points, ``start < end``) and its tags. Tuples order by
    start, then end, then id: the order in which highlights are listed and painted."""

    start: int
    end: int
    id: int
    tag_ids: tuple[int, ...] = ()


class SpanIndex:
    """Spans sorted by ``(start, end, id)``, one per highlight id.

    Lookups by id are O(1); by place (:meth:`overlapping`) O(log n + k) for the k spans
    within ``LONG_SPAN`` before the range, plus the long spans; :meth:`update` is
    O(log n) per span plus a list move.
    """

    def __init__(self, spans: Iterable[HighlightSpan] = ()) -> None:
        self._spans = sorted(spans)
        self._starts = [s.start for s in self._spans]
        self._by_id = {s.id: s for s in self._spans}
        self._long = [s for s in self._spans if s.end - s.start > LONG_SPAN]

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[HighlightSpan]:
        return iter(self._spans)

    def __getitem__(self, position: int) -> HighlightSpan:
        return self._spans[position]

    def get(self, highlight_id: int | None) -> HighlightSpan | None:
        """The span of a highlight, or ``None`` if it is not in this document."""
        return self._by_id.get(highlight_id) if highlight_id is not None else None

    def position(self, highlight_id: int) -> int | None:
        """Where the highlight stands in the order, or ``None`` if absent."""
        span = self._by_id.get(highlight_id)
        return None if span is None else bisect_left(self._spans, span)

    def first_from(self, point: int) -> int:
        """Position of the first span that starts at ``point`` or later (``len`` if none)."""
        return bisect_left(self._starts, point)

    def with_span(self, start: int, end: int) -> list[HighlightSpan]:
        """Every span exactly ``start..end``, by id."""
        lo = bisect_left(self._starts, start)
        hi = bisect_left(self._starts, start + 1)
        return [s for s in self._spans[lo:hi] if s.end == end]

    def overlapping(self, start: int, end: int) -> list[HighlightSpan]:
        """Spans sharing at least one character with ``start..end``, in order."""
        lo = bisect_left(self._starts, start - LONG_SPAN)
        hi = bisect_left(self._starts, end)
        found = [s for s in self._spans[lo:hi]
                 if s.end > start and s.end - s.start <= LONG_SPAN]
        long = [s for s in self._long if s.start < end and s.end > start]
        return sorted(found + long) if long else found

    def update(
        self, changed: Iterable[HighlightSpan], removed: Iterable[int]
    ) -> list[HighlightSpan]:
        """Add or replace ``changed`` spans and drop the ``removed`` ids; return the spans
        they replaced or dropped (so that their old places can be repainted)."""
        changed = list(changed)
        old = []
        for highlight_id in {*removed, *(s.id for s in changed)}:
            span = self._by_id.pop(highlight_id, None)
            if span is not None:
                old.append(span)
                at = bisect_left(self._spans, span)
                del self._spans[at], self._starts[at]
                if span in self._long:
                    self._long.remove(span)
        for span in changed:
            at = bisect_left(self._spans, span)
            self._spans.insert(at, span)
            self._starts.insert(at, span.start)
            self._by_id[span.id] = span
            if span.end - span.start > LONG_SPAN:
                insort(self._long, span)
        return old
