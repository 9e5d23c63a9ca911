"""The File menu: new, open, recent projects, import and merge (in the background), export,
restore a backup, quit; and the offer of a backup when a project cannot be opened."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QMessageBox,
    QProgressDialog,
)

from ..domain.errors import UserError
from ..services.backups import BackupInfo, list_backups, restore_backup
from ..services.exporting import export_csv, export_json, export_spreadsheet_csv
from ..services.importing import ImportReport, import_paths, tables_in_folders
from ..services.project import Project
from ..services.project_files import is_same_file
from ..services.project_merge import SAME_PROJECT
from ..services.refi_qda import export_qdc, export_qdpx
from .backup_prompts import BackupPrompts, backup_labels, restore_question
from .commands import ImportCommand
from .file_dialogs import choose_folder, choose_open_file, choose_open_files, choose_save_file
from .import_questions import ImportPrompts, TableChoice, ask_import_questions
from .import_summary import import_summary
from .report_actions import ReportActions
from .settings import app_settings, recent_projects, remember_project
from .tasks import ProgressCallback, ProjectTask
from .variable_import_flow import VariableImportFlow

if TYPE_CHECKING:
    from .main_window import MainWindow

PROJECT_FILTER = "Annotator projects (*.annotator);;All files (*)"
#: What File > Merge project… offers: another project, a coded dataset, a REFI-QDA project.
MERGE_FILTER = ("Projects to merge (*.annotator *.json *.qdpx *.qde);;"
                "Annotator projects (*.annotator);;Coded-dataset JSON (*.json);;"
                "REFI-QDA projects (*.qdpx *.qde);;All files (*)")
#: The import summary's line for a folder's table chosen to give variables.
LOADED_AS_VARIABLES = ("a table inside a folder: not imported as documents; its variables "
                       "are previewed once the import has finished")


class FileActions:
    """File menu actions of one window; long work runs as a :class:`ProjectTask`.

    The window's project is closed only by the window; background tasks open their own.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.task: ProjectTask | None = None
        self.export_task: ProjectTask | None = None
        self.progress: QProgressDialog | None = None
        self.last_report: ImportReport | None = None
        self.prompts = BackupPrompts(window)
        self.variables = VariableImportFlow(window)
        self.import_prompts = ImportPrompts(window)
        self.reports = ReportActions(window)
        #: What the running import's answers asked to do once it has finished.
        self._after_import: list[tuple[Callable[[Path], object], Path]] = []

    def populate(self, menu: QMenu) -> None:
        w = self.window
        menu.addAction("New project…", QKeySequence("Ctrl+Shift+N"), self.new_project)
        menu.addAction("Open project…", QKeySequence.StandardKey.Open, self.open_project)
        self.recent_menu = menu.addMenu("Open recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        menu.addAction("Import files…", QKeySequence("Ctrl+I"), self.choose_files)
        menu.addAction("Import folder…", self.choose_folder)
        menu.addAction("Merge project…", self.choose_merge)
        menu.addAction("Import variables…", self.variables.choose)
        menu.addAction("Export coded dataset…", QKeySequence("Ctrl+E"), self.export)
        menu.addAction(self.reports.action)
        menu.addSeparator()
        menu.addAction("Restore backup…", self.restore_backup)
        menu.addSeparator()
        menu.addAction("Quit", QKeySequence.StandardKey.Quit, w.close)
        settings = app_settings()
        remember_project(settings, str(Path(w.project.path).resolve()))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(Path(self.window.project.path).resolve())
        for path in recent_projects(app_settings()):
            if path != current and Path(path).exists():
                self.recent_menu.addAction(path, lambda p=path: self._switch_to(Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No other recent projects").setEnabled(False)

    # -- projects -------------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        """The open project's folder: where the file dialogs start."""
        return Path(self.window.project.path).parent

    def new_project(self) -> None:
        name, _ = choose_save_file(self.window, "New project", self.folder, PROJECT_FILTER)
        if name:
            path = Path(name) if name.endswith(".annotator") else Path(name + ".annotator")
            self._switch_to(path, create=True)

    def open_project(self) -> None:
        name = choose_open_file(self.window, "Open project", self.folder, PROJECT_FILTER)
        if name:
            self._switch_to(Path(name))

    def _switch_to(self, path: Path, *, create: bool = False) -> None:
        from .app import open_project_window

        window = open_project_window(path, create=create, parent_for_errors=self.window,
                                     ask_coder=self.window.coder.asks)
        if window is not None:
            window.show()
            self.window.close()

    # -- backups ----------------------------------------------------------------------------
    def restore_backup(self) -> MainWindow | None:
        """File > Restore backup…: choose one of the project's backups (newest first, with
        date and size), confirm, then this window closes (releasing the file), the backup
        replaces the file (the current one is kept aside) and a new window opens on it.

        Returns the new window, or ``None`` when cancelled or there are no backups. If the
        restore is refused, the project reopens unchanged and says why.
        """
        path = Path(self.window.project.path)
        backups = list_backups(path)
        if not backups:
            self.window.show_error("This project has no automatic backups yet.")
            return None
        labels = backup_labels(backups)
        choice = self.prompts.choose(
            "Restore backup", "Automatic backups of this project, newest first:", labels
        )
        if choice is None:
            return None
        backup = backups[labels.index(choice)]
        if not self.prompts.confirm("Restore backup", restore_question(path, choice)):
            return None
        return self._reopen_restored(path, backup, choice)

    def _reopen_restored(self, path: Path, backup: BackupInfo, label: str) -> MainWindow | None:
        from .app import open_project_window

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        quit_on_last = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # between the two windows there is none
        try:
            self.window.close()
            try:
                aside = restore_backup(path, backup)
                message = f"Restored the backup of {label}." + (
                    f" The replaced file is kept as {aside.name}." if aside else "")
            except UserError as error:
                message = f"The backup was not restored: {error}"
            window = open_project_window(path, ask_coder=self.window.coder.asks)
            if window is None:
                if not any(w.isVisible() for w in app.topLevelWidgets()):
                    app.quit()
                return None
            window.show()
            window.show_error(message)
            return window
        finally:
            app.setQuitOnLastWindowClosed(quit_on_last)

    # -- import -----------------------------------------------------------------------------
    def choose_files(self) -> None:
        names = choose_open_files(self.window, "Import files", self.folder)
        if names:
            self.import_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        name = choose_folder(self.window, "Import folder", self.folder)
        if name:
            self.import_paths([Path(name)])

    def choose_merge(self) -> ProjectTask | None:
        """File > Merge project…: another project file (a colleague's ``.annotator``), a
        coded-dataset ``.json`` or a REFI-QDA project, merged in the background as one
        undo step, its summary (what was added for each coder) shown when done. Choosing
        this very project is refused at once. ``None`` when cancelled or refused."""
        name = choose_open_file(self.window, "Merge project", self.folder, MERGE_FILTER)
        if not name:
            return None
        if is_same_file(name, self.window.project.path):
            self.window.show_error(f"{Path(name).name}: {SAME_PROJECT}.")
            return None
        return self.import_paths([Path(name)])

    def busy(self) -> bool:
        return self.task is not None and self.task.isRunning()

    def finish_export(self) -> None:
        """Let a running export complete (the window is closing): never a half file;
        so does an import of variables."""
        self.variables.wait()
        task, self.export_task = self.export_task, None
        if task is not None:
            with suppress(RuntimeError):  # already finished and deleted by Qt
                task.wait()

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.wait()

    def folder_table_choices(self) -> tuple[TableChoice, ...]:
        """What the window offers for a table found inside an imported folder, in the
        order shown; the first is the default."""
        return (
            TableChoice("Skip it"),
            TableChoice("Import its rows as survey documents", as_survey=True),
            TableChoice("Load as document variables", reason=LOADED_AS_VARIABLES,
                        after_import=self.variables.open),
        )

    def import_paths(self, paths: Sequence[Path]) -> ProjectTask | None:
        """Import files and folders in the background with a cancellable progress dialog.

        First asks how to read each survey given by itself and, once for all of them,
        what to do with the tables inside the folders (:mod:`.import_questions`; the
        folders are walked for tables here, without reading any file). ``None`` when the
        user cancels a question or an import is already running.
        """
        if self.busy():
            self.window.show_error("An import is already running; wait for it to finish.")
            return None
        answers = ask_import_questions(self.import_prompts, paths, tables_in_folders(paths),
                                       self.folder_table_choices())
        if answers is None:
            return None

        def job(project: Project, progress: ProgressCallback) -> ImportReport:
            return import_paths(
                project, list(paths), survey_mappings=answers.survey_mappings,
                folder_surveys=answers.folder_surveys,
                folder_table_reason=answers.table_reasons.get,
                progress=lambda i, total, path: progress(i, total, path.name),
            )

        self.progress = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
        self.progress.setWindowTitle("Import")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        task = ProjectTask(self.window.project.path, self.window.project.coder, job, self.window)
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_imported)
        task.failed.connect(self._on_import_failed)
        task.finished.connect(self._on_finished)
        self.progress.canceled.connect(task.cancel)
        self.task = task
        self._after_import = answers.after_import
        task.start()
        return task

    def _on_progress(self, index: int, total: int, label: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(index)
            self.progress.setLabelText(f"Importing {label} ({index + 1} of {total})…")

    def _on_imported(self, report: ImportReport) -> None:
        self.last_report = report
        if report.cancelled or report.stopped:
            self._after_import = []
        if report.changes:
            self.window.context.push_done(ImportCommand(self.window.context, report))
        self.window.check_external_changes()
        if len(report.failed) == 1 and not (report.changes or report.skipped or report.merged
                                            or report.duplicates):
            self.window.show_error(report.failed[0][1])  # one file, refused: its reason
            return
        summary = import_summary(report)
        icon = QMessageBox.Icon.Warning if report.failed or report.stopped \
            else QMessageBox.Icon.Information
        title = "Merge" if report.merged and not report.imported else "Import"
        box = QMessageBox(icon, title, summary.text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("importSummary")
        if summary.details:
            box.setDetailedText(summary.details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _on_failed(self, message: str) -> None:
        self.window.show_error(message)

    def _on_import_failed(self, message: str) -> None:
        self._after_import = []
        self._on_failed(message)

    def _on_finished(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        if self.task is not None:
            self.task.deleteLater()
            self.task = None
        pending, self._after_import = self._after_import, []
        for then, table in pending:  # once no import is running, so they may start one
            then(table)

    # -- export -----------------------------------------------------------------------------
    def export(self) -> ProjectTask | None:
        name, chosen = choose_save_file(
            self.window, "Export coded dataset", self.folder / f"{self.window.project.name}.json",
            ";;".join(label for label, _ in EXPORT_FORMATS),
        )
        if not name:
            return None
        out = Path(name)
        suffix = out.suffix.lower()
        if suffix not in {s for _, s in EXPORT_FORMATS}:
            suffix = dict(EXPORT_FORMATS).get(chosen, ".json")
            out = out.with_name(out.name + suffix)
        writer = export_writer(chosen, suffix)

        def job(project: Project, _progress: ProgressCallback) -> str:
            return writer(project, out)

        task = ProjectTask(self.window.project.path, self.window.project.coder, job, self.window)
        task.succeeded.connect(lambda summary: self.window.statusBar().showMessage(
            f"Exported to {out}: {summary}", 10000))
        task.failed.connect(self._on_failed)
        task.finished.connect(task.deleteLater)
        self.export_task = task
        task.start()
        return task


#: The spreadsheet variant of the CSV: a BOM, and formula-like cells made inert.
EXCEL_CSV_FORMAT = "CSV for Excel, formulas made inert (*.csv)"
EXPORT_FORMATS = (
    ("Coded dataset JSON (*.json)", ".json"),
    ("CSV for R and pandas, one row per highlight and tag (*.csv)", ".csv"),
    (EXCEL_CSV_FORMAT, ".csv"),
    ("REFI-QDA project for NVivo, ATLAS.ti, MAXQDA (*.qdpx)", ".qdpx"),
    ("REFI-QDA codebook (*.qdc)", ".qdc"),
)
EXPORT_WRITERS: dict[str, Callable[[Project, Path], str]] = {
    ".json": export_json, ".csv": export_csv, ".qdpx": export_qdpx, ".qdc": export_qdc,
}


def export_writer(chosen: str, suffix: str) -> Callable[[Project, Path], str]:
    """The writer for a file named ``*suffix`` saved under the dialog's filter ``chosen``:
    the file's extension decides, and a ``.csv`` saved under "CSV for Excel" gets the
    spreadsheet variant (:func:`~annotator.services.exporting.export_spreadsheet_csv`)."""
    if suffix == ".csv" and chosen == EXCEL_CSV_FORMAT:
        return export_spreadsheet_csv
    return EXPORT_WRITERS[suffix]
