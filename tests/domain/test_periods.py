from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.periods import PERIODS, auto_period, period_bounds, period_of


@given(st.dates(dt.date(1600, 1, 1), dt.date(2400, 12, 31)), st.sampled_from(PERIODS))
def test_a_day_lies_within_the_bounds_of_its_period(day: dt.date, period: str) -> None:
    label = period_of(day.isoformat(), period)  # type: ignore[arg-type]
    first, last = period_bounds(label, period)  # type: ignore[arg-type]
    assert first <= day.isoformat() <= last
    before = dt.date.fromisoformat(first) - dt.timedelta(days=1)
    after = dt.date.fromisoformat(last) + dt.timedelta(days=1)
    assert period_of(before.isoformat(), period) != label  # type: ignore[arg-type]
    assert period_of(after.isoformat(), period) != label  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("2018-02-01", "2018-03-01", "day"), ("2018-01-01", "2019-12-31", "week"),
     ("2010-01-01", "2019-12-31", "month"), ("2000-01-01", "2019-12-31", "quarter"),
     ("1790-01-08", "2024-03-07", "year")],
)
def test_auto_period(first: str, last: str, expected: str) -> None:
    assert auto_period(first, last) == expected


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), st.integers(0, 800),
       st.sampled_from(PERIODS))
def test_periods_between_cover_every_day_once(first: dt.date, length: int, period: str) -> None:
    from annotator.domain.periods import periods_between

    last = first + dt.timedelta(days=length)
    labels = periods_between(first.isoformat(), last.isoformat(), period)  # type: ignore[arg-type]
    days = [first + dt.timedelta(days=i) for i in range(0, length + 1, max(1, length // 50))]
    expected = sorted({period_of(d.isoformat(), period) for d in days} | {period_of(last.isoformat(), period)})  # type: ignore[arg-type]
    assert set(expected) <= set(labels)
    assert labels == sorted(set(labels))
    assert labels[0] == period_of(first.isoformat(), period)  # type: ignore[arg-type]
    assert labels[-1] == period_of(last.isoformat(), period)  # type: ignore[arg-type]
