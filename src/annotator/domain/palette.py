"""Tag colours: a palette that colour-blind readers can tell apart.

The first eight are Okabe & Ito's palette (2008), the rest Paul Tol's "muted" set; a new
tag takes the first colour no tag uses yet, then the palette repeats.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

PALETTE: tuple[str, ...] = (
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999",
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255",
)

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def next_color(used: Iterable[str]) -> str:
    """The first palette colour not in ``used`` (or cycling when all are used)."""
    used_list = [c.lower() for c in used]
    taken = set(used_list)
    for color in PALETTE:
        if color not in taken:
            return color
    return PALETTE[len(used_list) % len(PALETTE)]


def coder_colors(coders: Iterable[str]) -> dict[str, str]:
    """A colour for each coder that does not change between sessions: each name's
    preferred palette colour comes from a checksum of the name (never Python's salted
    ``hash``); when two names want the same colour, the one first by name keeps it and
    the other takes the next free one, so up to ``len(PALETTE)`` coders never share one."""
    names = sorted(set(coders), key=lambda name: (name.casefold(), name))
    taken: dict[int, str] = {}
    colors: dict[str, str] = {}
    for name in names:
        slot = zlib.crc32(name.encode("utf-8")) % len(PALETTE)
        for step in range(len(PALETTE)):
            if (slot + step) % len(PALETTE) not in taken:
                slot = (slot + step) % len(PALETTE)
                break
        taken[slot] = name
        colors[name] = PALETTE[slot]
    return colors


def is_color(value: str) -> bool:
    """``True`` for a ``#rrggbb`` colour."""
    return bool(_HEX.fullmatch(value))
