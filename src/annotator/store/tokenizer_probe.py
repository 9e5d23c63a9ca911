"""What FTS5's ``unicode61 remove_diacritics 2`` tokenizer does with each code point,
read from the SQLite library in use (its tables are compiled into SQLite, not Python).

:func:`probe_unicode61` asks SQLite, for every code point, whether it starts a token,
only continues one (a combining diacritic, folded away) or separates tokens, and what it
folds to. The answer is written once into :mod:`annotator.domain.search_token_table` by
``python -m annotator.store.tokenizer_probe``, so that the Qt-free hit finder tokenises
exactly as the index does without opening a database; a test compares that table with
this probe's answer on the SQLite in use.

How: one in-memory FTS5 table (the project's tokenizer) holds, per block of code points,
the texts ``q<c>q q<c>q ...`` and ``<c>q <c>q ...``; ``fts5vocab`` lists their tokens in
order. In the first text a separator splits ``q<c>q`` into two ``q`` tokens, anything else
gives one token ``q`` + fold(c) + ``q``; in the second a character that cannot start a
token leaves ``q`` alone.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

from .sqlite_library import sqlite3

TOKENIZER = "unicode61 remove_diacritics 2"
_BLOCK = 4096
_SURROGATES = range(0xD800, 0xE000)


@dataclass(frozen=True)
class Unicode61Table:
    """``separators``: inclusive code point ranges that end a token and never start one
    (the surrogates are included: SQLite cannot store them); ``diacritics``: code points
    that continue a token but cannot start one, folded to nothing; ``folds``: code point
    -> the code point it folds to, for those that do not fold to themselves."""

    separators: tuple[tuple[int, int], ...]
    diacritics: tuple[int, ...]
    folds: dict[int, int]


def probe_unicode61() -> Unicode61Table:
    """The tokenizer's behaviour on every code point, asked of SQLite (a few seconds)."""
    points = [c for c in range(0x110000) if c not in _SURROGATES]
    blocks = [points[i:i + _BLOCK] for i in range(0, len(points), _BLOCK)]
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE probe USING fts5 (text, tokenize = '{TOKENIZER}')")
        conn.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab (probe, instance)")
        rows = []
        for number, block in enumerate(blocks):
            rows.append((2 * number + 1, " ".join(f"q{chr(c)}q" for c in block)))
            rows.append((2 * number + 2, " ".join(f"{chr(c)}q" for c in block)))
        conn.executemany("INSERT INTO probe (rowid, text) VALUES (?, ?)", rows)
        terms: dict[int, list[str]] = {}
        for term, row in conn.execute(
                "SELECT term, doc FROM probe_terms ORDER BY doc, offset"):
            terms.setdefault(row, []).append(term)
    finally:
        conn.close()
    inside: dict[int, str | None] = {}
    starts: set[int] = set()
    for number, block in enumerate(blocks):
        surrounded = iter(terms[2 * number + 1])
        for c in block:
            term = next(surrounded)
            if term == "q":  # split in two: a separator
                next(surrounded)
                inside[c] = None
            else:
                inside[c] = term[1:-1]
        leading = terms[2 * number + 2]
        starts.update(c for c, term in zip(block, leading, strict=True) if term != "q")
    return _table(points, inside, starts)


def _table(points: list[int], inside: dict[int, str | None], starts: set[int]
           ) -> Unicode61Table:
    separators: list[tuple[int, int]] = []
    for c in sorted({*(c for c in points if inside[c] is None), *_SURROGATES}):
        if separators and separators[-1][1] == c - 1:
            separators[-1] = (separators[-1][0], c)
        else:
            separators.append((c, c))
    diacritics = tuple(c for c in points if inside[c] is not None and c not in starts)
    if any(inside[c] for c in diacritics):
        raise AssertionError("a diacritic folds to a character: the hit finder assumes not")
    folds: dict[int, int] = {}
    for c in sorted(starts):
        folded = inside[c]
        if folded is None or len(folded) != 1:
            raise AssertionError(f"U+{c:04X} folds to {folded!r}: one character expected")
        if folded != chr(c):
            folds[c] = ord(folded)
    return Unicode61Table(tuple(separators), diacritics, folds)


def table_module_source(table: Unicode61Table) -> str:
    """The source of :mod:`annotator.domain.search_token_table` for ``table``."""
    lines = [
        '"""FTS5\'s ``unicode61 remove_diacritics 2`` tokenizer as data, read from SQLite',
        f"{sqlite3.sqlite_version} by ``python -m annotator.store.tokenizer_probe``. Generated:",
        "do not edit (tests/store/test_tokenizer_probe.py compares it with the SQLite in",
        'use). See :mod:`annotator.store.tokenizer_probe` for what each name holds."""',
        "",
        "SEPARATORS: tuple[tuple[int, int], ...] = (",
        *_wrapped(f"(0x{a:X}, 0x{b:X})," for a, b in table.separators),
        ")",
        "DIACRITICS: tuple[int, ...] = (",
        *_wrapped(f"0x{c:X}," for c in table.diacritics),
        ")",
        "FOLDS: dict[int, int] = {",
        *_wrapped(f"0x{a:X}: 0x{b:X}," for a, b in sorted(table.folds.items())),
        "}",
    ]
    return "\n".join(lines) + "\n"


def _wrapped(items: Iterable[str], width: int = 96) -> list[str]:
    lines: list[str] = []
    line = "   "
    for item in items:
        if len(line) + 1 + len(item) > width:
            lines.append(line)
            line = "   "
        line += " " + item
    if line.strip():
        lines.append(line)
    return lines


if __name__ == "__main__":
    sys.stdout.write(table_module_source(probe_unicode61()))
