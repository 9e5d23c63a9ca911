"""The coder in the window: the name asked at the first edit, the Settings dialog, the
editor coloured by coder and showing one coder, and the filter's coder condition."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from ui_fixtures import document_id

from annotator.domain.filters import DocumentFilter
from annotator.domain.palette import coder_colors
from annotator.ui import coder_identity
from annotator.ui.coder_identity import CODER_KEY, CoderNameDialog
from annotator.ui.coder_view import MINE
from annotator.ui.document_list_model import HEADERS
from annotator.ui.settings import app_settings

RIVER = "The river water level fell in summer."


def open_river(window, qtbot):  # type: ignore[no-untyped-def]
    window.open_document(document_id(window, "River report"))
    qtbot.waitUntil(lambda: window.editor.toPlainText() == RIVER)
    return window.editor


def two_coders(window, qtbot):  # type: ignore[no-untyped-def]
    """ann's highlight on "river", bob's on "level", both tagged water."""
    editor = open_river(window, qtbot)
    project, water = window.project, window.project.tags.find(["water"])
    ids = {}
    for coder, word in (("ann", "river"), ("bob", "level")):
        project.coder = coder
        start = RIVER.find(word)
        ids[coder] = project.highlights.create(editor.document_id, start,
                                               start + len(word), [water])[0]
    project.coder = "ann"
    window.signals.reloaded.emit()
    return editor, ids


def backgrounds(editor) -> dict[int, QColor]:  # type: ignore[no-untyped-def]
    """Start (UTF-16, one block) -> painted background of each highlighted range."""
    block = editor.document().firstBlock()
    return {r.start: r.format.background().color() for r in block.layout().formats()
            if r.format.background().style() != Qt.BrushStyle.NoBrush}


def answer_name_dialog(qtbot, typed: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """When the coder's name dialog opens: type ``typed`` and press OK (``None``:
    Cancel). Returns the prefilled names seen."""
    seen: list[str] = []

    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, CoderNameDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, answer)
            return
        dialog = dialogs[0]
        seen.append(dialog.name_box.text())
        if typed is None:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return
        dialog.name_box.clear()
        qtbot.keyClicks(dialog.name_box, typed)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)
    return seen


def asking_window(qtbot, project_file, monkeypatch):  # type: ignore[no-untyped-def]
    from annotator.ui.app import create_main_window

    monkeypatch.delenv("ANNOTATOR_CODER", raising=False)
    monkeypatch.setattr(coder_identity, "_declined", False)
    monkeypatch.setattr(coder_identity, "login_name", lambda: "login-name")
    window = create_main_window(project_file, ask_coder=True)
    qtbot.addWidget(window)
    window.show()
    return window


def tag_word(window, word: str) -> None:  # type: ignore[no-untyped-def]
    start = RIVER.find(word)
    window.editor.select_span(start, start + len(word))
    assert window.editor.apply_tags([window.project.tags.find(["security"])])


def test_the_first_edit_asks_once_and_the_name_is_kept(qtbot, project_file, monkeypatch):
    window = asking_window(qtbot, project_file, monkeypatch)
    open_river(window, qtbot)
    seen = answer_name_dialog(qtbot, "Dr. Ana Ruiz")
    tag_word(window, "river")
    assert seen == ["login-name"]  # prefilled with the login name
    tag_word(window, "summer")  # no second question (it would wait for an answer)
    coders = {h.quote: h.coder for h in window.editor.highlights}
    assert coders == {"river": "Dr. Ana Ruiz", "summer": "Dr. Ana Ruiz"}
    assert app_settings().value(CODER_KEY) == "Dr. Ana Ruiz"
    assert window.status_coder.text() == "Coder: Dr. Ana Ruiz"
    window.close()
    again = asking_window(qtbot, project_file, monkeypatch)  # the next launch
    assert again.coder.settled and again.project.coder == "Dr. Ana Ruiz"
    again.close()


def test_cancel_keeps_the_login_name_and_asks_at_the_next_launch(qtbot, project_file,
                                                                 monkeypatch):
    window = asking_window(qtbot, project_file, monkeypatch)
    open_river(window, qtbot)
    answer_name_dialog(qtbot, None)
    tag_word(window, "river")  # the edit still happens
    assert [h.coder for h in window.editor.highlights] == ["login-name"]
    assert app_settings().value(CODER_KEY) is None
    window.close()
    monkeypatch.setattr(coder_identity, "_declined", False)  # a new process
    later = asking_window(qtbot, project_file, monkeypatch)
    assert not later.coder.settled
    later.close()


def test_a_given_name_wins_and_is_never_asked(qtbot, project_file, monkeypatch):
    app_settings().setValue(CODER_KEY, "saved name")
    window = asking_window(qtbot, project_file, monkeypatch)
    assert window.project.coder == "saved name" and window.coder.settled
    window.close()
    monkeypatch.setattr(coder_identity, "explicit_coder", lambda: "from the shell")
    given = asking_window(qtbot, project_file, monkeypatch)
    assert given.project.coder == "from the shell" and given.coder.settled
    given.close()


def test_settings_dialog_changes_the_name_now_and_for_later(window, qtbot):
    dialog = window.edit_settings()
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.name_box.clear()
    assert not ok.isEnabled() and "empty" in dialog.problem.text()
    qtbot.keyClicks(dialog.name_box, "Mia")
    assert ok.isEnabled()
    ok.click()
    assert window.project.coder == "Mia" and app_settings().value(CODER_KEY) == "Mia"
    assert window.status_coder.text() == "Coder: Mia"
    editor = open_river(window, qtbot)
    tag_word(window, "river")
    assert [h.coder for h in editor.highlights] == ["Mia"]


def test_editor_colours_by_coder_and_shows_one_coder(window, qtbot):
    editor, ids = two_coders(window, qtbot)
    river, level = RIVER.find("river"), RIVER.find("level")
    by_tag = backgrounds(editor)
    assert by_tag[river] == by_tag[level]  # one tag, one colour
    editor.coder_view.set_by_coder(True)
    by_coder = backgrounds(editor)
    colors = coder_colors(window.project.highlights.coders_by_arrival())
    assert by_coder[river] != by_coder[level]
    for start, coder in ((river, "ann"), (level, "bob")):
        assert abs(by_coder[start].hslHue() - QColor(colors[coder]).hslHue()) <= 2, coder
    legend = window.pane.coder_note
    assert legend.isVisible() and "ann" in legend.text() and "bob" in legend.text()

    editor.coder_view.set_shown("bob")
    assert [s.id for s in editor.spans] == [ids["bob"]]
    assert list(backgrounds(editor)) == [level]
    editor.coder_view.set_shown(MINE)  # ann
    assert [s.id for s in editor.spans] == [ids["ann"]]
    # Showing ann: a new highlight of another coder's stays out; one of ann's comes in.
    editor.coder_view.set_shown("ann")
    window.project.coder = "cem"
    tag_word(window, "summer")
    assert [s.id for s in editor.spans] == [ids["ann"]]
    window.project.coder = "ann"
    tag_word(window, "fell")
    assert [window.project.highlights.get(s.id).quote for s in editor.spans] == [
        "river", "fell"]
    editor.coder_view.set_shown(None)
    editor.coder_view.set_by_coder(False)
    assert len(editor.spans) == 4 and not legend.isVisible()


def test_view_menu_lists_the_coders(window, qtbot):
    two_coders(window, qtbot)
    menu = window.coders_menu
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Colour by tag", "Colour by coder", "All coders", "Mine (ann)",
                     "Only bob"]
    next(a for a in menu.actions() if a.text() == "Only bob").trigger()
    assert window.editor.coder_view.shown == "bob"


def test_filter_by_coder_counts_only_their_highlights(window, qtbot):
    _, ids = two_coders(window, qtbot)
    project = window.project
    window.browser.set_document_filter(DocumentFilter(coders=frozenset({"bob"})))
    model = window.document_model
    assert [model.document_id(r) for r in range(model.rowCount())] == [
        project.highlights.get(ids["bob"]).document_id]
    counts = model.index(0, len(HEADERS) - 1).data()
    assert str(counts) == "1"
    chips = [c.chip.text for c in window.browser.filter_bar.chips]
    assert chips == ["Coded by bob"]
    water = project.tags.find(["water"])
    window.quotes_model.set_tags([water])
    assert window.quotes_model.total == 1


def test_coder_condition_dialog_lists_coders_with_their_documents(window, qtbot):
    from annotator.services.coder_choice import coder_documents
    from annotator.ui.filter_dialogs import CoderConditionDialog

    two_coders(window, qtbot)
    project = window.project
    project.coder = "bob"
    other = document_id(window, "Emoji note")
    project.highlights.create(other, 0, 2, [project.tags.find(["security"])])
    rows = coder_documents(project)
    everything = [h for d in project.documents.ids() for h in project.highlights.for_document(d)]
    assert rows == [(c, len({h.document_id for h in everything if h.coder == c}))
                    for c in ("ann", "bob")]
    dialog = CoderConditionDialog(rows, frozenset({"bob"}), window)
    qtbot.addWidget(dialog)
    model = dialog.list.model()
    assert [(model.item(r, 0).text(), model.item(r, 1).text()) for r in range(2)] == [
        ("ann", "1"), ("bob", "2")]
    assert dialog.answer() == {"bob"}
