"""``annotator memos`` and ``annotator export --format memos-csv``, run as a user would."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import Project
from memo_scenarios import memos_of_every_kind


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def memo_project(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "memos.annotator"
    with Project.open(path, coder="ana") as project:
        ids = memos_of_every_kind(project)
    return path, ids


def test_json_lists_every_memo_with_its_place(memo_project, capsys) -> None:  # type: ignore[no-untyped-def]
    path, ids = memo_project
    code, out, err = run(capsys, "memos", path, "--format", "json")
    assert code == 0 and err == ""
    records = json.loads(out)
    with Project.open(path, create=False) as project:
        memos = {m.id: m for m in project.memos.select()}
    assert [r["memo_id"] for r in records] == list(memos)  # in the list order
    for record in records:
        memo = memos[record["memo_id"]]
        assert (record["kind"], record["text"], record["author"], record["start"],
                record["end"], record["quote"], record["guid"]) == (
            memo.kind, memo.text, memo.author, memo.start, memo.end, memo.quote, memo.guid)
    assert {r["kind"] for r in records if r["document_id"] == ids["doc"]} == {
        "document", "highlight", "span"}


@pytest.mark.parametrize(("argv", "kinds"), [
    (["--kind", "span"], ["span", "span", "span"]),
    (["--kind", "project,tag"], ["project", "tag"]),
    (["--kind", "tag", "--kind", "document"], ["document", "tag"]),
    (["--author", "boris"], ["span", "span"]),
    (["--search", "SECURITY"], ["highlight", "project"]),
    (["--tag", "security"], ["highlight"]),
    (["--tag", "security/borders"], ["tag"]),
])
def test_filters(memo_project, capsys, argv: list[str], kinds: list[str]) -> None:  # type: ignore[no-untyped-def]
    path, _ = memo_project
    code, out, _ = run(capsys, "memos", path, "--format", "csv", *argv)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(r["kind"] for r in rows) == kinds


def test_document_filter_and_table(memo_project, capsys) -> None:  # type: ignore[no-untyped-def]
    path, ids = memo_project
    code, out, _ = run(capsys, "memos", path, "--document", ids["other"])
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["id", "kind", "place"]
    assert len(lines) == 2 and "span" in lines[1] and "(empty)" in lines[1]
    code, out, _ = run(capsys, "memos", path, "--search", "no such words")
    assert (code, out) == (0, "No memos match.\n")


def test_bad_usage_is_one_line(memo_project, capsys) -> None:  # type: ignore[no-untyped-def]
    path, _ = memo_project
    with pytest.raises(SystemExit) as stopped:
        main(["memos", str(path), "--kind", "free"])
    _, err = capsys.readouterr()
    assert stopped.value.code == 2 and len(err.strip().splitlines()) == 1
    assert "'free': a kind is one of project, document, tag, highlight, span" in err
    for argv, message in ((["--tag", "nothing"], "no tag called 'nothing'"),
                          (["--document", "99"], "no document with id 99")):
        code, out, err = run(capsys, "memos", path, *argv)
        assert (code, out) == (1, "") and err == f"annotator: {message}\n"


def test_export_memos_csv(memo_project, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = memo_project
    out = tmp_path / "memos.csv"
    code, printed, _ = run(capsys, "export", path, out, "--format", "memos-csv")
    assert (code, printed) == (0, f"Exported 7 memos to {out}\n")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    code, listed, _ = run(capsys, "memos", path, "--format", "csv")
    assert rows == list(csv.DictReader(io.StringIO(listed)))
    assert len(rows) == 7
