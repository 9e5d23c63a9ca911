"""The memo editor: plain text in paragraphs, saved as you type, with author and times.

A save happens :data:`SAVE_DELAY_MS` after the last keystroke, when the editor loses the
focus, when it is given another memo, before an undo or redo, and before the window
closes; each save is one transaction (durable at once) and a burst of saves is one undo
step (see ``memo_commands``). The editor's own undo is off: Ctrl+Z in it is the window's
undo, which takes back memo edits with every other edit.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..domain.memos import Memo, MemoPlace
from ..domain.model import Changes
from .commands import UndoContext
from .memo_commands import SaveMemoCommand

#: Milliseconds of quiet after a keystroke before the memo is saved.
SAVE_DELAY_MS = 700
WRITING_FONTS = ["Noto Serif", "Source Serif Pro", "Georgia", "DejaVu Serif", "serif"]
NOTE_STYLE = "color: palette(placeholder-text);"
_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def local_time(stamp: str) -> str:
    """An ISO 8601 UTC time as the user's local ``4 Dec 2026, 17:05``."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return f"{when.day} {when:%b %Y, %H:%M}"


def memo_byline(memo: Memo) -> str:
    """``By ana · written 4 Dec 2026, 17:05 · edited 5 Dec 2026, 09:12``."""
    line = f"By {memo.author or 'unknown'} · written {local_time(memo.created_at)}"
    if memo.modified_at != memo.created_at:
        line += f" · edited {local_time(memo.modified_at)}"
    return line


class MemoTextEdit(QPlainTextEdit):
    """The writing area. Undo and redo keys go to the window (after ``leaving``).

    Signals:
        leaving(): the text is about to be used elsewhere (focus lost, undo or redo
            pressed): pending typing should be saved now.
    """

    leaving = Signal()

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and (any(event.matches(key) for key in _UNDO_KEYS)
                     or event.keyCombination().toCombined() == QKeySequence("Ctrl+Shift+Z")[0]
                     .toCombined())):
            self.leaving.emit()
            event.ignore()  # the window's Undo/Redo shortcut takes it
            return True
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.leaving.emit()
        super().focusOutEvent(event)


class MemoEditor(QWidget):
    """Edits the memo of one :class:`MemoPlace` at a time (see the module for saving).

    Signals:
        saved(int): the memo was saved (its id; 0 once a place memo was emptied away).
    """

    saved = Signal(int)

    def __init__(self, context: UndoContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._place: MemoPlace | None = None
        self._memo: Memo | None = None
        self._dirty = False
        self._loading = False
        self._burst = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._build_ui()
        self.text.textChanged.connect(self._on_typed)
        self.text.leaving.connect(self._on_leaving)
        context.signals.changed.connect(self._on_changed)
        context.signals.reloaded.connect(self.reload)
        self.set_place(None, "")

    def _build_ui(self) -> None:
        self.text = MemoTextEdit(self)
        self.text.setObjectName("memoText")
        self.text.setUndoRedoEnabled(False)
        self.text.setTabChangesFocus(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont()
        font.setFamilies(WRITING_FONTS)
        font.setPointSizeF(11.5)
        self.text.setFont(font)
        self.text.document().setDocumentMargin(10)
        self.byline = QLabel(self)
        self.byline.setObjectName("memoByline")
        self.byline.setStyleSheet(NOTE_STYLE)
        self.byline.setTextFormat(Qt.TextFormat.PlainText)
        self.byline.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setStyleSheet(NOTE_STYLE)
        #: The row under the text (byline, saving status); a panel may add buttons to it.
        self.footer = QHBoxLayout()
        self.footer.setContentsMargins(2, 0, 2, 0)
        self.footer.addWidget(self.byline, 1)
        self.footer.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.text, 1)
        layout.addLayout(self.footer)

    # -- what is shown ----------------------------------------------------------------------
    @property
    def place(self) -> MemoPlace | None:
        return self._place

    @property
    def memo(self) -> Memo | None:
        """The memo as last read or saved (``None``: the place has none yet)."""
        return self._memo

    def set_place(self, place: MemoPlace | None, placeholder: str) -> None:
        """Show the memo of ``place`` (``None``: nothing to write on; ``placeholder`` then
        says why), after saving what was typed for the previous one."""
        if place == self._place and place is not None:
            return
        self.save_now()
        self._place = place
        self._burst += 1
        self.text.setPlaceholderText(placeholder)
        self.reload()

    def reload(self) -> None:
        """Read the memo again (not while unsaved typing waits: the typing wins)."""
        if self._dirty:
            return
        place = self._place
        self._memo = self._context.project.memos.at(place) if place is not None else None
        if place is not None and place.kind == "span" and self._memo is None:
            self._place = None  # the span memo is gone
        text = self._memo.text if self._memo is not None else ""
        if text != self.text.toPlainText():
            self._set_text(text)
        writable = self._place is not None and not self._context.project.read_only
        self.text.setReadOnly(not writable)
        self.text.setEnabled(self._place is not None)
        self._show_byline()

    def _set_text(self, text: str) -> None:
        position = self.text.textCursor().position()
        self._loading = True
        try:
            self.text.setPlainText(text)
        finally:
            self._loading = False
        cursor = self.text.textCursor()
        cursor.setPosition(min(position, len(self.text.toPlainText())))
        self.text.setTextCursor(cursor)

    def _show_byline(self) -> None:
        memo = self._memo
        if self._place is None:
            self.byline.setText("")
        elif memo is None:
            self.byline.setText(f"New memo by {self._context.project.coder}")
        else:
            self.byline.setText(memo_byline(memo))
        self.status.setText("Saving…" if self._dirty else "")

    # -- saving -----------------------------------------------------------------------------
    def _on_typed(self) -> None:
        if self._loading or self._place is None:
            return
        self._dirty = True
        self.status.setText("Saving…")
        self._timer.start()

    def _on_leaving(self) -> None:
        self.save_now()
        self._burst += 1  # the next typing is another undo step

    def save_now(self) -> bool:
        """Save pending typing now (one undoable step, merged into the burst's); returns
        whether something was saved. A refused save (a read-only project) keeps the text
        and shows the reason through the window."""
        self._timer.stop()
        if not self._dirty or self._place is None:
            return False
        self._dirty = False
        command = SaveMemoCommand(self._context, self._place, self.text.toPlainText(),
                                  burst=self._burst)
        if not self._context.run(command):
            self._dirty = True
            self.status.setText("Not saved")
            return False
        self._memo = command.after
        self._show_byline()
        self.saved.emit(self._memo.id if self._memo is not None else 0)
        return True

    @property
    def dirty(self) -> bool:
        """Typing waits to be saved."""
        return self._dirty

    def _on_changed(self, changes: Changes) -> None:
        if changes.memos or changes.highlights.deleted or changes.documents.deleted \
                or changes.tags.deleted:
            self.reload()


class FlushBeforeClose(QObject):
    """Saves an editor's pending typing when ``window`` is about to close (an event
    filter: it runs before the window's own ``closeEvent`` closes the project)."""

    def __init__(self, editor: MemoEditor, window: QWidget) -> None:
        super().__init__(window)
        self._editor = editor
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self._editor.save_now()
        return False


def move_cursor_to_end(edit: QPlainTextEdit) -> None:
    """Put the caret at the end of the text (to go on writing)."""
    edit.moveCursor(QTextCursor.MoveOperation.End)
