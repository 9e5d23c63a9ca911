"""Highlights painted as an overlay: a ``QSyntaxHighlighter`` that looks up each block's spans.

Nothing is written into the document's formats; the painter colours text at layout time.
Where highlights overlap, the covered text gets a stronger, blended background and an
underline in the colour of the next tag, so every layer stays distinguishable; a highlight
with several tags shows the blend of its tags' colours with an underline in the second.
Coloured by coder, each highlight takes its coder's colour instead of its tags'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice, pairwise

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from ..domain.offsets import Utf16Index
from ..domain.span_index import HighlightSpan, SpanIndex

NO_TAG_COLOR = "#b0b0b0"
#: Blocks painted at once when a document opens (more than a tall screen shows).
SCREEN_BLOCKS = 120
#: Blocks painted per idle turn of the event loop after that.
BATCH_BLOCKS = 300


def blend(colors: list[QColor], strength: float) -> QColor:
    """The average of ``colors`` mixed with white; ``strength`` 0..1 is how much colour."""
    r = sum(c.redF() for c in colors) / len(colors)
    g = sum(c.greenF() for c in colors) / len(colors)
    b = sum(c.blueF() for c in colors) / len(colors)
    return QColor.fromRgbF(
        1 - strength * (1 - r), 1 - strength * (1 - g), 1 - strength * (1 - b)
    )


class HighlightPainter(QSyntaxHighlighter):
    """Paints a :class:`SpanIndex` of highlights over a document.

    Nothing is computed per highlight up front: when Qt lays out a block, the painter
    asks the index for the spans over that block's text (a binary search) and converts
    only those to the document's UTF-16 positions. :meth:`set_spans` (a document was
    opened) paints the screen at once and the other blocks while the event loop is idle;
    :meth:`repaint_spans` and :meth:`set_selected` repaint only the blocks they touch, so
    tagging in a book-length, densely coded document stays instant.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._paint_some)
        self._spans = SpanIndex()
        self._index = Utf16Index("")
        self._colors: dict[int, str] = {}
        self._span_colors: Mapping[int, str] | None = None
        self._selected: int | None = None
        #: Block numbers waiting for their first paint (an ordered set).
        self._pending: dict[int, None] = {}
        #: Block numbers that carry formats now (they must be repainted to be cleared).
        self._painted: set[int] = set()
        self._formats: dict[tuple[tuple[str, ...], int, bool], QTextCharFormat] = {}

    def set_spans(self, spans: SpanIndex, index: Utf16Index, colors: Mapping[int, str],
                  selected: int | None, first_visible: int,
                  span_colors: Mapping[int, str] | None = None) -> None:
        """Paint ``spans`` (code points; ``index`` converts them to the document's
        positions) in their tags' ``colors``, with ``selected`` stronger; with
        ``span_colors`` (highlight id -> colour, e.g. its coder's), in those instead. The
        painter reads ``span_colors`` as it paints, like ``spans``.

        The painter reads ``spans`` when it paints: whoever changes it calls
        :meth:`repaint_spans` with the spans that changed. The blocks from
        ``first_visible`` (a block number) on that fill a screen are painted at once and
        the others in small batches while the event loop is idle, so a book-length,
        densely coded document shows without waiting.
        """
        self._spans, self._index, self._colors = spans, index, dict(colors)
        self._span_colors = span_colors
        self._selected = selected
        self._timer.stop()
        count = self.document().blockCount()
        screen = range(first_visible, min(first_visible + SCREEN_BLOCKS, count))
        self._rehighlight_blocks(screen)
        if not spans and not self._painted:
            self._pending = {}  # nothing to paint, nothing to clear
            return
        self._pending = dict.fromkeys(n for n in range(count) if n not in screen)
        if self._pending:
            self._timer.start()

    def paint_now(self, numbers: range) -> None:
        """Paint these blocks now if they are still waiting (the view scrolled there)."""
        due = [n for n in numbers if n in self._pending]
        for number in due:
            del self._pending[number]
        self._rehighlight_blocks(due)

    @property
    def pending(self) -> int:
        """How many blocks still wait for their first paint."""
        return len(self._pending)

    def _paint_some(self) -> None:
        batch = list(islice(self._pending, BATCH_BLOCKS))
        for number in batch:
            del self._pending[number]
        doc = self.document()
        for number in batch:
            block = doc.findBlockByNumber(number)
            if block.isValid() and (number in self._painted or self._spans_of(block)):
                self.rehighlightBlock(block)
        if not self._pending:
            self._timer.stop()

    def forget(self) -> None:
        """Drop every span without repainting; call it before the document's text is
        replaced."""
        self._timer.stop()
        self._spans, self._selected, self._pending, self._painted = SpanIndex(), None, {}, set()

    def repaint_spans(self, spans: Iterable[HighlightSpan]) -> None:
        """Repaint the blocks under these spans (added, changed, or removed ones at their
        old places) after the index changed."""
        doc, index = self.document(), self._index
        touched: set[int] = set()
        for span in spans:
            first = doc.findBlock(index.to_utf16(span.start)).blockNumber()
            last = doc.findBlock(index.to_utf16(span.end) - 1).blockNumber()
            touched.update(range(max(first, 0), max(last, 0) + 1))
        for number in touched:
            self._pending.pop(number, None)
        self._rehighlight_blocks(sorted(touched))

    def set_selected(self, highlight_id: int | None) -> None:
        """Mark one highlight as selected (repaints its blocks and the previous one's)."""
        if highlight_id == self._selected:
            return
        spans = [self._spans.get(self._selected), self._spans.get(highlight_id)]
        self._selected = highlight_id
        self.repaint_spans(s for s in spans if s is not None)

    def _rehighlight_blocks(self, numbers: Iterable[int]) -> None:
        doc = self.document()
        for number in numbers:
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def _spans_of(self, block: QTextBlock) -> list[HighlightSpan]:
        base, length = block.position(), block.length() - 1
        if length <= 0:
            return []
        index = self._index
        return self._spans.overlapping(index.to_code_point(base),
                                       index.to_code_point(base + length))

    def highlightBlock(self, text: str) -> None:
        if not self._spans:  # nothing to paint (also while a new text is being set)
            return
        block = self.currentBlock()
        spans = self._spans_of(block)
        if not spans:
            self._painted.discard(block.blockNumber())
            return
        self._painted.add(block.blockNumber())
        base, length, index = block.position(), block.length() - 1, self._index
        bounds = [(max(index.to_utf16(s.start) - base, 0), min(index.to_utf16(s.end) - base,
                                                                length), s) for s in spans]
        cuts = sorted({0, length, *(b[0] for b in bounds), *(b[1] for b in bounds)})
        active: list[tuple[int, int, HighlightSpan]] = []
        waiting = 0
        for left, right in pairwise(cuts):
            while waiting < len(bounds) and bounds[waiting][0] <= left:
                active.append(bounds[waiting])
                waiting += 1
            active = [b for b in active if b[1] > left]
            if active:
                self.setFormat(left, right - left, self._format([b[2] for b in active]))

    def _format(self, covering: list[HighlightSpan]) -> QTextCharFormat:
        colors = tuple(c for span in covering for c in self._colors_of(span))
        selected = any(s.id == self._selected for s in covering)
        key = (colors, len(covering), selected)
        cached = self._formats.get(key)
        if cached is None:
            cached = self._formats[key] = _make_format(colors, len(covering), selected)
        return cached

    def _colors_of(self, span: HighlightSpan) -> tuple[str, ...]:
        if self._span_colors is not None:
            return (self._span_colors.get(span.id, NO_TAG_COLOR),)
        colors = tuple(self._colors[t] for t in span.tag_ids if t in self._colors)
        return colors or (NO_TAG_COLOR,)


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
