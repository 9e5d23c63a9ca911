"""Normalisation and the code-point <-> UTF-16 conversion, property-tested."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.offsets import Utf16Index, code_point_to_utf16, utf16_to_code_point
from annotator.domain.text import normalize_text

# Emoji (ZWJ family, flag, skin tone), combining marks, CJK ext B, RTL, CRLF, lone CR, NUL.
SPECIMENS = [
    "👩‍👩‍👧", "🇰🇿", "👍🏽", "e\u0301", "𠀋", "مرحبا", "שלום", "\r\n", "\r", "\x00", "\u2028",
    "\u200d", "\ufeff", "\t", "a", " ", "\n",
]
texts = st.lists(st.one_of(st.sampled_from(SPECIMENS), st.text(max_size=5)), max_size=30).map(
    "".join
)


@given(texts)
def test_normalized_text_has_only_newline_breaks_and_no_controls(text: str) -> None:
    out = normalize_text(text)
    assert "\r" not in out and "\u2028" not in out and "\u2029" not in out
    assert all(ch in "\t\n" or unicodedata.category(ch) != "Cc" for ch in out)
    assert normalize_text(out) == out


def test_normalization_keeps_joiners_and_zero_width_no_break_spaces() -> None:
    assert normalize_text("\ufeffa\u200db\ufeffc") == "\ufeffa\u200db\ufeffc"
    assert normalize_text("a\r\nb\rc\x00d\x85e") == "a\nb\ncd\ne"


@given(texts, st.data())
def test_utf16_conversion_matches_python_encoding(text: str, data: st.DataObject) -> None:
    index = Utf16Index(text)
    cp = data.draw(st.integers(0, len(text)))
    expected = len(text[:cp].encode("utf-16-le")) // 2
    assert index.to_utf16(cp) == expected
    assert index.to_code_point(expected) == cp
    assert code_point_to_utf16(text, cp) == expected
    assert utf16_to_code_point(text, expected) == cp


def test_position_inside_surrogate_pair_rounds_down() -> None:
    text = "a😀b"
    assert utf16_to_code_point(text, 2) == 1  # between the two halves of 😀
    assert utf16_to_code_point(text, 3) == 2
    assert code_point_to_utf16(text, 3) == 4
