"""Exports to one path from several processes, and exports killed mid-write.

- Two processes export two different projects to the same file, round after round,
  starting together: both succeed, and the file is always one complete export of one of
  them (each export writes its own temporary file and renames it into place).
- An export killed with SIGKILL leaves its temporary file; the next export to that path
  removes it. An export's temporary file that is still being written (its process holds
  a lock on it) is never removed by another export's cleanup.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.exporting import export_json

ROUNDS = 12
KILLS = 3
WORDS = ("water", "security", "labour", "border", "river", "gas", "treaty", "migration")

#: Exports PROJECT to OUT through the command line each time a line arrives on stdin;
#: prints the command's own report, then ``DONE code start end`` (monotonic clock).
EXPORT_ON_DEMAND = r"""
import sys, time
from annotator.cli import main
project, out = sys.argv[1], sys.argv[2]
for _ in sys.stdin:
    start = time.monotonic()
    code = main(["export", project, out])
    print(f"DONE {code} {start} {time.monotonic()}", flush=True)
"""

#: Exports PROJECT to OUT as JSON, pausing after a few documents: prints WRITING and
#: waits for a line on stdin before writing the rest; then prints the summary.
PAUSED_EXPORT = r"""
import sys
from pathlib import Path
from annotator.services import Project
from annotator.services.exporting import export_json
project = Project.open(sys.argv[1], create=False)
iterate = project.store.documents.iterate
def pausing(with_text=True):
    for index, document in enumerate(iterate(with_text)):
        if index == 5:
            print("WRITING", flush=True)
            sys.stdin.readline()
        yield document
project.store.documents.iterate = pausing
print(export_json(project, Path(sys.argv[2])), flush=True)
"""


def env() -> dict[str, str]:
    """The environment now (the test's own data folder included)."""
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def build(path: Path, name: str, documents: int, seed: int) -> str:
    """A project of ``documents`` texts of ~20 kB; returns its JSON export's summary."""
    rng = random.Random(seed)
    with Project.open(path, coder=name) as project, project.transaction():
        project.set_name(name)
        tag, _ = project.tags.create(name)
        for index in range(documents):
            text = f"{name} {index}\n" + " ".join(rng.choice(WORDS) for _ in range(2500))
            doc = project.documents.add(NewDocument(f"{name} {index}", text)).document_id
            project.highlights.create(doc, 0, len(name), [tag])
    return f"{documents} documents, 1 tag, {documents} highlights"


def body(path: Path) -> list[str]:
    """A JSON export's lines without its time stamp (line 4); fails if not one whole,
    valid export."""
    text = path.read_text(encoding="utf-8")
    json.loads(text)
    lines = text.split("\n")
    assert lines[3].startswith('  "exported_at": '), lines[3][:80]
    del lines[3]
    return lines


def partials(out: Path) -> list[str]:
    """Temporary files of exports to ``out`` left in its folder."""
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith(f".{out.name}.partial"))


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str, list[str]]]:
    """Two different projects: name -> (path, export summary, export body)."""
    folder = tmp_path_factory.mktemp("projects")
    made = {}
    for name, count, seed in (("alpha", 260, 1), ("beta", 250, 2)):
        path = folder / f"{name}.annotator"
        summary = build(path, name, count, seed)
        reference = folder / f"{name}.json"
        with Project.open(path, create=False) as project:
            assert export_json(project, reference) == summary
        made[name] = (path, summary, body(reference))
    return made


def test_two_exports_to_one_file_give_one_whole_export(projects, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shared.json"
    workers = {name: subprocess.Popen(
        [sys.executable, "-c", EXPORT_ON_DEMAND, str(path), str(out)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env())
        for name, (path, _, _) in projects.items()}
    overlapped, winners, problems = 0, {name: 0 for name in projects}, []
    try:
        for round_ in range(ROUNDS):
            for worker in list(workers.values())[:: 1 if round_ % 2 else -1]:
                worker.stdin.write("go\n")  # type: ignore[union-attr]
                worker.stdin.flush()  # type: ignore[union-attr]
            spans, reports = {}, {}
            for name, worker in workers.items():
                said = []
                while not (line := worker.stdout.readline()).startswith("DONE"):  # type: ignore[union-attr]
                    assert line, f"{name} died: {said}"
                    said.append(line.strip())
                code, start, end = line.split()[1:]
                spans[name] = (float(start), float(end))
                reports[name] = (int(code), said)
            (a0, a1), (b0, b1) = spans.values()
            overlapped += a0 < b1 and b0 < a1
            for name, (code, said) in reports.items():
                expected = f"Exported {projects[name][1]} to {out}"
                if (code, said) != (0, [expected]):
                    problems.append(f"round {round_}: {name} said {code} {said}")
            found = body(out)
            winner = [name for name, (_, _, lines) in projects.items() if lines == found]
            assert len(winner) == 1, f"round {round_}: the file is neither export"
            winners[winner[0]] += 1
            assert partials(out) == [], f"round {round_}: temporary files left"
    finally:
        for worker in workers.values():
            worker.stdin.close()  # type: ignore[union-attr]
            worker.wait(timeout=60)
    print(f"\n[export files] {ROUNDS} rounds of two exports to one file, {overlapped} "
          f"overlapping; the file held {winners}; false or failed reports: {len(problems)}")
    assert problems == []
    assert overlapped >= ROUNDS // 4, "the two exports did not run at the same time"


def _paused(path: Path, out: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", PAUSED_EXPORT, str(path), str(out)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env())
    assert process.stdout.readline() == "WRITING\n", process.communicate()  # type: ignore[union-attr]
    return process


def _cli_export(path: Path, out: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "annotator", "export", str(path), str(out)],
                          capture_output=True, text=True, env=env(), timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def test_a_killed_exports_temporary_file_is_removed_by_the_next_export(projects, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alpha, beta = projects["alpha"], projects["beta"]
    out = tmp_path / "out.json"
    killed = _paused(alpha[0], out)
    left = partials(out)
    assert len(left) == 1
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=60)
    assert partials(out) == left and not out.exists()  # what a kill leaves
    assert _cli_export(beta[0], out) == f"Exported {beta[1]} to {out}\n"
    assert partials(out) == []
    assert body(out) == beta[2]


def test_a_running_exports_temporary_file_survives_another_export(projects, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alpha, beta = projects["alpha"], projects["beta"]
    out = tmp_path / "out.json"
    running = _paused(alpha[0], out)
    left = partials(out)
    assert _cli_export(beta[0], out) == f"Exported {beta[1]} to {out}\n"
    assert body(out) == beta[2]
    assert partials(out) == left  # still there, still being written
    out_text, err = running.communicate("go on\n", timeout=120)
    assert running.returncode == 0 and out_text == f"{alpha[1]}\n", err
    assert body(out) == alpha[2]  # the last to finish wins, whole
    assert partials(out) == []


def test_exports_killed_at_any_moment_leave_nothing_after_the_next(projects, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Real command-line exports, SIGKILLed as soon as their temporary file appears."""
    alpha, beta = projects["alpha"], projects["beta"]
    out = tmp_path / "big.json"
    landed = attempts = 0
    while landed < KILLS and attempts < 4 * KILLS:
        attempts += 1
        before = set(partials(out))
        process = subprocess.Popen(
            [sys.executable, "-m", "annotator", "export", str(alpha[0]), str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
        deadline = time.monotonic() + 60
        while set(partials(out)) <= before and process.poll() is None:
            assert time.monotonic() < deadline, "the export never started writing"
            time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = set(partials(out))
        if after - before:  # killed while writing: its temporary file is left
            landed += 1
            # It had started by removing what the kills before it left.
            assert not after & before, "an earlier leftover survived an export"
    assert landed >= 1, f"no kill landed mid-write in {attempts} attempts"
    assert partials(out) != []
    assert _cli_export(beta[0], out) == f"Exported {beta[1]} to {out}\n"
    assert partials(out) == []
    assert body(out) == beta[2]
    print(f"\n[export files] {landed} of {attempts} kills landed mid-write; "
          "the next export removed every temporary file")
