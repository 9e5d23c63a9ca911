"""The one app-wide notification channel: what changed in the open project.

Every panel listens to :class:`ProjectSignals` and refreshes only what a
:class:`~annotator.domain.model.Changes` record touches; nobody calls another panel's
refresh method.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..domain.model import Changes


class ProjectSignals(QObject):
    """Emitted on the GUI thread after the project changed.

    Signals:
        changed(Changes): a mutation made in this window (or an undo/redo of one) is
            committed; the record lists what was created, updated and deleted.
        reloaded(): another process (the CLI, a background import) committed to the file;
            anything may have changed, so every view re-reads what it shows.
        failed(str): an action was refused; the message is fit to show as it is.
    """

    changed = Signal(object)
    reloaded = Signal()
    failed = Signal(str)

    def emit_changes(self, changes: Changes) -> None:
        """Emit ``changed`` when ``changes`` is not empty."""
        if changes:
            self.changed.emit(changes)
