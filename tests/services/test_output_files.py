"""``atomic_file``: a temporary file of its own per export, locked while written; the
cleanup of leftovers takes only unlocked files whose names match exactly."""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path

import pytest

from annotator.domain.errors import UserError
from annotator.services import Project, output_files
from annotator.services.exporting import export_json
from annotator.services.output_files import atomic_file, remove_stale_partials


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if ".partial" in p.name)


def test_the_file_appears_whole_and_its_temporary_file_is_its_own(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with atomic_file(out) as handle:
        handle.write("first")
        handle.flush()
        (name,) = leftovers(out)
        assert re.fullmatch(r"\.out\.txt\.partial-[0-9a-f]{16}", name)
        assert not out.exists()
    assert out.read_text(encoding="utf-8") == "first"
    assert leftovers(out) == []


def test_a_failed_export_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    out.write_bytes(b"old")
    with pytest.raises(KeyError), atomic_file(out, binary=True) as handle:
        handle.write(b"new, half")
        raise KeyError("boom")
    assert out.read_bytes() == b"old"
    assert leftovers(out) == []


def test_two_exports_to_one_path_in_one_process_do_not_touch_each_other(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with atomic_file(out) as outer:
        outer.write("outer")
        with atomic_file(out) as inner:  # its cleanup must spare the outer one's file
            inner.write("inner")
            assert len(leftovers(out)) == 2
        assert out.read_text(encoding="utf-8") == "inner"
        assert len(leftovers(out)) == 1
    assert out.read_text(encoding="utf-8") == "outer"  # the last to finish wins
    assert leftovers(out) == []


def test_cleanup_removes_only_abandoned_files_of_this_exact_target(tmp_path: Path) -> None:
    out = tmp_path / "data.json"
    names = {
        "abandoned": ".data.json.partial-0123456789abcdef",
        "old_style": ".data.json.partial",
        "locked": ".data.json.partial-fedcba9876543210",
        "other_target": ".data.json.bak.partial-0123456789abcdef",
        "not_ours": ".data.json.partial-notes",
        "no_dot": "data.json.partial-0123456789abcdef",
    }
    for name in names.values():
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".data.json.partial-1111111111111111").mkdir()
    os.symlink(tmp_path / names["not_ours"], tmp_path / ".data.json.partial-2222222222222222")
    with (tmp_path / names["locked"]).open("r+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # a running export's file
        removed = remove_stale_partials(out)
        assert (tmp_path / names["locked"]).exists()
    assert sorted(removed) == sorted([names["abandoned"], names["old_style"]])
    remaining = {p.name for p in tmp_path.iterdir()}
    assert remaining == set(names.values()) - set(removed) | {
        ".data.json.partial-1111111111111111", ".data.json.partial-2222222222222222"}
    assert remove_stale_partials(out) == [names["locked"]]  # its lock is gone now


def test_a_temporary_file_removed_before_it_was_locked_is_made_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another export's cleanup can lock and remove a file in the instant between its
    creation and its creator's lock; the creator then starts again under a new name."""
    out = tmp_path / "out.txt"
    lock = output_files._locked
    taken: list[str] = []

    def cleanup_gets_there_first(descriptor: int, *, wait: bool) -> bool | None:
        if not taken:
            (name,) = leftovers(out)
            taken.append(name)
            (tmp_path / name).unlink()
        return lock(descriptor, wait=wait)

    monkeypatch.setattr(output_files, "_locked", cleanup_gets_there_first)
    with atomic_file(out) as handle:
        handle.write("whole")
        assert leftovers(out) != taken and len(leftovers(out)) == 1
    assert out.read_text(encoding="utf-8") == "whole"
    assert leftovers(out) == []


def test_an_export_refuses_to_replace_an_open_project(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.open(path) as project:
        project.tags.create("kept")
        for target, says in ((path, "is an open project"),
                             (Path(f"{path}-wal"), "belongs to an open project"),
                             (Path(f"{path}-shm"), "belongs to an open project")):
            with pytest.raises(UserError, match=re.escape(f"{target}: {says}")):
                export_json(project, target)
        assert leftovers(path) == []
    with Project.open(path, create=False) as again:
        assert [t.name for t in again.tags.all()] == ["kept"]


def test_a_folder_or_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"), atomic_file(tmp_path):
        pass
    with pytest.raises(UserError, match="does not exist"), \
            atomic_file(tmp_path / "nowhere" / "out.json"):
        pass
