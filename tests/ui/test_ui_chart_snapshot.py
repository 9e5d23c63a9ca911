"""A chart, and so its exported table, shows one state of the project: a commit by another
connection in the middle of a redraw appears at the next redraw, never half in this one.
Chart files are written whole, through a temporary file, like the exports."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.domain.errors import UserError
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.ui.charts import chart_export
from annotator.ui.charts.frequency_chart import FrequencyChart
from annotator.ui.charts.timeline_chart import TimelineChart


@pytest.fixture
def two(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The window's project and another connection on the same file."""
    path = tmp_path / "charts.annotator"
    with Project.open(path, coder="me") as mine, Project.open(path, coder="other") as other:
        water, _ = mine.tags.create("water")
        security, _ = mine.tags.create("security")
        for day, text in (("2018-02-12", "Water and security."), ("2019-03-01", "Water.")):
            doc = mine.documents.add(NewDocument(text, text, day)).document_id
            mine.highlights.create(doc, 0, 5, [water])
        mine.highlights.create(1, 10, 18, [security, water])
        yield mine, other


def commit_after_first_call(owner: object, name: str, commit: Callable[[], None]) -> None:
    """Make ``owner.name()`` run ``commit`` right after its next call returns."""
    original = getattr(owner, name)

    def then_commit(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        setattr(owner, name, original)
        commit()
        return result

    setattr(owner, name, then_commit)


def add_coded_document(other: Project) -> None:
    """Another program adds a dated document coded with an existing and a new tag."""
    water = other.tags.resolve("water")
    late, _ = other.tags.create("late")
    doc = other.documents.add(NewDocument("late", "Water again.", "2019-03-02")).document_id
    other.highlights.create(doc, 0, 5, [water, late])
    other.highlights.create(doc, 6, 11, [water])


def test_a_timeline_redraw_reads_one_snapshot(qtbot, two) -> None:  # type: ignore[no-untyped-def]
    mine, other = two
    chart = TimelineChart(mine)
    qtbot.addWidget(chart)
    chart.period_box.setCurrentIndex(5)  # year
    before = chart.table()
    commit_after_first_call(mine.store.tags, "all", lambda: add_coded_document(other))
    chart.redraw()
    assert chart.table() == before
    chart.redraw()
    assert chart.table() != before
    water_2019 = [row for row in chart.table()[1] if row[0] == "2019" and row[3] == "water"]
    assert [row[4] for row in water_2019] == [3]


def test_a_frequency_redraw_reads_one_snapshot(qtbot, two) -> None:  # type: ignore[no-untyped-def]
    mine, other = two
    chart = FrequencyChart(mine)
    qtbot.addWidget(chart)
    chart.view_box.setCurrentIndex(1)  # co-occurrence
    before = chart.table()
    commit_after_first_call(mine.store.stats, "tag_totals", lambda: add_coded_document(other))
    chart.redraw()
    assert chart.table() == before
    chart.redraw()
    assert ["late", "water", 1] in chart.table()[1]


def test_the_co_occurrence_table_is_what_was_drawn(qtbot, two) -> None:  # type: ignore[no-untyped-def]
    mine, other = two
    chart = FrequencyChart(mine)
    qtbot.addWidget(chart)
    chart.view_box.setCurrentIndex(1)
    before = chart.table()
    other.tags.delete(other.tags.resolve("security"))  # not redrawn yet
    assert chart.table() == before
    assert ["security", "water", 1] in before[1]


def test_chart_files_are_written_whole_or_not_at_all(qtbot, two, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine, _ = two
    chart = TimelineChart(mine)
    qtbot.addWidget(chart)
    for suffix in ("png", "svg", "csv"):
        out = tmp_path / f"chart.{suffix}"
        out.write_bytes(b"old")
        chart_export.save(chart, out)
        assert out.read_bytes() != b"old" and out.stat().st_size > 100
        with pytest.raises(UserError, match=re.escape(f"{tmp_path / 'no' / out.name}: the "
                                                      "folder")):
            chart_export.save(chart, tmp_path / "no" / out.name)
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []
