"""File ▸ Export: "CSV for Excel" writes the spreadsheet CSV, the plain CSV stays verbatim."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.ui import file_actions

MEMO = "=HYPERLINK(A1)"


def export_as(window, qtbot, monkeypatch, out: Path, label: str) -> None:  # type: ignore[no-untyped-def]
    """Run File ▸ Export with the save dialog answering ``out`` and the filter ``label``."""
    monkeypatch.setattr(file_actions, "choose_save_file", lambda *a, **k: (str(out), label))
    task = window.files.export()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass


@pytest.fixture
def hostile_memo(window):  # type: ignore[no-untyped-def]
    project = window.project
    document_id = project.documents.ids()[0]
    tag_id = project.tags.resolve("water")
    project.highlights.create(document_id, 0, 3, [tag_id], memo=MEMO)
    return window


def rows(path: Path) -> tuple[bytes, list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return path.read_bytes()[:3], list(csv.DictReader(handle))


def test_the_two_csv_choices_are_offered(window) -> None:  # type: ignore[no-untyped-def]
    labels = [label for label, suffix in file_actions.EXPORT_FORMATS if suffix == ".csv"]
    assert labels == ["CSV for R and pandas, one row per highlight and tag (*.csv)",
                      file_actions.EXCEL_CSV_FORMAT]
    assert "Excel" in file_actions.EXCEL_CSV_FORMAT


def test_csv_for_excel_neutralises_formulas(hostile_memo, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    export_as(hostile_memo, qtbot, monkeypatch, tmp_path / "for excel",
              file_actions.EXCEL_CSV_FORMAT)
    head, [row] = rows(tmp_path / "for excel.csv")
    assert head == b"\xef\xbb\xbf"
    assert row["memo"] == "'" + MEMO


def test_plain_csv_keeps_cells_verbatim(hostile_memo, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    plain = next(label for label, suffix in file_actions.EXPORT_FORMATS if suffix == ".csv")
    export_as(hostile_memo, qtbot, monkeypatch, tmp_path / "plain.csv", plain)
    head, [row] = rows(tmp_path / "plain.csv")
    assert head != b"\xef\xbb\xbf"
    assert row["memo"] == MEMO


def test_the_file_extension_still_decides_the_format(hostile_memo, qtbot, monkeypatch,  # type: ignore[no-untyped-def]
                                                     tmp_path):
    export_as(hostile_memo, qtbot, monkeypatch, tmp_path / "data.json",
              file_actions.EXCEL_CSV_FORMAT)
    data = json.loads((tmp_path / "data.json").read_text(encoding="utf-8"))
    assert [a["memo"] for a in data["annotations"]] == [MEMO]
