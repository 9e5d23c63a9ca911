"""The variables table: documents × variables, sorted by type, edited cell by cell and
column by column, every edit one exact undo step, and changes made elsewhere shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from annotator.domain.model import Changes, NewDocument
from annotator.domain.variables import value_sort_key
from annotator.services import Project
from annotator.ui import table_reader
from annotator.ui.document_properties import UpdateDocumentCommand
from annotator.ui.variable_commands import DeleteVariableCommand, SetVariableValueCommand
from annotator.ui.variable_table_model import COLUMN_DATE, COLUMN_TITLE
from annotator.ui.variables_panel import EMPTY_HINT
from conftest import ScriptedPrompts

DOCUMENTS = [  # title, date, attributes
    ("Moscow talks", "2019-04-01", {"outlet": "TASS", "year": 2019, "score": "9",
                                    "signed": "2019-04-02"}),
    ("Astana summit", "2018-02-12", {"outlet": "kun.uz", "year": 2018, "score": "10"}),
    ("Bishkek visit", None, {"outlet": "Akipress", "score": "-2.5", "signed": "2018-12"}),
    ("Dushanbe note", "2020-07-30", {"year": 2020, "score": "100"}),
    ("Tashkent forum", "2017-05-05", {"outlet": "Kun.uz", "score": "1e1"}),
]


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "variables.annotator"
    with Project.open(path, coder="tester") as project:
        for title, date, attributes in DOCUMENTS:
            project.documents.add(NewDocument(title, f"The text of {title}.", date,
                                              f"{title}.txt", attributes))
    return path


@pytest.fixture
def table(window, qtbot):  # type: ignore[no-untyped-def]
    """The window's variables panel, brought up, with scripted prompts."""
    window.variables_dock.bring_up()
    qtbot.waitUntil(lambda: window.variables.model.rowCount() == len(DOCUMENTS))
    window.variables.prompts = ScriptedPrompts()
    return window.variables


def attributes(project: Project) -> dict[int, dict]:
    """Every document's attributes, from the records (the JSON the project keeps)."""
    return {i: project.documents.get(i).attributes for i in project.documents.ids()}


def stored_json(project: Project) -> list[tuple[int, str]]:
    """The attributes JSON exactly as stored (key order and JSON types included)."""
    return project.store.db.conn.execute(
        "SELECT id, attributes FROM documents ORDER BY id").fetchall()


def column(table, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    model = table.model
    col = model.column_of(name)
    assert col is not None, f"no column {name!r}"
    return [model.index(row, col).data() for row in range(model.rowCount())]


def header(table, name: str) -> str:  # type: ignore[no-untyped-def]
    return table.model.headerData(table.model.column_of(name), Qt.Orientation.Horizontal)


def shown(value: object) -> str:
    return str(value) if value is not None else ""


def test_the_table_shows_every_document_and_variable(window, table, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(table.model)
    model = table.model
    records = attributes(window.project)
    names = list(dict.fromkeys(name for _, _, attrs in DOCUMENTS for name in attrs))
    assert [v.name for v in model.variables()] == names
    for row in range(model.rowCount()):
        document_id = model.document_id(row)
        document = window.project.documents.get(document_id)
        assert model.index(row, COLUMN_TITLE).data() == document.title
        assert model.index(row, COLUMN_DATE).data() == (document.date or "")
        for name in names:
            assert model.index(row, model.column_of(name)).data() == shown(
                records[document_id].get(name))
    assert header(table, "year") == "year\nnumber (inferred)"
    assert header(table, "signed") == "signed\ndate (inferred)"
    assert header(table, "outlet") == "outlet\ntext (inferred)"
    assert table.counts.text() == "5 documents  ·  4 variables"


@pytest.mark.parametrize("name", ["outlet", "year", "score", "signed"])
def test_each_column_sorts_in_the_order_of_its_type(window, table, name: str) -> None:  # type: ignore[no-untyped-def]
    kind = window.project.variables.get(name).type
    records = attributes(window.project)
    valued = [v for v in (shown(a.get(name)) for a in records.values()) if v]
    ascending = sorted(valued, key=lambda v: value_sort_key(kind, v))
    blanks = [""] * (len(records) - len(valued))
    table.view.sortByColumn(table.model.column_of(name), Qt.SortOrder.AscendingOrder)
    assert column(table, name) == ascending + blanks
    table.view.sortByColumn(table.model.column_of(name), Qt.SortOrder.DescendingOrder)
    descending = sorted(valued, key=lambda v: value_sort_key(kind, v), reverse=True)
    assert column(table, name) == descending + blanks  # empty last either way
    if name == "score":  # by size, not as text: -2.5, 9, 10 (and 1e1), 100
        assert ascending == ["-2.5", "9", "10", "1e1", "100"]


def test_title_and_date_columns_sort_too(table) -> None:  # type: ignore[no-untyped-def]
    titles = sorted(t for t, _, _ in DOCUMENTS)
    table.view.sortByColumn(COLUMN_TITLE, Qt.SortOrder.DescendingOrder)
    assert column_titles(table) == titles[::-1]
    table.view.sortByColumn(COLUMN_DATE, Qt.SortOrder.AscendingOrder)
    dated = sorted((d, t) for t, d, _ in DOCUMENTS if d)
    assert column_titles(table)[:len(dated)] == [t for _, t in dated]


def column_titles(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.model.index(r, COLUMN_TITLE).data() for r in range(table.model.rowCount())]


def cell(table, title: str, name: str):  # type: ignore[no-untyped-def]
    model = table.model
    row = column_titles(table).index(title)
    return model.index(row, model.column_of(name))


def type_into(table, qtbot, index, text: str) -> None:  # type: ignore[no-untyped-def]
    """Enter on the cell, type ``text`` into its editor and press Enter, as a user does."""
    view = table.view
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    editors = [e for e in view.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "Enter opened no editor"
    editors[0].selectAll()
    qtbot.keyClicks(editors[0], text)
    with qtbot.waitSignal(editors[0].destroyed):  # the editor closes (and goes)
        qtbot.keyClick(editors[0], Qt.Key.Key_Return)


def test_typing_a_value_stores_it_and_undo_redo_are_exact(window, table, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = stored_json(window.project)
    moscow = cell(table, "Moscow talks", "year")
    type_into(table, qtbot, moscow, "2021")
    document_id = table.model.document_id(moscow.row())
    assert window.project.documents.get(document_id).attributes["year"] == "2021"
    assert moscow.data() == "2021"
    after = stored_json(window.project)
    assert window.undo_action.text() == "Undo Set year of 'Moscow talks' to '2021'"
    window.undo_stack.undo()
    assert stored_json(window.project) == before  # 2019 is a JSON number again, in place
    assert moscow.data() == "2019"
    window.undo_stack.redo()
    assert stored_json(window.project) == after
    # a value into a document that had none, and Delete to clear one
    dushanbe = cell(table, "Dushanbe note", "outlet")
    type_into(table, qtbot, dushanbe, "Asia-Plus")
    assert dushanbe.data() == "Asia-Plus"
    table.view.setCurrentIndex(dushanbe)
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert dushanbe.data() == ""
    assert "outlet" not in window.project.documents.get(table.model.document_id(
        dushanbe.row())).attributes
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert stored_json(window.project) == before


@pytest.mark.parametrize(("name", "wrong", "reason"), [
    ("year", "twenty", "'twenty' is not a number"),
    ("score", "1,5", "'1,5' is not a number"),
    ("signed", "2019-02-30", "'2019-02-30' is not a date"),
])
def test_a_wrong_number_or_date_says_so_and_is_not_stored(window, table, qtbot, name: str,
                                                          wrong: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    before = stored_json(window.project)
    steps = window.undo_stack.count()
    target = cell(table, "Moscow talks", name)
    old = target.data()
    type_into(table, qtbot, target, wrong)
    message = table.message.text()
    assert reason in message and message.startswith(f"{name}: ") and "\n" not in message
    assert "nothing was stored" in message
    assert stored_json(window.project) == before and window.undo_stack.count() == steps
    assert target.data() == old
    # once the variable is read as text (the current cell's column), any value goes
    assert table.set_type("text")
    type_into(table, qtbot, cell(table, "Moscow talks", name), wrong)
    assert cell(table, "Moscow talks", name).data() == wrong


def test_add_rename_delete_a_variable_each_one_undo_step(window, table, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(table.model)
    project = window.project
    before = stored_json(project)
    variables_before = project.store.db.conn.execute("SELECT * FROM variables").fetchall()
    table.prompts.texts = ["  region  "]
    assert table.add_variable()
    assert [v.name for v in table.model.variables()][-1] == "region"
    assert table.model.variable(table.view.currentIndex().column()).name == "region"
    region_id = project.variables.get("region").id
    window.undo_stack.undo()
    assert table.model.column_of("region") is None
    window.undo_stack.redo()
    assert project.variables.get("region").id == region_id  # the same variable comes back
    # rename the current column's variable (the table's F2)
    table.view.setCurrentIndex(cell(table, "Astana summit", "outlet"))
    table.prompts.texts = ["source"]
    table.rename_action.trigger()
    assert table.model.column_of("outlet") is None and column(table, "source")
    assert all("outlet" not in a for a in attributes(project).values())
    # delete: says how many documents lose a value; undo restores every one
    table.view.setCurrentIndex(cell(table, "Astana summit", "source"))
    assert table.delete_variable()
    assert table.prompts.confirmations[-1].startswith(
        "Delete the variable “source”? 4 documents will lose their values.")
    assert table.model.column_of("source") is None
    assert all("source" not in a for a in attributes(project).values())
    for _ in range(3):  # delete, rename, add
        window.undo_stack.undo()
    assert stored_json(project) == before
    assert project.store.db.conn.execute("SELECT * FROM variables").fetchall() == variables_before
    assert [v.name for v in table.model.variables()] == ["outlet", "year", "score", "signed"]


def test_deleting_a_variable_of_one_document_words_it_right(window, table, project_file) -> None:  # type: ignore[no-untyped-def]
    with Project.open(project_file, coder="cli") as other:  # another process
        other.variables.set_value([other.documents.ids()[0]], "lonely", "x")
    assert window.check_external_changes()
    table.view.setCurrentIndex(cell(table, "Moscow talks", "lonely"))
    table.prompts.confirm_answer = False
    assert not table.delete_variable()
    assert table.prompts.confirmations[-1].startswith(
        "Delete the variable “lonely”? 1 document will lose its value.")
    assert table.model.column_of("lonely") is not None


def test_the_header_menu_sets_a_type_and_inferred_goes_back(window, table, qtbot) -> None:  # type: ignore[no-untyped-def]
    year = table.model.column_of("year")
    menu = table.header_menu(year)
    labels = [a.text() for a in menu.actions()]
    assert labels[:3] == ["Rename variable…", "Delete variable…", "Type"]
    table.type_menu.aboutToShow.emit()
    types = {a.text(): a for a in table.type_menu.actions() if a.text()}
    assert list(types) == ["Text", "Number", "Date", "Inferred (number)"]
    assert types["Inferred (number)"].isChecked()
    types["Text"].trigger()
    assert header(table, "year") == "year\ntext"
    assert window.project.variables.get("year").type_chosen
    assert window.undo_action.text() == "Undo Read variable 'year' as text"
    table.header_menu(year)
    table.type_menu.aboutToShow.emit()
    assert types["Text"].isChecked()
    table.header_menu(year)
    types["Inferred (number)"].trigger()
    assert header(table, "year") == "year\nnumber (inferred)"
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert header(table, "year") == "year\nnumber (inferred)"
    assert not window.project.variables.get("year").type_chosen
    # a title column has only "Add variable…"
    assert [a.text() for a in table.header_menu(COLUMN_TITLE).actions()] == ["Add variable…"]


def test_sorting_follows_a_type_change(window, table) -> None:  # type: ignore[no-untyped-def]
    table.view.sortByColumn(table.model.column_of("score"), Qt.SortOrder.AscendingOrder)
    assert column(table, "score") == ["-2.5", "9", "10", "1e1", "100"]
    table.header_menu(table.model.column_of("score"))
    table.type_actions["text"].trigger()
    assert column(table, "score") == sorted(column(table, "score"), key=str.casefold)


def test_changes_made_elsewhere_show_up(window, table, project_file) -> None:  # type: ignore[no-untyped-def]
    # the properties dialog adds an attribute: a new column
    project = window.project
    moscow = project.documents.ids()[0]
    document = project.documents.get(moscow)
    assert window.context.run(UpdateDocumentCommand(
        window.context, document, document.title, document.date,
        {**document.attributes, "interviewer": "Ana"}))
    assert column(table, "interviewer").count("Ana") == 1
    # another process changes a value and adds documents
    with Project.open(project_file, coder="cli") as other:
        other.variables.set_value([moscow], "outlet", "RIA")
        other.documents.add(NewDocument("Minsk", "Text.", None, "m.txt", {"outlet": "Belta"}))
    assert window.check_external_changes()
    assert "RIA" in column(table, "outlet") and "Belta" in column(table, "outlet")
    assert table.model.rowCount() == len(DOCUMENTS) + 1


def test_a_hidden_table_reads_nothing_and_catches_up_when_shown(window, qtbot, project_file) -> None:  # type: ignore[no-untyped-def]
    model = window.variables.model
    assert window.variables_dock.visibleRegion().isEmpty()  # behind the Quotes tab
    assert model.rowCount() == 0 and model.columnCount() == 2
    window.variables_dock.bring_up()
    qtbot.waitUntil(lambda: model.rowCount() == len(DOCUMENTS))
    window.quotes_dock.raise_()
    qtbot.waitUntil(lambda: window.variables_dock.visibleRegion().isEmpty())
    # while hidden: an edit in this window and one by another process
    ids = window.project.documents.ids()
    assert window.context.run(SetVariableValueCommand(window.context, ids, "wave", "1", "Set"))
    with Project.open(project_file, coder="cli") as other:
        other.variables.delete("outlet")
    assert window.check_external_changes()
    assert model.column_of("wave") is None and model.column_of("outlet") is not None
    window.variables_dock.bring_up()
    qtbot.waitUntil(lambda: model.column_of("wave") is not None)
    assert model.column_of("outlet") is None
    assert column(window.variables, "wave") == ["1"] * len(DOCUMENTS)


def test_a_big_project_sorts_in_the_background(window, table, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(table_reader, "SYNC_LIMIT", 0)
    current = cell(table, "Bishkek visit", "score")
    table.view.setCurrentIndex(current)
    with qtbot.waitSignal(table.model.sortingChanged) as started:
        table.view.sortByColumn(table.model.column_of("score"), Qt.SortOrder.AscendingOrder)
    assert started.args == [True]
    with qtbot.waitSignal(table.model.sortingChanged, timeout=10_000) as done:
        pass
    assert done.args == [False]
    assert column(table, "score") == ["-2.5", "9", "10", "1e1", "100"]
    assert table.view.currentIndex().data() == "-2.5"  # the current cell followed its row
    assert table.message.text() == ""


def test_a_big_project_is_read_in_the_background(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(table_reader, "SYNC_LIMIT", 0)
    model = window.variables.model
    with qtbot.waitSignal(model.sortingChanged) as started:
        window.variables_dock.bring_up()
    assert started.args == [True] and model.rowCount() == 0  # nothing read on this thread
    assert window.variables.message.text() == "Reading 5 documents in the background…"
    qtbot.waitUntil(lambda: model.rowCount() == len(DOCUMENTS), timeout=10_000)
    assert [v.name for v in model.variables()] == ["outlet", "year", "score", "signed"]
    assert not model.sorting and window.variables.message.text() == ""


def test_enter_on_a_title_opens_the_document(window, table, qtbot) -> None:  # type: ignore[no-untyped-def]
    index = table.model.index(column_titles(table).index("Bishkek visit"), COLUMN_TITLE)
    table.view.setFocus()
    table.view.setCurrentIndex(index)
    with qtbot.waitSignal(window.editor.documentShown):
        qtbot.keyClick(table.view, Qt.Key.Key_Return)
    assert window.editor.toPlainText() == "The text of Bishkek visit."


def test_the_view_menu_brings_the_table_up(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    actions = {a.text(): a for a in window._menus["View"].actions()}
    assert "Variables" in actions  # the dock's own toggle
    actions["Variables table"].trigger()
    qtbot.waitUntil(lambda: window.variables_dock.height() >= window.height() // 3)
    assert not window.variables_dock.visibleRegion().isEmpty()
    qtbot.waitUntil(lambda: window.variables.model.rowCount() == len(DOCUMENTS))
    assert sorted(column(window.variables, "outlet")) == sorted(
        a.get("outlet", "") for _, _, a in DOCUMENTS)


def test_without_variables_the_table_says_how_to_get_some(window, table) -> None:  # type: ignore[no-untyped-def]
    for name in ["outlet", "year", "score", "signed"]:
        assert window.context.run(DeleteVariableCommand(window.context, name))
    assert table.model.columnCount() == 2
    assert table.message.text() == EMPTY_HINT
    assert table.counts.text() == "5 documents  ·  0 variables"
    window.undo_stack.undo()
    assert table.message.text() == "" and table.counts.text() == "5 documents  ·  1 variable"


@pytest.mark.parametrize("row_update_limit", [100, 2])
def test_a_change_that_does_not_name_its_variables_still_shows_them(
        window, table, monkeypatch, row_update_limit: int) -> None:  # type: ignore[no-untyped-def]
    """An import of variables reports only the documents it changed (row by row up to a
    limit, the whole table past it); the table finds the new column and the new type."""
    from annotator.ui import variable_table_model

    monkeypatch.setattr(variable_table_model, "ROW_UPDATE_LIMIT", row_update_limit)
    project = window.project
    ids = project.documents.ids()
    for number, document_id in enumerate(ids):
        attributes = project.documents.get(document_id).attributes
        project.documents.update(document_id, attributes={
            **attributes, "wave": number + 1, "year": f"y{number}"})
    window.signals.emit_changes(Changes.updated("documents", *ids))
    assert sorted(column(table, "wave"), key=int) == [str(n + 1) for n in range(len(ids))]
    assert header(table, "year") == "year\ntext (inferred)"  # no longer all numbers


def test_the_table_follows_the_browsers_filter(window, table, qtbot) -> None:  # type: ignore[no-untyped-def]
    from annotator.domain.filters import DocumentFilter

    def expected(keep) -> list[str]:  # type: ignore[no-untyped-def]
        return sorted(t for t, d, a in DOCUMENTS if keep(d, a))

    window.browser.set_document_filter(DocumentFilter().with_value("outlet", "TASS")
                                       .with_value("outlet", "Akipress"))
    qtbot.waitUntil(lambda: table.model.rowCount() == 2)
    assert column_titles(table) == expected(lambda d, a: a.get("outlet") in {"TASS", "Akipress"})
    assert table.counts.text() == "2 of 5 documents (filtered)  ·  4 variables"
    table.view.sortByColumn(table.model.column_of("score"), Qt.SortOrder.DescendingOrder)
    assert column(table, "score") == ["9", "-2.5"]  # sorted, still filtered
    window.browser.set_document_filter(DocumentFilter(first_day="2019", last_day="2020"))
    qtbot.waitUntil(lambda: table.model.rowCount() == 2)
    assert sorted(column_titles(table)) == expected(lambda d, a: d and d[:4] in {"2019", "2020"})
    window.browser.set_document_filter(DocumentFilter())
    qtbot.waitUntil(lambda: table.model.rowCount() == len(DOCUMENTS))
    assert table.counts.text() == "5 documents  ·  4 variables"
