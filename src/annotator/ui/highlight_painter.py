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

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

NO_TAG_COLOR = "#b0b0b0"
#: Blocks painted at once when a document opens (more than a tall screen shows).
SCREEN_BLOCKS = 120
#: Blocks painted per idle turn of the event loop after that.
BATCH_BLOCKS = 300


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
    """Paints :class:`PaintedSpan` s over a document.

    :meth:`set_spans` replaces every span (a document was opened) and repaints it all;
    :meth:`update_spans` and :meth:`set_selected` repaint only the blocks they touch, so
    tagging in a book-length, densely coded document stays instant.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._pending: list[int] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._paint_some)
        self._spans: dict[int, PaintedSpan] = {}
        self._by_block: dict[int, list[PaintedSpan]] = {}
        self._selected: int | None = None
        self._formats: dict[tuple[tuple[str, ...], int, bool], QTextCharFormat] = {}
        # Block start positions; valid until forget(), which precedes every new text.
        self._starts: list[int] | None = None

    def set_spans(self, spans: list[PaintedSpan], selected: int | None = None,
                  first_visible: int | None = None) -> None:
        """Replace every painted span (and which highlight is selected) and repaint.

        With ``first_visible`` (a block number), the blocks from there on that fill a
        screen are painted at once and the others in small batches while the event loop
        is idle, so a book-length, densely coded document shows without waiting.
        """
        self._spans = {s.highlight_id: s for s in spans}
        self._selected = selected
        self._by_block = {}
        for span in spans:
            for number in self._blocks_of(span):
                self._by_block.setdefault(number, []).append(span)
        for block_spans in self._by_block.values():
            block_spans.sort(key=lambda s: (s.start, s.end))
        self._timer.stop()
        if first_visible is None:
            self._pending = []
            self.rehighlight()
            return
        blocks = sorted(self._by_block)
        screen = [b for b in blocks if first_visible <= b < first_visible + SCREEN_BLOCKS]
        self._rehighlight_blocks(set(screen))
        shown = set(screen)
        self._pending = [b for b in blocks if b not in shown]
        if self._pending:
            self._timer.start()

    def paint_now(self, numbers: range) -> None:
        """Paint these blocks now if they are still waiting (the view scrolled there)."""
        waiting = set(self._pending)
        due = {n for n in numbers if n in waiting}
        if due:
            self._pending = [n for n in self._pending if n not in due]
            self._rehighlight_blocks(due)

    @property
    def pending(self) -> int:
        """How many blocks with highlights still wait to be painted."""
        return len(self._pending)

    def _paint_some(self) -> None:
        batch, self._pending = self._pending[:BATCH_BLOCKS], self._pending[BATCH_BLOCKS:]
        self._rehighlight_blocks(set(batch))
        if not self._pending:
            self._timer.stop()

    def forget(self) -> None:
        """Drop every span without repainting; call it before the document's text is
        replaced (the painter's block positions are forgotten too)."""
        self._timer.stop()
        self._spans, self._by_block, self._selected, self._pending = {}, {}, None, []
        self._starts = None

    def update_spans(self, changed: list[PaintedSpan], removed: set[int]) -> None:
        """Add or replace ``changed`` spans and drop the ``removed`` highlight ids,
        repainting only the blocks any of them covers (or covered)."""
        touched: set[int] = set()
        for highlight_id in removed | {s.highlight_id for s in changed}:
            old = self._spans.pop(highlight_id, None)
            if old is not None:
                for number in self._blocks_of(old):
                    self._by_block[number] = [
                        s for s in self._by_block.get(number, []) if s.highlight_id != highlight_id
                    ]
                    touched.add(number)
        for span in changed:
            self._spans[span.highlight_id] = span
            for number in self._blocks_of(span):
                spans = self._by_block.setdefault(number, [])
                spans.append(span)
                spans.sort(key=lambda s: (s.start, s.end))
                touched.add(number)
        self._rehighlight_blocks(touched)

    def set_selected(self, highlight_id: int | None) -> None:
        """Mark one highlight as selected (repaints its blocks and the previous one's)."""
        if highlight_id == self._selected:
            return
        touched: set[int] = set()
        for old_or_new in (self._selected, highlight_id):
            span = self._spans.get(old_or_new) if old_or_new is not None else None
            if span is not None:
                touched.update(self._blocks_of(span))
        self._selected = highlight_id
        self._rehighlight_blocks(touched)

    def _blocks_of(self, span: PaintedSpan) -> range:
        starts = self._block_starts()
        first = bisect_right(starts, span.start) - 1
        last = bisect_right(starts, max(span.start, span.end - 1)) - 1
        return range(max(first, 0), max(last, 0) + 1)

    def _block_starts(self) -> list[int]:
        """Where each block begins (one pass over the blocks; a bisect per span then
        replaces two ``findBlock`` calls, which cost more from Python)."""
        if self._starts is None:
            starts, block = [], self.document().begin()
            while block.isValid():
                starts.append(block.position())
                block = block.next()
            self._starts = starts
        return self._starts

    def _rehighlight_blocks(self, numbers: set[int]) -> None:
        doc = self.document()
        for number in sorted(numbers):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

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
        colors = tuple(c for span in covering for c in (span.colors or (NO_TAG_COLOR,)))
        selected = any(s.highlight_id == self._selected for s in covering)
        key = (colors, len(covering), selected)
        cached = self._formats.get(key)
        if cached is None:
            cached = self._formats[key] = _make_format(colors, len(covering), selected)
        return cached


def _make_format(colors: tuple[str, ...], layers: int, selected: bool) -> QTextCharFormat:
    """The look of text covered by ``layers`` highlights with these tag colours."""
    qcolors = [QColor(c) for c in colors]
    strength = min(0.38 + 0.17 * (layers - 1), 0.75)
    if selected:
        strength = min(strength + 0.25, 0.85)
    fmt = QTextCharFormat()
    fmt.setBackground(blend(qcolors, strength))
    distinct = list(dict.fromkeys(c.name() for c in qcolors))
    if layers > 1 or len(distinct) > 1:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        underline = distinct[1] if len(distinct) > 1 else distinct[0]
        fmt.setUnderlineColor(QColor(underline).darker(130))
    if selected:
        fmt.setForeground(QColor("#000000"))
    return fmt
