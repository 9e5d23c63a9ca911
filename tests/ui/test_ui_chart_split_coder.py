"""The timeline split by coder: each coder's series counts that coder's highlights in
the documents they coded (recounted here from the highlights), and a click lists only
that coder's quotes."""

from __future__ import annotations

import random
from collections import defaultdict

from annotator.services import Project
from annotator.services.quotes import quotes
from annotator.ui.charts.timeline_chart import TimelineChart
from helpers import add_text

YEAR = 5  # index of "Year" in the period box
CODERS = ("ann", "Bob")


def two_coders() -> Project:
    """Twenty dated documents (2019-2022, some undated) coded by ann and Bob at random."""
    rng = random.Random(5)
    project = Project.in_memory(coder="ann")
    water = project.tags.create("water")[0]
    for number in range(20):
        date = None if number % 7 == 0 else f"{2019 + number % 4}-0{1 + number % 9}-15"
        document = add_text(project, f"Text {number}: " + "river water dam " * 8, date=date)
        for coder in CODERS:
            project.coder = coder
            for place in range(rng.randrange(3)):
                start = 10 + place * 16
                project.highlights.create(document, start, start + 5, [water])
    return project


def test_each_coders_series_counts_their_own_highlights(qtbot) -> None:  # type: ignore[no-untyped-def]
    project = two_coders()
    chart = TimelineChart(project)
    qtbot.addWidget(chart)
    chart.period_box.setCurrentIndex(YEAR)
    chart.split_picker.split_box.setCurrentText("coder")
    chart.redraw()
    assert chart.split == "coder"
    highlights: dict[tuple[str, str], int] = defaultdict(int)
    documents: dict[tuple[str, str], set[int]] = defaultdict(set)
    for document_id in project.documents.ids():
        date = project.documents.get(document_id).date
        for highlight in project.highlights.for_document(document_id):
            if date:
                highlights[date[:4], highlight.coder] += 1
                documents[date[:4], highlight.coder].add(document_id)
    drawn = {(r.period, r.group): r.highlights for r in chart.rows() if r.highlights}
    assert drawn == dict(highlights)
    assert {s.group for s in chart.series()} == set(CODERS)
    chart.measure_box.setCurrentIndex(1)  # documents
    counted = {(r.period, r.group): r.documents for r in chart.rows() if r.documents}
    assert counted == {key: len(found) for key, found in documents.items()}

    chart.measure_box.setCurrentIndex(0)
    point = max(chart.points(), key=lambda p: p.value)
    query, description = chart.quote_filter(point)
    listed = quotes(project, query, limit=1000)
    assert len(listed) == point.value == highlights[point.period, point.group]
    assert {project.highlights.get(q.highlight_id).coder for q in listed} == {point.group}
    assert "coder" in description
