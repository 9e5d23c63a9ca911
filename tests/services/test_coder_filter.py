"""The filter's coder condition: the browser's documents and counts, the quotes and the
charts' counts take only the chosen coders' highlights; checked against the highlights
listed document by document."""

from __future__ import annotations

import random

import pytest

from annotator.domain.filters import DocumentFilter
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.coder_choice import chosen_coders, split_names
from annotator.services.quotes import QuoteFilter, quotes
from annotator.services.statistics import cooccurrence, tag_frequencies, timeline


@pytest.fixture
def teamwork(project: Project) -> Project:
    rng = random.Random(7)
    tags = [project.tags.create(name)[0] for name in ("a", "b", "c")]
    documents = [project.documents.add(NewDocument(f"d{i}", f"text{i} " + "word " * 40,
                                                   f"2020-0{1 + i % 3}-01")).document_id
                 for i in range(8)]
    assert len(set(documents)) == 8
    for coder in ("ann", "bob", "cem"):
        project.coder = coder
        for document in rng.sample(documents, 5):
            for _ in range(rng.randint(1, 3)):
                start = rng.randrange(0, 150)
                project.highlights.create(document, start, start + 20, rng.sample(tags, 2))
    return project


def listed(project: Project) -> list:
    return [h for d in project.documents.ids() for h in project.highlights.for_document(d)]


@pytest.mark.parametrize("coders", [{"ann"}, {"bob", "cem"}])
def test_documents_counts_and_quotes_follow_the_coders(teamwork: Project, coders) -> None:
    where = DocumentFilter(coders=frozenset(coders))
    theirs = [h for h in listed(teamwork) if h.coder in coders]
    documents = sorted({h.document_id for h in theirs})
    assert teamwork.documents.select(where) == documents
    counts = {s.id: s.highlight_count for s in teamwork.documents.summaries(documents,
                                                                      where.coders)}
    assert counts == {d: sum(1 for h in theirs if h.document_id == d) for d in documents}
    a = teamwork.tags.find(["a"])
    found = quotes(teamwork, QuoteFilter((a,), documents=where), limit=10_000)
    assert sorted(q.highlight_id for q in found) == sorted(h.id for h in theirs
                                                           if a in h.tag_ids)
    # A tag condition asks for these coders' highlights of the tag.
    tagged = sorted({h.document_id for h in theirs if a in h.tag_ids})
    assert teamwork.documents.select(where.with_tags([a])) == tagged


def test_charts_count_only_the_coders_highlights(teamwork: Project) -> None:
    where = DocumentFilter(coders=frozenset({"bob"}))
    bobs = [h for h in listed(teamwork) if h.coder == "bob"]
    frequencies = {f.path: (f.highlights, f.documents)
                   for f in tag_frequencies(teamwork, where=where)}
    for name in ("a", "b", "c"):
        tag = teamwork.tags.find([name])
        mine = [h for h in bobs if tag in h.tag_ids]
        assert frequencies[name] == (len(mine), len({h.document_id for h in mine}))
    rows = timeline(teamwork, by="month", where=where)
    assert sum(r.highlights for r in rows) == sum(len(h.tag_ids) for h in bobs)
    a, b = teamwork.tags.find(["a"]), teamwork.tags.find(["b"])
    together = cooccurrence(teamwork, [a, b], by="documents", where=where)
    assert together[(a, b)] == len(
        {h.document_id for h in bobs if a in h.tag_ids} & {h.document_id for h in bobs
                                                           if b in h.tag_ids})


def test_names_are_split_and_checked(teamwork: Project) -> None:
    assert split_names(["ann, bob", "", "bob,cem"]) == ["ann", "bob", "cem"]
    assert chosen_coders(teamwork, ["ann,cem"]) == {"ann", "cem"}
    with pytest.raises(Exception, match="no highlights by a coder called 'dan'"):
        chosen_coders(teamwork, ["dan"])


@pytest.mark.parametrize("measure", ["documents", "highlights"])
def test_crosstab_by_a_variable_counts_only_the_coders_highlights(teamwork: Project,
                                                                  measure: str) -> None:
    from annotator.services.comparison import crosstab

    ids = teamwork.documents.ids()
    teamwork.variables.set_value(ids[::2], "outlet", "RT")
    teamwork.variables.set_value(ids[1::2], "outlet", "TASS")
    outlet = {d: ("RT" if i % 2 == 0 else "TASS") for i, d in enumerate(ids)}
    where = DocumentFilter(coders=frozenset({"ann", "cem"}))
    theirs = [h for h in listed(teamwork) if h.coder in where.coders]
    table = crosstab(teamwork, "outlet", measure=measure, where=where)  # type: ignore[arg-type]
    groups = [g for g, _ in table.groups]
    assert groups == ["RT", "TASS"]
    for row in table.rows:
        mine = [h for h in theirs if row.tag_id in h.tag_ids]
        expected = [len({h.document_id for h in mine if outlet[h.document_id] == g})
                    if measure == "documents" else
                    sum(1 for h in mine if outlet[h.document_id] == g) for g in groups]
        assert list(row.counts) == expected, row.path
    if measure == "highlights":
        assert list(table.bases) == [sum(1 for h in theirs if outlet[h.document_id] == g)
                                     for g in groups]
