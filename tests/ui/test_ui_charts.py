"""The charts, driven as a user would: numbers, drill-down clicks, export, live updates."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from annotator.services import Project
from annotator.services.autocode import autocode, compile_pattern
from annotator.services.quotes import QuoteFilter
from annotator.services.statistics import compute_stats, cooccurrence
from annotator.ui.charts import chart_export
from annotator.ui.charts.frequency_chart import FrequencyChart
from annotator.ui.charts.timeline_chart import PERIOD_CHOICES, TimelineChart
from helpers import add_text

TEXTS = [
    ("2018-02-12", "Security and water. Water security matters."),
    ("2018-03-01", "Labour migration and security."),
    ("2019-07-15", "Water, water everywhere."),
    ("2019-11-30T10:00", "Migration of workers; security of borders."),
    (None, "Undated text about water."),
]


@pytest.fixture
def coded(project: Project) -> Project:
    for date, text in TEXTS:
        add_text(project, text, date=date, title=text[:10])
    for tag, phrase in (("security", "security"), ("water", "water"), ("migration", "migration")):
        autocode(project, tag, compile_pattern(phrase=phrase))
    project.highlights.create(1, 0, 18, [project.tags.resolve("security"), project.tags.resolve("water")])
    return project


def _click(qtbot, chart, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    view = chart.plot.getPlotItem().getViewBox()
    scene = view.mapViewToScene(__import__("pyqtgraph").Point(x, y))
    pos = chart.plot.mapFromScene(scene)
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))


@pytest.mark.parametrize("period_index", range(1, len(PERIOD_CHOICES)))
@pytest.mark.parametrize("measure_index", [0, 1, 2])
def test_timeline_draws_the_stats_numbers(qtbot, coded: Project, period_index: int, measure_index: int) -> None:  # type: ignore[no-untyped-def]
    chart = TimelineChart(coded)
    qtbot.addWidget(chart)
    chart.period_box.setCurrentIndex(period_index)
    chart.measure_box.setCurrentIndex(measure_index)
    period = PERIOD_CHOICES[period_index][1]
    measure = chart.measure
    expected = compute_stats(coded, by=period, measure=measure).timeline  # type: ignore[arg-type]
    drawn = {(p.period, p.tag): p.value for p in chart.points() if p.value}
    want = {(r.period, r.tag): (r.share if measure == "share" else getattr(r, measure)) for r in expected}
    assert drawn == pytest.approx(want)
    assert "1 undated document (1 highlight) not shown" in chart.note.text()


def test_clicking_a_point_asks_for_its_quotes_and_hover_describes_it(qtbot, coded: Project) -> None:  # type: ignore[no-untyped-def]
    chart = TimelineChart(coded)
    qtbot.addWidget(chart)
    chart.resize(900, 500)
    chart.show()
    chart.period_box.setCurrentIndex(3)  # month
    qtbot.waitExposed(chart)
    water = coded.tags.resolve("water")
    point = next(p for p in chart.points() if p.tag_id == water and p.period == "2019-07")
    assert chart.describe(point) == "2019-07 · water · 2"
    with qtbot.waitSignal(chart.quotesRequested) as blocker:
        _click(qtbot, chart, point.x, point.y)
    assert blocker.args == [QuoteFilter((water,), first_day="2019-07-01", last_day="2019-07-31"),
                            "water, documents dated 2019-07-01 to 2019-07-31"]


def test_stacked_bars_stack_and_date_range_filter(qtbot, coded: Project) -> None:  # type: ignore[no-untyped-def]
    chart = TimelineChart(coded)
    qtbot.addWidget(chart)
    chart.period_box.setCurrentIndex(5)  # year
    chart.style_box.setCurrentIndex(1)
    tops = {}
    for p in chart.points():
        assert p.y == pytest.approx(p.y0 + p.value)
        tops[p.period] = max(tops.get(p.period, 0), p.y)
    totals = {}
    for r in compute_stats(coded, by="year").timeline:
        totals[r.period] = totals.get(r.period, 0) + r.highlights
    assert tops == totals
    with qtbot.waitSignal(chart.dateRangeSelected) as blocker:
        chart.range_button.setChecked(True)
    first, last = blocker.args
    assert first < last
    with qtbot.waitSignal(chart.dateRangeSelected) as blocker:
        chart.range_button.setChecked(False)
    assert blocker.args == ["", ""]


def test_timeline_follows_changes_throttled(qtbot, coded: Project) -> None:  # type: ignore[no-untyped-def]
    chart = TimelineChart(coded)
    qtbot.addWidget(chart)
    chart.period_box.setCurrentIndex(5)
    before = sum(p.value for p in chart.points())
    redraws = []
    original = chart.redraw
    chart._redraw_timer.timeout.disconnect()
    chart._redraw_timer.timeout.connect(lambda: (redraws.append(1), original()))
    result = autocode(coded, "water", compile_pattern(phrase="everywhere"))
    for _ in range(20):  # a burst of change notifications gives one redraw
        chart.on_changes(result.changes)
    assert redraws == []  # nothing redrawn on the spot
    qtbot.waitUntil(lambda: sum(p.value for p in chart.points()) == before + 1, timeout=3000)
    assert redraws == [1]


def test_exports_png_svg_and_csv(qtbot, coded: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = TimelineChart(coded)
    qtbot.addWidget(chart)
    chart.resize(800, 400)
    chart.period_box.setCurrentIndex(3)
    chart_export.save(chart, tmp_path / "t.png")
    chart_export.save(chart, tmp_path / "t.svg")
    chart_export.save(chart, tmp_path / "t.csv")
    image = QImage(str(tmp_path / "t.png"))
    assert image.width() == round(170 / 25.4 * 300)  # a page width at 300 dpi
    assert (tmp_path / "t.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    stats = compute_stats(coded, by="month").timeline
    assert [(r["period"], r["tag"], int(r["highlights"])) for r in rows] == [
        (r.period, r.tag, r.highlights) for r in stats]
    assert rows[0]["first_day"].endswith("-01")


def test_frequency_bars_sort_and_drill_down(qtbot, coded: Project) -> None:  # type: ignore[no-untyped-def]
    chart = FrequencyChart(coded)
    qtbot.addWidget(chart)
    chart.resize(700, 400)
    chart.show()
    qtbot.waitExposed(chart)
    counts = {c.tag.name: c.highlights for c in coded.tags.counts()}
    assert [b.path for b in chart.bars()] == sorted(counts, key=lambda n: (-counts[n], n))
    assert {b.path: b.highlights for b in chart.bars()} == counts
    chart.sort_box.setCurrentIndex(1)
    assert [b.path for b in chart.bars()] == sorted(counts)
    top = chart.bars()[0]
    with qtbot.waitSignal(chart.quotesRequested) as blocker:
        _click(qtbot, chart, top.highlights / 2, len(chart.bars()) - 1)
    assert blocker.args == [QuoteFilter((top.tag_id,)), f"all quotes of {top.path}"]


def test_parent_counts_can_include_children(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    doc = add_text(project, "one two three four")
    parent, _ = project.tags.create("parent")
    child, _ = project.tags.create("child", parent_id=parent)
    project.highlights.create(doc, 0, 3, [parent, child])
    project.highlights.create(doc, 4, 7, [child])
    chart = FrequencyChart(project)
    qtbot.addWidget(chart)
    assert {b.path: b.highlights for b in chart.bars()} == {"parent": 1, "parent/child": 2}
    chart.children_box.setChecked(True)
    assert {b.path: b.highlights for b in chart.bars()} == {"parent": 2, "parent/child": 2}


def test_cooccurrence_heat_map_cells_and_click(qtbot, coded: Project) -> None:  # type: ignore[no-untyped-def]
    chart = FrequencyChart(coded)
    qtbot.addWidget(chart)
    chart.resize(700, 500)
    chart.show()
    chart.view_box.setCurrentIndex(1)
    qtbot.waitExposed(chart)
    tags = [t.id for t in coded.tags.all()]
    expected = cooccurrence(coded, tags, by="highlights")
    assert {(c.row, c.column): c.count for c in chart.cells()} == {
        (a, b): expected.get((a, b), 0) for a in tags for b in tags}
    security, water = coded.tags.resolve("security"), coded.tags.resolve("water")
    row, column = tags.index(security), tags.index(water)
    n = len(tags)
    with qtbot.waitSignal(chart.quotesRequested) as blocker:
        _click(qtbot, chart, column + 0.5, n - 1 - row + 0.5)
    assert blocker.args == [QuoteFilter((security, water), together=True),
                            "quotes where security and water meet"]
    header, rows = chart.table()
    assert header == ["tag", "other_tag", "highlights"] and len(rows) == n * n
