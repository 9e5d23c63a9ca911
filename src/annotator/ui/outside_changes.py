"""How the window keeps up with other programs working on its project file.

Once a second :class:`OutsideChanges` asks the project whether another process committed
(``Project.data_version``) and, if so, tells every view to re-read (``reloaded``). It
also asks whether the window's connection still shares the file with the others
(``Project.file_problem``): when it does not (its ``-wal`` was deleted, the file was
replaced: a fork), every edit is refused by the store, and this reconnects and says so in
one sentence; until reconnecting is possible (a background task still holds the old
file), the reason is shown once and edits stay refused.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoStack

from ..domain.errors import UserError
from ..services.project import Project
from .signals import ProjectSignals

POLL_INTERVAL_MS = 1000


class OutsideChanges(QObject):
    """The window's poll of its project file (see the module's docstring)."""

    def __init__(self, project: Project, signals: ProjectSignals, undo_stack: QUndoStack,
                 tell: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._signals = signals
        self._undo_stack = undo_stack
        self._tell = tell
        self._data_version = project.data_version()
        self._fork_message = ""
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> bool:
        """Poll now: True when another process committed (every view was told to re-read).

        A fork is left first (see the module's docstring).
        """
        if self._project.file_problem() is not None and not self._leave_fork():
            return False
        version = self._project.data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self._signals.reloaded.emit()
        return True

    def _leave_fork(self) -> bool:
        """Reconnect to the project file and say so; False (edits stay refused, the reason
        told once) while it cannot be done."""
        try:
            message = self._project.reconnect()
        except UserError as error:
            if str(error) != self._fork_message:
                self._fork_message = str(error)
                self._tell(self._fork_message)
            return False
        self._fork_message = ""
        self._undo_stack.clear()  # its steps were made on the other side of the fork
        self._data_version = -1
        self._tell(message)
        return True
