"""Whole real corpora imported as folders: titles are file names (or the news-page title),
and the tables beside the texts (``index.csv``) are skipped, not made into documents."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.services import Project
from annotator.services.importing import FOLDER_TABLE_SKIPPED, import_paths
from helpers import SHARED

CORPORA = SHARED / "corpora"


def corpus(name: str) -> Path:
    folder = CORPORA / name
    assert folder.is_dir(), f"the shared corpus {folder} is missing"
    return folder


def test_every_sotu_address_is_titled_by_its_file_name() -> None:
    folder = corpus("sotu-addresses")
    texts = sorted(folder.glob("*.txt"))
    with Project.in_memory() as project:
        report = import_paths(project, [folder])
        assert report.failed == []
        assert report.skipped == [(folder / "index.csv", FOLDER_TABLE_SKIPPED)]
        # Two addresses are byte-identical upstream (SOURCE.md): one is a duplicate.
        assert len(report.imported) + len(report.duplicates) == len(texts) + 1  # + SOURCE.md
        assert [p.name for p, _ in report.duplicates] == ["1821-12-03_Monroe_su1821.txt"]
        titles = {path: project.documents.get(i).title for path, i in report.imported}
        imported_texts = [path for path in titles if path.suffix == ".txt"]
        assert len(imported_texts) == len(texts) - 1
        for path in imported_texts:
            assert titles[path] == path.name.removesuffix(".txt"), path.name
        assert titles[folder / "SOURCE.md"] == "SOURCE"
        assert len(set(titles.values())) == len(titles)  # the first line gave them all one


def test_kremlin_news_keep_their_news_titles_and_the_index_is_skipped() -> None:
    folder = corpus("news-kremlin-en")
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        index = {row["file"]: row for row in csv.DictReader(handle)}
    pages = sorted(folder.glob("*.txt"))
    assert set(index) == {p.name for p in pages}
    with Project.in_memory() as project:
        report = import_paths(project, [folder])
        assert [p.name for p, _ in report.skipped] == ["index.csv"]
        assert report.failed == [] and report.duplicates == []
        assert project.documents.count() == len(pages) + 1  # and SOURCE.md
        assert report.summary_lines()[0] == (
            f"Imported {len(pages) + 1} documents, 0 duplicates, 0 failed, 1 skipped.")
        for path, document_id in report.imported:
            document = project.documents.get(document_id)
            if path.name == "SOURCE.md":
                assert (document.title, document.date) == ("SOURCE", None)
                continue
            row = index[path.name]
            assert (document.title, document.date) == (row["title"],
                                                       f"{row['date']}T{row['time']}")


def write_table(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "answer"], ["r1", "More documentation"],
                                      ["r2", "Faster imports"]])
    return path


@pytest.fixture
def folder_with_tables(tmp_path: Path) -> Path:
    folder = tmp_path / "study"
    write_table(folder / "answers.csv")
    write_table(folder / "deeper" / "more answers.tsv").write_text(
        "id\tanswer\nr3\tCharts please\n", encoding="utf-8")
    (folder / "deeper" / ".hidden.csv").write_text("id,answer\nr9,hidden\n", encoding="utf-8")
    (folder / "interview.txt").write_text("We spoke about water.", encoding="utf-8")
    return folder


def test_tables_in_folders_are_the_ones_an_import_skips(folder_with_tables: Path) -> None:
    from annotator.services.importing import tables_in_folders

    folder = folder_with_tables
    tables = tables_in_folders([folder, folder / "interview.txt"])
    assert tables == [folder / "answers.csv", folder / "deeper" / "more answers.tsv"]
    with Project.in_memory() as project:
        report = import_paths(project, [folder],
                              folder_table_reason=lambda table: f"reason for {table.name}")
        assert report.skipped == [(t, f"reason for {t.name}") for t in tables]
        assert [p.name for p, _ in report.imported] == ["interview.txt"]
        assert report.summary_lines()[0] == "Imported 1 document, 0 duplicates, 0 failed, 2 skipped."


def test_a_table_named_as_a_folder_survey_is_read_as_a_survey(folder_with_tables: Path) -> None:
    from annotator.formats.survey_reader import SurveyMapping

    folder = folder_with_tables
    answers = folder / "answers.csv"
    with Project.in_memory() as project:
        report = import_paths(project, [folder], folder_surveys=[answers],
                              survey_mappings={answers: SurveyMapping(("answer",), "id")})
        titles = sorted(project.documents.get(i).title for _, i in report.imported)
        assert titles == ["interview", "r1", "r2"]
        assert [p.name for p, _ in report.skipped] == ["more answers.tsv"]


def test_a_table_given_by_itself_stays_a_survey(folder_with_tables: Path) -> None:
    with Project.in_memory() as project:
        report = import_paths(project, [folder_with_tables / "answers.csv"])
        assert report.skipped == [] and len(report.imported) == 2
        assert project.documents.count() == 2
