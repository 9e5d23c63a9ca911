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

    __slots__ = ("_after", "_astral")

    def __init__(self, text: str) -> None:
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        # The UTF-16 position just after each astral character (increasing).
        self._after = [cp + i + 2 for i, cp in enumerate(self._astral)]

    def to_utf16(self, code_point: int) -> int:
        """UTF-16 position of the code point at ``code_point`` (or the end)."""
        return code_point + bisect_right(self._astral, code_point - 1)

    def to_code_point(self, utf16: int) -> int:
        """Code-point offset of UTF-16 position ``utf16``; inside a pair, the pair's start."""
        before = bisect_right(self._after, utf16)  # astral characters wholly before utf16
        if before < len(self._astral) and self._astral[before] + before < utf16:
            return self._astral[before]  # inside a surrogate pair: round down
        return utf16 - before


def code_point_to_utf16(text: str, code_point: int) -> int:
    """UTF-16 position of ``text[code_point]``; see :class:`Utf16Index` for many calls."""
    return Utf16Index(text).to_utf16(code_point)


def utf16_to_code_point(text: str, utf16: int) -> int:
    """Code-point offset of UTF-16 position ``utf16`` in ``text``."""
    return Utf16Index(text).to_code_point(utf16)
