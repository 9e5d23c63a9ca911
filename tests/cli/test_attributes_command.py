"""``annotator attributes``: what it prints about rows that named no document or several,
and its exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Three text files, two of them called ``same.txt`` in different folders."""
    folders = [tmp_path / "files" / name for name in ("x", "y")]
    for folder in folders:
        folder.mkdir(parents=True)
    (folders[0] / "same.txt").write_text("The first same file.", encoding="utf-8")
    (folders[1] / "same.txt").write_text("The second same file.", encoding="utf-8")
    (folders[0] / "alone.txt").write_text("The file alone.", encoding="utf-8")
    path = tmp_path / "p.annotator"
    assert run(capsys, "import", path, tmp_path / "files")[0] == 0
    return path


def documents(capsys: pytest.CaptureFixture[str], project: Path) -> dict[str, dict]:
    _, out, _ = run(capsys, "documents", project, "--format", "json")
    return {f"{d['source']}:{d['id']}": d["attributes"] for d in json.loads(out)}


def test_rows_that_name_nothing_or_several_are_listed(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "vars.tsv"
    missing = [f"gone-{n}.txt" for n in range(25)]
    table.write_text("file\twave\nalone.txt\t1\nsame.txt\t2\n"
                     + "".join(f"{name}\t3\n" for name in missing) + "\t4\n", encoding="utf-8")
    code, out, err = run(capsys, "attributes", project, table)
    assert code == 0
    assert out == ("Matched 1 of 28 rows to documents by file name (column 'file').\n"
                   "Set 1 variable (wave); 1 document changed.\n")
    lines = err.splitlines()
    ids = sorted(int(key.split(":")[1]) for key in documents(capsys, project)
                 if key.startswith("same.txt"))
    assert lines[0] == (f"annotator: {table}: row 3: 'same.txt' names 2 documents "
                        f"(ids {ids[0]}, {ids[1]}); nothing was set")
    assert lines[1:20] == [f"annotator: {table}: row {4 + n}: {name!r} names no document"
                           for n, name in enumerate(missing[:19])]
    assert lines[20:] == [f"annotator: {table}: 7 more rows named no document or several"]
    assert [attributes for key, attributes in sorted(documents(capsys, project).items())] == [
        {"wave": 1}, {}, {}]


def test_exit_1_when_no_row_names_one_document_or_the_table_is_bad(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    only_ambiguous = tmp_path / "same.csv"
    only_ambiguous.write_text("file,wave\nsame.txt,2\n", encoding="utf-8")
    code, out, err = run(capsys, "attributes", project, only_ambiguous)
    assert code == 1
    assert out == ("Matched none of the 1 row to a single document (by file name, column "
                   "'file'); nothing was set.\n")
    assert err.count("\n") == 1 and "names 2 documents" in err
    nothing = tmp_path / "nothing.csv"
    nothing.write_text("name,wave\nnobody.txt,2\n", encoding="utf-8")
    code, out, err = run(capsys, "attributes", project, nothing)
    assert (code, out) == (1, "")
    assert err == (f"annotator: {nothing}: no value in columns 'name', 'wave' names a "
                   "document of the project by its file name or title\n")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    code, out, err = run(capsys, "attributes", project, broken)
    assert (code, out) == (1, "") and err.startswith(f"annotator: {broken}: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert all(not attributes for attributes in documents(capsys, project).values())
    code, _, err = run(capsys, "attributes", project, only_ambiguous, "--key", "File")
    assert code == 1 and err == (f"annotator: {only_ambiguous}: no column named 'File' "
                                 "(columns: 'file', 'wave')\n")
