"""The search language's help: a ``?`` button beside a search box that shows the syntax
with examples in a small popup (closed by Esc or a click elsewhere), and the style of the
one-line explanation shown under a box whose query cannot be read.

The examples come from :data:`annotator.domain.search_query.SYNTAX_EXAMPLES`, the same
as ``annotator search --help``.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from ..domain.search_query import PRECEDENCE_NOTE, SYNTAX_EXAMPLES

#: The explanation under a search box whose query is malformed.
QUERY_ERROR_STYLE = "color: #b3261e;"


def syntax_html() -> str:
    """The syntax as a small HTML table (static text, every part escaped)."""
    rows = "".join(
        f"<tr><td style='padding: 2px 12px 2px 0'><code>{escape(example)}</code></td>"
        f"<td style='padding: 2px 0'>{escape(meaning)}</td></tr>"
        for example, meaning in SYNTAX_EXAMPLES
    )
    return (
        "<p style='margin-bottom: 6px'><b>Search syntax</b> — searches the documents' "
        "text; case and accents are ignored.</p>"
        f"<table cellspacing='0'>{rows}</table>"
        f"<p style='margin-top: 6px'>{escape(PRECEDENCE_NOTE)}<br>"
        f"Search for an operator itself in quotes: {escape(chr(34) + 'or' + chr(34))}.</p>"
    )


class SearchSyntaxPopup(QFrame):
    """The syntax, as a popup under the widget that asked for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("searchSyntax")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(syntax_html(), self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.label)

    def show_under(self, anchor: QWidget) -> None:
        """Show below ``anchor``, right edges aligned, kept on its screen."""
        self.adjustSize()
        corner = anchor.mapToGlobal(QPoint(anchor.width() - self.width(), anchor.height()))
        screen = anchor.screen().availableGeometry()
        x = max(screen.left(), min(corner.x(), screen.right() - self.width()))
        y = min(corner.y(), screen.bottom() - self.height())
        self.move(x, y)
        self.show()


class SearchSyntaxButton(QToolButton):
    """``?``: shows the search syntax (:class:`SearchSyntaxPopup`, made on first use)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("?")
        self.setObjectName("searchSyntaxButton")
        self.setToolTip("Search syntax: phrases, OR, -word, prefix*, NEAR( )")
        self.popup: SearchSyntaxPopup | None = None
        self.clicked.connect(self.show_syntax)

    def show_syntax(self) -> None:
        if self.popup is None:
            self.popup = SearchSyntaxPopup(self)
        self.popup.show_under(self)
