"""Variables from a table: which row names which document, what becomes a value, what a
bad table does (nothing), and the undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import NotFoundError, UserError
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.exporting import export_json
from annotator.services.variable_import import (
    SAMPLE_ROWS,
    import_variables,
    preview_variables,
    restore_attributes,
)
from make_documents import make_xlsx


def add(project: Project, source: str, title: str, attributes: dict | None = None) -> int:
    return project.documents.add(NewDocument(
        title, f"The text of {title} from {source}.", None, source, attributes or {}
    )).document_id


def attributes(project: Project) -> dict[int, dict]:
    return {i: project.documents.get(i).attributes for i in project.documents.ids()}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(project: Project) -> dict[str, int]:
    """Four documents named by file name (one inside a folder) and title."""
    return {
        "a": add(project, "a.txt", "Alpha report"),
        "b": add(project, "b.docx", "Beta interview"),
        "c": add(project, "interviews/C.txt", "Gamma notes"),
        "d": add(project, "d.md", "Delta memo", {"outlet": "RT", "kept": "yes"}),
    }


def test_rows_name_documents_by_file_name_with_or_without_extension_and_case(
    project: Project, corpus: dict[str, int], tmp_path: Path
) -> None:
    table = write(tmp_path / "vars.csv",
                  "outlet,file,year\n"  # the first column names no file: the key is "file"
                  "TASS,a.txt,2018\n"
                  "RT,b,2019\n"          # without the extension
                  "Kommersant,c.TXT,2020\n"  # case differs, and c sits in a folder
                  "Meduza,zzz.txt,2021\n"
                  "Novaya,,2022\n")
    result = import_variables(project, table)
    preview = result.preview
    assert (preview.key_column, preview.key_matches) == ("file", "source")
    assert preview.columns == ("outlet", "file", "year")
    assert preview.variables == ("outlet", "year")
    assert (preview.rows, preview.matched) == (5, 3)
    assert preview.unmatched == ((5, "zzz.txt"), (6, ""))  # rows as in the file (header 1)
    assert preview.ambiguous == ()
    found = attributes(project)
    assert found[corpus["a"]] == {"outlet": "TASS", "year": 2018}
    assert found[corpus["b"]] == {"outlet": "RT", "year": 2019}
    assert found[corpus["c"]] == {"outlet": "Kommersant", "year": 2020}
    assert found[corpus["d"]] == {"outlet": "RT", "kept": "yes"}  # no row named it
    assert result.changes.documents.updated == {corpus["a"], corpus["b"], corpus["c"]}
    assert set(result.before) == {corpus["a"], corpus["b"], corpus["c"]}
    assert all(before == {} for before in result.before.values())


def test_titles_are_the_key_when_no_column_names_files(
    project: Project, corpus: dict[str, int], tmp_path: Path
) -> None:
    table = write(tmp_path / "vars.csv",
                  "code,name,tone\n1,alpha  REPORT,calm\n2,Gamma notes,angry\n")
    preview = preview_variables(project, table)
    assert (preview.key_column, preview.key_matches, preview.matched) == ("name", "title", 2)
    assert preview.variables == ("code", "tone")
    assert attributes(project)[corpus["a"]] == {}  # a preview writes nothing
    import_variables(project, table)
    assert attributes(project)[corpus["a"]] == {"code": 1, "tone": "calm"}
    assert attributes(project)[corpus["c"]] == {"code": 2, "tone": "angry"}


def test_a_chosen_key_and_a_key_that_names_nothing(
    project: Project, corpus: dict[str, int], tmp_path: Path
) -> None:
    table = write(tmp_path / "vars.csv",
                  "file,title,tone\na.txt,Beta interview,calm\n")
    by_title = import_variables(project, table, key="title")
    assert (by_title.preview.key_column, by_title.preview.key_matches) == ("title", "title")
    assert by_title.preview.variables == ("file", "tone")
    assert attributes(project)[corpus["b"]] == {"file": "a.txt", "tone": "calm"}
    with pytest.raises(UserError) as unknown:
        import_variables(project, table, key="nope")
    assert str(unknown.value) == (f"{table}: no column named 'nope' "
                                  "(columns: 'file', 'title', 'tone')")
    with pytest.raises(UserError) as nothing:
        import_variables(project, table, key="tone")
    assert str(nothing.value) == (f"{table}: no value in column 'tone' names a document of "
                                  "the project by its file name or title")
    stray = write(tmp_path / "stray.csv", "x,y\n1,2\n")
    with pytest.raises(UserError) as none:
        preview_variables(project, stray)
    assert "in columns 'x', 'y' names" in str(none.value)


def test_a_row_naming_several_documents_sets_nothing(project: Project, tmp_path: Path) -> None:
    one = add(project, "2019/notes.txt", "Notes of 2019")
    two = add(project, "2020/notes.txt", "Notes of 2020")
    three = add(project, "other.txt", "Other")
    table = write(tmp_path / "vars.csv", "file,wave\nnotes.txt,1\nother.txt,2\n")
    result = import_variables(project, table)
    assert result.preview.ambiguous == ((2, "notes.txt", (one, two)),)
    assert result.preview.matched == 1
    found = attributes(project)
    assert (found[one], found[two], found[three]) == ({}, {}, {"wave": 2})


def test_whole_number_columns_become_numbers_and_everything_else_stays_text(
    project: Project, corpus: dict[str, int], tmp_path: Path
) -> None:
    table = write(tmp_path / "vars.csv",
                  "file,count,code,score,mixed,signed,when,big\n"
                  "a.txt,4,007,3.5,1,+5,2020-01-02,1234567890123456\n"
                  "b.docx,-12,12,4,two,6,13:30,1\n"
                  "c.txt,,3,,,,,\n")
    import_variables(project, table)
    found = attributes(project)
    assert found[corpus["a"]] == {"count": 4, "code": "007", "score": "3.5", "mixed": "1",
                                  "signed": "+5", "when": "2020-01-02",
                                  "big": "1234567890123456"}
    assert found[corpus["b"]] == {"count": -12, "code": "12", "score": "4", "mixed": "two",
                                  "signed": "6", "when": "13:30", "big": "1"}
    assert found[corpus["c"]] == {"code": "3"}  # empty cells give no value
    assert project.variables.get("count").type == "number"
    assert project.variables.values("count")[:2] == [("-12", 1), ("4", 1)]
    out = tmp_path / "out.json"
    export_json(project, out, include_text=False)
    exported = {d["id"]: d["attributes"] for d in json.loads(out.read_text("utf-8"))["documents"]}
    assert exported[corpus["a"]]["count"] == 4 and exported[corpus["a"]]["code"] == "007"


def test_empty_cells_keep_values_and_a_column_updates_its_variable(
    project: Project, corpus: dict[str, int], tmp_path: Path
) -> None:
    table = write(tmp_path / "vars.csv", "file,outlet,kept,region\nd.md,TASS,,\"The\u00a0Kremlin,"
                  "  Moscow \"\n")
    result = import_variables(project, table)
    assert attributes(project)[corpus["d"]] == {
        "outlet": "TASS", "kept": "yes", "region": "The Kremlin, Moscow"}
    assert result.before == {corpus["d"]: {"outlet": "RT", "kept": "yes"}}
    assert [v.name for v in project.variables.all()] == ["outlet", "kept", "region"]
    again = import_variables(project, table)  # the same values: nothing changes
    assert not again.changes and again.before == {}
    assert again.preview.matched == 1


def test_restore_attributes_undoes_an_import_exactly(
    project: Project, corpus: dict[str, int], tmp_path: Path
) -> None:
    variables_before = [(v.name, v.type) for v in project.variables.all()]
    before = attributes(project)
    table = write(tmp_path / "vars.csv", "file,outlet,wave\na.txt,TASS,1\nd.md,Meduza,2\n")
    result = import_variables(project, table)
    assert attributes(project) != before
    changes = restore_attributes(project, result.before)
    assert changes.documents.updated == {corpus["a"], corpus["d"]}
    assert attributes(project) == before
    assert [(v.name, v.type) for v in project.variables.all()] == variables_before
    project.documents.delete(corpus["a"])
    with pytest.raises(NotFoundError):
        restore_attributes(project, {corpus["d"]: {"outlet": "X"}, corpus["a"]: {}})
    assert attributes(project)[corpus["d"]] == {"outlet": "RT", "kept": "yes"}  # unchanged


def test_an_xlsx_table_and_the_preview_sample(
    project: Project, corpus: dict[str, int], tmp_path: Path
) -> None:
    import datetime as dt

    rows: list[list[object]] = [["file", "interviewed", "age"],
                                ["a.txt", dt.datetime(2021, 3, 4), 41.0],
                                ["c", dt.datetime(2021, 3, 5), 37]]
    rows += [[f"missing-{n}.txt", None, n] for n in range(30)]
    table = make_xlsx(tmp_path / "vars.xlsx", rows)
    preview = preview_variables(project, table)
    assert len(preview.sample) == SAMPLE_ROWS
    assert preview.sample[0] == ("a.txt", "2021-03-04", "41")
    assert (preview.rows, preview.matched, len(preview.unmatched)) == (32, 2, 30)
    import_variables(project, table)
    assert attributes(project)[corpus["a"]] == {"interviewed": "2021-03-04", "age": 41}
    assert attributes(project)[corpus["c"]] == {"interviewed": "2021-03-05", "age": 37}


def _bad_tables(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Tables that cannot be read, each with words its message must hold."""
    workbook = make_xlsx(tmp_path / "whole.xlsx", [["file", "x"], ["a.txt", "1"]])
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(workbook.read_bytes()[:700])
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 40)
    huge = tmp_path / "huge.csv"
    huge.write_text("file,x\n" + "a.txt," * 5_000_001, encoding="utf-8")
    return {
        "empty": (write(tmp_path / "empty.csv", ""), "the file is empty"),
        "blank": (write(tmp_path / "blank.csv", "\n ,\n"), "the table is empty"),
        "header only": (write(tmp_path / "header.csv", "file,x\n"), "no rows"),
        "one column": (write(tmp_path / "one.csv", "file\na.txt\n"), "one column ('file')"),
        "binary": (binary, "binary"),
        "truncated": (truncated, "truncated"),
        "huge": (huge, "cells"),
        "not there": (tmp_path / "absent.csv", "no such file"),
        "not a table": (write(tmp_path / "notes.txt", "file,x\na.txt,1\n"),
                        "give a .csv, .tsv or .xlsx file"),
        "old excel": (write(tmp_path / "old.xls", "file,x\na.txt,1\n"), ".xlsx"),
    }


def test_a_table_that_cannot_be_read_is_refused_in_one_line_and_nothing_is_written(
    project: Project, corpus: dict[str, int], tmp_path: Path
) -> None:
    before = attributes(project)
    for what, (path, words) in _bad_tables(tmp_path).items():
        for attempt in (preview_variables, import_variables):
            with pytest.raises(UserError) as refused:
                attempt(project, path)
            message = str(refused.value)
            assert message.startswith(f"{path}: ") and words in message, (what, message)
            assert "\n" not in message, what
    assert attributes(project) == before


def test_the_import_is_one_transaction(
    project: Project, corpus: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the first document was written leaves every document as it was."""
    before = attributes(project)
    table = write(tmp_path / "vars.csv", "file,outlet\na.txt,TASS\nb.docx,RT\n")
    update = project.store.documents.update
    calls: list[int] = []

    def failing_second(document_id: int, **changes: object) -> None:
        calls.append(document_id)
        if len(calls) == 2:
            raise UserError("disk full")
        update(document_id, **changes)  # type: ignore[arg-type]

    monkeypatch.setattr(project.store.documents, "update", failing_second)
    with pytest.raises(UserError, match="disk full"):
        import_variables(project, table)
    monkeypatch.undo()
    assert len(calls) == 2 and attributes(project) == before


def test_a_project_without_documents(project: Project, tmp_path: Path) -> None:
    table = write(tmp_path / "vars.csv", "file,outlet\na.txt,TASS\n")
    with pytest.raises(UserError, match="the project has no documents"):
        preview_variables(project, table)
