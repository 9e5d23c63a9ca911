"""Counts in the window are worded right at 0, 1 and 2: the status bar, the document's
header, the question before deleting documents, the "Code all hits" summary."""

from __future__ import annotations

from ui_fixtures import document_id

from annotator.domain.context import Context
from annotator.services.span_coding import CodingResult
from annotator.ui.document_actions import deletion_question
from annotator.ui.search_feature import coding_summary


def test_status_bar_and_header_count_highlights(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = document_id(window, "River report")
    window.open_document(doc)
    tag = window.project.tags.find(["water"])
    for n, words in ((0, "0 highlights"), (1, "1 highlight"), (2, "2 highlights")):
        if n:
            window.pane.editor.select_span(4 + 6 * (n - 1), 9 + 6 * (n - 1))
            window.editor.apply_tags([tag])
        qtbot.waitUntil(lambda words=words: window.status_counts.text().endswith(words))
        assert window.status_counts.text() == f"2 documents  ·  {words}"
        qtbot.waitUntil(lambda words=words: words in window.pane.subtitle.text())
        assert f"{len('The river water level fell in summer.')} characters" \
            in window.pane.subtitle.text()


def test_the_document_deletion_question() -> None:
    assert deletion_question(["Note"], 1, 0) == "Delete the document “Note”? It has no highlights."
    assert deletion_question(["Note"], 1, 1) == "Delete the document “Note” and its highlight?"
    assert deletion_question(["Note"], 1, 2) == "Delete the document “Note” and its 2 highlights?"
    assert deletion_question([], 2, 1) == "Delete 2 documents and their highlight?"
    assert deletion_question([], 2, 0) == "Delete 2 documents? They have no highlights."


def test_the_code_all_hits_summary() -> None:
    def result(n: int) -> CodingResult:
        counts = dict.fromkeys(("extended", "tagged_existing", "merged", "untagged"), 0)
        return CodingResult(tag_id=1, created=n, skipped=n, documents=n, changes=None,  # type: ignore[arg-type]
                            edit=None, **counts)  # type: ignore[arg-type]

    assert coding_summary(result(0), 0, "water", Context.MATCH) == (
        "Coded 0 hits in 0 documents as 'water': 0 highlights created. Undo takes it back.")
    assert coding_summary(result(1), 1, "water", Context.MATCH) == (
        "Coded 1 hit in 1 document as 'water': 1 highlight created, 1 hit already coded. "
        "Undo takes it back.")
    assert coding_summary(result(2), 2, "water", Context.MATCH) == (
        "Coded 2 hits in 2 documents as 'water': 2 highlights created, 2 hits already coded. "
        "Undo takes it back.")
