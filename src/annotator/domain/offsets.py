"""Conversion between code-point offsets (how we store spans) and UTF-16 units (how Qt counts).

Stored offsets are Python ``str`` indices. Qt's ``QTextCursor`` positions count UTF-16
code units, so every character outside the Basic Multilingual Plane (most emoji, CJK
extension B) counts 2 there and 1 here. The editor converts in exactly one place, with
these functions. Both directions are exact inverses for positions that do not fall inside
a surrogate pair; a UTF-16 position inside a pair is rounded down to the character's start.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Fast conversions for one text, built once per document in O(n).

    Holds the code-point indices of astral characters; a conversion is a binary search,
    so documents without astral characters (the common case) convert in O(1).
    """

    __slots__ = ("_astral",)

    def __init__(self, text: str) -> None:
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]

    def to_utf16(self, code_point: int) -> int:
        """UTF-16 position of the code point at ``code_point`` (or the end)."""
        return code_point + bisect_right(self._astral, code_point - 1)

    def to_code_point(self, utf16: int) -> int:
        """Code-point offset of UTF-16 position ``utf16``; inside a pair, the pair's start."""
        lo, hi = 0, len(self._astral)
        # Find how many astral characters lie wholly before utf16.
        while lo < hi:
            mid = (lo + hi) // 2
            if self._astral[mid] + mid + 2 <= utf16:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self._astral) and self._astral[lo] + lo < utf16:
            return self._astral[lo]  # inside a surrogate pair: round down
        return utf16 - lo


def code_point_to_utf16(text: str, code_point: int) -> int:
    """UTF-16 position of ``text[code_point]``; see :class:`Utf16Index` for many calls."""
    return Utf16Index(text).to_utf16(code_point)


def utf16_to_code_point(text: str, utf16: int) -> int:
    """Code-point offset of UTF-16 position ``utf16`` in ``text``."""
    return Utf16Index(text).to_code_point(utf16)
