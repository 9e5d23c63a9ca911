"""Tag colours: a palette that colour-blind readers can tell apart.

The first eight are Okabe & Ito's palette (2008), the rest Paul Tol's "muted" set; a new
tag takes the first colour no tag uses yet, then the palette repeats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PALETTE: tuple[str, ...] = (
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999",
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255",
)

#: Coders' colours, most distinct first: strong colours only (no grey, which reads as
#: "no tag", and no pale yellow, which barely shows under text).
CODER_PALETTE: tuple[str, ...] = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#882255", "#999933",
    "#332288", "#44aa99",
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
    """A colour for each coder, given in the order in which they joined the project (their
    first highlight): the first two coders get the two most distinct colours, and a coder
    who joins later never changes an earlier coder's colour. Up to
    ``len(CODER_PALETTE)`` coders never share one (more cycle through it)."""
    ordered = list(dict.fromkeys(coders))
    return {name: CODER_PALETTE[i % len(CODER_PALETTE)] for i, name in enumerate(ordered)}


def is_color(value: str) -> bool:
    """``True`` for a ``#rrggbb`` colour."""
    return bool(_HEX.fullmatch(value))
