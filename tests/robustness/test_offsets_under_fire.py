"""Offsets under fire: hard texts go in through import, get highlighted through the
editor's own selection (Qt's UTF-16 positions), and go out and back through JSON, CSV and
REFI-QDA; every quote equals its text slice at every step."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from annotator.domain.offsets import Utf16Index
from annotator.formats.plain_text import read_text_file
from annotator.services import Project
from annotator.services.dataset_merge import merge_dataset
from annotator.services.exporting import export_csv, export_json
from annotator.services.refi_qda import export_qdpx, import_refi

PIECES = ["👩‍👩‍👧", "🇰🇿", "👍🏽", "e\u0301", "𠀋", "مرحبا", "שלום", "\r\n", "\r", "中文",
          "\u200d", "words ", "Ünïcödé ", "\n"]
texts = st.lists(st.sampled_from(PIECES), min_size=3, max_size=30).map("".join).filter(
    lambda t: len(t.strip()) > 2)


def quotes_hold(project: Project) -> int:
    checked = 0
    for doc in project.documents.ids():
        text = project.documents.text(doc)
        for h in project.highlights.for_document(doc):
            assert text[h.start : h.end] == h.quote
            checked += 1
    return checked


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts, st.data(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_a_selection_made_in_the_editor_survives_every_format(qtbot, tmp_path: Path, raw: str,  # type: ignore[no-untyped-def]
                                                               data: st.DataObject, encoding: str) -> None:
    from annotator.ui.app import create_main_window

    work = Path(tempfile.mkdtemp(dir=tmp_path))
    source = work / "hard.txt"
    source.write_bytes(raw.encode(encoding))
    path = work / "p.annotator"
    with Project.open(path) as project:
        doc = project.documents.add(read_text_file(source)).document_id
        project.tags.create("theme")
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.open_document(doc)
    editor = window.editor
    editor.snap_to_words = False  # the user held Alt: exactly what they selected
    text = window.project.documents.text(doc)
    index = Utf16Index(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():  # the editor ignores a selection of white space only
        end = len(text)
        start = min(start, len(text.rstrip()) - 1)
    cursor = QTextCursor(editor.document())  # select as the mouse does: Qt positions
    cursor.setPosition(index.to_utf16(start))
    cursor.setPosition(index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    assert editor.apply_tags([window.project.tags.find(["theme"])])
    (highlight,) = window.project.highlights.for_document(doc)
    assert (highlight.start, highlight.end, highlight.quote) == (start, end, text[start:end])
    window.close()

    with Project.open(path) as project:
        export_json(project, work / "out.json")
        export_csv(project, work / "out.csv")
        export_qdpx(project, work / "out.qdpx")
    dataset = json.loads((work / "out.json").read_text(encoding="utf-8"))
    (note,) = dataset["annotations"]
    assert dataset["documents"][0]["text"][note["start"]:note["end"]] == note["quote"] == text[start:end]
    with (work / "out.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["quote"] == text[start:end] and (int(row["start"]), int(row["end"])) == (start, end)
    for name, importer in (("json", merge_dataset), ("qdpx", import_refi)):
        with Project.open(work / f"back-{name}.annotator") as back:
            importer(back, work / f"out.{name}")
            assert quotes_hold(back) == 1
            (again,) = [h for d in back.documents.ids() for h in back.highlights.for_document(d)]
            assert again.quote == text[start:end]
