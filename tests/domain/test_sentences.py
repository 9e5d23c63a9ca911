"""Sentences (UAX #29 plus abbreviations) and paragraphs: the units of coding in context.

The fast scanner is checked against a literal reading of the rules (``uax29_reference``)
on generated text over every property value, against Qt's own UAX #29 implementation on
the real corpora, and for the shape of its spans on any text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from uax29_reference import reference_breaks

from annotator.domain.context import paragraph_spans
from annotator.domain.offsets import Utf16Index
from annotator.domain.sentence_break import SentenceBreak, sentence_break
from annotator.domain.sentences import sentence_breaks, sentence_spans

#: At least two characters of every Sentence_Break value, of several scripts and planes.
SAMPLES = {
    SentenceBreak.OTHER: "#%😀🏽@",
    SentenceBreak.CR: "\r",
    SentenceBreak.LF: "\n",
    SentenceBreak.SEP: "\x85\u2028\u2029",
    SentenceBreak.EXTEND: "\u0301\u0345\u093f\u200c\u200d\U000e0041",
    SentenceBreak.FORMAT: "\u00ad\u200b\u2060\ufeff",
    SentenceBreak.SP: " \t\u00a0\u3000",
    SentenceBreak.LOWER: "aéßдⅰⓐ",
    SentenceBreak.UPPER: "ZÉДǅⅠⒶ",
    SentenceBreak.OLETTER: "אב文中ー׳",
    SentenceBreak.NUMERIC: "3١٢",
    SentenceBreak.ATERM: ".\u2024\ufe52\uff0e",
    SentenceBreak.STERM: "!?。！？؟‼⁉",
    SentenceBreak.SCONTINUE: ",:;-–—、",
    SentenceBreak.CLOSE: "\"'()[]«»“”‘’",
}
ALPHABET = "".join(SAMPLES.values())
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


def test_every_sample_has_the_property_it_stands_for() -> None:
    for value, characters in SAMPLES.items():
        assert {sentence_break(ch) for ch in characters} == {value}, value


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=14))
@example("a.3")  # SB6
@example("e.g. the U.S. Army")  # SB7, SB8
@example("Who? — said he. (Done.) Next")  # SB8a, SB9
@example("One.\u0301\u00ad Two.\r\nThree")  # SB5, SB3
def test_scanner_agrees_with_a_literal_reading_of_the_rules(text: str) -> None:
    assert list(sentence_breaks(text, exceptions=False)) == reference_breaks(text)


def test_scanner_agrees_with_qt_on_the_real_corpora() -> None:
    """Every boundary we find is one Qt finds; Qt finds more only where it departs from
    UAX #29 in two known ways: it breaks after a comma or dash that follows a
    terminator (the rule SB8a says no), and between "e." and "V" (SB7 says no)."""
    from PySide6.QtCore import QTextBoundaryFinder

    if not SHARED.is_dir():
        pytest.skip("../shared/corpora is not present")
    checked = extra = 0
    for folder in ("news-kremlin-en", "sotu-addresses", "news-meduza-golunov-ru",
                   "multilingual-unicode/udhr"):
        for path in sorted((SHARED / folder).glob("*.txt"))[:40]:
            text = path.read_text(encoding="utf-8-sig")  # as an import decodes it
            for line in text.split("\n"):
                ours = list(sentence_breaks(line, exceptions=False))
                finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Sentence, line)
                index, theirs = Utf16Index(line), []
                while (found := finder.toNextBoundary()) not in (-1, len(line.encode("utf-16-le")) // 2):
                    theirs.append(index.to_code_point(found))
                assert set(ours) <= set(theirs), line
                for position in set(theirs) - set(ours):
                    assert _known_qt_departure(line, position), (line[:position], line[position:])
                    extra += 1
                checked += len(ours)
    assert checked > 5000 and extra < checked / 50


def _known_qt_departure(line: str, position: int) -> bool:
    before = line[:position].rstrip()
    if before and sentence_break(before[-1]) == SentenceBreak.SCONTINUE:
        return True
    return (position >= 2 and line[position - 1] == "." and line[position - 2].isalpha()
            and line[position].isupper())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET + "abc  \n", max_size=60) | st.text(max_size=60))
def test_sentence_and_paragraph_spans_are_trimmed_ordered_and_cover_the_text(text: str) -> None:
    sentences, paragraphs = sentence_spans(text), paragraph_spans(text)
    for spans in (sentences, paragraphs):
        _check_spans(text, spans)
    lines = set()
    for start, end in paragraphs:
        assert "\n" not in text[start:end] and "\r" not in text[start:end]
        lines.add((start, end))
    for start, end in sentences:  # each sentence lies within one paragraph
        assert any(p_start <= start and end <= p_end for p_start, p_end in lines)


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)  # in bounds, ordered, disjoint
        assert not text[start].isspace() and not text[end - 1].isspace()  # trimmed
        covered.update(range(start, end))
        previous_end = end
    visible = {i for i, ch in enumerate(text) if not ch.isspace()}
    assert visible <= covered  # every visible character is in a unit


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("Prices rose 3.5 percent. Then fell.", ["Prices rose 3.5 percent.", "Then fell."]),
    ("Some, e.g. This one, stay. Others go!", ["Some, e.g. This one, stay.", "Others go!"]),
    ("George W. Bush spoke. I. Then I left.", ["George W. Bush spoke.", "I.", "Then I left."]),
    ("He asked: “Why?” Nobody knew.", ["He asked: “Why?”", "Nobody knew."]),
    ("Vice-admiral Ye.V. Putyatin sailed. Back.", ["Vice-admiral Ye.V. Putyatin sailed.", "Back."]),
    ("Встреча с т.е. Иваном прошла. Потом ужин.", ["Встреча с т.е. Иваном прошла.", "Потом ужин."]),
    ("He went to St. Petersburg.  It rained.\n", ["He went to St. Petersburg.", "It rained."]),
])
def test_abbreviations_initials_and_decimals_end_no_sentence(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


def test_without_exceptions_uax29_breaks_after_titles() -> None:
    text = "Mr. Smith left."
    assert [text[s:e] for s, e in sentence_spans(text, exceptions=False)] == ["Mr.", "Smith left."]


def test_paragraphs_are_lines_whatever_the_line_breaks() -> None:
    text = "  First line. Two.\r\nSecond\rThird\u2028Fourth\n\n \nFifth  "
    assert [text[s:e] for s, e in paragraph_spans(text)] == [
        "First line. Two.", "Second", "Third", "Fourth", "Fifth"]
    crlf = [text[s:e] for s, e in sentence_spans(text)]
    assert crlf[:3] == ["First line.", "Two.", "Second"]


def test_a_stretch_is_segmented_as_the_whole_text_is() -> None:
    text = "Intro line.\nA first one. A second? Yes.\nLast."
    start, end = text.index("A first"), text.index("\nLast")
    inside = sentence_spans(text, start, end)
    assert inside == [s for s in sentence_spans(text) if start <= s[0] and s[1] <= end]
