"""The crosstab and the groups of a split, against recounts from the project's records."""

from __future__ import annotations

import pytest

from annotator.domain.errors import NotFoundError
from annotator.domain.filters import DocumentFilter
from annotator.services import Project
from annotator.services.comparison import (
    crosstab,
    dated_documents,
    group_filter,
    split_groups,
    undated,
)
from annotator.services.quotes import QuoteFilter, quotes
from comparison_corpus import (
    OUTLET_ORDER,
    build_comparison_project,
    crosstab_base,
    crosstab_recount,
    highlight_ids,
    records,
)


@pytest.fixture
def compared(project: Project) -> Project:
    return build_comparison_project(project)


def test_groups_come_in_the_variables_order_with_no_value_last(compared: Project) -> None:
    found = records(compared, "outlet")
    assert split_groups(compared, "outlet") == [
        (g, sum(1 for r in found if r.group == g)) for g in OUTLET_ORDER]
    issues = [g for g, _ in split_groups(compared, "issue")]
    assert issues == ["9", "10", "100", None]  # numbers by size, not as text


@pytest.mark.parametrize("measure", ["documents", "highlights"])
def test_crosstab_cells_and_bases_equal_a_recount(compared: Project, measure: str) -> None:
    table = crosstab(compared, "outlet", measure=measure)  # type: ignore[arg-type]
    found = records(compared, "outlet")
    assert [g for g, _ in table.groups] == OUTLET_ORDER
    assert list(table.bases) == [crosstab_base(found, g, measure) for g in OUTLET_ORDER]
    paths = {t: "/".join(p) for t, p in compared.tags.paths().items()}
    assert [r.path for r in table.rows] == ["security", "security/borders", "water", "migration"]
    assert [r.depth for r in table.rows] == [0, 1, 0, 0]
    for row in table.rows:
        expected = [crosstab_recount(found, row.tag_id, g, measure) for g in OUTLET_ORDER]
        assert list(row.counts) == expected, paths[row.tag_id]
        everywhere = sum(1 for r in found for _, tags in r.highlights if row.tag_id in tags) \
            if measure == "highlights" else sum(
                1 for r in found if any(row.tag_id in tags for _, tags in r.highlights))
        assert row.total == everywhere
    all_base = (len(found) if measure == "documents"
                else sum(1 for r in found for _, tags in r.highlights if tags))
    assert table.total_base == all_base


def test_crosstab_within_a_filter_and_for_chosen_tags(compared: Project) -> None:
    water = compared.tags.resolve("water")
    where = DocumentFilter(first_day="2018-06-01", last_day="2019-12-31")
    table = crosstab(compared, "outlet", measure="highlights", tag_ids=[water], where=where)
    kept = set(compared.documents.select(where))
    found = records(compared, "outlet", lambda i: i in kept)
    present = [g for g in OUTLET_ORDER if any(r.group == g for r in found)]
    assert [g for g, _ in table.groups] == present
    assert [r.tag_id for r in table.rows] == [water]
    assert list(table.rows[0].counts) == [crosstab_recount(found, water, g, "highlights")
                                          for g in present]


def test_a_groups_filter_lists_exactly_the_cells_quotes(compared: Project) -> None:
    """The quotes behind a cell: the tag's highlights in the group, within the filter."""
    found = records(compared, "outlet")
    security = compared.tags.resolve("security")
    for group in OUTLET_ORDER:
        query = QuoteFilter((security,), documents=group_filter(None, "outlet", group))
        listed = {q.highlight_id for q in quotes(compared, query, limit=1000)}
        assert listed == highlight_ids(found, security, group)
    # Within a filter that already allows two outlets, a group narrows it to one.
    where = DocumentFilter(values={"outlet": frozenset({"RT", "TASS"})})
    assert group_filter(where, "outlet", "RT").values == {"outlet": frozenset({"RT"})}


def test_dated_and_undated_documents_per_group(compared: Project) -> None:
    found = records(compared, "outlet")
    per_year = dated_documents(compared, by="year", split="outlet")
    for group in OUTLET_ORDER:
        years: dict[str, int] = {}
        for r in found:
            if r.group == group and r.day:
                years[r.day[:4]] = years.get(r.day[:4], 0) + 1
        assert per_year.get(group, {}) == years
    missing = undated(compared, split="outlet")
    assert missing == {"TASS": (1, sum(1 for r in found if r.day is None
                                           for _, tags in r.highlights if tags))}


def test_an_unknown_variable_names_the_known_ones(compared: Project) -> None:
    with pytest.raises(NotFoundError, match=r"called .party. \(variables: outlet, issue\)"):
        crosstab(compared, "party")
    with pytest.raises(ValueError, match="unknown crosstab measure"):
        crosstab(compared, "outlet", measure="share")  # type: ignore[arg-type]
