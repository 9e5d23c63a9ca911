"""Time periods of the timeline, and folding day counts into them.

A document has one date, so it falls in exactly one day; counts per (day, tag) (including
distinct documents) therefore add up exactly into any coarser period.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal

Period = Literal["day", "week", "month", "quarter", "year"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "quarter", "year")


@lru_cache(maxsize=65536)
def period_of(day: str, period: Period) -> str:
    """The label of the period holding ``day`` (``YYYY-MM-DD``).

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
