"""A hit widened to its sentence, paragraph or document."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.domain.context import Context, ContextFinder, paragraph_spans
from annotator.domain.sentences import sentence_spans

TEXT = "Title line\n\nMr. Smith spoke on security. Security matters, he said!  Then left.\r\nLast one."


def widened(context: str, word: str, nth: int = 0) -> str | None:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    span = ContextFinder(TEXT, context).widen(start, start + len(word))
    return None if span is None else TEXT[span[0]:span[1]]


def test_each_context_of_a_hit() -> None:
    assert widened("match", "security") == "security"
    assert widened("sentence", "security") == "Mr. Smith spoke on security."
    assert widened("sentence", "Security") == "Security matters, he said!"
    assert widened("paragraph", "Security") == (
        "Mr. Smith spoke on security. Security matters, he said!  Then left.")
    assert widened("document", "Last") == TEXT.strip()


def test_a_hit_across_sentences_takes_both_and_white_space_alone_takes_none() -> None:
    start = TEXT.index("said!")
    finder = ContextFinder(TEXT, Context.SENTENCE)
    span = finder.widen(start, TEXT.index("Then") + 2)
    assert span is not None and TEXT[span[0]:span[1]] == "Security matters, he said!  Then left."
    gap = TEXT.index("  Then")
    assert finder.widen(gap, gap + 2) is None
    blank = TEXT.index("\n\n")
    assert ContextFinder(TEXT, "paragraph").widen(blank, blank + 2) is None


def test_unknown_context_is_refused() -> None:
    with pytest.raises(ValueError):
        ContextFinder(TEXT, "chapter")


texts = st.text(alphabet="ab .!?\n\r\tÉ😀\u0301", max_size=50)


@settings(max_examples=300, deadline=None)
@given(texts, st.data(), st.sampled_from(["sentence", "paragraph", "document"]))
def test_a_context_is_whole_units_sharing_a_character_with_the_hit(text, data, context) -> None:  # type: ignore[no-untyped-def]
    assume(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    span = ContextFinder(text, context).widen(start, end)
    if context == "sentence":
        units = sentence_spans(text)
    elif context == "paragraph":
        units = paragraph_spans(text)
    else:
        units = [(len(text) - len(text.lstrip()), len(text.rstrip()))] if text.strip() else []
    touched = [u for u in units if u[0] < end and start < u[1]]
    if not touched:
        assert span is None
        return
    assert span == (touched[0][0], touched[-1][1])
    assert not text[span[0]].isspace() and not text[span[1] - 1].isspace()
