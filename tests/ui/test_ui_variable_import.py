"""File ▸ Import variables…: the Kremlin corpus's index.csv through the preview dialog,
a key column changed, rows that name nothing or several documents listed, one undo step;
and a table found in an imported folder loaded as variables."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from test_ui_folder_tables import ScriptedImportPrompts, write_table

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.importing import import_paths
from annotator.ui import variable_import_flow
from annotator.ui.file_actions import LOADED_AS_VARIABLES

KREMLIN = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora" / "news-kremlin-en"
INDEX = KREMLIN / "index.csv"
LOAD = "Load as document variables"


@pytest.fixture(scope="module")
def kremlin_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kremlin corpus's texts imported (index.csv left out), built once."""
    path = tmp_path_factory.mktemp("kremlin") / "kremlin.annotator"
    with Project.open(path, coder="tester") as project:
        report = import_paths(project, sorted(KREMLIN.glob("*.txt")))
        assert not report.failed
    return path


@pytest.fixture
def project_file(kremlin_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "kremlin.annotator"
    shutil.copy(kremlin_project, copy)
    return copy


def index_rows() -> list[dict[str, str]]:
    with INDEX.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_attributes(project: Project) -> dict[int, dict]:
    """What each document should hold after the import, from index.csv read here: the
    row of its file, every other column, whole-number columns as numbers."""
    rows = index_rows()
    columns = [c for c in rows[0] if c != "file"]
    whole = {c for c in columns  # plainly written whole numbers, as the README says
             if all(re.fullmatch(r"0|-?[1-9][0-9]{0,14}", r[c].strip())
                    for r in rows if r[c].strip())}
    by_file = {r["file"]: r for r in rows}
    expected = {}
    for document_id in project.documents.ids():
        row = by_file.get(Path(project.documents.get(document_id).source).name)
        if row is None:
            expected[document_id] = {}
            continue
        expected[document_id] = {
            c: int(row[c]) if c in whole else " ".join(row[c].split())
            for c in columns if row[c].strip()}
    return expected


def stored_json(project: Project) -> list[tuple[int, str]]:
    return project.store.db.conn.execute(
        "SELECT id, attributes FROM documents ORDER BY id").fetchall()


def open_preview(window, qtbot, monkeypatch, table: Path):  # type: ignore[no-untyped-def]
    """File ▸ Import variables…, the file dialog answered with ``table``; the preview
    dialog once its preview is shown."""
    monkeypatch.setattr(variable_import_flow, "choose_open_file",
                        lambda *args, **kwargs: str(table))
    actions = {a.text(): a for a in window._menus["File"].actions()}
    actions["Import variables…"].trigger()
    dialog = window.files.variables.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    return dialog


def choose_key(qtbot, dialog, column: str) -> None:  # type: ignore[no-untyped-def]
    index = dialog.key_box.findText(column)
    assert index >= 0, f"no key column {column!r}"
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        dialog.key_box.setCurrentIndex(index)
        dialog.key_box.activated.emit(index)


def click_import(window, qtbot, dialog):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.files.variables.finished, timeout=30_000) as done:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return done.args[0]


def test_kremlin_index_through_the_dialog_is_one_exact_undo_step(window, qtbot, monkeypatch,
                                                                   qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    project = window.project
    before = stored_json(project)
    rows = index_rows()
    sources = {Path(project.documents.get(i).source).name for i in project.documents.ids()}
    named = sum(r["file"] in sources for r in rows)
    dialog = open_preview(window, qtbot, monkeypatch, INDEX)
    assert dialog.windowTitle() == "Import variables — index.csv"
    assert dialog.key_box.currentText() == "file"  # detected
    assert dialog.matches_label.text() == "the documents' file names"
    assert dialog.rows_label.text() == f"{named} of {len(rows)} rows name one document each"
    others = [c for c in rows[0] if c != "file"]
    assert dialog.variables_label.text() == f"{len(others)} columns: " + ", ".join(others)
    assert not dialog.problems.isVisible()
    qtmodeltester.check(dialog.sample)
    assert dialog.sample.rowCount() == 20 and dialog.sample.index(0, 0).data() == rows[0]["file"]
    assert dialog.import_button.isEnabled()
    # a key column that names no document: said in one line, nothing to import
    choose_key(qtbot, dialog, "id")
    assert "no value in column 'id' names a document" in dialog.status.text()
    assert "\n" not in dialog.status.text() and not dialog.import_button.isEnabled()
    choose_key(qtbot, dialog, "file")
    assert dialog.import_button.isEnabled()
    result = click_import(window, qtbot, dialog)
    assert result is not None and result.preview.matched == named
    assert {i: project.documents.get(i).attributes for i in project.documents.ids()} == (
        expected_attributes(project))
    after = stored_json(project)
    assert window.undo_action.text() == "Undo Import variables from index.csv"
    # the variables table shows them at once
    table = window.variables.model
    qtbot.waitUntil(lambda: table.column_of("place") is not None)
    assert not window.variables_dock.visibleRegion().isEmpty()
    window.undo_stack.undo()
    assert stored_json(project) == before
    qtbot.waitUntil(lambda: table.column_of("place") is None)
    assert project.variables.all() == []
    window.undo_stack.redo()
    assert stored_json(project) == after
    qtbot.waitUntil(lambda: table.column_of("place") is not None)


def test_rows_that_name_nothing_or_several_documents_are_listed(window, qtbot, monkeypatch,
                                                                tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = window.project
    for folder in ("a", "b"):  # two documents with one file name
        project.documents.add(NewDocument(f"Twin {folder}", f"Twin text {folder}.", None,
                                          f"{folder}/twin.txt"))
    first = Path(project.documents.get(project.documents.ids()[0]).source).name
    table = write_table(tmp_path / "extra.csv", [
        ["document", "region"], [first, "Moscow"], ["missing.txt", "Nowhere"],
        ["twin.txt", "Twins"], ["", "blank key"]])
    dialog = open_preview(window, qtbot, monkeypatch, table)
    assert dialog.key_box.currentText() == "document"
    assert dialog.rows_label.text() == "1 of 4 rows names one document each"
    lines = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    twins = sorted(i for i in project.documents.ids()
                   if project.documents.get(i).source.endswith("twin.txt"))
    assert lines == ["Row 3: “missing.txt” names no document",
                     f"Row 4: “twin.txt” names 2 documents (ids {twins[0]}, {twins[1]}): left out",
                     "Row 5: “” names no document"]
    assert dialog.problems.isVisible()
    click_import(window, qtbot, dialog)
    holders = [i for i in project.documents.ids()
               if project.documents.get(i).attributes.get("region")]
    assert [project.documents.get(i).attributes for i in holders] == [{"region": "Moscow"}]


def test_an_unreadable_table_says_why_and_imports_nothing(window, qtbot, monkeypatch,
                                                          tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = stored_json(window.project)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    dialog = open_preview(window, qtbot, monkeypatch, broken)
    assert str(broken) in dialog.status.text() and "\n" not in dialog.status.text()
    assert not dialog.import_button.isEnabled() and dialog.sample.rowCount() == 0
    with qtbot.waitSignal(window.files.variables.finished) as done:
        dialog.reject()
    assert done.args == [None] and stored_json(window.project) == before
    assert window.undo_stack.count() == 0


def test_a_table_in_an_imported_folder_can_give_variables(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "study"
    folder.mkdir()
    for name, text in (("osh.txt", "We spoke about the river."),
                       ("naryn.txt", "The pastures were dry.")):
        (folder / name).write_text(text, encoding="utf-8")
    write_table(folder / "index.csv", [["file", "place", "year"], ["osh.txt", "Osh", "2019"],
                                       ["naryn.txt", "Naryn", "2020"]])
    prompts = ScriptedImportPrompts([LOAD])
    window.files.import_prompts = prompts
    assert LOAD in [choice.label for choice in window.files.folder_table_choices()]
    with qtbot.waitSignal(window.files.variables.dialogOpened, timeout=20_000) as opened:
        task = window.files.import_paths([folder])
        assert task is not None
    report = window.files.last_report
    assert report is not None and (folder / "index.csv", LOADED_AS_VARIABLES) in report.skipped
    dialog = opened.args[0]
    assert dialog.path == folder / "index.csv"
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.rows_label.text() == "2 of 2 rows name one document each"
    click_import(window, qtbot, dialog)
    project = window.project
    by_title = {project.documents.get(i).title: project.documents.get(i).attributes
                for i in project.documents.ids()}
    assert by_title["osh"] == {"place": "Osh", "year": 2019}
    assert by_title["naryn"] == {"place": "Naryn", "year": 2020}
    # two undo steps: the variables, then the documents
    assert window.undo_action.text() == "Undo Import variables from index.csv"
    window.undo_stack.undo()
    assert by_title.keys() >= {"osh", "naryn"}
    assert all(not project.documents.get(i).attributes for i in project.documents.ids())


def test_two_tables_of_a_folder_are_offered_one_after_the_other(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "study"
    (folder / "more").mkdir(parents=True)
    (folder / "osh.txt").write_text("We spoke about the river.", encoding="utf-8")
    places = write_table(folder / "index.csv", [["file", "place"], ["osh.txt", "Osh"]])
    waves = write_table(folder / "more" / "waves.tsv", [["title", "wave"], ["osh", "2"]])
    window.files.import_prompts = ScriptedImportPrompts([LOAD, LOAD])
    flow = window.files.variables
    opened: list = []
    flow.dialogOpened.connect(opened.append)
    task = window.files.import_paths([folder])
    assert task is not None
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=20_000)
    assert opened[0].path == places and flow.busy
    qtbot.waitUntil(lambda: not opened[0].busy, timeout=20_000)
    click_import(window, qtbot, opened[0])
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=20_000)  # the next one, in its turn
    second = opened[1]
    assert second.path == waves
    qtbot.waitUntil(lambda: not second.busy, timeout=20_000)
    assert second.key_box.currentText() == "title"
    # "osh" is also the file name without its extension, which is tried first
    assert second.matches_label.text() == "the documents' file names"
    click_import(window, qtbot, second)
    project = window.project
    osh = next(i for i in project.documents.ids() if project.documents.get(i).title == "osh")
    assert project.documents.get(osh).attributes == {"place": "Osh", "wave": 2}
    qtbot.waitUntil(lambda: not flow.busy)  # once its thread has ended


def test_closing_the_window_during_a_preview_leaves_no_thread_running(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(variable_import_flow, "choose_open_file", lambda *a, **k: str(INDEX))
    dialog = window.files.variables.choose()
    assert dialog is not None and dialog.busy
    tasks = dialog._reader.running
    window.close()  # waits for the preview's thread (a running QThread destroyed aborts)
    assert tasks and all(task.isFinished() for task in tasks)
