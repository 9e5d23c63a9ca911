"""Coder colours: distinct for up to a palette's worth of coders, and the same for a name
from one session to the next."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.palette import PALETTE, coder_colors

names = st.text(min_size=1, max_size=20)


@given(st.lists(names, min_size=1, max_size=len(PALETTE), unique=True))
def test_up_to_a_palette_of_coders_never_share_a_colour(coders: list[str]) -> None:
    colors = coder_colors(coders)
    assert set(colors) == set(coders)
    assert len(set(colors.values())) == len(coders)
    assert set(colors.values()) <= set(PALETTE)


@given(st.lists(names, min_size=1, max_size=8, unique=True))
def test_the_order_given_does_not_matter(coders: list[str]) -> None:
    assert coder_colors(coders) == coder_colors(reversed(coders))


def test_a_name_keeps_its_colour_in_another_process() -> None:
    """Python salts ``hash`` per process; the colours must not depend on it."""
    script = ("from annotator.domain.palette import coder_colors; "
              "print(coder_colors(['ann', 'Bob', 'cem'])['Bob'])")
    others = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             env={"PYTHONHASHSEED": seed, "PYTHONPATH": ":".join(sys.path)},
                             check=True).stdout.strip() for seed in ("1", "2")}
    assert others == {coder_colors(["ann", "Bob", "cem"])["Bob"]}
