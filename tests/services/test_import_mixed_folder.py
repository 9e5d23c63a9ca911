"""import_paths on a folder of every format with broken and hostile files among good ones,
and surveys imported one document per row, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest

from annotator.domain.model import NewDocument
from annotator.domain.text import normalize_text
from annotator.formats.survey_reader import SurveyMapping
from annotator.services import Project
from annotator.services.importing import import_paths
from helpers import SHARED
from make_documents import add_zero_bomb, make_docx, make_odt, make_pdf, make_xlsx, rezip

SURVEY = SHARED / "corpora" / "survey-r-community"


def build_folder(root: Path) -> tuple[dict[str, tuple[str, str | None]], set[str]]:
    """Good files (name -> (title, date)) and the names of the bad ones."""
    root.mkdir()
    (root / "sub").mkdir()
    make_docx(root / "interview.docx", ["Interview one", "12 February 2018", "Body."])
    make_odt(root / "sub" / "2019-03-04 notes.odt", "Field notes", ["Day one."])
    (root / "speech.pdf").write_bytes(make_pdf([["A speech", "Text"], ["Page two"]]))
    (root / "letter.rtf").write_bytes(b"{\\rtf1\\ansi Dear friend,\\par Yours.\\par}")
    (root / "page.html").write_bytes(b"<title>News page</title><p>Story text</p>")
    (root / "plain.txt").write_text("Plain title\nplain body\n", encoding="utf-8")
    (root / "readme.md").write_text("# Markdown title\n\nbody\n", encoding="utf-8")
    good = {
        "interview.docx": ("interview", "2018-02-12"),
        "2019-03-04 notes.odt": ("2019-03-04 notes", "2019-03-04"),
        "speech.pdf": ("speech", None),
        "letter.rtf": ("letter", None),
        "page.html": ("News page", None),
        "plain.txt": ("plain", None),
        "readme.md": ("readme", None),
    }
    (root / "empty.docx").write_bytes(b"")
    (root / "report.docx").write_bytes(make_pdf([["a PDF in disguise"]]))
    (root / "noise.pdf").write_bytes(os.urandom(3000))
    cut = (root / "interview.docx").read_bytes()
    (root / "cut.docx").write_bytes(cut[: len(cut) // 3])
    add_zero_bomb(root / "interview.docx", root / "bomb.docx", "word/media/z.bin",
                  200 * 1024 * 1024)
    with_xxe = rezip(root / "interview.docx", root / "xxe.docx", {
        "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
                             b'"file:///etc/passwd">]><d>&x;</d>'})
    assert with_xxe.exists()
    (root / "scan.pdf").write_bytes(make_pdf([[]]))
    (root / "huge.txt").write_bytes(b"x" * 3_000_000)
    bad = {"empty.docx", "report.docx", "noise.pdf", "cut.docx", "bomb.docx", "xxe.docx",
           "scan.pdf", "huge.txt"}
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    return good, bad


def test_a_mixed_folder_imports_the_good_and_reports_the_rest(tmp_path: Path) -> None:
    good, bad = build_folder(tmp_path / "folder")
    with Project.in_memory() as project:
        report = import_paths(project, [tmp_path / "folder"], max_bytes=2_000_000)
        assert {p.name for p, _ in report.imported} == set(good)
        assert {p.name for p, _ in report.failed} == bad
        assert [p.name for p, _ in report.skipped] == ["image.png"]
        assert project.documents.count() == len(good)
        for path, document_id in report.imported:
            document = project.documents.get(document_id)
            assert (document.title, document.date) == good[path.name]
            assert document.source == path.name
        reasons = {p.name: why for p, why in report.failed}
        assert reasons["report.docx"].endswith("a PDF file, not a Word document")
        assert reasons["empty.docx"].endswith("the file is empty")
        assert "would expand to 209715200 bytes" in reasons["bomb.docx"]
        assert "DOCTYPE" in reasons["xxe.docx"]
        assert "no text layer" in reasons["scan.pdf"]
        assert reasons["huge.txt"].endswith("the file is larger than the 2 MB limit")
        assert all("\n" not in why for why in reasons.values())
        lines = report.summary_lines()
        assert lines[0] == f"Imported {len(good)} documents, 0 duplicates, {len(bad)} failed, 1 skipped."


def test_importing_the_folder_again_finds_only_duplicates(tmp_path: Path) -> None:
    good, _ = build_folder(tmp_path / "folder")
    with Project.in_memory() as project:
        import_paths(project, [tmp_path / "folder"], max_bytes=2_000_000)
        again = import_paths(project, [tmp_path / "folder"], max_bytes=2_000_000)
        assert again.imported == [] and len(again.duplicates) == len(good)
        assert project.documents.count() == len(good)


def write_survey(path: Path) -> Path:
    rows = [["Timestamp", "id", "Q1", "Q2", "Country"],
            ["12/13/2019 9:50:30", "r1", "Loved it", "More docs", "Chile"],
            ["12/14/2019 10:00:00", "r2", "", "", "Peru"],
            ["12/15/2019 11:00:00", "r3", "Loved it", "", "Chile"],
            ["12/16/2019 12:00:00", "r4", "Too slow", "Faster please", "Kazakhstan"]]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_survey_becomes_one_document_per_answered_row(tmp_path: Path) -> None:
    path = write_survey(tmp_path / "survey.csv")
    with Project.in_memory() as project:
        mapping = SurveyMapping(text_columns=("Q1", "Q2"), title_column="id",
                                date_column="Timestamp")
        report = import_paths(project, [path], survey_mapping=mapping)
        assert [p for p, _ in report.imported] == [path] * 3
        documents = [project.documents.get(i) for _, i in report.imported]
        assert [(d.title, d.text, d.date) for d in documents] == [
            ("r1", "Loved it\n\nMore docs", "2019-12-13T09:50:30"),
            ("r3", "Loved it", "2019-12-15T11:00:00"),
            ("r4", "Too slow\n\nFaster please", "2019-12-16T12:00:00"),
        ]
        assert documents[0].attributes == {"Country": "Chile"}
        assert report.notes == [(path, "1 row with no text in the text column skipped")]
        assert report.failed == []
        assert report.summary_lines() == [
            "Imported 3 documents, 0 duplicates, 0 failed, 0 skipped.",
            f"note: {path}: 1 row with no text in the text column skipped",
        ]


def test_identical_answers_stay_separate_respondents_and_reimport_is_duplicate(tmp_path: Path) -> None:
    path = write_survey(tmp_path / "survey.csv")
    with Project.in_memory() as project:
        report = import_paths(project, [path], survey_mapping=SurveyMapping(("Q1",)))
        assert len(report.imported) == 3 and report.duplicates == []
        texts = [project.documents.text(i) for _, i in report.imported]
        assert texts.count("Loved it") == 2  # two respondents, two documents
        again = import_paths(project, [path], survey_mapping=SurveyMapping(("Q1",)))
        assert again.imported == []
        assert f"duplicate: {path}: 3 rows (already documents" in "\n".join(
            again.summary_lines())


def test_a_failing_survey_writes_nothing(tmp_path: Path) -> None:
    path = write_survey(tmp_path / "survey.csv")
    text_file = tmp_path / "note.txt"
    text_file.write_text("A note\n", encoding="utf-8")
    with Project.in_memory() as project:
        report = import_paths(project, [path, text_file],
                              survey_mapping=SurveyMapping(("Q1", "Missing")))
        assert project.documents.count() == 1
        assert [p for p, _ in report.failed] == [path]
        assert "no column named 'Missing'" in report.failed[0][1]
        assert [p for p, _ in report.imported] == [text_file]


def test_a_survey_is_all_or_nothing_inside_the_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.domain.errors import UserError
    from annotator.services.documents import DocumentService

    path = write_survey(tmp_path / "survey.csv")
    original = DocumentService.add
    calls = {"n": 0}

    def fail_on_third(self: DocumentService, new: object, **kw: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise UserError("disk full (simulated)")
        return original(self, new, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(DocumentService, "add", fail_on_third)
    with Project.in_memory() as project:
        report = import_paths(project, [path], survey_mapping=SurveyMapping(("Q1", "Q2")))
        assert project.documents.count() == 0
        assert report.imported == [] and report.notes == []
        assert report.failed == [(path, "disk full (simulated)")]


def test_an_xlsx_survey_with_the_default_mapping(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "answers.xlsx", [
        ["Submitted", "Rating", "Comment"],
        [dt.datetime(2020, 5, 1, 8, 30), 5, "Very useful workshop, thank you"],
        [dt.datetime(2020, 5, 2, 9, 0), 3, "Too long for one afternoon"],
    ])
    with Project.in_memory() as project:
        report = import_paths(project, [path])
        documents = [project.documents.get(i) for _, i in report.imported]
        assert [(d.text, d.date, d.attributes) for d in documents] == [
            ("Very useful workshop, thank you", "2020-05-01T08:30:00", {"Rating": "5"}),
            ("Too long for one afternoon", "2020-05-02T09:00:00", {"Rating": "3"}),
        ]


def test_the_real_survey_imports_through_the_service() -> None:
    if not SURVEY.is_dir():
        pytest.skip("../shared/corpora is not present")
    path = SURVEY / "2019 English R Community Survey Responses.csv"
    question = "What do you like best about using R?"
    with open(path, newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    answers = [r[question].strip() for r in records if r[question].strip()]
    with Project.in_memory() as project:
        report = import_paths(project, [path], survey_mapping=SurveyMapping((question,)))
        assert report.failed == []
        # Every respondent's answer is a document, identical answers ("Tidyverse") too.
        assert len(report.imported) == len(answers) and report.duplicates == []
        assert project.documents.count() == len(answers)
        assert len({normalize_text(a) for a in answers}) < len(answers)  # the case is real
        first = project.documents.get(report.imported[0][1])
        assert first.date == "2019-12-13T09:50:30"
        assert first.source.startswith(path.name + ", row ")


def test_refi_files_import_through_the_batch_importer(tmp_path: Path) -> None:
    from annotator.services.importing import REFI_SUFFIXES
    from annotator.services.refi_qda import REFI_EXTENSIONS, export_qdpx

    assert REFI_SUFFIXES == REFI_EXTENSIONS
    qdpx = tmp_path / "from-nvivo.qdpx"
    with Project.in_memory() as source:
        doc = source.documents.add(NewDocument("Interview", "We talked about water.")).document_id
        tag, _ = source.tags.create("water")
        source.highlights.create(doc, 16, 21, [tag])
        export_qdpx(source, qdpx)
    note = tmp_path / "note.txt"
    note.write_text("A plain note", encoding="utf-8")
    with Project.in_memory() as project:
        report = import_paths(project, [tmp_path])
        assert report.failed == [] and [p for p, _ in report.merged] == [qdpx]
        assert [p for p, _ in report.imported] == [note]
        (highlight,) = [h for d in project.documents.ids() for h in project.highlights.for_document(d)]
        assert highlight.quote == "water"


def test_many_small_files_commit_in_batches_and_all_arrive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services import importing

    monkeypatch.setattr(importing, "BATCH_FILES", 7)
    for i in range(30):
        (tmp_path / f"{i:03d}.txt").write_text(f"Document number {i}\nbody", encoding="utf-8")
    (tmp_path / "010.txt").write_bytes(b"")  # a bad file inside a batch
    seen: list[int] = []
    with Project.in_memory() as project:
        report = import_paths(project, [tmp_path], progress=lambda i, n, p: seen.append(i) or True)
        assert len(report.imported) == 29 and [p.name for p, _ in report.failed] == ["010.txt"]
        assert project.documents.count() == 29
        assert seen == list(range(30))
        cancelled = import_paths(Project.in_memory(), [tmp_path], progress=lambda i, n, p: i < 12)
        assert cancelled.cancelled and len(cancelled.imported) + len(cancelled.failed) == 12


def test_an_import_can_be_taken_back(tmp_path: Path) -> None:
    from annotator.services.exporting import export_json
    from annotator.services.import_undo import import_footprint, undo_import

    dataset = tmp_path / "coded.json"
    with Project.in_memory() as source:
        doc = source.documents.add(NewDocument("Interview", "We talked about water.")).document_id
        parent, _ = source.tags.create("environment")
        water, _ = source.tags.create("water", parent_id=parent)
        source.highlights.create(doc, 16, 21, [water])
        export_json(source, dataset)
    with Project.in_memory() as project:
        kept = project.documents.add(NewDocument("Mine", "My own notes.")).document_id
        own_tag, _ = project.tags.create("mine")
        project.highlights.create(kept, 0, 2, [own_tag])
        report = import_paths(project, [dataset])
        assert project.documents.count() == 2 and len(project.tags.all()) == 3
        undo_import(project, import_footprint(project, report.changes, report.amended))
        assert project.documents.ids() == [kept]
        assert [t.name for t in project.tags.all()] == ["mine"]
        assert project.highlights.count() == 1 and project.store.integrity_ok()


def test_a_file_name_the_system_cannot_decode_is_imported(tmp_path: Path) -> None:
    """A Latin-1 byte in a file name on a UTF-8 system (Python keeps it as a lone
    surrogate, which SQLite cannot store) becomes U+FFFD in the title and the source."""
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9 notes.txt"), "wb") as handle:
        handle.write(b"We met at the cafe.")
    with open(os.path.join(folder, b"r\xe9ponses.csv"), "wb") as handle:
        handle.write(b"id,answer\nr1,Oui\n")
    table = tmp_path / os.fsdecode(b"r\xe9ponses.csv")
    with Project.in_memory() as project:
        report = import_paths(project, [tmp_path], folder_surveys=[table])
        assert report.failed == []
        documents = sorted((project.documents.get(i).title, project.documents.get(i).source)
                           for _, i in report.imported)
    assert documents == [("caf\ufffd notes", "caf\ufffd notes.txt"),
                         ("r1", "r\ufffdponses.csv, row 2")]
