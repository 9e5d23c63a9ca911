"""``annotator import`` of a folder skips the tables inside it (an ``index.csv`` is not a
survey) with one line naming the two commands that import it, and the line's commands work."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import Project
from helpers import SHARED

KREMLIN = SHARED / "corpora" / "news-kremlin-en"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def advice(project: Path, table: Path) -> str:
    p, t = shlex.quote(str(project)), shlex.quote(str(table))
    return (f"skipped: {table}: a table inside a folder is not imported as documents; to import "
            f"its rows as survey documents: annotator import {p} {t} --text-column COLUMN; to "
            f"load it as document variables: annotator attributes {p} {t}")


def test_the_kremlin_folder_gives_its_pages_and_skips_its_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "kremlin.annotator"
    pages = sorted(KREMLIN.glob("*.txt"))
    assert len(pages) == 204 and (KREMLIN / "SOURCE.md").is_file()
    code, out, err = run(capsys, "import", project, KREMLIN)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Imported {len(pages) + 1} documents, 0 duplicates, 0 failed, 1 skipped.",
        advice(project, KREMLIN / "index.csv"),
    ]
    with Project.open(project, create=False) as opened:
        sources = {s.source for s in opened.documents.summaries(opened.documents.ids())}
    assert sources == {p.name for p in pages} | {"SOURCE.md"}


def test_the_advised_survey_command_imports_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "my corpus"
    folder.mkdir()
    (folder / "note.txt").write_text("Field note about the river.", encoding="utf-8")
    table = folder / "answers (2019).csv"
    table.write_text("id,answer\nr1,More water\nr2,Less dust\n", encoding="utf-8")
    project = tmp_path / "study one.annotator"
    code, out, _ = run(capsys, "import", project, folder)
    head, line = out.splitlines()
    assert code == 0 and head == "Imported 1 document, 0 duplicates, 0 failed, 1 skipped."
    assert line == advice(project, table)
    survey_command = line.split("survey documents: ", 1)[1].split(";", 1)[0]
    argv = shlex.split(survey_command.replace("COLUMN", "answer"))
    assert argv[:3] == ["annotator", "import", str(project)] and argv[3] == str(table)
    code, out, _ = run(capsys, *argv[1:])
    assert code == 0 and out.startswith("Imported 2 documents, 0 duplicates")
    with Project.open(project, create=False) as opened:
        texts = sorted(opened.documents.get(i).text for i in opened.documents.ids())
    assert texts == ["Field note about the river.", "Less dust", "More water"]
