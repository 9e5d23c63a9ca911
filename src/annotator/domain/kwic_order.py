"""Sort keys of a keyword-in-context list, as concordancers sort them.

Sorting by left context means sorting by the word just before the hit, then the word
before that, and so on (the words read backwards from the hit), so that hits preceded by
the same word come together; sorting by right context reads the words after the hit
forwards. Words are runs of word characters (``\\w``, any script), compared case-folded;
punctuation and spaces between them do not count. The hit itself sorts case-folded.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")

SortKey = tuple[str, ...]


def context_words(text: str) -> list[str]:
    """The words of ``text``, case-folded, in reading order."""
    return [word.casefold() for word in _WORD.findall(text)]


def left_context_key(left: str) -> SortKey:
    """The key of a hit's left context: its words from the nearest to the hit outwards."""
    return tuple(reversed(context_words(left)))


def right_context_key(right: str) -> SortKey:
    """The key of a hit's right context: its words from the nearest to the hit outwards."""
    return tuple(context_words(right))


def hit_key(hit: str) -> str:
    """The key of the hit's own text (case-folded, as written otherwise)."""
    return hit.casefold()
