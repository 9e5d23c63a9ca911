"""Merging new spans of a tag with each other and with the tag's highlights."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.span_index import HighlightSpan
from annotator.domain.span_merge import (
    Cluster,
    cluster_spans,
    joined_memos,
    merge_touching,
    plan_cluster,
)

TAG, OTHER = 7, 8
spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)).map(
    lambda p: (p[0], p[0] + p[1])), max_size=12)


def covered(items) -> set[int]:  # type: ignore[no-untyped-def]
    return {i for start, end in items for i in range(start, end)}


@given(spans)
def test_merge_touching_covers_the_same_characters_with_gaps_between(items) -> None:  # type: ignore[no-untyped-def]
    merged = merge_touching(items)
    assert covered(merged) == covered(items)
    assert all(a[1] < b[0] for a, b in pairwise(merged))  # no touching


def test_touching_spans_merge_but_separated_ones_do_not() -> None:
    assert merge_touching([(5, 9), (0, 5), (10, 12)]) == [(0, 9), (10, 12)]


@settings(max_examples=300)
@given(spans, spans)
def test_clusters_cover_the_new_spans_and_the_highlights_they_reach(new, old) -> None:  # type: ignore[no-untyped-def]
    tagged = [HighlightSpan(s, e, i + 1, (TAG,)) for i, (s, e) in enumerate(old)]
    clustering = cluster_spans(new, tagged)
    inside = [n for n in new if any(h.start <= n[0] and n[1] <= h.end for h in tagged)]
    assert clustering.inside == len(inside)
    outside = [n for n in new if n not in inside]
    assert sum(c.hits for c in clustering.clusters) == len(outside)
    clustered = covered((c.start, c.end) for c in clustering.clusters)
    assert covered(outside) <= clustered
    members = [m for c in clustering.clusters for m in c.members]
    assert len(members) == len({m.id for m in members})  # a highlight is in one cluster
    for cluster in clustering.clusters:
        for other in tagged:  # every highlight of the tag the cluster reaches is in it
            reaches = other.start <= cluster.end and cluster.start <= other.end
            assert reaches == (other in cluster.members)
        assert covered((m.start, m.end) for m in cluster.members) <= covered([(cluster.start, cluster.end)])
    ordered = [(c.start, c.end) for c in clustering.clusters]
    assert all(a[1] < b[0] for a, b in pairwise(ordered))


def test_plan_extends_the_oldest_highlight_of_the_tag_alone() -> None:
    a, b = HighlightSpan(0, 5, 12, (TAG,)), HighlightSpan(8, 10, 4, (TAG,))
    shared = HighlightSpan(20, 25, 9, (TAG, OTHER))
    step = plan_cluster(Cluster(0, 25, (a, b, shared), hits=2), TAG, None)
    assert (step.keep, step.add_tag, step.absorbed, step.untagged) == (4, False, (12,), (9,))
    assert step.extends


def test_plan_retags_the_highlight_with_exactly_the_span_and_creates_otherwise() -> None:
    same = HighlightSpan(0, 9, 3, (OTHER,))
    a = HighlightSpan(0, 4, 5, (TAG,))
    step = plan_cluster(Cluster(0, 9, (a,), hits=1), TAG, same)
    assert (step.keep, step.add_tag, step.absorbed) == (3, True, (5,))
    shared = HighlightSpan(2, 6, 6, (TAG, OTHER))
    created = plan_cluster(Cluster(0, 9, (shared,), hits=1), TAG, None)
    assert (created.keep, created.untagged) == (None, (6,))


def test_joined_memos_keep_distinct_non_empty_memos_in_order() -> None:
    assert joined_memos(["first", "", "second", "first", "  "]) == "first\n\nsecond"
