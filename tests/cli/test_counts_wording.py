"""Counts in messages are worded right at 0, 1 and 2 ("1 highlight", never
"1 highlights"): the command line's autocode line, the import summary, a dataset merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.model import Changes, NewDocument
from annotator.services import Project
from annotator.services.dataset_merge import MergeResult
from annotator.services.import_report import ImportReport, MergedFile


@pytest.mark.parametrize(("texts", "expected"), [
    ([], "Created 0 highlights with tag 'water' for 0 matches in 0 documents."),
    (["A river."], "Created 1 highlight with tag 'water' for 1 match in 1 document."),
    (["A river.", "A river and a river."],
     "Created 3 highlights with tag 'water' for 3 matches in 2 documents."),
])
def test_autocode_says_how_many_in_words_that_agree(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], texts: list[str],
        expected: str) -> None:
    path = tmp_path / "p.annotator"
    with Project.open(path) as project:
        for i, text in enumerate(texts):
            project.documents.add(NewDocument(f"d{i}", text))
    code = main(["autocode", str(path), "--tag", "water", "--phrase", "river"])
    out = capsys.readouterr().out.strip()
    assert code == 0 and out == expected
    # The count said is the count made (and the matches a regex finds in the texts).
    with Project.open(path) as project:
        assert project.highlights.count() == sum(t.count("river") for t in texts)


@pytest.mark.parametrize(("count", "expected"), [
    (0, "Imported 0 documents, 0 duplicates, 0 failed, 0 skipped"),
    (1, "Imported 1 document, 1 highlight, 1 tag, 1 duplicate, 0 failed, 0 skipped, "
        "1 coded dataset merged"),
    (2, "Imported 2 documents, 2 highlights, 2 tags, 2 duplicates, 0 failed, 0 skipped, "
        "2 coded datasets merged")])
def test_the_import_headline(count: int, expected: str) -> None:
    report = ImportReport()
    report.imported = [(Path(f"a{i}.txt"), i) for i in range(count)]
    report.duplicates = [(Path(f"b{i}.txt"), i) for i in range(count)]
    report.merged = [(Path(f"c{i}.json"), "merged") for i in range(count)]
    # each merged file brought a highlight and a tag, and no document
    report.merged_files = [MergedFile("coded dataset", 0, 0, 1, 1) for _ in range(count)]
    assert report.summary_lines()[0] == expected + "."


@pytest.mark.parametrize(("count", "expected"), [
    (0, "nothing new"),
    (1, "1 document, 1 tag, 1 highlight (alice 1); 1 highlight already present"),
    (2, "2 documents, 2 tags, 2 highlights (alice 2); 2 highlights already present"),
])
def test_the_dataset_merge_summary(count: int, expected: str) -> None:
    result = MergeResult(count, 0, count, count, count, Changes(),
                         highlights_by_coder={"alice": count})
    assert result.summary() == expected
