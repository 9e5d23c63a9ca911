"""A literal, slow reading of UAX #29's sentence rules, to check the fast scanner against.

It decides every position on its own, rule by rule in the standard's order, by matching
regular expressions over the string of the characters' property values (one letter per
character), the way the rules are written in the annex. It shares only the property table
(``sentence_break``) with the code under test, never its logic.
"""

from __future__ import annotations

import re

from annotator.domain.sentence_break import SentenceBreak, sentence_break

_LETTERS = {
    SentenceBreak.OTHER: "x", SentenceBreak.CR: "r", SentenceBreak.LF: "n",
    SentenceBreak.SEP: "p", SentenceBreak.EXTEND: "e", SentenceBreak.FORMAT: "f",
    SentenceBreak.SP: "s", SentenceBreak.LOWER: "l", SentenceBreak.UPPER: "u",
    SentenceBreak.OLETTER: "o", SentenceBreak.NUMERIC: "d", SentenceBreak.ATERM: "a",
    SentenceBreak.STERM: "t", SentenceBreak.SCONTINUE: "c", SentenceBreak.CLOSE: "k",
}
_PARA_SEP = "[pnr]"
_SATERM = "[at]"
_LEFT = {  # rule: a pattern the text before the position must end with
    "SB6": "a$", "SB7": "[ul]a$", "SB8": "ak*s*$", "SB8a": f"{_SATERM}k*s*$",
    "SB9": f"{_SATERM}k*$", "SB10": f"{_SATERM}k*s*$", "SB11": f"{_SATERM}k*s*{_PARA_SEP}?$",
}
_RIGHT = {  # rule: a pattern the text after the position must start with
    "SB6": "d", "SB7": "u", "SB8": f"[^oul{_PARA_SEP[1:-1]}at]*l", "SB8a": "[cat]",
    "SB9": f"[ks{_PARA_SEP[1:-1]}]", "SB10": f"[s{_PARA_SEP[1:-1]}]",
}


def _ignore_extend_and_format(classes: str) -> str:
    """SB5: an Extend or Format character after anything but a separator (or the start)
    is treated as what it follows, so it is dropped from the rules' view."""
    kept = []
    for index, value in enumerate(classes):
        if value in "ef" and index > 0 and kept and kept[-1] not in "pnr":
            continue
        kept.append(value)
    return "".join(kept)


def reference_breaks(text: str) -> list[int]:
    """Every sentence boundary strictly inside ``text``, decided position by position."""
    classes = "".join(_LETTERS[sentence_break(ch)] for ch in text)
    found = []
    for position in range(1, len(text)):
        before, after = classes[position - 1], classes[position]
        if before == "r" and after == "n":  # SB3
            continue
        if before in "pnr":  # SB4
            found.append(position)
            continue
        if after in "ef":  # SB5
            continue
        left = _ignore_extend_and_format(classes[:position])
        right = _ignore_extend_and_format(classes[position:])
        if any(re.search(_LEFT[rule], left) and re.match(_RIGHT[rule], right)
               for rule in ("SB6", "SB7", "SB8", "SB8a", "SB9", "SB10")):
            continue
        if re.search(_LEFT["SB11"], left):
            found.append(position)
    return found
