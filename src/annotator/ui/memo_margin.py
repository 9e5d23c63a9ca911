"""Span memos in the editor's left margin: a note mark where each starts and a thin bar
along the lines it covers; a click on the mark opens the memo, hovering shows it.

The margin is an overlay on the editor's viewport, inside the document margin (the text
starts further right), so it adds nothing to the editor itself; positions go through the
editor's one offset conversion (``HighlightEditor.cursor_at``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ..domain.memos import Memo, memo_summary
from ..domain.model import Changes
from ..services.project import Project
from .editor import HighlightEditor

MARGIN_WIDTH = 24
MARK_SIZE = 13
MARK_COLOR = QColor("#e0a526")
MARK_EDGE = QColor("#a8741a")


#: Bars of overlapping span memos stand side by side, this many pixels apart (at most
#: ``LANES`` of them; more share the last).
LANE_STEP, LANES = 4, 3


@dataclass(frozen=True)
class _Mark:
    """A span memo with the blocks (lines of the stored text) its span runs over, and the
    lane of its bar (0: next to the text)."""

    memo: Memo
    first_block: int
    last_block: int
    lane: int = 0


def bar_lanes(spans: list[tuple[int, int]]) -> list[int]:
    """A lane for each span (sorted by start) so that overlapping spans get different
    lanes where possible: the first lane whose last span has ended."""
    ends: list[int] = []
    lanes = []
    for start, end in spans:
        lane = next((i for i, last in enumerate(ends) if last <= start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        lanes.append(min(lane, LANES - 1))
    return lanes


class MemoMargin(QWidget):
    """Marks of the shown document's span memos (see the module).

    Signals:
        memoClicked(int): the mark of a span memo (its id) was clicked.
    """

    memoClicked = Signal(int)

    def __init__(self, editor: HighlightEditor, project: Project) -> None:
        super().__init__(editor.viewport())
        self.setObjectName("memoMargin")
        self._editor, self._project = editor, project
        self._marks: list[_Mark] = []
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        editor.viewport().installEventFilter(self)
        editor.updateRequest.connect(lambda *_: self.update())
        editor.documentShown.connect(lambda _id: self.reload())
        self._fit()
        self.show()

    @property
    def memos(self) -> list[Memo]:
        """The span memos marked now, by start."""
        return [mark.memo for mark in self._marks]

    def reload(self) -> None:
        """Read the shown document's span memos again."""
        document_id = self._editor.document_id
        memos = self._project.memos.spans_in(document_id) if document_id is not None else []
        editor = self._editor
        lanes = bar_lanes([(m.start or 0, m.end or 0) for m in memos])
        self._marks = [_Mark(m, editor.cursor_at(m.start or 0).blockNumber(),
                             editor.cursor_at(m.end or 0).blockNumber(), lane)
                       for m, lane in zip(memos, lanes, strict=True)]
        self.update()

    def on_changes(self, changes: Changes) -> None:
        if changes.memos or changes.documents.deleted:
            self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        self.setGeometry(0, 0, MARGIN_WIDTH, self._editor.viewport().height())

    # -- geometry ---------------------------------------------------------------------------
    def mark_rects(self) -> list[tuple[Memo, QRect, QRect]]:
        """Each visible span memo with its mark and its bar, in this widget's coordinates."""
        editor = self._editor
        first_block = editor.firstVisibleBlock()
        first = first_block.blockNumber()
        bottom = self.height()
        last, block = first, first_block
        while block.isValid() and editor.blockBoundingGeometry(block).translated(
                editor.contentOffset()).top() <= bottom:
            last, block = block.blockNumber(), block.next()
        found = []
        for mark in self._marks:
            if mark.last_block < first or mark.first_block > last:
                continue
            top = editor.cursorRect(editor.cursor_at(mark.memo.start or 0)).top()
            end = editor.cursorRect(editor.cursor_at(mark.memo.end or 0)).bottom()
            icon = QRect(3, top + 2, MARK_SIZE, MARK_SIZE)
            bar = QRect(MARGIN_WIDTH - 5 - LANE_STEP * mark.lane, top + 1, 3,
                        max(end - top - 1, MARK_SIZE))
            found.append((mark.memo, icon, bar))
        return found

    def memo_at(self, point: QPoint) -> Memo | None:
        """The span memo whose mark or bar is under ``point`` (the mark wins)."""
        rects = self.mark_rects()
        for memo, icon, _ in rects:
            if icon.adjusted(-2, -2, 2, 2).contains(point):
                return memo
        for memo, _, bar in rects:
            if bar.adjusted(-3, 0, 3, 0).contains(point):
                return memo
        return None

    # -- painting and events ----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for memo, icon, bar in self.mark_rects():
            painter.fillRect(bar, MARK_COLOR.lighter(115))
            painter.setPen(QPen(MARK_EDGE, 1))
            painter.setBrush(MARK_COLOR if memo.text.strip() else QColor("#ffffff"))
            painter.drawRoundedRect(icon, 2, 2)
            painter.setPen(QPen(MARK_EDGE.darker(130), 1))
            for step in (4, 7, 10):  # lines of writing on the note
                y = icon.top() + step
                painter.drawLine(icon.left() + 3, y, icon.right() - 3, y)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        memo = self.memo_at(event.position().toPoint())
        if memo is not None and event.button() == Qt.MouseButton.LeftButton:
            self.memoClicked.emit(memo.id)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.memo_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            memo = self.memo_at(event.pos())
            if memo is not None:
                text = html.escape(memo_summary(memo.text, 300) or "(an empty memo)")
                QToolTip.showText(event.globalPos(), f"<p><b>Memo by {html.escape(memo.author)}"
                                  f"</b><br>{text}</p>", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
