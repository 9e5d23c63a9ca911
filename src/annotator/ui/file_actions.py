"""The File menu: new, open, recent projects, import (in the background), export, quit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from ..domain.errors import UserError
from ..services.exporting import export_csv, export_json
from ..services.importing import ImportReport, import_paths
from ..services.project import Project
from ..services.refi_qda import export_qdc, export_qdpx
from ..services.surveys import SurveyMapping
from .commands import ImportCommand
from .settings import app_settings, recent_projects, remember_project
from .survey_dialog import SurveyMappingDialog
from .tasks import ProgressCallback, ProjectTask

if TYPE_CHECKING:
    from .main_window import MainWindow

PROJECT_FILTER = "Annotator projects (*.annotator);;All files (*)"
SURVEY_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx"})


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

    def populate(self, menu: QMenu) -> None:
        w = self.window
        menu.addAction("New project…", QKeySequence("Ctrl+Shift+N"), self.new_project)
        menu.addAction("Open project…", QKeySequence.StandardKey.Open, self.open_project)
        self.recent_menu = menu.addMenu("Open recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        menu.addAction("Import files…", QKeySequence("Ctrl+I"), self.choose_files)
        menu.addAction("Import folder…", self.choose_folder)
        menu.addAction("Export coded dataset…", QKeySequence("Ctrl+E"), self.export)
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
    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.window, "New project", "", PROJECT_FILTER)
        if name:
            path = Path(name) if name.endswith(".annotator") else Path(name + ".annotator")
            self._switch_to(path, create=True)

    def open_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open project", "", PROJECT_FILTER)
        if name:
            self._switch_to(Path(name))

    def _switch_to(self, path: Path, *, create: bool = False) -> None:
        from .app import open_project_window

        window = open_project_window(path, create=create, parent_for_errors=self.window)
        if window is not None:
            window.show()
            self.window.close()

    # -- import -----------------------------------------------------------------------------
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.window, "Import files")
        if names:
            self.import_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self.window, "Import folder")
        if name:
            self.import_paths([Path(name)])

    def busy(self) -> bool:
        return self.task is not None and self.task.isRunning()

    def finish_export(self) -> None:
        """Let a running export complete (the window is closing): never a half file."""
        task, self.export_task = self.export_task, None
        if task is not None:
            with suppress(RuntimeError):  # already finished and deleted by Qt
                task.wait()

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.wait()

    def import_paths(self, paths: Sequence[Path]) -> ProjectTask | None:
        """Import files and folders in the background with a cancellable progress dialog."""
        if self.busy():
            self.window.show_error("An import is already running; wait for it to finish.")
            return None

        mappings = ask_survey_mappings(self.window, paths)
        if mappings is None:
            return None  # the user cancelled a survey's mapping dialog

        def job(project: Project, progress: ProgressCallback) -> ImportReport:
            return import_paths(
                project, list(paths), survey_mappings=mappings,
                progress=lambda i, total, path: progress(i, total, path.name),
            )

        self.progress = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
        self.progress.setWindowTitle("Import")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        task = ProjectTask(self.window.project.path, self.window.project.coder, job, self.window)
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_imported)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_finished)
        self.progress.canceled.connect(task.cancel)
        self.task = task
        task.start()
        return task

    def _on_progress(self, index: int, total: int, label: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(index)
            self.progress.setLabelText(f"Importing {label} ({index + 1} of {total})…")

    def _on_imported(self, report: ImportReport) -> None:
        self.last_report = report
        if report.changes:
            sources = [p for p, _ in report.imported] + [p for p, _ in report.merged]
            self.window.context.push_done(
                ImportCommand(self.window.context, sorted(set(sources)), report.changes)
            )
        self.window.check_external_changes()
        lines = report.summary_lines()
        box = QMessageBox(QMessageBox.Icon.Information, "Import", lines[0],
                          QMessageBox.StandardButton.Ok, self.window)
        if len(lines) > 1:
            box.setDetailedText("\n".join(lines[1:]))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _on_failed(self, message: str) -> None:
        self.window.show_error(message)

    def _on_finished(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        if self.task is not None:
            self.task.deleteLater()
            self.task = None

    # -- export -----------------------------------------------------------------------------
    def export(self) -> ProjectTask | None:
        name, chosen = QFileDialog.getSaveFileName(
            self.window, "Export coded dataset", f"{self.window.project.name}.json",
            ";;".join(label for label, _ in EXPORT_FORMATS),
        )
        if not name:
            return None
        out = Path(name)
        suffix = out.suffix.lower()
        if suffix not in {s for _, s in EXPORT_FORMATS}:
            suffix = dict(EXPORT_FORMATS).get(chosen, ".json")
            out = out.with_name(out.name + suffix)
        writer = EXPORT_WRITERS[suffix]

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


EXPORT_FORMATS = (
    ("Coded dataset JSON (*.json)", ".json"),
    ("CSV, one row per highlight and tag (*.csv)", ".csv"),
    ("REFI-QDA project for NVivo, ATLAS.ti, MAXQDA (*.qdpx)", ".qdpx"),
    ("REFI-QDA codebook (*.qdc)", ".qdc"),
)
EXPORT_WRITERS: dict[str, Callable[[Project, Path], str]] = {
    ".json": export_json, ".csv": export_csv, ".qdpx": export_qdpx, ".qdc": export_qdc,
}


def ask_survey_mappings(parent: QWidget, paths: Sequence[Path]) -> dict[Path, SurveyMapping] | None:
    """Ask how to read each survey among ``paths`` (files given directly; surveys inside
    folders use the proposed mapping). ``None`` if the user cancels."""
    mappings: dict[Path, SurveyMapping] = {}
    for path in paths:
        if not (path.is_file() and path.suffix.lower() in SURVEY_SUFFIXES):
            continue
        try:
            dialog = SurveyMappingDialog(path, parent)
        except UserError:
            continue  # unreadable: the import reports why
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        mappings[path] = dialog.mapping
    return mappings
