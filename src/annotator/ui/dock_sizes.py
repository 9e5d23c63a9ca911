"""Docks that follow the window when it grows again.

When the window becomes too small for its docks, ``QMainWindow`` narrows them; when it
grows again, it gives every pixel gained to the central widget and leaves the docks
narrow, so the document titles and tag names stay elided ("…") until the user drags the
separators. :class:`DockSizes` remembers the share of the window each dock had (as first
laid out, or as the user last dragged it) and gives it back after every resize of the
window, so that the lists' columns follow the available width both ways.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow

Orientation = Qt.Orientation


class DockSizes(QObject):
    """Keeps the wanted share of the window's width of the docks ``across`` and of its
    height of the docks ``down`` of ``window`` (a dock may be in both).

    A dock's share is taken when the window is first resized (from the sizes the first
    layout or the saved window state gave it), and again each time the user lets go of
    the mouse on the window (a separator dragged, a dock moved). After each resize of the
    window, the docks get their shares back (of the side columns the first visible one,
    of the bottom row each visible one), or as much as the window leaves (Qt keeps the
    docks' and the central widget's minimums). GUI thread only.
    """

    def __init__(self, window: QMainWindow, *, across: list[QDockWidget],
                 down: list[QDockWidget]) -> None:
        super().__init__(window)
        self._window = window
        self._orientation: dict[QDockWidget, set[Orientation]] = {}
        for docks, orientation in ((across, Orientation.Horizontal), (down, Orientation.Vertical)):
            for dock in docks:
                self._orientation.setdefault(dock, set()).add(orientation)
        self._shares: dict[tuple[QDockWidget, Orientation], float] = {}
        self._pending = False
        window.installEventFilter(self)

    @property
    def pending(self) -> bool:
        """Whether the window was resized and the docks are yet to get their shares back."""
        return self._pending

    def wanted(self, dock: QDockWidget,
               orientation: Orientation = Orientation.Horizontal) -> int | None:
        """The width (or height) ``dock`` gets at the window's present size when there is
        room (``None``: not known yet)."""
        share = self._shares.get((dock, orientation))
        return None if share is None else round(share * self._extent(orientation))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Resize:
                assert isinstance(event, QResizeEvent)
                # Before the layout resizes the docks: their sizes are still those laid
                # out for the old size of the window.
                self._take_first_shares(event.oldSize())
                if not self._pending:
                    self._pending = True  # once the layout has done its own resizing
                    QTimer.singleShot(0, self, self._give_back)
            elif event.type() == QEvent.Type.MouseButtonRelease:
                QTimer.singleShot(0, self, self._take_shares)
        return False

    def _docked(self, orientation: Orientation) -> list[QDockWidget]:
        """The visible, docked docks sized along ``orientation``: of an area whose docks
        lie across that direction (the left and right columns, for widths) the first, as
        they share one size; of the others (the bottom row, for widths) every one, but
        one of each group of tabs."""
        across = ((Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
                  if orientation == Orientation.Horizontal
                  else (Qt.DockWidgetArea.TopDockWidgetArea,
                        Qt.DockWidgetArea.BottomDockWidgetArea))
        chosen: list[QDockWidget] = []
        seen: set[Qt.DockWidgetArea] = set()
        for dock, its in self._orientation.items():
            if orientation not in its or not dock.isVisible() or dock.isFloating():
                continue
            area = self._window.dockWidgetArea(dock)
            if area in across and area in seen:
                continue
            if any(other in chosen for other in self._window.tabifiedDockWidgets(dock)):
                continue  # a tab of a group already chosen: the group has one size
            seen.add(area)
            chosen.append(dock)
        return chosen

    def _extent(self, orientation: Orientation) -> int:
        """The window's width or height, at least 1."""
        horizontal = orientation == Orientation.Horizontal
        return max(1, self._window.width() if horizontal else self._window.height())

    def _share(self, dock: QDockWidget, orientation: Orientation) -> float:
        size = dock.width() if orientation == Orientation.Horizontal else dock.height()
        return size / self._extent(orientation)

    def _take_shares(self) -> None:
        """The user let go of the mouse: the docks' shares now are the ones wanted."""
        for orientation in (Orientation.Horizontal, Orientation.Vertical):
            for dock in self._docked(orientation):
                self._shares[dock, orientation] = self._share(dock, orientation)

    def _take_first_shares(self, old: QSize) -> None:
        """The shares of the docks not known yet, from their sizes in a window of size
        ``old`` (nothing while the window had no size yet)."""
        if old.width() <= 0 or old.height() <= 0:
            return
        for orientation in (Orientation.Horizontal, Orientation.Vertical):
            extent = old.width() if orientation == Orientation.Horizontal else old.height()
            for dock in self._docked(orientation):
                size = dock.width() if orientation == Orientation.Horizontal else dock.height()
                self._shares.setdefault((dock, orientation), size / extent)

    def _give_back(self) -> None:
        layout = self._window.layout()
        if layout is not None:  # sizes asked for meanwhile (the first layout) apply first
            layout.activate()
        for orientation in (Orientation.Horizontal, Orientation.Vertical):
            docks = self._docked(orientation)
            known = [d for d in docks if (d, orientation) in self._shares]
            if known:
                self._window.resizeDocks(
                    known, [self.wanted(d, orientation) or 1 for d in known], orientation)
        if layout is not None:
            layout.activate()  # the docks have their sizes when ``pending`` turns False
        self._pending = False
