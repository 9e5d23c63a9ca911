"""Rates, combinations, Wilson intervals and imprecise dates on generated projects, each
number computed here from the records (texts' regex words, highlights' tags, dates)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.proportions import wilson_interval
from annotator.services import Project
from annotator.services.combined_tags import combination_timeline
from annotator.services.statistics import compute_stats
from helpers import add_text

Z = 1.959963984540054
dates = st.one_of(
    st.none(),
    st.dates(dt.date(2019, 11, 1), dt.date(2021, 2, 28)).map(lambda d: d.isoformat()),
    st.integers(2019, 2021).map(str),
    st.dates(dt.date(2019, 11, 1), dt.date(2021, 2, 28)).map(lambda d: d.isoformat()[:7]),
)
texts = st.lists(st.sampled_from(["water", "Wörter", "水", "a_b", "--", "🙂", "x1", "\n"]),
                 min_size=8, max_size=30).map(" ".join)


def period_of(date: str, by: str) -> str | None:
    """``date``'s period, ``None`` when the date is coarser than the period."""
    if (len(date) == 4 and by != "year") or (len(date) == 7 and by in ("day", "week")):
        return None
    full = date + "-01-01" if len(date) == 4 else date + "-01" if len(date) == 7 else date
    day = dt.date.fromisoformat(full)
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return full[: {"day": 10, "month": 7, "year": 4}[by]]


@given(st.integers(0, 400), st.integers(1, 400))
def test_wilson_bounds_solve_their_quadratic(k: int, n: int) -> None:
    k = min(k, n)
    low, high = wilson_interval(k, n)
    q = k / n
    a, b, c = 1 + Z * Z / n, -(2 * q + Z * Z / n), q * q
    root = math.sqrt(max(0.0, b * b - 4 * a * c))
    assert low == pytest.approx(max(0.0, (-b - root) / (2 * a)), abs=1e-12)
    assert high == pytest.approx(min(1.0, (-b + root) / (2 * a)), abs=1e-12)
    assert 0 <= low <= q <= high <= 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(dates, texts), min_size=1, max_size=7),
       st.lists(st.tuples(st.integers(0, 6), st.integers(0, 5), st.sets(st.integers(0, 2),
                                                                         min_size=1)),
                max_size=20),
       st.sampled_from(["day", "week", "month", "quarter", "year"]),
       st.sampled_from(["and", "or"]))
def test_rates_and_combinations_match_the_records(documents, marks, by, combine) -> None:  # type: ignore[no-untyped-def]
    with Project.in_memory() as project:
        # Numbered, so that no two texts are the same document.
        ids = [add_text(project, f"n{i} {text}", title=f"d{i}", date=date)
               for i, (date, text) in enumerate(documents)]
        tags = [project.tags.create(name)[0] for name in ("a", "b", "c")]
        made: list[tuple[int, int, set[int]]] = []
        for index, start, chosen in marks:
            doc = ids[index % len(ids)]
            highlight, _ = project.highlights.create(doc, start, start + 2,
                                                     [tags[t] for t in chosen])
            made.append((highlight, doc, {tags[t] for t in chosen}))
        words: dict[str | None, int] = defaultdict(int)
        documents_in: dict[str | None, int] = defaultdict(int)
        period = {}
        for doc, (date, _) in zip(ids, documents, strict=True):
            if date is not None:
                period[doc] = period_of(date, by)
                words[period[doc]] += len(re.findall(r"\w+", project.documents.get(doc).text))
                documents_in[period[doc]] += 1
        # rate of tag a, per period
        report = compute_stats(project, by=by, measure="rate", tags=["a"])
        assert report.periods is not None
        assert report.periods.imprecise_documents == documents_in[None]
        for row in report.timeline:
            if not documents_in[row.period]:
                assert row.rate is None and row.highlights is None
                continue
            count = sum(1 for _, doc, t in made if tags[0] in t and period.get(doc) == row.period)
            assert row.highlights == count
            assert row.period_words == words[row.period]
            assert row.rate == (pytest.approx(count * 10_000 / words[row.period])
                                if words[row.period] else None)
        # a combination of a and b, per period
        wanted = {tags[0], tags[1]}
        carried: dict[int, set[int]] = defaultdict(set)
        for _, doc, t in made:
            carried[doc] |= t
        members = {d for d, t in carried.items()
                   if (wanted <= t if combine == "and" else wanted & t)}
        expected = {}
        for doc in members:
            if period.get(doc) is not None:
                p = period[doc]
                quotes = {h for h, d, t in made if d == doc and t & wanted}
                before = expected.get(p, (0, 0))
                expected[p] = (before[0] + len(quotes), before[1] + 1)
        rows = combination_timeline(project, tags[:2], combine, by=by, measure="share")
        assert {r.period: (r.highlights, r.documents) for r in rows} == expected
        for row in rows:
            assert row.share == pytest.approx(expected[row.period][1] / documents_in[row.period])
            assert (row.ci_low, row.ci_high) == wilson_interval(expected[row.period][1],
                                                                documents_in[row.period])
