"""Highlights painted as an overlay: a ``QSyntaxHighlighter`` that looks up each block's spans.

Nothing is written into the document's formats; the painter colours text at layout time.
Where highlights overlap, the covered text gets a stronger, blended background and an
underline in the colour of the next tag, so every layer stays distinguishable; a highlight
with several tags shows the blend of its tags' colours with an underline in the second.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

NO_TAG_COLOR = "#b0b0b0"


@dataclass(frozen=True)
class PaintedSpan:
    """A highlight in UTF-16 positions of the ``QTextDocument`` with its tag colours."""

    highlight_id: int
    start: int
    end: int
    colors: tuple[str, ...]


def blend(colors: list[QColor], strength: float) -> QColor:
    """The average of ``colors`` mixed with white; ``strength`` 0..1 is how much colour."""
    r = sum(c.redF() for c in colors) / len(colors)
    g = sum(c.greenF() for c in colors) / len(colors)
    b = sum(c.blueF() for c in colors) / len(colors)
    return QColor.fromRgbF(
        1 - strength * (1 - r), 1 - strength * (1 - g), 1 - strength * (1 - b)
    )


class HighlightPainter(QSyntaxHighlighter):
    """Paints :class:`PaintedSpan` s over a document; call :meth:`set_spans` to change them."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: list[PaintedSpan] = []
        self._by_block: dict[int, list[PaintedSpan]] = {}
        self._selected: int | None = None

    def set_spans(self, spans: list[PaintedSpan], selected: int | None = None) -> None:
        """Replace the painted spans (and which highlight is selected) and repaint."""
        self._spans = sorted(spans, key=lambda s: (s.start, s.end))
        self._selected = selected
        self._by_block = {}
        doc = self.document()
        for span in self._spans:
            first = doc.findBlock(span.start).blockNumber()
            last = doc.findBlock(max(span.start, span.end - 1)).blockNumber()
            for number in range(first, last + 1):
                self._by_block.setdefault(number, []).append(span)
        self.rehighlight()

    def set_selected(self, highlight_id: int | None) -> None:
        if highlight_id != self._selected:
            self._selected = highlight_id
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        spans = self._by_block.get(block.blockNumber())
        if not spans:
            return
        base = block.position()
        length = len(text.encode("utf-16-le")) // 2
        cuts = sorted(
            {0, length}
            | {min(max(s.start - base, 0), length) for s in spans}
            | {min(max(s.end - base, 0), length) for s in spans}
        )
        starts = [s.start - base for s in spans]
        for left, right in pairwise(cuts):
            if left == right:
                continue
            limit = bisect_right(starts, left)
            covering = [s for s in spans[:limit] if s.end - base > left]
            if covering:
                self.setFormat(left, right - left, self._format(covering))

    def _format(self, covering: list[PaintedSpan]) -> QTextCharFormat:
        colors = [QColor(c) for span in covering for c in (span.colors or (NO_TAG_COLOR,))]
        selected = any(s.highlight_id == self._selected for s in covering)
        strength = min(0.38 + 0.17 * (len(covering) - 1), 0.75)
        if selected:
            strength = min(strength + 0.25, 0.85)
        fmt = QTextCharFormat()
        fmt.setBackground(blend(colors, strength))
        distinct = list(dict.fromkeys(c.name() for c in colors))
        if len(covering) > 1 or len(distinct) > 1:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            underline = distinct[1] if len(distinct) > 1 else distinct[0]
            fmt.setUnderlineColor(QColor(underline).darker(130))
        if selected:
            fmt.setForeground(QColor("#000000"))
        return fmt
