"""The highlight-and-tag editor: a read-only plain-text view of one document.

Offsets: Qt counts UTF-16 units, highlights are stored in code points. Conversions go
through one :class:`~annotator.domain.offsets.Utf16Index` per document: the editor's
``_to_stored``/``_to_qt`` pair, and the painter, which is handed the same index. The
stored text has ``\\n`` line breaks only, so positions in the ``QTextDocument`` are UTF-16
positions of the stored text.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from ..domain.errors import NotFoundError
from ..domain.memos import MemoPlace
from ..domain.model import Changes, Delta, Highlight, Tag
from ..domain.offsets import Utf16Index
from ..domain.span_index import HighlightSpan, SpanIndex
from ..domain.spans import snap_to_words
from .coder_view import CoderView
from .coding_commands import CodeSelectionCommand
from .commands import (
    ChangeHighlightTagsCommand,
    DeleteHighlightCommand,
    UndoContext,
)
from .editor_menus import add_highlight_menu, add_tag_menu, tooltip_html
from .highlight_painter import SCREEN_BLOCKS, HighlightPainter
from .memo_commands import SaveMemoCommand

#: Above this many changed highlights the editor re-reads its document's highlights.
INCREMENTAL_LIMIT = 200
READING_FONTS = ["Noto Serif", "Source Serif Pro", "Georgia", "DejaVu Serif", "serif"]


class HighlightEditor(QPlainTextEdit):
    """Shows a document read-only with its highlights; turns selections into highlights.

    Signals:
        tagShortcutPressed(int): a number key 1–9 was pressed (0-based index); the window
            maps it to a tag of the tag panel and calls :meth:`apply_tags`.
        documentShown(int): a document (its id) is now displayed; 0 when cleared.
        highlightSelected(int): the current highlight changed (0: none).
        memoRequested(int): the user asked to write the memo of a highlight (its id).
        menuAboutToShow(QMenu): the context menu is built; listeners may add to it.
    """

    tagShortcutPressed = Signal(int)
    documentShown = Signal(int)
    highlightSelected = Signal(int)
    memoRequested = Signal(int)
    menuAboutToShow = Signal(QMenu)

    def __init__(self, context: UndoContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor")
        self._context = context
        self.document_id: int | None = None
        self._text = ""
        self._index = Utf16Index("")
        self._spans = SpanIndex()
        self._tags: dict[int, Tag] = {}
        self._current: int | None = None
        self._exact_selection = False
        self.snap_to_words = True
        self._painter = HighlightPainter(self.document())
        #: Which coders are shown and how they are coloured (see :mod:`.coder_view`).
        self.coder_view = CoderView(context.project, self)
        self._coder_of: dict[int, str] = {}  # read only while the coder view needs it
        self._span_colors: dict[int, str] | None = None
        self.coder_view.changed.connect(self._reload_highlights)
        self._setup_view()
        context.signals.changed.connect(self._on_changed)
        context.signals.reloaded.connect(self._on_reloaded)

    def _setup_view(self) -> None:
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFont()
        font.setFamilies(READING_FONTS)
        font.setPointSizeF(12.5)
        self.setFont(font)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDocumentMargin(28)
        self.setPlaceholderText("Open a document from the list to read and code it.")
        self.setMouseTracking(True)
        self.verticalScrollBar().valueChanged.connect(self._paint_visible)

    def _paint_visible(self) -> None:
        """Scrolled (or jumped) to blocks still waiting for their highlights: paint now."""
        if self._painter.pending:
            first = self.firstVisibleBlock().blockNumber()
            self._painter.paint_now(range(first, first + SCREEN_BLOCKS))

    # -- the one offset conversion ------------------------------------------------------
    def _to_stored(self, utf16: int) -> int:
        return self._index.to_code_point(utf16)

    def _to_qt(self, code_point: int) -> int:
        return self._index.to_utf16(code_point)

    def cursor_at(self, code_point: int) -> QTextCursor:
        """A text cursor at stored offset ``code_point`` (for overlays such as memo marks)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._to_qt(code_point))
        return cursor

    @property
    def text(self) -> str:
        """The shown document's stored text ('' when none)."""
        return self._text

    @property
    def offsets(self) -> Utf16Index:
        """The one conversion between stored offsets (code points) and Qt's positions
        in the shown text."""
        return self._index

    # -- showing ------------------------------------------------------------------------
    def show_document(self, document_id: int) -> None:
        """Display a document (plain text, never HTML) with its highlights."""
        text = self._context.project.documents.text(document_id)
        self.document_id = document_id
        self._text = text
        self._index = Utf16Index(text)
        self._current = None
        self._painter.forget()  # so that setPlainText does not paint the old spans
        self.setPlainText(text)
        self._reload_tags()
        self._reload_highlights()
        self.documentShown.emit(document_id)

    def clear_document(self) -> None:
        self.document_id = None
        self._text, self._index, self._spans, self._current = "", Utf16Index(""), SpanIndex(), None
        self._painter.forget()
        self.setPlainText("")
        self.documentShown.emit(0)

    @property
    def highlights(self) -> list[Highlight]:
        """The shown document's highlights, by start (full records, read on demand)."""
        if self.document_id is None:
            return []
        return self._context.project.highlights.for_document(self.document_id, self._text)

    @property
    def spans(self) -> SpanIndex:
        """The shown document's highlights as spans, by start (kept up to date)."""
        return self._spans

    def shown_coders(self) -> list[str]:
        """The coders of the highlights shown now, by name ([] in the default view,
        which never reads coders)."""
        shown = {self._coder_of.get(s.id) for s in self._spans}
        return sorted((c for c in shown if c is not None), key=str.casefold)

    @property
    def current_highlight(self) -> int | None:
        return self._current

    def _reload_tags(self) -> None:
        self._tags = {t.id: t for t in self._context.project.tags.all()}

    def _reload_highlights(self) -> None:
        if self.document_id is None:
            return
        highlights = self._context.project.highlights
        spans = highlights.spans_for_document(self.document_id)
        view = self.coder_view
        self._coder_of = {} if view.is_default else highlights.coders_for_document(
            self.document_id)
        self._spans = SpanIndex(view.visible(spans, self._coder_of))
        self._span_colors = view.span_colors(self._coder_of)
        if self._spans.get(self._current) is None:
            self._set_current(None)
        colors = {tag_id: tag.color for tag_id, tag in self._tags.items()}
        self._painter.set_spans(self._spans, self._index, colors, self._current,
                                first_visible=self.firstVisibleBlock().blockNumber(),
                                span_colors=self._span_colors)

    def _update_highlights(self, delta: Delta) -> None:
        """Follow created, updated and deleted highlights without re-reading the rest."""
        if len(delta.created) + len(delta.updated) > INCREMENTAL_LIMIT:
            self._reload_highlights()
            return
        removed = set(delta.deleted)
        changed: list[HighlightSpan] = []
        for highlight_id in delta.created | delta.updated:
            try:
                h = self._context.project.highlights.get(highlight_id)
            except NotFoundError:
                removed.add(highlight_id)
                continue
            span = HighlightSpan(h.start, h.end, h.id, h.tag_ids)
            if h.document_id == self.document_id and self._follow_coder(span, h.coder):
                changed.append(span)
            else:
                removed.add(highlight_id)
        old = self._spans.update(changed, removed)
        if self._current in removed:
            self._set_current(None)
        self._painter.repaint_spans([*old, *changed])

    def _follow_coder(self, span: HighlightSpan, coder: str) -> bool:
        """Note a changed highlight's coder (and colour) for the coder view; whether it
        is shown."""
        if self.coder_view.is_default:
            return True
        self._coder_of[span.id] = coder
        if self._span_colors is not None:
            self._span_colors[span.id] = self.coder_view.colors([coder])[coder]
        return bool(self.coder_view.visible([span], self._coder_of))

    def _on_changed(self, changes: Changes) -> None:
        if self.document_id is None:
            return
        if self.document_id in changes.documents.deleted:
            self.clear_document()
            return
        if changes.tags:
            self._reload_tags()
            self._reload_highlights()
        elif changes.highlights:
            self._update_highlights(changes.highlights)

    def _on_reloaded(self) -> None:
        self.coder_view.forget_colors()
        if self.document_id is None:
            return
        if not self._context.project.documents.summaries([self.document_id]):
            self.clear_document()
            return
        self._reload_tags()
        self._reload_highlights()

    # -- selection ------------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The selection as stored offsets, snapped to words unless exact; None if empty."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.document_id is None:
            return None
        start = self._to_stored(cursor.selectionStart())
        end = self._to_stored(cursor.selectionEnd())
        if self.snap_to_words and not self._exact_selection:
            start, end = snap_to_words(self._text, start, end)
        if not self._text[start:end].strip():
            return None
        return start, end

    def select_span(self, start: int, end: int, *, scroll: bool = True) -> None:
        """Select stored offsets ``start..end`` and (with ``scroll``) centre them."""
        cursor = self.cursor_at(start)
        cursor.setPosition(self._to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if scroll:
            self.centerCursor()

    def highlight_at(self, code_point: int) -> list[Highlight]:
        """Highlights covering the character at ``code_point``, shortest first."""
        return [self._context.project.highlights.get(s.id) for s in self._spans_at(code_point)]

    def _spans_at(self, code_point: int) -> list[HighlightSpan]:
        """The spans covering ``code_point``, shortest first (no records read)."""
        return sorted(self._spans.overlapping(code_point, code_point + 1),
                      key=lambda s: s.end - s.start)

    def _set_current(self, highlight_id: int | None) -> None:
        if highlight_id != self._current:
            self._current = highlight_id
            self._painter.set_selected(highlight_id)
            self.highlightSelected.emit(highlight_id or 0)

    def select_highlight(self, highlight_id: int | None) -> None:
        """Make a highlight current (painted stronger; Delete and the menu act on it)."""
        self._set_current(highlight_id)
        found = self._spans.get(highlight_id)
        if found is not None:
            self.setTextCursor(self.cursor_at(found.start))
            self.ensureCursorVisible()

    def move_to_highlight(self, step: int) -> None:
        """Make the next (``step`` 1) or previous (-1) highlight current."""
        spans = self._spans
        if not spans:
            return
        current = spans.position(self._current) if self._current is not None else None
        if current is not None:
            position = current + step
        else:
            after = spans.first_from(self._to_stored(self.textCursor().position()))
            position = after if step > 0 else after - 1
        self.select_highlight(spans[max(0, min(position, len(spans) - 1))].id)

    # -- editing --------------------------------------------------------------------------
    def apply_tags(self, tag_ids: Iterable[int]) -> bool:
        """Apply tags to the selection (a highlight of the coder's with a tag that it
        overlaps or touches grows to take it in; see :class:`CodeSelectionCommand`), else to
        the current highlight: the coder's own gets the tags; another coder's is never
        changed (agreement needs both), its span is coded as a selection of the coder's.
        Returns whether anything was done."""
        tags = list(tag_ids)
        if not tags or self.document_id is None:
            return False
        label = self._apply_label(tags)
        span = self.selected_span()
        current = self._spans.get(self._current)
        if span is None and current is not None:
            own = self._context.project.highlights.own_with_span(
                self.document_id, current.start, current.end)
            if own != self._current:
                span = (current.start, current.end)
        if span is not None:
            command = CodeSelectionCommand(self._context, self.document_id, *span, tags, label)
            if not self._context.run(command):
                return False
            if command.highlight_id is not None:
                self._set_current(command.highlight_id)
            return True
        if self._current is None:
            self._context.signals.failed.emit("Select some text or a highlight first.")
            return False
        return self._context.run(
            ChangeHighlightTagsCommand(self._context, self._current, tags, add=True, label=label)
        )

    def _apply_label(self, tags: list[int]) -> str:
        names = ", ".join(f"'{self._tag_name(t)}'" for t in tags)
        return f"Apply tag {names}" if len(tags) == 1 else f"Apply tags {names}"

    def _tag_name(self, tag_id: int) -> str:
        tag = self._tags.get(tag_id) or self._context.project.tags.get(tag_id)
        return tag.name

    def delete_current(self) -> bool:
        if self._current is None:
            return False
        return self._context.run(DeleteHighlightCommand(self._context, self._current))

    def remove_tag(self, highlight_id: int, tag_id: int) -> bool:
        label = f"Remove tag '{self._tag_name(tag_id)}'"
        return self._context.run(
            ChangeHighlightTagsCommand(self._context, highlight_id, [tag_id], add=False,
                                       label=label)
        )

    def add_tag(self, highlight_id: int, tag_id: int) -> bool:
        label = f"Apply tag '{self._tag_name(tag_id)}'"
        return self._context.run(
            ChangeHighlightTagsCommand(self._context, highlight_id, [tag_id], add=True,
                                       label=label)
        )

    def set_memo(self, highlight_id: int, memo: str) -> bool:
        place = MemoPlace.highlight(highlight_id)
        return self._context.run(SaveMemoCommand(self._context, place, memo))

    def edit_memo(self, highlight_id: int) -> None:
        """Ask for the highlight's memo to be written (the memo panel answers)."""
        self.memoRequested.emit(highlight_id)

    # -- events ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if plain and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.tagShortcutPressed.emit(key - Qt.Key.Key_1)
            return
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._current:
            self.delete_current()
            return
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and key in (
            Qt.Key.Key_Up, Qt.Key.Key_Down
        ):
            self.move_to_highlight(1 if key == Qt.Key.Key_Down else -1)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._exact_selection = False
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.document_id is None:
            return
        cursor = self.textCursor()
        if cursor.hasSelection():
            self._exact_selection = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if self.snap_to_words and not self._exact_selection:
                span = self.selected_span()
                if span is not None:
                    self.select_span(*span, scroll=False)
            return
        position = self._to_stored(self.cursorForPosition(event.position().toPoint()).position())
        hits = self._spans_at(position)  # a click reads nothing from the project
        self._set_current(hits[0].id if hits else None)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.document_id is not None:
            pos = event.pos()  # type: ignore[attr-defined]
            viewport_pos = self.viewport().mapFrom(self, pos)
            code_point = self._to_stored(self.cursorForPosition(viewport_pos).position())
            hits = self.highlight_at(code_point)
            if hits:
                QToolTip.showText(event.globalPos(), self.tooltip_html(hits), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_html(self, hits: list[Highlight]) -> str:
        """Tags, memo and coder of each highlight, escaped (document text is never HTML)."""
        return tooltip_html(self._tags, hits)

    @property
    def undo_context(self) -> UndoContext:
        return self._context

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        code_point = self._to_stored(self.cursorForPosition(event.pos()).position())
        hits = self.highlight_at(code_point) if self.document_id is not None else []
        if self.selected_span() is not None:
            menu.addSeparator()
            add_tag_menu(self, menu, "Apply tag", self._tags.values(), None)
        for h in hits[:3]:
            add_highlight_menu(self, menu, h, self._tags)
        self.menuAboutToShow.emit(menu)
        menu.exec(event.globalPos())
        menu.deleteLater()
