"""``annotator autocode ... --context``: the unit coded for each match, from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli import main
from helpers import SEED


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "sample.annotator"
    assert run(capsys, "import", path, SEED)[0] == 0
    return path


def exported(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    out = tmp_path / "out.json"
    assert run(capsys, "export", path, out)[0] == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_paragraph_context_codes_each_line_with_a_match(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED.read_text(encoding="utf-8")
    matches = len(re.findall("security", text, re.IGNORECASE))
    lines = [line.strip() for line in text.split("\n") if "security" in line.lower()]
    code, out, err = run(capsys, "autocode", sample, "--tag", "sec", "--phrase", "security",
                         "--context", "paragraph")
    assert code == 0, err
    assert out == (f"Created {len(lines)} highlights with tag 'sec' for {matches} matches "
                   "in 1 document.\n")
    data = exported(sample, tmp_path, capsys)
    assert sorted(a["quote"] for a in data["annotations"]) == sorted(lines)
    code, out, _ = run(capsys, "autocode", sample, "--tag", "sec", "--phrase", "security",
                       "--context", "sentence")
    assert code == 0 and out.endswith(f"skipped {matches} already tagged.\n")


def test_document_context_after_sentences_merges_into_one_highlight(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "autocode", sample, "--tag", "water", "--phrase", "water", "--context", "sentence")
    sentences = len(exported(sample, tmp_path, capsys)["annotations"])
    code, out, _ = run(capsys, "autocode", sample, "--tag", "water", "--pattern", "drought|water",
                       "--context", "document")
    assert code == 0 and f"merged {sentences - 1} into others" in out and "extended 1 existing" in out
    [whole] = exported(sample, tmp_path, capsys)["annotations"]
    assert whole["quote"] == SEED.read_text(encoding="utf-8").strip()


def test_an_unknown_context_is_a_usage_error(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sample.read_bytes()
    with pytest.raises(SystemExit) as usage:
        main(["autocode", str(sample), "--tag", "t", "--phrase", "x", "--context", "chapter"])
    err = capsys.readouterr().err
    assert usage.value.code == 2 and "Traceback" not in err
    assert err.splitlines()[-1].endswith(
        "argument --context: invalid choice: 'chapter' (choose from 'match', 'sentence', "
        "'paragraph', 'document')")
    assert sample.read_bytes() == before
