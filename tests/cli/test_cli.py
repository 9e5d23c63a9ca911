"""The ``annotator`` command, run as a user would (in-process ``main`` and subprocesses)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import Project
from helpers import SEED


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "sample.annotator"
    code, out, _ = run(capsys, "import", path, SEED)
    assert code == 0 and out.startswith("Imported 1 document")
    return path


def test_import_gives_the_sample_its_title_and_date(sample_project: Path) -> None:
    with Project.open(sample_project, create=False) as project:
        (doc_id,) = project.documents.ids()
        doc = project.documents.get(doc_id)
    assert doc.title == "Moscow discussed cooperation of Russia with Central Asia"
    assert doc.date == "2018-02-12T15:32"
    assert doc.source == SEED.name
    assert doc.text == SEED.read_text(encoding="utf-8")  # stored as imported


def test_second_import_is_a_duplicate(sample_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", sample_project, SEED)
    assert code == 0
    assert out.startswith("Imported 0 documents, 1 duplicate")


def test_bad_files_fail_cleanly_and_leave_the_project_unchanged(
    sample_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    good = tmp_path / "good.txt"
    good.write_text("A good file\n\nwith text", encoding="utf-8")
    before = sample_project.read_bytes()
    code, out, err = run(capsys, "import", sample_project, empty, binary, tmp_path / "absent.txt")
    assert code == 1
    assert "Traceback" not in err
    assert f"{empty}: " in err and f"{binary}: " in err and f"{tmp_path / 'absent.txt'}" in err
    assert out.startswith("Imported 0 documents")
    with Project.open(sample_project, create=False) as project:
        assert project.documents.count() == 1
    code, out, err = run(capsys, "import", sample_project, empty, good)
    assert code == 1 and out.startswith("Imported 1 document,")  # the rest still imported
    assert len(before) > 0


def test_autocode_and_stats_numbers_match_the_text(
    sample_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED.read_text(encoding="utf-8")
    expected = len(re.findall("security", text, re.IGNORECASE))
    code, out, _ = run(capsys, "autocode", sample_project, "--tag", "security", "--phrase", "security")
    assert code == 0 and out.startswith(f"Created {expected} highlights")
    water = len(re.findall(r"(?<!\w)water(?!\w)", text, re.IGNORECASE))
    run(capsys, "autocode", sample_project, "--tag", "resources/water", "--phrase", "WATER", "--whole-word")
    code, out, _ = run(capsys, "stats", sample_project, "--by", "month", "--format", "json")
    stats = json.loads(out)
    by_path = {t["path"]: t for t in stats["tags"]}
    assert by_path["security"]["highlights"] == expected
    assert by_path["resources/water"]["highlights"] == water
    assert {"period": "2018-02", "tag": "security", "highlights": expected, "documents": 1} in stats["timeline"]
    assert stats["undated"] == {"documents": 0, "highlights": 0}
    code, out, _ = run(capsys, "stats", sample_project, "--by", "year", "--format", "csv",
                       "--measure", "share", "--tags", "security")
    rows = list(csv.DictReader(io.StringIO(out)))
    timeline = [r for r in rows if r["kind"] == "timeline"]
    assert timeline == [{"kind": "timeline", "period": "2018", "tag": "security",
                         "highlights": str(expected), "documents": "1", "share": "1.000000"}]
    code, out, _ = run(capsys, "stats", sample_project, "--format", "table")
    assert re.search(rf"2018-02\s+security\s+{expected}\s+1", out)


def test_tags_lists_the_codebook(sample_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "autocode", sample_project, "--tag", "geo/asia", "--phrase", "Central Asia")
    code, out, _ = run(capsys, "tags", sample_project, "--format", "json")
    records = {r["path"]: r for r in json.loads(out)}
    assert records["geo/asia"]["highlights"] == SEED.read_text(encoding="utf-8").count("Central Asia")
    code, out, _ = run(capsys, "tags", sample_project)
    assert code == 0 and "  asia" in out


def test_user_errors_exit_1_usage_errors_exit_2(
    tmp_path: Path, sample_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "tags", tmp_path / "nope.annotator")
    assert code == 1 and err.strip() == f"annotator: {tmp_path / 'nope.annotator'}: no such project file"
    assert not (tmp_path / "nope.annotator").exists()
    code, _, err = run(capsys, "autocode", sample_project, "--tag", "x", "--pattern", "(")
    assert code == 1 and "invalid regular expression" in err and "Traceback" not in err
    code, _, err = run(capsys, "stats", sample_project, "--tags", "nope")
    assert code == 1 and "no tag called 'nope'" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["autocode", str(sample_project), "--tag", "x"])
    assert exit_info.value.code == 2
    capsys.readouterr()
    for bound, reason in (("2020-13", "is not a real date"), ("2020-02-30", "is not a real date"),
                          ("spring", "is not a date"), ("2020-01-01T10:00", "is not a date")):
        with pytest.raises(SystemExit) as exit_info:
            main(["stats", str(sample_project), "--from", bound])
        err = capsys.readouterr().err
        assert exit_info.value.code == 2 and err == (
            f"annotator stats: error: argument --from: '{bound}' {reason}"
            + ("; use YYYY, YYYY-MM or YYYY-MM-DD\n" if reason == "is not a date" else "\n"))
    code, _, _ = run(capsys, "stats", sample_project, "--from", "2018", "--to", "2018-02-28")
    assert code == 0
    not_ours = tmp_path / "notes.txt"
    not_ours.write_text("hello")
    code, _, err = run(capsys, "tags", not_ours)
    assert code == 1 and "not an Annotator project" in err


def test_importing_the_cli_does_not_load_qt() -> None:
    probe = "import sys, annotator.cli; print(sorted(m for m in sys.modules if 'PySide6' in m or 'pyqtgraph' in m))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_installed_command_runs(tmp_path: Path) -> None:
    env = dict(os.environ, ANNOTATOR_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(tmp_path / "p.annotator"), str(SEED)],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported 1 document")
    result = subprocess.run([sys.executable, "-m", "annotator", "frobnicate"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_size_limit_can_be_raised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000, encoding="utf-8")  # 1.5 MB
    project = tmp_path / "p.annotator"
    code, out, err = run(capsys, "import", project, big, "--max-size", "1")
    assert code == 1 and f"{big}: the file is larger than the 1 MB limit" in err
    code, out, err = run(capsys, "import", project, big, "--max-size", "2")
    assert code == 0 and out.startswith("Imported 1 document")
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(project), str(big), "--max-size", "lots"])
    assert exit_info.value.code == 2


def test_survey_columns_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey = tmp_path / "answers.csv"
    survey.write_text("id,When,Why,Country\nr1,12/13/2019 9:50:30,Because of water,KZ\n"
                      "r2,12/14/2019 10:00:00,Labour migration,KG\n", encoding="utf-8")
    project = tmp_path / "s.annotator"
    code, out, err = run(capsys, "import", project, survey, "--text-column", "Why",
                         "--title-column", "id", "--date-column", "When")
    assert code == 0 and out.startswith("Imported 2 documents"), err
    with Project.open(project, create=False) as p:
        docs = [p.documents.get(i) for i in p.documents.ids()]
    assert [(d.title, d.text, d.date, d.attributes) for d in docs] == [
        ("r1", "Because of water", "2019-12-13T09:50:30", {"Country": "KZ"}),
        ("r2", "Labour migration", "2019-12-14T10:00:00", {"Country": "KG"}),
    ]
    code, out, err = run(capsys, "import", tmp_path / "t.annotator", survey, "--text-column", "Nope")
    assert code == 1 and "no column named 'Nope'" in err


def test_refi_export_and_import_from_the_command_line(sample_project: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "autocode", sample_project, "--tag", "water", "--phrase", "water")
    out_file = tmp_path / "sample.qdpx"
    code, out, _ = run(capsys, "export", sample_project, out_file)
    assert code == 0 and out.startswith("Exported 1 document, 1 tag,")
    code, out, _ = run(capsys, "import", tmp_path / "copy.annotator", out_file)
    assert code == 0 and out.startswith("Merged sample.qdpx: 1 document, 1 tag,")
    with Project.open(tmp_path / "copy.annotator", create=False) as copy:
        (tag,) = copy.tags.counts()
        assert (tag.tag.name, tag.highlights) == ("water", SEED.read_text(encoding="utf-8").lower().count("water"))


def test_backups_are_taken_listed_and_restored(sample_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "autocode", sample_project, "--tag", "water", "--phrase", "water")  # backs up first
    code, out, _ = run(capsys, "backups", sample_project)
    assert code == 0 and out.count(" UTC ") == 1
    run(capsys, "autocode", sample_project, "--tag", "security", "--phrase", "security")
    code, out, _ = run(capsys, "backups", sample_project)
    assert out.count(" UTC ") == 2
    newest = out.splitlines()[0].split()[-1]
    code, out, _ = run(capsys, "restore", sample_project, newest)
    assert code == 0 and "the previous file is kept as" in out
    with Project.open(sample_project, create=False) as project:
        assert [t.name for t in project.tags.all()] == ["water"]  # before the second autocode
    code, _, err = run(capsys, "restore", sample_project, sample_project.with_name("nope.annotator"))
    assert code == 1 and "Traceback" not in err


def test_check_finds_a_text_damaged_inside(sample_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "autocode", sample_project, "--tag", "water", "--phrase", "water")
    code, out, _ = run(capsys, "check", sample_project)
    assert code == 0 and out.strip().endswith("no problems found.")
    data = bytearray(sample_project.read_bytes())
    at = data.find(b"Vladimir Zharikhin outlined")
    assert at > 0  # the text sits in the file as UTF-8
    data[at : at + 8] = b"VLADIMIR"
    sample_project.write_bytes(bytes(data))
    code, _, err = run(capsys, "check", sample_project)
    assert code == 1 and "its text is damaged" in err and "Traceback" not in err
