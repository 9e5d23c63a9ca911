"""Who is coding in the window: one name per installation, kept in the window's settings.

Which name the window's edits record, first found wins:

1. a name given to this process (``annotator --coder NAME`` or ``$ANNOTATOR_CODER``), as
   a command line wins over a configuration file;
2. the name kept in the settings (``coder/name``), chosen in the first-edit question or
   in Edit ▸ Settings…;
3. the login name, and then, in a window opened to work in (``ask`` true), the first
   edit asks once for a name, prefilled with the login name.

Cancelling that question keeps the login name for the rest of the session (every window
of this process) and saves nothing, so the next launch asks again: a name the researcher
never chose is never written into their settings, and the edit they asked for is not
lost to a dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..services.project import Project, check_coder_name, explicit_coder, login_name
from .settings import app_settings

#: The settings key of the coder's name.
CODER_KEY = "coder/name"
#: Whether the question was cancelled in this process (it is not asked again until the
#: next launch).
_declined = False


def stored_coder() -> str | None:
    """The coder's name kept in the settings, or ``None`` (none, or not a valid name)."""
    value = app_settings().value(CODER_KEY, "")
    name = str(value or "").strip()
    return name if name and check_coder_name(name) is None else None


def store_coder(name: str) -> None:
    """Keep ``name`` (valid, see ``check_coder_name``) as this installation's coder."""
    settings = app_settings()
    settings.setValue(CODER_KEY, name.strip())
    settings.sync()


class CoderNameDialog(QDialog):
    """A coder's name, one line: OK is enabled only for a valid name, and the reason a
    name is refused is shown under the field."""

    def __init__(self, name: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your name as a coder")
        self.setObjectName("coderNameDialog")
        text = QLabel(intro, self)
        text.setWordWrap(True)
        self.name_box = QLineEdit(name, self)
        self.name_box.setObjectName("coderName")
        self.name_box.selectAll()
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Coder name:", self.name_box)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name_box.textChanged.connect(self._check)
        self._check(name)
        self.setMinimumWidth(420)

    def _check(self, text: str) -> None:
        problem = check_coder_name(text)
        self.problem.setText(f"{problem[:1].upper()}{problem[1:]}." if problem else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None)

    @property
    def name(self) -> str:
        return self.name_box.text().strip()


FIRST_EDIT_INTRO = (
    "Every highlight records who made it, so that a team can compare its coding and "
    "compute agreement. Which name should your highlights carry? You can change it "
    "later in Edit ▸ Settings…")


def ask_for_name(parent: QWidget, suggestion: str) -> str | None:
    """Ask (modal) for a coder's name, prefilled with ``suggestion``; ``None`` when
    cancelled."""
    dialog = CoderNameDialog(suggestion, FIRST_EDIT_INTRO, parent)
    return dialog.name if dialog.exec() == QDialog.DialogCode.Accepted else None


class CoderIdentity(QObject):
    """The window's coder: sets ``project.coder`` and asks at the first edit.

    ``ask``: whether the first edit may ask (windows opened to work in; tests and the
    bench build windows that never ask). ``asker``: the question itself, replaceable
    (``(parent, suggestion) -> name or None``).

    Signals:
        changed(str): the window's coder is now this name.
    """

    changed = Signal(str)

    def __init__(self, project: Project, parent: QWidget, *, ask: bool = False) -> None:
        super().__init__(parent)
        self._project, self._parent = project, parent
        self.asks = ask
        self.asker: Callable[[QWidget, str], str | None] = ask_for_name
        self.explicit = explicit_coder()
        stored = stored_coder()
        project.coder = self.explicit or stored or login_name()
        #: Whether the name is settled for this session (nothing left to ask).
        self.settled = (not ask or _declined or self.explicit is not None
                        or stored is not None)

    @property
    def name(self) -> str:
        return self._project.coder

    def before_edit(self) -> None:
        """Called before each edit: asks for a name the first time if none is settled
        (another window may have settled it meanwhile)."""
        global _declined
        if self.settled or _declined:
            return
        self.settled = True
        stored = stored_coder()
        answer = stored or self.asker(self._parent, self._project.coder)
        if answer is None:  # cancelled: the login name, for this session only
            _declined = True
            return
        if stored is None:
            store_coder(answer)
        self._set(answer)

    def change(self, name: str) -> None:
        """The name chosen in Settings: kept for the next launches, and used now (even
        over a name given to this process: the researcher just chose it)."""
        store_coder(name)
        self.settled = True
        self._set(name.strip())

    def _set(self, name: str) -> None:
        if name != self._project.coder:
            self._project.coder = name
            self.changed.emit(name)
