"""Units of agreement from spans, against per-character and all-pairs computations."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.agreement_units import (
    SegmentCount,
    character_tally,
    document_pattern,
    segment_count,
)


@st.composite
def _coded_document(draw, max_coders=3):
    length = draw(st.integers(1, 120))
    coders = draw(st.integers(2, max_coders))
    spans = []
    for _ in range(coders):
        starts = draw(st.lists(st.integers(0, length - 1), max_size=6))
        spans.append([(s, draw(st.integers(s + 1, length))) for s in starts])
    return length, spans


def _per_character(length, spans):
    """The character units the slow way: one value per coder per character."""
    return Counter(
        tuple(int(any(s <= i < e for s, e in coder)) for coder in spans) for i in range(length))


@given(_coded_document())
def test_the_sweep_gives_the_per_character_units(document):
    length, spans = document
    tally = character_tally(length, spans)
    assert tally == _per_character(length, spans)
    assert sum(tally.values()) == length


def test_character_units_of_a_small_case():
    # 20 characters: A codes 0-10 and 5-12 (one stretch 0-12), B codes 8-15.
    tally = character_tally(20, [[(0, 10), (5, 12)], [(8, 15)]])
    assert tally == {(1, 0): 8, (1, 1): 4, (0, 1): 3, (0, 0): 5}


def test_a_huge_document_costs_its_spans_only():
    tally = character_tally(10**12, [[(0, 10**11)], [(5, 10**11 + 5)]])
    assert tally == {(1, 0): 5, (1, 1): 10**11 - 5, (0, 1): 5, (0, 0): 10**12 - 10**11 - 5}


def test_document_units():
    assert document_pattern([[(0, 1)], [], [(3, 4), (5, 6)]]) == (1, 0, 1)


def test_segments_match_by_the_share_of_the_longer_span():
    a, b = [(0, 10)], [(0, 9)]  # 9 shared characters of a longest 10
    assert segment_count([a, b], 0.9) == SegmentCount(2, 2)
    assert segment_count([a, b], 0.95) == SegmentCount(2, 0)
    # B has one matching span and one of its own: A's span and B's first agree.
    assert segment_count([a, [(1, 10), (40, 50)]], 0.9) == SegmentCount(3, 2)
    # Three coders: a span agrees only when both others match it.
    assert segment_count([a, b, [(30, 40)]], 0.5) == SegmentCount(3, 0)
    assert segment_count([a, b, [(0, 10)]], 0.9) == SegmentCount(3, 3)
    with pytest.raises(ValueError):
        segment_count([a, b], 0)


def _segments_all_pairs(spans, overlap):
    units = agreeing = 0
    for c, coder in enumerate(spans):
        for s, e in coder:
            units += 1
            agreeing += all(
                any(min(e, e2) - max(s, s2) > 0
                    and min(e, e2) - max(s, s2) >= overlap * max(e - s, e2 - s2) - 1e-9
                    for s2, e2 in other)
                for d, other in enumerate(spans) if d != c)
    return SegmentCount(units, agreeing)


@given(_coded_document(), st.sampled_from([0.1, 0.5, 0.8, 0.9, 1.0]))
def test_segments_agree_with_comparing_all_pairs(document, overlap):
    _, spans = document
    assert segment_count(spans, overlap) == _segments_all_pairs(spans, overlap)
