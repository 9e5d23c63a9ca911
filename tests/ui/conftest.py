"""GUI test fixtures: an offscreen window on a throwaway project file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_fixtures import EMOJI_TEXT

from annotator.domain.model import NewDocument
from annotator.services import Project


class ScriptedPrompts:
    """Stands in for the tag panel's dialogs: answers are queued by the test."""

    def __init__(self) -> None:
        self.texts: list[str | None] = []
        self.colors: list[str | None] = []
        self.confirm_answer = True
        self.confirmations: list[str] = []
        self.actions: list[str | None] = []  # answers to choose_action
        self.questions: list[tuple[str, tuple[str, ...]]] = []
        self.destinations: list[int | str | None] = []  # a parent id, None (top), "cancel"
        self.destination_dialogs: list = []  # type: ignore[type-arg]

    def text(self, title: str, label: str, value: str = "") -> str | None:
        return self.texts.pop(0)

    def color(self, current: str) -> str | None:
        return self.colors.pop(0)

    def confirm(self, title: str, message: str) -> bool:
        self.confirmations.append(message)
        return self.confirm_answer

    def choose_action(self, title: str, message: str, actions: tuple[str, ...]) -> str | None:
        self.questions.append((message, actions))
        answer = self.actions.pop(0)
        assert answer is None or answer in actions
        return answer

    def destination(self, tags, moving, *, merging=False):  # type: ignore[no-untyped-def]
        """Drives the real dialog: picks the queued tag (or None: the top level) if the
        dialog offers it (None when it does not, as a user could not pick it either)."""
        from annotator.ui.tag_destination_dialog import TagDestinationDialog

        dialog = TagDestinationDialog(tags, moving, merging=merging)
        self.destination_dialogs.append(dialog)
        wanted = self.destinations.pop(0)
        if wanted == "cancel" or not dialog.choose(wanted):  # type: ignore[arg-type]
            return None
        dialog.accept()
        return dialog.destination


FORGOTTEN_DIALOG_S = 20


@pytest.fixture(autouse=True)
def no_forgotten_file_dialog(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A file dialog that no test answers would wait forever: it is closed after
    ``FORGOTTEN_DIALOG_S`` seconds and the test fails, naming it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    forgotten: list[str] = []

    def close_forgotten() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.isVisible():
                forgotten.append(widget.windowTitle())
                widget.reject()

    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(close_forgotten)
    watchdog.start(FORGOTTEN_DIALOG_S * 1000)
    yield
    watchdog.stop()
    assert not forgotten, f"a file dialog was left open: {forgotten}"


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """A project file with two documents (one with an emoji) and two tags."""
    path = tmp_path / "ui.annotator"
    with Project.open(path, coder="tester") as project:
        project.documents.add(NewDocument("Emoji note", EMOJI_TEXT, "2020-01-02"))
        project.documents.add(
            NewDocument("River report", "The river water level fell in summer.", "2019-05-01")
        )
        project.tags.create("security")
        project.tags.create("water")
    return path


@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator:
    """The main window on ``project_file``, shown offscreen; closed after the test."""
    from annotator.ui.app import create_main_window

    win = create_main_window(project_file)
    qtbot.addWidget(win)
    win.tag_panel.prompts = ScriptedPrompts()
    win.show()
    yield win
    win.close()
