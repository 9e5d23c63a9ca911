"""Coder colours: distinct for up to a palette's worth of coders, the first two the most
distinct, and a coder who joins later never changes an earlier coder's colour."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.palette import CODER_PALETTE, PALETTE, coder_colors

names = st.text(min_size=1, max_size=20)


@given(st.lists(names, min_size=1, max_size=len(CODER_PALETTE), unique=True))
def test_up_to_a_palette_of_coders_never_share_a_colour(coders: list[str]) -> None:
    colors = coder_colors(coders)
    assert list(colors) == coders
    assert len(set(colors.values())) == len(coders)
    assert set(colors.values()) <= set(PALETTE)


@given(st.lists(names, min_size=1, max_size=30, unique=True), names)
def test_a_later_coder_leaves_the_earlier_colours_alone(coders: list[str], later: str) -> None:
    before = coder_colors(coders)
    after = coder_colors([*coders, later])
    assert {name: after[name] for name in before} == before


def test_the_first_two_coders_are_blue_and_vermillion_never_grey() -> None:
    assert list(coder_colors(["zoe", "adam"]).values()) == ["#0072b2", "#d55e00"]
    assert "#999999" not in CODER_PALETTE
