"""File ▸ Import variables…, and a table found in an imported folder loaded as variables:
choose the table, preview it (:class:`VariableImportDialog`), import it in the background
and put it on the undo stack as one step."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from ..domain.wording import plural
from ..services.project import Project
from ..services.variable_import import VariableImport as ImportResult
from ..services.variable_import import import_variables
from .file_dialogs import choose_open_file
from .tasks import ProgressCallback, ProjectTask
from .variable_commands import ImportVariablesCommand
from .variable_import_dialog import VariableImportDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

TABLE_FILTER = "Tables (*.csv *.tsv *.xlsx);;All files (*)"


class VariableImportFlow(QObject):
    """The window's import of variables: choose a table, preview it, import it in the
    background and put it on the undo stack.

    Signals:
        dialogOpened(VariableImportDialog): a preview dialog opened.
        finished(object): the import's result (``services.variable_import.VariableImport``)
            once it is on the undo stack, or ``None`` when it failed or was cancelled.
    """

    dialogOpened = Signal(object)
    finished = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: VariableImportDialog | None = None
        self.task: ProjectTask | None = None
        self._previewing = False
        self._waiting: list[Path] = []  # tables to preview once this one is done

    @property
    def busy(self) -> bool:
        """Whether a table is being previewed or imported."""
        return self._previewing or self.task is not None

    def choose(self) -> VariableImportDialog | None:
        """File ▸ Import variables…: choose a table, then preview it."""
        if self.busy:
            self.window.show_error("A table of variables is being imported; wait for it "
                                   "to finish.")
            return None
        folder = Path(self.window.project.path).parent
        name = choose_open_file(self.window, "Import variables", folder, TABLE_FILTER)
        return self.open(Path(name)) if name else None

    def open(self, path: Path) -> VariableImportDialog | None:
        """Preview ``path`` in a window-modal dialog; Import runs it. While another table
        is previewed or imported, ``path`` waits for its turn (``None``): several tables
        of an imported folder are offered one after the other."""
        if self.busy:
            self._waiting.append(path)
            return None
        dialog = VariableImportDialog(self.window.project, path, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._run(path, dialog.key))
        dialog.rejected.connect(self._cancelled)
        self.dialog, self._previewing = dialog, True
        dialog.open()
        self.dialogOpened.emit(dialog)
        return dialog

    def wait(self) -> None:
        """Let a running import, and the preview being read, finish (the window is
        closing)."""
        if self.task is not None:
            self.task.wait()
        dialog = self.dialog
        if dialog is not None:
            with suppress(RuntimeError):  # closed and deleted already
                dialog.wait()

    def _run(self, path: Path, key: str | None) -> None:
        def job(project: Project, _progress: ProgressCallback) -> ImportResult:
            return import_variables(project, path, key)

        self._previewing = False
        self.window.statusBar().showMessage(f"Importing variables from {path.name}…")
        task = ProjectTask(self.window.project.path, self.window.project.coder, job, self)
        task.succeeded.connect(self._imported)
        task.failed.connect(self._failed)
        task.finished.connect(self._task_finished)
        self.task = task
        task.start()

    def _imported(self, result: ImportResult) -> None:
        window = self.window
        if result.before:
            window.context.push_done(ImportVariablesCommand(window.context, result))
        window.check_external_changes()
        preview, changed = result.preview, len(result.before)
        window.statusBar().showMessage(
            f"Imported {plural(len(preview.variables), 'variable')} from {preview.path.name}: "
            f"{plural(changed, 'document', grouped=True)} changed.",
            10000)
        window.variables_dock.bring_up()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self.window.statusBar().clearMessage()
        self.window.show_error(message)
        self.finished.emit(None)

    def _cancelled(self) -> None:
        self._previewing = False
        self.finished.emit(None)
        self._next()

    def _task_finished(self) -> None:
        if self.task is not None:
            self.task.deleteLater()
            self.task = None
        self._next()

    def _next(self) -> None:
        if self._waiting and not self.busy:
            self.open(self._waiting.pop(0))
