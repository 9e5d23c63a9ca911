"""The Search dock, the hits in the open document and "Code all hits with…", driven through
the window's widgets on the Kremlin corpus; every number is recounted by a regular
expression over the project's texts, never taken from the code under test."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.services import Project
from annotator.services.importing import import_paths
from helpers import SHARED

KREMLIN = SHARED / "corpora" / "news-kremlin-en"
QUERY = '"national security" OR terrorism*'
PATTERN = re.compile(r"\bnational\W+security\b|\bterrorism\w*", re.IGNORECASE)


@pytest.fixture(scope="module")
def kremlin_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kremlin-search") / "kremlin.annotator"
    with Project.open(path, coder="tester") as project:
        import_paths(project, [KREMLIN])
    return path


@pytest.fixture
def kremlin(qtbot, kremlin_file: Path, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """A window on a copy of the Kremlin project (tests code into it)."""
    from annotator.ui.app import create_main_window

    copy = tmp_path / "kremlin.annotator"
    shutil.copy(kremlin_file, copy)
    window = create_main_window(copy)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    window.close()


def texts(window) -> dict[int, str]:  # type: ignore[no-untyped-def]
    project = window.project
    return {i: project.documents.text(i) for i in project.documents.ids()}


def regex_hits(window, pattern: re.Pattern[str] = PATTERN) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    return sorted((doc, m.start(), m.end()) for doc, text in texts(window).items()
                  for m in pattern.finditer(text))


def search(window, qtbot, query: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``query`` into the browser's box and wait for the hits to be read."""
    box = window.browser.filter_box
    box.clear()
    qtbot.keyClicks(box, query)
    panel = window.search.panel
    qtbot.waitUntil(lambda: not window.browser._timer.isActive())
    qtbot.waitUntil(lambda: panel.last_read is not None and not panel.reader.busy)


def listed(window) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    return [(h.hit.document_id, h.hit.start, h.hit.end) for h in window.search.panel.model.hits]


def click_row(window, qtbot, row: int) -> None:  # type: ignore[no-untyped-def]
    view = window.search.panel.view
    index = view.model().index(row, 1)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())


def selected(window) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    editor = window.editor
    cursor = editor.textCursor()
    return editor._to_stored(cursor.selectionStart()), editor._to_stored(cursor.selectionEnd())


def test_a_typed_query_lists_every_hit_a_regular_expression_finds(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    search(kremlin, qtbot, QUERY)
    expected = regex_hits(kremlin)
    assert sorted(listed(kremlin)) == expected and len(expected) > 20
    documents = len({doc for doc, _, _ in expected})
    assert kremlin.search.panel.summary.text() == f"{len(expected)} hits in {documents} documents"
    assert kremlin.search.dock.isVisible()
    all_texts = texts(kremlin)
    for found in kremlin.search.panel.model.hits:
        text = all_texts[found.hit.document_id]
        assert text[found.hit.start:found.hit.end] == found.hit.text
        assert text[:found.hit.start].endswith(found.left) and found.left
    search(kremlin, qtbot, "water OR")  # malformed: the list keeps the last search
    assert sorted(listed(kremlin)) == expected


def test_clicking_a_row_opens_the_document_with_the_hit_selected(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    search(kremlin, qtbot, QUERY)
    expected = regex_hits(kremlin)
    busiest = max({d for d, _, _ in expected}, key=lambda d: sum(h[0] == d for h in expected))
    in_document = [h for h in expected if h[0] == busiest]
    row = listed(kremlin).index(in_document[1])
    click_row(kremlin, qtbot, row)
    assert kremlin.editor.document_id == busiest
    assert selected(kremlin) == in_document[1][1:]
    assert kremlin.search.bar.label.text() == f"hit 2 of {len(in_document)}"
    assert kremlin.search.frames.rectangles()  # the hits are framed on screen


def test_f3_and_shift_f3_step_through_the_documents_hits_and_wrap(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    search(kremlin, qtbot, QUERY)
    expected = regex_hits(kremlin)
    busiest = max({d for d, _, _ in expected}, key=lambda d: sum(h[0] == d for h in expected))
    spans = [(s, e) for d, s, e in expected if d == busiest]
    assert len(spans) >= 3
    click_row(kremlin, qtbot, listed(kremlin).index((busiest, *spans[0])))
    seen = [selected(kremlin)]
    for _ in spans:
        qtbot.keyClick(kremlin.editor, Qt.Key.Key_F3)
        seen.append(selected(kremlin))
    assert seen == [*spans, spans[0]]  # every hit in order, then round to the first
    qtbot.keyClick(kremlin.editor, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert selected(kremlin) == spans[-1]
    assert kremlin.search.bar.label.text() == f"hit {len(spans)} of {len(spans)}"
    kremlin.search.bar.previous_button.click()
    assert selected(kremlin) == spans[-2]


def _left_words(left: str) -> list[str]:
    """The words of a left context, nearest the hit first (str methods, not a regex)."""
    cleaned = "".join(c if c.isalnum() or c == "_" else " " for c in left.casefold())
    return cleaned.split()[::-1]


def test_sorting_by_left_context_orders_by_the_words_nearest_the_hit(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    search(kremlin, qtbot, QUERY)
    before = sorted(listed(kremlin))
    header = kremlin.search.panel.view.header()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2))
    keys = [_left_words(h.left) for h in kremlin.search.panel.model.hits]
    assert header.sortIndicatorSection() == 0
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert keys == sorted(keys, reverse=not ascending) and keys != sorted(keys, reverse=ascending)
    assert sorted(listed(kremlin)) == before  # the same hits, in another order
    kremlin.search.panel.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    keys = [_left_words(h.left) for h in kremlin.search.panel.model.hits]
    assert keys == sorted(keys, reverse=True)


def test_more_than_a_thousand_hits_show_the_first_thousand_then_all(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    search(kremlin, qtbot, "the")
    expected = regex_hits(kremlin, re.compile(r"\bthe\b", re.IGNORECASE))
    panel = kremlin.search.panel
    assert len(expected) > 1000
    assert panel.model.rowCount() == 1000
    documents = len({d for d, _, _ in expected})
    assert panel.summary.text() == (f"Showing 1,000 of {len(expected):,} hits in "
                                    f"{documents} documents")
    assert panel.show_all_button.isVisible()
    qtbot.mouseClick(panel.show_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.reader.busy and panel.model.rowCount() > 1000)
    assert sorted(listed(kremlin)) == expected
    assert not panel.show_all_button.isVisible()


def _sentence_like(text: str, start: int, end: int) -> bool:
    """A coded sentence: no line break or surrounding space, starts a line or follows a
    sentence's end, ends a line or before a space."""
    quote = text[start:end]
    starts = start == 0 or text[start - 1] == "\n" or text[start - 2:start] in (
        ". ", "? ", "! ", '" ', "” ", ": ")
    ends = end == len(text) or text[end] in "\n " or quote[-1] in ".?!\"”"
    return "\n" not in quote and quote == quote.strip() and starts and ends


def test_code_all_hits_codes_sentences_in_one_undo_step(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = kremlin.project
    search(kremlin, qtbot, QUERY)
    expected = regex_hits(kremlin)
    before = project.highlights.count()
    qtbot.mouseClick(kremlin.search.panel.code_button, Qt.MouseButton.LeftButton)
    dialog = kremlin.search.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(type(dialog.context_buttons.button(0)), "context_sentence").isChecked()
    qtbot.keyClicks(dialog.tag_box.lineEdit(), "security discourse")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not kremlin.search.coding)  # the hits are found in the background
    tag_id = next(t for t, path in project.tags.paths().items() if path == ("security discourse",))
    all_texts = texts(kremlin)
    coded = [h for d in all_texts for h in project.highlights.for_document(d)
             if tag_id in h.tag_ids]
    for document_id, start, end in expected:  # every hit inside a highlight of the tag
        assert any(h.document_id == document_id and h.start <= start and end <= h.end
                   for h in coded)
    for h in coded:
        assert _sentence_like(all_texts[h.document_id], h.start, h.end), h.quote
        assert any(d == h.document_id and h.start <= s and e <= h.end for d, s, e in expected)
    assert project.highlights.count() == before + len(coded)
    notice = kremlin.search.panel.notice.text()
    assert f"{len(coded)} highlights created" in notice
    assert notice.startswith(f"Coded {len(expected)} hits with their sentences in ")
    spans = sorted((h.id, h.document_id, h.start, h.end) for h in coded)

    kremlin.undo_action.trigger()  # one step takes back the highlights and the new tag
    assert project.highlights.count() == before
    assert tag_id not in project.tags.paths()
    kremlin.redo_action.trigger()
    again = [h for d in all_texts for h in project.highlights.for_document(d)
             if tag_id in h.tag_ids]
    assert sorted((h.id, h.document_id, h.start, h.end) for h in again) == spans


def test_hits_inside_an_existing_highlight_of_the_tag_add_nothing(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = kremlin.project
    tag_id, _ = project.tags.create("terror")
    search(kremlin, qtbot, "terrorism")
    first = kremlin.search.panel.model.hits[0].hit
    text = project.documents.text(first.document_id)
    line_start = text.rfind("\n", 0, first.start) + 1
    line_end = text.find("\n", first.end) % (len(text) + 1)
    project.highlights.create(first.document_id, line_start, line_end, [tag_id])
    before = project.highlights.count()
    dialog = kremlin.search.ask_code_all_hits()
    dialog.tag_box.setCurrentText("terror")
    dialog.findChild(type(dialog.context_buttons.button(0)), "context_match").click()
    dialog.accept()
    qtbot.waitUntil(lambda: not kremlin.search.coding)
    expected = regex_hits(kremlin, re.compile(r"\bterrorism\b", re.IGNORECASE))
    inside = [h for h in expected if h[0] == first.document_id
              and line_start <= h[1] and h[2] <= line_end]
    result = kremlin.search.last_result
    assert result is not None and result.skipped == len(inside)
    assert project.highlights.count() == before + len(expected) - len(inside)


def test_the_hit_list_passes_the_model_tester(kremlin, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    search(kremlin, qtbot, QUERY)
    qtmodeltester.check(kremlin.search.panel.model)


def test_f3_in_a_document_without_hits_goes_to_the_searchs_first_hit(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    search(kremlin, qtbot, QUERY)
    expected = regex_hits(kremlin)
    without = next(d for d in texts(kremlin) if d not in {h[0] for h in expected})
    kremlin.open_document(without)
    assert not kremlin.search.bar.isVisible()
    qtbot.keyClick(kremlin.editor, Qt.Key.Key_F3)
    first = kremlin.search.panel.last_read.found[0].hit
    assert (kremlin.editor.document_id, *selected(kremlin)) == (first.document_id, first.start,
                                                                 first.end)
    assert first.document_id in {h[0] for h in expected}
    assert kremlin.search.bar.label.text().startswith("hit 1 of ")


def test_coding_hits_that_are_all_coded_already_is_refused_and_not_an_undo_step(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    kremlin.project.tags.create("terror")
    search(kremlin, qtbot, "terrorism")
    for attempt in range(2):
        dialog = kremlin.search.ask_code_all_hits()
        dialog.tag_box.setCurrentText("terror")
        dialog.accept()
        qtbot.waitUntil(lambda: not kremlin.search.coding)
        # the coding committed in the background: the views re-read the file
        qtbot.waitUntil(lambda: kremlin.search.panel.last_read is not None)
        if attempt == 0:
            steps, highlights = kremlin.undo_stack.count(), kremlin.project.highlights.count()
    assert kremlin.last_error == "Every hit is coded with 'terror' already."
    assert kremlin.undo_stack.count() == steps == 1
    assert kremlin.project.highlights.count() == highlights


def test_hits_after_an_emoji_are_selected_at_their_code_points(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui_fixtures import EMOJI_TEXT, document_id

    search(window, qtbot, "world OR water")
    window.open_document(document_id(window, "Emoji note"))
    words = []
    for _ in range(3):
        qtbot.keyClick(window.editor, Qt.Key.Key_F3)
        start, end = selected(window)
        words.append(EMOJI_TEXT[start:end])
    assert words == ["world", "water", "world"]
    assert window.search.bar.label.text() == "hit 1 of 2"
    assert len(window.search.frames.rectangles()) == 2


def test_a_new_search_brings_the_search_tab_to_the_front_unless_closed(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    search_dock, quotes_dock = window.search.dock, window.quotes_dock

    def in_front(dock) -> bool:  # type: ignore[no-untyped-def]
        return dock.isVisible() and not dock.visibleRegion().isEmpty()

    quotes_dock.raise_()
    qtbot.waitUntil(lambda: in_front(quotes_dock) and not in_front(search_dock))
    search(window, qtbot, "water")
    qtbot.waitUntil(lambda: in_front(search_dock) and not in_front(quotes_dock))
    window.browser.clear_filter()
    search_dock.toggleViewAction().trigger()  # closed by the user
    quotes_dock.raise_()
    search(window, qtbot, "world")
    qtbot.waitUntil(lambda: in_front(quotes_dock))
    assert not search_dock.isVisible()
    assert window.search.panel.model.rowCount() == 1  # it still follows the search


def test_a_refused_new_tag_codes_nothing_and_leaves_no_undo_step(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    search(kremlin, qtbot, "terrorism")
    highlights = kremlin.project.highlights.count()
    dialog = kremlin.search.ask_code_all_hits()
    dialog.tag_box.setCurrentText("terror")
    # Meanwhile another program makes a tag of that name: the window's is refused.
    with Project.open(kremlin.project.path, coder="other") as other:
        other.tags.create("terror")
    dialog.accept()
    qtbot.waitUntil(lambda: not kremlin.search.coding)
    assert "a tag called 'terror' already exists" in kremlin.last_error
    assert kremlin.undo_stack.count() == 0 and not kremlin.undo_action.isEnabled()
    assert not kremlin.redo_action.isEnabled()
    assert kremlin.project.highlights.count() == highlights
    assert list(kremlin.project.tags.paths().values()) == [("terror",)]


def test_code_all_hits_codes_in_a_worker_thread(kremlin, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from annotator.ui import search_feature

    threads: list[threading.Thread] = []
    real = search_feature.code_hits

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(search_feature, "code_hits", recorded)
    kremlin.project.tags.create("terror")
    search(kremlin, qtbot, "terrorism")
    dialog = kremlin.search.ask_code_all_hits()
    dialog.tag_box.setCurrentText("terror")
    dialog.findChild(type(dialog.context_buttons.button(0)), "context_match").click()
    dialog.accept()
    qtbot.waitUntil(lambda: not kremlin.search.coding)
    assert threads and threads[0] is not threading.main_thread()
    assert kremlin.project.highlights.count() == len(regex_hits(
        kremlin, re.compile(r"\bterrorism\b", re.IGNORECASE)))
    assert kremlin.undo_stack.count() == 1


def test_renaming_or_redating_a_listed_document_shows_in_its_hits(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.document_properties import UpdateDocumentCommand
    from annotator.ui.hit_list_model import COLUMN_DATE, COLUMN_DOCUMENT

    search(kremlin, qtbot, "terrorism")
    model = kremlin.search.panel.model
    first = model.hit(0).hit.document_id
    document = kremlin.project.documents.get(first)
    kremlin.context.run(UpdateDocumentCommand(kremlin.context, document, "Renamed «report»",
                                              "1999-12-31", dict(document.attributes)))
    rows = [r for r in range(model.rowCount()) if model.hit(r).hit.document_id == first]
    assert rows and all(model.index(r, COLUMN_DOCUMENT).data() == "Renamed «report»"
                        and model.index(r, COLUMN_DATE).data() == "1999-12-31" for r in rows)
    model.sort(COLUMN_DOCUMENT, Qt.SortOrder.DescendingOrder)  # sorted by title: it moves
    kremlin.undo_action.trigger()
    titles = [model.hit(r).title.casefold() for r in range(model.rowCount())]
    assert titles == sorted(titles, reverse=True)
    assert document.title in {model.hit(r).title for r in range(model.rowCount())}
