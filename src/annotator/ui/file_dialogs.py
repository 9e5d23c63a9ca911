"""Every file dialog of the window, made so that it never reads a file's bytes.

Qt's file dialog guesses each listed file's type and icon from its content when the
name's extension is unknown (``QMimeDatabase`` sniffs the first bytes): it opens and
closes ``NAME.annotator``, ``-wal`` and ``-shm``. Closing any descriptor of a file drops
every POSIX lock that the process holds on it, SQLite's included, and another process
may then delete the WAL under the open project (see ``store/file_guard.py``). GTK's
native dialog, which Qt uses in-process under some desktops, sniffs the same way.

So every dialog here is Qt's own widget dialog (on Windows, whose locks belong to
handles, the native one is kept) with :class:`NameOnlyIconProvider`, which names types
and picks icons from file names alone. Dialogs start in the project's folder, leave the
projects' journal files out, and a save dialog refuses a name that is an open project
file or one of its journals.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo, QModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFileIconProvider,
    QHeaderView,
    QMessageBox,
    QTreeView,
    QWidget,
)

from ..services.project_files import is_open_project_file

PROJECT_SUFFIX = ".annotator"
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
#: The last dialog built (tests and the regression harness find and close it here).
last_dialog: QFileDialog | None = None


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from a file's name alone: it never opens the file.

    Qt calls it from the file dialog's gatherer thread; the icons are made once, on the
    GUI thread, when the provider is created.
    """

    def __init__(self) -> None:
        super().__init__()
        standard = QFileIconProvider()
        self._file = standard.icon(QAbstractFileIconProvider.IconType.File)
        self._folder = standard.icon(QAbstractFileIconProvider.IconType.Folder)
        self._drive = standard.icon(QAbstractFileIconProvider.IconType.Drive)

    def icon(self, what: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:  # type: ignore[override]
        if isinstance(what, QAbstractFileIconProvider.IconType):
            return self._folder if what == QAbstractFileIconProvider.IconType.Folder else self._file
        if what.isRoot():
            return self._drive
        return self._folder if what.isDir() else self._file

    def type(self, info: QFileInfo) -> str:
        if info.isRoot():
            return "Drive"
        if info.isDir():
            return "Folder"
        return file_type_name(info.fileName())


def file_type_name(name: str) -> str:
    """What a file is, told by its name: "Annotator project", "Text file", "CSV file"..."""
    lowered = name.lower()
    if lowered.endswith(PROJECT_SUFFIX):
        return "Annotator project"
    if _is_journal(lowered):
        return "Annotator project journal"
    suffix = Path(lowered).suffix.lstrip(".")
    return KNOWN_TYPES.get(suffix, f"{suffix.upper()} file" if suffix else "File")


KNOWN_TYPES = {
    "txt": "Text file", "md": "Markdown file", "markdown": "Markdown file",
    "docx": "Word document", "odt": "OpenDocument text", "rtf": "RTF document",
    "html": "HTML page", "htm": "HTML page", "pdf": "PDF document", "csv": "CSV file",
    "tsv": "TSV file", "xlsx": "Excel workbook", "json": "JSON file",
    "qdpx": "REFI-QDA project", "qde": "REFI-QDA project", "qdc": "REFI-QDA codebook",
    "png": "PNG image", "svg": "SVG image",
}
_provider: NameOnlyIconProvider | None = None


def _icon_provider() -> NameOnlyIconProvider:
    """One provider for the process: it must outlive every dialog's gatherer thread."""
    global _provider
    if _provider is None:
        _provider = NameOnlyIconProvider()
    return _provider


class HideJournals(QSortFilterProxyModel):
    """Leaves SQLite's ``-wal``, ``-shm`` and ``-journal`` files of projects out of a file
    dialog's listing: they are parts of a project, never something to open or import."""

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        name = self.sourceModel().index(row, 0, parent).data()
        return not (isinstance(name, str) and _is_journal(name))


def _is_journal(name: str) -> bool:
    lowered = name.lower()
    return any(lowered.endswith(PROJECT_SUFFIX + suffix) for suffix in JOURNAL_SUFFIXES)


def make_dialog(parent: QWidget | None, title: str, folder: str | Path = "",
                filters: str = "") -> QFileDialog:
    """A file dialog that reads no file's bytes (see the module's docstring), without
    project journals in its listing, with columns wide enough to read."""
    global last_dialog
    dialog = QFileDialog(parent, title, str(folder), filters)
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setProxyModel(HideJournals(dialog))
    dialog.setIconProvider(_icon_provider())
    dialog.resize(860, 520)
    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 90), (2, 170), (3, 150)):
            header.resizeSection(column, width)
    last_dialog = dialog
    return dialog


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    """Show ``dialog`` modally; the files chosen (none if cancelled) and the name filter."""
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return [], ""
        return dialog.selectedFiles(), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def choose_open_file(parent: QWidget | None, title: str, folder: str | Path = "",
                     filters: str = "") -> str:
    """One existing file, or "" when cancelled."""
    dialog = make_dialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen, _ = _run(dialog)
    return chosen[0] if chosen else ""


def choose_open_files(parent: QWidget | None, title: str, folder: str | Path = "",
                      filters: str = "") -> list[str]:
    """Existing files (none when cancelled)."""
    dialog = make_dialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)[0]


def choose_folder(parent: QWidget | None, title: str, folder: str | Path = "") -> str:
    """An existing folder, or "" when cancelled."""
    dialog = make_dialog(parent, title, folder)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen, _ = _run(dialog)
    return chosen[0] if chosen else ""


def choose_save_file(parent: QWidget | None, title: str, suggested: str | Path = "",
                     filters: str = "") -> tuple[str, str]:
    """A file name to write and the name filter selected, or ``("", "")`` when cancelled.

    An open project file or one of its journals is refused with a message, and the
    dialog comes back for another choice.
    """
    while True:
        dialog = make_dialog(parent, title, suggested, filters)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        chosen, name_filter = _run(dialog)
        if not chosen:
            return "", ""
        if not is_open_project_file(chosen[0]):
            return chosen[0], name_filter
        QMessageBox.warning(parent, title, refused_target_message(chosen[0]))
        suggested = Path(chosen[0]).parent


def refused_target_message(name: str | Path) -> str:
    """Why a file cannot be written over: it is a project that is open, or its journal."""
    return (f"{Path(name).name} is an open project file (or one of its journals); "
            "writing over it would destroy the project. Choose another name.")
