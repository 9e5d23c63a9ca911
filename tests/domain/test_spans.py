from __future__ import annotations

import pytest

from annotator.domain.errors import InvalidSpanError
from annotator.domain.spans import check_span, snap_to_words

TEXT = "Water resources, and labour migration 👍🏽 in Central Asia."


def test_check_span_returns_slice_and_refuses_bad_spans() -> None:
    assert check_span(TEXT, 0, 5) == "Water"
    with pytest.raises(InvalidSpanError, match="does not fit"):
        check_span(TEXT, 3, 3)
    with pytest.raises(InvalidSpanError, match="does not fit"):
        check_span(TEXT, 0, len(TEXT) + 1)
    with pytest.raises(InvalidSpanError, match=r"quote at 0\.\.5"):
        check_span(TEXT, 0, 5, "water")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2, 8, "Water resources"),  # both edges inside words grow outwards
        (5, 7, " r"[1:] + "esources"),  # leading space dropped, word completed
        (0, 5, "Water"),
        (21, 36, "labour migration"),
    ],
)
def test_snap_to_words(start: int, end: int, expected: str) -> None:
    s, e = snap_to_words(TEXT, start, end)
    assert TEXT[s:e] == expected


def test_snap_keeps_combining_marks_inside_words() -> None:
    text = "cafe\u0301 noir"
    s, e = snap_to_words(text, 1, 2)
    assert text[s:e] == "cafe\u0301"
