"""The timeline split by a variable: plotted values against recounts from the records,
the legend, the choice of values past twelve series, clicks, CSV, the document filter."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QAbstractItemModelTester

from annotator.domain.filters import DocumentFilter
from annotator.services import Project
from annotator.services.quotes import quotes
from annotator.ui.charts import chart_export
from annotator.ui.charts.split_picker import MAX_SERIES
from annotator.ui.charts.timeline_chart import TimelineChart
from comparison_corpus import (
    OUTLET_ORDER,
    build_comparison_project,
    highlight_ids,
    records,
    timeline_recount,
)

YEAR = 5  # index of "Year" in the period box


@pytest.fixture
def compared(project: Project) -> Project:
    return build_comparison_project(project)


def split_chart(qtbot, project: Project, split: str = "outlet", tags: list[str] | None = None):  # type: ignore[no-untyped-def]
    chart = TimelineChart(project)
    qtbot.addWidget(chart)
    chart.resize(1100, 420)
    if tags is not None:
        chart.set_tags([project.tags.resolve(t) for t in tags])
    chart.period_box.setCurrentIndex(YEAR)
    chart.split_picker.split_box.setCurrentText(split)
    chart.redraw()
    return chart


def click(qtbot, chart, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph as pg
    scene = chart.plot.getPlotItem().getViewBox().mapViewToScene(pg.Point(x, y))
    pos = chart.plot.mapFromScene(scene)
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))


@pytest.mark.parametrize("measure_index, measure", [(0, "highlights"), (1, "documents"),
                                                    (2, "share")])
def test_split_values_equal_a_recount_from_the_records(qtbot, compared: Project,  # type: ignore[no-untyped-def]
                                                       measure_index: int, measure: str) -> None:
    chart = split_chart(qtbot, compared, tags=["security", "water"])  # 10 series: all drawn
    chart.measure_box.setCurrentIndex(measure_index)
    found = records(compared, "outlet")
    tags = [compared.tags.resolve("security"), compared.tags.resolve("water")]
    assert {(s.tag_id, s.group) for s in chart.series()} == {
        (t, g) for t in tags for g in OUTLET_ORDER}
    drawn = {(p.tag_id, p.group, p.period): p.value for p in chart.points()}
    years = sorted({r.day[:4] for r in found if r.day})
    for (tag_id, group, year), value in drawn.items():
        assert value == pytest.approx(timeline_recount(found, tag_id, group, year, measure))
    if measure == "share":  # a share is drawn only where its group has dated documents
        for tag_id in tags:
            for group in OUTLET_ORDER:
                assert {y for (t, g, y) in drawn if (t, g) == (tag_id, group)} == {
                    r.day[:4] for r in found if r.group == group and r.day}
    else:  # every year of the span, zeros included
        assert {y for (_, _, y) in drawn} == set(map(str, range(int(years[0]),
                                                                int(years[-1]) + 1)))
    undated_highlights = sum(1 for r in found if r.day is None for _, t in r.highlights
                             if set(t) & set(tags))
    assert (f"1 undated document ({undated_highlights} highlights) not shown."
            in chart.note.text())


def test_legend_names_tag_value_and_documents_in_the_variables_order(qtbot, compared: Project) -> None:  # type: ignore[no-untyped-def]
    chart = split_chart(qtbot, compared, tags=["water", "security"])
    found = records(compared, "outlet")
    documents = {g: sum(1 for r in found if r.group == g) for g in OUTLET_ORDER}
    expected = []
    for tag in ("water", "security"):
        for group in OUTLET_ORDER:
            name = "no value" if group is None else group
            n = documents[group]
            expected.append(f"{tag} · {name} ({n} document{'s' * (n != 1)})")
    assert chart.legend.labels() == expected
    series = chart.series()
    # A value keeps its colour across tags; the tags differ by line style.
    by_group: dict[str | None, set[str]] = {}
    for s in series:
        by_group.setdefault(s.group, set()).add(s.color)
    assert all(len(colors) == 1 for colors in by_group.values())
    assert len({colors.pop() for colors in by_group.values()}) == len(OUTLET_ORDER)
    assert len({s.line for s in series if s.tag == "water"}) == 1
    assert {s.line for s in series if s.tag == "water"} != {s.line for s in series
                                                            if s.tag == "security"}
    assert len(chart.legend.samples()) == len(series)
    assert [s.series.label for s in chart.legend.samples()] == expected


def test_past_twelve_series_the_largest_groups_are_drawn_until_values_are_picked(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    """Two tags and eight values make sixteen series: the six largest groups are drawn,
    the note says so; picking values draws exactly those; "every value" draws all."""
    from annotator.domain.model import NewDocument
    water, _ = project.tags.create("water")
    security, _ = project.tags.create("security")
    sizes = {f"R{n}": 8 - n for n in range(8)}  # R0 has 8 documents ... R7 has 1
    index = 0
    for region, size in sizes.items():
        for _ in range(size):
            index += 1
            doc = project.documents.add(NewDocument(
                f"D{index}", f"water security {index}", f"2019-{1 + index % 12:02d}-01",
                attributes={"region": region})).document_id
            project.highlights.create(doc, 0, 5, [water])
            project.highlights.create(doc, 6, 14, [security])
    chart = split_chart(qtbot, project, split="region")
    groups = chart.split_picker.model.groups()
    assert len(groups) == 8 and 2 * len(groups) > MAX_SERIES
    assert groups == list(sizes.items())
    assert {s.group for s in chart.series()} == {"R0", "R1", "R2", "R3", "R4", "R5"}
    assert MAX_SERIES // 2 == 6
    assert "region has 8 values: the 6 largest groups are drawn (12 series)" in chart.note.text()
    model = chart.split_picker.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    for row in range(model.rowCount()):  # keep R1 and R2 only
        index = model.index(row, 0)
        wanted = model.data(index, model.GroupRole) in ("R1", "R2")
        checked = model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        if wanted != checked:
            state = Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked
            assert model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: {s.group for s in chart.series()} == {"R1", "R2"})
    assert len(chart.series()) == 4 and "largest" not in chart.note.text()
    chart.split_picker.all_action.trigger()
    qtbot.waitUntil(lambda: len(chart.series()) == 16)
    assert "16 series are hard to tell apart" in chart.note.text()
    chart.split_picker.largest_action.trigger()
    qtbot.waitUntil(lambda: len(chart.series()) == 12)
    chart.split_picker.split_box.setCurrentIndex(0)  # no split: one series per tag
    qtbot.waitUntil(lambda: [s.split for s in chart.series()] == [False, False])
    assert not chart.split_picker.values_button.isEnabled()


def test_clicking_a_split_point_lists_exactly_what_it_counts(qtbot, compared: Project) -> None:  # type: ignore[no-untyped-def]
    chart = split_chart(qtbot, compared, tags=["security"])
    chart.show()
    qtbot.waitExposed(chart)
    found = records(compared, "outlet")
    security = compared.tags.resolve("security")
    for group in ("RT", None):
        point = max((p for p in chart.points() if p.group == group), key=lambda p: p.value)
        assert point.value > 0
        with qtbot.waitSignal(chart.quotesRequested) as blocker:
            click(qtbot, chart, point.x, point.y)
        query, description = blocker.args
        listed = {q.highlight_id for q in quotes(compared, query, limit=1000)}
        assert listed == highlight_ids(found, security, group, point.period)
        assert len(listed) == point.value
        value = "RT" if group else "no value"
        assert description == (f"security, documents dated {point.period}-01-01 to "
                               f"{point.period}-12-31, outlet: {value}")


def test_split_csv_has_a_group_column(qtbot, compared: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = split_chart(qtbot, compared)
    chart.split_picker.all_action.trigger()  # four tags by five outlets: 20 series
    assert chart.export_name() == "timeline-by-outlet"
    chart_export.save(chart, tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = records(compared, "outlet")
    paths = {t: "/".join(p) for t, p in compared.tags.paths().items()}
    expected = set()
    for tag_id, path in paths.items():
        for group in OUTLET_ORDER:
            for year in {r.day[:4] for r in found if r.day}:
                count = timeline_recount(found, tag_id, group, year, "highlights")
                if count:
                    expected.add((year, path, group or "", int(count)))
    assert {(r["period"], r["tag"], r["group"], int(r["highlights"])) for r in rows
            if r["highlights"] not in ("", "0")} == expected


def test_the_document_filter_restricts_the_split_timeline(qtbot, compared: Project) -> None:  # type: ignore[no-untyped-def]
    chart = split_chart(qtbot, compared, tags=["water"])
    where = DocumentFilter(values={"issue": frozenset({"10"})})
    chart.set_document_filter(where)
    chart.redraw()
    kept = set(compared.documents.select(where))
    found = records(compared, "outlet", lambda i: i in kept)
    groups = [g for g in OUTLET_ORDER if any(r.group == g for r in found)]
    assert [s.group for s in chart.series()] == groups
    water = compared.tags.resolve("water")
    for point in chart.points():
        assert point.value == timeline_recount(found, water, point.group, point.period,
                                               "highlights")
    point = next(p for p in chart.points() if p.value)
    query, description = chart.quote_filter(point)
    listed = {q.highlight_id for q in quotes(compared, query, limit=1000)}
    assert listed == highlight_ids(found, water, point.group, point.period)
    assert description.endswith("(within the document filter)")
    chart.set_document_filter(DocumentFilter())
    chart.redraw()
    assert [s.group for s in chart.series()] == OUTLET_ORDER
