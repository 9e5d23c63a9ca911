"""Kill harness: real ``annotator`` processes SIGKILLed at random (seeded) moments.

One project lives through every run. Each run is an ``import`` of a fresh folder of
generated text files, an ``autocode`` with a fresh tag, or a scripted window session that
highlights spans and prints ``ACK doc start end`` after each apply returns. The process is
killed after a random delay (it may also finish first). After every run:

- the project opens, ``integrity_check`` is ok, ``foreign_key_check`` is empty, the
  full-text index matches the documents (FTS5 ``integrity-check``), the tag counts kept by
  triggers match the rows;
- every document is whole: its text hashes to its ``sha256`` column, has its length, and
  equals what the reader makes of its file;
- an import committed a prefix of its (sorted) files, batch by batch; if it printed its
  summary, every file it counted is there;
- an autocode committed all of its matches or none (one transaction), and if it printed
  ``Created N``, exactly N;
- every ``ACK``ed window highlight is there, with its tag; no highlight lacks a tag.

Counts (runs, kills that landed mid-run, acknowledged items checked) are printed.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from annotator.formats.readers import read_document
from annotator.services import Project, importing

SEED = 8_2026
COMMON = ("water", "security", "labour", "migration", "border", "river", "treaty", "gas")
RARE = ("cobalt", "zinc")
FILES_PER_IMPORT = 400
#: Every fourth import is larger than one batch (``importing.BATCH_FILES`` = 5000).
FILES_PER_LARGE_IMPORT = 6000
CLI_RUNS = 24
WINDOW_RUNS = 4
CREATION_KILLS = 3
TIME_BUDGET_S = 45.0
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}

WINDOW_SCRIPT = r"""
import sys
from annotator.ui.app import create_main_window

path, tag_id, word = sys.argv[1], int(sys.argv[2]), sys.argv[3]
window = create_main_window(path)
window.show()
project = window.project
print("READY", flush=True)
for document_id in project.documents.ids("id")[-60:]:
    window.open_document(document_id)
    text = project.documents.text(document_id)
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        window.editor.select_span(start, end)
        if window.editor.apply_tags([tag_id]):
            print(f"ACK {document_id} {start} {end}", flush=True)
        start = text.find(word, end + 200)
"""


@dataclass
class Tally:
    runs: int = 0
    killed: int = 0
    finished: int = 0
    acknowledged: int = 0
    partial_imports: int = 0  # killed with some but not all batches committed
    autocode_committed: int = 0  # killed after its one commit (all there)
    by_kind: dict[str, list[int]] = field(default_factory=dict)

    def count(self, kind: str, killed: bool) -> None:
        self.runs += 1
        self.killed += killed
        self.finished += not killed
        self.by_kind.setdefault(kind, [0, 0])[0 if killed else 1] += 1


def make_folder(root: Path, run: int, rng: random.Random, count: int = FILES_PER_IMPORT,
                words_max: int = 600) -> list[Path]:
    folder = root / f"run{run:02d}"
    folder.mkdir()
    files = []
    for index in range(count):
        words = [rng.choice(RARE) if rng.random() < 0.01 else rng.choice(COMMON)
                 for _ in range(rng.randint(20, words_max))]
        path = folder / f"r{run:02d}_{index:04d}.txt"
        path.write_text(f"Report {run}-{index}\n\n" + " ".join(words) + "\n", encoding="utf-8")
        files.append(path)
    return sorted(files)


def run_and_kill(args: list[str], delay: float | None) -> tuple[bool, str]:
    """Start ``args``; SIGKILL it after ``delay`` seconds unless it exits first.
    Returns (killed mid-run, stdout)."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=ENV)
    try:
        process.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        killed = True
    out, err = process.communicate(timeout=60)
    if not killed:
        assert process.returncode == 0, err
        assert "Traceback" not in err
    return killed, out


def cli(*args: object) -> list[str]:
    return [sys.executable, "-m", "annotator", *map(str, args)]


def check_invariants(path: Path) -> Project:
    """What must hold after any kill; returns the project, open (caller closes)."""
    project = Project.open(path, create=False)
    conn = project.store.db.conn
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
    for text, sha, length in conn.execute("SELECT text, sha256, length FROM documents"):
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == sha
        assert len(text) == length
    assert conn.execute(
        "SELECT count(*) FROM highlights h WHERE NOT EXISTS "
        "(SELECT 1 FROM highlight_tags t WHERE t.highlight_id = h.id)"
    ).fetchone()[0] == 0
    counted = dict(conn.execute("SELECT tag_id, highlights FROM tag_counts"))
    actual = dict(conn.execute("SELECT tag_id, count(*) FROM highlight_tags GROUP BY tag_id"))
    assert counted == actual
    return project


def check_import(path: Path, files: list[Path], killed: bool, out: str) -> int:
    with check_invariants(path) as project:
        conn = project.store.db.conn
        prefix = files[0].name[:4]
        rows = dict(conn.execute(
            "SELECT source, text FROM documents WHERE source LIKE ?", [prefix + "%"]))
    imported = sorted(rows)
    # Batches commit in file order: what is there is the first k files, whole.
    assert imported == [f.name for f in files[: len(imported)]]
    for name in imported[:: max(1, len(imported) // 40)] + imported[-1:]:
        assert rows[name] == read_document(files[0].parent / name).text
    if not killed:
        assert out.startswith(f"Imported {len(files)} documents,")
        assert len(imported) == len(files)
    summary = re.match(r"Imported (\d+) documents", out)
    if summary:  # acknowledged: every counted file is there
        assert len(imported) >= int(summary[1])
    return len(imported)


def check_autocode(path: Path, tag: str, word: str, killed: bool, out: str) -> int:
    with check_invariants(path) as project:
        conn = project.store.db.conn
        texts = [row[0] for row in conn.execute("SELECT text FROM documents")]
        expected = sum(len(re.findall(word, t, re.IGNORECASE)) for t in texts)
        found = conn.execute(
            "SELECT count(*) FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id "
            "WHERE t.name = ?", [tag]).fetchone()[0]
        tag_exists = conn.execute("SELECT count(*) FROM tags WHERE name = ?", [tag]).fetchone()[0]
    assert expected > 0
    assert found in (0, expected), f"autocode half-committed: {found} of {expected}"
    assert bool(tag_exists) == bool(found)  # the tag was created in the same transaction
    created = re.match(r"Created (\d+) highlights?", out)
    if created:  # acknowledged: new highlights plus same spans that got the tag
        tagged = re.search(r"tagged (\d+) existing", out)
        assert int(created[1]) + int(tagged[1] if tagged else 0) == found == expected
    assert killed or created
    return found


def check_window(path: Path, tag_id: int, acks: list[tuple[int, int, int]]) -> None:
    with check_invariants(path) as project:
        conn = project.store.db.conn
        present = set(conn.execute(
            "SELECT h.document_id, h.span_start, h.span_end FROM highlights h "
            "JOIN highlight_tags ht ON ht.highlight_id = h.id WHERE ht.tag_id = ?", [tag_id]))
    missing = [ack for ack in acks if ack not in present]
    assert not missing, f"acknowledged highlights lost: {missing[:5]}"


def window_session(path: Path, tag_id: int, word: str,
                   delay: float | None) -> tuple[bool, list, float]:
    """Run the scripted window; kill it ``delay`` seconds after it is ready (``None``: let
    it finish). Returns whether it was killed, its ACKs, and its seconds after ready."""
    process = subprocess.Popen(
        [sys.executable, "-c", WINDOW_SCRIPT, str(path), str(tag_id), word],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("READY"):
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert ready.wait(timeout=60), "the window never became ready"
    ready_at = time.monotonic()
    try:
        process.wait(timeout=delay if delay is not None else 120)
        killed = False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        killed = True
    process.wait(timeout=60)
    seconds = time.monotonic() - ready_at
    reader.join(timeout=60)
    err = process.stderr.read() if process.stderr else ""
    if not killed:
        assert process.returncode == 0 and "Traceback" not in err, err
    acks = [tuple(map(int, line.split()[1:])) for line in lines if line.startswith("ACK ")]
    return killed, acks, seconds


def test_creating_a_project_survives_a_kill(tmp_path: Path) -> None:
    """Killed while creating the project: afterwards the path is absent or a whole project."""
    rng = random.Random(SEED)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A short text about water.\n", encoding="utf-8")
    outcomes = []
    for attempt in range(CREATION_KILLS):
        path = tmp_path / f"new{attempt}.annotator"
        killed, _ = run_and_kill(cli("import", path, folder), rng.uniform(0.15, 0.35))
        outcomes.append(killed)
        if path.exists():
            check_invariants(path).close()
        # The folder holds nothing half-made under the project's own name.
        assert not [p for p in tmp_path.iterdir() if p.name == path.name and p.stat().st_size == 0]
    print(f"\n[kill] creation: {len(outcomes)} runs, {sum(outcomes)} killed mid-run")


def test_import_autocode_and_window_survive_sigkill(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    path = tmp_path / "killed.annotator"
    tally = Tally()
    started = time.monotonic()

    # Calibrate: one import and one autocode that are not killed (they also seed the project).
    files = make_folder(tmp_path, 0, rng)
    begun = time.monotonic()
    killed, out = run_and_kill(cli("import", path, files[0].parent), None)
    import_seconds = time.monotonic() - begun
    check_import(path, files, killed, out)
    assert FILES_PER_LARGE_IMPORT > importing.BATCH_FILES  # kills can fall between batches
    files = make_folder(tmp_path, 99, rng, FILES_PER_LARGE_IMPORT, 60)
    begun = time.monotonic()
    killed, out = run_and_kill(cli("import", path, files[0].parent), None)
    large_seconds = time.monotonic() - begun
    check_import(path, files, killed, out)
    begun = time.monotonic()
    killed, out = run_and_kill(cli("autocode", path, "--tag", "k00", "--pattern", "cobalt"), None)
    autocode_seconds = time.monotonic() - begun
    check_autocode(path, "k00", "cobalt", killed, out)
    tally.count("calibration", False)
    tally.count("calibration", False)

    for run in range(1, CLI_RUNS + 1):
        if time.monotonic() - started > TIME_BUDGET_S * 0.7:
            break
        if run % 3:
            large = run % 4 == 1
            files = make_folder(tmp_path, run, rng, *(
                (FILES_PER_LARGE_IMPORT, 60) if large else (FILES_PER_IMPORT, 600)))
            delay = rng.uniform(0.05, (large_seconds if large else import_seconds) * 1.2)
            killed, out = run_and_kill(cli("import", path, files[0].parent), delay)
            imported = check_import(path, files, killed, out)
            tally.partial_imports += 0 < imported < len(files)
            tally.count("import", killed)
        else:
            tag, word = f"k{run:02d}", rng.choice(RARE)
            delay = rng.uniform(0.05, autocode_seconds * 1.3)
            killed, out = run_and_kill(cli("autocode", path, "--tag", tag, "--pattern", word),
                                       delay)
            found = check_autocode(path, tag, word, killed, out)
            tally.autocode_committed += killed and found > 0
            tally.count("autocode", killed)

    # The first window session runs to its end, to learn how long one takes; the others
    # are killed within that time (at least two run whatever the budget says, so that a
    # slow machine still kills one).
    window_seconds: float | None = None
    for run in range(WINDOW_RUNS):
        if run >= 2 and time.monotonic() - started > TIME_BUDGET_S:
            break
        with Project.open(path, create=False) as project:
            tag_id, _ = project.tags.create(f"w{run}")
        delay = None if window_seconds is None else rng.uniform(0.05, window_seconds * 0.8)
        killed, acks, seconds = window_session(path, tag_id, rng.choice(COMMON), delay)
        window_seconds = window_seconds or seconds
        check_window(path, tag_id, acks)
        tally.acknowledged += len(acks)
        tally.count("window", killed)

    elapsed = time.monotonic() - started
    print(f"\n[kill] {tally.runs} runs, {tally.killed} killed mid-run, {tally.finished} finished; "
          f"by kind [killed, finished]: {tally.by_kind}; window ACKs checked: "
          f"{tally.acknowledged}; imports cut between batches: {tally.partial_imports}; "
          f"autocodes killed after their commit: {tally.autocode_committed}; {elapsed:.1f} s")
    # The harness must have actually tried: most runs died mid-way, of every kind.
    assert tally.killed >= 12, tally
    assert all(tally.by_kind.get(kind, [0])[0] >= 1 for kind in ("import", "autocode", "window"))
    assert tally.acknowledged > 0


@pytest.fixture(autouse=True)
def _posix_only() -> None:
    assert hasattr(signal, "SIGKILL"), "the kill harness needs POSIX signals"
