"""One document filter (text, dates, tags, variable values) and counts within it, split by
a variable: every number checked against a recount in Python from the project's records."""

from __future__ import annotations

import random
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.errors import UserError
from annotator.domain.filters import DocumentFilter, parse_where
from annotator.domain.model import NewDocument
from annotator.domain.periods import period_of
from annotator.services import Project
from annotator.services.quotes import QuoteFilter, quote_count
from annotator.services.statistics import compute_stats

OUTLETS = ("RT", "TASS", "Kommersant")
WORDS = ("water", "security", "migration", "border", "gas")


def build(seed: int = 7, documents: int = 60) -> Project:
    """Documents with an outlet (sometimes missing), a year variable, dates (sometimes
    missing, sometimes only a year), and highlights of three tags."""
    rng = random.Random(seed)
    project = Project.in_memory()
    tags = [project.tags.create(name)[0] for name in ("water", "security", "migration")]
    for index in range(documents):
        attributes: dict[str, object] = {"year": 2010 + index % 4}
        if index % 5:
            attributes["outlet"] = rng.choice(OUTLETS)
        date = None if index % 9 == 0 else (
            f"{2010 + index % 4}" if index % 11 == 0 else
            f"{2010 + index % 4}-{1 + index % 12:02d}-{1 + index % 28:02d}")
        text = " ".join(rng.choice(WORDS) for _ in range(12)) + f" number {index}"
        document_id = project.documents.add(
            NewDocument(f"Doc {index}", text, date, f"d{index}.txt", attributes)).document_id
        for tag in tags:
            for _ in range(rng.randrange(3)):
                start = rng.randrange(0, 40)
                project.highlights.create(document_id, start, start + 5, [tag])
    return project


#: The filter's search queries, each with what it means for a text's words (recounted
#: here by hand; the texts are lower-case words separated by spaces).
TEXT_QUERIES = {
    "": lambda words: True,
    "water": lambda words: "water" in words,
    "secur*": lambda words: any(w.startswith("secur") for w in words),
    "gas border": lambda words: "gas" in words and "border" in words,
    '"gas border"': lambda words: ("gas", "border") in set(pairwise(words)),
    "water OR gas -border": lambda words: "water" in words or (
        "gas" in words and "border" not in words),
}


def documents_of(project: Project) -> list:
    return [project.documents.get(i) for i in project.documents.ids("id")]


def tags_of(project: Project) -> dict[int, set[int]]:
    """Document id -> the tags of its highlights."""
    out: dict[int, set[int]] = {}
    for document_id in project.documents.ids("id"):
        out[document_id] = {t for h in project.highlights.for_document(document_id)
                            for t in h.tag_ids}
    return out


def value_text(value: object) -> str | None:
    return None if value is None else str(value)


def selected_by_hand(project: Project, selection: DocumentFilter) -> set[int]:
    carried = tags_of(project)
    chosen = set()
    for document in documents_of(project):
        if not TEXT_QUERIES[selection.text](document.text.split()):
            continue
        day = period_of(document.date, "day") if document.date else None
        if selection.first_day and (day is None or day < selection.first_day):
            continue
        if selection.last_day and (day is None or day[:len(selection.last_day)]
                                   > selection.last_day):
            continue
        tags = carried[document.id] & selection.tag_ids
        if selection.tag_ids and (
            (selection.tag_match == "any" and not tags)
            or (selection.tag_match == "all" and tags != selection.tag_ids)
            or (selection.tag_match == "none" and tags)
        ):
            continue
        if any(value_text(document.attributes.get(name)) not in allowed
               for name, allowed in selection.values.items()):
            continue
        chosen.add(document.id)
    return chosen


filters = st.builds(
    DocumentFilter,
    text=st.sampled_from(sorted(TEXT_QUERIES)),
    first_day=st.sampled_from([None, "2011", "2012-03", "2010-06-15"]),
    last_day=st.sampled_from([None, "2012", "2011-07", "2013-01-31"]),
    tag_ids=st.frozensets(st.sampled_from([1, 2, 3]), max_size=3),
    tag_match=st.sampled_from(["any", "all", "none"]),
    values=st.dictionaries(st.sampled_from(["outlet", "year"]), st.frozensets(
        st.sampled_from([*OUTLETS, "2010", "2012", None]), min_size=1, max_size=3),
        max_size=2),
)


@settings(max_examples=80, deadline=None)
@given(filters)
def test_a_filter_selects_what_a_recount_selects(selection: DocumentFilter) -> None:
    project = PROJECT
    expected = selected_by_hand(project, selection)
    assert set(project.documents.select(selection)) == expected
    by_date = project.documents.select(selection, "date")
    dates = {d.id: d.date for d in documents_of(project)}
    assert by_date == sorted(expected, key=lambda i: (dates[i] is None, dates[i] or "", i))
    assert list(project.store.documents.ids_by_date(selection)) == by_date  # streamed alike
    for order in ("title", "highlights"):
        assert sorted(project.documents.select(selection, order)) == sorted(by_date)
    assert project.store.selections.count(selection) == len(expected)
    # the quotes of all tags within the filter: the highlights of those documents
    highlights = sum(len(project.highlights.for_document(i)) for i in expected)
    assert quote_count(project, QuoteFilter((1, 2, 3), documents=selection)) == highlights


PROJECT = build()


@pytest.mark.parametrize("split", [None, "outlet", "year"])
@pytest.mark.parametrize("where", [[], ["outlet=RT"], ["outlet=RT", "outlet=TASS"],
                                   ["outlet=", "year=2011"]])
def test_stats_within_a_filter_split_by_a_variable(where: list[str], split: str | None) -> None:
    project = PROJECT
    selection = DocumentFilter(values=parse_where(where))
    report = compute_stats(project, by="year", where=selection, split=split, measure="share")
    chosen = selected_by_hand(project, selection)
    documents = {d.id: d for d in documents_of(project)}

    def group_of(document_id: int) -> str | None:
        return value_text(documents[document_id].attributes.get(split)) if split else None

    highlights: Counter = Counter()
    carrying: dict[tuple[int, str | None], set[int]] = {}
    per_period: Counter = Counter()
    timeline: Counter = Counter()
    timeline_documents: dict[tuple[str, int, str | None], set[int]] = {}
    for document_id in chosen:
        group = group_of(document_id)
        date = documents[document_id].date
        period = period_of(date, "year") if date else None
        if period:
            per_period[(period, group)] += 1
        for highlight in project.highlights.for_document(document_id):
            for tag in highlight.tag_ids:
                highlights[(tag, group)] += 1
                carrying.setdefault((tag, group), set()).add(document_id)
                if period:
                    timeline[(period, tag, group)] += 1
                    timeline_documents.setdefault((period, tag, group), set()).add(document_id)
    groups = {group_of(i) for i in chosen}
    assert {g for g, _ in report.groups} == groups
    assert dict(report.groups) == Counter(group_of(i) for i in chosen)
    for row in report.tags:
        tag = project.tags.resolve(row.path)
        assert (row.highlights, row.documents) == (
            highlights[(tag, row.group)], len(carrying.get((tag, row.group), ()))), row
    assert len(report.tags) == 3 * len(groups)
    assert {(r.period, r.tag_id, r.group): r.highlights for r in report.timeline
            if r.highlights} == {k: v for k, v in timeline.items() if v}
    for row in report.timeline:
        key = (row.period, row.tag_id, row.group)
        assert row.period_documents == per_period[(row.period, row.group)]
        if not per_period[(row.period, row.group)]:  # no document of the group: a gap
            assert row.highlights is row.documents is row.share is None
            continue
        assert row.documents == len(timeline_documents.get(key, ()))
        assert row.share == pytest.approx(row.documents / per_period[(row.period, row.group)])


def test_an_unknown_variable_is_named_with_the_known_ones() -> None:
    with pytest.raises(UserError, match=r"no document variable called 'party'.*outlet"):
        compute_stats(PROJECT, split="party")
    with pytest.raises(UserError, match="'colour'"):
        compute_stats(PROJECT, where=DocumentFilter(values={"colour": frozenset({"red"})}))


def test_where_conditions_parse_into_or_within_a_name_and_and_across() -> None:
    assert parse_where(["a=1", "a=2", "b=x y", "c="]) == {
        "a": frozenset({"1", "2"}), "b": frozenset({"x y"}), "c": frozenset({None})}
    with pytest.raises(ValueError, match="'oops'"):
        parse_where(["oops"])
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_where(["=3"])
    chips = DocumentFilter().with_value("a", "1").with_value("a", "2").without_value("a", "1")
    assert chips.values == {"a": frozenset({"2"})}
    assert chips.without_value("a", "2").is_empty


def test_counts_within_a_filter_follow_a_date_change() -> None:
    project = build(seed=3, documents=12)
    selection = DocumentFilter(values={"year": frozenset({"2010", "2011", "2012", "2013"})})
    document_id = next(i for i in project.documents.ids("id")
                       if project.highlights.for_document(i))
    project.documents.update(document_id, date="1999-07-04")
    rows = compute_stats(project, by="year", where=selection).timeline
    moved = sum(len([t for h in project.highlights.for_document(document_id) for t in h.tag_ids
                     if t == tag]) for tag in (1, 2, 3))
    assert sum(r.highlights for r in rows if r.period == "1999") == moved
    assert project.check() == []
