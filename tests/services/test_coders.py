"""Coders: who made a highlight and who changed it last, the coder's name from the
environment or ``--coder``, and the migration that added ``modified_by``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import Project
from annotator.services.project import acting_coder, check_coder_name, default_coder
from annotator.store import Store, schema
from helpers import add_text


def test_a_change_records_who_made_it_and_keeps_the_maker():
    project = Project.in_memory(coder="ann")
    doc = add_text(project, "words to code")
    first, second = project.tags.create("a")[0], project.tags.create("b")[0]
    highlight, _ = project.highlights.create(doc, 0, 5, [first])
    made = project.highlights.get(highlight)
    assert (made.coder, made.modified_by) == ("ann", "ann")
    project.coder = "bob"
    project.highlights.add_tags(highlight, [second])
    assert (project.highlights.get(highlight).coder,
            project.highlights.get(highlight).modified_by) == ("ann", "bob")
    project.coder = "cem"
    project.highlights.set_memo(highlight, "why")
    listed = project.highlights.for_document(doc)[0]
    assert (listed.coder, listed.modified_by, listed.memo) == ("ann", "cem", "why")


def test_own_span_is_the_current_coders_only():
    project = Project.in_memory(coder="ann")
    doc = add_text(project, "words to code")
    tag = project.tags.create("a")[0]
    anns, _ = project.highlights.create(doc, 0, 5, [tag])
    assert project.highlights.own_with_span(doc, 0, 5) == anns
    project.coder = "bob"
    assert project.highlights.own_with_span(doc, 0, 5) is None


def test_the_coder_comes_from_the_command_then_the_environment(monkeypatch):
    monkeypatch.setenv("ANNOTATOR_CODER", "  env coder ")
    assert default_coder() == "env coder"
    with acting_coder("flag coder"):
        assert default_coder() == "flag coder"
        assert Project.in_memory().coder == "flag coder"
    assert default_coder() == "env coder"
    monkeypatch.setenv("ANNOTATOR_CODER", "two\nlines")
    assert default_coder() != "two\nlines"
    assert check_coder_name("") and check_coder_name("x" * 101) and not check_coder_name("Ann")


def test_cli_records_the_coder_given(tmp_path: Path, capsys, monkeypatch):
    path = tmp_path / "p.annotator"
    with Project.open(path) as project:
        add_text(project, "alpha beta alpha")
    monkeypatch.setenv("ANNOTATOR_CODER", "from env")
    assert main(["autocode", str(path), "--tag", "t", "--phrase", "beta"]) == 0
    assert main(["--coder", "from flag", "autocode", str(path), "--tag", "u",
                 "--phrase", "alpha"]) == 0
    capsys.readouterr()
    rows = sqlite3.connect(path).execute(
        "SELECT coder, modified_by, count(*) FROM highlights GROUP BY 1, 2 ORDER BY 1").fetchall()
    assert rows == [("from env", "from env", 1), ("from flag", "from flag", 2)]
    with pytest.raises(SystemExit) as exit_:
        main(["--coder", " ", "tags", str(path)])
    assert exit_.value.code == 2 and "cannot be empty" in capsys.readouterr().err


def test_migration_gives_old_highlights_their_maker_as_last_changer(tmp_path: Path):
    path = tmp_path / "old.annotator"
    known = schema.MIGRATIONS._migrations
    names = [m.name for m in known]
    later = known[names.index("0007_highlight_modified_by"):]
    del known[names.index("0007_highlight_modified_by"):]
    try:
        old = Store.open(path)
        with old.transaction():
            old.db.conn.execute("INSERT INTO documents (guid, title, text, length, sha256, "
                                "imported_at) VALUES ('d', 't', 'some text', 9, 's', 'now')")
            old.db.conn.execute("INSERT INTO highlights (guid, document_id, span_start, "
                                "span_end, quote, coder, created_at, modified_at) "
                                "VALUES ('h', 1, 0, 4, 'some', 'ann', 'now', 'now')")
        old.close()
    finally:
        known.extend(later)
    with Project.open(path, create=False) as project:
        (highlight,) = project.highlights.for_document(1)
        assert (highlight.coder, highlight.modified_by) == ("ann", "ann")
