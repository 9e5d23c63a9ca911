"""What a project file still needs before this version opens it, read without writing:
the file is left byte for byte, with no ``-wal`` or ``-shm`` beside it."""

from __future__ import annotations

from pathlib import Path

from annotator.services import Project
from annotator.services.project_files import upgrades_needed
from helpers import older_file


def untouched(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def test_an_older_file_lists_the_upgrades_it_needs_and_is_left_as_it_was(tmp_path: Path
                                                                          ) -> None:
    path = tmp_path / "old.annotator"
    later = older_file(path, "0007_highlight_modified_by")
    assert later  # (this version has migrations past it)
    before = untouched(path)
    assert upgrades_needed(path) == later
    assert untouched(path) == before
    with Project.open(path, create=False):
        pass
    assert upgrades_needed(path) == []


def test_current_missing_and_foreign_files_need_nothing(tmp_path: Path) -> None:
    current = tmp_path / "current.annotator"
    Project.open(current).close()
    foreign = tmp_path / "notes.annotator"
    foreign.write_bytes(b"not a database at all\n" * 100)
    empty = tmp_path / "empty.annotator"
    empty.write_bytes(b"")
    for path in (current, foreign, empty, tmp_path / "missing.annotator"):
        assert upgrades_needed(path) == [], path.name
    assert not (tmp_path / "missing.annotator").exists()
    assert foreign.read_bytes() == b"not a database at all\n" * 100
