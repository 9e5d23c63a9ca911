"""Combination series in the timeline: made in the dialog, saved by name in the project,
drawn with their own style, in the legend and the CSV, undone in one step, a click lists
exactly the quotes they count. Expected numbers are counted here from the records."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialogButtonBox

from annotator.domain.errors import UserError
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.quotes import quotes
from annotator.services.saved_combinations import (
    SavedCombination,
    save_combinations,
    saved_combinations,
)
from annotator.ui.charts import chart_export
from annotator.ui.charts.combination_dialog import CombinationDialog
from annotator.ui.charts.timeline_chart import PERIOD_CHOICES, TimelineChart
from annotator.ui.commands import UndoContext
from annotator.ui.signals import ProjectSignals

YEAR = [label for label, _ in PERIOD_CHOICES].index("Year")
#: (date, {tag name: number of its highlights}).
DOCUMENTS = [("2018-01-05", {"water": 2, "security": 1}), ("2018-05-01", {"water": 1}),
             ("2019-03-03", {"security": 2}), ("2020-07-07", {"water": 1, "security": 1}),
             ("2020-08-08", {})]


@pytest.fixture
def coded(project: Project) -> Project:
    tags = {name: project.tags.create(name)[0] for name in ("water", "security", "other")}
    for number, (date, counts) in enumerate(DOCUMENTS):
        text = f"document {number} " + "word " * 20
        doc = project.documents.add(NewDocument(f"d{number}", text, date)).document_id
        start = 0
        for name, count in counts.items():
            for _ in range(count):
                project.highlights.create(doc, start, start + 4, [tags[name]])
                start += 5
    return project


def carrying(both: bool) -> Counter[str]:
    """Documents per year carrying both (or either) of water and security."""
    test = all if both else any
    return Counter(date[:4] for date, counts in DOCUMENTS
                   if test(name in counts for name in ("water", "security")))


def test_combinations_are_saved_by_name_and_checked(coded: Project) -> None:
    water, security, other = (coded.tags.resolve(n) for n in ("water", "security", "other"))
    both = SavedCombination("water & security", "and", (water, security))
    save_combinations(coded, [both, SavedCombination("any", "or", (water, other))])
    assert [c.name for c in saved_combinations(coded)] == ["water & security", "any"]
    for bad in ([both, both], [SavedCombination(" ", "and", (water, security))],
                [SavedCombination("one", "and", (water, water))],
                [SavedCombination("x", "xor", (water, security))]):  # type: ignore[arg-type]
        with pytest.raises(UserError):
            save_combinations(coded, bad)
    assert len(saved_combinations(coded)) == 2  # refused saves changed nothing
    coded.tags.delete(other)
    assert saved_combinations(coded) == [both]  # one tag left: not a combination


def test_the_dialog_names_the_choice_and_needs_two_tags(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = CombinationDialog([(1, "water"), (2, "security"), (3, "geo/asia")],
                               lambda ids, how: f"{how}:{ids}")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.model.item(0).setCheckState(Qt.CheckState.Checked)
    assert not ok.isEnabled() and dialog.name_edit.text() == "and:[1]"
    dialog.model.item(2).setCheckState(Qt.CheckState.Checked)
    dialog.any_button.setChecked(True)
    assert ok.isEnabled() and dialog.name_edit.text() == "or:[1, 3]"
    qtbot.keyClicks(dialog.name_edit, " mine")
    dialog.all_button.setChecked(True)
    assert dialog.name() == "or:[1, 3] mine"  # typed: no longer follows
    assert (dialog.tag_ids(), dialog.combine) == ([1, 3], "and")


def test_a_combination_series_is_drawn_exported_and_undone(qtbot, coded: Project,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    chart = TimelineChart(coded)
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.period_box.setCurrentIndex(YEAR)
    chart.measure_box.setCurrentIndex(1)  # documents
    stack = QUndoStack()
    chart.combinations.set_undo_context(UndoContext(coded, ProjectSignals(), stack))
    water, security = coded.tags.resolve("water"), coded.tags.resolve("security")
    assert chart.combinations.add(SavedCombination("both", "and", (water, security)))
    assert stack.count() == 1
    assert "both" in chart.legend.labels()
    (series,) = [s for s in chart.series() if s.tag == "both"]
    drawn = {p.period: p.value for p in chart.points() if p.series == series}
    assert drawn == {"2018": 1, "2019": 0, "2020": 1} == {
        y: carrying(True)[y] for y in ("2018", "2019", "2020")}
    chart_export.save(chart, tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["tag"] == "both"]
    assert [(r["period"], r["documents"], r["period_documents"]) for r in rows] == [
        ("2018", "1", "2"), ("2019", "0", "1"), ("2020", "1", "2")]
    point = next(p for p in chart.points() if p.series == series and p.period == "2018")
    query, description = chart.quote_filter(point)
    assert description == "both, documents dated 2018-01-01 to 2018-12-31"
    listed = quotes(coded, query)
    assert len(listed) == 3  # water twice and security once, in the one document with both
    assert {q.document_id for q in listed} == {1}
    stack.undo()
    assert saved_combinations(coded) == []
    qtbot.waitUntil(lambda: "both" not in [s.tag for s in chart.series()])
    stack.redo()
    assert [c.name for c in saved_combinations(coded)] == ["both"]


def test_in_the_window_a_combination_is_one_undo_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    security = window.project.tags.find(["security"])
    water = window.project.tags.find(["water"])
    timeline = window.charts.timeline
    window.charts_dock.raise_()
    before = window.undo_stack.count()
    assert timeline.combinations.add(SavedCombination("either", "or", (security, water)))
    assert window.undo_stack.count() == before + 1
    assert window.undo_stack.undoText() == "Add combination 'either'"
    qtbot.waitUntil(lambda: "either" in [s.tag for s in timeline.series()])
    window.undo_stack.undo()
    assert saved_combinations(window.project) == []
    qtbot.waitUntil(lambda: "either" not in [s.tag for s in timeline.series()])
