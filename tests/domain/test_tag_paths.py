"""How a text names a tag: exact name first, then the name path, ``\\/`` for a slash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.errors import NotFoundError, UserError
from annotator.domain.tag_paths import resolve_tag, split_tag_path, tag_path_text

PATHS = {
    1: ("economy",),
    2: ("economy", "sanctions"),
    3: ("security",),
    4: ("security", "border"),
    5: ("economy", "border"),
    6: ("pro/contra",),
    7: ("pro",),
    8: ("pro", "contra"),
    9: ("war",),
    10: ("history", "war"),
}


def test_a_bare_name_matching_one_tag_anywhere_means_that_tag() -> None:
    assert resolve_tag("sanctions", PATHS) == 2
    assert resolve_tag("  sanctions ", PATHS) == 2


def test_a_bare_name_matching_several_tags_is_refused_with_their_paths() -> None:
    with pytest.raises(UserError) as refused:
        resolve_tag("border", PATHS)
    message = str(refused.value)
    assert "\n" not in message
    assert "economy/border" in message and "security/border" in message


def test_a_path_names_the_tag_at_that_path_and_a_leading_slash_anchors_it() -> None:
    assert resolve_tag("security/border", PATHS) == 4
    with pytest.raises(UserError):
        resolve_tag("war", PATHS)
    assert resolve_tag("/war", PATHS) == 9
    assert resolve_tag("history/war", PATHS) == 10
    with pytest.raises(NotFoundError):
        resolve_tag("security/sanctions", PATHS)
    with pytest.raises(NotFoundError):
        resolve_tag("water", PATHS)


def test_the_exact_name_wins_over_the_path_and_an_escape_reaches_either() -> None:
    assert resolve_tag("pro/contra", PATHS) == 6  # the name, not pro > contra
    assert resolve_tag("pro\\/contra", PATHS) == 6
    assert resolve_tag("/pro/contra", PATHS) == 8  # anchored: a path only
    assert split_tag_path("pro\\/contra/x") == ("pro/contra", "x")
    assert tag_path_text(("pro/contra", "x")) == "pro\\/contra/x"


names = st.text(min_size=1, max_size=8).map(str.strip).filter(bool).filter(
    lambda name: "\\" not in name)


@given(st.lists(names, min_size=1, max_size=4).map(tuple))
def test_a_written_path_reads_back_as_the_same_names(path: tuple[str, ...]) -> None:
    assert split_tag_path(tag_path_text(path)) == path
