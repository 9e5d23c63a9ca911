"""Memos as a service: one memo per place, span memos on exact code-point spans, author and
times, deletion with what they belong to, exact undo of deletions, listing and search."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import InvalidSpanError, NotFoundError, UserError
from annotator.domain.memos import MEMO_KINDS, MemoFilter, MemoPlace, folded, text_matches
from annotator.services import Project
from annotator.store.sqlite_library import sqlite3
from helpers import add_text

TEXT = "Water 🙂 and security.\nSecond line: é\u0301 and 𠀋 and שָׁלוֹם."


def every_kind(project: Project) -> dict[str, int]:
    """A document, a tag, a highlight and one memo of each kind; ids by name."""
    ids = {"doc": add_text(project, TEXT, title="Central Asia")}
    ids["tag"] = project.tags.create("security")[0]
    ids["highlight"] = project.highlights.create(ids["doc"], 0, 5, [ids["tag"]])[0]
    memos = project.memos
    ids["m_project"] = memos.write(MemoPlace.project(), "The research question.")[0] or 0
    ids["m_document"] = memos.write(MemoPlace.document(ids["doc"]), "Formulaic.")[0] or 0
    ids["m_tag"] = memos.write(MemoPlace.tag(ids["tag"]), "What counts as security.")[0] or 0
    ids["m_highlight"] = memos.write(MemoPlace.highlight(ids["highlight"]), "Key quote.")[0] or 0
    start = TEXT.index("🙂")
    ids["m_span"] = memos.create_span(ids["doc"], start, start + 1, "An emoji here.")[0]
    return ids


def test_each_place_holds_one_memo_written_by_the_coder(project: Project) -> None:
    ids = every_kind(project)
    memos = project.memos
    assert sorted(m.kind for m in memos.select()) == sorted(MEMO_KINDS)
    assert {m.author for m in memos.select()} == {"tester"}
    again, changes = memos.write(MemoPlace.document(ids["doc"]), "Formulaic, and short.")
    assert again == ids["m_document"] and changes.memos.updated == {again}
    memo = memos.for_document(ids["doc"])
    assert memo is not None and memo.text == "Formulaic, and short."
    assert memo.modified_at >= memo.created_at
    assert memos.count() == 5  # still one memo for the document


def test_the_same_text_changes_nothing_and_an_empty_text_deletes(project: Project) -> None:
    ids = every_kind(project)
    place = MemoPlace.tag(ids["tag"])
    before = project.memos.at(place)
    assert not project.memos.write(place, "What counts as security.")[1]
    assert project.memos.at(place) == before  # not even its modified time
    memo_id, changes = project.memos.write(place, "")
    assert memo_id is None and changes.memos.deleted == {ids["m_tag"]}
    assert project.memos.at(place) is None
    # A span memo keeps an empty text until it is deleted.
    span = MemoPlace.span(ids["m_span"])
    assert project.memos.write(span, "")[0] == ids["m_span"]
    assert project.memos.get(ids["m_span"]).text == ""


def test_a_highlight_memo_is_the_highlight_memo_field(project: Project) -> None:
    ids = every_kind(project)
    changes = project.highlights.set_memo(ids["highlight"], "Changed.")
    assert changes.highlights.updated == {ids["highlight"]}
    assert changes.memos.updated == {ids["m_highlight"]}
    assert project.highlights.get(ids["highlight"]).memo == "Changed."
    memo = project.memos.for_highlight(ids["highlight"])
    assert memo is not None and (memo.document_id, memo.start, memo.end, memo.quote) == (
        ids["doc"], 0, 5, "Water")


def test_texts_are_normalised_as_imported_texts_are(project: Project) -> None:
    memo_id, _ = project.memos.write(MemoPlace.project(), "One\r\ntwo\rthree\x00 four")
    assert project.memos.get(memo_id or 0).text == "One\ntwo\nthree four"


@pytest.mark.parametrize(("start", "end", "quote", "error"), [
    (5, 5, None, InvalidSpanError), (-1, 3, None, InvalidSpanError),
    (0, len(TEXT) + 1, None, InvalidSpanError), (0, 5, "Wxter", InvalidSpanError),
])
def test_a_span_memo_must_fit_its_text(project: Project, start: int, end: int,
                                       quote: str | None, error: type[Exception]) -> None:
    doc = add_text(project, TEXT)
    with pytest.raises(error):
        project.memos.create_span(doc, start, end, quote=quote)
    assert project.memos.count() == 0


def test_places_that_do_not_exist_are_refused(project: Project) -> None:
    for place in (MemoPlace.document(9), MemoPlace.tag(9), MemoPlace.highlight(9),
                  MemoPlace.span(9)):
        with pytest.raises(NotFoundError):
            project.memos.write(place, "text")
    with pytest.raises(NotFoundError):
        project.memos.create_span(9, 0, 1)
    assert project.memos.count() == 0


def test_the_schema_refuses_what_the_service_refuses(project: Project) -> None:
    ids = every_kind(project)
    conn = project.store.db.conn
    bad = [
        # a second memo of the document
        ("INSERT INTO memos (guid, kind, document_id, text, created_at, modified_at) "
         "VALUES ('g1', 'document', ?, 'x', 't', 't')", [ids["doc"]]),
        # a second project memo
        ("INSERT INTO memos (guid, kind, text, created_at, modified_at) "
         "VALUES ('g2', 'project', 'x', 't', 't')", []),
        # a span memo whose quote is not as long as its span
        ("INSERT INTO memos (guid, kind, document_id, span_start, span_end, quote, text, "
         "created_at, modified_at) VALUES ('g3', 'span', ?, 0, 5, 'Wat', 'x', 't', 't')",
         [ids["doc"]]),
        # a tag memo that names a document
        ("INSERT INTO memos (guid, kind, tag_id, document_id, text, created_at, modified_at) "
         "VALUES ('g4', 'tag', ?, ?, 'x', 't', 't')", [ids["tag"], ids["doc"]]),
        # a memo of a highlight that does not exist
        ("INSERT INTO memos (guid, kind, highlight_id, text, created_at, modified_at) "
         "VALUES ('g5', 'highlight', 999, 'x', 't', 't')", []),
    ]
    for sql, params in bad:
        with pytest.raises(sqlite3.IntegrityError), project.transaction():
            conn.execute(sql, params)
    assert project.memos.count() == 5


def test_memos_go_with_their_document_tag_and_highlight(project: Project) -> None:
    ids = every_kind(project)
    changes = project.highlights.delete(ids["highlight"])
    assert changes.memos.deleted == {ids["m_highlight"]}
    changes = project.tags.delete(ids["tag"])
    assert changes.memos.deleted == {ids["m_tag"]}
    changes = project.documents.delete(ids["doc"])
    assert changes.memos.deleted == {ids["m_document"], ids["m_span"]}
    assert [m.kind for m in project.memos.select()] == ["project"]
    assert project.store.integrity_ok()


def test_restoring_a_highlight_brings_its_memo_back_exactly(project: Project) -> None:
    ids = every_kind(project)
    record = project.highlights.get(ids["highlight"])
    memo = project.highlights.memo_of(ids["highlight"])
    project.highlights.delete(ids["highlight"])
    changes = project.highlights.restore(record, memo)
    assert changes.memos.created == {ids["m_highlight"]}
    assert project.highlights.get(ids["highlight"]) == record
    assert project.memos.for_highlight(ids["highlight"]) == memo


def test_a_deleted_tag_comes_back_with_its_memo(project: Project) -> None:
    ids = every_kind(project)
    memo = project.memos.for_tag(ids["tag"])
    snapshot = project.tags.snapshot(ids["tag"])
    project.tags.delete(ids["tag"])
    project.tags.restore(snapshot)
    assert project.memos.for_tag(ids["tag"]) == memo


def test_merging_tags_keeps_both_memos_and_undo_separates_them(project: Project) -> None:
    ids = every_kind(project)
    target = project.tags.create("threats")[0]
    lone = project.tags.create("borders")[0]
    project.memos.write(MemoPlace.tag(lone), "Borders memo.")
    # Into a tag without a memo: the memo moves, keeping its author, times and GUID.
    moved = project.memos.for_tag(lone)
    snapshot = project.tags.snapshot(lone, merge_target=target)
    project.tags.merge(lone, target)
    after = project.memos.for_tag(target)
    assert after is not None and (after.id, after.guid, after.text) == (
        moved.id, moved.guid, "Borders memo.")  # type: ignore[union-attr]
    project.tags.restore(snapshot, merged_into=target)
    assert project.memos.for_tag(lone) == moved and project.memos.for_tag(target) is None
    # Into a tag with a memo: the texts are joined; undo gives each its own back.
    project.memos.write(MemoPlace.tag(target), "Threats memo.")
    before_target = project.memos.for_tag(target)
    before_source = project.memos.for_tag(ids["tag"])
    snapshot = project.tags.snapshot(ids["tag"], merge_target=target)
    project.tags.merge(ids["tag"], target)
    joined = project.memos.for_tag(target)
    assert joined is not None and joined.text == "Threats memo.\n\nWhat counts as security."
    project.tags.restore(snapshot, merged_into=target)
    assert project.memos.for_tag(target) == before_target
    assert project.memos.for_tag(ids["tag"]) == before_source


def test_deleted_documents_come_back_with_every_memo(project: Project) -> None:
    ids = every_kind(project)
    before = project.memos.select()
    snapshot = project.documents.snapshot([ids["doc"]])
    changes = project.documents.delete_many([ids["doc"]])
    assert changes.memos.deleted == {ids["m_document"], ids["m_span"], ids["m_highlight"]}
    project.documents.restore(snapshot)
    assert project.memos.select() == before


def test_put_refuses_a_place_taken_since(project: Project) -> None:
    ids = every_kind(project)
    memo = project.memos.for_document(ids["doc"])
    assert memo is not None
    project.memos.delete(memo.id)
    project.memos.write(MemoPlace.document(ids["doc"]), "Written meanwhile.")
    with pytest.raises(UserError, match="has another memo"):
        project.memos.put(memo)


def test_filters_select_what_an_independent_scan_selects(project: Project) -> None:
    ids = every_kind(project)
    other_doc = add_text(project, "Gas and water flow north.", title="Other")
    other_tag = project.tags.create("water")[0]
    h2 = project.highlights.create(other_doc, 0, 3, [other_tag, ids["tag"]])[0]
    project.coder = "boris"  # another coder writes the next memos
    project.memos.write(MemoPlace.highlight(h2), "Éte: SÉCURITÉ of the gas route.")
    project.memos.create_span(other_doc, 4, 9, "water flows")
    everything = project.memos.select()
    highlight_tags = {h: set(project.highlights.get(h).tag_ids)
                      for h in (ids["highlight"], h2)}

    def expected(where: MemoFilter) -> list[int]:
        found = []
        for m in everything:
            if where.kinds and m.kind not in where.kinds:
                continue
            if where.tag_id is not None and not (
                    m.tag_id == where.tag_id or (m.highlight_id is not None and where.tag_id
                                                 in highlight_tags[m.highlight_id])):
                continue
            if where.document_id is not None and m.document_id != where.document_id:
                continue
            if where.author is not None and m.author != where.author:
                continue
            words = where.search.lower().replace("é", "e").split()
            plain = m.text.lower().replace("é", "e")
            if not all(w in plain for w in words):
                continue
            found.append(m.id)
        return sorted(found)

    filters = [MemoFilter(), MemoFilter(kinds=("span",)), MemoFilter(kinds=("tag", "project")),
               MemoFilter(tag_id=ids["tag"]), MemoFilter(tag_id=other_tag),
               MemoFilter(document_id=other_doc), MemoFilter(document_id=ids["doc"]),
               MemoFilter(author="boris"), MemoFilter(author="tester", kinds=("span",)),
               MemoFilter(search="securite"), MemoFilter(search="WATER flows"),
               MemoFilter(search="ete gas", tag_id=ids["tag"])]
    for where in filters:
        assert sorted(m.id for m in project.memos.select(where)) == expected(where), where
    assert project.memos.authors() == ["boris", "tester"]
    assert project.memos.document_ids() == sorted({ids["doc"], other_doc})


def test_search_ignores_case_and_accents() -> None:
    assert text_matches("Straße und Élan", "STRASSE elan")
    assert text_matches("naïve café", "cafe NAIVE")
    assert not text_matches("water", "waters")
    assert folded("É\u0301") == "e"


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
hard = st.sampled_from(["👩‍👩‍👧‍👦", "e\u0301", "𠀋", "שָׁלוֹם", "\n", "🇰🇿", "中文", " "])


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(texts, hard), min_size=1, max_size=8), data=st.data())
def test_span_memos_keep_their_exact_code_point_span(project: Project, parts: list[str],
                                                     data: st.DataObject) -> None:
    text = "x" + "".join(parts)
    doc = add_text(project, text)
    stored = project.documents.text(doc)
    assert stored == text.replace("\r", "")  # (no CR can be drawn; normalisation keeps all)
    start = data.draw(st.integers(0, len(stored) - 1))
    end = data.draw(st.integers(start + 1, len(stored)))
    memo_id, _ = project.memos.create_span(doc, start, end, "note", quote=stored[start:end])
    memo = project.memos.get(memo_id)
    assert (memo.start, memo.end) == (start, end)
    assert memo.quote == stored[start:end] and len(memo.quote) == end - start
    assert "".join(list(stored)[start:end]) == memo.quote
    project.documents.delete(doc)


def test_merged_highlights_keep_their_memos_exactly_through_undo_and_redo(
        project: Project) -> None:
    """Coding that merges highlights joins their memos; undo gives each highlight its own
    memo record back (text, author, times, GUID), redo the joined one."""
    from annotator.services.coding_edit import redo_coding, undo_coding
    from annotator.services.span_coding import code_hits

    text = "One sentence here. Another one."
    doc = add_text(project, text)
    tag = project.tags.create("t")[0]
    left = project.highlights.create(doc, 0, 3, [tag])[0]
    right = project.highlights.create(doc, 13, 17, [tag], memo="right memo")[0]
    before = project.memos.select()
    [right_memo] = before
    result = code_hits(project, tag, [(doc, 3, 13)])  # the gap: all three merge
    [memo] = project.memos.select()
    # Left kept no memo of its own: right's memo moved to it, author and GUID kept.
    assert (memo.highlight_id, memo.guid, memo.author, memo.text) == (
        left, right_memo.guid, "tester", "right memo")
    assert project.highlights.get(left).memo == "right memo"
    undo_coding(project, result.edit)
    assert project.memos.select() == before
    assert project.memos.for_highlight(right) == right_memo
    redo_coding(project, result.edit)
    assert project.memos.select() == [memo]
    # Two memos: joined into the kept highlight's, undone exactly.
    undo_coding(project, result.edit)
    project.coder = "boris"  # another coder writes a memo on the tester's highlight
    left_memo_id = project.memos.write(MemoPlace.highlight(left), "left memo")[0]
    project.coder = "tester"
    before = project.memos.select()
    again = code_hits(project, tag, [(doc, 3, 13)])
    [joined] = project.memos.select()
    assert (joined.id, joined.text, joined.author) == (left_memo_id, "left memo\n\nright memo",
                                                       "boris")
    assert again.changes.memos.deleted == {right_memo.id}
    undo_coding(project, again.edit)
    assert project.memos.select() == before
