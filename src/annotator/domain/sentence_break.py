"""The Unicode ``Sentence_Break`` property (UAX #29, table 4), derived without data files.

How the table is derived: the standard defines each value from other character
properties. Those that Python's :mod:`unicodedata` exposes are read from it (so the table
follows the Unicode version of the running Python); the rest are short lists of code points
copied from the Unicode Character Database, named below with their source:

========== ===================================================================================
value      definition in UAX #29, and how it is computed here
========== ===================================================================================
CR, LF     U+000D, U+000A
Sep        U+0085, U+2028, U+2029
Extend     Grapheme_Extend or ZWJ or General_Category Mc: categories Mn, Me, Mc, plus the
           Other_Grapheme_Extend code points of other categories (ZWNJ U+200C, the
           halfwidth sound marks U+FF9E/F, the tag characters U+E0020..E007F) and ZWJ
Format     General_Category Cf, except ZWNJ and ZWJ (and the tags, which are Extend)
Sp         White_Space (``_WHITE_SPACE``, from PropList.txt) except Sep, CR and LF
Lower      Lowercase: ``str.islower`` of one character is exactly that property in CPython
Upper      Uppercase or General_Category Lt: ``str.isupper`` or category Lt
OLetter    Alphabetic (categories L* and Nl; the Other_Alphabetic marks are Extend, and its
           circled and squared letters are Upper or Lower) or U+05F3, when not Lower/Upper;
           and the Georgian Mkhedruli and Mtavruli letters, cased since Unicode 11 but kept
           OLetter by SentenceBreakProperty.txt (Georgian prose starts no sentence with a capital)
Numeric    Line_Break Numeric, approximated by General_Category Nd plus U+066B/066C/19DA
ATerm      U+002E, U+2024, U+FE52, U+FF0E
STerm      Sentence_Terminal (``_STERM``, from PropList.txt of Unicode 14-16) minus ATerm
SContinue  the list ``_SCONTINUE`` (from SentenceBreakProperty.txt)
Close      General_Category Ps, Pe, Pi, Pf, or Line_Break Quotation (``_QUOTATION``, from
           LineBreak.txt), when not ATerm or STerm
========== ===================================================================================

How it was checked: every character assigned in Python 3.11's Unicode (14.0) was put in
nine probe strings whose boundaries tell the values apart, segmented here and by Qt 6.11's
QTextBoundaryFinder (built from the Unicode 16 data files). They differ only where Qt departs
from the rules (after SContinue, see the tests), for characters whose properties changed
after Unicode 14 (U+0295, U+10FC, U+A7F2..A7F4, U+AB69), and for the Arabic number signs
(U+0600..0605, U+06DD, U+0890/1, U+08E2, U+110BD, U+110CD), which are Format here as
General_Category Cf says. The tests keep checking real texts against Qt.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum


class SentenceBreak(IntEnum):
    """The values of the ``Sentence_Break`` property (``OTHER`` is UAX #29's "Any")."""

    OTHER = 0
    CR = 1
    LF = 2
    SEP = 3
    EXTEND = 4
    FORMAT = 5
    SP = 6
    LOWER = 7
    UPPER = 8
    OLETTER = 9
    NUMERIC = 10
    ATERM = 11
    STERM = 12
    SCONTINUE = 13
    CLOSE = 14


def _expand(ranges: str) -> frozenset[str]:
    """Characters from ``"0021 002E..0030"`` (code points and ranges in hexadecimal)."""
    found: set[str] = set()
    for item in ranges.split():
        first, _, last = item.partition("..")
        found.update(chr(c) for c in range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(found)


ATERM_CHARACTERS = _expand("002E 2024 FE52 FF0E")

#: Sentence_Terminal = Yes (PropList.txt, Unicode 14.0 to 16.0), the ATerm ones left out.
_STERM = _expand(
    "0021 003F 0589 061D..061F 06D4 0700..0702 07F9 0837 0839 083D..083E 0964..0965 "
    "104A..104B 1362 1367..1368 166E 1735..1736 1803 1809 1944..1945 1AA8..1AAB "
    "17D4..17D5 1B5A..1B5B 1B5E..1B5F 1B7D..1B7E 1C3B..1C3C 1C7E..1C7F 203C..203D "
    "2047..2049 2CF9..2CFB 2E2E 2E3C 2E53..2E54 3002 A4FF A60E..A60F A6F3 A6F7 A876..A877 "
    "A8CE..A8CF A92F A9C8..A9C9 AA5D..AA5F AAF0..AAF1 ABEB FE12 FE15..FE16 FE56..FE57 FF01 "
    "FF1F FF61 10A56..10A57 10F55..10F59 "
    "10F86..10F89 11047..11048 110BE..110C1 11141..11143 111C5..111C6 111CD 111DE..111DF "
    "11238..11239 1123B..1123C 112A9 1144B..1144C 115C2..115C3 115C9..115D7 11641..11642 "
    "1173C..1173E 11944 11946 11A42..11A43 11A9B..11A9C 11C41..11C42 11EF7..11EF8 "
    "11F43..11F44 16A6E..16A6F 16AF5 16B37..16B38 16B44 16E98 1BC9F 1DA88"
)
STERM_CHARACTERS = _STERM - ATERM_CHARACTERS

#: Sentence_Break = SContinue (SentenceBreakProperty.txt; the semicolons since Unicode 15.1).
_SCONTINUE = _expand(
    "002C 002D 003A 003B 037E 055D 060C 060D 07F8 1802 1808 2013 2014 3001 FE10 FE11 FE13 "
    "FE14 FE31 FE32 FE50 FE51 FE54 FE55 FE58 FE63 FF0C FF0D FF1A FF1B FF64"
)
#: Line_Break = Quotation (LineBreak.txt) outside categories Ps, Pe, Pi and Pf.
_QUOTATION = _expand("0022 0027 275B..2760 2E00..2E01 2E06..2E08 2E0B 1F676..1F678")
#: White_Space = Yes (PropList.txt) other than CR, LF and the separators.
_WHITE_SPACE = _expand("0009 000B 000C 0020 00A0 1680 2000..200A 202F 205F 3000")
_SEPARATORS = _expand("0085 2028 2029")
_EXTEND_OUTSIDE_MARKS = _expand("200C 200D FF9E FF9F E0020..E007F")
_OLETTER_EXTRA = _expand("05F3")
_GEORGIAN = _expand("10D0..10FA 10FD..10FF 1C90..1CBA 1CBD..1CBF")  # Mkhedruli, Mtavruli
_NUMERIC_EXTRA = _expand("066B 066C 19DA")
_CLOSE_CATEGORIES = frozenset({"Ps", "Pe", "Pi", "Pf"})
_ALPHABETIC_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"})

_cache: dict[str, SentenceBreak] = {}


def sentence_break(character: str) -> SentenceBreak:
    """The ``Sentence_Break`` value of one character (memoised; pure)."""
    found = _cache.get(character)
    if found is None:
        found = _cache[character] = _derive(character)
    return found


def _derive(ch: str) -> SentenceBreak:
    if ch == "\r":
        return SentenceBreak.CR
    if ch == "\n":
        return SentenceBreak.LF
    if ch in _SEPARATORS:
        return SentenceBreak.SEP
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Mc") or ch in _EXTEND_OUTSIDE_MARKS:
        return SentenceBreak.EXTEND
    if category == "Cf":
        return SentenceBreak.FORMAT
    if ch in _WHITE_SPACE:
        return SentenceBreak.SP
    if ch in _GEORGIAN:
        return SentenceBreak.OLETTER
    if ch.islower():
        return SentenceBreak.LOWER
    if ch.isupper() or category == "Lt":
        return SentenceBreak.UPPER
    if category in _ALPHABETIC_CATEGORIES or ch in _OLETTER_EXTRA:
        return SentenceBreak.OLETTER
    if category == "Nd" or ch in _NUMERIC_EXTRA:
        return SentenceBreak.NUMERIC
    if ch in ATERM_CHARACTERS:
        return SentenceBreak.ATERM
    if ch in STERM_CHARACTERS:
        return SentenceBreak.STERM
    if ch in _SCONTINUE:
        return SentenceBreak.SCONTINUE
    if category in _CLOSE_CATEGORIES or ch in _QUOTATION:
        return SentenceBreak.CLOSE
    return SentenceBreak.OTHER
