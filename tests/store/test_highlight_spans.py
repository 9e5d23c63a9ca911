"""A document's spans, read for the editor, agree with its full highlight records."""

from __future__ import annotations

from annotator.domain.model import NewDocument
from annotator.domain.span_index import HighlightSpan
from annotator.services import Project


def test_spans_match_the_full_records_in_the_same_order() -> None:
    with Project.in_memory() as project:
        text = "Rivers, dams and borders: water 🌊 across borders, again and again."
        doc = project.documents.add(NewDocument("d", text)).document_id
        other = project.documents.add(NewDocument("e", "another text here")).document_id
        a, b, c = (project.tags.create(name)[0] for name in ("water", "borders", "dams"))
        project.highlights.create(doc, 17, 24, [c, b])  # tag ids out of order on purpose
        project.highlights.create(doc, 0, 6, [a])
        project.highlights.create(doc, 0, 14, [])
        project.highlights.create(doc, 0, 6, [b])  # the same span twice
        project.highlights.create(other, 0, 7, [a])
        spans = project.highlights.spans_for_document(doc)
        full = project.highlights.for_document(doc)
        assert spans == [HighlightSpan(h.start, h.end, h.id, h.tag_ids) for h in full]
        assert [(s.start, s.end) for s in spans] == [(0, 6), (0, 6), (0, 14), (17, 24)]
        assert spans[-1].tag_ids == tuple(sorted((b, c)))
        assert project.highlights.spans_for_document(other)[0].tag_ids == (a,)


def test_spans_are_read_from_covering_indexes_without_sorting() -> None:
    with Project.in_memory() as project:
        conn = project.store.db.conn
        for sql in (
            "SELECT span_start, span_end, id FROM highlights WHERE document_id = 1 "
            "ORDER BY span_start, span_end, id",
            "SELECT highlight_id, tag_id FROM highlight_tags WHERE document_id = 1 "
            "ORDER BY highlight_id, tag_id",
        ):
            plan = " ".join(str(row) for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
            assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan, plan
