"""One document filter, shown as chips above the browser, applied to the browser, the
quotes and the charts: every number checked against a recount from the project's records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_fixtures import build_outlets_project

from annotator.domain.filters import DocumentFilter
from annotator.ui.document_commands import SetDocumentsVariableCommand
from annotator.ui.filter_chips import chips_for
from annotator.ui.filter_dialogs import DateRangeDialog, TagConditionDialog, ValueConditionDialog


class ScriptedFilterPrompts:
    """Stands in for the condition dialogs; answers are queued by the test."""

    def __init__(self) -> None:
        self.tag_answers: list = []
        self.value_answers: list = []
        self.date_answers: list = []
        self.asked: list[str] = []

    def tags(self, where):  # type: ignore[no-untyped-def]
        return self.tag_answers.pop(0)

    def values(self, where, name):  # type: ignore[no-untyped-def]
        self.asked.append(name)
        return self.value_answers.pop(0)

    def dates(self, where):  # type: ignore[no-untyped-def]
        return self.date_answers.pop(0)


@pytest.fixture
def news(qtbot, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from annotator.ui.app import create_main_window

    path = tmp_path / "news.annotator"
    build_outlets_project(path)
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.browser.filter_bar.prompts = ScriptedFilterPrompts()
    window.show()
    yield window
    window.close()


def recount(project, where: DocumentFilter) -> set[int]:  # type: ignore[no-untyped-def]
    """The documents ``where`` lets through, decided in Python from the records (the
    fixture's words are whole words; dates are full days)."""
    chosen = set()
    for doc_id in project.documents.ids():
        doc = project.documents.get(doc_id)
        carried = {t for h in project.highlights.for_document(doc_id) for t in h.tag_ids}
        words = f"{doc.title} {doc.text}".lower().split()
        checks = [
            all(any(w.startswith(q) for w in words) for q in where.text.lower().split()),
            not (where.first_day or where.last_day) or bool(doc.date),
            not where.first_day or (doc.date or "") >= where.first_day,
            not where.last_day or (doc.date or "")[:10] <= where.last_day,
            not where.tag_ids or {"any": bool(carried & where.tag_ids),
                                  "all": where.tag_ids <= carried,
                                  "none": not carried & where.tag_ids}[where.tag_match],
            all((None if doc.attributes.get(n) is None else str(doc.attributes[n])) in allowed
                for n, allowed in where.values.items()),
        ]
        if all(checks):
            chosen.add(doc_id)
    return chosen


def listed(window) -> set[int]:  # type: ignore[no-untyped-def]
    model = window.document_model
    return {model.document_id(r) for r in range(model.rowCount())}


def chip_texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.chip.text for c in window.browser.filter_bar.chips]


def tag(window, name: str) -> int:  # type: ignore[no-untyped-def]
    return window.project.tags.find([name])


def test_a_variable_condition_from_the_filter_menu(news) -> None:  # type: ignore[no-untyped-def]
    bar = news.browser.filter_bar
    bar.variables_menu.aboutToShow.emit()
    assert [a.text() for a in bar.variables_menu.actions()] == ["year", "outlet"]
    bar.prompts.value_answers = [frozenset({"RT", "TASS"})]
    next(a for a in bar.variables_menu.actions() if a.text() == "outlet").trigger()
    assert bar.prompts.asked == ["outlet"]
    where = news.browser.document_filter
    assert where.values == {"outlet": frozenset({"RT", "TASS"})}
    assert chip_texts(news) == ["outlet: RT or TASS"]
    expected = recount(news.project, where)
    assert listed(news) == expected and 0 < len(expected) < 24
    assert news.browser.count_label.text() == f"{len(expected)} of 24 documents"
    assert news.status_counts.text().startswith(f"{len(expected)} of 24 documents")
    # Clicking the chip changes the condition; nothing checked removes it.
    bar.prompts.value_answers = [frozenset({None})]
    bar.chips[0].label.click()
    assert chip_texts(news) == ["outlet: no value"]
    assert listed(news) == recount(news.project, news.browser.document_filter)
    bar.prompts.value_answers = [frozenset()]
    bar.chips[0].label.click()
    assert news.browser.document_filter.is_empty and len(listed(news)) == 24
    assert not bar.isVisibleTo(news.browser) and news.status_counts.text().startswith("24 doc")


def test_tag_conditions_any_all_none_and_removing_their_chip(news) -> None:  # type: ignore[no-untyped-def]
    bar = news.browser.filter_bar
    water, security = tag(news, "water"), tag(news, "security")
    for match, chip in (("all", "Tagged all of: security, water"),
                        ("any", "Tagged any of: security, water"),
                        ("none", "Tagged none of: security, water")):
        bar.prompts.tag_answers = [(frozenset({water, security}), match)]
        bar.tags_action.trigger()
        assert chip_texts(news) == [chip]
        expected = recount(news.project, news.browser.document_filter)
        assert listed(news) == expected and 0 < len(expected) < 24, match
    bar.chips[0].remove_button.click()
    assert news.browser.document_filter.is_empty and len(listed(news)) == 24
    bar.prompts.tag_answers = [(frozenset({water}), "none")]
    bar.tags_action.trigger()
    assert chip_texts(news) == ["Not tagged water"]


def test_quotes_and_charts_count_within_the_filter(news, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = news.project
    water, migration = tag(news, "water"), tag(news, "migration")
    where = DocumentFilter(values={"outlet": frozenset({"RT"})}).with_tags({migration}, "any")
    news.browser.set_document_filter(where)
    documents = recount(project, where)
    assert listed(news) == documents and 0 < len(documents) < 24
    found = [h for d in sorted(documents) for h in project.highlights.for_document(d)]
    news.tag_model.set_checked(water, True)
    quotes = news.quotes_model
    assert quotes.total == sum(water in h.tag_ids for h in found) > 0
    assert news.quotes.empty_label.text().endswith("in the documents of the filter")
    # The frequency chart: every tag (none checked) within the filter.
    news.tag_model.set_checked(water, False)
    news.charts_dock.raise_()
    news.charts.setCurrentWidget(news.charts.frequency)
    bars = news.charts.frequency
    qtbot.waitUntil(lambda: not bars.redraw_pending and bool(bars.bars()))
    for bar in bars.bars():
        carrying = [h for h in found if bar.tag_id in h.tag_ids]
        assert (bar.highlights, bar.documents) == (
            len(carrying), len({h.document_id for h in carrying})), bar.path
    assert bars.note.text() == f"Within the filter: {len(documents)} of 24 documents."
    # The timeline: each tag's points add up to its highlights in dated documents.
    timeline = news.charts.timeline
    news.charts.setCurrentWidget(timeline)
    # On screen from the start, the timeline redraws for the filter after its delay.
    qtbot.waitUntil(lambda: not timeline.redraw_pending and bool(timeline.points()))
    dated = {d for d in documents if project.documents.get(d).date}
    for tag_id in (water, migration):
        drawn = sum(p.value for p in timeline.points() if p.tag_id == tag_id)
        assert drawn == sum(tag_id in h.tag_ids for h in found if h.document_id in dated)
    assert timeline.note.text().startswith("Within the filter")


def test_a_date_condition_shows_as_the_timeline_band(news, qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = news.browser.filter_bar
    bar.prompts.date_answers = [("2019-01-01", "2019-06-30")]
    bar.dates_action.trigger()
    assert chip_texts(news) == ["Dated 2019-01-01 – 2019-06-30"]
    assert listed(news) == recount(news.project, news.browser.document_filter)
    timeline = news.charts.timeline
    assert timeline.range_button.isChecked()
    low, high = timeline.region.getRegion()
    from datetime import UTC, datetime
    assert [datetime.fromtimestamp(x, UTC).date().isoformat() for x in (low, high)] == [
        "2019-01-01", "2019-06-30"]
    bar.chips[0].remove_button.click()
    assert not timeline.range_button.isChecked() and len(listed(news)) == 24


def test_search_words_are_a_chip_and_removing_it_empties_the_box(news, qtbot) -> None:  # type: ignore[no-untyped-def]
    news.browser.filter_box.setText("dam")
    qtbot.waitUntil(lambda: chip_texts(news) == ["Contains: dam"])
    bar = news.browser.filter_bar
    bar.prompts.tag_answers = [(frozenset({tag(news, "security")}), "any")]
    bar.tags_action.trigger()
    assert chip_texts(news) == ["Contains: dam", "Tagged security"]
    assert listed(news) == recount(news.project, news.browser.document_filter)
    bar.chips[0].remove_button.click()
    assert news.browser.filter_box.text() == "" and chip_texts(news) == ["Tagged security"]
    bar.clear_action.trigger()
    assert chip_texts(news) == [] and len(listed(news)) == 24


def test_nothing_matching_says_so_with_a_way_out(news) -> None:  # type: ignore[no-untyped-def]
    news.browser.set_document_filter(DocumentFilter(values={"outlet": frozenset({"Pravda"})}))
    browser = news.browser
    assert news.document_model.rowCount() == 0
    assert browser.empty_label.text() == "No documents match the filter."
    assert browser.empty_state.isVisibleTo(browser)
    assert news.status_counts.text().startswith("0 of 24 documents")
    browser.clear_filter_button.click()
    assert len(listed(news)) == 24 and not browser.empty_state.isVisibleTo(browser)


def test_an_edit_that_takes_a_document_out_of_the_filter_removes_its_row(news) -> None:  # type: ignore[no-untyped-def]
    where = DocumentFilter(values={"outlet": frozenset({"RT"})})
    news.browser.set_document_filter(where)
    before = listed(news)
    leaving = min(before)
    news.context.run(SetDocumentsVariableCommand(news.context, [leaving], "outlet", "TASS"))
    assert listed(news) == before - {leaving} == recount(news.project, where)
    news.undo_stack.undo()
    assert listed(news) == before


def test_a_deleted_tag_leaves_the_filter(news) -> None:  # type: ignore[no-untyped-def]
    water, security = tag(news, "water"), tag(news, "security")
    news.browser.set_document_filter(DocumentFilter().with_tags({water, security}, "any"))
    news.project.tags.delete(water)
    news.signals.reloaded.emit()
    assert news.browser.document_filter.tag_ids == {security}
    assert chip_texts(news) == ["Tagged security"]


def test_the_list_model_passes_the_model_tester_while_filtered(news, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    news.browser.set_document_filter(DocumentFilter(values={"year": frozenset({"2019"})}))
    assert listed(news) == recount(news.project, news.browser.document_filter)
    qtmodeltester.check(news.document_model)


def test_chips_word_every_condition() -> None:
    where = DocumentFilter(text=" gas ", first_day="2018", values={
        "outlet": frozenset({"TASS", "RT", None}), "year": frozenset({"2019"})}
    ).with_tags({1, 2}, "all")
    chips = chips_for(where, {1: "water", 2: "security/police"})
    assert [c.text for c in chips] == [
        "Contains: gas", "Dated from 2018", "Tagged all of: security/police, water",
        "outlet: RT, TASS or no value", "year: 2019"]
    assert chips[3].without.values == {"year": frozenset({"2019"})}
    assert chips[1].without.first_day is None and chips[1].without.text == where.text


def test_condition_dialogs_answer_what_is_checked(qtbot) -> None:  # type: ignore[no-untyped-def]
    tags = TagConditionDialog([(1, "water", 3), (2, "security", 1)], frozenset({2}), "none")
    qtbot.addWidget(tags)
    assert tags.answer() == (frozenset({2}), "none")
    tags.list.model().item(0).setCheckState(tags.list.model().item(1).checkState())
    tags.match_group.button(1).setChecked(True)
    assert tags.answer() == (frozenset({1, 2}), "all")
    assert [tags.list.model().item(1, c).text() for c in (0, 1)] == ["security", "1"]
    values = ValueConditionDialog("outlet", [("RT", 4), (None, 2)], frozenset())
    qtbot.addWidget(values)
    assert values.answer() == frozenset()
    values._check_all(True)
    assert values.answer() == frozenset({"RT", None})
    dates = DateRangeDialog(None, None, ("2018-01-15", "2020-12-15"))
    qtbot.addWidget(dates)
    assert dates.answer() == (None, None)
    dates.first_edit.setText("2019-13")
    dates._accept_if_valid()
    assert dates.error_label.text() == "'2019-13' is not a real date"
    dates.first_edit.setText("2020")
    dates.last_edit.setText("2019-05")
    dates._accept_if_valid()
    assert dates.error_label.text() == "the first day comes after the last"
    dates.last_edit.setText("2020-05")
    assert dates.answer() == ("2020", "2020-05")
