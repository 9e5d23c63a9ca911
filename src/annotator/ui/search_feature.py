"""The search in the window: what the document browser's search box finds, shown three ways.

* the **Search** dock (tabbed with Quotes, Charts and Variables): every hit as keyword in
  context (:class:`~.search_panel.SearchResultsPanel`); a click opens the document with
  the hit selected;
* the open document's hits framed in the text, with a bar "hit 3 of 17" and previous/next
  (F3, Shift+F3) (:mod:`.hit_marks`);
* "Code all hits with…": a tag (existing or new) and a context, coded as one undo step
  (:class:`~.coding_commands.CodeHitsCommand`), with a summary of what it did.

:class:`SearchFeature` builds these for a main window and wires them to its browser,
editor and undo stack; the window only creates it, adds its actions to the menus and
shuts it down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from ..domain.context import Context
from ..domain.errors import UserError
from ..domain.filters import DocumentFilter
from ..domain.wording import plural
from ..services.project import Project
from ..services.search import hits
from ..services.span_coding import CodingResult, Hit, code_hits
from .code_hits_dialog import CodeHitsDialog
from .coding_commands import CodeHitsCommand
from .commands import CreateTagCommand
from .hit_marks import HitBar, HitFrames, HitNavigator
from .search_panel import SearchResultsPanel
from .tasks import ProgressCallback, ProjectTask

if TYPE_CHECKING:
    from .main_window import MainWindow


class SearchFeature(QObject):
    """The search's results dock, hit marks and "Code all hits with…" in one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = SearchResultsPanel(window.project, window.signals, window)
        self.dock = QDockWidget("Search", window)
        self.dock.setObjectName("searchDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.variables_dock, self.dock)
        self.navigator = HitNavigator(window.editor, self)
        self.frames = HitFrames(self.navigator)
        self.bar = HitBar(self.navigator, window.pane)
        window.pane.layout().insertWidget(1, self.bar)  # under the document's title
        self.dialog: CodeHitsDialog | None = None
        self.last_result: CodingResult | None = None
        self._finding: ProjectTask | None = None
        window.browser.filterChanged.connect(self._on_filter)
        self.panel.hitActivated.connect(self.open_hit)
        self.panel.codeRequested.connect(self.ask_code_all_hits)

    def add_actions(self, edit: QMenu) -> None:
        """Next hit (F3), previous hit (Shift+F3) and "Code all hits with…" in ``edit``."""
        edit.addSeparator()
        self.next_action = self._action(edit, "Next search hit", "F3", lambda: self.step(1))
        self.previous_action = self._action(edit, "Previous search hit", "Shift+F3",
                                            lambda: self.step(-1))
        self.code_action = self._action(edit, "Code all hits with…", None,
                                        self.ask_code_all_hits)

    def _action(self, menu: QMenu, text: str, shortcut: str | None,
                slot: object) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        menu.addAction(action)
        return action

    def shutdown(self) -> None:
        """Wait for hit readings still running (the window closes its project)."""
        self.panel.shutdown()
        if self._finding is not None:
            self._finding.wait()

    # -- following the search -------------------------------------------------------------
    def _on_filter(self, where: DocumentFilter) -> None:
        had_query = bool(self.panel.query)
        self.panel.set_document_filter(where)
        self.navigator.set_query(where.text)
        if self.panel.query and not had_query and self.dock.toggleViewAction().isChecked():
            self.dock.raise_()  # to the front of its tabs, unless the user closed it

    def open_hit(self, document_id: int, start: int, end: int) -> None:
        """Open a document with the hit ``start..end`` selected and current."""
        self.window.show_quote(document_id, start, end)
        self.navigator.select_at(start, end)

    def step(self, by: int) -> None:
        """F3 / Shift+F3: the next or previous hit in the open document (round and round);
        in a document without hits, the first hit of the search instead."""
        if self.navigator.step(by):
            return
        read = self.panel.last_read
        if read is not None and read.found:
            first = read.found[0].hit if by > 0 else read.found[-1].hit
            self.open_hit(first.document_id, first.start, first.end)
            return
        message = ("Search for something in the Documents box first." if not
                   self.panel.query else "The search has no hits.")
        self.window.statusBar().showMessage(message, 4000)

    # -- code all hits --------------------------------------------------------------------
    def ask_code_all_hits(self) -> CodeHitsDialog | None:
        """Open the "Code all hits" dialog (window-modal; coding happens on OK)."""
        read = self.panel.last_read
        if not self.panel.query or read is None or not read.found:
            self.window.statusBar().showMessage("No search hits to code.", 4000)
            return None
        total = read.total if read.total is not None else len(read.found)
        summary = (f"Code the {plural(total, 'hit', grouped=True)} of {self.panel.query} in "
                   f"{plural(read.documents, 'document', grouped=True)}:")
        paths = {tag_id: "/".join(path) for tag_id, path in
                 self.window.project.tags.paths().items()}
        self.dialog = CodeHitsDialog(paths, summary, self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(lambda dialog=self.dialog: self._code_all_hits(dialog))
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.open()
        return self.dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    @property
    def coding(self) -> bool:
        """Whether "Code all hits" is still at work (in the background)."""
        return self._finding is not None

    def _code_all_hits(self, dialog: CodeHitsDialog) -> None:
        """Find every hit and code it, in the background (one transaction, which creates
        the new tag too when one was named); then put it on the undo stack as one step."""
        tag_id, name, context = dialog.tag_id, dialog.new_name, dialog.context
        where = self.panel.where

        def job(project: Project, _progress: ProgressCallback) -> _Coded:
            found = [(h.document_id, h.start, h.end) for h in hits(project, where.text, where)]
            with project.transaction():
                coded_tag = tag_id
                if coded_tag is None:
                    coded_tag, _created = project.tags.create(name)
                result = code_hits(project, coded_tag, found, context)
                if not result.edit:  # refused: the new tag goes too (the rollback)
                    tag = project.tags.get(coded_tag).name
                    raise UserError(f"Every hit is coded with '{tag}' already.")
            return _Coded(coded_tag, tag_id is None, found, result)

        project = self.window.project
        task = ProjectTask(project.path, project.coder, job, self)
        task.succeeded.connect(lambda coded: self._coded(coded, context))
        task.failed.connect(self.window.show_error)
        task.finished.connect(lambda: self._forget_task(task))
        self._finding = task
        self.panel.code_button.setEnabled(False)
        self.window.statusBar().showMessage(f"Coding every hit of {where.text}…")
        task.start()

    def _forget_task(self, task: ProjectTask) -> None:
        if self._finding is task:
            self._finding = None
            self.panel.code_button.setEnabled(self.panel.last_read is not None)
        task.deleteLater()

    def _coded(self, coded: _Coded, context: Context) -> None:
        """The background coding is committed: every view re-reads, and the step goes on
        the undo stack (with the creation of its tag, when the tag is new)."""
        window = self.window
        window.check_external_changes()
        undo = window.context
        name = window.project.tags.get(coded.tag_id).name
        code = CodeHitsCommand(undo, coded.tag_id, coded.hits, context)
        code.result = coded.result
        if coded.new_tag:
            undo.stack.beginMacro(f"Code all hits with new tag '{name}'")
            create = CreateTagCommand(undo, name)
            create.tag_id = coded.tag_id
            undo.push_done(create)
            undo.push_done(code)
            undo.stack.endMacro()
        else:
            undo.push_done(code)
        self.last_result = coded.result
        message = coding_summary(coded.result, len(coded.hits), name, code.coding_context)
        self.panel.show_notice(message)
        window.statusBar().showMessage(message, 10000)


@dataclass(frozen=True)
class _Coded:
    """What the background "Code all hits" did: the tag (``new_tag``: created by it), the
    hits it found and what coding them did."""

    tag_id: int
    new_tag: bool
    hits: list[Hit]
    result: CodingResult


def coding_summary(result: CodingResult, hit_count: int, tag: str, context: Context) -> str:
    """One line saying what "Code all hits" did ("Coded 32 hits with their sentences in
    24 documents as 'security': 30 highlights created, 2 extended.")."""
    parts = [f"{plural(result.created, 'highlight', grouped=True)} created"]
    if result.extended:
        parts.append(f"{result.extended:,} extended")
    if result.tagged_existing:
        parts.append(f"{result.tagged_existing:,} existing tagged too")
    if result.merged:
        parts.append(f"{result.merged:,} merged into others")
    if result.skipped:
        parts.append(f"{plural(result.skipped, 'hit', grouped=True)} already coded")
    unit = "" if context == Context.MATCH else f" with their {context.value}s"
    return (f"Coded {plural(hit_count, 'hit', grouped=True)}{unit} in "
            f"{plural(result.documents, 'document', grouped=True)} as '{tag}': "
            + ", ".join(parts) + ". Undo takes it back.")
