"""The charts' numbers within a document filter (tag frequencies, co-occurrence, documents
per period, undated documents) against recounts in Python from the project's records."""

from __future__ import annotations

import random
import re
from itertools import combinations

import pytest

from annotator.domain.filters import DocumentFilter
from annotator.domain.model import NewDocument
from annotator.domain.periods import period_of
from annotator.services import Project
from annotator.services.statistics import (
    cooccurrence,
    documents_per_period,
    tag_frequencies,
    undated,
)

OUTLETS = ("RT", "TASS", "Kommersant")
WORDS = ("water", "security", "migration", "border", "gas")


@pytest.fixture(scope="module")
def project() -> Project:
    rng = random.Random(13)
    project = Project.in_memory()
    water = project.tags.create("water")[0]
    security = project.tags.create("security")[0]
    project.tags.create("police", parent_id=security)
    tags = [t.id for t in project.tags.all()]
    for index in range(50):
        attributes = {"outlet": rng.choice(OUTLETS)} if index % 6 else {}
        date = None if index % 7 == 0 else f"201{index % 3}-{1 + index % 12:02d}-0{1 + index % 9}"
        text = " ".join(rng.choice(WORDS) for _ in range(14))
        doc = project.documents.add(NewDocument(f"Doc {index}", text, date, "",
                                                attributes)).document_id
        for _ in range(rng.randrange(4)):
            start = rng.randrange(0, 50)
            chosen = rng.sample(tags, rng.randrange(1, 3))
            project.highlights.create(doc, start, start + rng.randrange(3, 20), chosen)
    assert water in tags
    yield project
    project.close()


FILTERS = [
    DocumentFilter(values={"outlet": frozenset({"RT", None})}),
    DocumentFilter(values={"outlet": frozenset({"TASS"})}, first_day="2011-01-01"),
    DocumentFilter(text="gas migra*"),
    DocumentFilter(tag_ids=frozenset({1, 3}), tag_match="all"),
    DocumentFilter(tag_ids=frozenset({1}), tag_match="none", last_day="2011-06"),
]


def selected(project: Project, where: DocumentFilter) -> set[int]:
    """The documents ``where`` selects, decided in Python from the records."""
    chosen = set()
    for doc_id in project.documents.ids():
        doc = project.documents.get(doc_id)
        carried = {t for h in project.highlights.for_document(doc_id) for t in h.tag_ids}
        words = re.findall(r"\w+", doc.text.lower())  # the query searches the text only
        day = (doc.date or "")[:10]
        # The filter's query: words that must all be there, those ending in * as prefixes.
        if where.text and not all(
                any(w.startswith(q[:-1]) if q.endswith("*") else w == q for w in words)
                for q in where.text.lower().split()):
            continue
        if (where.first_day or where.last_day) and not doc.date:
            continue
        if where.first_day and day < where.first_day:
            continue
        if where.last_day and day[:len(where.last_day)] > where.last_day:
            continue
        if where.tag_ids:
            matched = {"any": bool(carried & where.tag_ids),
                       "all": where.tag_ids <= carried,
                       "none": not carried & where.tag_ids}[where.tag_match]
            if not matched:
                continue
        if any(doc.attributes.get(name) not in allowed for name, allowed in where.values.items()):
            continue
        chosen.add(doc_id)
    return chosen


def highlights_in(project: Project, documents: set[int]) -> list:
    return [h for d in sorted(documents) for h in project.highlights.for_document(d)]


@pytest.mark.parametrize("where", FILTERS, ids=range(len(FILTERS)))
def test_frequencies_within_a_filter(project: Project, where: DocumentFilter) -> None:
    documents = selected(project, where)
    assert 0 < len(documents) < project.documents.count()  # a real restriction
    found = highlights_in(project, documents)
    children = {t.id: {c.id for c in project.tags.all() if c.parent_id == t.id}
                for t in project.tags.all()}
    for include_children in (False, True):
        bars = {f.tag_id: (f.highlights, f.documents) for f in
                tag_frequencies(project, include_children=include_children, where=where)}
        for tag_id in bars:
            family = {tag_id} | (children[tag_id] if include_children else set())
            carrying = [h for h in found if family & set(h.tag_ids)]
            assert bars[tag_id] == (len(carrying), len({h.document_id for h in carrying}))


@pytest.mark.parametrize("where", FILTERS, ids=range(len(FILTERS)))
def test_cooccurrence_within_a_filter(project: Project, where: DocumentFilter) -> None:
    found = highlights_in(project, selected(project, where))
    tags = [t.id for t in project.tags.all()]
    by_highlights = cooccurrence(project, tags, by="highlights", where=where)
    by_documents = cooccurrence(project, tags, by="documents", where=where)
    for a, b in combinations(tags, 2):
        pairs = sum(1 for x in found for y in found
                    if x.document_id == y.document_id and a in x.tag_ids and b in y.tag_ids
                    and x.start < y.end and y.start < x.end)
        assert by_highlights.get((a, b), 0) == pairs
        both = {h.document_id for h in found if a in h.tag_ids} & {
            h.document_id for h in found if b in h.tag_ids}
        assert by_documents.get((b, a), 0) == len(both)
    for a in tags:
        assert by_highlights[(a, a)] == sum(a in h.tag_ids for h in found)


@pytest.mark.parametrize("where", FILTERS, ids=range(len(FILTERS)))
def test_periods_and_undated_within_a_filter(project: Project, where: DocumentFilter) -> None:
    documents = [project.documents.get(i) for i in sorted(selected(project, where))]
    expected: dict[str, int] = {}
    for doc in documents:
        if doc.date:
            key = period_of(doc.date[:10], "month")
            expected[key] = expected.get(key, 0) + 1
    assert documents_per_period(project, by="month", where=where) == expected
    without_date = {d.id for d in documents if not d.date}
    tagged = [h for h in highlights_in(project, without_date) if h.tag_ids]
    assert undated(project, where=where) == (len(without_date), len(tagged))
