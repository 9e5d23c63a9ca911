"""``Changes``: combining many records at once gives what ``|`` one at a time gives."""

from __future__ import annotations

from functools import reduce
from operator import or_

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.model import Changes

KINDS = ("documents", "tags", "highlights", "variables")
single = st.builds(
    lambda make, kind, ids: make(kind, *ids),
    st.sampled_from([Changes.created, Changes.updated, Changes.deleted]),
    st.sampled_from(KINDS),
    st.lists(st.integers(1, 30), max_size=4),
)
records = st.lists(st.lists(single, max_size=3).map(lambda p: reduce(or_, p, Changes())), max_size=12)


@given(records)
def test_union_is_the_fold_of_or(parts: list[Changes]) -> None:
    assert Changes.union(parts) == reduce(or_, parts, Changes())


def test_union_of_nothing_is_no_change() -> None:
    assert Changes.union([]) == Changes() and not Changes.union(iter([]))


def test_union_takes_an_iterator_of_many_records() -> None:
    combined = Changes.union(Changes.created("highlights", i) for i in range(50_000))
    assert combined.highlights.created == frozenset(range(50_000))
    assert not combined.documents and not combined.tags and not combined.highlights.updated
