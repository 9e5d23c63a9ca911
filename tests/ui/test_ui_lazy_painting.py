"""A long, densely coded document: the screen is painted at once, the rest while idle."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import NewDocument
from annotator.services import Project


def test_long_document_paints_visible_blocks_first_then_everything(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.app import create_main_window

    path = tmp_path / "long.annotator"
    lines = [f"Paragraph {i} about water and borders." for i in range(3000)]
    text = "\n".join(lines)
    with Project.open(path) as project:
        doc = project.documents.add(NewDocument("Long", text)).document_id
        tag, _ = project.tags.create("water")
        offset = 0
        for line in lines:
            start = offset + line.index("water")
            project.highlights.create(doc, start, start + 5, [tag])
            offset += len(line) + 1
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.show()
    window.open_document(doc)
    editor = window.editor
    painter = editor._painter
    document = editor.document()

    def painted(block_number: int) -> bool:
        return bool(document.findBlockByNumber(block_number).layout().formats())

    assert painted(0) and painted(50)
    assert painter.pending > 0 and not painted(2999)  # the end waits its turn
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    first = editor.firstVisibleBlock().blockNumber()
    assert painted(first) and painted(2999)  # scrolling there paints it at once
    qtbot.waitUntil(lambda: painter.pending == 0, timeout=5000)
    assert all(painted(n) for n in range(0, 3000, 97))
    window.close()
