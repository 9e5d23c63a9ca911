"""Every option that takes a tag reads it the same way: a bare name that matches one tag
anywhere means that tag, several are refused in one line listing their paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.cli.status import USER_ERROR
from annotator.services import Project
from helpers import SEED

AMBIGUOUS_MESSAGE = re.compile(r"^annotator: tag name 'border' is ambiguous: it names "
                               r"economy/border, security/border; give the path\n$")


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def coded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "p.annotator"
    assert run(capsys, "import", path, SEED)[0] == 0
    with Project.open(path, create=False) as project:
        economy, _ = project.tags.create("economy")
        project.tags.create("sanctions", parent_id=economy)
        project.tags.create("border", parent_id=economy)
        security, _ = project.tags.create("security")
        border, _ = project.tags.create("border", parent_id=security)
    for coder in ("ana", "ben"):  # agreement needs two coders
        with Project.open(path, create=False, coder=coder) as project:
            (document,) = project.documents.ids()
            project.highlights.create(document, 0, 10, [border])
    return path


def test_autocode_with_a_bare_name_codes_the_nested_tag(
    coded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "autocode", coded, "--tag", "sanctions", "--phrase", "Russia")
    assert code == 0 and "with tag 'economy/sanctions'" in out
    with Project.open(coded, create=False) as project:
        assert sorted(project.tags.paths().values()) == [
            ("economy",), ("economy", "border"), ("economy", "sanctions"),
            ("security",), ("security", "border")]
        coded_with = {c.path: c.highlights for c in project.tags.counts()}
        assert coded_with[("economy", "sanctions")] == len(re.findall("Russia", text))


@pytest.mark.parametrize("argv", [
    ("autocode", "--tag", "border", "--phrase", "Russia"),
    ("stats", "--tags", "border"),
    ("report", "OUT", "--tags", "border"),
    ("agreement", "--tags", "border"),
    ("documents", "--tagged", "border"),
    ("memos", "--tag", "border"),
])
def test_every_tag_option_refuses_an_ambiguous_name_in_one_line(
    coded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    command, *rest = argv
    rest = [str(tmp_path / "out.html") if arg == "OUT" else arg for arg in rest]
    before = coded.read_bytes()
    code, _, err = run(capsys, command, coded, *rest)
    assert code == USER_ERROR
    assert AMBIGUOUS_MESSAGE.match(err), err
    assert coded.read_bytes() == before


@pytest.mark.parametrize("argv", [
    ("stats", "--tags", "sanctions"),
    ("documents", "--tagged", "sanctions"),
    ("agreement", "--tags", "sanctions"),
    ("stats", "--tags", "security/border"),
])
def test_every_tag_option_accepts_a_unique_name_or_a_path(
    coded: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    command, *rest = argv
    code, _, err = run(capsys, command, coded, *rest)
    assert code == 0, err


def test_a_tag_name_with_a_slash_is_named_exactly_or_escaped(
    coded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "autocode", coded, "--tag", "pro\\/contra", "--phrase", "Asia")
    assert code == 0 and "with tag 'pro\\\\/contra'" in out
    code, out, _ = run(capsys, "stats", coded, "--tags", "pro/contra", "--format", "json")
    assert code == 0 and '"pro\\\\/contra"' in out
    with Project.open(coded, create=False) as project:
        assert ("pro/contra",) in project.tags.paths().values()
        assert ("pro",) not in project.tags.paths().values()
