"""``annotator import PROJECT OTHER.annotator``: two coders' projects made with the command
line (``--coder``), merged; the summary names each coder's highlights; a bad file is one
line on stderr, exit 1, the project unchanged."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from annotator.cli import main
from helpers import SEED


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def coded_by(tmp_path: Path, capsys: pytest.CaptureFixture[str], coder: str,
             phrases: list[str]) -> Path:
    path = tmp_path / f"{coder}.annotator"
    assert run(capsys, "import", path, SEED)[0] == 0
    for phrase in phrases:
        code, _, err = run(capsys, "--coder", coder, "autocode", path, "--tag", phrase,
                           "--phrase", phrase)
        assert code == 0, err
    return path


def coders_in_export(capsys: pytest.CaptureFixture[str], project: Path, out: Path) -> Counter[str]:
    assert run(capsys, "export", project, out)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    return Counter(a["coder"] for a in data["annotations"])


def test_two_coders_projects_merge_with_each_coder_counted(tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           capsys) -> None:
    text = SEED.read_text(encoding="utf-8").lower()
    alice = coded_by(tmp_path, capsys, "alice", ["water", "security"])
    bob = coded_by(tmp_path, capsys, "bob", ["water", "migration"])
    water, migration = text.count("water"), len(re.findall("migration", text))
    code, out, err = run(capsys, "import", alice, bob)
    assert (code, err) == (0, "")
    assert out == (f"Merged bob.annotator: 0 documents, 1 tag, {water + migration} highlights "
                   f"(bob {water + migration}); 1 document, 1 tag already present.\n")
    assert coders_in_export(capsys, alice, tmp_path / "merged.json") == Counter(
        alice=water + text.count("security"), bob=water + migration)
    code, out, _ = run(capsys, "import", alice, bob)
    assert out.startswith("Merged bob.annotator: nothing new; ")


def test_a_bad_project_file_is_one_line_and_exit_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    alice = coded_by(tmp_path, capsys, "alice", ["water"])
    bad = tmp_path / "broken.annotator"
    bad.write_bytes(alice.read_bytes()[:1000])
    before = coders_in_export(capsys, alice, tmp_path / "before.json")
    code, _, err = run(capsys, "import", alice, bad)
    assert code == 1
    assert err.splitlines() == [f"failed: {bad}: the project file is damaged (it is truncated: "
                                "1000 bytes is not a whole number of 4096-byte pages)"]
    code, _, err = run(capsys, "import", alice, alice)
    assert code == 1 and err.splitlines() == [
        f"failed: {alice}: this is the project being merged into; a project cannot be merged "
        "into itself"]
    assert coders_in_export(capsys, alice, tmp_path / "after.json") == before
    assert (tmp_path / "before.json").read_text(encoding="utf-8").split('"tags"')[1] == (
        tmp_path / "after.json").read_text(encoding="utf-8").split('"tags"')[1]
