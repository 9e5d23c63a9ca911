"""Small multiples (one panel per series, x axes linked) and the palettes for colour-blind
readers and greyscale print."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt

from annotator.services import Project
from annotator.ui.charts import chart_export
from annotator.ui.charts.palettes import COLOUR_BLIND_SAFE, GREYS, GREYSCALE
from annotator.ui.charts.series_style import VALUE_COLORS
from annotator.ui.charts.small_multiples import MULTIPLES_FROM
from annotator.ui.charts.timeline_chart import TimelineChart
from helpers import add_text

TAGS = ["apple", "birch", "cedar", "daisy", "elm", "fern", "gorse"]


@pytest.fixture
def seven(project: Project) -> Project:
    """Seven tags, each highlighted in documents of three years."""
    ids = [project.tags.create(name)[0] for name in TAGS]
    for year in (2018, 2019, 2020):
        text = " ".join(TAGS) + f" {year}"
        document = add_text(project, text, date=f"{year}-05-01", title=str(year))
        for tag_id, found in zip(ids, re.finditer(r"[a-z]+", text), strict=False):
            project.highlights.create(document, found.start(), found.end(), [tag_id])
    return project


def _chart(qtbot, project: Project) -> TimelineChart:  # type: ignore[no-untyped-def]
    chart = TimelineChart(project)
    qtbot.addWidget(chart)
    chart.resize(1000, 600)
    chart.show()
    qtbot.waitExposed(chart)
    chart.period_box.setCurrentText("Year")
    return chart


def test_panels_are_offered_from_six_series_and_draw_one_per_series(qtbot, seven: Project) -> None:  # type: ignore[no-untyped-def]
    chart = _chart(qtbot, seven)
    ids = [seven.tags.resolve(name) for name in TAGS]
    chart.set_tags(ids[:MULTIPLES_FROM - 1])
    chart.redraw()
    assert not chart.panels_box.isEnabled()
    chart.set_tags(ids)
    chart.redraw()
    assert chart.panels_box.isEnabled()
    chart.panels_box.setChecked(True)
    assert chart.body.currentWidget() is chart.multiples
    panels = chart.multiples.panels()
    assert len(panels) == len(TAGS)
    assert [p.titleLabel.text for p in panels] == [s.label for s in chart.series()]
    # Each panel draws its series' values, as the single plot does.
    for points, series in zip(chart.multiples.panel_points(), chart.series(), strict=True):
        assert {(p.period, p.value) for p in points} == {
            (p.period, p.value) for p in chart.points() if p.series == series}
        assert {p.value for p in points} == {1.0}
    # Linked x axes: moving one panel's dates moves every panel's (to within a pixel).
    qtbot.wait(50)  # laid out
    first = panels[0].getViewBox()
    first.setXRange(1_500_000_000, 1_560_000_000, padding=0)
    pixel = 60_000_000 / first.width()
    for panel in panels[1:]:
        low, high = panel.getViewBox().viewRange()[0]
        assert low == pytest.approx(1_500_000_000, abs=pixel)
        assert high == pytest.approx(1_560_000_000, abs=pixel)
    chart.panels_box.setChecked(False)
    assert chart.body.currentWidget() is chart.plot and chart.multiples.panels() == []


def test_a_click_in_a_panel_lists_that_points_quotes_and_panels_export(qtbot, seven: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = _chart(qtbot, seven)
    chart.panels_box.setChecked(True)
    qtbot.wait(50)
    panel, points = chart.multiples.panels()[2], chart.multiples.panel_points()[2]
    point = points[1]
    scene = panel.getViewBox().mapViewToScene(pg.Point(point.x, point.y))
    at = chart.multiples.mapFromScene(scene)
    with qtbot.waitSignal(chart.quotesRequested) as blocker:
        qtbot.mouseClick(chart.multiples.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(at.x(), at.y()))
    assert blocker.args == list(chart.quote_filter(point))
    assert point.tag == TAGS[2]
    chart_export.save(chart, tmp_path / "panels.svg")
    texts = [(e.text or "").strip()
             for e in ET.parse(tmp_path / "panels.svg").getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert all(name in texts for name in TAGS)
    qtbot.wait(50)
    chart.grab().save("/tmp/chartlook-panels.png")


def test_greyscale_and_colour_blind_palettes(qtbot, seven: Project) -> None:  # type: ignore[no-untyped-def]
    chart = _chart(qtbot, seven)
    chart.palette_box.setCurrentText(GREYSCALE)
    series = chart.series()
    assert {s.color for s in series} <= set(GREYS)
    # Told apart without colour: every series has its own dash pattern and marker.
    assert len({(s.line, s.symbol) for s in series}) == len(series)
    assert [sample.series.symbol for sample in chart.legend.samples()] == [s.symbol for s in series]
    chart.style_box.setCurrentText("Stacked bars")
    assert len({s.fill for s in chart.series()}) == len(series)
    qtbot.wait(50)
    chart.grab().save("/tmp/chartlook-greyscale.png")
    chart.palette_box.setCurrentText(COLOUR_BLIND_SAFE)
    assert [s.color for s in chart.series()] == list(VALUE_COLORS[:len(TAGS)])
