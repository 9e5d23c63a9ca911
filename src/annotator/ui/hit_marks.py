"""The search's hits in the open document: framed in the text, and stepped through.

The hits are found in the shown text by the same :class:`~annotator.domain.search_hits.HitFinder`
as the keyword-in-context list, so both agree. They are drawn as a frame around the
words on a transparent layer over the editor (never as a background: the tag colours
under a hit stay visible, and the document's formats are not touched). The current hit
is also the editor's selection, so a tag applied at once codes it.

:class:`HitBar` sits above the text while the document has hits: previous/next buttons
and "hit 3 of 17"; F3 and Shift+F3 (the window's actions) step too, wrapping around.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QTextBlock
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from ..domain.offsets import Utf16Index
from ..domain.search_hits import HitFinder
from ..domain.search_query import QuerySyntaxError, parse_query
from ..domain.wording import plural
from .editor import HighlightEditor

#: The frame of a hit: a saturated orange that no tag colour of the palette uses.
HIT_COLOR = QColor("#e8590c")
HIT_FILL = QColor(232, 89, 12, 28)  # a faint tint: the tag colour still shows through


class HitNavigator(QObject):
    """The hits of one query in the editor's document, and which one is current.

    Signals:
        hitsChanged(): the hits were found again (another document or query).
        currentChanged(int): the current hit's index (-1: none).
    """

    hitsChanged = Signal()
    currentChanged = Signal(int)

    def __init__(self, editor: HighlightEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._finder: HitFinder | None = None
        self._query: str | None = None
        self.spans: list[tuple[int, int]] = []  # code points into the stored text
        self.current = -1
        editor.documentShown.connect(self._find)

    @property
    def index(self) -> Utf16Index:
        """The editor's conversion of offsets (the shown text's)."""
        return self.editor.offsets

    def set_query(self, text: str) -> None:
        """Mark the hits of ``text`` (nothing when it is empty or malformed); the same
        query again (the filter changed elsewhere) changes nothing."""
        if text == self._query:
            return
        self._query = text
        try:
            self._finder = HitFinder(parse_query(text)) if text.strip() else None
        except QuerySyntaxError:
            self._finder = None
        self._find()

    def _find(self, _document_id: int = 0) -> None:
        text = self.editor.text  # the shown document's, or ''
        found = self._finder.hits(text) if self._finder is not None and text else None
        self.spans = list(found or ())
        self.current = -1
        self.hitsChanged.emit()
        self.currentChanged.emit(-1)

    def step(self, by: int) -> bool:
        """Select the next (``by`` 1) or previous (-1) hit after or before the cursor,
        wrapping around; False when the document has none."""
        if not self.spans:
            return False
        if self.current >= 0:
            position = (self.current + by) % len(self.spans)
        else:
            cursor = self.index.to_code_point(self.editor.textCursor().selectionStart())
            after = bisect_left(self.spans, (cursor, cursor))
            position = after % len(self.spans) if by > 0 else (after - 1) % len(self.spans)
        self.go_to(position)
        return True

    def go_to(self, position: int) -> None:
        """Select hit number ``position`` (0-based)."""
        start, end = self.spans[position]
        self.editor.select_span(start, end)
        self.current = position
        self.currentChanged.emit(position)

    def select_at(self, start: int, end: int) -> None:
        """The hit ``start..end`` was selected from elsewhere (the results list)."""
        position = bisect_left(self.spans, (start, end))
        if position < len(self.spans) and self.spans[position] == (start, end):
            self.current = position
            self.currentChanged.emit(position)


class HitFrames(QWidget):
    """A transparent layer over the editor's viewport that frames the hits."""

    def __init__(self, navigator: HitNavigator) -> None:
        editor = navigator.editor
        super().__init__(editor.viewport())
        self.setObjectName("hitFrames")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._navigator = navigator
        self._editor = editor
        editor.viewport().installEventFilter(self)
        editor.updateRequest.connect(self._follow)
        navigator.hitsChanged.connect(self.update)
        self._follow()

    def _follow(self, *_: object) -> None:
        # Scrolling the viewport (QWidget.scroll) moves its children: put the layer back.
        self.setGeometry(self._editor.viewport().rect())
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._follow()
        return False

    def rectangles(self) -> list[QRectF]:
        """The frames on screen (viewport coordinates), one per line a hit spans."""
        navigator, editor = self._navigator, self._editor
        if not navigator.spans:
            return []
        document, offset = editor.document(), editor.contentOffset()
        first, bottom = editor.firstVisibleBlock(), editor.viewport().height()
        # A hit starting in the block above the first visible one may reach into it.
        begin = bisect_left(navigator.spans, (navigator.index.to_code_point(first.position()), 0))
        rects: list[QRectF] = []
        for start, end in navigator.spans[max(0, begin - 1):]:
            qt_start, qt_end = navigator.index.to_utf16(start), navigator.index.to_utf16(end)
            block = document.findBlock(qt_start)
            if editor.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            while block.isValid() and block.position() < qt_end:
                geometry = editor.blockBoundingGeometry(block).translated(offset)
                rects.extend(_line_rects(block, geometry.topLeft(), qt_start, qt_end))
                block = block.next()
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        rects = self.rectangles()
        if not rects:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(HIT_COLOR, 1.6))
        painter.setBrush(HIT_FILL)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-1.5, 0.5, 1.5, -0.5), 3, 3)
        painter.end()


def _line_rects(block: QTextBlock, origin: object, qt_start: int,
                qt_end: int) -> list[QRectF]:
    """The parts of ``qt_start..qt_end`` on each laid-out line of ``block``."""
    layout = block.layout()
    start = max(qt_start - block.position(), 0)
    end = min(qt_end - block.position(), block.length() - 1)
    rects = []
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        left, right = max(start, line.textStart()), min(end, line.textStart() + line.textLength())
        if left >= right:
            continue
        x_left, x_right = line.cursorToX(left)[0], line.cursorToX(right)[0]
        rect = QRectF(x_left, line.y(), x_right - x_left, line.height())
        rects.append(rect.translated(origin + layout.position()))  # type: ignore[operator]
    return rects


class HitBar(QFrame):
    """Above the text while the document has hits: previous, next, "hit 3 of 17"."""

    def __init__(self, navigator: HitNavigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hitBar")
        self._navigator = navigator
        self.previous_button = QToolButton(self)
        self.previous_button.setText("▲")
        self.previous_button.setToolTip("Previous hit (Shift+F3)")
        self.next_button = QToolButton(self)
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next hit (F3)")
        self.label = QLabel(self)
        self.label.setObjectName("hitPosition")
        swatch = QLabel(self)
        swatch.setFixedSize(14, 14)
        swatch.setStyleSheet(f"border: 2px solid {HIT_COLOR.name()}; border-radius: 3px;")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 2, 16, 4)
        row.setSpacing(6)
        row.addWidget(swatch)
        row.addWidget(self.label)
        row.addStretch(1)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        self.previous_button.clicked.connect(lambda: navigator.step(-1))
        self.next_button.clicked.connect(lambda: navigator.step(1))
        navigator.hitsChanged.connect(self._show)
        navigator.currentChanged.connect(self._show)
        self._show()

    def _show(self, *_: object) -> None:
        count = len(self._navigator.spans)
        self.setVisible(count > 0)
        current = self._navigator.current
        self.label.setText(f"hit {current + 1} of {count}" if current >= 0
                           else f"{plural(count, 'hit')} in this document — F3 for the next")
