"""The box shown after an import lists the files that failed in its own text (at most
ten, then "… and N more"), not only behind "Show Details"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.services.import_report import ImportReport
from annotator.ui.import_summary import FAILURES_SHOWN, import_summary


def report_with(failed: int, *, imported: int = 1, skipped: int = 0) -> ImportReport:
    report = ImportReport()
    report.imported = [(Path(f"good{i}.txt"), i + 1) for i in range(imported)]
    report.failed = [(Path(f"/data/study/bad{i}.txt"), f"/data/study/bad{i}.txt: the file is empty")
                     for i in range(failed)]
    report.skipped = [(Path(f"x{i}.bin"), "not a document") for i in range(skipped)]
    return report


def bullets(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("• ")]


def test_no_failure_no_list() -> None:
    summary = import_summary(report_with(0))
    assert summary.text == report_with(0).summary_lines()[0]
    assert summary.details == ""


def test_one_failure_is_named_in_the_text() -> None:
    summary = import_summary(report_with(1))
    assert "This file was not imported:" in summary.text
    assert bullets(summary.text) == ["bad0.txt: the file is empty"]
    assert summary.details == ""  # nothing more to show


def test_two_failures_are_named_in_the_text() -> None:
    summary = import_summary(report_with(2))
    assert "These files were not imported:" in summary.text
    assert bullets(summary.text) == ["bad0.txt: the file is empty", "bad1.txt: the file is empty"]
    assert "more" not in summary.text


def test_a_long_list_shows_the_first_ten_and_how_many_more() -> None:
    for extra, words in ((1, "1 more file"), (2, "2 more files")):
        summary = import_summary(report_with(FAILURES_SHOWN + extra))
        assert bullets(summary.text) == [f"bad{i}.txt: the file is empty"
                                         for i in range(FAILURES_SHOWN)]
        assert f"… and {words} (Show Details lists them all)" in summary.text
        assert summary.details.count("failed: /data/study/bad") == FAILURES_SHOWN + extra


def test_skips_stay_in_the_details() -> None:
    summary = import_summary(report_with(1, skipped=2))
    assert bullets(summary.text) == ["bad0.txt: the file is empty"]
    assert summary.details.count("skipped: ") == 2 and "failed: " in summary.details


def test_the_window_shows_failures_in_the_box_text(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "note.txt"
    good.write_text("Imported text about borders.", encoding="utf-8")
    empties = []
    for i in range(FAILURES_SHOWN + 2):
        empty = tmp_path / f"empty{i:02}.txt"
        empty.write_text("", encoding="utf-8")
        empties.append(empty)
    task = window.files.import_paths([good, *empties])
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "importSummary") is not None)
    box = window.findChild(QMessageBox, "importSummary")
    listed = bullets(box.text())
    assert len(listed) == FAILURES_SHOWN
    assert [line.split(":")[0] for line in listed] == [e.name for e in empties[:FAILURES_SHOWN]]
    assert str(tmp_path) not in box.text()  # names, not whole paths, in the text
    assert "… and 2 more files" in box.text()
    assert all(e.name in box.detailedText() for e in empties)
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()
