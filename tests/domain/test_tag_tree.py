"""Walks of the tag tree: levels, name paths and display order, at any depth, no recursion."""

from __future__ import annotations

import sys

import pytest

from annotator.domain.tag_tree import MAX_TAG_DEPTH, name_paths, tag_levels, tree_order

#: a(1) ─ b(2) ─ c(3);  a ─ d(4);  e(5)   listed out of tree order on purpose
PARENT_OF: dict[int, int | None] = {3: 2, 5: None, 2: 1, 4: 1, 1: None}
NAMES = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}


def test_the_limit_is_far_below_pythons_recursion_limit() -> None:
    assert 1 < MAX_TAG_DEPTH <= sys.getrecursionlimit() // 5


def test_levels_count_from_one_at_the_top() -> None:
    assert tag_levels(PARENT_OF) == {1: 1, 2: 2, 3: 3, 4: 2, 5: 1}


def test_name_paths_run_from_the_top_and_come_parents_first() -> None:
    paths = name_paths(PARENT_OF, NAMES.__getitem__)
    assert paths == {1: ("a",), 2: ("a", "b"), 3: ("a", "b", "c"), 4: ("a", "d"), 5: ("e",)}
    # In the order of PARENT_OF, each tag preceded by its ancestors not listed yet.
    assert list(paths) == [1, 2, 3, 5, 4]


def test_tree_order_is_depth_first_with_siblings_as_given() -> None:
    assert tree_order([5, 4, 3, 2, 1], PARENT_OF) == [5, 1, 4, 2, 3]
    assert tree_order([1, 2, 3, 4, 5], PARENT_OF) == [1, 2, 3, 4, 5]


def test_a_chain_far_deeper_than_the_recursion_limit_is_walked() -> None:
    depth = sys.getrecursionlimit() * 20
    parent_of = {i: (i - 1 if i > 1 else None) for i in range(depth, 0, -1)}  # deepest first
    levels = tag_levels(parent_of)
    assert levels[depth] == depth and levels[1] == 1
    assert tree_order(list(parent_of), parent_of) == list(range(1, depth + 1))
    paths = name_paths({i: parent_of[i] for i in range(1, 3001)}, str)
    assert paths[3000] == tuple(str(i) for i in range(1, 3001))


def test_a_cycle_is_a_value_error_or_left_out() -> None:
    cyclic: dict[int, int | None] = {1: None, 2: 3, 3: 2}
    with pytest.raises(ValueError, match="cycle"):
        tag_levels(cyclic)
    with pytest.raises(ValueError, match="cycle"):
        name_paths(cyclic, str)
    assert tree_order([1, 2, 3], cyclic) == [1]
