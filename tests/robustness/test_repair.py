"""Damage that opening does not see (an index that lacks entries passes ``quick_check``)
must not be written on: writing commands refuse, in one line. ``annotator check --repair``
rebuilds what is derived from the data (indexes, the full-text index, the kept totals)
after keeping a copy, never touches texts or highlights, and says what remains.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.errors import ProjectFileError
from annotator.services import Project
from annotator.services.autocode import autocode, compile_pattern
from annotator.services.backups import backup_if_changed, list_backups
from annotator.store import Store
from helpers import add_text

TEXTS = [
    "The river carries water to the border; the treaty on the river was signed.",
    "Labour migration grew as the river dried; water became a matter of security.",
    "Drone patrols watch the border river, and the water treaty is renegotiated.",
    "A second treaty on labour and migration followed the water crisis by the river.",
]


def make_project(path: Path) -> None:
    """Four documents, ``river`` highlighted everywhere, a backup taken (the window and
    every command take one when a changed project is opened)."""
    with Project.open(path, coder="tester") as project:
        for index, text in enumerate(TEXTS):
            add_text(project, text * 40, title=f"Report {index}", date=f"2020-0{index + 1}-15")
        autocode(project, "water/river", compile_pattern(phrase="river", whole_word=True))
    with Project.open(path, create=False) as project:
        assert backup_if_changed(project) is not None


def texts_and_highlights(path: Path) -> list[object]:
    """The user's work, byte for byte: documents and highlights with every column."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.text_factory = bytes
    try:
        return [conn.execute("SELECT * FROM documents ORDER BY id").fetchall(),
                conn.execute("SELECT * FROM highlights ORDER BY id").fetchall(),
                conn.execute("SELECT * FROM tags ORDER BY id").fetchall(),
                conn.execute("SELECT highlight_id, tag_id FROM highlight_tags ORDER BY 1, 2")
                .fetchall()]
    finally:
        conn.close()


def set_index_sql(path: Path, name: str, sql: str) -> None:
    conn = sqlite3.connect(path)
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [sql, name])
    conn.execute(f"PRAGMA schema_version = {version + 1}")
    conn.commit()
    conn.close()


def hide_new_rows_from(path: Path, index: str, add: Callable[[Project], object]) -> None:
    """Make ``index`` miss the rows ``add`` writes, as a damaged index page loses entries:
    the index is made partial (``WHERE 0``) while they are written, then made whole again
    without its content being rebuilt."""
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [index]).fetchone()[0]
    conn.close()
    set_index_sql(path, index, f"{sql} WHERE 0")
    with Project.open(path, create=False) as project:
        add(project)
    set_index_sql(path, index, sql)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # opening sees nothing
    assert f"missing from index {index}" in conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def problem_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "WAL-reset bug" not in line]


def test_autocode_refuses_a_bad_index_and_check_repair_rebuilds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "study.annotator"
    make_project(path)
    hide_new_rows_from(path, "highlights_document_span", lambda project: autocode(
        project, "security", compile_pattern(phrase="water")))
    work = texts_and_highlights(path)
    backups = list_backups(path)

    code, out, err = run(capsys, "autocode", path, "--tag", "labour", "--phrase", "labour")
    lines = problem_lines(err)
    assert code == 1 and out == "" and len(lines) == 1
    assert str(path) in lines[0] and "index highlights_document_span" in lines[0]
    assert "nothing was written" in lines[0] and "check --repair" in lines[0]
    assert texts_and_highlights(path) == work
    assert list_backups(path) == backups  # no automatic backup of the damaged file

    code, out, err = run(capsys, "check", path)
    lines = problem_lines(err)
    assert code == 1 and "index highlights_document_span" in lines[0]
    assert f"annotator check --repair {path}" in lines[-2]
    assert "annotator restore" in lines[-1] and str(backups[0].path) in lines[-1]

    code, out, err = run(capsys, "check", "--repair", path)
    assert code == 0, err
    assert "Repaired the index highlights_document_span (rebuilt from its table)." in out
    assert out.strip().endswith("no problems found.")
    copies = list(tmp_path.glob("study.annotator.before-repair-*.bak"))
    assert len(copies) == 1 and "Kept a copy" in out and str(copies[0]) in out
    assert texts_and_highlights(path) == work  # the repair touched no text, no highlight
    assert texts_and_highlights(copies[0]) == work

    code, out, _ = run(capsys, "autocode", path, "--tag", "labour", "--phrase", "labour")
    assert code == 0 and out.startswith("Created ")
    code, out, _ = run(capsys, "check", path)
    assert code == 0 and out.strip().endswith("no problems found.")


def test_import_refuses_a_bad_documents_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "study.annotator"
    make_project(path)
    hide_new_rows_from(path, "documents_sha256",
                       lambda project: add_text(project, "A fifth report.", title="Fifth"))
    new = tmp_path / "new.txt"
    new.write_text("A text to import.", encoding="utf-8")
    work = texts_and_highlights(path)
    code, out, err = run(capsys, "import", path, new)
    lines = problem_lines(err)
    assert code == 1 and out == "" and len(lines) == 1
    assert "index documents_sha256" in lines[0] and "nothing was written" in lines[0]
    assert texts_and_highlights(path) == work
    assert run(capsys, "check", "--repair", path)[0] == 0
    code, out, _ = run(capsys, "import", path, new)
    assert code == 0 and out.startswith("Imported 1 document,"), out


def test_an_index_too_damaged_to_clear_is_built_anew(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page whose header is damaged: opening refuses the file, REINDEX cannot clear the
    old pages; the repair gives the index new pages and rewrites the file without the
    old ones."""
    path = tmp_path / "study.annotator"
    make_project(path)
    work = texts_and_highlights(path)
    conn = sqlite3.connect(path)
    page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'highlights_document_span' "
                        "AND pagetype = 'leaf'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * 4096] = 0x05  # a leaf index page (10) now claims to be a table's interior
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectFileError) as refused:
        Store.open(path, create=False)
    assert "damaged" in str(refused.value) and "\n" not in str(refused.value)
    code, _, err = run(capsys, "autocode", path, "--tag", "labour", "--phrase", "labour")
    assert code == 1 and len(problem_lines(err)) == 1

    code, out, err = run(capsys, "check", path)
    assert code == 1 and "the index highlights_document_span" in problem_lines(err)[0]
    code, out, err = run(capsys, "check", "--repair", path)
    assert code == 0, err
    assert "Repaired the index highlights_document_span" in out
    assert "Repaired the file's list of free pages (the file was rewritten)." in out
    assert texts_and_highlights(path) == work
    with Project.open(path, create=False) as project:
        assert project.store.integrity_ok()


def test_full_text_index_totals_and_copies_are_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "study.annotator"
    make_project(path)
    work = texts_and_highlights(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE tag_counts SET highlights = highlights + 7")
    conn.execute("UPDATE highlight_tags SET document_day = '1900-01-01' "
                 "WHERE highlight_id % 3 = 0")
    block = conn.execute("SELECT id, block FROM documents_fts_data WHERE id > 10 "
                         "ORDER BY length(block) DESC").fetchone()
    damaged = bytearray(block[1])
    damaged[len(damaged) // 2] ^= 0x20
    conn.execute("UPDATE documents_fts_data SET block = ? WHERE id = ?", [bytes(damaged),
                                                                           block[0]])
    conn.commit()
    conn.close()

    code, _, err = run(capsys, "check", path)
    lines = problem_lines(err)
    assert code == 1
    assert any("full-text search index" in line for line in lines)
    assert any("kept tag totals differ" in line for line in lines)
    assert any("hold a wrong copy of their document or its date" in line for line in lines)
    assert "rebuilds 3 of these" in lines[-2]

    code, out, err = run(capsys, "check", "--repair", path)
    assert code == 0, err
    for repaired in ("the tag links' copies", "the kept tag totals", "the full-text search"):
        assert f"Repaired {repaired}" in out
    assert texts_and_highlights(path) == work
    with Project.open(path, create=False) as project:
        totals = project.store.stats.tag_totals()
        assert totals == project.store.stats.tag_totals_recounted()
        assert len(project.documents.ids()) == 4


def test_damaged_texts_are_not_repaired_but_told_and_the_rest_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "study.annotator"
    make_project(path)
    hide_new_rows_from(path, "documents_date",
                       lambda project: add_text(project, "Dated later.", date="2021-05-05"))
    data = bytearray(path.read_bytes())
    at = data.find(b"Drone patrols watch")
    data[at] = 0xFF  # no longer UTF-8
    path.write_bytes(bytes(data))
    work = texts_and_highlights(path)

    code, out, err = run(capsys, "check", "--repair", path)
    lines = problem_lines(err)
    assert code == 1
    assert "Repaired the index documents_date" in out
    assert any("document 3 ('Report 2'): its text is damaged (it is no longer valid UTF-8, "
               "from character 0 on)" in line and "still damaged" in line for line in lines)
    assert "annotator restore" in lines[-1]
    assert texts_and_highlights(path) == work  # still damaged the same way: not touched


def test_the_file_is_not_rewritten_while_a_table_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """VACUUM copies the rows it can reach: rows behind a damaged page would be dropped
    without a word, so a repair never rewrites a file with a damaged table, even when
    pages that nothing uses any more ask for it."""
    path = tmp_path / "study.annotator"
    make_project(path)
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")  # (a file without free pages)
    page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'documents' "
                        "AND pagetype = 'internal'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (page - 1) * 4096
    cell = int.from_bytes(data[start + 5 : start + 7], "big")  # the last child's pointer
    data[start + cell : start + cell + 4] = data[start + 8 : start + 12]  # = the right child
    path.write_bytes(bytes(data))
    before = path.read_bytes()

    code, out, err = run(capsys, "check", "--repair", path)
    lines = problem_lines(err)
    assert code == 1 and "Kept a copy" not in out  # nothing it may repair: nothing done
    free = [line for line in lines if "the file's list of free pages is damaged" in line]
    assert len(free) == 1 and "--repair" not in free[0]  # not offered while a table is damaged
    assert not any("rebuilds" in line for line in lines)
    assert any("still damaged: the documents table (texts, titles, dates) is "
               "damaged and cannot be rebuilt" in line for line in lines)
    assert any("highlight_tags rows refer to missing documents rows" in line for line in lines)
    assert "annotator restore" in lines[-1]
    assert path.read_bytes() == before  # no repair could run


def test_a_repair_beside_a_damaged_table_does_not_rewrite_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An index of a sound table is rebuilt; the file is still not rewritten."""
    path = tmp_path / "study.annotator"
    make_project(path)
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()
    hide_new_rows_from(path, "highlights_document_span", lambda project: autocode(
        project, "security", compile_pattern(phrase="water")))
    conn = sqlite3.connect(path)
    page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'documents' "
                        "AND pagetype = 'internal'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (page - 1) * 4096
    cell = int.from_bytes(data[start + 5 : start + 7], "big")
    data[start + cell : start + cell + 4] = data[start + 8 : start + 12]
    path.write_bytes(bytes(data))

    code, out, err = run(capsys, "check", "--repair", path)
    lines = problem_lines(err)
    assert code == 1
    assert "Repaired the index highlights_document_span (rebuilt from its table)." in out
    assert any(line.endswith("could not repair the file's list of free pages while the "
                             "documents table is damaged") for line in lines)
    assert not any("highlights_document_span" in line for line in lines)


def test_on_a_read_only_medium_check_tells_and_repair_refuses(tmp_path: Path) -> None:
    """A real read-only mount (see tests/medium.py): check names the damaged index (the
    full-text index is checked on a copy elsewhere), --repair refuses in one line, and
    nothing on the medium changes."""
    from medium import run_in_namespace

    medium = tmp_path / "medium"
    medium.mkdir()
    path = medium / "study.annotator"
    make_project(path)
    hide_new_rows_from(path, "highlights_document_span", lambda project: autocode(
        project, "security", compile_pattern(phrase="water")))
    before = {p.name: p.read_bytes() for p in medium.iterdir()}
    result = run_in_namespace(
        """
medium, project = sys.argv[1:3]
mount_read_only(medium)
print(json.dumps({"check": cli("check", project), "repair": cli("check", "--repair", project)}))
""",
        str(medium), str(path),
    )
    check, repair = result["check"], result["repair"]
    assert check["rc"] == 1 and "Traceback" not in check["err"]
    assert "the index highlights_document_span" in check["err"]
    assert "full-text" not in check["err"]  # checked on a copy, and sound
    assert repair["rc"] == 1 and repair["out"] == ""
    refusal = [line for line in repair["err"].splitlines()
               if "warning" not in line]
    assert len(refusal) == 1 and "read-only" in refusal[0] and str(path) in refusal[0]
    assert {p.name: p.read_bytes() for p in medium.iterdir()} == before
