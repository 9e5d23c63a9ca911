"""Saving a chart as PNG or SVG and its table as CSV (shared by every chart).

Every file is written like the project's exports (``services.output_files.atomic_file``):
to a temporary file of its own, renamed into place once complete.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton, QWidget

from ...domain.errors import UserError
from ...services.output_files import atomic_file
from ..file_dialogs import choose_save_file
from .figure_export import COLUMN_MM, PAGE_MM, PNG_DPI, FigureText, figure_png, figure_svg


def save_png(view: QWidget, path: Path, text: FigureText | None = None,
             width_mm: float = PAGE_MM) -> None:
    """Save the chart widget ``view`` (with ``text`` around it) as a PNG ``width_mm``
    wide at 300 dpi, the resolution stored in the file (see ``figure_export``)."""
    image = figure_png(view, text or FigureText(), width_mm)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise UserError(f"{path}: cannot encode the chart as PNG")
    with atomic_file(path, binary=True) as handle:
        handle.write(bytes(buffer.data().data()))


def save_svg(view: QWidget, path: Path, text: FigureText | None = None) -> None:
    """Write the chart widget ``view`` (with ``text`` around it) as SVG (vector, for
    papers)."""
    data = figure_svg(view, text or FigureText())
    with atomic_file(path, binary=True) as handle:
        handle.write(data)


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
    for label, suffix, width in (
            (f"Image for a page width (PNG, {PNG_DPI} dpi, {PAGE_MM / 10:g} cm)…", "png", PAGE_MM),
            (f"Image for one column (PNG, {PNG_DPI} dpi, {COLUMN_MM / 10:g} cm)…", "png",
             COLUMN_MM),
            ("Vector image (SVG)…", "svg", PAGE_MM), ("Table (CSV)…", "csv", PAGE_MM)):
        action = menu.addAction(label)
        action.triggered.connect(
            lambda _checked=False, s=suffix, w=width: _ask_and_save(parent, plot_of, name, s, w)
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

    def figure_text(self) -> FigureText:
        """The title and caption an exported image carries (none by default)."""
        return FigureText()

    def table(self) -> tuple[list[str], list[list[object]]]:  # pragma: no cover - interface
        raise NotImplementedError


def save(source: PlotSource, path: Path, width_mm: float = PAGE_MM) -> None:
    """Save by ``path``'s suffix: ``.png`` (``width_mm`` wide at 300 dpi), ``.svg`` or
    ``.csv``; raises :class:`UserError` naming ``path`` when it cannot be written."""
    suffix = path.suffix.lower()
    if suffix == ".png":
        save_png(source.plot_view(), path, source.figure_text(), width_mm)
    elif suffix == ".svg":
        save_svg(source.plot_view(), path, source.figure_text())
    elif suffix == ".csv":
        header, rows = source.table()
        save_csv(path, header, rows)
    else:
        raise ValueError(f"cannot save a chart as {suffix}")


def _ask_and_save(parent: QWidget, source: PlotSource, name: str, suffix: str,
                  width_mm: float) -> None:
    filters = {"png": "PNG image (*.png)", "svg": "SVG image (*.svg)", "csv": "CSV table (*.csv)"}
    suggested = Path(source.export_folder()) / f"{source.export_name() or name}.{suffix}"
    chosen, _ = choose_save_file(parent, "Export chart", suggested, filters[suffix])
    if not chosen:
        return
    path = Path(chosen)
    if path.suffix.lower() != f".{suffix}":
        path = path.with_name(path.name + f".{suffix}")
    try:
        save(source, path, width_mm)
    except UserError as error:
        QMessageBox.warning(parent, "Export failed", str(error))
