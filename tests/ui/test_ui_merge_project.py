"""File ▸ Merge project…: a colleague's project file chosen in the (patched) file dialog is
merged in the background as one undo step, and its summary names each coder's
highlights; the open project itself is refused with one message."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.exporting import export_json
from annotator.ui import file_actions
from helpers import SEED
from undo_scenarios import table_rows


def _code(path: Path, coder: str, words: list[str]) -> None:
    with Project.open(path, coder=coder) as project:
        text = SEED.read_text(encoding="utf-8")
        document = project.documents.add(NewDocument("Seed", text, None, SEED.name, {}))
        stored = project.store.documents.text(document.document_id)
        for word in words:
            tag, _ = project.tags.create(word)
            start = stored.find(word)
            project.highlights.create(document.document_id, start, start + len(word), [tag])


@pytest.fixture
def merging(qtbot, tmp_path: Path, monkeypatch) -> Iterator[tuple[object, Path, list[str]]]:  # type: ignore[no-untyped-def]
    """A window on alice's project; bob's project; the dialog answers with ``chosen[0]``."""
    from annotator.ui.app import create_main_window

    alice, bob = tmp_path / "alice.annotator", tmp_path / "bob.annotator"
    _code(alice, "alice", ["water", "security"])
    _code(bob, "bob", ["water", "migrants"])
    chosen = [str(bob)]
    asked: list[str] = []

    def choose(parent, title, folder, filters):  # type: ignore[no-untyped-def]
        asked.append(filters)
        return chosen[0]

    monkeypatch.setattr(file_actions, "choose_open_file", choose)
    window = create_main_window(alice)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window, bob, chosen
    window.close()
    assert all("*.annotator" in f and "*.json" in f and "*.qdpx" in f for f in asked)


def _menu_action(window, menu_title: str, text: str):  # type: ignore[no-untyped-def]
    for menu_action in window.menuBar().actions():
        if menu_action.text().replace("&", "") == menu_title:
            for action in menu_action.menu().actions():
                if action.text() == text:
                    return action
    raise AssertionError(f"no {menu_title} ▸ {text}")


def _coders(project: Project, out: Path) -> Counter[str]:
    export_json(project, out)
    return Counter(a["coder"] for a in json.loads(out.read_text(encoding="utf-8"))["annotations"])


def test_merge_project_adds_the_colleagues_highlights_as_one_undo_step(  # type: ignore[no-untyped-def]
        merging, qtbot, tmp_path: Path) -> None:
    window, bob, _ = merging
    before = table_rows(window.project)
    _menu_action(window, "File", "Merge project…").trigger()
    qtbot.waitUntil(lambda: window.files.task is None, timeout=20000)
    assert _coders(window.project, tmp_path / "merged.json") == Counter(alice=2, bob=2)
    assert window.status_counts.text() == "1 document  ·  4 highlights"
    (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert box.text() == ("Merged bob.annotator: 0 documents, 1 tag, 2 highlights (bob 2); "
                          "1 document, 1 tag already present.")
    box.accept()
    window.undo_stack.undo()
    assert table_rows(window.project) == before
    assert window.status_counts.text() == "1 document  ·  2 highlights"
    with Project.open(bob, create=False) as other:  # the colleague's file is untouched
        assert _coders(other, tmp_path / "bob.json") == Counter(bob=2)
    assert sorted(os.listdir(bob.parent)) == sorted(
        ["alice.annotator", "alice.annotator-wal", "alice.annotator-shm", "bob.annotator",
         "merged.json", "bob.json"])


def test_merging_the_open_project_is_refused_at_once(merging, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _, chosen = merging
    chosen[0] = window.project.path
    before = table_rows(window.project)
    _menu_action(window, "File", "Merge project…").trigger()
    assert window.files.task is None
    assert window.last_error == ("alice.annotator: this is the project being merged into; a "
                                 "project cannot be merged into itself.")
    assert table_rows(window.project) == before
