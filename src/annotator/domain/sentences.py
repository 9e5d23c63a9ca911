"""Sentence boundaries: Unicode's rules (UAX #29), plus abbreviations that end no sentence.

:func:`sentence_breaks` implements the sentence rules SB1-SB11 of UAX #29 over the
property of :mod:`.sentence_break`. A sentence can only end after a paragraph separator
(SB4) or after a terminator (``.``, ``!``, ``?``, ``。`` ...) and what may follow it
(closing quotes and brackets, spaces; SB9-SB11), so the text is scanned for those
characters with one regular expression and the rules are applied only there: the cost is
that of the scan plus a few lookups per terminator.

UAX #29 alone ends a sentence at "Mr. Smith" and "e.g. The"; with ``exceptions`` (the
default) a full stop does not end a sentence when it closes

* an abbreviation of :data:`ABBREVIATIONS` (titles such as "Mr.", "Dr.", "St.", Latin
  ones such as "e.g.", "i.e.", "cf.", months such as "Jan."), compared case-insensitively,
  alone or as the last part of a dotted word ("Ye.V." is "V.");
* an initial: one capital letter ("George W. Bush", "U.S. Army"), except the pronoun "I".

A decimal such as "3.5" needs no exception: UAX #29 never breaks between a full stop and a
digit (SB6). The price of the initials rule is that a sentence ending in "the U.S." runs on
into the next one; a sentence cut in two after "W." would be worse for coding in context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .sentence_break import ATERM_CHARACTERS, STERM_CHARACTERS, SentenceBreak, sentence_break

#: Lower-case abbreviations (without their final full stop) after which "." ends no
#: sentence even before a capital letter.
ABBREVIATIONS = frozenset({
    # titles and ranks before a name
    "mr", "mrs", "ms", "mx", "messrs", "mme", "mlle", "dr", "prof", "rev", "hon", "st",
    "mt", "ft", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "gov",
    "sen", "rep", "pres", "amb", "supt", "insp",
    # Latin and references
    "e.g", "i.e", "cf", "viz", "vs", "approx", "ca", "incl", "esp", "fig", "figs", "eq",
    "nos", "vol", "vols", "pp",
    # months
    "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # Russian: "that is", "because", "for example", "street", "named after", "professor"
    "т.е", "т.к", "напр", "ул", "им", "проф",
})

_PARAGRAPH_SEPARATORS = "\n\r\x85\u2028\u2029"
_CANDIDATES = re.compile(
    "[" + re.escape("".join(sorted(ATERM_CHARACTERS | STERM_CHARACTERS)))
    + re.escape(_PARAGRAPH_SEPARATORS) + "]"
)
_SB = SentenceBreak
_TRANSPARENT = (_SB.EXTEND, _SB.FORMAT)
_PARA_SEP = (_SB.SEP, _SB.CR, _SB.LF)
_SATERM = (_SB.ATERM, _SB.STERM)
#: What stops SB8's look-ahead for a lower-case letter.
_SB8_STOPS = frozenset({_SB.OLETTER, _SB.UPPER, _SB.LOWER, *_PARA_SEP, *_SATERM})


def sentence_breaks(
    text: str, start: int = 0, end: int | None = None, *, exceptions: bool = True
) -> Iterator[int]:
    """The sentence boundaries inside ``text[start:end]``, in increasing order.

    Each is a code-point offset ``start < b < end`` where a sentence ends and the next
    begins (the ends of the stretch are boundaries too and are not listed). A sentence as
    UAX #29 defines it keeps its trailing spaces and paragraph separator; see
    :func:`sentence_spans` for trimmed spans. ``exceptions`` adds the abbreviation and
    initial rules of the module's docstring.
    """
    end = len(text) if end is None else end
    last = start
    for found in _CANDIDATES.finditer(text, start, end):
        at = found.start()
        if at < last:  # inside the run of a terminator already seen
            continue
        char = text[at]
        after: int | None
        if char in _PARAGRAPH_SEPARATORS:
            after = at + 2 if text.startswith("\r\n", at) and at + 2 <= end else at + 1
        else:
            after = _after_terminator(text, at, start, end, exceptions)
            if after is None:
                continue
        if start < after < end:
            yield after
        last = after


def _after_terminator(
    text: str, at: int, start: int, end: int, exceptions: bool
) -> int | None:
    """Where the sentence ending with the terminator at ``at`` ends (SB6-SB11), or
    ``None`` when the rules say it does not end there."""
    is_aterm = sentence_break(text[at]) == _SB.ATERM
    position = _skip_transparent(text, at + 1, end)
    following = _class_at(text, position, end)
    if is_aterm and following == _SB.NUMERIC:  # SB6: "3.5"
        return None
    if is_aterm and following == _SB.UPPER and _class_before(text, at, start) in (
        _SB.UPPER, _SB.LOWER
    ):  # SB7: "U.S"
        return None
    terminated = position
    while _class_at(text, position, end) == _SB.CLOSE:  # SB9
        position = _skip_transparent(text, position + 1, end)
    closed = position > terminated
    spaced = position
    while _class_at(text, position, end) == _SB.SP:  # SB10
        position = _skip_transparent(text, position + 1, end)
    following = _class_at(text, position, end)
    if following is None or following in _PARA_SEP:
        return None  # the end of the stretch, or the separator's own break (SB4)
    if following in _SATERM or following == _SB.SCONTINUE:  # SB8a
        return None
    if is_aterm and _lower_case_follows(text, position, end):  # SB8
        return None
    if (exceptions and is_aterm and text[at] == "." and not closed and position > spaced
            and _ends_abbreviation(text, at, start)):
        return None
    return position  # SB11


def _skip_transparent(text: str, position: int, end: int) -> int:
    """Past any Extend and Format characters from ``position`` (SB5)."""
    while position < end and sentence_break(text[position]) in _TRANSPARENT:
        position += 1
    return position


def _class_at(text: str, position: int, end: int) -> SentenceBreak | None:
    return sentence_break(text[position]) if position < end else None


def _class_before(text: str, at: int, start: int) -> SentenceBreak | None:
    """The class of the character before ``at``, Extend and Format skipped (SB5)."""
    position = at - 1
    while position >= start and sentence_break(text[position]) in _TRANSPARENT:
        position -= 1
    return sentence_break(text[position]) if position >= start else None


def _lower_case_follows(text: str, position: int, end: int) -> bool:
    """SB8: the first letter, terminator or separator from ``position`` is lower case."""
    while position < end:
        value = sentence_break(text[position])
        if value in _SB8_STOPS:
            return value == _SB.LOWER
        position += 1
    return False


def _ends_abbreviation(text: str, at: int, start: int) -> bool:
    """Whether the full stop at ``at`` closes an abbreviation or an initial."""
    begin = at
    while begin > start and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:at]
    if not word or word.endswith(".") or (begin > start and text[begin - 1].isalnum()):
        return False
    last = word.rsplit(".", 1)[-1]
    if word.lower() in ABBREVIATIONS or last.lower() in ABBREVIATIONS:
        return True
    return len(last) == 1 and last.isupper() and word != "I"


def sentence_spans(
    text: str, start: int = 0, end: int | None = None, *, exceptions: bool = True
) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as ``(start, end)`` code-point spans, in order,
    without the white space around them (spaces, tabs, newlines); a stretch of white space
    alone is no sentence. The spans never overlap, never hold a paragraph separator and
    together cover every other character of the stretch."""
    end = len(text) if end is None else end
    spans = []
    previous = start
    for boundary in (*sentence_breaks(text, start, end, exceptions=exceptions), end):
        trimmed = trim(text, previous, boundary)
        if trimmed is not None:
            spans.append(trimmed)
        previous = boundary
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start..end`` without white space at either edge; ``None`` if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
