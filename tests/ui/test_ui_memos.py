"""Memos in the window: writing saves as you type (durably), a typing burst is one undo
step, memos on a selection (marked in the margin), the tag memo under its description,
the memo list's filters, and opening a memo's place."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from ui_fixtures import EMOJI_TEXT, document_id

from annotator.domain.memos import MemoFilter, MemoPlace
from annotator.services import Project
from annotator.ui.memo_editor import SAVE_DELAY_MS
from annotator.ui.memo_list import COLUMN_KIND, MemoListModel


def stored(path: Path, place: MemoPlace) -> str | None:
    """The memo text of ``place`` as another connection to the file reads it (what a
    crash right now would keep)."""
    with Project.open(path, create=False) as other:
        memo = other.memos.at(place)
        return memo.text if memo is not None else None


def write(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into the memo editor as a user would."""
    editor = window.memos.panel.editor
    qtbot.keyClicks(editor.text, text)


def saved(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Wait until the memo editor has saved what was typed (after its delay)."""
    editor = window.memos.panel.editor
    qtbot.waitUntil(lambda: not editor.dirty, timeout=SAVE_DELAY_MS * 5)


def open_emoji_document(window, qtbot) -> int:  # type: ignore[no-untyped-def]
    doc = document_id(window, "Emoji note")
    window.open_document(doc)
    qtbot.waitUntil(lambda: window.editor.toPlainText().startswith("Hi"))
    return doc


def test_typing_saves_after_a_pause_and_the_file_has_it(window, qtbot, project_file) -> None:  # type: ignore[no-untyped-def]
    doc = open_emoji_document(window, qtbot)
    window.memos.panel.open("document", doc)
    write(qtbot, window, "First thoughts")
    assert window.memos.panel.editor.dirty
    assert stored(project_file, MemoPlace.document(doc)) is None  # not yet: still typing
    saved(qtbot, window)
    assert stored(project_file, MemoPlace.document(doc)) == "First thoughts"
    memo = window.project.memos.for_document(doc)
    assert memo is not None and memo.author == window.project.coder
    assert window.memos.panel.editor.byline.text().startswith(f"By {window.project.coder}")


def test_a_typing_burst_is_one_undo_step(window, qtbot, project_file) -> None:  # type: ignore[no-untyped-def]
    window.memos.panel.open("project")
    steps = window.undo_stack.count()
    write(qtbot, window, "Research question")
    saved(qtbot, window)
    write(qtbot, window, ": water as security")
    saved(qtbot, window)
    assert window.undo_stack.count() == steps + 1  # two saves, one step
    assert window.undo_action.text() == "Undo Edit the project's memo"
    place = MemoPlace.project()
    first = window.project.memos.at(place)
    assert first is not None and first.text == "Research question: water as security"
    # Leaving the editor ends the burst: the next typing is another step.
    window.editor.setFocus()
    window.memos.panel.editor.text.setFocus()
    window.memos.panel.editor.text.moveCursor(QTextCursor.MoveOperation.End)
    write(qtbot, window, ".")
    saved(qtbot, window)
    assert window.undo_stack.count() == steps + 2
    # Ctrl+Z in the memo is the window's undo: the last burst, then the first.
    qtbot.keyClick(window.memos.panel.editor.text, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    assert stored(project_file, place) == "Research question: water as security"
    window.undo_action.trigger()
    assert stored(project_file, place) is None
    assert window.memos.panel.editor.text.toPlainText() == ""
    window.redo_action.trigger()
    assert window.project.memos.at(place) == first  # the same memo: id, GUID, times


def test_a_highlight_memo_from_the_editor_menu(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = open_emoji_document(window, qtbot)
    security = window.project.tags.find(["security"])
    start = EMOJI_TEXT.find("security")
    highlight, _ = window.project.highlights.create(doc, start, start + 8, [security])
    window.editor.edit_memo(highlight)  # "Edit memo…" in the highlight's menu
    panel = window.memos.panel
    assert panel.kind == "highlight" and panel.heading.text() == "“security”"
    assert panel.editor.text.hasFocus()
    write(qtbot, window, "Securitising move")
    saved(qtbot, window)
    assert window.project.highlights.get(highlight).memo == "Securitising move"
    assert "Securitising move" in window.editor.tooltip_html(window.editor.highlight_at(start))


def test_memo_on_selection_after_an_emoji_is_exact_and_marked(window, qtbot,  # type: ignore[no-untyped-def]
                                                               project_file) -> None:
    doc = open_emoji_document(window, qtbot)
    editor = window.editor
    phrase = "world"
    start16 = EMOJI_TEXT.find(phrase) + 1  # the emoji is two UTF-16 units
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start16)
    cursor.setPosition(start16 + len(phrase), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    assert window.memos.memo_action.text() == "Memo on selection"
    window.memos.memo_action.trigger()
    [memo] = window.project.memos.spans_in(doc)
    assert (memo.start, memo.end, memo.quote) == (EMOJI_TEXT.find(phrase),
                                                 EMOJI_TEXT.find(phrase) + len(phrase), phrase)
    assert window.project.highlights.count() == 0  # nothing is coded
    panel = window.memos.panel
    assert panel.kind == "span" and panel.editor.text.hasFocus()
    write(qtbot, window, "Whose world?")
    saved(qtbot, window)
    assert stored(project_file, MemoPlace.span(memo.id)) == "Whose world?"
    margin = window.memos.margin
    qtbot.waitUntil(lambda: len(margin.mark_rects()) == 1)
    [(marked, icon, _bar)] = margin.mark_rects()
    assert marked.id == memo.id
    # Elsewhere, then a click on the mark: the passage is selected, the memo open.
    panel.open("project")
    editor.select_span(0, 2)
    qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=icon.center())
    assert panel.kind == "span" and panel.editor.text.toPlainText() == "Whose world?"
    assert editor.textCursor().selectedText() == phrase
    # Undo the text, then the memo itself: its mark goes.
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.project.memos.spans_in(doc) == [] and margin.mark_rects() == []


def test_memo_on_nothing_selected_says_so(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_emoji_document(window, qtbot)
    assert not window.memos.memo_on_selection()
    assert "Select some text first" in window.last_error


def test_the_tag_memo_sits_under_its_description(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    water = window.project.tags.find(["water"])
    window.tag_panel.select_tag(water)
    panel = window.memos.panel
    panel.open("tag")
    assert panel.heading.text() == "water"
    assert panel.description.text() == "No description yet."
    window.tag_panel.prompts.texts.append("Rivers, dams and irrigation")
    qtbot.mouseClick(panel.describe_button, Qt.MouseButton.LeftButton)
    assert panel.description.text() == "Rivers, dams and irrigation"
    panel.editor.text.setFocus()
    write(qtbot, window, "Competes with energy.")
    saved(qtbot, window)
    memo = window.project.memos.for_tag(water)
    assert memo is not None and memo.text == "Competes with energy."
    assert window.project.tags.get(water).description == "Rivers, dams and irrigation"


def test_closing_the_window_saves_what_was_just_typed(qtbot, project_file) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.app import create_main_window

    window = create_main_window(project_file)
    qtbot.addWidget(window)
    window.show()
    window.memos.panel.open("project")
    write(qtbot, window, "Last words")
    assert window.memos.panel.editor.dirty
    window.close()
    assert stored(project_file, MemoPlace.project()) == "Last words"


@pytest.fixture
def memo_window(qtbot, project_file):  # type: ignore[no-untyped-def]
    """The window on a project with memos of every kind by two authors."""
    from annotator.ui.app import create_main_window

    with Project.open(project_file, coder="ana") as project:
        emoji, river = project.documents.ids()
        security, water = project.tags.find(["security"]), project.tags.find(["water"])
        h1 = project.highlights.create(emoji, 0, 2, [security], memo="A greeting")[0]
        project.highlights.create(river, 4, 9, [water], memo="The river")
        project.memos.write(MemoPlace.project(), "Water and security")
        project.memos.write(MemoPlace.document(river), "A hydrology report")
        project.coder = "boris"
        project.memos.write(MemoPlace.tag(water), "Water: every mention")
        project.memos.create_span(river, 10, 15, "Level is water level")
    window = create_main_window(project_file)
    qtbot.addWidget(window)
    window.show()
    window.memos.list_dock.show()
    window.memos.list_dock.raise_()
    qtbot.waitUntil(lambda: window.memos.list.model.rowCount() == 6)
    yield window, {"emoji": emoji, "river": river, "security": security, "water": water,
                   "h1": h1}
    window.close()


def test_the_memo_list_model_passes_the_model_tester(memo_window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window, _ = memo_window
    model: MemoListModel = window.memos.list.model
    qtmodeltester.check(model)
    model.sort(COLUMN_KIND, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_the_memo_list_filters(memo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, ids = memo_window
    panel = window.memos.list
    everything = window.project.memos.select()

    def shown() -> set[int]:
        return {panel.model.memo_at(row).id for row in range(panel.model.rowCount())}

    def choose(box, data) -> None:  # type: ignore[no-untyped-def]
        box.setCurrentIndex(box.findData(data))

    assert shown() == {m.id for m in everything} and panel.count.text() == "6 memos"
    choose(panel.kind_box, "span")
    assert shown() == {m.id for m in everything if m.kind == "span"}
    choose(panel.kind_box, None)
    choose(panel.tag_box, ids["water"])
    water_highlights = {h.id for h in window.project.highlights.for_document(ids["river"])}
    assert shown() == {m.id for m in everything if m.tag_id == ids["water"]
                       or m.highlight_id in water_highlights}
    choose(panel.tag_box, None)
    choose(panel.document_box, ids["river"])
    assert shown() == {m.id for m in everything if m.document_id == ids["river"]}
    assert panel.count.text() == f"{len(shown())} of 6 memos"
    choose(panel.document_box, None)
    choose(panel.author_box, "boris")
    assert shown() == {m.id for m in everything if m.author == "boris"}
    choose(panel.author_box, None)
    qtbot.keyClicks(panel.search_box, "WATER level")
    qtbot.waitUntil(lambda: len(shown()) == 1)
    assert shown() == {m.id for m in everything
                       if "water" in m.text.lower() and "level" in m.text.lower()}


@pytest.mark.parametrize("kind", ["project", "document", "tag", "highlight", "span"])
def test_double_click_opens_the_memos_place(memo_window, qtbot, kind: str) -> None:  # type: ignore[no-untyped-def]
    window, _ = memo_window
    model = window.memos.list.model
    row = next(r for r in range(model.rowCount()) if model.memo_at(r).kind == kind)
    memo = model.memo_at(row)
    view = window.memos.list.view
    where = view.visualRect(model.index(row, 1)).center()
    panel = window.memos.panel
    panel.open("span" if kind == "project" else "project")  # elsewhere first
    assert panel.kind != kind
    # A user's double-click: a press and release, then the double-click.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert panel.kind == kind and panel.editor.memo == memo
    assert panel.editor.text.toPlainText() == memo.text
    if memo.document_id is not None:
        assert window.editor.document_id == memo.document_id
    if kind == "highlight":
        assert window.editor.current_highlight == memo.highlight_id
    if kind == "span":
        assert window.editor.textCursor().selectedText() == memo.quote
    if kind == "tag":
        assert window.tag_panel.current_tag() == memo.tag_id


def test_deleting_a_memo_from_the_panel_is_undoable(memo_window) -> None:  # type: ignore[no-untyped-def]
    window, ids = memo_window
    memo = window.project.memos.for_document(ids["river"])
    window.memos.open_memo(memo)
    panel = window.memos.panel
    assert panel.delete_button.isVisible()
    assert panel.delete_memo()
    assert window.project.memos.for_document(ids["river"]) is None
    assert panel.editor.text.toPlainText() == "" and not panel.delete_button.isVisible()
    window.undo_action.trigger()
    assert window.project.memos.for_document(ids["river"]) == memo
    assert panel.editor.text.toPlainText() == memo.text
    assert window.memos.list.model.rowCount() == 6
    assert MemoFilter() == window.memos.list.model.where


def test_the_margin_mark_has_a_tooltip_and_a_hand(memo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, ids = memo_window
    window.open_document(ids["river"])
    margin = window.memos.margin
    qtbot.waitUntil(lambda: len(margin.mark_rects()) == 1)
    [(memo, icon, _bar)] = margin.mark_rects()
    assert margin.memo_at(icon.center()) == memo
    assert margin.memo_at(QPoint(icon.center().x(), icon.bottom() + 400)) is None
    assert memo.text == "Level is water level"


def test_overlapping_span_memos_get_bars_side_by_side() -> None:
    from annotator.ui.memo_margin import LANES, bar_lanes

    spans = [(0, 10), (5, 20), (12, 30), (25, 40), (26, 27), (27, 28), (50, 60)]
    lanes = bar_lanes(spans)
    for i, (start, end) in enumerate(spans):
        for j in range(i):
            other = spans[j]
            if other[0] < end and start < other[1] and lanes[i] < LANES - 1:
                assert lanes[i] != lanes[j], (spans[i], other)
    assert lanes[0] == lanes[-1] == 0  # nothing overlaps the last: the first lane again


def _listed_texts(model: MemoListModel) -> dict[int, str]:
    return {model.memo_at(r).id: model.index(r, 2).data() for r in range(model.rowCount())}


def test_typing_in_a_memo_changes_its_row_without_reading_the_list_again(  # type: ignore[no-untyped-def]
        memo_window, qtbot, monkeypatch) -> None:
    from annotator.ui import memo_list

    window, ids = memo_window
    reads: list[MemoFilter] = []
    real = memo_list.read_memo_rows
    monkeypatch.setattr(memo_list, "read_memo_rows",
                        lambda project, where: reads.append(where) or real(project, where))
    memo = window.project.memos.for_document(ids["river"])
    window.memos.open_memo(memo)
    editor = window.memos.panel.editor
    editor.text.moveCursor(QTextCursor.MoveOperation.End)
    write(qtbot, window, " with flood maps")
    saved(qtbot, window)
    model = window.memos.list.model
    assert _listed_texts(model)[memo.id] == "A hydrology report with flood maps"
    assert reads == [] and model.rowCount() == 6
    assert window.memos.list.count.text() == "6 memos"


def test_an_edited_memo_leaves_or_joins_a_searched_list(memo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, ids = memo_window
    panel = window.memos.list
    qtbot.keyClicks(panel.search_box, "hydrology")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    memo = window.project.memos.for_document(ids["river"])
    window.memos.open_memo(memo)
    editor = window.memos.panel.editor
    editor.text.selectAll()
    write(qtbot, window, "A geology report")
    saved(qtbot, window)
    assert panel.model.rowCount() == 0 and panel.count.text() == "0 of 6 memos"
    editor.text.selectAll()
    write(qtbot, window, "Hydrology again")
    saved(qtbot, window)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert _listed_texts(panel.model) == {memo.id: "Hydrology again"}


def test_a_big_memo_list_is_read_in_the_background(memo_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from annotator.ui import memo_list

    window, _ = memo_window
    threads: list[threading.Thread] = []
    real = memo_list.read_memo_rows
    monkeypatch.setattr(memo_list, "read_memo_rows", lambda project, where: (
        threads.append(threading.current_thread()) or real(project, where)))
    monkeypatch.setattr(memo_list, "SYNC_LIMIT", 0)
    panel = window.memos.list
    panel.author_box.setCurrentIndex(panel.author_box.findData("boris"))
    qtbot.waitUntil(lambda: not panel.model.reading)
    expected = {m.id for m in window.project.memos.select() if m.author == "boris"}
    assert {panel.model.memo_at(r).id for r in range(panel.model.rowCount())} == expected
    assert threads and threading.main_thread() not in threads
    assert panel.count.text() == f"{len(expected)} of 6 memos"
