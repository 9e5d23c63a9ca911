"""Edit ▸ Settings…: the installation's settings that a researcher may change (the coder's
name), kept in the window settings (:mod:`.settings`)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..services.project import CODER_ENVIRONMENT, check_coder_name
from .coder_identity import CoderIdentity


class SettingsDialog(QDialog):
    """The coder's name (OK only for a valid one). Accepting changes it in the window now
    and for every later launch; cancelling changes nothing."""

    def __init__(self, identity: CoderIdentity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._identity = identity
        self.name_box = QLineEdit(identity.name, self)
        self.name_box.setObjectName("settingsCoderName")
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        explain = QLabel(
            "Recorded on every highlight and memo you make or change, and shown to your "
            "team when projects are merged and agreement is computed. Highlights made "
            "before keep the name they were made with.", self)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: palette(placeholder-text);")
        box = QGroupBox("Coder", self)
        form = QFormLayout(box)
        form.addRow("Your name:", self.name_box)
        form.addRow("", self.problem)
        form.addRow(explain)
        if identity.explicit is not None:
            given = QLabel(
                f"This session was started as <b>{html.escape(identity.explicit)}</b> "
                f"(--coder or ${CODER_ENVIRONMENT}), which wins over the saved name at "
                "launch.", self)
            given.setTextFormat(Qt.TextFormat.RichText)
            given.setWordWrap(True)
            form.addRow(given)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.name_box.textChanged.connect(self._check)
        self._check(self.name_box.text())
        self.setMinimumWidth(480)

    def _check(self, text: str) -> None:
        problem = check_coder_name(text)
        self.problem.setText(f"{problem[:1].upper()}{problem[1:]}." if problem else "")
        self.problem.setVisible(problem is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def accept(self) -> None:
        name = self.name_box.text().strip()
        if check_coder_name(name) is None:
            self._identity.change(name)
            super().accept()
