"""Charts inside the window: they follow edits and checked tags, and drill down."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPoint, Qt
from ui_fixtures import EMOJI_TEXT, document_id

from annotator.ui.quotes_view import COLUMN_QUOTE


def click_at(qtbot, chart, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    scene = chart.plot.getPlotItem().getViewBox().mapViewToScene(pg.Point(x, y))
    pos = chart.plot.mapFromScene(scene)
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))


def code(window):  # type: ignore[no-untyped-def]
    security = window.project.tags.find(["security"])
    water = window.project.tags.find(["water"])
    emoji, river = document_id(window, "Emoji note"), document_id(window, "River report")
    start = EMOJI_TEXT.find("security issue")
    window.project.highlights.create(emoji, start, start + 8, [security])
    window.project.highlights.create(river, 10, 21, [water])
    window.signals.reloaded.emit()
    return security, water


def test_checked_tags_choose_the_series_and_edits_redraw(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    security, water = code(window)
    timeline = window.charts.timeline
    window.charts_dock.raise_()  # charts compute only when shown
    timeline.period_box.setCurrentIndex(5)  # year
    qtbot.waitUntil(lambda: {p.tag_id for p in timeline.points() if p.value} == {security, water})
    window.tag_model.set_checked(water, True)
    qtbot.waitUntil(lambda: {p.tag_id for p in timeline.points()} == {water})
    bars = window.charts.frequency
    window.charts.setCurrentWidget(bars)
    qtbot.waitUntil(lambda: [b.tag_id for b in bars.bars()] == [water])
    window.charts.setCurrentWidget(timeline)
    # A highlight made in the editor (an edit through the undo stack) reaches the chart.
    window.tag_model.set_checked(water, False)
    window.open_document(document_id(window, "Emoji note"))
    start = EMOJI_TEXT.find("water")
    window.editor.select_span(start, start + 5)
    window.editor.apply_tags([water])
    qtbot.waitUntil(lambda: sum(p.value for p in timeline.points() if p.tag_id == water) == 2)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: sum(p.value for p in timeline.points() if p.tag_id == water) == 1)
    assert window.project.highlights.count() == 2


def test_clicking_the_timeline_lists_that_periods_quotes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    security, _ = code(window)
    window.charts_dock.raise_()
    timeline = window.charts.timeline
    timeline.period_box.setCurrentIndex(5)
    qtbot.waitUntil(lambda: any(p.value for p in timeline.points()))
    qtbot.waitExposed(timeline)
    point = next(p for p in timeline.points() if p.tag_id == security and p.value)
    click_at(qtbot, timeline, point.x, point.y)
    model = window.quotes_model
    assert [model.index(r, COLUMN_QUOTE).data() for r in range(model.rowCount())] == ["security"]
    assert window.quotes.banner.text() == "Showing security, documents dated 2020-01-01 to 2020-12-31"
    assert window.quotes.banner.isVisibleTo(window.quotes)
    window.quotes.back_button.click()
    assert model.rowCount() == 0 and not window.quotes.banner.isVisibleTo(window.quotes)


def test_a_cooccurrence_cell_lists_quotes_where_tags_meet(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    security, water = code(window)
    emoji = document_id(window, "Emoji note")
    window.project.highlights.create(emoji, 3, 10, [water])  # "😀 world": meets no security quote
    both = EMOJI_TEXT.find("security issue")
    window.project.highlights.create(emoji, both, both + 14, [water])  # overlaps security
    window.signals.reloaded.emit()
    frequency = window.charts.frequency
    frequency.quotesRequested.emit(*frequency.quote_filter([security, water], True))
    model = window.quotes_model
    quotes = sorted(model.index(r, COLUMN_QUOTE).data() for r in range(model.rowCount()))
    assert quotes == ["security", "security issue"]
    assert "security and water meet" in window.quotes.banner.text()


def test_dragging_dates_filters_the_browser_visibly(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.charts.timeline.dateRangeSelected.emit("2020-01-01", "2020-12-31")  # a drag
    model = window.document_model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Emoji note"]
    chips = window.browser.filter_bar.chips
    assert [c.chip.text for c in chips] == ["Dated 2020-01-01 – 2020-12-31"]
    assert window.charts.timeline.range_button.isChecked()  # the band shows the range
    chips[0].remove_button.click()
    assert model.rowCount() == 2 and not window.charts.timeline.range_button.isChecked()
    assert not window.browser.filter_bar.isVisibleTo(window.browser)


def test_hidden_charts_compute_nothing_until_their_tab_is_shown(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The timeline is on screen at launch and draws; the frequencies behind its tab do
    not. Put behind the quotes, the charts draw no edit until their tab is shown; then
    they draw the current numbers at once."""
    charts = window.charts
    qtbot.waitUntil(lambda: not charts.timeline.stale)
    assert charts.timeline.on_screen()
    assert charts.frequency.stale and charts.frequency.bars() == []
    window.tabifyDockWidget(window.quotes_dock, window.charts_dock)
    window.quotes_dock.raise_()
    qtbot.waitUntil(lambda: not charts.timeline.on_screen())
    security, water = code(window)
    qtbot.wait(300)  # longer than the redraw throttle
    assert not any(p.value for p in charts.timeline.points()) and charts.frequency.bars() == []
    assert charts.timeline.stale
    window.charts_dock.raise_()
    qtbot.waitUntil(lambda: not charts.timeline.stale)
    assert {p.tag_id for p in charts.timeline.points() if p.value} == {security, water}
    assert charts.frequency.stale  # still behind the timeline's tab
    charts.setCurrentWidget(charts.frequency)
    qtbot.waitUntil(lambda: not charts.frequency.stale)
    assert {b.tag_id for b in charts.frequency.bars()} >= {security, water}
