"""Autocoding and statistics: numbers checked against counts computed independently."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.errors import UserError
from annotator.services import Project
from annotator.services.autocode import autocode, compile_pattern
from annotator.services.statistics import compute_stats
from helpers import add_text

TEXTS = {
    "2018-02-12T15:32": "Security first. security cooperation; the Security Council.",
    "2018-02-20": "Water and security. Waterworks are not water.",
    "2019-07-01": "Nothing here.",
    None: "Security without a date.",
}


@pytest.fixture
def corpus(project: Project) -> Project:
    for i, (date, text) in enumerate(TEXTS.items()):
        add_text(project, text, title=f"doc {i}", date=date)
    return project


def test_phrase_is_case_insensitive_by_default(corpus: Project) -> None:
    result = autocode(corpus, "security", compile_pattern(phrase="security"))
    expected = sum(t.lower().count("security") for t in TEXTS.values())
    assert result.created == expected == 5
    assert result.documents == 3
    again = autocode(corpus, "security", compile_pattern(phrase="security"))
    assert (again.created, again.skipped) == (0, 5)
    for doc_id in corpus.documents.ids():
        text = corpus.documents.text(doc_id)
        for h in corpus.highlights.for_document(doc_id):
            assert text[h.start : h.end] == h.quote and h.quote.lower() == "security"


def test_whole_word_and_case_sensitive_and_regex(corpus: Project) -> None:
    whole = autocode(corpus, "env/water", compile_pattern(phrase="water", whole_word=True))
    assert whole.created == 2  # "Water" and "water", not "Waterworks"
    exact = autocode(corpus, "Cap", compile_pattern(phrase="Security", case_sensitive=True))
    assert exact.created == 3
    regex = autocode(corpus, "council", compile_pattern(pattern=r"Security\s+Council"))
    assert regex.created == 1
    assert corpus.tags.resolve("env/water") == whole.tag_id


def test_span_already_highlighted_gets_the_tag_instead_of_a_copy(corpus: Project) -> None:
    doc = corpus.documents.ids()[0]
    other, _ = corpus.tags.create("other")
    hid, _ = corpus.highlights.create(doc, 0, 8, [other])
    result = autocode(corpus, "security", compile_pattern(phrase="security"), document_id=doc)
    assert (result.created, result.tagged_existing) == (2, 1)
    assert len(corpus.highlights.get(hid).tag_ids) == 2


def test_bad_patterns_are_user_errors() -> None:
    with pytest.raises(UserError, match="invalid regular expression"):
        compile_pattern(pattern="(unclosed")
    with pytest.raises(UserError, match="either"):
        compile_pattern()


def test_stats_timeline_and_undated(corpus: Project) -> None:
    autocode(corpus, "security", compile_pattern(phrase="security"))
    report = compute_stats(corpus, by="month")
    assert [(t.path, t.highlights, t.documents) for t in report.tags] == [("security", 5, 3)]
    rows = [(r.period, r.tag, r.highlights, r.documents) for r in report.timeline
            if r.highlights]
    assert rows == [("2018-02", "security", 4, 2)]
    assert (report.undated_documents, report.undated_highlights) == (1, 1)
    by_day = compute_stats(corpus, by="day").timeline
    assert [(r.period, r.highlights) for r in by_day if r.highlights] == [
        ("2018-02-12", 3), ("2018-02-20", 1)]
    share = compute_stats(corpus, by="year", measure="share").timeline
    assert [(r.period, r.share) for r in share if r.highlights] == [("2018", 1.0)]
    ranged = compute_stats(corpus, by="day", date_from="2018-02-13", date_to="2018-02").timeline
    assert [r.period for r in ranged if r.highlights] == ["2018-02-20"]
    assert (ranged[0].period, ranged[-1].period) == ("2018-02-13", "2018-02-28")


def test_share_divides_by_all_dated_documents_of_the_period(corpus: Project) -> None:
    autocode(corpus, "water", compile_pattern(phrase="water", whole_word=True))
    add_text(corpus, "another 2018 text", date="2018-05-05")
    (row,) = [r for r in compute_stats(corpus, by="year", measure="share",
                                       tags=["water"]).timeline if r.documents]
    assert (row.period, row.documents, row.share) == ("2018", 1, pytest.approx(1 / 3))


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1790, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_iso_week_and_quarter_periods_match_python(day: dt.date) -> None:
    with Project.in_memory() as project:
        doc = add_text(project, "x y", date=day.isoformat() + "T10:00")
        tag, _ = project.tags.create("t")
        project.highlights.create(doc, 0, 1, [tag])
        year, week, _ = day.isocalendar()
        (row,) = compute_stats(project, by="week").timeline
        assert row.period == f"{year}-W{week:02d}"
        (row,) = compute_stats(project, by="quarter").timeline
        assert row.period == f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def test_year_only_dates_count_in_their_year(project: Project) -> None:
    doc = add_text(project, "inaugural words", date="1789")
    tag, _ = project.tags.create("t")
    project.highlights.create(doc, 0, 9, [tag])
    assert [r.period for r in compute_stats(project, by="year").timeline] == ["1789"]
    assert [r.period for r in compute_stats(project, by="month").timeline] == ["1789-01"]


def test_unknown_tag_in_stats_is_a_user_error(corpus: Project) -> None:
    with pytest.raises(UserError, match="no tag called"):
        compute_stats(corpus, tags=["nope"])


def test_autocode_counts_match_regex_over_real_speeches(project: Project, shared_corpora) -> None:  # type: ignore[no-untyped-def]
    folder = shared_corpora / "inaugural-addresses"
    files = sorted(folder.glob("*.txt"))[:20]
    for f in files:
        add_text(project, f.read_text(encoding="utf-8"), title=f.stem)
    result = autocode(project, "liberty", compile_pattern(phrase="liberty", whole_word=True))
    expected = sum(
        len(re.findall(r"(?<!\w)liberty(?!\w)", project.documents.text(d), re.IGNORECASE))
        for d in project.documents.ids()
    )
    assert result.created == expected > 0
