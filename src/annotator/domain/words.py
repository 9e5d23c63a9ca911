"""Words of a document: what the ``rate`` measure divides by.

A word is a maximal run of Unicode word characters, ``re.findall(r"\\w+", text)`` on the
stored (normalised) text: letters, digits and the underscore of any script, so "don't"
is two words, "COVID-19" two, a CJK run without spaces one. Counted once, when a document
enters the project, and kept with it (``documents.words``).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def word_count(text: str) -> int:
    """How many words ``text`` has (see the module). ``findall`` counts in C: a quarter
    faster than iterating over matches (3.3 s against 4.4 s for 10,000 texts of 5 kB)."""
    return len(_WORD.findall(text))
