"""Merging a colleague's project while another process has it open and keeps writing:
the merge reads what that process committed (still in its ``-wal``), leaves its ``-wal``
and ``-shm`` in place, and the other process goes on working on the same file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.importing import import_paths
from helpers import SEED, another_process_can_lock

SRC = Path(__file__).resolve().parents[2] / "src"

#: The colleague's process: opens the project, codes "water" once (committed; it stays
#: in the -wal while the connection is open), says so, then codes "security" when told,
#: and reports every quote it sees.
COLLEAGUE = """
import json, sys
from annotator.services import Project
with Project.open(sys.argv[1], create=False, coder="bob") as project:
    (document,) = project.documents.ids()
    text = project.store.documents.text(document)
    tag, _ = project.tags.create("water")
    start = text.find("water")
    project.highlights.create(document, start, start + 5, [tag])
    print("ready", flush=True)
    sys.stdin.readline()
    start = text.find("security")
    project.highlights.create(document, start, start + 8, [tag])
    quotes = sorted(h.quote for h in project.highlights.for_document(document))
    print(json.dumps({"quotes": quotes, "fork": project.file_problem()}), flush=True)
"""


def test_merging_a_project_another_process_writes_to(tmp_path: Path) -> None:
    bob, alice = tmp_path / "bob.annotator", tmp_path / "alice.annotator"
    for path in (bob, alice):
        with Project.open(path) as project:
            project.documents.add(NewDocument("Seed", SEED.read_text(encoding="utf-8"), None,
                                              SEED.name, {}))
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    colleague = subprocess.Popen([sys.executable, "-c", COLLEAGUE, str(bob)], env=env,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert colleague.stdout is not None and colleague.stdin is not None
        assert colleague.stdout.readline() == "ready\n"
        wal_before = os.stat(f"{bob}-wal")
        with Project.open(alice, coder="alice") as project:
            report = import_paths(project, [bob])
            assert not report.failed, report.failed
            quotes = [(h.quote, h.coder) for h in project.store.highlights.iterate()]
        assert quotes == [("water", "bob")]
        wal_after = os.stat(f"{bob}-wal")
        assert (wal_after.st_ino, wal_after.st_size) == (wal_before.st_ino, wal_before.st_size)
        assert os.path.exists(f"{bob}-shm")
        assert not another_process_can_lock(bob)  # the colleague still has it open
        colleague.stdin.write("go on\n")
        colleague.stdin.flush()
        seen = json.loads(colleague.stdout.readline())
        assert seen == {"quotes": ["security", "water"], "fork": None}
        assert colleague.wait(timeout=30) == 0
    finally:
        if colleague.poll() is None:
            colleague.kill()
            colleague.wait()
    with Project.open(bob, create=False) as project:
        assert sorted(h.quote for h in project.store.highlights.iterate()) == ["security",
                                                                               "water"]
        assert project.store.integrity_ok()
