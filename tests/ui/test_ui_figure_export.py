"""Exported figures: PNG at 300 dpi of a physical size, SVG with the dates as text and
the markers as vector paths, a title and a caption with N, measure and period, and axis
labels that never overlap."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from annotator.services import Project
from annotator.ui.charts import chart_export
from annotator.ui.charts.date_axis import spaced_labels
from annotator.ui.charts.timeline_chart import TimelineChart
from helpers import add_text

SVG = "{http://www.w3.org/2000/svg}"
#: The path Qt writes for a round marker (pyqtgraph's unit circle, scaled by its group).
CIRCLE = re.compile(r"^M0\.5,0 C")
DATES = ["2016-05-02", "2017-01-15", "2018-07-30", "2019-03-03", "2020-11-11", "2020-12-01"]


@pytest.fixture
def dated(project: Project) -> Project:
    for number, date in enumerate(DATES):
        add_text(project, f"Report {number} on water and water again.", date=date,
                 title=f"Report {number}")
    add_text(project, "Undated water.", title="Undated")
    tag, _ = project.tags.create("water")
    for document in project.documents.ids():
        text = project.documents.text(document)
        for found in re.finditer("water", text):
            project.highlights.create(document, found.start(), found.end(), [tag])
    return project


def _chart(qtbot, project: Project, period: str = "Year") -> TimelineChart:  # type: ignore[no-untyped-def]
    chart = TimelineChart(project)
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.show()
    qtbot.waitExposed(chart)
    chart.period_box.setCurrentText(period)
    return chart


def _texts(root: ET.Element) -> list[str]:
    return [(element.text or "").strip() for element in root.iter(f"{SVG}text")]


def test_svg_has_date_labels_title_caption_and_vector_markers(qtbot, dated: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = _chart(qtbot, dated)
    chart_export.save(chart, tmp_path / "t.svg")
    root = ET.parse(tmp_path / "t.svg").getroot()
    texts = _texts(root)
    years = {int(t) for t in texts if re.fullmatch(r"\d{4}", t)}
    assert {2017, 2018, 2019, 2020} <= years <= set(range(2015, 2022))
    assert not [t for t in texts if re.fullmatch(r"\d{7,}(\.\d+)?", t) or "e+" in t]  # no seconds
    assert "Highlights per year: water" in texts
    # N: the six dated documents, counted here from the dates given; one undated.
    caption = f"N = {len(DATES)} dated documents, 2016 to 2020 (1 undated document not shown)" \
              " · measure: highlights · period: year"
    assert caption in texts
    assert root.find(f".//{SVG}image") is None  # no bitmap anywhere
    circles = [p for p in root.iter(f"{SVG}path") if CIRCLE.match(p.get("d", ""))]
    assert len(circles) >= len(chart.points()) == 5  # a vector marker per year drawn


def test_png_is_300_dpi_at_the_chosen_width(qtbot, dated: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = _chart(qtbot, dated)
    for width_mm in (85.0, 170.0):
        path = tmp_path / f"t{width_mm:g}.png"
        chart_export.save(chart, path, width_mm)
        image = QImage(str(path))
        assert image.dotsPerMeterX() == image.dotsPerMeterY() == round(300 / 0.0254)
        assert image.width() == round(width_mm / 25.4 * 300)
        # In the chart's proportions, with the title and caption lines added.
        assert image.height() / image.width() > chart.plot.height() / chart.plot.width()
        # The markers are drawn, not stamped as striped bitmaps: the marker's colour
        # covers solid discs, so some row of the image holds a long run of it.
        color = chart.series()[0].color.lower()
        assert _longest_run(image, color) >= width_mm / 25.4 * 300 / 400
    chart_export.save(chart, tmp_path / "t.csv")


def _longest_run(image: QImage, color: str) -> int:
    best = 0
    for y in range(0, image.height(), 2):
        run = 0
        for x in range(image.width()):
            run = run + 1 if image.pixelColor(x, y).name() == color else 0
            best = max(best, run)
    return best


def test_date_labels_never_overlap_even_when_narrow(qtbot, dated: Project) -> None:  # type: ignore[no-untyped-def]
    for period, width in (("Day", 320), ("Month", 360), ("Week", 500), ("Year", 330), ("Quarter", 700)):
        chart = _chart(qtbot, dated, period)
        chart.resize(width, 300)
        qtbot.wait(20)
        rects = chart.plot.getPlotItem().getAxis("bottom").label_rects()
        assert rects, period
        for index, (rect, _) in enumerate(rects):
            for other, _ in rects[index + 1:]:
                assert not rect.intersects(other), (period, width)


def test_spaced_labels_drop_those_touching_a_kept_one() -> None:
    texts = [(QRectF(0, 0, 50, 10), 0, "a"), (QRectF(40, 0, 50, 10), 0, "b"),
             (QRectF(60, 0, 30, 10), 0, "c"), (QRectF(53, 0, 5, 10), 0, "d")]
    assert [t for _, _, t in spaced_labels(texts, horizontal=True)] == ["a", "c"]
