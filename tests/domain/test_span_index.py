"""SpanIndex answers every lookup exactly as a scan of all spans would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.span_index import LONG_SPAN, HighlightSpan, SpanIndex

# Short and long spans over a text of 10,000 code points.
lengths = st.one_of(st.integers(1, 60), st.integers(LONG_SPAN - 5, 3 * LONG_SPAN))
raw_spans = st.lists(st.tuples(st.integers(0, 9_000), lengths, st.sets(st.integers(1, 4))),
                     max_size=40)


def make(raw: list[tuple[int, int, set[int]]], first_id: int = 1) -> list[HighlightSpan]:
    return [HighlightSpan(start, start + length, first_id + n, tuple(sorted(tags)))
            for n, (start, length, tags) in enumerate(raw)]


def brute_overlapping(spans: list[HighlightSpan], start: int, end: int) -> list[HighlightSpan]:
    return sorted(s for s in spans if s.start < end and s.end > start)


@settings(max_examples=150, deadline=None)
@given(raw_spans, raw_spans, st.lists(st.integers(1, 40), max_size=10),
       st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 500)), min_size=1, max_size=8))
def test_lookups_match_a_full_scan_after_updates(first, changes, removed, ranges) -> None:  # type: ignore[no-untyped-def]
    spans = make(first)
    index = SpanIndex(reversed(spans))  # any input order
    assert list(index) == sorted(spans)
    # Changes reuse some ids (moved or retagged highlights) and add new ones.
    changed = make(changes, first_id=len(first) // 2 + 1)
    old = index.update(changed, removed)
    by_id = {s.id: s for s in spans}
    expected_old = {by_id[i] for i in {*removed, *(s.id for s in changed)} if i in by_id}
    assert set(old) == expected_old
    for highlight_id in removed:
        by_id.pop(highlight_id, None)
    by_id.update({s.id: s for s in changed})
    current = sorted(by_id.values())
    assert list(index) == current and len(index) == len(current)
    for start, length in ranges:
        assert index.overlapping(start, start + length) == brute_overlapping(current, start,
                                                                            start + length)
        assert index.first_from(start) == sum(1 for s in current if s.start < start)
    for position, span in enumerate(current):
        assert index.get(span.id) == span
        assert index.position(span.id) == position and index[position] == span
        assert index.with_span(span.start, span.end) == [
            s for s in current if (s.start, s.end) == (span.start, span.end)]
    assert index.get(10_000) is None and index.position(10_000) is None and index.get(None) is None
