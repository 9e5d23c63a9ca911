"""Damaged and foreign files: one clear refusal each, and the file is never changed.

Damage is made to a real project (documents long enough to need overflow pages, no free
pages), so that every byte overwritten belongs to a page in use. What structure checks
cannot see (bytes changed inside a document's text) is out of reach of any cheap check and
not claimed here.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.errors import ProjectFileError
from annotator.services import Project
from annotator.store import Store
from helpers import REPO, add_text

SEED = 20261126
WORDS = ("water", "security", "labour", "migration", "border", "river", "treaty", "drone")
REFUSED: list[str] = []  # reasons seen, printed at the end of the module


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a closed, checkpointed project: 80 documents and their highlights."""
    path = tmp_path_factory.mktemp("healthy") / "healthy.annotator"
    rng = random.Random(SEED)
    with Project.open(path, coder="tester") as project, project.transaction():
        tag, _ = project.tags.create("water")
        for index in range(80):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 2500)))
            document = add_text(project, text, title=f"Document {index}")
            project.highlights.create(document, 0, 5, [tag])
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")  # FTS merges leave free pages, whose bytes nobody reads
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 4096
    conn.close()
    return path.read_bytes()


def refuse_unchanged(path: Path, expected: str) -> str:
    """Open ``path`` three ways (Store, Project creating, the CLI importing into it): each
    must refuse with ``expected`` in the reason, and the file must keep every byte."""
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(ProjectFileError) as caught:
        Store.open(path, create=False)
    assert expected in caught.value.reason
    with pytest.raises(ProjectFileError):
        Project.open(path, create=True)
    if before is not None:
        assert path.read_bytes() == before
    REFUSED.append(caught.value.reason)
    return str(caught.value)


def check_cli(path: Path, capsys: pytest.CaptureFixture[str], expected: str) -> None:
    before = path.read_bytes() if path.is_file() else None
    assert main(["import", str(path), str(REPO / "seeds")]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and str(path) in lines[0], captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    if before is not None:
        assert path.read_bytes() == before


@pytest.mark.parametrize(
    "cut", [1, 10, 50, 99, 100, 4096, lambda n: n // 2, lambda n: n - 4096, lambda n: n - 1,
            lambda n: n - 4096 * 7 - 100],
    ids=["1B", "10B", "50B", "99B", "100B", "1page", "half", "lastpage", "1byte", "odd"],
)
def test_truncated_project_is_refused_as_damaged_and_left_alone(
    healthy: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    cut: int | Callable[[int], int],
) -> None:
    size = cut if isinstance(cut, int) else cut(len(healthy))
    path = tmp_path / "cut.annotator"
    path.write_bytes(healthy[:size])
    message = refuse_unchanged(path, "damaged")
    assert "truncated" in message
    check_cli(path, capsys, "damaged")


@pytest.mark.parametrize("trial", range(12))
def test_overwritten_page_is_refused_as_damaged_and_left_alone(
    healthy: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], trial: int
) -> None:
    rng = random.Random(SEED + trial)
    pages = len(healthy) // 4096
    page = rng.randint(2, pages)  # page 1 (the header) has its own tests
    length = (16, 64, 512, 4096)[trial % 4]
    data = bytearray(healthy)
    start = (page - 1) * 4096
    data[start : start + length] = rng.randbytes(length)
    path = tmp_path / "overwritten.annotator"
    path.write_bytes(bytes(data))
    message = refuse_unchanged(path, "damaged")
    assert "the project file is damaged" in message
    check_cli(path, capsys, "damaged")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "damaged (it is empty"),
        (b"just some notes\n" * 40, "not an SQLite database"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 84 + b"\x00" * 3996, "damaged"),
    ],
    ids=["zero-bytes", "text", "png", "bad-header"],
)
def test_not_a_project_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    path = tmp_path / "strange.annotator"
    path.write_bytes(content)
    refuse_unchanged(path, expected)
    check_cli(path, capsys, expected)
    assert path.read_bytes() == content


@pytest.mark.parametrize("application_id", [0, 0x12345678])
def test_another_applications_database_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], application_id: int
) -> None:
    path = tmp_path / "contacts.db"
    other = sqlite3.connect(path)
    other.execute(f"PRAGMA application_id = {application_id}")
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.execute("INSERT INTO contacts VALUES ('Ada')")
    other.commit()
    other.close()
    refuse_unchanged(path, "another application")
    check_cli(path, capsys, "another application")
    kept = sqlite3.connect(path)
    assert kept.execute("SELECT name FROM contacts").fetchall() == [("Ada",)]
    kept.close()


def test_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder.annotator"
    folder.mkdir()
    refuse_unchanged(folder, "is a folder")
    check_cli(folder, capsys, "is a folder")
    assert list(folder.iterdir()) == []


def test_the_real_command_prints_one_line_and_exits_1(healthy: bytes, tmp_path: Path) -> None:
    path = tmp_path / "cut.annotator"
    path.write_bytes(healthy[: len(healthy) // 3])
    done = subprocess.run([sys.executable, "-m", "annotator", "tags", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "the project file is damaged" in done.stderr
    assert path.read_bytes() == healthy[: len(healthy) // 3]


def test_a_healthy_copy_still_opens(healthy: bytes, tmp_path: Path) -> None:
    """The checks do not refuse good files (the fixture itself is what was damaged above)."""
    path = tmp_path / "copy.annotator"
    path.write_bytes(healthy)
    with Project.open(path, create=False) as project:
        assert project.documents.count() == 80
        assert project.store.integrity_ok()
        assert project.store.warnings == []


def test_a_new_project_never_appears_half_created(tmp_path: Path) -> None:
    """Creation goes through a temporary file linked into place: the project path holds a
    complete, checkpointed project at once, and nothing else is left in the folder."""
    path = tmp_path / "new.annotator"
    with Project.open(path) as project:
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names[0] == "new.annotator" and all(n.startswith("new.annotator") for n in names)
        assert project.store.integrity_ok()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x416E6E6F
    conn.close()


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    """Prints how many inputs were refused once the module is done (``pytest -s``)."""
    yield
    print(f"\n[damaged files] inputs refused: {len(REFUSED)}, distinct reasons: "
          f"{len({r.split(' (')[0] for r in REFUSED})}")
