"""The Memo dock: one memo editor for the project, the open document, the selected tag
(under its description), the current highlight or a span memo, chosen by tabs.

The panel follows the window through :meth:`MemoPanel.set_document`, ``set_tag``,
``set_highlight`` and ``show_span`` (wired by ``memo_docks``); following the window never
switches the tab, so writing a document memo is not interrupted by a click on a highlight.
:meth:`MemoPanel.open` switches to a place and puts the caret in the memo.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import NotFoundError
from ..domain.memos import MemoKind, MemoPlace, memo_summary
from ..domain.model import Changes
from .commands import UndoContext
from .memo_commands import DeleteMemoCommand
from .memo_editor import NOTE_STYLE, MemoEditor, move_cursor_to_end

#: The tabs, in order: the kind of memo each writes and its label.
TABS: tuple[tuple[MemoKind, str], ...] = (
    ("project", "Project"), ("document", "Document"), ("tag", "Tag"),
    ("highlight", "Highlight"), ("span", "Span"))
PLACEHOLDERS = {
    "project": "The project's memo: research questions, decisions, the story so far…",
    "document": "A memo on this document: context, first impressions, what to compare…",
    "tag": "A memo on this theme: what it covers, borderline cases, emerging ideas…",
    "highlight": "A memo on this quote: why it matters, how you read it…",
    "span": "A memo on this passage…",
}
#: Narrow tabs, so that the five fit the dock beside the editor (arrows when narrower).
TAB_STYLE = "QTabBar::tab { padding: 4px 7px; min-width: 0; }"
MISSING = {
    "document": "Open a document to write its memo.",
    "tag": "Select a tag in the tag panel to write its memo.",
    "highlight": "Click a highlight in the document to write its memo.",
    "span": "Select some text, right-click and choose “Memo on selection” to write a "
            "memo on a passage without coding it.",
}


class MemoPanel(QWidget):
    """Tabs, a line saying which memo this is, and the :class:`MemoEditor`.

    Signals:
        describeRequested(): the user wants to edit the shown tag's description.
        spanActivated(int): the user asked to see a span memo's passage (its id).
    """

    describeRequested = Signal()
    spanActivated = Signal(int)

    def __init__(self, context: UndoContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memoPanel")
        self._context = context
        self._targets: dict[MemoKind, int | None] = {k: None for k, _ in TABS}
        self._targets["project"] = 0
        self._build_ui()
        self.tabs.currentChanged.connect(lambda _i: self._show())
        context.signals.changed.connect(self._on_changed)
        context.signals.reloaded.connect(self._show)
        self._show()

    def _build_ui(self) -> None:
        self.tabs = QTabBar(self)
        self.tabs.setObjectName("memoTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.setStyleSheet(TAB_STYLE)
        for kind, label in TABS:
            index = self.tabs.addTab(label)
            self.tabs.setTabToolTip(index, MISSING.get(kind, PLACEHOLDERS[kind]))
        self.heading = QLabel(self)
        self.heading.setObjectName("memoHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.description = QLabel(self)
        self.description.setObjectName("memoTagDescription")
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        self.description.setStyleSheet(NOTE_STYLE)
        self.describe_button = QPushButton("Edit…", self)
        self.describe_button.setToolTip("Edit the tag's description")
        self.describe_button.setFlat(True)
        self.describe_button.clicked.connect(self.describeRequested.emit)
        self.show_button = QPushButton("Show", self)
        self.show_button.setToolTip("Show the passage in the document")
        self.show_button.setFlat(True)
        self.show_button.clicked.connect(self._activate_span)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setFlat(True)
        self.delete_button.setToolTip("Delete this memo (Edit ▸ Undo brings it back)")
        self.delete_button.clicked.connect(self.delete_memo)
        self.editor = MemoEditor(self._context, self)
        self.editor.saved.connect(lambda _id: self._update_buttons())
        self.editor.footer.addWidget(self.delete_button)
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.heading, 1)
        heading.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignTop)
        description = QHBoxLayout()
        description.setContentsMargins(0, 0, 0, 0)
        description.addWidget(self.description, 1)
        description.addWidget(self.describe_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.tabs)
        layout.addLayout(heading)
        layout.addLayout(description)
        layout.addWidget(self.editor, 1)

    def sizeHint(self) -> QSize:
        """Tall enough to write in: the dock shares its column with the tag panel."""
        return QSize(320, 460)

    # -- following the window ---------------------------------------------------------------
    @property
    def kind(self) -> MemoKind:
        return TABS[self.tabs.currentIndex()][0]

    def set_document(self, document_id: int) -> None:
        self._follow("document", document_id or None)

    def set_tag(self, tag_id: int | None) -> None:
        self._follow("tag", tag_id)

    def set_highlight(self, highlight_id: int) -> None:
        self._follow("highlight", highlight_id or None)

    def show_span(self, memo_id: int | None) -> None:
        self._follow("span", memo_id)

    def _follow(self, kind: MemoKind, target: int | None) -> None:
        if self._targets[kind] == target:
            return
        self._targets[kind] = target
        if self.kind == kind:
            self._show()

    def open(self, kind: MemoKind, target: int | None = None) -> None:
        """Switch to the memo of ``kind`` (of ``target`` when given) and put the caret at
        the end of its text, to write."""
        if target is not None:
            self._targets[kind] = target
        index = [k for k, _ in TABS].index(kind)
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)
        else:
            self._show()
        if self.editor.place is not None:
            self.editor.text.setFocus()
            move_cursor_to_end(self.editor.text)

    def place(self) -> MemoPlace | None:
        """The place of the current tab's memo (``None``: nothing chosen for it)."""
        kind, target = self.kind, self._targets[self.kind]
        if kind == "project":
            return MemoPlace.project()
        if target is None:
            return None
        return {"document": MemoPlace.document, "tag": MemoPlace.tag,
                "highlight": MemoPlace.highlight, "span": MemoPlace.span}[kind](target)

    # -- showing ----------------------------------------------------------------------------
    def _show(self) -> None:
        place = self.place()
        self.heading.setText(self._heading(place))
        description = self._tag_description() if self.kind == "tag" and place else None
        self.description.setText(description or "No description yet.")
        self.description.setVisible(description is not None)
        self.describe_button.setVisible(self.kind == "tag" and place is not None)
        self.show_button.setVisible(self.kind == "span" and place is not None)
        self.editor.set_place(place, PLACEHOLDERS[self.kind] if place else MISSING[self.kind])
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.delete_button.setVisible(self.editor.memo is not None)

    def _heading(self, place: MemoPlace | None) -> str:
        """Which memo this is, in words."""
        project = self._context.project
        try:
            if place is None:
                return ""
            if place.kind == "project":
                return project.name
            if place.kind == "document" and place.document_id is not None:
                found = project.documents.summaries([place.document_id])
                return memo_summary(found[0].title, 90) if found else ""
            if place.kind == "tag" and place.tag_id is not None:
                return "/".join(project.tags.paths()[place.tag_id])
            if place.kind == "highlight" and place.highlight_id is not None:
                quote = project.highlights.get(place.highlight_id).quote
                return f"“{memo_summary(quote, 90)}”"
            memo = project.memos.at(place)
            return f"“{memo_summary(memo.quote or '', 90)}”" if memo else ""
        except (NotFoundError, KeyError):
            return ""

    def _tag_description(self) -> str | None:
        tag_id = self._targets["tag"]
        try:
            return self._context.project.tags.get(tag_id).description if tag_id else None
        except NotFoundError:
            return None

    def _on_changed(self, changes: Changes) -> None:
        deleted = {"document": changes.documents.deleted, "tag": changes.tags.deleted,
                   "highlight": changes.highlights.deleted, "span": changes.memos.deleted}
        for kind, ids in deleted.items():
            if self._targets[kind] in ids:
                self._follow(kind, None)  # type: ignore[arg-type]
        if ((changes.tags.updated and self.kind == "tag")
                or (changes.documents.updated and self.kind == "document")):
            self._show_heading_only()
        self._update_buttons()

    def _show_heading_only(self) -> None:
        place = self.place()
        self.heading.setText(self._heading(place))
        if self.kind == "tag":
            description = self._tag_description()
            self.description.setText(description or "No description yet.")

    # -- actions ----------------------------------------------------------------------------
    def delete_memo(self) -> bool:
        """Delete the shown memo (one undo step)."""
        self.editor.save_now()
        memo = self.editor.memo
        if memo is None:
            return False
        return self._context.run(DeleteMemoCommand(self._context, memo.id))

    def _activate_span(self) -> None:
        target = self._targets["span"]
        if target is not None:
            self.spanActivated.emit(target)
