"""Time periods of the timeline, and folding day counts into them.

A document has one date, so it falls in exactly one day; counts per (day, tag) (including
distinct documents) therefore add up exactly into any coarser period.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

Period = Literal["day", "week", "month", "quarter", "year"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "quarter", "year")


@lru_cache(maxsize=65536)
def period_of(day: str, period: Period) -> str:
    """The label of the period holding ``day`` (``YYYY-MM-DD``; a month, ``YYYY-MM``,
    will do for the month, quarter and year periods).

    ``day`` → ``YYYY-MM-DD``; ``week`` → ISO 8601 ``YYYY-Www`` (the ISO year may differ
    from the calendar year near New Year); ``month`` → ``YYYY-MM``; ``quarter`` →
    ``YYYY-Qn``; ``year`` → ``YYYY``.
    """
    if period == "day":
        return day
    if period == "month":
        return day[:7]
    if period == "year":
        return day[:4]
    if period == "quarter":
        return f"{day[:4]}-Q{(int(day[5:7]) + 2) // 3}"
    if period == "week":
        iso_year, week, _ = date.fromisoformat(day).isocalendar()
        return f"{iso_year:04d}-W{week:02d}"
    raise ValueError(f"unknown period {period!r}")


def full_day(value: str) -> str:
    """``YYYY`` → ``YYYY-01-01``, ``YYYY-MM`` → ``YYYY-MM-01``, else the first 10 characters
    (the same rule as the store's ``document_day``)."""
    if len(value) == 4:
        return value + "-01-01"
    if len(value) == 7:
        return value + "-01"
    return value[:10]


def period_bounds(label: str, period: Period) -> tuple[str, str]:
    """First and last day (``YYYY-MM-DD``, inclusive) of the period called ``label``."""
    if period == "day":
        return label, label
    if period == "year":
        return f"{label}-01-01", f"{label}-12-31"
    if period == "month":
        year, month = int(label[:4]), int(label[5:7])
        return f"{label}-01", (_first_of_next_month(year, month) - timedelta(days=1)).isoformat()
    if period == "quarter":
        year, quarter = int(label[:4]), int(label[-1])
        first_month = 3 * (quarter - 1) + 1
        last = _first_of_next_month(year, first_month + 2) - timedelta(days=1)
        return f"{year:04d}-{first_month:02d}-01", last.isoformat()
    if period == "week":
        monday = date.fromisocalendar(int(label[:4]), int(label[6:8]), 1)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    raise ValueError(f"unknown period {period!r}")


def period_start(label: str, period: Period) -> date:
    """The first day of a period, as a date (chart x positions)."""
    return date.fromisoformat(period_bounds(label, period)[0])


def auto_period(first_day: str, last_day: str) -> Period:
    """A period that gives a readable number of points (about 10 to 150) over a span."""
    days = (date.fromisoformat(last_day) - date.fromisoformat(first_day)).days
    if days <= 120:
        return "day"
    if days <= 3 * 365:
        return "week"
    if days <= 12 * 365:
        return "month"
    if days <= 25 * 365:
        return "quarter"
    return "year"


def _first_of_next_month(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def periods_between(first_day: str, last_day: str, period: Period) -> list[str]:
    """Every period label from the one holding ``first_day`` to the one holding
    ``last_day``, in order (empty if ``last_day`` comes first)."""
    labels: list[str] = []
    day = date.fromisoformat(period_bounds(period_of(first_day, period), period)[0])
    end = date.fromisoformat(last_day)
    while day <= end:
        label = period_of(day.isoformat(), period)
        labels.append(label)
        day = date.fromisoformat(period_bounds(label, period)[1]) + timedelta(days=1)
    return labels


def precise_enough(date_key: str, period: Period) -> bool:
    """Whether a date known to the precision of ``date_key`` (``YYYY``: the year,
    ``YYYY-MM``: the month, else the day) falls in one ``period``: a year-only date only
    in years, a month-only date in months, quarters and years."""
    if len(date_key) == 4:
        return period == "year"
    if len(date_key) == 7:
        return period in ("month", "quarter", "year")
    return True


def last_day(bound: str) -> str:
    """The last day (``YYYY-MM-DD``) that an inclusive ``YYYY[-MM[-DD]]`` bound includes."""
    if len(bound) == 4:
        return f"{bound}-12-31"
    if len(bound) == 7:
        return period_bounds(bound, "month")[1]
    return bound[:10]
