"""A chart as a figure for a paper: an optional title above it, an optional caption line
below, drawn as vectors into SVG or rasterised into a PNG of a physical size at 300 dpi.

The chart is painted through its own paint path (``QWidget.render``), so what is saved is
what the screen shows: its text, its legend beside the plot, and its markers as vector
paths (see ``timeline_drawing``). A PNG is painted at the screen's resolution scaled up
to its pixel size (through the SVG), then labelled with its dots per inch, so its text is
as large relative to the chart on paper as on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPaintDevice, QPainter
from PySide6.QtSvg import QSvgGenerator, QSvgRenderer
from PySide6.QtWidgets import QGraphicsView, QWidget

from .style import AXIS_COLOR

#: Print resolution of an exported PNG, and the widths offered, in millimetres.
PNG_DPI = 300
COLUMN_MM = 85.0
PAGE_MM = 170.0
TITLE_PX = 15
CAPTION_PX = 11
MARGIN_PX = 8
INCH_MM = 25.4


@dataclass(frozen=True)
class FigureText:
    """What a figure says around its chart (empty: nothing drawn)."""

    title: str = ""
    caption: str = ""


def _font(pixels: int, bold: bool) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _text_height(text: str, font: QFont, width: int) -> int:
    if not text:
        return 0
    bounds = QFontMetrics(font).boundingRect(QRect(0, 0, width - 2 * MARGIN_PX, 10_000),
                                             int(Qt.TextFlag.TextWordWrap), text)
    return bounds.height() + MARGIN_PX


def figure_size(view: QWidget, text: FigureText) -> QSize:
    """The figure's size in screen pixels: the chart, and its title and caption lines."""
    width = view.width()
    return QSize(width, view.height() + _text_height(text.title, _font(TITLE_PX, True), width)
                 + _text_height(text.caption, _font(CAPTION_PX, False), width))


def paint_figure(painter: QPainter, view: QWidget, text: FigureText) -> None:
    """Paint the title, the chart ``view`` and the caption, in screen pixels from (0, 0)."""
    width = view.width()
    title_font, caption_font = _font(TITLE_PX, True), _font(CAPTION_PX, False)
    top = _text_height(text.title, title_font, width)
    painter.setPen(QColor(AXIS_COLOR))
    if text.title:
        painter.setFont(title_font)
        painter.drawText(QRectF(MARGIN_PX, MARGIN_PX / 2, width - 2 * MARGIN_PX, top),
                         int(Qt.TextFlag.TextWordWrap), text.title)
    if isinstance(view, QGraphicsView):
        view.render(painter, QRectF(0, top, width, view.height()), view.viewport().rect())
    else:
        view.render(painter, QPoint(0, top))  # a widget such as a table, as shown
    if text.caption:
        painter.setPen(QColor(AXIS_COLOR))
        painter.setFont(caption_font)
        below = top + view.height()
        painter.drawText(QRectF(MARGIN_PX, below + MARGIN_PX / 2, width - 2 * MARGIN_PX,
                                _text_height(text.caption, caption_font, width)),
                         int(Qt.TextFlag.TextWordWrap), text.caption)


def figure_svg(view: QWidget, text: FigureText) -> bytes:
    """The figure as SVG (vector: lines, markers and text stay sharp at any size)."""
    size = figure_size(view, text)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    generator.setResolution(view.logicalDpiX())
    generator.setTitle(text.title or "Annotator chart")
    generator.setDescription(text.caption)
    _paint_on(generator, view, text)
    return bytes(buffer.data().data())


def figure_png(view: QWidget, text: FigureText, width_mm: float = PAGE_MM,
               dpi: int = PNG_DPI) -> QImage:
    """The figure as an image ``width_mm`` wide at ``dpi`` (its pixel width is
    ``width_mm / 25.4 * dpi``, its height in the chart's proportions), labelled with that
    resolution. It is the SVG rasterised: painted directly at scale, markers and cosmetic
    lines would keep their screen size in pixels and come out tiny."""
    size = figure_size(view, text)
    width = round(width_mm / INCH_MM * dpi)
    image = QImage(QSize(width, round(size.height() * width / size.width())),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    renderer = QSvgRenderer(QByteArray(figure_svg(view, text)))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
    finally:
        painter.end()
    dots_per_meter = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    return image


def _paint_on(device: QPaintDevice, view: QWidget, text: FigureText) -> None:
    painter = QPainter(device)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_figure(painter, view, text)
    finally:
        painter.end()
