"""The window's first layout: where the docks go and how much room each gets.

Documents on the left, tags and memos on the right; below the editor, across the
documents' column too, the quotes (with the variables, search and memo list as tabs
behind them) beside the charts, so that the timeline is on screen from the first launch
at a readable size, and a click on it lists its quotes next to it. A layout the user
arranged is restored instead (``MainWindow._restore_state``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

#: The first size of the window, unless the screen is smaller.
FIRST_SIZE = QSize(1400, 900)
#: The share of the height the quotes and charts row takes, and the charts' share of it.
LOWER_ROW_SHARE = 0.45
CHARTS_SHARE = 0.6

MakeDock = Callable[[str, str, QWidget, Qt.DockWidgetArea], QDockWidget]


def build_docks(window: QMainWindow, make_dock: MakeDock, panes: tuple[QWidget, ...]
                ) -> tuple[QDockWidget, QDockWidget, QDockWidget, QDockWidget]:
    """Docks for the ``panes`` documents, tags, quotes and charts of ``window``, placed;
    returns them in that order. Docks added later as tabs go behind the quotes."""
    left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    browser, tag_panel, quote_list, chart_tabs = panes
    documents = make_dock("Documents", "documentsDock", browser, left)
    tags = make_dock("Tags", "tagsDock", tag_panel, right)
    quotes = make_dock("Quotes", "quotesDock", quote_list, bottom)
    charts = make_dock("Charts", "chartsDock", chart_tabs, bottom)
    window.splitDockWidget(quotes, charts, Qt.Orientation.Horizontal)
    window.setCorner(Qt.Corner.BottomLeftCorner, bottom)
    window.setCorner(Qt.Corner.BottomRightCorner, right)
    return documents, tags, quotes, charts


def first_size(window: QMainWindow) -> QSize:
    """:data:`FIRST_SIZE`, or the screen's free area when smaller."""
    screen = window.screen()
    free = screen.availableGeometry() if screen is not None else None
    if free is None or free.isEmpty():
        return FIRST_SIZE
    return FIRST_SIZE.boundedTo(free.size())


def default_dock_sizes(window: QMainWindow, docks: tuple[QDockWidget, ...]) -> None:
    """Share ``window`` (already of its size) between the ``docks`` of
    :func:`build_docks`: side columns of about a quarter, the lower row under half the
    height, the charts the larger part of it."""
    width, height = window.width(), window.height()
    side = max(240, min(360, width // 4))
    documents, tags, quotes, charts = docks
    window.resizeDocks([documents, tags], [side, side], Qt.Orientation.Horizontal)
    window.resizeDocks([charts], [max(260, int(height * LOWER_ROW_SHARE))],
                       Qt.Orientation.Vertical)
    lower = width - side
    window.resizeDocks([quotes, charts], [int(lower * (1 - CHARTS_SHARE)),
                                          int(lower * CHARTS_SHARE)], Qt.Orientation.Horizontal)
