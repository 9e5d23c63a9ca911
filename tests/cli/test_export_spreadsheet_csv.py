"""``annotator export P out.csv --bom`` is the CSV for spreadsheets: formula-like cells are
made inert with a leading ``'``; without ``--bom`` every cell is exactly what the project
holds (for R and pandas)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats.csv_export import FORMULA_STARTS
from annotator.services import Project
from helpers import add_text

PAYLOAD = "SUM(1,2)*cmd|' -c calc'!A0"  # no "/": it separates tag names
#: Columns whose cells come from the user's data (ids, offsets and stamps do not).
DATA_COLUMNS = ("document_title", "attr:note", "attr:score", "quote", "memo", "coder", "tag",
                "tag_path")


def hostile_project(path: Path, first: str) -> None:
    """Every user-given text starts with ``first``; ``score`` is a negative number."""
    value = first + PAYLOAD
    with Project.open(path, coder=value) as project:
        text = value + "\nand then ordinary words."
        document_id = add_text(project, text, title=value,
                               attributes={"note": value, "score": -3})
        parent, _ = project.tags.create(value)
        child, _ = project.tags.create(value, parent_id=parent)
        project.highlights.create(document_id, 0, len(value), [child], memo=value)


def read_csv(path: Path) -> tuple[bytes, list[dict[str, str]]]:
    raw = path.read_bytes()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return raw, list(csv.DictReader(handle))


def stored_cells(path: Path) -> dict[str, str]:
    """What the project holds for each data column of the one highlight row."""
    with Project.open(path, create=False) as project:
        [document_id] = project.documents.ids()
        document = project.documents.get(document_id)
        [highlight] = project.highlights.for_document(document_id)
        tag_path = project.tags.paths()[highlight.tag_ids[0]]
    return {"document_title": document.title, "attr:note": document.attributes["note"],
            "attr:score": str(document.attributes["score"]), "quote": highlight.quote,
            "memo": highlight.memo, "coder": highlight.coder, "tag": tag_path[-1],
            "tag_path": "/".join(tag_path)}


@pytest.mark.parametrize("first", FORMULA_STARTS, ids=repr)
def test_formula_cells_are_inert_with_bom_and_verbatim_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], first: str
) -> None:
    project = tmp_path / "hostile.annotator"
    hostile_project(project, first)
    stored = stored_cells(project)
    dangerous = {c for c, v in stored.items() if v.startswith(first) and c != "attr:score"}
    # What the project keeps: titles and tag names lose leading white space, and a
    # document's text and attributes, and memos, have their CR turned into LF as they
    # are stored; coders are kept as given.
    expected = {"coder"}
    expected |= set() if first == "\r" else {"quote", "attr:note", "memo"}
    expected |= set() if first.isspace() else {"document_title", "tag", "tag_path"}
    assert dangerous == expected

    assert main(["export", str(project), str(tmp_path / "plain.csv")]) == 0
    assert main(["export", str(project), str(tmp_path / "excel.csv"), "--bom"]) == 0
    out = capsys.readouterr().out
    assert out.count("Exported 1 highlight in 1 row") == 2

    raw, [plain] = read_csv(tmp_path / "plain.csv")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert {c: plain[c] for c in DATA_COLUMNS} == stored
    raw, [excel] = read_csv(tmp_path / "excel.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    for column in DATA_COLUMNS:
        expected = "'" + stored[column] if column in dangerous else stored[column]
        assert excel[column] == expected, column
    assert excel["attr:score"] == plain["attr:score"] == "-3"  # a number, not a formula
    for column in ("document_id", "highlight_id", "start", "end", "created_at"):
        assert excel[column] == plain[column]


def test_a_slash_inside_a_tag_name_is_escaped_in_the_path_column(tmp_path: Path) -> None:
    path = tmp_path / "slash.annotator"
    with Project.open(path) as project:
        document = add_text(project, "Left and right, and the centre.")
        politics = project.tags.create("politics")[0]
        sides = project.tags.create("left/right", parent_id=politics)[0]
        project.highlights.create(document, 0, 4, [sides])
    assert main(["export", str(path), str(tmp_path / "out.csv")]) == 0
    _, [row] = read_csv(tmp_path / "out.csv")
    assert (row["tag"], row["tag_path"]) == ("left/right", "politics/left\\/right")
    # the path reads back as the same tag on the command line
    assert main(["stats", str(path), "--tags", row["tag_path"]]) == 0
