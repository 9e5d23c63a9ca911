"""The project file: creation, checks before opening, migrations, transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectFileError
from annotator.domain.model import NewDocument
from annotator.domain.search_query import parse_query
from annotator.store import Store, database, schema
from annotator.store.document_day import DOCUMENT_DAY
from helpers import insert_old_document


def test_new_file_is_wal_with_foreign_keys_and_our_application_id(project_path: Path) -> None:
    store = Store.open(project_path)
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert store.integrity_ok()
    store.close()
    # Any SQLite tool can read it.
    raw = sqlite3.connect(project_path)
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "tags", "highlights", "highlight_tags", "documents_fts"} <= names
    raw.close()


def test_every_foreign_key_is_indexed(project_path: Path) -> None:
    store = Store.open(project_path)
    conn = store.db.conn
    for table in ("documents", "tags", "highlights", "highlight_tags"):
        indexed_first = {
            conn.execute(f"PRAGMA index_info('{idx[1]}')").fetchone()[2]
            for idx in conn.execute(f"PRAGMA index_list('{table}')")
        }
        for fk in conn.execute(f"PRAGMA foreign_key_list('{table}')"):
            assert fk[3] in indexed_first, f"{table}.{fk[3]} has no index"
    store.close()


def test_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.annotator"
    path.write_bytes(b"just some text\n")
    with pytest.raises(ProjectFileError, match="not an SQLite database"):
        Store.open(path)
    assert path.read_bytes() == b"just some text\n"


def test_other_applications_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match="another application"):
        Store.open(path)
    assert path.read_bytes() == before


def test_file_from_a_newer_version_is_refused_unchanged(project_path: Path) -> None:
    store = Store.open(project_path)
    with store.transaction():
        store.db.conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('annotator', '9999_from_the_future', 'x')"
        )
    store.close()
    before = project_path.read_bytes()
    with pytest.raises(ProjectFileError, match="newer version of Annotator"):
        Store.open(project_path)
    assert project_path.read_bytes() == before


def test_missing_project_is_reported_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such project file"):
        Store.open(tmp_path / "absent.annotator", create=False)
    with pytest.raises(ProjectFileError, match="is a folder"):
        Store.open(tmp_path)


def test_pending_migration_runs_after_a_backup_copy(project_path: Path) -> None:
    store = Store.open(project_path)
    with store.transaction():
        store.documents.insert(NewDocument("t", "text"), guid="g", sha256="s", imported_at="now")
    store.close()

    @schema.MIGRATIONS(name="0002_test_only")
    def _add_column(db):  # type: ignore[no-untyped-def]
        db.conn.execute("ALTER TABLE documents ADD COLUMN probe TEXT")

    try:
        migrated = Store.open(project_path)
        columns = {r[1] for r in migrated.db.conn.execute("PRAGMA table_info(documents)")}
        migrated.close()
    finally:
        schema.MIGRATIONS._migrations.pop()
    assert "probe" in columns
    backup = Path(f"{project_path}.before-0002_test_only.bak")
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT title FROM documents").fetchall() == [("t",)]
    assert "probe" not in {r[1] for r in copy.execute("PRAGMA table_info(documents)")}
    copy.close()


def test_transaction_is_all_or_nothing() -> None:
    store = Store.open_memory()
    with pytest.raises(RuntimeError), store.transaction():
        store.documents.insert(NewDocument("a", "x"), guid="g1", sha256="s1", imported_at="t")
        raise RuntimeError("boom")
    assert store.documents.count() == 0
    with store.transaction():
        store.documents.insert(NewDocument("a", "x"), guid="g1", sha256="s1", imported_at="t")
        with pytest.raises(RuntimeError), store.transaction():
            store.documents.insert(NewDocument("b", "y"), guid="g2", sha256="s2", imported_at="t")
            raise RuntimeError("inner")
    assert store.documents.count() == 1


def test_document_text_cannot_be_changed_after_import() -> None:
    store = Store.open_memory()
    with store.transaction():
        doc = store.documents.insert(NewDocument("a", "x"), guid="g", sha256="s", imported_at="t")
    with pytest.raises(sqlite3.IntegrityError, match="never changes"), store.transaction():
        store.db.conn.execute("UPDATE documents SET text = 'y' WHERE id = ?", [doc])
    assert store.documents.text(doc) == "x"


def test_busy_project_gives_a_clear_message(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    first, second = Store.open(project_path), Store.open(project_path)
    with first.transaction(), pytest.raises(ProjectFileError, match="busy"), second.transaction():
        pass
    with second.transaction():  # free again once the first commits
        second.set_info("name", "ok")
    assert first.info("name") == "ok"
    first.close()
    second.close()


def test_full_text_search_follows_inserts_retitles_and_deletes() -> None:
    store = Store.open_memory()

    def titled(word: str) -> list[int]:  # the index of titles, asked directly
        return [r[0] for r in store.db.conn.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [f"{{title}} : {word}"])]

    with store.transaction():
        a = store.documents.insert(NewDocument("Water", "labour migrants"), guid="a", sha256="1", imported_at="t")
        b = store.documents.insert(NewDocument("Security", "terrorism"), guid="b", sha256="2", imported_at="t")
    assert store.documents.search(parse_query("migra*")) == [a]
    assert store.documents.search(parse_query("labour migrants")) == [a]
    assert store.documents.search(parse_query("water")) == []  # queries search the texts
    # user text is never FTS syntax: inside quotes, operators are words of the phrase
    assert store.documents.search(parse_query('"migrants) OR (terrorism"')) == []
    assert titled("water") == [a] and titled("security") == [b]
    with store.transaction():
        store.documents.update(b, title="Drones")
    assert titled("drones") == [b] and titled("security") == []
    with store.transaction():
        store.documents.delete(a)
    assert store.documents.search(parse_query("migrants")) == [] and titled("water") == []


def test_joining_without_savepoint_rolls_back_with_the_outer_transaction() -> None:
    store = Store.open_memory()
    with pytest.raises(RuntimeError), store.transaction():
        with store.transaction(savepoint=False):
            store.documents.insert(NewDocument("a", "x"), guid="g1", sha256="s1", imported_at="t")
        raise RuntimeError("outer fails")
    assert store.documents.count() == 0
    assert store.documents.search(parse_query("x")) == []


def test_a_failing_write_becomes_a_message_and_rolls_back(project_path: Path) -> None:
    store = Store.open(project_path)
    store.db.conn.execute("PRAGMA max_page_count = 40")  # a tiny "disk": writes run out of room
    with pytest.raises(ProjectFileError, match="full"), store.transaction():
        for i in range(200):
            store.documents.insert(NewDocument(f"t{i}", "word " * 400), guid=f"g{i}",
                                   sha256=f"s{i}", imported_at="t")
    assert store.documents.count() == 0 and store.integrity_ok()
    store.close()


def test_reading_indexes_migration_keeps_counts_and_serves_the_timeline(
    project_path: Path,
) -> None:
    """A file made before ``0002_reading_indexes`` gains the month column and index, and
    its per-month counts equal its per-day counts folded by hand."""
    known = schema.MIGRATIONS._migrations
    names = [m.name for m in known]
    later = known[names.index("0002_reading_indexes"):]
    del known[names.index("0002_reading_indexes"):]
    try:
        old = Store.open(project_path)
        conn = old.db.conn
        with old.transaction():
            for number, date in enumerate(["2020-01-05", "2020-01-20", "2020-02-01", None]):
                doc = insert_old_document(conn, f"d{number}", "some words here", date,
                                          guid=f"g{number}", sha256=f"s{number}")
                conn.execute("INSERT INTO tags (guid, name, color, created_at) "
                             "VALUES (?, ?, '#000000', 'now')", [f"t{number}", f"tag{number}"])
                # In SQL: the store's own inserts write columns of later migrations.
                conn.execute("INSERT INTO highlights (guid, document_id, span_start, span_end, "
                             "quote, coder, created_at, modified_at) "
                             "VALUES (?, ?, 0, 4, 'some', '', 'now', 'now')", [f"h{number}", doc])
                conn.execute("INSERT INTO highlight_tags (highlight_id, tag_id, document_id, "
                             f"document_day) SELECT h.id, 1, d.id, {DOCUMENT_DAY} FROM highlights h "
                             "JOIN documents d ON d.id = h.document_id WHERE h.guid = ?",
                             [f"h{number}"])
        assert "document_month" not in {r[1] for r in conn.execute(
            "PRAGMA table_xinfo(highlight_tags)")}
        old.close()
    finally:
        known.extend(later)
    store = Store.open(project_path)
    conn = store.db.conn
    indexes = {r[1] for r in conn.execute("PRAGMA index_list(highlight_tags)")}
    assert "highlight_tags_tag_month_day" in indexes and "highlight_tags_tag_day" not in indexes
    days = store.stats.day_cells()
    months = store.stats.day_cells(by_month=True)
    assert days == [("2020-01-05", 1, 1, 1), ("2020-01-20", 1, 1, 1), ("2020-02-01", 1, 1, 1)]
    assert months == [("2020-01", 1, 2, 2), ("2020-02", 1, 1, 1)]
    plan = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT document_month, count(*) FROM highlight_tags "
        "WHERE tag_id = 1 GROUP BY document_month"))
    assert "COVERING INDEX highlight_tags_tag_month_day" in plan and "TEMP B-TREE" not in plan
    store.close()


def test_bulk_writing_enlarges_the_page_cache_only_for_its_duration() -> None:
    store = Store.open_memory()
    conn = store.db.conn
    usual = conn.execute("PRAGMA cache_size").fetchone()[0]
    with store.bulk_writing():
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -database.BULK_CACHE_KIB
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == usual
    with pytest.raises(RuntimeError), store.bulk_writing():
        raise RuntimeError("an import failed")
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == usual
    store.close()
