"""Docks that get their room back when the window grows again.

When the window becomes too small for its docks, ``QMainWindow`` narrows them; when it
grows again, it gives every pixel gained to the central widget and leaves the docks
narrow, so the document titles and tag names stay elided ("…") until the user drags the
separators. :class:`DockSizes` remembers the size the user gave each dock (by dragging,
or the default) and hands it back, as far as it fits, after every resize of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

Orientation = Qt.Orientation


class DockSizes(QObject):
    """Keeps the wanted width of the side docks (``across``) and the wanted height of
    the bottom docks (``down``) of ``window``.

    A dock's wanted size is its default (``defaults``; none: its size once first laid
    out, e.g. restored from the saved window state), then the size it has after the
    user lets go of the mouse on the window (a separator dragged, a dock moved). After
    each resize of the window, the first visible docked one of each area gets its
    wanted size back, or as much of it as the window leaves (Qt keeps the central
    widget's minimum). GUI thread only.
    """

    def __init__(self, window: QMainWindow, *, across: list[QDockWidget],
                 down: list[QDockWidget], defaults: dict[QDockWidget, int]) -> None:
        super().__init__(window)
        self._window = window
        self._orientation = {**{d: Orientation.Horizontal for d in across},
                             **{d: Orientation.Vertical for d in down}}
        self._wanted = dict(defaults)
        self._pending = False
        window.installEventFilter(self)

    def wanted(self, dock: QDockWidget) -> int | None:
        """The size ``dock`` gets back when the window has room (``None``: not known yet)."""
        return self._wanted.get(dock)

    @property
    def pending(self) -> bool:
        """Whether the window was resized and the docks are yet to get their sizes back."""
        return self._pending

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Resize and not self._pending:
                self._pending = True  # once the layout has done its own resizing
                QTimer.singleShot(0, self, self._give_back)
            elif event.type() == QEvent.Type.MouseButtonRelease:
                QTimer.singleShot(0, self, self._take_sizes)
        return False

    def _docked(self, orientation: Orientation) -> list[QDockWidget]:
        """The first visible, docked dock of each area that is sized along ``orientation``."""
        first: dict[Qt.DockWidgetArea, QDockWidget] = {}
        for dock, its in self._orientation.items():
            if its == orientation and dock.isVisible() and not dock.isFloating():
                first.setdefault(self._window.dockWidgetArea(dock), dock)
        return list(first.values())

    def _size(self, dock: QDockWidget) -> int:
        horizontal = self._orientation[dock] == Orientation.Horizontal
        return dock.width() if horizontal else dock.height()

    def _take_sizes(self) -> None:
        """The user let go of the mouse: the docks' sizes now are the ones wanted."""
        for orientation in (Orientation.Horizontal, Orientation.Vertical):
            for dock in self._docked(orientation):
                self._wanted[dock] = self._size(dock)

    def _give_back(self) -> None:
        self._pending = False
        for orientation in (Orientation.Horizontal, Orientation.Vertical):
            docks = self._docked(orientation)
            for dock in docks:
                self._wanted.setdefault(dock, self._size(dock))
            if docks:
                self._window.resizeDocks(docks, [self._wanted[d] for d in docks], orientation)
