"""Turning a REFI-QDA selection's positions into offsets into our normalised text.

Tools disagree on what a position counts (NOTES.md §7): the standard says Unicode code
points; NVivo writes UTF-16 code units; ATLAS.ti is said to count CRLF as one position.
All count from the start of the text after the byte-order mark. So each selection goes
through two steps:

1. *unit*: a position in the tool's unit → a code-point index into the raw decoded text
   (:meth:`SourceText.raw_index`), for one of the four :data:`UNITS`;
2. *normalisation*: the raw index → an index into ``normalize_text(raw)`` (the text we
   store), via a piecewise map built once per source (:meth:`SourceText.resolve`).

:func:`choose_unit` picks the unit: the exporting tool's (from ``origin``) unless the
selections themselves say otherwise, judged by how many selection names equal the text
they cover (ATLAS.ti and QualCoder put the quote there) and how many boundaries fall
between words rather than inside one or inside a surrogate pair.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.domain.offsets import Utf16Index
from annotator.domain.text import normalize_text

from .refi_qda_model import Selection


@dataclass(frozen=True)
class Unit:
    """How a tool counts positions: UTF-16 units or code points; CRLF as one or two."""

    utf16: bool
    crlf_as_one: bool

    def describe(self) -> str:
        kind = "UTF-16 code units" if self.utf16 else "Unicode code points"
        return kind + (", CRLF counted as one" if self.crlf_as_one else "")


CODE_POINTS = Unit(utf16=False, crlf_as_one=False)
UTF16 = Unit(utf16=True, crlf_as_one=False)
CODE_POINTS_CRLF_ONE = Unit(utf16=False, crlf_as_one=True)
UTF16_CRLF_ONE = Unit(utf16=True, crlf_as_one=True)
UNITS = (CODE_POINTS, UTF16, CODE_POINTS_CRLF_ONE, UTF16_CRLF_ONE)

# What normalize_text changes: line breaks, Cc controls but TAB and LF (and maybe a BOM).
_SPECIAL = re.compile("\r\n|[\r\x85\u2028\u2029]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ELLIPSES = ("…", "...")


def decode_source(data: bytes) -> str:
    """The text of a REFI-QDA ``.txt`` source: UTF-8, one leading BOM dropped.

    Raises ``UnicodeDecodeError`` when the bytes are not UTF-8.
    """
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


@dataclass(frozen=True)
class Span:
    """A resolved selection: ``text[start:end] == quote`` in the normalised text."""

    start: int
    end: int
    quote: str


class SourceText:
    """One source's raw text, its normalised form, and the conversions between them."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        pieces: list[str] = []
        self._starts: list[int] = []  # raw start of each changed run
        self._runs: list[tuple[int, int, int]] = []  # (raw end, norm at start, norm at end)
        copied = norm = 0
        for match in _SPECIAL.finditer(raw):
            a, b = match.span()
            pieces.append(raw[copied:a])
            norm += a - copied
            replacement = "" if match.group()[0] not in "\r\n\x85\u2028\u2029" else "\n"
            pieces.append(replacement)
            self._starts.append(a)
            self._runs.append((b, norm, norm + len(replacement)))
            norm += len(replacement)
            copied = b
        pieces.append(raw[copied:])
        text = "".join(pieces)
        expected = normalize_text(raw)
        if text != expected and text.startswith("\ufeff") and text[1:] == expected:
            # normalize_text drops a leading BOM: one more run, and everything shifts by one.
            self._starts.insert(0, 0)
            self._runs = [(1, 0, 0)] + [(b, s - 1, e - 1) for b, s, e in self._runs]
            text = text[1:]
        if text != expected:
            raise ValueError("refi_qda_positions disagrees with domain.text.normalize_text")
        self.text = text
        self._utf16 = Utf16Index(raw)
        self._crlf = [m.start() - k for k, m in enumerate(re.finditer("\r\n", raw))]
        self._collapsed = raw.replace("\r\n", "\n") if self._crlf else raw
        self._utf16_collapsed = Utf16Index(self._collapsed) if self._crlf else self._utf16

    # -- step 1: the tool's unit → raw code points -------------------------------------
    def raw_index(self, unit: Unit, position: int) -> int | None:
        """The raw code-point index of ``position``; ``None`` if outside the text or
        inside a surrogate pair (a position no UTF-16 tool could have meant)."""
        index = self._utf16_collapsed if unit.crlf_as_one else self._utf16
        body = self._collapsed if unit.crlf_as_one else self.raw
        if position < 0:
            return None
        if unit.utf16:
            code_point = index.to_code_point(position)
            if index.to_utf16(code_point) != position or code_point > len(body):
                return None
        else:
            code_point = position
            if code_point > len(body):
                return None
        if unit.crlf_as_one:
            code_point += bisect_left(self._crlf, code_point)
        return code_point

    # -- step 2: raw code points → normalised text ----------------------------------------
    def normalised_index(self, raw_index: int) -> int:
        """Where raw index ``raw_index`` lands in :attr:`text` (inside CRLF: before the LF)."""
        k = bisect_right(self._starts, raw_index) - 1
        if k < 0:
            return raw_index
        end, at_start, at_end = self._runs[k]
        return at_start if raw_index < end else at_end + (raw_index - end)

    def resolve(self, unit: Unit, start: int, end: int) -> Span | str:
        """The span a selection covers in :attr:`text`, or why it cannot be used."""
        raw_start, raw_end = self.raw_index(unit, start), self.raw_index(unit, end)
        if raw_start is None or raw_end is None:
            return f"positions {start}..{end} do not fit the text"
        if raw_end <= raw_start:
            return f"positions {start}..{end} select nothing"
        s, e = self.normalised_index(raw_start), self.normalised_index(raw_end)
        if e <= s:
            return f"positions {start}..{end} select only characters that are not kept"
        return Span(s, e, self.text[s:e])

    def is_word_boundary(self, raw_index: int) -> bool:
        """``True`` unless ``raw_index`` falls between two word characters."""
        if raw_index <= 0 or raw_index >= len(self.raw):
            return True
        return not (_is_word(self.raw[raw_index - 1]) and _is_word(self.raw[raw_index]))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def name_matches(name: str, quote: str) -> bool:
    """Whether a selection's ``name`` is its quote (white space compared loosely; a name
    ending in an ellipsis may be a truncated quote)."""
    wanted, got = " ".join(name.split()), " ".join(quote.split())
    if not wanted:
        return False
    if wanted == got:
        return True
    for ellipsis in _ELLIPSES:
        if wanted.endswith(ellipsis) and len(wanted) > len(ellipsis) + 3:
            return got.startswith(wanted[: -len(ellipsis)].rstrip())
    return False


@dataclass(frozen=True)
class UnitChoice:
    """The unit picked for a file and the evidence, for the import summary."""

    unit: Unit
    expected: Unit
    fitting: int
    named: int
    aligned: int
    boundaries: int
    total: int

    def describe(self) -> str:
        text = f"positions read as {self.unit.describe()}"
        if self.unit != self.expected:
            text += f" although the exporting tool suggests {self.expected.describe()}"
        text += (f"; {self.fitting} of {self.total} selections fit their text, "
                 f"{self.aligned} of {self.boundaries} boundaries fall between words")
        if self.named:
            text += f", {self.named} selection names equal their text"
        return text


def expected_unit(origin: str) -> Unit:
    """The unit a tool is known to write, from the project's ``origin`` attribute."""
    lowered = origin.casefold()
    if "nvivo" in lowered:
        return UTF16
    if "atlas" in lowered:
        return CODE_POINTS_CRLF_ONE
    return CODE_POINTS


@dataclass
class _Score:
    fitting: int = 0
    named: int = 0
    aligned: int = 0
    boundaries: int = 0


def choose_unit(origin: str, selections: Iterable[tuple[SourceText, Selection]]) -> UnitChoice:
    """Pick the unit for one file's selections (see the module docstring)."""
    expected = expected_unit(origin)
    items = list(selections)
    scores = {unit: _score(unit, items) for unit in UNITS}
    best = expected
    for unit in UNITS:
        if _better(scores[unit], scores[best]):
            best = unit
    s = scores[best]
    return UnitChoice(best, expected, s.fitting, s.named, s.aligned, s.boundaries, len(items))


def _score(unit: Unit, items: list[tuple[SourceText, Selection]]) -> _Score:
    score = _Score()
    for source, selection in items:
        span = source.resolve(unit, selection.start, selection.end)
        if isinstance(span, str):
            continue
        score.fitting += 1
        score.named += name_matches(selection.name, span.quote)
        for position in (selection.start, selection.end):
            raw = source.raw_index(unit, position)
            score.boundaries += 1
            score.aligned += raw is not None and source.is_word_boundary(raw)
    return score


def _better(candidate: _Score, current: _Score) -> bool:
    if candidate.fitting != current.fitting:
        return candidate.fitting > current.fitting
    if candidate.named != current.named:
        return candidate.named > current.named
    margin = max(2, current.boundaries // 20)
    return candidate.aligned - current.aligned > margin
