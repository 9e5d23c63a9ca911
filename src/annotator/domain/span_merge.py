"""One tag never counts a character twice: new spans for a tag merged with each other and
with the tag's highlights, planned without touching the project.

The rules, for one document, one tag and one coder's highlights:

* a new span inside a highlight that already carries the tag adds nothing;
* new spans that overlap or touch (one ends where the next starts) become one span, which
  also takes in every highlight carrying the tag that it overlaps or touches: a
  :class:`Cluster`;
* each cluster becomes one highlight carrying the tag (:func:`plan_cluster`): a highlight
  with exactly the cluster's span gets the tag; otherwise the oldest highlight that carries
  this tag alone is extended to the cluster's span and keeps its id, GUID, coder and
  creation time; otherwise a new highlight is made. The other highlights of the cluster
  that carry the tag alone are merged into it (deleted, their memos appended to its memo);
  those that carry other tags as well keep their span and those tags and lose this one, so
  that no other tag's coding changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .span_index import HighlightSpan

Span = tuple[int, int]


def merge_touching(spans: Iterable[Span]) -> list[Span]:
    """``spans`` sorted, with those that overlap or touch merged into one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


@dataclass(frozen=True)
class Cluster:
    """New spans and the tag's highlights they reach, as one span ``start..end``.

    ``members`` are the highlights carrying the tag within it, in span order; ``hits`` how
    many new spans went into it."""

    start: int
    end: int
    members: tuple[HighlightSpan, ...]
    hits: int


@dataclass(frozen=True)
class Clustering:
    """The clusters of new spans, in order, and how many new spans lay ``inside`` a
    highlight that already carries the tag (they need nothing)."""

    clusters: list[Cluster]
    inside: int


def cluster_spans(new: Iterable[Span], tagged: Sequence[HighlightSpan]) -> Clustering:
    """Group ``new`` spans (``start < end``) with the highlights ``tagged`` with the tag,
    following the module's rules; O((n + m) log(n + m))."""
    ordered = sorted(tagged)
    starts = [h.start for h in ordered]
    reach: list[int] = []  # the furthest end among the highlights that start at or before each one
    for highlight in ordered:
        reach.append(max(reach[-1], highlight.end) if reach else highlight.end)
    pending, inside = [], 0
    for start, end in new:
        before = bisect_right(starts, start)
        if before and reach[before - 1] >= end:
            inside += 1
        else:
            pending.append((start, end))
    items: list[tuple[int, int, HighlightSpan | None]] = sorted(
        [(s, e, None) for s, e in pending] + [(h.start, h.end, h) for h in ordered],
        key=lambda item: (item[0], item[1]),
    )
    clusters: list[Cluster] = []
    group: list[tuple[int, int, HighlightSpan | None]] = []
    group_end = -1
    for item in items:
        if group and item[0] > group_end:  # neither overlaps nor touches the group
            clusters += _cluster(group)
            group = []
        group_end = max(group_end, item[1]) if group else item[1]
        group.append(item)
    clusters += _cluster(group)
    return Clustering(clusters, inside)


def _cluster(group: list[tuple[int, int, HighlightSpan | None]]) -> list[Cluster]:
    """The group as a cluster, or nothing when no new span is in it."""
    hits = sum(1 for _, _, highlight in group if highlight is None)
    if not hits:
        return []
    members = tuple(h for _, _, h in group if h is not None)
    return [Cluster(group[0][0], max(end for _, end, _ in group), members, hits)]


@dataclass(frozen=True)
class MergeStep:
    """What to write for one cluster: the highlight ``keep`` spans ``start..end`` with the
    tag afterwards (``None``: a new one); it lacks the tag when ``add_tag``. ``absorbed``
    highlights are merged into it; ``untagged`` ones lose the tag."""

    start: int
    end: int
    keep: int | None
    add_tag: bool
    absorbed: tuple[int, ...]
    untagged: tuple[int, ...]
    hits: int

    @property
    def extends(self) -> bool:
        """An existing highlight of the tag grows (rather than being made or retagged)."""
        return self.keep is not None and not self.add_tag


def plan_cluster(cluster: Cluster, tag_id: int, same_span: HighlightSpan | None) -> MergeStep:
    """The step for ``cluster``; ``same_span`` is a highlight (of the same coder) whose span
    is exactly the cluster's, if there is one."""
    alone = sorted((h for h in cluster.members if h.tag_ids == (tag_id,)), key=lambda h: h.id)
    shared = tuple(h.id for h in cluster.members if h.tag_ids != (tag_id,))
    if same_span is not None and tag_id not in same_span.tag_ids:
        keep, add_tag, absorbed = same_span.id, True, tuple(h.id for h in alone)
    elif alone:
        keep, add_tag, absorbed = alone[0].id, False, tuple(h.id for h in alone[1:])
    else:
        keep, add_tag, absorbed = None, False, ()
    return MergeStep(cluster.start, cluster.end, keep, add_tag, absorbed, shared, cluster.hits)


def joined_memos(memos: Iterable[str]) -> str:
    """The memos of merged highlights as one: the distinct non-empty ones, in the order
    given, separated by a blank line."""
    return "\n\n".join(dict.fromkeys(m for m in memos if m.strip()))
