"""Disagreement stretches, reaches and the "keep A's" plan, against per-character brute
force on small generated coding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.agreement_stretches import (
    CodedSpan,
    coverage_within,
    disagreement_stretches,
    plan_keep,
    reach,
)


@st.composite
def _coded_document(draw, min_coders=2, max_coders=3):
    length = draw(st.integers(1, 80))
    coders = draw(st.integers(min_coders, max_coders))
    spans = []
    for _ in range(coders):
        starts = draw(st.lists(st.integers(0, length - 1), max_size=5))
        spans.append([(s, draw(st.integers(s + 1, length))) for s in starts])
    return length, spans


def _covered(spans, length):
    return [any(s <= i < e for s, e in spans) for i in range(length)]


def _runs(flags):
    """Maximal runs of True, the slow way."""
    runs, opened = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and opened is None:
            opened = i
        elif not flag and opened is not None:
            runs.append((opened, i))
            opened = None
    return runs


@given(_coded_document())
def test_stretches_are_the_runs_of_characters_where_coders_differ(document):
    length, spans = document
    values = [_covered(coder, length) for coder in spans]
    differs = [len({coder[i] for coder in values}) > 1 for i in range(length)]
    assert disagreement_stretches(spans) == _runs(differs)


def test_a_stretch_runs_on_where_one_coder_stops_and_the_other_starts():
    assert disagreement_stretches([[(0, 10)], [(10, 20)]]) == [(0, 20)]
    assert disagreement_stretches([[(0, 10)], [(5, 20)]]) == [(0, 5), (10, 20)]
    assert disagreement_stretches([[(0, 10)], [(0, 10)]]) == []
    assert disagreement_stretches([[(0, 10)]]) == []


@given(_coded_document(), st.data())
def test_a_reach_holds_every_span_it_meets_and_is_the_smallest_such(document, data):
    length, spans = document
    start = data.draw(st.integers(0, length - 1))
    end = data.draw(st.integers(start + 1, length))
    low, high = reach((start, end), spans)
    assert low <= start and end <= high
    every = [span for coder in spans for span in coder]
    for s, e in every:
        assert not (s < high and e > low) or (low <= s and e <= high)
    # Smallest: each widening end is the end of a span that met it.
    assert low == start or any(s == low for s, _ in every)
    assert high == end or any(e == high for _, e in every)


@given(_coded_document(max_coders=2))
def test_coverage_within_is_the_covered_characters_of_the_region(document):
    length, spans = document
    low, high = 0, length
    if length > 2:
        low, high = length // 3, length - length // 3
    pieces = coverage_within(spans[0], (low, high))
    flags = _covered(spans[0], length)
    assert pieces == [(s, e) for s, e in _runs([f and low <= i < high
                                                 for i, f in enumerate(flags)])]


@st.composite
def _keep_case(draw):
    """A region, the kept coder's spans anywhere, and the other coder's highlights
    inside the region (some carrying other tags too)."""
    length = draw(st.integers(2, 60))
    low = draw(st.integers(0, length - 1))
    high = draw(st.integers(low + 1, length))
    kept_starts = draw(st.lists(st.integers(0, length - 1), max_size=4))
    kept = [(s, draw(st.integers(s + 1, length))) for s in kept_starts]
    giving_way = []
    for n, s in enumerate(draw(st.lists(st.integers(low, high - 1), max_size=4))):
        giving_way.append(CodedSpan(n + 1, s, draw(st.integers(s + 1, high)),
                                    draw(st.booleans())))
    return length, (low, high), kept, giving_way


@given(_keep_case())
def test_after_the_plan_the_other_coder_covers_exactly_the_kept_coding(case):
    length, region, kept, giving_way = case
    plan = plan_keep(kept, giving_way, region)
    spans = {c.highlight_id: (c.start, c.end) for c in giving_way}
    for highlight_id, span in plan.respan.items():
        spans[highlight_id] = span
    for highlight_id in (*plan.delete, *plan.untag):
        del spans[highlight_id]
    result = [*spans.values(), *plan.create]
    low, high = region
    expected = [f and low <= i < high for i, f in enumerate(_covered(kept, length))]
    assert _covered(result, length) == expected
    # Every highlight is accounted for once; only tag-only ones are moved or deleted.
    touched = [*plan.respan, *plan.delete, *plan.untag]
    assert len(touched) == len(set(touched))
    only = {c.highlight_id for c in giving_way if c.only_tag}
    assert set(plan.respan) | set(plan.delete) <= only
    assert not set(plan.untag) & only


def test_keeping_a_smaller_highlight_cuts_the_larger_one_to_it():
    plan = plan_keep([(10, 20)], [CodedSpan(7, 0, 40, True)], (0, 40))
    assert plan.respan == {7: (10, 20)} and not plan.create and not plan.delete


def test_keeping_nothing_deletes_the_highlight_or_takes_the_tag_off_it():
    assert plan_keep([], [CodedSpan(7, 5, 9, True)], (5, 9)).delete == (7,)
    assert plan_keep([], [CodedSpan(7, 5, 9, False)], (5, 9)).untag == (7,)


def test_an_agreeing_region_needs_no_edit():
    assert not plan_keep([(5, 9)], [CodedSpan(7, 5, 9, False)], (0, 20))


def test_a_highlight_crossing_the_region_is_refused():
    with pytest.raises(ValueError, match="crosses"):
        plan_keep([], [CodedSpan(7, 5, 30, True)], (0, 20))
