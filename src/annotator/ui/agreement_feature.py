"""Intercoder agreement in the window: the Agreement dock (tabbed with Quotes, Charts and
the others at the bottom; View ▸ Agreement), whose disagreements open in the editor and
are settled through the undo stack.

:class:`AgreementFeature` builds the dock for a main window and wires it to the window's
signals, editor and undo stack; the window only creates it and shuts it down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMenu

from ..services.disagreements import Disagreement
from .agreement_panel import AgreementPanel
from .coding_commands import KeepCodingCommand

if TYPE_CHECKING:
    from .main_window import MainWindow

#: The bottom docks' height while the Agreement dock is brought up from the menu.
AGREEMENT_HEIGHT = 330


class AgreementFeature(QObject):
    """The Agreement dock (``dock``, holding ``panel``) of one window."""

    def __init__(self, window: MainWindow, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.panel = AgreementPanel(window.project, window)
        self.dock = QDockWidget("Agreement", window)
        self.dock.setObjectName("agreementDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.search.dock, self.dock)
        window.quotes_dock.raise_()
        view_menu.addAction(self.dock.toggleViewAction())
        self.dock.visibilityChanged.connect(self.panel.set_live)
        self.panel.disagreementActivated.connect(window.show_quote)
        self.panel.keepRequested.connect(self.keep)
        window.signals.changed.connect(self.panel.on_changes)
        window.signals.reloaded.connect(self.panel.reload)
        window.tag_model.checkedChanged.connect(self.panel.controls.set_checked_tags)
        self.panel.controls.set_checked_tags(window.tag_model.checked_ids())

    def bring_up(self) -> None:
        """Show the dock in front of its tabs, tall enough for its tables."""
        self.dock.show()
        self.dock.raise_()
        self.window.resizeDocks([self.dock], [AGREEMENT_HEIGHT], Qt.Orientation.Vertical)

    def keep(self, found: Disagreement, coder: str) -> bool:
        """Keep ``coder``'s coding on ``found`` (one undo step); False when refused."""
        result = self.panel.result
        coders = result.report.coders if result is not None else (coder,)
        command = KeepCodingCommand(self.window.context, found.document_id, found.tag_id,
                                    (found.start, found.end), coder, coders)
        if self.window.context.run(command):
            return True
        self.panel.keep_refused()
        return False

    def shutdown(self) -> None:
        """Wait for a computation still running (the window closes its project)."""
        self.panel.shutdown()
