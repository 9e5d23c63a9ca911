"""The first layout (the timeline readable at 1366×768 without looking for it) and what
the window remembers of a project across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.autocode import autocode, compile_pattern
from annotator.ui.app import create_main_window
from annotator.ui.window_memory import project_key


@pytest.fixture
def long_project(tmp_path: Path) -> Path:
    """Sixty dated documents of sixty lines each, two tags coded in them."""
    path = tmp_path / "long.annotator"
    with Project.open(path, coder="tester") as project:
        for number in range(60):
            lines = "\n".join(f"Line {line} of text {number} on water and security."
                              for line in range(60))
            project.documents.add(NewDocument(f"Text {number:02d}", lines,
                                              f"{2000 + number % 20}-03-01"))
        autocode(project, "water", compile_pattern(phrase="water"))
        autocode(project, "security", compile_pattern(phrase="security"))
        project.variables.set_value(project.documents.ids(), "outlet", "RT")
    return path


def _open(qtbot, path: Path):  # type: ignore[no-untyped-def]
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.open_first_document()
    return window


def test_the_first_launch_shows_a_readable_timeline_beside_the_quotes(qtbot, long_project: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, long_project)
    timeline = window.charts.timeline
    qtbot.waitUntil(lambda: not timeline.stale)
    assert timeline.on_screen() and window.quotes_dock.isVisible()
    assert not window.charts_dock.visibleRegion().isEmpty()
    assert timeline.plot.width() >= 300 and timeline.plot.height() >= 200
    # The quotes are beside the charts, not a tab over them.
    assert window.quotes_dock.geometry().right() < window.charts_dock.geometry().left()
    # The legend is beside the plotted data, never over it.
    view = timeline.plot.getPlotItem().getViewBox().sceneBoundingRect()
    assert timeline.legend.isVisible()
    assert timeline.legend.sceneBoundingRect().left() >= view.right() - 1  # a rounding
    assert timeline.points()
    qtbot.wait(300)
    window.grab().save("/tmp/chartlook-first-launch.png")
    window.close()


def test_closing_and_reopening_brings_the_view_back(qtbot, long_project: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, long_project)
    water = window.project.tags.resolve("water")
    window.tag_model.set_checked(water, True)
    timeline, frequency = window.charts.timeline, window.charts.frequency
    timeline.measure_box.setCurrentText("Share of documents")
    timeline.period_box.setCurrentText("Year")
    timeline.style_box.setCurrentText("Stacked bars")
    timeline.palette_box.setCurrentText("Greyscale")
    timeline.panels_box.setChecked(True)
    timeline.redraw()  # offers the variables to split by
    timeline.split_picker.split_box.setCurrentText("outlet")
    frequency.view_box.setCurrentText("Co-occurrence")
    frequency.measure_box.setCurrentText("Documents")
    chosen = window.project.documents.ids()[40]
    window.open_document(chosen)
    editor_bar = window.editor.verticalScrollBar()
    browser_bar = window.browser.view.verticalScrollBar()
    qtbot.waitUntil(lambda: editor_bar.maximum() > 20 and browser_bar.maximum() > 10)
    editor_bar.setValue(editor_bar.maximum() // 2)
    browser_bar.setValue(browser_bar.maximum() - 3)
    editor_at, browser_at = editor_bar.value(), browser_bar.value()
    assert editor_at > 0 and browser_at > 0
    window.close()

    again = _open(qtbot, long_project)
    assert again.editor.document_id == chosen
    assert again.tag_model.checked_ids() == [water]
    timeline, frequency = again.charts.timeline, again.charts.frequency
    assert (timeline.measure, timeline.period_box.currentText(),
            timeline.style_box.currentText()) == ("share", "Year", "Stacked bars")
    assert timeline.split_picker.split == "outlet"
    assert timeline.palette_box.currentText() == "Greyscale" and timeline.panels_box.isChecked()
    assert (frequency.view_box.currentText(), frequency.measure) == ("Co-occurrence", "documents")
    # Behind the timeline's tab, the restored frequency chart has computed nothing yet.
    assert frequency.stale and frequency.cells() == [] and frequency.bars() == []
    qtbot.waitUntil(lambda: again.editor.verticalScrollBar().value() == editor_at)
    qtbot.waitUntil(lambda: again.browser.view.verticalScrollBar().value() == browser_at)
    qtbot.waitUntil(lambda: not timeline.stale)
    assert {p.tag_id for p in timeline.points()} == {water}  # drew the checked tag, split
    assert {p.group for p in timeline.points()} == {"RT"}
    again.close()


def test_each_project_remembers_its_own_view(qtbot, long_project: Path, project_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert project_key(long_project) != project_key(project_file)
    assert project_key(long_project) == project_key(long_project.parent / "." / long_project.name)
    first = _open(qtbot, long_project)
    first.charts.timeline.measure_box.setCurrentText("Documents")
    first.tag_model.set_checked(first.project.tags.resolve("security"), True)
    first.close()
    other = _open(qtbot, project_file)
    assert other.charts.timeline.measure == "highlights"
    assert other.tag_model.checked_ids() == []
    assert other.editor.document_id == other.document_model.document_id(0)
    other.close()
