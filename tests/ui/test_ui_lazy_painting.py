"""A long, densely coded document: the screen is painted at once, the rest while idle."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import NewDocument
from annotator.domain.span_index import LONG_SPAN
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


def test_long_highlight_paints_every_block_it_covers_and_clears_when_deleted(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A highlight far longer than the painter's lookup window (a whole chapter coded) is
    painted in the middle of its range, after emoji (UTF-16 positions), and unpainted when
    deleted; a short one inside it stays painted."""
    from annotator.ui.app import create_main_window

    path = tmp_path / "chapter.annotator"
    lines = [f"🌊 Line {i} of the chapter on rivers." for i in range(400)]
    text = "\n".join(lines)
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    with Project.open(path) as project:
        doc = project.documents.add(NewDocument("Chapter", text)).document_id
        tag, _ = project.tags.create("rivers")
        chapter, _ = project.highlights.create(doc, starts[10], starts[300] - 1, [tag])
        river = starts[200] + lines[200].index("rivers")
        short, _ = project.highlights.create(doc, river, river + 6, [tag])
    assert starts[300] - starts[10] > 5 * LONG_SPAN
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.show()
    window.open_document(doc)
    editor, document = window.editor, window.editor.document()
    qtbot.waitUntil(lambda: editor._painter.pending == 0, timeout=5000)

    def ranges(block_number: int) -> list[tuple[int, int]]:
        formats = document.findBlockByNumber(block_number).layout().formats()
        return [(f.start, f.start + f.length) for f in formats]

    length16 = len(lines[150].encode("utf-16-le")) // 2
    assert ranges(150) == [(0, length16)]  # the whole line, emoji included
    assert ranges(5) == [] and ranges(350) == []
    river16 = lines[200].index("rivers") + 1  # the emoji counts two UTF-16 units
    assert (river16, river16 + 6) in ranges(200)
    editor.select_highlight(chapter)
    assert editor.delete_current()
    assert ranges(150) == [] and ranges(10) == []
    assert ranges(200) == [(river16, river16 + 6)]
    assert [s.id for s in editor.spans] == [short]
    window.close()
