"""The timeline shows its N and its gaps: a period without documents is NaN in every drawn
series (no zero, no line across), its documents per period are drawn as bars, a share's
95 % interval is a band that hides, dates known to the year only are noted, not placed."""

from __future__ import annotations

import math

from annotator.domain.model import NewDocument
from annotator.domain.proportions import wilson_interval
from annotator.services import Project
from annotator.ui.charts.timeline_chart import MEASURES, PERIOD_CHOICES, TimelineChart

YEAR = [label for label, period in PERIOD_CHOICES].index("Year")
MONTH = [label for label, period in PERIOD_CHOICES].index("Month")
SHARE = [measure for _, measure in MEASURES].index("share")
RATE = [measure for _, measure in MEASURES].index("rate")
#: (date, place, text): nothing in 2019; a year-only document in 2021.
DOCUMENTS = [("2018-03-01", "north", "water here and there"),
             ("2018-06-01", "south", "dry land only"),
             ("2020-02-02", "north", "water again, water"),
             ("2021", "south", "water in a year-only text")]


def build(project: Project) -> int:
    tag, _ = project.tags.create("water")
    for date, place, text in DOCUMENTS:
        doc = project.documents.add(NewDocument(text[:8], text, date, "",
                                                {"place": place})).document_id
        for start in [i for i in range(len(text)) if text.startswith("water", i)]:
            project.highlights.create(doc, start, start + 5, [tag])
    return tag


def chart_of(qtbot, project: Project, period: int = YEAR):  # type: ignore[no-untyped-def]
    chart = TimelineChart(project)
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.period_box.setCurrentIndex(period)
    chart.redraw()
    return chart


def test_a_year_without_documents_is_a_gap_in_the_line(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    build(project)
    chart = chart_of(qtbot, project)
    (item,) = chart._items
    _, ys = item.getData()
    periods = chart.period_table().periods
    assert periods == ["2018", "2019", "2020", "2021"]
    by_period = dict(zip(periods, ys, strict=True))
    assert math.isnan(by_period["2019"])
    assert (by_period["2018"], by_period["2020"], by_period["2021"]) == (1, 2, 1)
    assert item.opts["connect"] == "finite"
    assert "2019" not in {p.period for p in chart.points()}
    assert chart.period_bars.counts == {"2018": 2, "2019": 0, "2020": 1, "2021": 1}
    assert "1 of 4 periods without documents (gaps)" in chart.note.text()
    header, body = chart.table()
    gap = body[periods.index("2019")]
    assert gap[header.index("highlights")] == "" and gap[header.index("period_documents")] == 0


def test_the_share_band_is_the_wilson_interval_and_hides(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    build(project)
    chart = chart_of(qtbot, project)
    chart.measure_box.setCurrentIndex(SHARE)
    (band,) = chart.bands()
    assert band.isVisible() and not band.is_empty()
    rect = band.boundingRect()
    low_2018, high_2018 = wilson_interval(1, 2)  # one of 2018's two documents
    assert rect.top() == min(low_2018, *wilson_interval(1, 1))
    assert rect.bottom() == 1.0
    assert chart.band_box.isEnabled() and chart.band_box.isChecked()
    chart.band_box.setChecked(False)
    assert not band.isVisible()
    chart.band_box.setChecked(True)
    assert band.isVisible()
    point = next(p for p in chart.points() if p.period == "2018")
    assert chart.describe(point).startswith(
        f"2018 · water · 50.0% (95%: {low_2018:.1%}–{high_2018:.1%}) · N = 2 documents")
    chart.measure_box.setCurrentIndex(RATE)
    assert chart.bands() == [] and not chart.band_box.isEnabled()


def test_year_only_dates_are_noted_in_months_and_split_gaps(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    build(project)
    chart = chart_of(qtbot, project, MONTH)
    assert "Year/month only: 1 document" in chart.note.text()
    assert not [p for p in chart.points() if p.period.startswith("2021")]
    chart = chart_of(qtbot, project)
    chart.split_picker.split_box.setCurrentText("place")
    chart.redraw()
    items = dict(zip([s.group for s in chart.series()], chart._items, strict=True))
    periods = chart.period_table().periods
    north = dict(zip(periods, items["north"].getData()[1], strict=True))
    south = dict(zip(periods, items["south"].getData()[1], strict=True))
    assert math.isnan(north["2021"]) and south["2021"] == 1  # north has no 2021 document
    assert math.isnan(south["2020"]) and north["2020"] == 2
    assert math.isnan(north["2019"]) and math.isnan(south["2019"])
    assert south["2018"] == 0  # a document without the tag: a real zero
