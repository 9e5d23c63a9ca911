"""Deleting documents and editing many at once in the window: the questions asked, the
result, and undo/redo compared with every row of every table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from ui_fixtures import build_outlets_project

from annotator.ui.document_actions import deletion_question
from annotator.ui.document_dialogs import DocumentDateDialog, SetVariableDialog
from undo_scenarios import table_rows


class ScriptedDocumentPrompts:
    """Stands in for the document actions' dialogs; answers are queued by the test."""

    def __init__(self) -> None:
        self.confirm_answer = True
        self.confirmations: list[str] = []
        self.variables: list[tuple[str, str | None] | None] = []
        self.dates: list[str | None] = []
        self.offered: list[tuple[list[str], list[str], int]] = []

    def confirm(self, title: str, message: str) -> bool:
        self.confirmations.append(message)
        return self.confirm_answer

    def variable(self, names, values_of, count):  # type: ignore[no-untyped-def]
        self.offered.append((names, values_of("outlet"), count))
        return self.variables.pop(0)

    def date(self, count: int, current: str) -> str | None:
        return self.dates.pop(0)


@pytest.fixture
def news(qtbot, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """The window on the outlets project, with scripted document prompts."""
    from annotator.ui.app import create_main_window

    path = tmp_path / "news.annotator"
    build_outlets_project(path)
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.document_actions.prompts = ScriptedDocumentPrompts()
    window.show()
    yield window
    window.close()


def select_rows(window, rows: list[int]) -> list[int]:  # type: ignore[no-untyped-def]
    """Select these rows of the browser (as Ctrl+clicks would); their document ids."""
    view, model = window.browser.view, window.document_model
    selection = QItemSelection()
    for row in rows:
        selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    return [model.document_id(row) for row in rows]


def listed(window) -> list[int]:  # type: ignore[no-untyped-def]
    model = window.document_model
    return [model.document_id(r) for r in range(model.rowCount())]


def test_the_question_is_worded_for_one_and_many() -> None:
    assert deletion_question(["Report 01"], 1, 3) == \
        "Delete the document “Report 01” and its 3 highlights?"
    assert deletion_question(["Report 01"], 1, 1) == \
        "Delete the document “Report 01” and its highlight?"
    assert deletion_question(["Report 01"], 1, 0) == \
        "Delete the document “Report 01”? It has no highlights."
    assert deletion_question([], 3, 41) == "Delete 3 documents and their 41 highlights?"
    assert deletion_question([], 2, 0) == "Delete 2 documents? They have no highlights."


def test_delete_key_deletes_the_selected_document_and_undo_restores_it(news, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = news.project
    before = table_rows(project)
    row = next(r for r in range(news.document_model.rowCount())
               if project.highlights.for_document(news.document_model.document_id(r)))
    [doc] = select_rows(news, [row])
    title = project.documents.get(doc).title
    count = len(project.highlights.for_document(doc))
    news.open_document(doc)
    news.browser.view.setFocus()
    qtbot.keyClick(news.browser.view, Qt.Key.Key_Delete)
    prompts = news.document_actions.prompts
    noun = "highlight" if count == 1 else f"{count} highlights"
    assert prompts.confirmations[0].startswith(f"Delete the document “{title}” and its {noun}?")
    assert doc not in listed(news) and doc not in project.documents.ids()
    assert news.editor.document_id is None and news.pane.title.text() == "No document open"
    after = table_rows(project)
    news.undo_stack.undo()
    assert table_rows(project) == before and doc in listed(news)
    news.undo_stack.redo()
    assert table_rows(project) == after
    news.undo_stack.undo()
    assert table_rows(project) == before
    assert news.undo_stack.undoText() == ""  # one step


def test_deleting_many_asks_with_their_counts_and_is_one_undo_step(news) -> None:  # type: ignore[no-untyped-def]
    project = news.project
    before = table_rows(project)
    chosen = select_rows(news, [0, 3, 5, 8])
    highlights = sum(len(project.highlights.for_document(d)) for d in chosen)
    assert news.document_actions.delete_action.text() == "Delete 4 documents…"
    prompts = news.document_actions.prompts
    prompts.confirm_answer = False
    assert not news.document_actions.delete_action.trigger() and table_rows(project) == before
    assert prompts.confirmations == [
        f"Delete 4 documents and their {highlights} highlights?\n\nEdit ▸ Undo brings them back."]
    prompts.confirm_answer = True
    news.document_actions.delete_action.trigger()
    assert not set(chosen) & set(project.documents.ids())
    assert project.highlights.count() == len(before["highlights"]) - highlights
    assert news.status_counts.text().startswith("20 documents")
    assert news.undo_stack.undoText() == "Delete 4 documents"
    news.undo_stack.undo()
    assert table_rows(project) == before
    assert news.status_counts.text().startswith("24 documents")


def test_setting_a_variable_of_many_documents_and_undo(news) -> None:  # type: ignore[no-untyped-def]
    project = news.project
    before = table_rows(project)
    chosen = select_rows(news, [1, 2, 4])
    prompts = news.document_actions.prompts
    prompts.variables = [("outlet", "Interfax"), ("year", None)]
    outlets = sorted({str(a["outlet"]) for a in (project.documents.get(d).attributes
                                                  for d in project.documents.ids())
                      if "outlet" in a}, key=str.casefold)
    assert news.document_actions.set_variable_action.text() == "Set variable of 3 documents…"
    news.document_actions.set_variable_action.trigger()
    names, offered_values, count = prompts.offered[0]
    assert names == ["year", "outlet"] and count == 3
    assert offered_values == outlets
    assert {project.documents.get(d).attributes["outlet"] for d in chosen} == {"Interfax"}
    assert news.undo_stack.undoText() == "Set outlet to 'Interfax' for 3 documents"
    news.document_actions.set_variable_action.trigger()  # clear the year
    assert all("year" not in project.documents.get(d).attributes for d in chosen)
    news.undo_stack.undo()
    news.undo_stack.undo()
    assert table_rows(project) == before


def test_setting_and_clearing_the_date_of_many_documents(news) -> None:  # type: ignore[no-untyped-def]
    project = news.project
    before = table_rows(project)
    chosen = select_rows(news, [0, 1])
    news.document_actions.prompts.dates = ["2021-03"]
    news.document_actions.set_date_action.trigger()
    assert {project.documents.get(d).date for d in chosen} == {"2021-03"}
    news.document_actions.clear_date_action.trigger()
    assert {project.documents.get(d).date for d in chosen} == {None}
    assert news.undo_stack.undoText() == "Clear the date of 2 documents"
    news.undo_stack.undo()
    assert {project.documents.get(d).date for d in chosen} == {"2021-03"}
    news.undo_stack.undo()
    assert table_rows(project) == before


def test_actions_are_off_without_a_selection(news) -> None:  # type: ignore[no-untyped-def]
    select_rows(news, [])
    actions = news.document_actions
    assert not any(a.isEnabled() for a in (actions.delete_action, actions.set_variable_action,
                                           actions.set_date_action, actions.clear_date_action))
    assert not actions.delete_selected()
    context_menu = [a.text() for a in news.browser.view.actions() if not a.isSeparator()]
    assert context_menu == ["Document properties…", "Set variable…", "Set date…",
                            "Clear date", "Delete document…"]


def test_set_variable_dialog_offers_the_values_of_the_variable(qtbot) -> None:  # type: ignore[no-untyped-def]
    values = {"outlet": ["RT", "TASS"], "year": ["2018"]}
    dialog = SetVariableDialog(["outlet", "year"], lambda name: values.get(name, []), 2)
    qtbot.addWidget(dialog)
    assert [dialog.value_box.itemText(i) for i in range(dialog.value_box.count())] == ["RT", "TASS"]
    dialog.name_box.setCurrentText("year")
    assert [dialog.value_box.itemText(i) for i in range(dialog.value_box.count())] == ["2018"]
    dialog.value_box.setEditText("  ")
    assert dialog.answer() == ("year", None)  # empty: clear
    assert "2 documents will get this value" in dialog.hint.text()
    dialog.name_box.setEditText("")
    dialog._accept_if_named()
    assert dialog.error_label.text() == "Choose a variable or type a name."
    assert dialog.result() == 0


def test_date_dialog_refuses_what_is_not_a_date(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = DocumentDateDialog(3, "")
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("2020-02-30")
    dialog._accept_if_valid()
    assert dialog.error_label.text() == "'2020-02-30' is not a real date"
    dialog.date_edit.setText("2020-02-03 10:00")
    assert dialog.answer() == "2020-02-03T10:00"
    dialog.date_edit.setText("")
    dialog._accept_if_valid()
    assert dialog.error_label.text() == "Type a date, or use Clear date."
    assert dialog.result() == 0
    dialog.date_edit.setText("2020")
    dialog._accept_if_valid()
    assert dialog.result() == 1
