"""File ▸ Export report…: the options and preview (:class:`ReportDialog`), the save
dialog, and the report written in the background.

The window's File menu gets the action from :class:`FileActions`; this object waits for
its own background work when the window closes (it watches the window's close event), so
a report being written is never cut short.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction

from ..services.project import Project
from ..services.reporting import REPORT_FORMATS, ReportOptions, write_report
from .file_dialogs import choose_save_file
from .report_dialog import ReportDialog
from .tasks import ProgressCallback, ProjectTask

if TYPE_CHECKING:
    from .main_window import MainWindow


class ReportActions(QObject):
    """The window's report export.

    Signals:
        dialogOpened(ReportDialog): the options dialog opened.
        finished(object): the summary of the report written (``str``), or ``None`` when
            it failed or was cancelled.
    """

    dialogOpened = Signal(object)
    finished = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ReportDialog | None = None
        self.task: ProjectTask | None = None
        self.action = QAction("Export report…", window)
        self.action.setShortcut("Ctrl+Shift+E")
        self.action.triggered.connect(lambda _checked=False: self.open_dialog())
        window.installEventFilter(self)

    def open_dialog(self) -> ReportDialog:
        """Show the options and the preview (window-modal, not blocking); Save… asks for
        a file name and writes the report."""
        window = self.window
        dialog = ReportDialog(window.project, checked_tags=window.tag_model.checked_ids(),
                              browser_filter=window.browser.document_filter, parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save(dialog.options(), dialog.suffix(),
                                                  dialog.save_filters()))
        dialog.rejected.connect(lambda: self.finished.emit(None))
        self.dialog = dialog
        dialog.open()
        self.dialogOpened.emit(dialog)
        return dialog

    def save(self, options: ReportOptions, suffix: str, filters: str) -> ProjectTask | None:
        """Ask where to save the report (``suffix`` added to a name without a report
        format's extension) and write it in the background; ``None`` when cancelled."""
        window = self.window
        kind = "codebook" if options.kind == "codebook" else "quotes"
        suggested = Path(window.project.path).parent / f"{window.project.name} {kind}{suffix}"
        name, _ = choose_save_file(window, "Save report", suggested, filters)
        if not name:
            self.finished.emit(None)
            return None
        out = Path(name)
        if out.suffix.lower() not in REPORT_FORMATS:
            out = out.with_name(out.name + suffix)

        def job(project: Project, _progress: ProgressCallback) -> str:
            return write_report(project, out, options)

        window.statusBar().showMessage(f"Writing the report to {out.name}…")
        task = ProjectTask(window.project.path, window.project.coder, job, self)
        task.succeeded.connect(lambda summary: self._saved(out, summary))
        task.failed.connect(self._failed)
        task.finished.connect(self._task_finished)
        self.task = task
        task.start()
        return task

    def _saved(self, out: Path, summary: str) -> None:
        self.window.statusBar().showMessage(f"Saved the report to {out}: {summary}", 10000)
        self.finished.emit(summary)

    def _failed(self, message: str) -> None:
        self.window.statusBar().clearMessage()
        self.window.show_error(message)
        self.finished.emit(None)

    def _task_finished(self) -> None:
        if self.task is not None:
            self.task.deleteLater()
            self.task = None

    def wait(self) -> None:
        """Let a report being written, and a preview being built, finish."""
        if self.task is not None:
            self.task.wait()
        dialog = self.dialog
        if dialog is not None:
            with suppress(RuntimeError):  # closed and deleted already
                dialog.wait()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.wait()
        return False
