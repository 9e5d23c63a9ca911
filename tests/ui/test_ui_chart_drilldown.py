"""Drill-down exactness: what a click on a chart lists is exactly what the chart counts.

Generated documents (dated over two years, some undated) get random highlights of three
tags, some carrying two tags; the expected numbers are recounted here from what was
generated, never from the code under test.
"""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from annotator.services import Project
from annotator.services.quotes import quote_count, quotes
from annotator.ui.charts.frequency_chart import FrequencyChart
from annotator.ui.charts.timeline_chart import MEASURES, PERIOD_CHOICES, TimelineChart
from helpers import add_text

TAGS = ("alpha", "beta", "gamma")
WORD = "lorem "


@pytest.fixture
def generated(project: Project) -> tuple[Project, list[tuple[int, str | None, frozenset[str]]],
                                         dict[int, str | None]]:
    """The project, every highlight made (``(document_id, month, tags)``) and each
    document's month (``None``: undated)."""
    rng = random.Random(16)
    ids = {name: project.tags.create(name)[0] for name in TAGS}
    made: list[tuple[int, str | None, frozenset[str]]] = []
    months: dict[int, str | None] = {}
    for number in range(40):
        month = None if number % 9 == 0 else f"{2019 + number % 2}-{1 + rng.randrange(6):02d}"
        date = None if month is None else f"{month}-{1 + rng.randrange(28):02d}"
        document = add_text(project, f"{number} " + WORD * 30, title=f"doc {number}", date=date)
        months[document] = month
        for place in range(rng.randrange(0, 6)):
            chosen = frozenset(rng.sample(TAGS, rng.choice((1, 1, 2))))
            start = 4 + place * len(WORD) * 5
            project.highlights.create(document, start, start + 5, [ids[t] for t in chosen])
            made.append((document, month, chosen))
    return project, made, months


@pytest.mark.parametrize("measure_index", range(len(MEASURES)))
def test_a_timeline_point_lists_as_many_rows_as_it_plots(qtbot, generated, measure_index: int) -> None:  # type: ignore[no-untyped-def]
    project, made, months = generated
    chart = TimelineChart(project)
    qtbot.addWidget(chart)
    chart.period_box.setCurrentIndex([p for _, p in PERIOD_CHOICES].index("month"))
    chart.measure_box.setCurrentIndex(measure_index)
    highlights: dict[tuple[str, str], int] = defaultdict(int)
    documents: dict[tuple[str, str], set[int]] = defaultdict(set)
    for document, month, tags in made:
        for tag in tags:
            if month is not None:
                highlights[tag, month] += 1
                documents[tag, month].add(document)
    dated_in_month: dict[str, int] = defaultdict(int)
    for month in months.values():
        if month is not None:
            dated_in_month[month] += 1
    checked = 0
    for point in chart.points():
        if not point.value:
            continue
        query, description = chart.quote_filter(point)
        listed = quotes(project, query, limit=10_000)
        assert quote_count(project, query) == len(listed)
        key = (point.tag, point.period)
        if chart.measure == "highlights":
            assert len(listed) == point.value == highlights[key]
        elif chart.measure == "documents":
            assert len(listed) == point.value == len(documents[key])
            assert {q.document_id for q in listed} == documents[key]
        else:
            total = dated_in_month[point.period]
            assert point.value == pytest.approx(len(documents[key]) / total)
            assert len(listed) == len(documents[key])
            assert f"{len(listed)} of {total} document" in description
        checked += 1
    assert checked >= 10


def test_a_cooccurrence_cell_of_documents_lists_both_tags_quotes_in_those_documents(qtbot, generated) -> None:  # type: ignore[no-untyped-def]
    project, made, _ = generated
    chart = FrequencyChart(project)
    qtbot.addWidget(chart)
    chart.view_box.setCurrentIndex(1)
    chart.measure_box.setCurrentIndex(1)  # documents
    ids = {t.name: t.id for t in project.tags.all()}
    carrying: dict[str, set[int]] = defaultdict(set)
    for document, _, tags in made:
        for tag in tags:
            carrying[tag].add(document)
    for a, b in (("alpha", "beta"), ("alpha", "gamma"), ("beta", "gamma")):
        both = carrying[a] & carrying[b]
        cell = next(c for c in chart.cells() if (c.row, c.column) == (ids[a], ids[b]))
        assert cell.count == len(both) > 0
        query, description = chart.quote_filter([ids[a], ids[b]], True)
        listed = quotes(project, query, limit=10_000)
        expected = sum(1 for d, _, tags in made if d in both and tags & {a, b})
        assert len(listed) == expected > 0
        assert {q.document_id for q in listed} == both
        assert description == f"quotes of {a} and {b} in the {len(both)} documents that carry both"


def test_a_frequency_bar_of_documents_lists_one_quote_per_document(qtbot, generated) -> None:  # type: ignore[no-untyped-def]
    project, made, _ = generated
    chart = FrequencyChart(project)
    qtbot.addWidget(chart)
    chart.measure_box.setCurrentIndex(1)  # documents
    for bar in chart.bars():
        query, _ = chart.quote_filter([bar.tag_id], False)
        listed = quotes(project, query, limit=10_000)
        expected = {d for d, _, tags in made if bar.path in tags}
        assert len(listed) == bar.documents == len(expected)
        assert {q.document_id for q in listed} == expected


@pytest.mark.parametrize("measure_index", [0, 1])
def test_a_parent_bar_including_children_lists_what_it_counts(qtbot, project: Project, measure_index: int) -> None:  # type: ignore[no-untyped-def]
    parent, _ = project.tags.create("parent")
    child, _ = project.tags.create("child", parent_id=parent)
    grandchild, _ = project.tags.create("grandchild", parent_id=child)
    first = add_text(project, "one two three four five", title="first")
    second = add_text(project, "six seven eight", title="second")
    project.highlights.create(first, 0, 3, [parent, child])  # one highlight, two tags
    project.highlights.create(first, 4, 7, [grandchild])
    project.highlights.create(second, 0, 3, [child])
    chart = FrequencyChart(project)
    qtbot.addWidget(chart)
    chart.children_box.setChecked(True)
    chart.measure_box.setCurrentIndex(measure_index)
    bar = next(b for b in chart.bars() if b.tag_id == parent)
    assert (bar.highlights, bar.documents) == (3, 2)  # counted here by hand
    listed = quotes(project, chart.quote_filter([parent], False)[0], limit=100)
    assert len(listed) == (bar.highlights if chart.measure == "highlights" else bar.documents)
