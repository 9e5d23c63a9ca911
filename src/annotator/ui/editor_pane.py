"""The centre of the window: a document header, the editor and a find bar (Ctrl+F)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.wording import plural
from .commands import UndoContext
from .editor import HighlightEditor


class EditorPane(QWidget):
    """Shows which document is open above the :class:`HighlightEditor`, and finds text."""

    def __init__(self, context: UndoContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.editor = HighlightEditor(context, self)
        self.title = QLabel(self)
        self.title.setObjectName("documentTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setStyleSheet("color: palette(placeholder-text);")
        self.coder_note = QLabel(self)
        self.coder_note.setObjectName("coderNote")
        self.coder_note.setTextFormat(Qt.TextFormat.RichText)  # names are escaped
        self.coder_note.hide()
        self._build_find_bar()
        header = QFrame(self)
        header.setObjectName("documentHeader")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(16, 10, 16, 8)
        header_layout.setSpacing(2)
        header_layout.addWidget(self.title)
        header_layout.addWidget(self.subtitle)
        header_layout.addWidget(self.coder_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)
        self.editor.documentShown.connect(self._show_header)
        self.editor.coder_view.changed.connect(self.show_coders)
        self._show_header(0)

    def _build_find_bar(self) -> None:
        self.find_bar = QFrame(self)
        self.find_box = QLineEdit(self.find_bar)
        self.find_box.setPlaceholderText("Find in document")
        self.find_box.setClearButtonEnabled(True)
        self.find_status = QLabel(self.find_bar)
        previous = QPushButton("Previous", self.find_bar)
        following = QPushButton("Next", self.find_bar)
        close = QPushButton("Close", self.find_bar)
        row = QHBoxLayout(self.find_bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.find_box, 1)
        row.addWidget(self.find_status)
        row.addWidget(previous)
        row.addWidget(following)
        row.addWidget(close)
        self.find_box.returnPressed.connect(lambda: self.find_next(backward=False))
        previous.clicked.connect(lambda: self.find_next(backward=True))
        following.clicked.connect(lambda: self.find_next(backward=False))
        close.clicked.connect(self.hide_find)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.find_bar)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.hide_find)
        self.find_bar.hide()

    def show_find(self) -> None:
        self.find_bar.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def hide_find(self) -> None:
        self.find_bar.hide()
        self.editor.setFocus()

    def find_next(self, *, backward: bool) -> bool:
        """Select the next (or previous) match of the find box's text, wrapping around."""
        text = self.find_box.text()
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.editor.find(text, flags)
        if not found:
            cursor = self.editor.textCursor()
            move = cursor.MoveOperation.End if backward else cursor.MoveOperation.Start
            cursor.movePosition(move)
            self.editor.setTextCursor(cursor)
            found = self.editor.find(text, flags)
        self.find_status.setText("" if found else "Not found")
        return found

    def _show_header(self, document_id: int) -> None:
        if not document_id:
            self.title.setText("No document open")
            self.subtitle.setText("Choose a document in the list on the left.")
            return
        summary = self._context.project.documents.summaries([document_id])
        if not summary:
            return
        s = summary[0]
        self.title.setText(s.title)
        parts = [s.date.replace("T", " ") if s.date else "undated",
                 plural(s.length, "character", grouped=True),
                 plural(s.highlight_count, "highlight")]
        if s.source:
            parts.append(s.source)
        self.subtitle.setText("  ·  ".join(parts))
        self.show_coders()

    def refresh_header(self) -> None:
        self._show_header(self.editor.document_id or 0)

    def show_coders(self) -> None:
        """Under the title: which coders are shown and, coloured by coder, each one's
        colour (the legend); hidden in the default view."""
        view = self.editor.coder_view
        described = view.describe()
        if not described:
            self.coder_note.hide()
            return
        parts = [html.escape(described)]
        if view.by_coder:
            colors = view.colors(self.editor.shown_coders())
            parts += [f'<span style="color:{colors[name]}">&#9632;</span>&nbsp;'
                      f"{html.escape(name)}" for name in self.editor.shown_coders()]
        self.coder_note.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts))
        self.coder_note.show()
