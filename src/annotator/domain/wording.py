"""Numbers with nouns, worded right: "0 highlights", "1 highlight", "2 highlights".

Every message that counts something (window, command line, summaries) goes through
:func:`plural`, so that no message says "1 highlights" or "1 documents".
"""

from __future__ import annotations

_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")
_VOWELS = "aeiou"


def plural_of(noun: str) -> str:
    """The plural of ``noun`` (its last word): "highlight" → "highlights", "match" →
    "matches", "entry" → "entries". Irregular nouns are given to :func:`plural` whole."""
    if noun.endswith(_SIBILANT_ENDINGS):
        return noun + "es"
    if len(noun) > 1 and noun.endswith("y") and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def plural(count: int, noun: str, plural_noun: str | None = None, *,
           grouped: bool = False) -> str:
    """``count`` followed by ``noun``, in the plural unless ``count`` is 1: "1 tag",
    "0 tags", "3 matches". ``plural_noun`` overrides the regular plural; ``grouped``
    writes thousands with commas ("12,045 documents")."""
    number = f"{count:,}" if grouped else str(count)
    return f"{number} {noun if count == 1 else plural_noun or plural_of(noun)}"
