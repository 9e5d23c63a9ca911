"""Keyword-in-context sort keys: words read outwards from the hit, in any script."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.kwic_order import hit_key, left_context_key, right_context_key

PIECES = [*"ab AB,.\n\r\t_-'", "é", "e\u0301", "😀", "中文", "ש", "ß", "3.5", "\u00a0"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)
WORD = st.text(alphabet=st.sampled_from(list("abcdefgh")), min_size=1, max_size=6)


def words(text: str) -> list[str]:
    """Runs of letters, digits and underscores, case-folded (str methods, not a regex)."""
    return "".join(c if c.isalnum() or c == "_" else " " for c in text.casefold()).split()


@given(TEXT)
def test_left_key_reads_the_words_backwards_from_the_hit(left: str) -> None:
    assert list(left_context_key(left)) == words(left)[::-1]


@given(TEXT)
def test_right_key_reads_the_words_forwards_from_the_hit(right: str) -> None:
    assert list(right_context_key(right)) == words(right)


@given(TEXT, TEXT, WORD, WORD)
def test_the_word_next_to_the_hit_decides_before_farther_ones(
        far_a: str, far_b: str, near_a: str, near_b: str) -> None:
    a, b = f"{far_a} {near_a} ", f"{far_b} {near_b}, "
    if near_a != near_b:
        assert (left_context_key(a) < left_context_key(b)) == (near_a < near_b)
        assert (right_context_key(" " + near_a + " " + far_a)
                < right_context_key(" " + near_b + " " + far_b)) == (near_a < near_b)


def test_case_does_not_order_hits() -> None:
    assert hit_key("Terrorism") == hit_key("terrorism")
    assert left_context_key("the FIGHT against ") == left_context_key("The fight, against")
