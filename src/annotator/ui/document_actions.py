"""The actions on the documents selected in the browser: set a variable, set or clear the
date, delete (also the Delete key on the list). Each runs one undoable command; questions
go through :class:`~annotator.ui.document_dialogs.DocumentPrompts`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ..domain.wording import plural
from .commands import UndoContext
from .document_browser import DocumentBrowser
from .document_commands import (
    DeleteDocumentsCommand,
    SetDocumentsDateCommand,
    SetDocumentsVariableCommand,
)
from .document_dialogs import DocumentPrompts


def deletion_question(titles: list[str], count: int, highlights: int) -> str:
    """The confirmation of a deletion, worded for one or many documents and highlights:
    ``Delete 3 documents and their 41 highlights?``."""
    if count == 1:
        what = f"the document “{titles[0]}”" if titles else "1 document"
        if not highlights:
            return f"Delete {what}? It has no highlights."
        return f"Delete {what} and its {_highlights(highlights)}?"
    if not highlights:
        return f"Delete {plural(count, 'document')}? They have no highlights."
    return f"Delete {plural(count, 'document')} and their {_highlights(highlights)}?"


def _highlights(count: int) -> str:
    """"highlight" ("… and its highlight?"), else "3 highlights"."""
    return "highlight" if count == 1 else plural(count, "highlight")


class DocumentActions(QObject):
    """Owns the document actions and keeps their wording and state to the selection."""

    def __init__(self, context: UndoContext, browser: DocumentBrowser,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._browser = browser
        self.prompts = DocumentPrompts(parent)
        self.set_variable_action = self._action("Set variable…", self.set_variable)
        self.set_date_action = self._action("Set date…", self.set_date)
        self.clear_date_action = self._action("Clear date", self.clear_date)
        self.delete_action = self._action("Delete document…", self.delete_selected)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        browser.selectionChanged.connect(self._follow_selection)
        self._follow_selection()

    def _action(self, text: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def install(self, before: list[QAction], menu: QMenu) -> None:
        """Make the actions the list's context menu, after ``before`` (the properties),
        and add them to ``menu`` (the Edit menu)."""
        view = self._browser.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        actions = (self.set_variable_action, self.set_date_action, self.clear_date_action,
                   self.delete_action)
        for action in (*before, self._separator(), *actions[:3], self._separator(),
                       actions[3]):
            view.addAction(action)
        menu.addActions(list(actions))

    def _separator(self) -> QAction:
        separator = QAction(self)
        separator.setSeparator(True)
        return separator

    def _follow_selection(self) -> None:
        count = len(self._browser.selected_documents())
        suffix = "" if count < 2 else f" of {plural(count, 'document')}"
        self.set_variable_action.setText(f"Set variable{suffix}…")
        self.set_date_action.setText(f"Set date{suffix}…")
        self.clear_date_action.setText(f"Clear date{suffix}")
        self.delete_action.setText("Delete document…" if count < 2
                                   else f"Delete {plural(count, 'document')}…")
        for action in (self.set_variable_action, self.set_date_action,
                       self.clear_date_action, self.delete_action):
            action.setEnabled(count > 0)

    # -- the actions -------------------------------------------------------------------------
    def delete_selected(self) -> bool:
        """Delete the selected documents after a confirmation that counts their
        highlights; one undo step. Returns whether they were deleted."""
        ids = self._browser.selected_documents()
        if not ids:
            return False
        project = self._context.project
        titles = [s.title for s in project.documents.summaries(ids[:1])] if len(ids) == 1 else []
        question = deletion_question(titles, len(ids), project.documents.highlight_count(ids))
        if not self.prompts.confirm("Delete documents",
                                    f"{question}\n\nEdit ▸ Undo brings "
                                    f"{'it' if len(ids) == 1 else 'them'} back."):
            return False
        return self._context.run(DeleteDocumentsCommand(self._context, ids))

    def set_variable(self) -> bool:
        """Ask for a variable and a value and give it to every selected document."""
        ids = self._browser.selected_documents()
        if not ids:
            return False
        variables = self._context.project.variables
        names = [v.name for v in variables.all()]
        answer = self.prompts.variable(names, lambda name: self._values_of(name), len(ids))
        if answer is None or not answer[0]:
            return False
        name, value = answer
        return self._context.run(SetDocumentsVariableCommand(self._context, ids, name, value))

    def _values_of(self, name: str) -> list[str]:
        variables = self._context.project.variables
        if name not in {v.name for v in variables.all()}:
            return []
        return [value for value, _ in variables.values(name) if value is not None]

    def set_date(self) -> bool:
        """Ask for a date and give it to every selected document."""
        ids = self._browser.selected_documents()
        if not ids:
            return False
        current = ""
        if len(ids) == 1:
            current = (self._context.project.documents.summaries(ids)[0].date or "")
        date = self.prompts.date(len(ids), current)
        if date is None:
            return False
        return self._context.run(SetDocumentsDateCommand(self._context, ids, date))

    def clear_date(self) -> bool:
        """Remove the date of every selected document."""
        ids = self._browser.selected_documents()
        if not ids:
            return False
        return self._context.run(SetDocumentsDateCommand(self._context, ids, None))
