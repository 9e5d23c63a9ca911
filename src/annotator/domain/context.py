"""Coding in context: a hit (a match of a search) widened to its sentence, paragraph or
document, the unit of text a researcher codes.

A paragraph is a line of the text: what lies between two line breaks (the stored text has
``\\n`` only, but ``\\r\\n``, ``\\r``, NEL, U+2028 and U+2029 count too, so that any text
gives the same paragraphs as its normalised form). A sentence follows
:mod:`.sentences`. Units never include the white space around them: a highlight in
context starts and ends on a visible character, never on a newline or a space.

A hit's context is the smallest span covering every unit that shares a character with the
hit (a hit across a sentence boundary takes both sentences); a hit made of white space
alone between units has none, and codes nothing. ``match`` is the hit itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from enum import StrEnum

from .sentences import sentence_spans, trim

_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")


class Context(StrEnum):
    """How far a hit is widened before it is coded."""

    MATCH = "match"
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    DOCUMENT = "document"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs (lines) of ``text`` as trimmed ``(start, end)`` spans, in order; a
    blank line is none."""
    return [span for span in (trim(text, s, e) for s, e in _lines(text)) if span is not None]


def _lines(text: str) -> list[tuple[int, int]]:
    """Every line of ``text`` as ``(start, end)``, its line break left out."""
    lines, start = [], 0
    for found in _LINE_BREAK.finditer(text):
        lines.append((start, found.start()))
        start = found.end()
    lines.append((start, len(text)))
    return lines


class ContextFinder:
    """Widens hits in one text to a :class:`Context`. Built once per text, it finds the
    line around a hit (by a search for ``\n`` when the text has no other line break, as
    stored texts have none) and segments a line into sentences only when a hit needs it:
    documents are long, hits few."""

    def __init__(self, text: str, context: Context | str) -> None:
        self.text = text
        self.context = Context(context)
        self._lines: list[tuple[int, int]] | None = None  # only for other line breaks
        self._line_starts: list[int] = []
        self._only_newlines = _OTHER_BREAKS.search(text) is None
        self._units: dict[int, list[tuple[int, int]]] = {}
        self._whole: tuple[int, int] | None = None

    def widen(self, start: int, end: int) -> tuple[int, int] | None:
        """The context of the hit ``text[start:end]`` (``0 <= start < end <= len``), or
        ``None`` when no unit shares a character with it (see the module)."""
        if self.context is Context.MATCH:
            return start, end
        if self.context is Context.DOCUMENT:
            if self._whole is None:
                self._whole = trim(self.text, 0, len(self.text)) or (0, 0)
            whole = self._whole
            return whole if whole[0] < end and start < whole[1] else None
        touched = [unit for line in self._lines_between(start, end)
                   for unit in self._line_units(line) if unit[0] < end and start < unit[1]]
        return (touched[0][0], touched[-1][1]) if touched else None

    def widen_all(self, hits: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """The contexts of ``hits`` (hits without one left out), in the hits' order."""
        found = (self.widen(start, end) for start, end in hits)
        return [span for span in found if span is not None]

    def _lines_between(self, start: int, end: int) -> list[tuple[int, int]]:
        """The lines (without their line breaks) that hold ``text[start:end]``."""
        text = self.text
        if self._only_newlines:
            first = text.rfind("\n", 0, start) + 1
            last = text.find("\n", max(start, end - 1))
            last = len(text) if last < 0 else last
            bounds = text[first:last].split("\n")
            lines, at = [], first
            for line in bounds:
                lines.append((at, at + len(line)))
                at += len(line) + 1
            return lines
        if self._lines is None:
            self._lines = _lines(text)
            self._line_starts = [s for s, _ in self._lines]
        first_index = bisect_right(self._line_starts, start) - 1
        last_index = bisect_right(self._line_starts, end - 1) - 1
        return self._lines[first_index:last_index + 1]

    def _line_units(self, line: tuple[int, int]) -> list[tuple[int, int]]:
        """The trimmed sentences or the trimmed paragraph of one line (memoised)."""
        units = self._units.get(line[0])
        if units is None:
            start, end = line
            if self.context is Context.SENTENCE:
                units = sentence_spans(self.text, start, end)
            else:
                paragraph = trim(self.text, start, end)
                units = [paragraph] if paragraph else []
            self._units[start] = units
        return units
