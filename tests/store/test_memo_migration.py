"""Migration 0005: the memos table, and the highlight memos of older files moved into it."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from annotator.services import Project
from annotator.store import Store, schema
from helpers import insert_old_document

#: The namespace the migration derives moved memos' GUIDs in (the REFI-QDA export's).
EXPORT_NAMESPACE = uuid.UUID("6f1c0b0e-5d2a-5b57-9a44-2a8f3c1d9e70")


def old_file(path: Path) -> list[tuple[int, str, str, str, str]]:
    """A project file made before ``0005_memos``, with three highlights of which two have
    a memo in ``highlights.memo``; returns ``(id, guid, memo, coder, modified_at)`` of each
    highlight, read back from the file."""
    known = schema.MIGRATIONS._migrations
    names = [m.name for m in known]
    later = known[names.index("0005_memos"):]
    del known[names.index("0005_memos"):]
    try:
        store = Store.open(path)
        conn = store.db.conn
        with store.transaction():
            text = "Water and security 🙂 here."
            doc = insert_old_document(
                conn, "d", text, None, guid="g-doc",
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
            conn.execute("INSERT INTO tags (guid, name, color, created_at) "
                         "VALUES ('g-tag', 'water', '#000000', 't')")
            for number, (start, end, memo, coder) in enumerate(
                    [(0, 5, "the river\nsecond line", "ana"), (10, 18, "", "ana"),
                     (19, 20, "an emoji 🙂", "boris")]):
                conn.execute(
                    "INSERT INTO highlights (guid, document_id, span_start, span_end, quote, "
                    "memo, coder, created_at, modified_at) VALUES (?, ?, ?, ?, "
                    "(SELECT substr(text, ?, ?) FROM documents WHERE id = ?), ?, ?, ?, ?)",
                    [f"g-h{number}", doc, start, end, start + 1, end - start, doc, memo, coder,
                     "2020-01-01T00:00:00Z", f"2021-0{number + 1}-01T00:00:00Z"])
            conn.execute("INSERT INTO highlight_tags (highlight_id, tag_id, document_id) "
                         "SELECT id, 1, document_id FROM highlights")
        rows = conn.execute("SELECT id, guid, memo, coder, modified_at FROM highlights "
                            "ORDER BY id").fetchall()
        store.close()
    finally:
        known.extend(later)
    return rows


def test_highlight_memos_move_into_the_memos_table(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    rows = old_file(path)
    with Project.open(path) as project:
        conn = project.store.db.conn
        columns = {r[1] for r in conn.execute("PRAGMA table_xinfo(highlights)")}
        assert "memo" not in columns  # dropped (this SQLite has DROP COLUMN)
        memos = {m.highlight_id: m for m in project.memos.of_kind("highlight")}
        with_memo = [r for r in rows if r[2]]
        assert sorted(memos) == [r[0] for r in with_memo]
        for highlight_id, guid, text, coder, modified in with_memo:
            memo = memos[highlight_id]
            assert (memo.text, memo.author, memo.created_at, memo.modified_at) == (
                text, coder, modified, modified)
            assert memo.guid == str(uuid.uuid5(EXPORT_NAMESPACE, "memo\x1f" + guid))
            assert project.highlights.get(highlight_id).memo == text
        assert project.highlights.get(rows[1][0]).memo == ""
        assert project.memos.count() == 2 and project.store.integrity_ok()
        assert project.check() == []
    assert (tmp_path / "old.annotator.before-0005_memos.bak").exists()


def test_every_foreign_key_of_memos_is_indexed_and_cascades(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.annotator")
    try:
        conn = store.db.conn
        indexed_first = {conn.execute(f"PRAGMA index_info('{index[1]}')").fetchone()[2]
                         for index in conn.execute("PRAGMA index_list('memos')")}
        keys = {fk[3]: fk[6] for fk in conn.execute("PRAGMA foreign_key_list('memos')")}
        assert keys == {"document_id": "CASCADE", "tag_id": "CASCADE",
                        "highlight_id": "CASCADE"}
        assert set(keys) <= indexed_first
    finally:
        store.close()


def test_an_sqlite_that_cannot_drop_a_column_keeps_it_empty_and_unread(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.annotator"
    rows = old_file(path)
    monkeypatch.setattr(schema, "_DROP_COLUMN", (99, 0, 0))
    with Project.open(path, coder="carla") as project:
        conn = project.store.db.conn
        assert conn.execute("SELECT count(*) FROM highlights WHERE memo <> ''").fetchone()[0] == 0
        assert {h: project.highlights.get(h).memo for h, *_ in rows} == {
            h: memo for h, _, memo, _, _ in rows}
        doc = project.documents.ids()[0]
        new_id, _ = project.highlights.create(doc, 6, 9, [], memo="a new memo")
        assert project.highlights.get(new_id).memo == "a new memo"
        expected = {h: memo for h, _, memo, _, _ in rows} | {new_id: "a new memo"}
        assert {h.id: h.memo for h in project.highlights.for_document(doc)} == expected
        assert project.memos.for_highlight(new_id).author == "carla"  # type: ignore[union-attr]
