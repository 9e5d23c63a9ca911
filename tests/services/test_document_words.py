"""Every way a document enters a project counts its words (``documents.words``, the divisor
of the ``rate`` measure): each import format, a survey, a coded-dataset JSON and a
REFI-QDA merge, and the undo of a deletion; an older file has them counted by its
migration. Each count is checked against a regex count written here over the stored text."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.survey_reader import SurveyMapping
from annotator.services import Project
from annotator.services.exporting import export_json
from annotator.services.importing import import_paths
from annotator.services.refi_qda_export import export_qdpx
from annotator.store import Store, schema
from helpers import add_text, insert_old_document
from make_documents import make_docx, make_odt, make_pdf

WORD = re.compile(r"\w+")


def stored(project: Project) -> list[tuple[int, int, int]]:
    """``(id, words kept, words counted here)`` of every document."""
    rows = project.store.db.conn.execute("SELECT id, text, words FROM documents ORDER BY id")
    return [(i, words, len(WORD.findall(text))) for i, text, words in rows]


def assert_counted(project: Project, at_least: int) -> None:
    rows = stored(project)
    assert len(rows) >= at_least
    assert [(i, kept) for i, kept, _ in rows] == [(i, counted) for i, _, counted in rows]
    assert all(counted > 0 for _, _, counted in rows)  # the texts do have words


def make_folder(root: Path) -> Path:
    root.mkdir()
    make_docx(root / "interview.docx", ["Interview one", "12 February 2018", "Body, über ünd."])
    make_odt(root / "notes.odt", "Field notes", ["Day one: 水と安全", "second_line"])
    (root / "speech.pdf").write_bytes(make_pdf([["A speech", "Text"], ["Page two"]]))
    (root / "letter.rtf").write_bytes(b"{\\rtf1\\ansi Dear friend,\\par Yours.\\par}")
    (root / "page.html").write_bytes(b"<title>News page</title><p>Story text&nbsp;here</p>")
    (root / "plain.txt").write_text("Plain title\r\nplain body, don't 🙂 COVID-19\n",
                                    encoding="utf-8")
    (root / "readme.md").write_text("# Markdown title\n\nbody *with* marks\n", encoding="utf-8")
    return root


def test_every_import_format_and_a_survey_count_words(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    with open(survey, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "Q1"], ["r1", "Loved it, really"],
                                      ["r2", "Zu langsam — bitte schneller"]])
    with Project.in_memory() as project:
        report = import_paths(project, [make_folder(tmp_path / "folder")])
        assert len(report.imported) == 7
        import_paths(project, [survey], survey_mapping=SurveyMapping(("Q1",)))
        assert_counted(project, 9)


def test_merges_and_undone_deletions_count_words(tmp_path: Path) -> None:
    with Project.in_memory() as source:
        for n, text in enumerate(["one two three", "Ünïcode wörds ok", "a_b c-d e.f"]):
            add_text(source, text, title=f"d{n}", date=f"2020-0{n + 1}-01")
        export_json(source, tmp_path / "data.json")
        export_qdpx(source, tmp_path / "data.qdpx")
    for name in ("data.json", "data.qdpx"):
        with Project.in_memory() as project:
            import_paths(project, [tmp_path / name])
            assert_counted(project, 3)
            snapshot = project.documents.snapshot(project.documents.ids())
            project.documents.delete_many(project.documents.ids())
            assert stored(project) == []
            project.documents.restore(snapshot)
            assert_counted(project, 3)


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_any_text_keeps_the_regex_count(text: str) -> None:
    with Project.in_memory() as project:
        add_text(project, "x " + text)  # a text of only white space is refused
        ((_, kept, counted),) = stored(project)
        assert kept == counted


def test_an_older_file_gets_its_words_counted_once_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    texts = ["Water and security 🙂 here.", "", "日本語 text_with_underscore", "x\ny"]
    known = schema.MIGRATIONS._migrations
    names = [m.name for m in known]
    later = known[names.index("0008_document_words"):]
    del known[names.index("0008_document_words"):]
    try:
        store = Store.open(path)
        with store.transaction():
            for n, text in enumerate(texts):
                insert_old_document(store.db.conn, f"d{n}", text, "2020", guid=f"g{n}",
                                    sha256=f"s{n}")
        store.close()
    finally:
        known.extend(later)
    with Project.open(path) as project:
        assert [kept for _, kept, _ in stored(project)] == [
            len(WORD.findall(text)) for text in texts]
    conn = sqlite3.connect(path)
    try:
        applied = [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'annotator'")]
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(documents)")}
    finally:
        conn.close()
    assert applied.count("0008_document_words") == 1
    assert "documents_date_words" in indexes
    assert list(tmp_path.glob("old.annotator.before-0008_document_words*.bak"))
