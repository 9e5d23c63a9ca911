"""Read-only queries for intercoder agreement: the coders, the documents every one of
some coders has coded, and those coders' tagged spans."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .rows import ConnectionUser

#: ``(document_id, coder, tag_id, start, end)`` of one tag of one highlight.
TaggedSpan = tuple[int, str, int, int, int]


class AgreementQueries(ConnectionUser):
    """Every method is one SQL query; none writes."""

    def coders(self) -> list[str]:
        """Every coder who made a highlight, by name."""
        return [r[0] for r in self._conn.execute(
            "SELECT DISTINCT coder FROM highlights ORDER BY coder")]

    def documents_coded_by_all(self, coders: Sequence[str]) -> list[tuple[int, int]]:
        """``(document_id, length)`` of every document in which each of ``coders`` made
        at least one highlight, by id."""
        marks = ",".join("?" * len(coders))
        return [(r[0], r[1]) for r in self._conn.execute(
            "SELECT d.id, d.length FROM documents d WHERE d.id IN ("
            f"SELECT document_id FROM highlights WHERE coder IN ({marks}) "
            "GROUP BY document_id HAVING count(DISTINCT coder) = ?) ORDER BY d.id",
            [*coders, len(set(coders))])]

    def tagged_spans(self, coders: Sequence[str]) -> Iterator[TaggedSpan]:
        """Every tag of every highlight of ``coders``, by document."""
        marks = ",".join("?" * len(coders))
        yield from self._conn.execute(
            "SELECT h.document_id, h.coder, ht.tag_id, h.span_start, h.span_end "
            "FROM highlights h JOIN highlight_tags ht ON ht.highlight_id = h.id "
            f"WHERE h.coder IN ({marks}) ORDER BY h.document_id", list(coders))

    def tag_highlights(self, document_id: int, tag_id: int,
                       coders: Sequence[str]) -> list[tuple[int, str, int, int, int]]:
        """``(highlight_id, coder, start, end, tag_count)`` of every highlight of
        ``coders`` in the document that carries ``tag_id`` (``tag_count``: how many tags
        it carries in all), by id."""
        marks = ",".join("?" * len(coders))
        return [(int(r[0]), str(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in self._conn.execute(
            "SELECT h.id, h.coder, h.span_start, h.span_end, (SELECT count(*) FROM "
            "highlight_tags a WHERE a.highlight_id = h.id) FROM highlight_tags t JOIN "
            "highlights h ON h.id = t.highlight_id WHERE t.tag_id = ? AND t.document_id = ? "
            f"AND h.coder IN ({marks}) ORDER BY h.id", [tag_id, document_id, *coders])]

