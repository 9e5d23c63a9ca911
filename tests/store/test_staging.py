"""A staged project file is linked into place only if nothing is there, and never half."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from annotator.store import Store
from annotator.store.staging import discard_staged, publish_staged, staging_path


def staged_store(final: Path) -> tuple[Path, Store]:
    staged = staging_path(final)
    store = Store.open(staged)
    with store.transaction():
        store.set_info("name", "staged")
    return staged, store


def test_the_staged_name_is_hidden_beside_the_final_one(tmp_path: Path) -> None:
    final = tmp_path / "study.annotator"
    first, second = staging_path(final), staging_path(final)
    assert first.parent == tmp_path and first.name.startswith(".study.annotator.importing-")
    assert first != second


def test_publishing_links_the_closed_file_and_removes_the_staged_name(tmp_path: Path) -> None:
    final = tmp_path / "study.annotator"
    staged, store = staged_store(final)
    store.close()
    assert publish_staged(staged, final)
    assert sorted(os.listdir(tmp_path)) == ["study.annotator"]
    store = Store.open(final, create=False)
    assert store.info("name") == "staged"
    store.close()


def test_a_file_already_at_the_final_path_is_kept(tmp_path: Path) -> None:
    final = tmp_path / "study.annotator"
    final.write_bytes(b"theirs")
    staged, store = staged_store(final)
    store.close()
    assert not publish_staged(staged, final)
    assert final.read_bytes() == b"theirs"
    assert sorted(os.listdir(tmp_path)) == ["study.annotator"]


@pytest.mark.parametrize("theirs", [False, True])
def test_without_hard_links_the_file_is_renamed_unless_the_path_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theirs: bool
) -> None:
    final = tmp_path / "study.annotator"
    if theirs:
        final.write_bytes(b"theirs")
    staged, store = staged_store(final)
    store.close()

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    assert publish_staged(staged, final) is not theirs
    assert sorted(os.listdir(tmp_path)) == ["study.annotator"]
    assert (final.read_bytes() == b"theirs") is theirs


def test_a_file_still_open_is_not_published(tmp_path: Path) -> None:
    final = tmp_path / "study.annotator"
    staged, store = staged_store(final)  # open: its last commit is only in the WAL
    try:
        with pytest.raises(OSError) as raised:
            publish_staged(staged, final)
        assert raised.value.errno == errno.EBUSY
        assert not final.exists()
    finally:
        store.close()
    discard_staged(staged)
    assert os.listdir(tmp_path) == []


def test_discarding_removes_the_file_and_its_companions(tmp_path: Path) -> None:
    staged = staging_path(tmp_path / "study.annotator")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{staged}{suffix}").write_bytes(b"x")
    discard_staged(staged)
    discard_staged(staged)  # nothing left: no error either
    assert os.listdir(tmp_path) == []
