"""``Store.read_snapshot``: one read transaction, fixed at entry, nesting with transactions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store import Store


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two connections on one project file: a reader and a writer."""
    path = tmp_path / "p.annotator"
    reader, writer = Store.open(path), Store.open(path)
    try:
        yield reader, writer
    finally:
        reader.close()
        writer.close()


def set_name(store: Store, name: str) -> None:
    with store.transaction():
        store.set_info("name", name)


def test_commits_made_during_the_block_are_unseen_until_it_ends(two: tuple[Store, Store]) -> None:
    reader, writer = two
    set_name(writer, "before")
    with reader.read_snapshot():
        assert reader.info("name") == "before"
        set_name(writer, "during")
        assert reader.info("name") == "before"
        assert reader.tags.all() == []
        with writer.transaction():
            writer.tags.insert("new", guid="g", color="#000000", created_at="2026-01-01T00:00:00Z")
        assert reader.tags.all() == []
    assert reader.info("name") == "during"
    assert [t.name for t in reader.tags.all()] == ["new"]


def test_the_snapshot_is_fixed_on_entry_before_the_block_reads(two: tuple[Store, Store]) -> None:
    reader, writer = two
    set_name(writer, "before")
    with reader.read_snapshot():
        set_name(writer, "after")  # before the block's own first read
        assert reader.info("name") == "before"
    assert reader.info("name") == "after"


def test_nested_blocks_join_the_outer_one(two: tuple[Store, Store]) -> None:
    reader, writer = two
    set_name(writer, "before")
    with reader.read_snapshot():
        with reader.read_snapshot():
            set_name(writer, "after")
        assert reader.db.conn.in_transaction  # the inner block did not end the snapshot
        assert reader.info("name") == "before"
    assert not reader.db.conn.in_transaction
    with reader.transaction():
        reader.set_info("name", "mine")
        with reader.read_snapshot():  # a write transaction is already one snapshot
            assert reader.info("name") == "mine"
        assert reader.db.conn.in_transaction
    assert writer.info("name") == "mine"


def test_writing_inside_a_snapshot_is_refused_and_the_snapshot_still_ends(
        two: tuple[Store, Store]) -> None:
    reader, _ = two
    with pytest.raises(RuntimeError, match="read_snapshot"), reader.read_snapshot(), \
            reader.transaction():
        reader.set_info("name", "never")
    assert not reader.db.conn.in_transaction
    assert reader.info("name") == ""
    set_name(reader, "fine")  # the store is usable afterwards
    assert reader.info("name") == "fine"


def test_an_error_inside_ends_the_snapshot(two: tuple[Store, Store]) -> None:
    reader, writer = two
    with pytest.raises(KeyError), reader.read_snapshot():
        cursor = reader.db.conn.execute("SELECT key FROM project_info")
        cursor.fetchone()  # a statement still running when the block fails
        raise KeyError("boom")
    assert not reader.db.conn.in_transaction
    set_name(writer, "later")
    assert reader.info("name") == "later"


def test_a_memory_store_takes_snapshots_too() -> None:
    store = Store.open_memory()
    try:
        with store.read_snapshot():
            assert store.db.conn.in_transaction
            assert store.tags.all() == []
        assert not store.db.conn.in_transaction
    finally:
        store.close()
