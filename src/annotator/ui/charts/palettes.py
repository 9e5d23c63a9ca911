"""How the timeline's series may be coloured: in the tags' own colours, in a palette a
colour-blind reader can tell apart, or in greys for print, where each series has its own
dash pattern, marker and bar hatching, so that it still reads when printed in black and
white."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from .series_style import FILLS, LINE_STYLES, VALUE_COLORS, Series

TAG_COLOURS, COLOUR_BLIND_SAFE, GREYSCALE = "Tag colours", "Colour-blind safe", "Greyscale"
PALETTES: tuple[str, ...] = (TAG_COLOURS, COLOUR_BLIND_SAFE, GREYSCALE)
#: Greys dark enough on white, in the order series get them.
GREYS: tuple[str, ...] = ("#000000", "#5a5a5a", "#8c8c8c")
#: Markers that differ in shape, not only in colour (pyqtgraph's symbol names).
GREY_SYMBOLS: tuple[str, ...] = ("o", "s", "t", "d", "x", "+", "star", "t1")
GREY_LINES: tuple[Qt.PenStyle, ...] = (*LINE_STYLES, Qt.PenStyle.DashDotDotLine)
GREY_FILLS: tuple[Qt.BrushStyle, ...] = (
    *FILLS, Qt.BrushStyle.FDiagPattern, Qt.BrushStyle.CrossPattern,
    Qt.BrushStyle.HorPattern, Qt.BrushStyle.Dense6Pattern,
)


def restyle(series: list[Series], palette: str) -> list[Series]:
    """``series`` in ``palette``. Tag colours: as made. Colour-blind safe: a split is
    already (its values' colours); unsplit, the n-th tag gets the n-th colour of
    Okabe & Ito's palette. Greyscale: the n-th series gets its own grey, dash pattern,
    marker and hatching."""
    if palette == COLOUR_BLIND_SAFE:
        if any(s.split for s in series):
            return list(series)
        return [replace(s, color=VALUE_COLORS[n % len(VALUE_COLORS)])
                for n, s in enumerate(series)]
    if palette == GREYSCALE:
        return [replace(s, color=GREYS[n % len(GREYS)], line=GREY_LINES[n % len(GREY_LINES)],
                        symbol=GREY_SYMBOLS[n % len(GREY_SYMBOLS)],
                        fill=GREY_FILLS[n % len(GREY_FILLS)])
                for n, s in enumerate(series)]
    return list(series)
