"""The document browser: lazy model, sorting, filter box, opening a document."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_fixtures import document_id

from annotator.services import Project
from annotator.ui.document_list_model import COLUMN_DATE, COLUMN_HIGHLIGHTS, COLUMN_TITLE
from helpers import add_text


def titles(model) -> list[str]:
    return [model.index(r, COLUMN_TITLE).data() for r in range(model.rowCount())]


def test_model_passes_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.document_model)


def test_lists_title_date_and_highlights_sorted_by_date(window):
    model = window.document_model
    assert titles(model) == ["River report", "Emoji note"]
    assert model.index(1, COLUMN_DATE).data() == "2020-01-02"
    assert model.index(1, COLUMN_HIGHLIGHTS).data() == 0


def test_sorting_by_title_requeries(window):
    window.browser.view.sortByColumn(COLUMN_TITLE, Qt.SortOrder.DescendingOrder)
    assert titles(window.document_model) == ["River report", "Emoji note"]
    window.browser.view.sortByColumn(COLUMN_TITLE, Qt.SortOrder.AscendingOrder)
    assert titles(window.document_model) == ["Emoji note", "River report"]


def test_filter_box_filters_by_full_text_after_a_pause(window, qtbot):
    qtbot.keyClicks(window.browser.filter_box, "rive*")
    qtbot.waitUntil(lambda: titles(window.document_model) == ["River report"])
    window.browser.filter_box.setText("rive")  # a word: not a prefix without *
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 0)
    window.browser.filter_box.clear()
    qtbot.waitUntil(lambda: len(titles(window.document_model)) == 2)
    window.browser.filter_box.setText("nothingmatches")
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 0)
    assert window.browser.empty_label.text() == "No documents match the filter."
    assert window.browser.clear_filter_button.isVisibleTo(window.browser)
    assert [c.chip.text for c in window.browser.filter_bar.chips] == ["Contains: nothingmatches"]
    window.browser.clear_filter_button.click()
    assert window.document_model.rowCount() == 2 and window.browser.filter_box.text() == ""
    assert not window.browser.empty_state.isVisibleTo(window.browser)


def test_activating_a_row_opens_the_document(window, qtbot):
    row = window.document_model.row_of(document_id(window, "River report"))
    index = window.document_model.index(row, COLUMN_TITLE)
    with qtbot.waitSignal(window.editor.documentShown):
        window.browser.view.activated.emit(index)
    assert window.editor.toPlainText() == "The river water level fell in summer."
    assert window.pane.title.text() == "River report"


def click_row(qtbot, window, title: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    index = window.document_model.index(
        window.document_model.row_of(document_id(window, title)), COLUMN_TITLE)
    view = window.browser.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier,
                     view.visualRect(index).center())


def test_a_single_click_opens_the_document_and_ctrl_click_only_selects(window, qtbot):  # type: ignore[no-untyped-def]
    window.show()
    shown = []
    window.editor.documentShown.connect(shown.append)
    click_row(qtbot, window, "River report")
    assert window.pane.title.text() == "River report" and len(shown) == 1
    click_row(qtbot, window, "River report")  # the open one: its place in the text is kept
    assert len(shown) == 1
    click_row(qtbot, window, "Emoji note", Qt.KeyboardModifier.ControlModifier)
    assert window.pane.title.text() == "River report" and len(shown) == 1
    assert len(window.browser.view.selectionModel().selectedRows()) == 2
    click_row(qtbot, window, "Emoji note")
    assert window.pane.title.text() == "Emoji note" and len(shown) == 2


def test_highlight_count_follows_changes(window):
    doc = document_id(window, "River report")
    window.open_document(doc)
    window.editor.select_span(4, 9)
    assert window.editor.apply_tags([window.project.tags.find(["water"])])
    row = window.document_model.row_of(doc)
    assert window.document_model.index(row, COLUMN_HIGHLIGHTS).data() == 1


def test_document_added_by_another_connection_appears(window, qtbot, project_file):
    with Project.open(project_file) as other:
        add_text(other, "Written by the command line.", title="From CLI")
    qtbot.waitUntil(lambda: "From CLI" in titles(window.document_model), timeout=3000)
    assert window.status_counts.text().startswith("3 documents")


def test_opening_the_window_lists_documents_with_one_query(qtbot, project_file, monkeypatch):
    """At 100,000 documents each listing costs a query over all of them: the view setting
    up its sort order must not add more."""
    from annotator.ui.app import create_main_window
    from annotator.ui.document_list_model import DocumentListModel

    queries: list[int] = []
    original = DocumentListModel._query_ids
    monkeypatch.setattr(DocumentListModel, "_query_ids",
                        lambda self: (queries.append(1), original(self))[1])
    window = create_main_window(project_file)
    qtbot.addWidget(window)
    window.show()
    assert titles(window.document_model) == ["River report", "Emoji note"]
    header = window.browser.view.header()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        COLUMN_DATE, Qt.SortOrder.AscendingOrder)
    assert len(queries) == 1
    window.browser.view.sortByColumn(COLUMN_DATE, Qt.SortOrder.DescendingOrder)
    assert titles(window.document_model) == ["Emoji note", "River report"]
    assert len(queries) == 2
    window.close()
