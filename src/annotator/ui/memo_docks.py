"""Memos in the main window: the Memo dock (the memo editor, on the right under the tags),
the Memos dock (every memo, at the bottom beside the quotes), span memos in the editor's
margin, and "Memo on selection" in the editor's menu and the Edit menu.

:class:`MemoDocks` installs all of it into a window and wires it to the window's panels
through their signals; the window only creates it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from ..domain.errors import NotFoundError
from ..domain.memos import Memo
from .memo_commands import CreateSpanMemoCommand
from .memo_editor import FlushBeforeClose
from .memo_list import MemoListPanel
from .memo_margin import MemoMargin
from .memo_panel import MemoPanel

if TYPE_CHECKING:
    from .main_window import MainWindow

MEMO_ON_SELECTION = "Memo on selection"


class MemoDocks(QObject):
    """The memo parts of one window: ``panel`` (in ``dock``), ``list`` (in
    ``list_dock``), ``margin``, and ``memo_action`` (Memo on selection)."""

    def __init__(self, window: MainWindow, view_menu: QMenu, edit_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.panel = MemoPanel(window.context, window)
        self.list = MemoListPanel(window.project, window)
        self.margin = MemoMargin(window.editor, window.project)
        self._build_docks()
        self.memo_action = QAction(MEMO_ON_SELECTION, window)
        self.memo_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.memo_action.setToolTip("Write a memo on the selected text without coding it")
        self.memo_action.triggered.connect(lambda _checked=False: self.memo_on_selection())
        edit_menu.addSeparator()
        edit_menu.addAction(self.memo_action)
        view_menu.addSeparator()
        view_menu.addAction(self.dock.toggleViewAction())
        view_menu.addAction(self.list_dock.toggleViewAction())
        self._connect()
        FlushBeforeClose(self.panel.editor, window)

    def _build_docks(self) -> None:
        window = self.window
        self.dock = QDockWidget("Memo", window)
        self.dock.setObjectName("memoDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.splitDockWidget(window.tags_dock, self.dock, Qt.Orientation.Vertical)
        window.resizeDocks([window.tags_dock, self.dock], [250, 450], Qt.Orientation.Vertical)
        self.list_dock = QDockWidget("All memos", window)
        self.list_dock.setObjectName("memosDock")
        self.list_dock.setWidget(self.list)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.list_dock)
        window.tabifyDockWidget(window.variables_dock, self.list_dock)
        window.quotes_dock.raise_()
        self.list_dock.visibilityChanged.connect(self.list.set_live)

    def _connect(self) -> None:
        window, panel, editor = self.window, self.panel, self.window.editor
        editor.documentShown.connect(panel.set_document)
        editor.highlightSelected.connect(panel.set_highlight)
        editor.memoRequested.connect(lambda highlight_id: self.open_panel("highlight",
                                                                          highlight_id))
        editor.menuAboutToShow.connect(self._extend_menu)
        window.tag_panel.view.selectionModel().currentChanged.connect(
            lambda *_: panel.set_tag(window.tag_panel.current_tag()))
        panel.describeRequested.connect(window.tag_panel.describe_tag)
        panel.spanActivated.connect(self.show_passage)
        self.margin.memoClicked.connect(self.open_span)
        self.list.memoActivated.connect(self.open_memo)
        signals = window.signals
        signals.changed.connect(self.margin.on_changes)
        signals.changed.connect(self.list.on_changes)
        signals.reloaded.connect(self.margin.reload)
        signals.reloaded.connect(self.list.refresh)

    # -- actions ----------------------------------------------------------------------------
    def memo_on_selection(self) -> bool:
        """Add a memo on the editor's selection (one undo step) and start writing it."""
        editor, context = self.window.editor, self.window.context
        span = editor.selected_span()
        if span is None or editor.document_id is None:
            context.signals.failed.emit("Select some text first: the memo is written on it.")
            return False
        start, end = span
        command = CreateSpanMemoCommand(context, editor.document_id, start, end,
                                        editor.text[start:end])
        if not context.run(command):
            return False
        self.open_panel("span", command.memo_id)
        return True

    def _extend_menu(self, menu: QMenu) -> None:
        if self.window.editor.selected_span() is not None:
            menu.addSeparator()
            menu.addAction(self.memo_action)

    def open_panel(self, kind: str, target: int | None = None) -> None:
        """Bring the Memo dock up on the memo of ``kind`` (and ``target``), to write."""
        self.dock.show()
        self.dock.raise_()
        self.panel.open(kind, target)  # type: ignore[arg-type]

    def open_memo(self, memo: Memo) -> None:
        """Go to a memo's place (its document, tag or highlight) and open it to write."""
        window = self.window
        if memo.kind == "span":
            self.open_span(memo.id)
            return
        if memo.kind == "document" and memo.document_id is not None:
            window.open_document(memo.document_id)
        elif memo.kind == "tag" and memo.tag_id is not None:
            window.tag_panel.select_tag(memo.tag_id)
            self.panel.set_tag(memo.tag_id)
        elif memo.kind == "highlight" and memo.document_id is not None:
            assert memo.start is not None and memo.end is not None
            window.show_quote(memo.document_id, memo.start, memo.end)
            window.editor.select_highlight(memo.highlight_id)
        target = {"document": memo.document_id, "tag": memo.tag_id,
                  "highlight": memo.highlight_id}.get(memo.kind)
        self.open_panel(memo.kind, target)

    def open_span(self, memo_id: int) -> None:
        """Show a span memo's passage in the editor and open the memo to write."""
        if self.show_passage(memo_id):
            self.open_panel("span", memo_id)

    def show_passage(self, memo_id: int) -> bool:
        """Open a span memo's document with its passage selected; False when it is gone."""
        window = self.window
        try:
            memo = window.project.memos.get(memo_id)
        except NotFoundError:
            return False
        assert memo.document_id is not None and memo.start is not None and memo.end is not None
        if window.editor.document_id != memo.document_id:
            window.open_document(memo.document_id)
        window.editor.select_span(memo.start, memo.end)
        self.panel.show_span(memo_id)
        return True
