"""An import (a coded dataset, files) is one step on the undo stack: undo restores every
stored row as it was, redo as the import left it; a step refused because another program
built on the import stays on offer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.services import Project
from annotator.services.importing import import_paths
from annotator.ui.commands import ImportCommand
from undo_scenarios import coded_base, colleague_files, table_rows


def test_undo_removes_what_an_import_created_and_redo_brings_it_back(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "note.txt"
    note.write_text("Imported note about water\nand borders", encoding="utf-8")
    before = window.project.documents.count()
    report = import_paths(window.project, [note])
    window.context.push_done(ImportCommand(window.context, report))
    window.signals.reloaded.emit()
    assert window.project.documents.count() == before + 1
    assert window.undo_action.text() == "Undo Import 1 document"
    window.undo_stack.undo()
    assert window.project.documents.count() == before
    assert window.document_model.rowCount() == before
    window.undo_stack.redo()
    assert window.project.documents.count() == before + 1
    assert window.document_model.rowCount() == before + 1


@pytest.fixture
def coded(qtbot, tmp_path: Path) -> Iterator[tuple[object, Path, dict[str, int], Path]]:  # type: ignore[no-untyped-def]
    """A window on a coded project, and a colleague's coded dataset made from it."""
    from annotator.ui.app import create_main_window

    path = tmp_path / "coded.annotator"
    with Project.open(path, coder="tester") as project:
        ids = coded_base(project)
        dataset, _, _ = colleague_files(project, tmp_path)
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.show()
    yield window, path, ids, dataset
    window.close()


def import_in_background(window, qtbot, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    task = window.files.import_paths(paths)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass


def test_undo_of_a_merge_in_the_window_restores_every_row(coded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _, ids, dataset = coded
    before = table_rows(window.project)
    import_in_background(window, qtbot, [dataset])
    after = table_rows(window.project)
    assert len(window.project.highlights.get(ids["h_water"]).tag_ids) == 3
    assert window.undo_action.text() == "Undo Import 1 document"
    window.undo_stack.undo()
    assert table_rows(window.project) == before
    assert window.document_model.rowCount() == 2
    assert window.status_counts.text() == "2 documents  ·  3 highlights"
    window.undo_stack.redo()
    assert table_rows(window.project) == after
    assert window.document_model.rowCount() == 3
    assert window.status_counts.text() == "3 documents  ·  5 highlights"


def test_an_undo_refused_for_another_programs_work_stays_on_offer(coded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, path, _, dataset = coded
    before = table_rows(window.project)
    import_in_background(window, qtbot, [dataset])
    # Another program codes the imported document meanwhile.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "annotator", "autocode", str(path), "--tag",
                           "security", "--phrase", "power plant"], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.startswith("Created 1 highlight"), done.stderr
    window.check_external_changes()
    theirs = table_rows(window.project)
    window.undo_stack.undo()
    assert table_rows(window.project) == theirs  # nothing of theirs (or ours) removed
    assert window.last_error == (
        "Cannot undo import 1 document: it has been built on since: 1 highlight added to "
        "its document 'Dam'. Remove that first.")
    qtbot.waitUntil(lambda: window.undo_action.text() == "Undo Import 1 document")
    assert not window.undo_stack.canRedo()
    with Project.open(path) as other:  # they take their highlight back: undo goes through
        other.highlights.delete(max(r[0] for r in theirs["highlights"]))
    window.check_external_changes()
    window.undo_stack.undo()
    assert table_rows(window.project) == before
    assert window.redo_action.text() == "Redo Import 1 document"


def test_a_redo_refused_after_another_programs_import_stays_on_offer(coded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, path, _, dataset = coded
    import_in_background(window, qtbot, [dataset])
    window.undo_stack.undo()
    with Project.open(path) as other:
        other.tags.create("migration")  # the name of a tag the import had made
    window.check_external_changes()
    theirs = table_rows(window.project)
    window.undo_stack.redo()
    assert table_rows(window.project) == theirs
    assert window.last_error.startswith("Cannot redo import 1 document: the project has "
                                        "changed since the undo: ")
    assert "a tag called 'migration' has been made in its place" in window.last_error
    qtbot.waitUntil(lambda: window.redo_action.text() == "Redo Import 1 document")
    assert not window.undo_stack.canUndo()
