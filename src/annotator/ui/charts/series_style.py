"""How the timeline tells its series apart.

Unsplit, a series is a tag, drawn in the tag's colour. Split by a variable, a series is a
tag within one group (a value of the variable): the colour says the value, the same for
every tag, and the line style (for bars, the fill pattern) and marker say the tag. With
two tags of eight values that gives eight colours a colour-blind reader can tell apart
and two kinds of line, instead of sixteen shades of two colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from ...domain.wording import plural

#: Colours of the values, in the variable's order: Okabe & Ito's palette without its
#: yellow (too pale for a line on white), then Paul Tol's darker "muted" colours.
VALUE_COLORS: tuple[str, ...] = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#332288",
    "#882255", "#117733", "#999933", "#44aa99", "#aa4499",
)
#: Documents without a value: a neutral grey, whatever the number of values.
NO_VALUE_COLOR = "#8c8c8c"
#: Per tag, in the order the tags are drawn (cycling after four).
LINE_STYLES: tuple[Qt.PenStyle, ...] = (
    Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
)
SYMBOLS: tuple[str, ...] = ("o", "s", "t", "d")
FILLS: tuple[Qt.BrushStyle, ...] = (
    Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.Dense4Pattern,
    Qt.BrushStyle.DiagCrossPattern,
)
NO_VALUE = "no value"


def value_label(value: str | None) -> str:
    """A group's value as shown (``no value`` for documents without one)."""
    return NO_VALUE if value is None else value


@dataclass(frozen=True)
class Series:
    """One drawn series: a tag, or a tag within a group of a split (``split`` true, and
    ``group`` its value, ``None`` for documents without a value, and ``documents`` the
    group's documents); ``color`` is ``#rrggbb``."""

    tag_id: int
    tag: str
    split: bool
    group: str | None
    label: str
    color: str
    line: Qt.PenStyle
    symbol: str
    fill: Qt.BrushStyle
    documents: int = 0

    @property
    def name(self) -> str:
        """The tag, and the value when split (the legend's label without its count)."""
        return f"{self.tag} · {value_label(self.group)}" if self.split else self.tag


def tag_series(tag_id: int, tag: str, color: str) -> Series:
    """An unsplit series: the tag in its colour, solid."""
    return Series(tag_id, tag, False, None, tag, color, LINE_STYLES[0], SYMBOLS[0],
                  FILLS[0])


def group_series(tag_id: int, tag: str, tag_index: int, group: str | None,
                 group_index: int, documents: int) -> Series:
    """A tag within a group: the colour of the group's place among the variable's
    values (``group_index``), the line style and marker of the tag's place among the
    tags drawn (``tag_index``). The label names the tag, the value and its documents:
    ``water · RT (48 documents)``."""
    color = NO_VALUE_COLOR if group is None else VALUE_COLORS[group_index % len(VALUE_COLORS)]
    label = f"{tag} · {value_label(group)} ({plural(documents, 'document')})"
    return Series(tag_id, tag, True, group, label, color,
                  LINE_STYLES[tag_index % len(LINE_STYLES)], SYMBOLS[tag_index % len(SYMBOLS)],
                  FILLS[tag_index % len(FILLS)], documents)
