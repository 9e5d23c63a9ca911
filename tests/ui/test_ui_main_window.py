"""The window as a whole: names, title, status, docks, settings, launch checks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.ui import launch


def test_main_widgets_have_object_names(window):
    for name in ("documentBrowser", "editor", "tagPanel", "quotesView", "timelineChart",
                 "frequencyChart"):
        assert window.findChild(QWidget, name) is not None, name


def test_title_status_and_charts_dock(window):
    assert window.windowTitle() == "ui — Annotator"
    assert window.status_counts.text() == "2 documents  ·  0 highlights"
    assert window.status_coder.text() == f"Coder: {window.project.coder}"
    assert window.charts_dock.widget() is window.charts
    assert [window.charts.tabText(i) for i in range(window.charts.count())] == [
        "Timeline", "Frequencies", "Crosstab"]


def test_geometry_is_restored_from_settings(qtbot, project_file):
    from annotator.ui.app import create_main_window

    first = create_main_window(project_file)
    qtbot.addWidget(first)
    first.show()
    first.resize(640, 480)
    first.tags_dock.hide()
    first.close()
    second = create_main_window(project_file)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (640, 480)
    assert second.tags_dock.isHidden()
    second.close()


def test_no_display_is_reported_in_one_sentence():
    message = launch.missing_display_requirement({}, "linux")
    assert message is not None and "QT_QPA_PLATFORM=offscreen" in message
    assert launch.missing_display_requirement({"QT_QPA_PLATFORM": "xcb"}, "linux") is None
    assert launch.missing_display_requirement({}, "darwin") is None


def test_missing_xcb_libraries_are_named_with_the_fix(monkeypatch):
    monkeypatch.setattr(launch, "missing_xcb_libraries", lambda: ["libxcb-cursor.so.0"])
    message = launch.missing_display_requirement({"DISPLAY": ":0"}, "linux")
    assert message is not None
    assert "libxcb-cursor.so.0" in message and launch.XCB_FIX in message


def test_run_window_without_display_returns_1(monkeypatch, capsys):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(launch.sys, "platform", "linux")
    assert launch.run_window(Path("whatever.annotator")) == 1
    assert "no display" in capsys.readouterr().err


def test_unusable_project_is_a_message_not_a_traceback(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "bad.annotator"
    bad.write_bytes(b"this is not a database at all" * 10)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert launch.run_window(bad) == 1
    assert len(shown) == 1 and "bad.annotator" in shown[0]


def test_import_runs_in_the_background_and_reports(window, qtbot, tmp_path):
    good = tmp_path / "note.txt"
    good.write_text("Imported text about borders.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    task = window.files.import_paths([good, empty])
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    report = window.files.last_report
    assert report is not None
    assert len(report.imported) == 1 and len(report.failed) == 1
    assert window.document_model.rowCount() == 3
    assert window.undo_action.text() == "Undo Import 1 document"
    window.undo_stack.undo()
    assert window.document_model.rowCount() == 2


def test_export_offers_every_format_and_writes_refi_qda(window, tmp_path, monkeypatch, qtbot):
    from annotator.ui import file_actions

    assert [s for _, s in file_actions.EXPORT_FORMATS] == [".json", ".csv", ".csv", ".qdpx",
                                                           ".qdc"]
    out = tmp_path / "out"
    monkeypatch.setattr(file_actions, "choose_save_file",
                        lambda *a, **k: (str(out), file_actions.EXPORT_FORMATS[3][0]))
    task = window.files.export()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert (tmp_path / "out.qdpx").exists()
    import zipfile

    assert "project.qde" in zipfile.ZipFile(tmp_path / "out.qdpx").namelist()


def test_unreachable_x_display_is_reported(monkeypatch):
    monkeypatch.setattr(launch, "missing_xcb_libraries", lambda: [])
    monkeypatch.setattr(launch, "x_display_reachable", lambda display: display == ":0")
    assert launch.missing_display_requirement({"DISPLAY": ":0"}, "linux") is None
    message = launch.missing_display_requirement({"DISPLAY": ":99"}, "linux")
    assert message is not None and "':99'" in message


def test_launch_opens_the_first_listed_document(window):
    assert window.editor.document_id is None
    window.open_first_document()
    assert window.editor.document_id == window.document_model.document_id(0)
    assert window.editor.toPlainText() == window.project.documents.text(window.editor.document_id)


def test_status_bar_counts_follow_edits_and_undo(window):
    from ui_fixtures import document_id

    river = document_id(window, "River report")
    window.open_document(river)
    window.editor.select_span(4, 9)
    window.editor.apply_tags([window.project.tags.find(["water"])])
    assert window.status_counts.text() == "2 documents  ·  1 highlight"
    window.undo_stack.undo()
    assert window.status_counts.text() == "2 documents  ·  0 highlights"


def test_closing_reads_nothing_from_the_closed_project(window, qtbot, monkeypatch):
    """Closing hides the window before it closes its project: the lists' last layout
    reads rows from an open project, never from a closed one (an error raised inside
    Qt's layout crashed the process, seen after another process's import)."""
    from annotator.ui.document_list_model import DocumentListModel

    project = window.project
    closed: list[bool] = []
    real_close = project.close
    monkeypatch.setattr(project, "close", lambda: (closed.append(True), real_close())[1])
    late: list[int] = []
    real_data = DocumentListModel.data

    def watched_data(self, index, role=0):  # type: ignore[no-untyped-def]
        if closed:
            late.append(role)
        return real_data(self, index, role)

    monkeypatch.setattr(DocumentListModel, "data", watched_data)
    qtbot.waitExposed(window)
    assert window.document_model.index(0, 0).data()  # (the spy is in place)
    window.document_model.refresh()  # rows to fetch again, as after an external change
    window.close()
    assert closed == [True] and late == []
    assert not window.isVisible()
