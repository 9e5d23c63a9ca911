"""The split timeline and the crosstab on the Kremlin corpus with its ``index.csv`` loaded
as variables, in a 1366×768 window: what a reviewer checks in the screenshots (legend
beside the data, names not overlapping, headers not cut, readable fonts), with the
numbers tied to the index itself."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetrics

from annotator.services import Project
from annotator.services.autocode import autocode, compile_pattern
from annotator.services.importing import import_paths
from annotator.ui.charts.crosstab_model import COLUMN_TAG, COLUMN_TOTAL, FIRST_GROUP_COLUMN
from annotator.ui.charts.timeline_legend import POINT_SIZE, PlainLabel, SeriesSample

PLACES = ["Moscow", "Novo-Ogaryovo, Moscow Region", "Sochi", "The Kremlin, Moscow", None]


def read_index(folder: Path) -> list[dict[str, str]]:
    with (folder / "index.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def kremlin(tmp_path: Path, shared_corpora: Path) -> Path:
    """The 204 news pages, every column of ``index.csv`` but ``file`` as a variable
    (matched by file name), and two tags coded by phrase."""
    folder = shared_corpora / "news-kremlin-en"
    path = tmp_path / "kremlin.annotator"
    with Project.open(path, coder="tester") as project:
        import_paths(project, sorted(folder.glob("*.txt")))
        by_file = {Path(project.documents.get(i).source).name: i
                   for i in project.documents.ids()}
        for row in read_index(folder):
            for name, value in row.items():
                if name != "file":
                    project.variables.set_value([by_file[row["file"]]], name, value or None)
        autocode(project, "security", compile_pattern(phrase="security"))
        autocode(project, "economy", compile_pattern(phrase="econom"))
    return path


@pytest.fixture
def big_window(qtbot, kremlin: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from annotator.ui.app import create_main_window

    window = create_main_window(kremlin)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.charts_dock.raise_()
    window.resizeDocks([window.charts_dock], [330], Qt.Orientation.Vertical)
    for name in ("security", "economy"):
        window.tag_model.set_checked(window.project.tags.resolve(name), True)
    yield window
    window.close()


def scene_rect(item) -> QRectF:  # type: ignore[no-untyped-def]
    """Where ``item`` is drawn, less a pixel each side (laid-out neighbours share edges
    at fractional positions)."""
    return item.mapRectToScene(item.boundingRect()).adjusted(1, 1, -1, -1)


def test_split_timeline_of_two_tags_by_five_places(big_window, qtbot, shared_corpora: Path,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    timeline = big_window.charts.timeline
    timeline.period_box.setCurrentIndex(5)  # year
    timeline.split_picker.split_box.setCurrentText("place")
    qtbot.waitUntil(lambda: timeline.split is not None)
    model = timeline.split_picker.model
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        wanted = model.data(index, model.GroupRole) in PLACES
        if wanted != (model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked):
            model.setData(index, (Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked).value,
                          Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: len(timeline.series()) == 10)
    qtbot.wait(50)
    big_window.grab().save(str(tmp_path / "split-timeline.png"))
    # The legend names each place with its documents as the index counts them.
    places = Counter(row["place"] or None for row in read_index(shared_corpora / "news-kremlin-en"))
    assert timeline.legend.labels() == [
        f"{tag} · {place or 'no value'} ({places[place]} documents)"
        for tag in ("security", "economy") for place in PLACES]
    view = timeline.plot.getPlotItem().getViewBox()
    legend = timeline.legend
    plot_area = QRectF(timeline.plot.sceneRect())
    assert not scene_rect(legend).intersects(scene_rect(view)), "the legend covers the data"
    assert plot_area.contains(scene_rect(legend)), "the legend goes past the chart"
    cells = [c for c in legend._cells if isinstance(c, (PlainLabel, SeriesSample))]
    assert len([c for c in cells if isinstance(c, SeriesSample)]) == 10
    rects = [scene_rect(c) for c in cells]
    outline = scene_rect(legend).adjusted(-2, -2, 2, 2)
    for i, a in enumerate(rects):
        assert outline.contains(a)
        for b in rects[i + 1:]:
            assert not a.intersects(b), "two legend entries overlap"
    assert POINT_SIZE >= 9
    for label in (c for c in cells if isinstance(c, PlainLabel)):
        assert label.text.endswith("documents)") or label.text in ("security", "economy")


def test_crosstab_by_place(big_window, qtbot, shared_corpora: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    charts = big_window.charts
    charts.setCurrentWidget(charts.crosstab)
    crosstab = charts.crosstab
    qtbot.waitUntil(lambda: crosstab.model.rowCount() == 2)  # drawn once shown
    crosstab.variable_box.setCurrentText("place")
    qtbot.waitUntil(lambda: crosstab.model.rowCount() == 2 and crosstab.variable == "place")
    qtbot.wait(50)
    big_window.grab().save(str(tmp_path / "crosstab.png"))
    index = read_index(shared_corpora / "news-kremlin-en")
    model, view = crosstab.model, crosstab.view
    places = Counter(row["place"] or None for row in index)
    headers = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(FIRST_GROUP_COLUMN, model.columnCount())]
    assert len(headers) == len(places)
    assert model.headerData(COLUMN_TOTAL, Qt.Orientation.Horizontal) == "Total\n204 documents"
    # Nothing cut: every header line and every cell's text fits its column.
    metrics = QFontMetrics(view.horizontalHeader().font())
    for column in range(model.columnCount()):
        text = model.headerData(column, Qt.Orientation.Horizontal)
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        assert view.columnWidth(column) >= widest, text
    cell_metrics = QFontMetrics(view.font())
    for row in range(model.rowCount()):
        for column in range(COLUMN_TOTAL, model.columnCount()):
            text = model.index(row, column).data()
            assert view.columnWidth(column) >= cell_metrics.horizontalAdvance(text), text
    # The tag and the total stay in view whatever the number of places.
    assert view.viewport().rect().contains(view.visualRect(model.index(0, COLUMN_TOTAL)))
    assert [model.index(r, COLUMN_TAG).data() for r in range(2)] == ["security", "economy"]
