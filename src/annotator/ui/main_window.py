"""The main window: the editor in the centre, docks around it, menus, status bar.

It composes the panels and wires them together through :class:`ProjectSignals`; the panels
never call each other's refresh methods. Changes made by another process are noticed by
polling ``project.data_version()`` once a second.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from ..domain.model import Changes
from ..domain.wording import plural
from ..services.project import Project
from ..services.quotes import QuoteFilter
from .agreement_feature import AgreementFeature
from .auto_backup import AutoBackup
from .charts.charts_panel import ChartsPanel
from .coder_identity import CoderIdentity
from .commands import CreateTagCommand, UndoContext
from .dock_sizes import DockSizes
from .document_actions import DocumentActions
from .document_browser import DocumentBrowser
from .document_list_model import DocumentListModel
from .document_properties import DocumentPropertiesDialog
from .editor_pane import EditorPane
from .file_actions import FileActions
from .memo_docks import MemoDocks
from .outside_changes import OutsideChanges
from .quick_tag import QuickTagFinder
from .quotes_view import QuotesModel, QuotesView
from .search_feature import SearchFeature
from .settings import app_settings
from .settings_dialog import SettingsDialog
from .shortcuts_help import SHORTCUTS_HELP
from .signals import ProjectSignals
from .tag_model import TagTreeModel
from .tag_panel import TagPanel
from .variables_panel import VariablesDock, VariablesPanel
from .window_layout import build_docks, default_dock_sizes, first_size
from .window_memory import (
    remember_view,
    remembered_document,
    restore_choices,
    restore_scrolling,
)
from .window_menus import build_menus

#: Saved layouts of another version are dropped (2: quotes and charts side by side).
STATE_VERSION = 2


class MainWindow(QMainWindow):
    """The window for one open project; it owns the project and closes it when closed.
    ``ask_coder``: the first edit may ask for the coder's name (see :mod:`.coder_identity`)."""

    # Set by :func:`.window_menus.build_menus`.
    undo_action: QAction
    redo_action: QAction
    properties_action: QAction
    settings_action: QAction
    snap_action: QAction
    quick_tag_action: QAction
    coders_menu: QMenu

    def __init__(self, project: Project, parent: QWidget | None = None, *,
                 ask_coder: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.project = project
        self.coder = CoderIdentity(project, self, ask=ask_coder)
        self.signals = ProjectSignals(self)
        self.undo_stack = QUndoStack(self)
        self.context = UndoContext(project, self.signals, self.undo_stack)
        self.context.before_edit = self.coder.before_edit
        self.last_error = ""
        self._build_panes()
        self._build_docks()
        self.files = FileActions(self)
        self._menus = build_menus(self)
        self.memos = MemoDocks(self, self._menus["View"], self._menus["Edit"])
        self.agreement = AgreementFeature(self, self._menus["View"])
        self._build_status()
        self._connect()
        self._restore_state()
        lower = [self.quotes_dock, self.charts_dock, self.variables_dock, self.search.dock,
                 self.memos.list_dock]
        self.dock_sizes = DockSizes(  # their sizes come back when the window grows again
            self, across=[self.documents_dock, self.tags_dock, self.memos.dock, *lower],
            down=[*lower, self.tags_dock, self.memos.dock])
        self.backup = AutoBackup(project, self)  # a copy if changed, in the background
        self.backup.failed.connect(self.show_error)
        self.outside = OutsideChanges(project, self.signals, self.undo_stack,
                                      lambda message: self.show_error(message), self)
        self.setAcceptDrops(True)
        self._update_title()

    # -- building -------------------------------------------------------------------------
    def _build_panes(self) -> None:
        self.pane = EditorPane(self.context, self)
        self.editor = self.pane.editor
        self.setCentralWidget(self.pane)
        self.document_model = DocumentListModel(self.project, self.signals, self)
        self.browser = DocumentBrowser(self.document_model, self.project, self.signals, self)
        self.document_actions = DocumentActions(self.context, self.browser, self)
        self.tag_model = TagTreeModel(self.project, self.signals, self)
        self.tag_panel = TagPanel(self.context, self.tag_model, self)
        self.quotes_model = QuotesModel(self.project, self.signals, self)
        self.quotes = QuotesView(self.quotes_model, self)
        self.charts = ChartsPanel(self.project, self)
        self.variables = VariablesPanel(self.context, self)

    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self._main_docks = build_docks(
            self, self._dock, (self.browser, self.tag_panel, self.quotes, self.charts))
        self.documents_dock, self.tags_dock, self.quotes_dock, self.charts_dock = self._main_docks
        self.variables_dock = VariablesDock(self.variables, self,
                                            Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.quotes_dock, self.variables_dock)
        self.search = SearchFeature(self)  # the Search dock, tabbed after Variables
        self.quotes_dock.raise_()

    def _build_status(self) -> None:
        self.status_counts = QLabel(self)
        self.status_coder = QLabel(self)
        for label in (self.status_counts, self.status_coder):
            label.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.statusBar().addPermanentWidget(self.status_coder)
        self._update_status()

    def _connect(self) -> None:
        self.browser.documentActivated.connect(self.open_document)
        self.variables.documentActivated.connect(self.open_document)
        self.editor.tagShortcutPressed.connect(self._apply_shortcut)
        self.tag_panel.applyRequested.connect(lambda t: self.editor.apply_tags([t]))
        self.tag_model.checkedChanged.connect(self.quotes_model.set_tags)
        self.quotes.quoteActivated.connect(self.show_quote)
        self.signals.changed.connect(self._on_changed)
        self.signals.reloaded.connect(self._on_reloaded)
        self.signals.failed.connect(self.show_error)
        self.coder.changed.connect(self._on_coder_changed)
        self._connect_charts()

    def _connect_charts(self) -> None:
        charts = self.charts
        self.tag_model.checkedChanged.connect(charts.set_tags)
        self.signals.changed.connect(charts.on_changes)
        self.signals.reloaded.connect(charts.reload)
        self.charts_dock.visibilityChanged.connect(charts.catch_up)
        charts.timeline.quotesRequested.connect(self.show_chart_quotes)
        charts.crosstab.quotesRequested.connect(self.show_chart_quotes)
        charts.frequency.quotesRequested.connect(self.show_chart_quotes)
        charts.timeline.dateRangeSelected.connect(self.browser.set_date_range)
        self.browser.filterChanged.connect(charts.set_document_filter)
        self.browser.filterChanged.connect(self.quotes_model.set_document_filter)
        self.browser.filterChanged.connect(self.variables.model.set_document_filter)
        self.document_model.modelReset.connect(self._show_counts)

    # -- state ----------------------------------------------------------------------------
    def _restore_state(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(first_size(self))
        state = settings.value("window/state")
        self._default_layout_due = not (isinstance(state, QByteArray)
                                        and self.restoreState(state, STATE_VERSION))
        restore_choices(settings, self)
        snap = settings.value("editor/snapToWords", True)
        self.editor.snap_to_words = snap not in (False, "false")
        self.snap_action.setChecked(self.editor.snap_to_words)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._default_layout_due:
            self._default_layout_due = False
            default_dock_sizes(self, self._main_docks)

    def save_state(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(STATE_VERSION))
        settings.setValue("editor/snapToWords", self.editor.snap_to_words)
        remember_view(settings, self)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.files.busy():
            self.files.cancel_task()
        self.files.finish_export()
        self.backup.wait()
        self.outside.stop()
        self.charts.shutdown()
        self.variables.shutdown()
        self.search.shutdown()
        self.memos.list.shutdown()
        self.agreement.shutdown()
        self.save_state()
        self.undo_stack.clear()
        # Hidden first: hiding lays the lists out once more, and a model reading the
        # closed project would raise inside Qt (PySide 6.11 then crashes).
        self.hide()
        self.project.close()
        super().closeEvent(event)

    def edit_settings(self) -> SettingsDialog:
        """Edit ▸ Settings…: the coder's name (window-modal, not blocking)."""
        dialog = SettingsDialog(self.coder, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_coder_changed(self, name: str) -> None:
        self._show_counts()
        self.editor.coder_view.coder_renamed()
        self.statusBar().showMessage(f"Your highlights are now recorded as {name}.", 6000)

    def toggle_snap(self) -> None:
        self.editor.snap_to_words = self.snap_action.isChecked()

    # -- behaviour ------------------------------------------------------------------------
    def open_document(self, document_id: int) -> None:
        self.editor.show_document(document_id)
        self.browser.select_document(document_id)
        self.editor.setFocus()

    def open_first_document(self) -> None:
        """On launch, show the document open when the project was last closed, scrolled
        as it was; else the first listed one, so that a new user reads the sample at once
        instead of an empty pane."""
        if self.editor.document_id is not None:
            return
        settings = app_settings()
        document = remembered_document(settings, self)
        if document is None and self.document_model.rowCount():
            document = self.document_model.document_id(0)
        if document is not None:
            self.open_document(document)
            restore_scrolling(settings, self)

    def show_quote(self, document_id: int, start: int, end: int) -> None:
        """Open a document with ``start..end`` (code points) selected."""
        if self.editor.document_id != document_id:
            self.open_document(document_id)
        hits = [s.id for s in self.editor.spans.with_span(start, end)]
        if hits:
            self.editor.select_highlight(hits[0])
        self.editor.select_span(start, end)
        self.editor.setFocus()

    def edit_document_properties(self) -> DocumentPropertiesDialog | None:
        """Open the properties of the selected (else the shown) document; returns the
        dialog (window-modal, not blocking) or ``None`` when no document is chosen."""
        document_id = self.browser.current_document() or self.editor.document_id
        if document_id is None:
            self.statusBar().showMessage("Choose a document first.", 4000)
            return None
        dialog = DocumentPropertiesDialog(self.context, document_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_chart_quotes(self, query: QuoteFilter, description: str) -> None:
        """A chart's point, bar or cell was clicked: list the quotes it counts."""
        self.quotes_model.set_filter(query, description)
        self.quotes_dock.raise_()

    def _apply_shortcut(self, position: int) -> None:
        tag_id = self.tag_panel.shortcut_tag(position)
        if tag_id is None:
            self.statusBar().showMessage(f"No tag for key {position + 1} yet.", 4000)
            return
        self.editor.apply_tags([tag_id])

    def quick_tag(self) -> None:
        """Ctrl+T: choose (or create) a tag by typing and apply it to the selection."""
        finder = QuickTagFinder(self.project.tags.counts(), self)
        if finder.exec() != QuickTagFinder.DialogCode.Accepted:
            return
        self.apply_found_tag(finder.chosen_tag, finder.new_name)

    def apply_found_tag(self, tag_id: int | None, new_name: str | None) -> None:
        """Apply ``tag_id``, or create the tag ``new_name`` and apply it, as one undo step."""
        if tag_id is not None:
            self.editor.apply_tags([tag_id])
            return
        if not new_name:
            return
        self.undo_stack.beginMacro(f"Apply new tag '{new_name}'")
        command = CreateTagCommand(self.context, new_name)
        if self.context.run(command) and command.tag_id is not None:
            self.editor.apply_tags([command.tag_id])
        self.undo_stack.endMacro()

    def check_external_changes(self) -> bool:
        """Poll the project file now (see :class:`OutsideChanges`); True when another
        process committed and every view re-read."""
        return self.outside.check()

    def _on_changed(self, changes: Changes) -> None:
        # Counted from the change record: a count(*) over a million highlights per edit
        # would cost more than the edit.
        self._documents += len(changes.documents.created) - len(changes.documents.deleted)
        self._highlights += len(changes.highlights.created) - len(changes.highlights.deleted)
        self._show_counts()
        self.pane.refresh_header()

    def _on_reloaded(self) -> None:
        self._update_status()
        self._update_title()
        self.pane.refresh_header()

    def _update_status(self) -> None:
        """Recount documents and highlights (on opening, and after outside changes)."""
        self._documents = self.project.documents.count()
        self._highlights = self.project.highlights.count()
        self._show_counts()

    def _show_counts(self) -> None:
        """``N documents · K highlights``; ``N of M documents`` while a filter is on."""
        documents, highlights = self._documents, self._highlights
        shown = plural(documents, "document")
        if not self.browser.document_filter.is_empty:
            shown = f"{self.document_model.rowCount()} of {shown}"
        self.status_counts.setText(
            f"{shown}  ·  {plural(highlights, 'highlight')}"
        )
        self.status_coder.setText(f"Coder: {self.project.coder}")

    def _update_title(self) -> None:
        read_only = " (read-only)" if self.project.read_only else ""
        self.setWindowTitle(f"{self.project.name}{read_only} — Annotator")

    def show_error(self, message: str) -> None:
        """Show a refused action's message without blocking (window-modal box)."""
        self.statusBar().showMessage(message, 8000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Annotator", message,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error = message

    def show_about(self) -> None:
        QMessageBox.about(
            self, "About Annotator",
            "Annotator\n\nRead texts, highlight quotes, tag them with themes, and see how the "
            "themes change over time.\n\nProject file: " + str(Path(self.project.path)),
        )

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS_HELP)

    # -- drag and drop --------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files.import_paths(paths)

