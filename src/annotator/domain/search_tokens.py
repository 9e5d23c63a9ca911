"""Words as the full-text index sees them: FTS5's ``unicode61 remove_diacritics 2``
tokenizer, rebuilt from its own tables (:mod:`.search_token_table`).

A token starts at a character that is a letter, a number or private use (for SQLite's
Unicode tables; characters unassigned in them count too) and runs on through such
characters and the combining diacritics of :data:`~.search_token_table.DIACRITICS`
(which cannot start one: after a separator they are separators). Every other character
separates tokens. A token's *key* is the token folded character by character: lower case,
diacritics removed (``Élan`` and ``e\\u0301lan`` -> ``elan``), as the index stores it.
Keys longer than :data:`MAX_KEY_BYTES` bytes of UTF-8 are cut there, as FTS5 cuts them.

The hit finder (:mod:`.search_hits`) finds terms with regular expressions built from the
same tables (:func:`term_pattern`); :func:`tokens` splits a whole text, for ``NEAR``
distances and for tests.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .search_token_table import DIACRITICS, FOLDS, SEPARATORS

#: FTS5 keeps at most this many bytes of a token (``FTS5_MAX_TOKEN_SIZE``).
MAX_KEY_BYTES = 32768
_ASTRAL = 0x10000


class Token(NamedTuple):
    """A token of a text: ``text[start:end]`` is the token as written, ``key`` its fold."""

    start: int
    end: int
    key: str


def _class(ranges: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """A character class body (without brackets) for inclusive code point ranges."""
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


def _complement(ranges: list[tuple[int, int]], below: int) -> list[tuple[int, int]]:
    """The code points under ``below`` outside sorted, disjoint ``ranges``."""
    out, next_free = [], 0
    for a, b in ranges:
        if a >= below:
            break
        if a > next_free:
            out.append((next_free, a - 1))
        next_free = max(next_free, b + 1)
    if next_free < below:
        out.append((next_free, below - 1))
    return out


def _merged(points: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for c in sorted(points):
        if ranges and ranges[-1][1] >= c - 1:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], c))
        else:
            ranges.append((c, c))
    return ranges


_NOT_STARTING = _merged([c for a, b in SEPARATORS for c in range(a, b + 1)] + list(DIACRITICS))
#: Body of a class matching any separator.
SEPARATOR_CLASS = _class(SEPARATORS)
#: Body of a class matching the diacritics that continue a token but cannot start one.
DIACRITIC_CLASS = _class([(c, c) for c in DIACRITICS])
# A character that starts a token: a class of the BMP ones (compiled as a bitmap, fast),
# or an astral character outside the astral separators.
_ASTRAL_SEPARATORS = [(a, b) for a, b in SEPARATORS if b >= _ASTRAL]
_STARTER = (
    f"(?:[{_class(_complement(_NOT_STARTING, _ASTRAL))}]"
    f"|(?=[\\U{_ASTRAL:08x}-\\U0010ffff])[^{_class(_ASTRAL_SEPARATORS)}])"
)
_TOKEN = re.compile(f"{_STARTER}(?:{_STARTER}|[{DIACRITIC_CLASS}])*")
_DIACRITIC_SET = frozenset(chr(c) for c in DIACRITICS)
_FOLD = str.maketrans({**{chr(a): chr(b) for a, b in FOLDS.items()},
                       **{chr(c): None for c in DIACRITICS}})


def fold(word: str) -> str:
    """The key of a token (``word`` made of token characters only)."""
    key = word.lower() if word.isascii() else word.translate(_FOLD)
    if len(key) * 4 > MAX_KEY_BYTES:
        cut = key.encode("utf-8")[:MAX_KEY_BYTES]
        key = cut.decode("utf-8", "surrogateescape")
    return key


def tokens(text: str) -> list[Token]:
    """Every token of ``text``, in order, with its key (what FTS5 indexes)."""
    return [Token(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]


def token_words(text: str) -> list[tuple[int, str]]:
    """Every token of ``text`` as ``(start, text as written)``, in order."""
    return [(m.start(), m.group()) for m in _TOKEN.finditer(text)]


def token_starts(text: str) -> list[int]:
    """Where each token of ``text`` starts, in order (cheaper than :func:`tokens`)."""
    return [m.start() for m in _TOKEN.finditer(text)]


def starts_token(text: str, position: int) -> bool:
    """Whether a token starts at ``position`` given what precedes it: the text start, a
    separator, or diacritics that follow one (diacritics after a token character
    continue that token). The character at ``position`` itself is not checked."""
    before = position - 1
    while before >= 0 and text[before] in _DIACRITIC_SET:
        before -= 1
    return before < 0 or _TOKEN.match(text[before]) is None


@lru_cache(maxsize=4096)
def _spellings(key_char: str) -> str:
    """Body of a class of every character that folds to ``key_char``."""
    target = ord(key_char)
    points = [a for a, b in FOLDS.items() if b == target]
    if FOLDS.get(target, target) == target:
        points.append(target)
    return _class(_merged(points))


@lru_cache(maxsize=1024)
def term_pattern(keys: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    """A pattern matching the phrase of these token keys wherever the index has it, as
    written: each key's characters in any spelling that folds to them, with diacritics
    between, separators between the tokens; with ``prefix`` the last key begins a token
    and the match runs to that token's end. A match must still pass
    :func:`starts_token` at its start (a preceding diacritic is not checked here)."""
    diacritics = f"[{DIACRITIC_CLASS}]*"
    # Just before the first character: no token character (a diacritic is checked after).
    at_start = f"(?<![^{SEPARATOR_CLASS}{DIACRITIC_CLASS}].)"
    spelled: list[str] = []
    for key in keys:
        characters = [f"[{_spellings(ch)}]" for ch in key]
        if not spelled:
            characters[0] += at_start
        spelled.append(diacritics.join(characters) + diacritics)
    pattern = f"[{SEPARATOR_CLASS}][{SEPARATOR_CLASS}{DIACRITIC_CLASS}]*".join(spelled)
    pattern += f"[^{SEPARATOR_CLASS}]*" if prefix else f"(?![^{SEPARATOR_CLASS}])"
    return re.compile(pattern, re.DOTALL)
