"""The look shared by the charts: light background, readable axes, quiet grid."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QToolBar, QWidget

AXIS_COLOR = QColor("#4c566a")
FONT_POINT_SIZE = 10


def configure_plot(plot: pg.PlotItem) -> None:
    """White background, dark axes with a readable font, light grid, no mouse menu."""
    plot.getViewBox().setBackgroundColor("w")
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.setMenuEnabled(False)
    font = QFont()
    font.setPointSize(FONT_POINT_SIZE)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(AXIS_COLOR))
        axis.setTextPen(pg.mkPen(AXIS_COLOR))
        axis.setTickFont(font)
        axis.label.setFont(font)


def empty_text(message: str) -> str:
    """The text shown where a chart has nothing to draw yet."""
    return message


def combo(parent: QWidget, items: list[str], name: str) -> QComboBox:
    """A combo box with ``items`` and an object name (tests find it by name)."""
    box = QComboBox(parent)
    box.setObjectName(name)
    box.addItems(items)
    return box


def chart_toolbar(parent: QWidget, labelled: list[tuple[str, QWidget]],
                  trailing: list[QWidget]) -> QToolBar:
    """A chart's toolbar: labelled controls on the left, ``trailing`` on the right. As a
    ``QToolBar`` it folds what does not fit into a menu, so a narrow dock stays usable."""
    bar = QToolBar(parent)
    bar.setMovable(False)
    for label, widget in labelled:
        if label:
            bar.addWidget(QLabel(f" {label} ", parent))
        bar.addWidget(widget)
    spacer = QWidget(parent)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    for widget in trailing:
        bar.addWidget(widget)
    return bar
