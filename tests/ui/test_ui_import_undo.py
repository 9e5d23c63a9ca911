"""An import (a coded dataset, files) is one step on the undo stack."""

from __future__ import annotations

from pathlib import Path

from annotator.services.importing import import_paths
from annotator.ui.commands import ImportCommand


def test_undo_removes_what_an_import_created_and_redo_brings_it_back(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "note.txt"
    note.write_text("Imported note about water\nand borders", encoding="utf-8")
    before = window.project.documents.count()
    report = import_paths(window.project, [note])
    window.context.push_done(ImportCommand(window.context, [note], report.changes))
    window.signals.reloaded.emit()
    assert window.project.documents.count() == before + 1
    assert window.undo_action.text() == "Undo Import 1 document"
    window.undo_stack.undo()
    assert window.project.documents.count() == before
    assert window.document_model.rowCount() == before
    window.undo_stack.redo()
    assert window.project.documents.count() == before + 1
    assert window.document_model.rowCount() == before + 1
