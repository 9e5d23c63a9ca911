"""Saving a chart as PNG or SVG and its table as CSV (shared by every chart).

Every file is written like the project's exports (``services.output_files.atomic_file``):
to a temporary file of its own, renamed into place once complete.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator, QSvgRenderer
from PySide6.QtWidgets import QGraphicsView, QMenu, QMessageBox, QToolButton, QWidget

from ...domain.errors import UserError
from ...services.output_files import atomic_file
from ..file_dialogs import choose_save_file


def save_png(view: QWidget, path: Path, scale: float = 2.0) -> None:
    """Render the chart widget ``view`` to a PNG at ``scale`` times its size (print
    quality), with the proportions seen on screen: the chart is drawn as SVG and the SVG
    rasterised, so lines, text and legend all scale together."""
    renderer = QSvgRenderer(QByteArray(_svg_bytes(view)))
    image = QImage(view.size() * scale, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
    finally:
        painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise UserError(f"{path}: cannot encode the chart as PNG")
    with atomic_file(path, binary=True) as handle:
        handle.write(bytes(buffer.data().data()))


def save_svg(view: QWidget, path: Path) -> None:
    """Write the chart widget ``view`` as SVG (vector, for papers)."""
    data = _svg_bytes(view)
    with atomic_file(path, binary=True) as handle:
        handle.write(data)


def _svg_bytes(view: QWidget) -> bytes:
    """The widget painted by Qt's SVG generator through its own paint path (pyqtgraph's
    SVG exporter cannot parse the path syntax Qt 6.11 writes and fails on any line)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(view.size())
    generator.setViewBox(QRect(0, 0, view.width(), view.height()))
    generator.setResolution(view.logicalDpiX())
    generator.setTitle("Annotator chart")
    painter = QPainter(generator)
    try:
        if isinstance(view, QGraphicsView):
            view.render(painter)  # the scene, through the view's paint path
        else:
            view.render(painter, QPoint())  # a widget such as a table, as shown
    finally:
        painter.end()
    return bytes(buffer.data().data())


def save_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Write a table as RFC 4180 CSV in UTF-8."""
    with atomic_file(path, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def export_button(parent: QWidget, plot_of: PlotSource, name: str) -> QToolButton:
    """A toolbar button whose menu saves the chart (PNG, SVG) or its table (CSV)."""
    button = QToolButton(parent)
    button.setText("Export")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for label, suffix in (("Image (PNG)…", "png"), ("Vector image (SVG)…", "svg"),
                          ("Table (CSV)…", "csv")):
        action = menu.addAction(label)
        action.triggered.connect(
            lambda _checked=False, s=suffix: _ask_and_save(parent, plot_of, name, s)
        )
    button.setMenu(menu)
    return button


class PlotSource:
    """What a chart offers to :func:`export_button`: its ``plot`` widget and its table."""

    plot: pg.PlotWidget

    def plot_item(self) -> pg.PlotItem:
        return self.plot.getPlotItem()

    def plot_view(self) -> QWidget:
        return self.plot

    def export_folder(self) -> str:
        """Where the export dialog starts ("" for the dialog's own choice)."""
        return ""

    def export_name(self) -> str:
        """The file name the export dialog suggests, without suffix ("": the name given
        to :func:`export_button`)."""
        return ""

    def table(self) -> tuple[list[str], list[list[object]]]:  # pragma: no cover - interface
        raise NotImplementedError


def save(source: PlotSource, path: Path) -> None:
    """Save by ``path``'s suffix: ``.png``, ``.svg`` or ``.csv``; raises
    :class:`UserError` naming ``path`` when it cannot be written."""
    suffix = path.suffix.lower()
    if suffix == ".png":
        save_png(source.plot_view(), path)
    elif suffix == ".svg":
        save_svg(source.plot_view(), path)
    elif suffix == ".csv":
        header, rows = source.table()
        save_csv(path, header, rows)
    else:
        raise ValueError(f"cannot save a chart as {suffix}")


def _ask_and_save(parent: QWidget, source: PlotSource, name: str, suffix: str) -> None:
    filters = {"png": "PNG image (*.png)", "svg": "SVG image (*.svg)", "csv": "CSV table (*.csv)"}
    suggested = Path(source.export_folder()) / f"{source.export_name() or name}.{suffix}"
    chosen, _ = choose_save_file(parent, "Export chart", suggested, filters[suffix])
    if not chosen:
        return
    path = Path(chosen)
    if path.suffix.lower() != f".{suffix}":
        path = path.with_name(path.name + f".{suffix}")
    try:
        save(source, path)
    except UserError as error:
        QMessageBox.warning(parent, "Export failed", str(error))
