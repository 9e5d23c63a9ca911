"""The window's file dialogs read no file's bytes, start in the project's folder, and
refuse to write over an open project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo, QTimer
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QTreeView

from annotator.ui import file_dialogs
from annotator.ui.file_dialogs import NameOnlyIconProvider, file_type_name


def test_types_are_told_by_name_alone(qapp, tmp_path: Path) -> None:
    assert file_type_name("study.annotator") == "Annotator project"
    assert file_type_name("study.annotator-wal") == "Annotator project journal"
    assert file_type_name("Interview 3.DOCX") == "Word document"
    assert file_type_name("data.parquet") == "PARQUET file"
    assert file_type_name("README") == "File"
    unreadable = tmp_path / "locked.annotator"
    unreadable.write_bytes(b"SQLite format 3\x00")
    unreadable.chmod(0)  # (root reads it anyway: the provider must not even try)
    provider = NameOnlyIconProvider()
    assert provider.type(QFileInfo(str(unreadable))) == "Annotator project"
    assert provider.type(QFileInfo(str(tmp_path))) == "Folder"
    assert not provider.icon(QFileInfo(str(unreadable))).isNull()
    assert not provider.icon(QAbstractFileIconProvider.IconType.Folder).isNull()


def test_dialogs_start_in_the_project_folder_with_the_safe_provider(window, qtbot) -> None:
    seen: dict[str, object] = {}

    def look_and_cancel() -> None:
        dialog = file_dialogs.last_dialog
        assert dialog is not None
        seen["folder"] = dialog.directory().absolutePath()
        seen["native"] = not dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        seen["provider"] = type(dialog.iconProvider()).__name__
        seen["proxy"] = type(dialog.proxyModel()).__name__
        dialog.reject()

    QTimer.singleShot(100, look_and_cancel)
    window.files.choose_files()
    assert seen == {"folder": str(Path(window.project.path).parent), "native": False,
                    "provider": "NameOnlyIconProvider", "proxy": "HideJournals"}


def test_the_listing_leaves_project_journals_out(window, qtbot) -> None:
    folder = Path(window.project.path).parent
    (folder / "interview.txt").write_text("text", encoding="utf-8")
    dialog = file_dialogs.make_dialog(window, "Import files", folder)
    qtbot.addWidget(dialog)
    view = dialog.findChild(QTreeView, "treeView")
    dialog.show()

    def listed() -> list[str]:
        model = view.model()
        root = view.rootIndex()
        return sorted(model.index(row, 0, root).data() for row in range(model.rowCount(root)))

    qtbot.waitUntil(lambda: "interview.txt" in listed(), timeout=5000)
    assert Path(f"{window.project.path}-wal").exists()
    assert listed() == ["interview.txt", "ui.annotator"]
    dialog.reject()


def test_a_save_dialog_refuses_the_open_project_and_its_journal(window, qtbot) -> None:
    project = Path(window.project.path)
    said: list[str] = []
    answers = [str(project), f"{project}-wal", None]

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            replace = box.button(QMessageBox.StandardButton.Yes)
            QTimer.singleShot(50, answer)  # (before: the click may open the next box)
            if replace is not None:  # Qt's own "replace it?": yes
                replace.click()
            else:
                said.append(box.text())
                box.accept()
            return
        if not answers:
            return
        dialog = file_dialogs.last_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, answer)
            return
        name = answers.pop(0)
        if name is None:
            dialog.reject()
            return
        dialog.findChild(QLineEdit, "fileNameEdit").setText(name)  # typed by the user
        QTimer.singleShot(50, answer)  # (before: accepting opens "replace it?" at once)
        dialog.accept()

    QTimer.singleShot(50, answer)
    assert window.files.export() is None
    assert len(said) == 2 and all("open project file" in text for text in said)
    assert project.exists() and window.project.file_problem() is None
