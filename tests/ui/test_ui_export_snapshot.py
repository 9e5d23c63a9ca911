"""The window's export task writes one snapshot of the project, even when another program
commits while it runs (it reads the project on its own connection, in its own thread)."""

from __future__ import annotations

import csv
import json
import threading

import pytest

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.store.tags import TagTable


def commit_elsewhere(path: str) -> None:
    """Another connection adds a tag, a document and a highlight carrying the tag."""
    with Project.open(path, create=False, coder="elsewhere") as other:
        tag, _ = other.tags.create("late")
        doc = other.documents.add(NewDocument("late", "Late water.", None)).document_id
        other.highlights.create(doc, 5, 10, [tag])


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_the_windows_export_is_one_snapshot(window, tmp_path, monkeypatch, qtbot,  # type: ignore[no-untyped-def]
                                            suffix: str) -> None:
    from annotator.ui import file_actions

    out = tmp_path / f"out{suffix}"
    monkeypatch.setattr(file_actions, "choose_save_file", lambda *a, **k: (str(out), ""))
    read_tags = TagTable.all
    committed: list[bool] = []

    def all_then_commit(self: TagTable) -> object:
        tags = read_tags(self)
        if not committed and threading.current_thread() is not threading.main_thread():
            # once, right after the export task's first read of tags
            committed.append(True)
            commit_elsewhere(window.project.path)
        return tags

    monkeypatch.setattr(TagTable, "all", all_then_commit)
    failed: list[str] = []
    task = window.files.export()
    task.failed.connect(failed.append)
    with qtbot.waitSignal(task.succeeded, timeout=20000):
        pass
    assert committed and failed == []
    if suffix == ".json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert [t["name"] for t in data["tags"]] == ["security", "water"]
        assert data["annotations"] == []
    else:
        with out.open(encoding="utf-8", newline="") as handle:
            assert list(csv.reader(handle))[1:] == []  # no highlight yet in that snapshot
    assert window.project.tags.find(("late",)) is not None  # the commit did happen
