"""Several processes on one project: concurrent writers all succeed or one is told the
project is busy; no write is lost; readers (and the window) see the others' commits; a
project on a network file system opens with a warning."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.services import Project
from annotator.store import Store, database
from annotator.store.filesystems import mount_type
from helpers import add_text, another_process_can_lock

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
WORDS = ("water", "security", "labour", "border", "river", "gas")


def cli(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "annotator", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def write_folder(folder: Path, count: int, prefix: str) -> Path:
    folder.mkdir()
    for index in range(count):
        words = [WORDS[(index * 7 + k) % len(WORDS)] for k in range(200)]
        if index % 3 == 0:
            words[index % 200] = "cobalt"
        if index % 4 == 0:
            words[(index * 3) % 200] = "zinc"
        text = f"{prefix} {index}\n\n" + " ".join(words) + "\n"
        (folder / f"{prefix}_{index:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def count_tag(project: Project, name: str) -> int:
    counts = {c.tag.name: c.highlights for c in project.tags.counts()}
    return counts.get(name, 0)


def matches(project: Project, word: str, source_prefix: str | None = None) -> int:
    total = 0
    for document_id in project.documents.ids("id"):
        document = project.documents.get(document_id)
        if source_prefix is None or document.source.startswith(source_prefix):
            total += len(re.findall(word, document.text, re.IGNORECASE))
    return total


def test_two_autocodes_and_an_import_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.annotator"
    first = write_folder(tmp_path / "first", 300, "first")
    code, _, err = finish(cli("import", path, first))
    assert code == 0, err
    second = write_folder(tmp_path / "second", 600, "second")
    processes = {
        "import": cli("import", path, second),
        "cobalt": cli("autocode", path, "--tag", "metal/cobalt", "--pattern", "cobalt"),
        "zinc": cli("autocode", path, "--tag", "metal/zinc", "--phrase", "zinc"),
    }
    results = {name: finish(p) for name, p in processes.items()}
    for name, (code, _, err) in results.items():
        assert code == 0 and "Traceback" not in err, (name, err)
    assert results["import"][1].startswith("Imported 600 documents, 0 duplicates")
    with Project.open(path, create=False) as project:
        assert project.store.integrity_ok()
        assert project.documents.count() == 900
        for word in ("cobalt", "zinc"):
            created = int(re.match(r"Created (\d+)", results[word][1])[1])
            # Serialised: the autocode ran before the import's batches or after them all.
            before, everything = matches(project, word, "first"), matches(project, word)
            assert count_tag(project, word) == created
            assert created in (before, everything) and before > 0
    print(f"\n[concurrency] import + 2 autocodes at once: {results['cobalt'][1].strip()} / "
          f"{results['zinc'][1].strip()}")


def test_two_processes_creating_one_project_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "new.annotator"
    a = write_folder(tmp_path / "a", 150, "a")
    b = write_folder(tmp_path / "b", 150, "b")
    results = [finish(p) for p in (cli("import", path, a), cli("import", path, b))]
    assert [r[0] for r in results] == [0, 0], [r[2] for r in results]
    with Project.open(path, create=False) as project:
        assert project.documents.count() == 300
        assert project.store.integrity_ok()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["new.annotator"]


def test_a_writer_held_past_the_busy_timeout_gets_a_clear_busy_message(tmp_path: Path) -> None:
    path = tmp_path / "busy.annotator"
    with Project.open(path) as project:
        add_text(project, "Water and cobalt.", title="one")
        with project.transaction():
            project.set_name("held")  # the write lock, held across the other's whole wait
            started = time.monotonic()
            code, out, err = finish(cli("autocode", path, "--tag", "metal", "--phrase", "cobalt"))
            waited = time.monotonic() - started
        assert code == 1
        assert out == "" and "Traceback" not in err
        assert err.count("\n") == 1 and "the project is busy" in err, err
        assert waited >= database.BUSY_TIMEOUT_MS / 1000 * 0.9  # it did wait first
        assert count_tag(project, "metal") == 0 and project.name == "held"
        # Free again: the same command now succeeds.
        code, out, err = finish(cli("autocode", path, "--tag", "metal", "--phrase", "cobalt"))
        assert code == 0 and out.startswith("Created 1 highlight "), err
        assert count_tag(project, "metal") == 1


def test_a_reader_sees_another_process_commit(tmp_path: Path) -> None:
    path = tmp_path / "read.annotator"
    folder = write_folder(tmp_path / "in", 20, "in")
    with Project.open(path) as reader:
        version = reader.data_version()
        assert reader.documents.count() == 0
        code, _, err = finish(cli("import", path, folder))
        assert code == 0, err
        assert reader.data_version() != version
        assert reader.documents.count() == 20


def test_the_window_shows_another_process_changes(qtbot, tmp_path: Path) -> None:
    from annotator.ui.app import create_main_window

    path = tmp_path / "window.annotator"
    with Project.open(path) as project:
        add_text(project, "Already here.", title="here")
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.document_model.rowCount() == 1
    assert not window.check_external_changes()
    code, _, err = finish(cli("import", path, write_folder(tmp_path / "in", 5, "in")))
    assert code == 0, err
    # The window's own once-a-second poll notices the other process's commit.
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 6, timeout=5000)
    window.close()


MOUNTS = r"""sysfs /sys sysfs rw 0 0
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /home nfs4 rw,relatime 0 0
//nas/share /mnt/team\040share cifs rw 0 0
user@host:/data /mnt/remote fuse.sshfs rw 0 0
tmpfs /mnt/remote/cache tmpfs rw 0 0
hostshare /mnt/wsl 9p rw 0 0
/dev/sdb1 /home ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("where", "kind"),
    [
        ("/var/p.annotator", "ext4"),
        ("/mnt/team share/study/p.annotator", "cifs"),
        ("/mnt/teamshare/p.annotator", "ext4"),  # a prefix of a mount point is not in it
        ("/mnt/remote/p.annotator", "fuse.sshfs"),
        ("/mnt/remote/cache/p.annotator", "tmpfs"),  # the deepest mount point wins
        ("/mnt/wsl/p.annotator", "9p"),
        ("/home/me/p.annotator", "ext4"),  # mounted over the NFS one: the later line
    ],
)
def test_mount_table_gives_the_file_system_of_a_path(where: str, kind: str) -> None:
    assert mount_type(Path(where), MOUNTS) == kind


def test_a_project_on_a_network_drive_opens_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "remote.annotator"
    assert Store.open(path).warnings == []  # a local folder (tmp_path) gives none
    monkeypatch.setattr(database, "network_filesystem", lambda _path: "nfs4")
    store = Store.open(path)
    assert len(store.warnings) == 1 and "network drive (nfs4)" in store.warnings[0]
    with store.transaction():  # a warning, not a refusal
        store.set_info("name", "still usable")
    store.close()


def test_a_second_connection_in_the_same_process_keeps_the_first_ones_locks(
    tmp_path: Path,
) -> None:
    """A background task opens its own connection beside the window's. Checking the file's
    header from Python would close a descriptor of it and drop the process's POSIX locks
    (SQLite's bookkeeping would not notice): another process could then take the file
    for itself, checkpoint and reset the WAL under the open connections."""
    path = tmp_path / "shared.annotator"
    with Project.open(path) as window_side:
        add_text(window_side, "Water and cobalt.", title="one")
        with Project.open(path, create=False) as task_side:
            assert task_side.documents.count() == 1
            assert not another_process_can_lock(path)
        add_text(window_side, "Still ours.", title="two")
        assert window_side.documents.count() == 2
    with Project.open(path, create=False) as again:  # the file is still checked on opening
        assert again.store.integrity_ok() and again.documents.count() == 2
