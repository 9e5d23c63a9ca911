"""The documents a search lists, in date order, by either of the two ways the store orders
them (a few matches looked up one by one, many picked from a walk of the date index):
checked against a regular expression over the texts and a sort in Python."""

from __future__ import annotations

import random
import re

import pytest

from annotator.domain.filters import DocumentFilter
from annotator.services import Project
from annotator.services.search import search_documents
from helpers import add_text

DATES = (None, "2019", "2019-05", "2019-05-02", "2019-05-02T10:00", "2020-01-01", "2018-12")


@pytest.fixture(scope="module")
def project() -> Project:
    """200 documents: "common" in about nine tenths, "rare" in about one in eight, dates
    repeated, imprecise or missing, ids not in date order."""
    rng = random.Random(11)
    project = Project.in_memory()
    for number in range(200):
        words = ["filler"] * 5 + [f"number{number}"]  # (identical texts are one document)
        if rng.random() < 0.9:
            words.append("common")
        if rng.random() < 0.12:
            words.append("Rare")
        rng.shuffle(words)
        add_text(project, " ".join(words), title=f"d{number}", date=rng.choice(DATES))
    return project


def expected(project: Project, *words: str) -> list[int]:
    """Ids of the documents holding every word, by date (undated last), then id."""
    exported = [(d.id, d.date, project.documents.get(d.id).text)
                for d in project.documents.summaries(project.documents.ids())]
    holding = [(i, date) for i, date, text in exported
               if all(re.search(rf"\b{w}\b", text, re.IGNORECASE) for w in words)]
    return [i for i, date in sorted(holding, key=lambda r: (r[1] is None, r[1] or "", r[0]))]


@pytest.mark.parametrize("word", ["rare", "common", "absent"])
def test_a_search_lists_its_documents_by_date(project: Project, word: str) -> None:
    listed = search_documents(project, word)
    assert listed == expected(project, word)
    if word == "rare":  # both ways are exercised: few matches, and most documents
        assert 0 < len(listed) * 5 <= 200
        assert None in {project.documents.get(i).date for i in listed}
    elif word == "common":
        assert len(listed) * 5 > 200


def test_the_filter_text_and_the_search_both_hold(project: Project) -> None:
    listed = search_documents(project, "rare", DocumentFilter(text="common"))
    assert listed == expected(project, "rare", "common")
    assert listed


def test_a_search_within_a_coder_filter_lists_only_that_coders_documents(project: Project
                                                                          ) -> None:
    common = search_documents(project, "common")
    tag = project.tags.create("coded by bob")[0]
    project.coder = "bob"
    bobs = common[::3]
    for document_id in bobs:
        project.highlights.create(document_id, 0, 6, [tag])
    try:
        listed = search_documents(project, "common", DocumentFilter(coders=frozenset({"bob"})))
        assert listed == [i for i in expected(project, "common") if i in set(bobs)]
    finally:
        for document_id in bobs:
            for highlight in project.highlights.for_document(document_id):
                project.highlights.delete(highlight.id)
