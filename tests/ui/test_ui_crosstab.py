"""The Crosstab tab: cells against recounts from the records, clicks that list exactly
what a cell counts, the CSV, the model's contract, empty states, and the window's wiring."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from annotator.domain.filters import DocumentFilter
from annotator.services import Project
from annotator.services.quotes import quotes
from annotator.ui.charts import chart_export
from annotator.ui.charts.crosstab_chart import CrosstabChart
from annotator.ui.charts.crosstab_model import COLUMN_TAG, COLUMN_TOTAL, FIRST_GROUP_COLUMN
from annotator.ui.quotes_view import COLUMN_QUOTE
from comparison_corpus import (
    OUTLET_ORDER,
    build_comparison_project,
    crosstab_base,
    crosstab_recount,
    highlight_ids,
    records,
)


@pytest.fixture
def compared(project: Project) -> Project:
    return build_comparison_project(project)


def crosstab_chart(qtbot, project: Project, variable: str = "outlet",  # type: ignore[no-untyped-def]
                   measure_index: int = 0) -> CrosstabChart:
    chart = CrosstabChart(project)
    qtbot.addWidget(chart)
    chart.resize(1000, 360)
    chart.variable_box.setCurrentText(variable)
    chart.measure_box.setCurrentIndex(measure_index)
    chart.redraw()
    return chart


@pytest.mark.parametrize("measure_index, measure", [(0, "documents"), (1, "highlights")])
def test_cells_equal_a_recount_and_percentages_divide_by_the_groups_base(  # type: ignore[no-untyped-def]
        qtbot, compared: Project, measure_index: int, measure: str) -> None:
    chart = crosstab_chart(qtbot, compared, measure_index=measure_index)
    model = chart.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    found = records(compared, "outlet")
    assert model.columnCount() == FIRST_GROUP_COLUMN + len(OUTLET_ORDER)
    tag_names = [model.index(r, COLUMN_TAG).data() for r in range(model.rowCount())]
    assert tag_names == ["security", "borders", "water", "migration"]
    assert model.index(1, COLUMN_TAG).data(model.DepthRole) == 1
    for row in range(model.rowCount()):
        cells = [model.cell(row, c) for c in range(FIRST_GROUP_COLUMN, model.columnCount())]
        assert [c.group for c in cells] == OUTLET_ORDER
        for cell in cells:
            count = crosstab_recount(found, cell.tag_id, cell.group, measure)
            base = crosstab_base(found, cell.group, measure)
            assert (cell.count, cell.base) == (count, base)
            assert cell.percent == pytest.approx(100 * count / base)
            shown = model.index(row, cells.index(cell) + FIRST_GROUP_COLUMN).data()
            assert shown == (f"{count} ({100 * count / base:.1f}%)" if count else "0")
        total = model.cell(row, COLUMN_TOTAL)
        assert total.total and total.count == sum(c.count for c in cells)
        assert total.base == sum(c.base for c in cells)
    header = model.headerData(FIRST_GROUP_COLUMN, Qt.Orientation.Horizontal)
    meduza = sum(1 for r in found if r.group == "Meduza")
    assert header == f"Meduza\n{meduza} documents"
    tip = model.headerData(FIRST_GROUP_COLUMN, Qt.Orientation.Horizontal,
                           Qt.ItemDataRole.ToolTipRole)
    rule = "the column's documents" if measure == "documents" else "coded highlights"
    assert rule in tip and "more than 100%" in tip
    assert model.headerData(COLUMN_TOTAL, Qt.Orientation.Horizontal).startswith("Total\n")


def test_shading_follows_the_percentage(qtbot, compared: Project) -> None:  # type: ignore[no-untyped-def]
    chart = crosstab_chart(qtbot, compared)
    model = chart.model
    shaded = []
    for row in range(model.rowCount()):
        for column in range(FIRST_GROUP_COLUMN, model.columnCount()):
            cell = model.cell(row, column)
            shade = model.index(row, column).data(Qt.ItemDataRole.BackgroundRole)
            assert (shade is None) == (not cell.percent)
            if shade is not None:
                shaded.append((cell.percent, shade.alpha()))
    shaded.sort()
    assert [alpha for _, alpha in shaded] == sorted(alpha for _, alpha in shaded)
    assert shaded[0][1] < shaded[-1][1]


@pytest.mark.parametrize("measure_index", [0, 1])
def test_clicking_a_cell_lists_exactly_what_it_counts(qtbot, compared: Project,  # type: ignore[no-untyped-def]
                                                      measure_index: int) -> None:
    chart = crosstab_chart(qtbot, compared, measure_index=measure_index)
    chart.show()
    qtbot.waitExposed(chart)
    found = records(compared, "outlet")
    model, view = chart.model, chart.view
    for row in range(model.rowCount()):
        for column in [COLUMN_TOTAL, *range(FIRST_GROUP_COLUMN, model.columnCount())]:
            cell = model.cell(row, column)
            index = model.index(row, column)
            view.scrollTo(index)
            with qtbot.waitSignal(chart.quotesRequested) as blocker:
                qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                                 pos=view.visualRect(index).center())
            query, description = blocker.args
            listed = quotes(compared, query, limit=1000)
            ids = {q.highlight_id for q in listed}
            if cell.total:
                expected = set().union(*(highlight_ids(found, cell.tag_id, g)
                                         for g in OUTLET_ORDER))
                assert description == f"all quotes of {cell.tag}"
            else:
                expected = highlight_ids(found, cell.tag_id, cell.group)
                value = cell.group if cell.group is not None else "no value"
                assert description == f"{cell.tag}, outlet: {value}"
            assert ids == expected
            if measure_index == 0:
                assert len({q.document_id for q in listed}) == cell.count
            else:
                assert len(ids) == cell.count


def test_csv_has_counts_bases_and_percentages(qtbot, compared: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = crosstab_chart(qtbot, compared, measure_index=1)
    assert chart.export_name() == "crosstab-outlet"
    chart_export.save(chart, tmp_path / "x.csv")
    with (tmp_path / "x.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["tag", "group", "total", "group_highlights", "highlights",
                             "percent_of_group_highlights"]
    found = records(compared, "outlet")
    paths = {t: "/".join(p) for t, p in compared.tags.paths().items()}
    expected = []
    for tag_id in [t.tag.id for t in compared.tags.counts()]:
        for group in OUTLET_ORDER:
            count = crosstab_recount(found, tag_id, group, "highlights")
            base = crosstab_base(found, group, "highlights")
            expected.append([paths[tag_id], group or "", "0", str(base), str(count),
                             f"{100 * count / base:.2f}"])
        every = sum(1 for r in found for _, tags in r.highlights if tag_id in tags)
        coded = sum(1 for r in found for _, tags in r.highlights if tags)
        expected.append([paths[tag_id], "", "1", str(coded), str(every),
                         f"{100 * every / coded:.2f}"])
    assert [list(r.values()) for r in rows] == expected
    chart_export.save(chart, tmp_path / "x.png")
    assert (tmp_path / "x.png").stat().st_size > 1000


def test_the_document_filter_and_chosen_tags_restrict_the_crosstab(qtbot, compared: Project) -> None:  # type: ignore[no-untyped-def]
    chart = crosstab_chart(qtbot, compared)
    water = compared.tags.resolve("water")
    where = DocumentFilter(first_day="2019")
    chart.set_tags([water])
    chart.set_document_filter(where)
    chart.redraw()
    kept = set(compared.documents.select(where))
    found = records(compared, "outlet", lambda i: i in kept)
    model = chart.model
    assert model.rowCount() == 1
    groups = [g for g in OUTLET_ORDER if any(r.group == g for r in found)]
    cells = [model.cell(0, c) for c in range(FIRST_GROUP_COLUMN, model.columnCount())]
    assert [(c.group, c.count, c.base) for c in cells] == [
        (g, crosstab_recount(found, water, g, "documents"), crosstab_base(found, g, "documents"))
        for g in groups]
    assert "within the document filter" in chart.note.text()
    query, description = chart.quote_filter(cells[0])
    assert {q.highlight_id for q in quotes(compared, query, limit=1000)} == highlight_ids(
        found, water, cells[0].group)
    assert description.endswith("(within the document filter)")


def test_empty_states_say_what_to_do(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    chart = CrosstabChart(project)
    qtbot.addWidget(chart)
    assert chart.model.rowCount() == 0
    assert chart.note.text().startswith("No document variables yet")
    from annotator.domain.model import NewDocument
    doc = project.documents.add(NewDocument("A", "text", None, attributes={"party": "x"}))
    chart.redraw()
    assert chart.variable == "party" and chart.note.text().startswith("No tags yet")
    project.tags.create("theme")
    project.highlights.create(doc.document_id, 0, 4, [project.tags.resolve("theme")])
    chart.on_changes(project.variables.set_value([doc.document_id], "party", "y"))
    qtbot.waitUntil(lambda: chart.model.rowCount() == 1)
    assert chart.model.cell(0, FIRST_GROUP_COLUMN).group == "y"
    assert chart.note.text().startswith("1 document in 1 group;")


def test_a_cell_click_in_the_window_lists_its_quotes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = window.project
    water = project.tags.find(["water"])
    river = next(i for i in project.documents.ids() if project.documents.get(i).title
                 == "River report")
    project.highlights.create(river, 10, 15, [water])
    window.signals.changed.emit(project.variables.set_value([river], "region", "North"))
    window.charts_dock.raise_()
    window.charts.setCurrentWidget(window.charts.crosstab)
    crosstab = window.charts.crosstab
    qtbot.waitUntil(lambda: crosstab.model.rowCount() == 2)
    row = [crosstab.model.index(r, COLUMN_TAG).data() for r in range(2)].index("water")
    index = crosstab.model.index(row, FIRST_GROUP_COLUMN)
    assert crosstab.model.cell(row, FIRST_GROUP_COLUMN).group == "North"
    qtbot.mouseClick(crosstab.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=crosstab.view.visualRect(index).center())
    model = window.quotes_model
    assert [model.index(r, COLUMN_QUOTE).data() for r in range(model.rowCount())] == ["water"]
    assert window.quotes.banner.text() == "Showing water, region: North"
    window.charts_dock.raise_()  # the click brought the quotes to the front
    # Only the emoji note (no water highlight) passes this filter.
    only_emoji = DocumentFilter(text='"security issue"')
    assert [s.title for s in window.project.documents.summaries(
        window.project.documents.select(only_emoji))] == ["Emoji note"]
    window.charts.set_document_filter(only_emoji)
    qtbot.waitUntil(lambda: crosstab.model.crosstab is not None
                    and crosstab.model.cell(row, COLUMN_TOTAL).count == 0)


def test_a_group_drill_down_holds_under_the_browsers_filter_until_it_changes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The quotes of a group keep to the group (the browser's filter does not replace
    it); a new filter ends the drill-down, whose numbers were counted within the old."""
    project = window.project
    water = project.tags.find(["water"])
    ids = {project.documents.get(i).title: i for i in project.documents.ids()}
    river, emoji = ids["River report"], ids["Emoji note"]
    project.highlights.create(river, 10, 15, [water])
    project.highlights.create(emoji, 0, 2, [water])
    project.variables.set_value([river], "region", "North")
    window.signals.changed.emit(project.variables.set_value([emoji], "region", "South"))
    window.browser.set_document_filter(DocumentFilter(first_day="2019"))
    window.charts_dock.raise_()
    window.charts.setCurrentWidget(window.charts.crosstab)
    crosstab = window.charts.crosstab
    qtbot.waitUntil(lambda: crosstab.model.rowCount() == 2
                    and crosstab.model.columnCount() == FIRST_GROUP_COLUMN + 2)
    row = [crosstab.model.index(r, COLUMN_TAG).data() for r in range(2)].index("water")
    south = FIRST_GROUP_COLUMN + 1
    assert crosstab.model.cell(row, south).group == "South"
    crosstab.quotesRequested.emit(*crosstab.quote_filter(crosstab.model.cell(row, south)))
    model = window.quotes_model
    assert [model.quote_at(r).document_id for r in range(model.rowCount())] == [emoji]
    assert window.quotes.banner.text() == ("Showing water, region: South "
                                           "(within the document filter)")
    window.browser.set_document_filter(DocumentFilter(first_day="2020"))
    assert not window.quotes.banner.isVisibleTo(window.quotes)
    assert model.filter_description == ""
