"""Importing folders that hold tables: the window asks once, for all of them, what to do
with each (skip, or import as survey documents), and the import does what was answered."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from annotator.services.surveys import SurveyMapping
from annotator.ui.import_questions import (
    SKIPPED_AS_CHOSEN,
    FolderTablesDialog,
    ImportPrompts,
    TableChoice,
)

SKIP, SURVEY = "Skip it", "Import its rows as survey documents"


class ScriptedImportPrompts:
    """Answers the import's questions as the test says, and records what was asked."""

    def __init__(self, table_answers: Sequence[str] | None, mapping: SurveyMapping | None = None):
        self.table_answers = table_answers
        self.mapping = mapping
        self.asked_tables: list[list[Path]] = []
        self.offered: list[str] = []
        self.asked_surveys: list[Path] = []

    def folder_tables(self, tables: Sequence[Path],
                      choices: Sequence[TableChoice]) -> dict[Path, TableChoice] | None:
        self.asked_tables.append(list(tables))
        self.offered = [choice.label for choice in choices]
        if self.table_answers is None:
            return None
        by_label = {choice.label: choice for choice in choices}
        return {table: by_label[label]
                for table, label in zip(tables, self.table_answers, strict=True)}

    def survey_mapping(self, path: Path) -> SurveyMapping | None:
        self.asked_surveys.append(path)
        return self.mapping


def write_table(path: Path, rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    delimiter = "\t" if path.suffix == ".tsv" else ","
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A folder with a text, an index of it and, deeper, a real survey."""
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "interview.txt").write_text("We spoke about the river and its dams.",
                                          encoding="utf-8")
    write_table(folder / "index.csv", [["file", "place"], ["interview.txt", "Osh"]])
    write_table(folder / "answers" / "survey.tsv",
                [["id", "answer"], ["r1", "More water for the fields"], ["r2", "Fewer dams"]])
    return folder


def run_import(window, qtbot, paths: list[Path]):  # type: ignore[no-untyped-def]
    task = window.files.import_paths(paths)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    report = window.files.last_report
    assert report is not None
    return report


def titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    project = window.project
    return sorted(project.documents.get(i).title for i in project.documents.ids())


def test_skip_imports_the_texts_and_none_of_the_tables(window, qtbot, study: Path) -> None:
    prompts = ScriptedImportPrompts([SKIP, SKIP])
    window.files.import_prompts = prompts
    report = run_import(window, qtbot, [study])
    tables = [study / "answers" / "survey.tsv", study / "index.csv"]
    assert prompts.asked_tables == [tables]  # once, for all of them
    assert prompts.offered == [SKIP, SURVEY, "Load as document variables"]
    assert prompts.asked_surveys == []
    assert report.skipped == [(table, SKIPPED_AS_CHOSEN) for table in tables]
    assert [p.name for p, _ in report.imported] == ["interview.txt"]
    assert report.summary_lines()[0] == "Imported 1 document, 0 duplicates, 0 failed, 2 skipped."
    assert titles(window) == ["Emoji note", "River report", "interview"]
    assert window.document_model.rowCount() == 3


def test_survey_asks_how_to_read_it_and_imports_its_rows(window, qtbot, study: Path) -> None:
    prompts = ScriptedImportPrompts([SURVEY, SKIP], SurveyMapping(("answer",), "id"))
    window.files.import_prompts = prompts
    report = run_import(window, qtbot, [study])
    survey = study / "answers" / "survey.tsv"
    assert prompts.asked_surveys == [survey]
    assert report.skipped == [(study / "index.csv", SKIPPED_AS_CHOSEN)]
    assert sorted(p.name for p, _ in report.imported) == ["interview.txt", "survey.tsv",
                                                          "survey.tsv"]
    assert titles(window) == ["Emoji note", "River report", "interview", "r1", "r2"]
    assert window.document_model.rowCount() == 5


@pytest.mark.parametrize("answers", [None, [SURVEY, SKIP]])
def test_a_cancelled_question_imports_nothing(window, study: Path,
                                              answers: list[str] | None) -> None:
    # None: the tables question is cancelled; [SURVEY, SKIP]: then the survey's dialog is.
    prompts = ScriptedImportPrompts(answers, mapping=None)
    window.files.import_prompts = prompts
    assert window.files.import_paths([study]) is None
    assert not window.files.busy()
    assert len(prompts.asked_tables) == 1
    assert window.project.documents.count() == 2


def test_no_question_without_tables_in_folders(window, qtbot, study: Path, tmp_path: Path) -> None:
    direct = write_table(tmp_path / "direct.csv", [["id", "answer"], ["d1", "Given by itself"]])
    prompts = ScriptedImportPrompts(None, SurveyMapping(("answer",), "id"))
    window.files.import_prompts = prompts
    report = run_import(window, qtbot, [direct, study / "interview.txt"])
    assert prompts.asked_tables == [] and prompts.asked_surveys == [direct]
    assert titles(window) == ["Emoji note", "River report", "d1", "interview"]
    assert report.skipped == []


def test_a_choice_can_act_once_the_import_has_finished(window, qtbot, study: Path) -> None:
    """The place a third answer plugs in: a choice that does not import the rows as
    documents, and is called with its table once no import is running."""
    calls: list[tuple[Path, bool]] = []
    window.files.folder_table_choices = lambda: (
        TableChoice(SKIP),
        TableChoice("Record it", reason="recorded for later",
                    after_import=lambda table: calls.append((table, window.files.busy()))),
    )
    window.files.import_prompts = ScriptedImportPrompts(["Record it", SKIP])
    report = run_import(window, qtbot, [study])
    survey = study / "answers" / "survey.tsv"
    assert calls == [(survey, False)]
    assert (survey, "recorded for later") in report.skipped
    assert titles(window) == ["Emoji note", "River report", "interview"]


CHOICES = (TableChoice(SKIP), TableChoice(SURVEY, as_survey=True))


def test_the_dialog_lists_the_tables_and_sets_one_or_all(qtbot, study: Path) -> None:
    tables = [study / "answers" / "survey.tsv", study / "index.csv"]
    dialog = FolderTablesDialog(tables, CHOICES)
    qtbot.addWidget(dialog)
    shown = [box.parentWidget().layout().labelForField(box).text() for box in dialog.boxes]
    assert shown == ["study/answers/survey.tsv", "study/index.csv"]
    intro = [label.text() for label in dialog.findChildren(QLabel) if label.wordWrap()]
    assert len(intro) == 1 and intro[0].startswith("The folders hold 2 tables (.csv, .tsv, .xlsx).")
    assert dialog.answers() == {tables[0]: CHOICES[0], tables[1]: CHOICES[0]}  # default: skip
    dialog.all_box.setCurrentIndex(1)
    assert dialog.answers() == {tables[0]: CHOICES[1], tables[1]: CHOICES[1]}
    dialog.boxes[1].setCurrentIndex(0)
    assert dialog.answers() == {tables[0]: CHOICES[1], tables[1]: CHOICES[0]}


def test_the_real_question_is_answered_in_its_dialog(window, qtbot, study: Path) -> None:
    """ImportPrompts shows the dialog modally; the test answers it like a user would."""
    tables = [study / "answers" / "survey.tsv", study / "index.csv"]
    answered: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FolderTablesDialog):
            QTimer.singleShot(20, answer)  # not shown yet
            return
        answered.append(dialog.windowTitle())
        dialog.boxes[0].setCurrentIndex(1)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)
    chosen = ImportPrompts(window).folder_tables(tables, CHOICES)
    assert answered == ["Tables inside the folders"]
    assert chosen == {tables[0]: CHOICES[1], tables[1]: CHOICES[0]}
