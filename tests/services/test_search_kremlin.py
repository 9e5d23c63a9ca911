"""Search on the Kremlin news corpus: documents and hit counts checked against regular
expressions run on the corpus files themselves.

The issue found the old filter box wrong: ``"national security"`` listed every document
with both words (24), ``water OR migration`` one document. Whole words, the phrase is in
7 documents (10 counting "international security"), either word in 8.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.filters import DocumentFilter
from annotator.domain.search_query import QuerySyntaxError
from annotator.services import Project
from annotator.services.importing import import_paths
from annotator.services.search import first_hits, hits, hits_in_context, search_documents

CORPUS = "news-kremlin-en"


@pytest.fixture(scope="module")
def kremlin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, dict[str, str]]]:
    from helpers import SHARED

    folder = SHARED / "corpora" / CORPUS
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())
             if p.suffix in (".txt", ".md")}
    path = tmp_path_factory.mktemp("kremlin") / "kremlin.annotator"
    with Project.open(path, coder="tester") as project:
        report = import_paths(project, [folder])
        assert len(report.imported) == len(files) == 205
        yield project, files


def by_regex(files: dict[str, str], *patterns: str, without: str | None = None,
             ) -> tuple[set[str], int]:
    """Files matching any of ``patterns`` (and not ``without``), and how many matches
    of the patterns they hold (case-insensitive)."""
    chosen, count = set(), 0
    for name, text in files.items():
        found = sum(len(re.findall(p, text, re.IGNORECASE)) for p in patterns)
        if found and not (without and re.search(without, text, re.IGNORECASE)):
            chosen.add(name)
            count += found
    return chosen, count


def sources(project: Project, ids: list[int]) -> set[str]:
    return {project.documents.get(i).source for i in ids}


@pytest.mark.parametrize(("query", "patterns", "without"), [
    ('"national security"', [r"\bnational\W+security\b"], None),
    ("water OR migration", [r"\bwater\b", r"\bmigration\b"], None),
    ("security -terrorism", [r"\bsecurity\b"], r"\bterrorism\b"),
    ("security NOT terrorism", [r"\bsecurity\b"], r"\bterrorism\b"),
    ("migra*", [r"\bmigra\w*"], None),
    ('"nuclear weapon*"', [r"\bnuclear\W+weapon\w*"], None),
    ('"nuclear weapons"', [r"\bnuclear\W+weapons\b"], None),
])
def test_documents_and_hits_are_those_a_regular_expression_finds(
        kremlin: tuple[Project, dict[str, str]], query: str, patterns: list[str],
        without: str | None) -> None:
    project, files = kremlin
    chosen, count = by_regex(files, *patterns, without=without)
    listed, hit_files, hit_count, wrong = searched(project, files, query, patterns)
    assert listed == hit_files == chosen and chosen
    assert hit_count == count
    assert wrong == []


def test_an_and_inside_an_or_hits_only_where_the_and_holds(
        kremlin: tuple[Project, dict[str, str]]) -> None:
    project, files = kremlin
    syria, gas, pipeline = r"\bsyria\b", r"\bgas\b", r"\bpipeline\w*"
    chosen, count = set(), 0
    for name, text in files.items():
        both = re.search(gas, text, re.I) and re.search(pipeline, text, re.I)
        found = len(re.findall(syria, text, re.I)) + (
            len(re.findall(f"{gas}|{pipeline}", text, re.I)) if both else 0)
        if found:
            chosen.add(name)
            count += found
    listed, hit_files, hit_count, wrong = searched(project, files, "Syria OR (gas pipeline*)",
                                                   [syria, gas, pipeline])
    assert listed == hit_files == chosen and chosen
    assert hit_count == count
    assert wrong == []


def searched(project: Project, files: dict[str, str], query: str, patterns: list[str]
             ) -> tuple[set[str], set[str], int, list[str]]:
    """What the query gives: the files it lists, the files its hits are in, how many hits,
    and the hits that are not a slice of their file's text matched whole by one of
    ``patterns``."""
    listed = sources(project, search_documents(project, query))
    found = list(hits(project, query))
    wrong = []
    for hit in found:
        text = files[project.documents.get(hit.document_id).source]
        if text[hit.start:hit.end] != hit.text or not any(
                re.fullmatch(p, hit.text, re.IGNORECASE) for p in patterns):
            wrong.append(hit.text)
    return listed, sources(project, [h.document_id for h in found]), len(found), wrong


def test_the_issues_examples_now_give_the_right_documents(
        kremlin: tuple[Project, dict[str, str]]) -> None:
    project, files = kremlin
    assert len(search_documents(project, '"national security"')) == 7
    both_words = by_regex(files, r"\bnational\b")[0] & by_regex(files, r"\bsecurity\b")[0]
    assert len(both_words) == 24  # what the filter box used to list
    assert len(search_documents(project, "water OR migration")) == 8
    with_security = by_regex(files, r"\bsecurity\b")[0]
    without_terrorism = with_security - by_regex(files, r"\bterrorism\b")[0]
    assert len(search_documents(project, "security -terrorism")) == len(without_terrorism) < len(
        with_security)


def test_near_lists_documents_with_the_words_close_together(
        kremlin: tuple[Project, dict[str, str]]) -> None:
    project, files = kremlin
    gap = r"\W+(?:\w+\W+){0,3}?"
    pattern = rf"\bwater{gap}resources\b|\bresources{gap}water\b"
    chosen = {n for n, t in files.items() if re.search(pattern, t, re.IGNORECASE)}
    ids = search_documents(project, "NEAR(water resources, 3)")
    assert sources(project, ids) == chosen and chosen
    assert {h.text.lower() for h in hits(project, "NEAR(water resources, 3)")} == {
        "water", "resources"}


def test_the_browser_filter_and_the_search_list_the_same_documents(
        kremlin: tuple[Project, dict[str, str]]) -> None:
    project, _ = kremlin
    for query in ('"national security"', "water OR migration", "security -terrorism"):
        selected = project.documents.select(DocumentFilter(text=query), "date")
        assert selected == search_documents(project, query)


def test_hits_come_by_date_then_position_and_the_first_ones_are_a_prefix(
        kremlin: tuple[Project, dict[str, str]]) -> None:
    project, _ = kremlin
    every = list(hits(project, "security"))
    assert len(every) > 150
    assert first_hits(project, "security", 150) == every[:150]
    order = {doc: n for n, doc in enumerate(search_documents(project, "security"))}
    keys = [(order[h.document_id], h.start) for h in every]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    dates = [project.documents.get(i).date for i in order]
    dated = [d for d in dates if d]
    assert dates == dated + [None] * (len(dates) - len(dated)) and dated == sorted(dated)


def test_context_is_the_text_around_the_hit(kremlin: tuple[Project, dict[str, str]]) -> None:
    project, files = kremlin
    for item in hits_in_context(project, '"national security"', context=25):
        document = project.documents.get(item.hit.document_id)
        text = files[document.source]
        assert (item.title, item.date) == (document.title, document.date)
        assert item.left == text[max(0, item.hit.start - 25):item.hit.start]
        assert item.right == text[item.hit.end:item.hit.end + 25]


def test_a_filter_narrows_the_search(kremlin: tuple[Project, dict[str, str]]) -> None:
    project, files = kremlin
    dated_2018 = DocumentFilter(first_day="2018-01-01", last_day="2018-12-31")
    ids = search_documents(project, "security", dated_2018)
    expected = {n for n in by_regex(files, r"\bsecurity\b")[0]
                if re.search(r"\b\d\d\.\d\d\.2018\b", files[n])}
    assert sources(project, ids) == expected and expected
    inside = DocumentFilter(text="terrorism")
    assert set(search_documents(project, "security", inside)) == set(
        search_documents(project, "security terrorism"))


def test_the_corpus_files_are_what_the_project_stores(
        kremlin: tuple[Project, dict[str, str]]) -> None:
    project, files = kremlin
    for document_id in project.documents.ids():
        document = project.documents.get(document_id)
        assert document.text == files[Path(document.source).name]


def test_a_malformed_query_raises_when_asked_not_when_read(
        kremlin: tuple[Project, dict[str, str]]) -> None:
    project, _ = kremlin
    for search in (search_documents, hits, hits_in_context):
        with pytest.raises(QuerySyntaxError, match="character 9: expected a word"):
            search(project, "water OR")
