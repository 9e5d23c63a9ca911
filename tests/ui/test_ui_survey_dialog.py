"""The survey mapping dialog: proposal, choices, live preview, the mapping it returns."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.services import Project
from annotator.services.importing import import_paths
from annotator.ui.survey_dialog import SurveyMappingDialog


def write_survey(path: Path) -> Path:
    rows = [["Timestamp", "id", "Why do you use R?", "Country"],
            ["12/13/2019 9:50:30", "r1", "Because the tidyverse reads like prose", "Chile"],
            ["12/14/2019 10:00:00", "r2", "Statistics teaching at my university", "Peru"]]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_dialog_proposes_previews_and_returns_the_mapping(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_survey(tmp_path / "answers.csv")
    dialog = SurveyMappingDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.mapping.text_columns == ("Why do you use R?",)
    assert dialog.date_box.currentText() == "Timestamp"
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.item(0, 2).text() == "Because the tidyverse reads like prose"
    dialog.title_box.setCurrentText("id")
    assert dialog.preview.item(1, 0).text() == "r2"
    assert dialog.preview.item(0, 1).text() == "2019-12-13T09:50:30"
    text_item = dialog.text_list.findItems("Why do you use R?", Qt.MatchFlag.MatchExactly)[0]
    text_item.setCheckState(Qt.CheckState.Unchecked)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "at least one column" in dialog.summary.text()
    text_item.setCheckState(Qt.CheckState.Checked)
    assert ok.isEnabled() and "Attributes: Country" in dialog.summary.text()
    with Project.in_memory() as project:
        report = import_paths(project, [path], survey_mapping=dialog.mapping)
        docs = [project.documents.get(i) for _, i in report.imported]
    assert [(d.title, d.attributes) for d in docs] == [("r1", {"Country": "Chile"}),
                                                      ("r2", {"Country": "Peru"})]
