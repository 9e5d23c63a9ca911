"""Header dates added for imported documents: Russian month names, abbreviations,
metadata date-times."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.formats.dates import date_from_datetime, date_from_text_header, iso_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 февраля 2018", "2018-02-12"),
        ("Опубликовано 1 сентября 2019 года", "2019-09-01"),
        ("31 ДЕКАБРЯ 1999 г.", "1999-12-31"),
        ("Заголовок\n3 мая 2020", "2020-05-03"),
        ("12 Feb 2018", "2018-02-12"),
        ("12 Feb. 2018", "2018-02-12"),
        ("Sept 5, 2018", "2018-09-05"),
        ("Mar 3 2019", "2019-03-03"),
        ("February 12, 2018", "2018-02-12"),
        ("12 February 2018", "2018-02-12"),
    ],
)
def test_more_header_dates(text: str, expected: str) -> None:
    assert date_from_text_header(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "30 февраля 2018",  # no such day
        "12 февраль 2018",  # nominative, not a date form
        "Marching 12, 2018",
        "12 Febr 2018",
        "В докладе 12 февраля 2018 года министр сказал, что работа продолжится весь год",
    ],
)
def test_more_non_dates(text: str) -> None:
    assert date_from_text_header(text) is None


def test_metadata_date_times() -> None:
    assert date_from_datetime(dt.datetime(2017, 3, 4, 5, 6, 7, 890)) == "2017-03-04T05:06:07"
    aware = dt.datetime(2017, 3, 4, 5, 6, tzinfo=dt.UTC)
    assert date_from_datetime(aware) == "2017-03-04T05:06:00"
    assert date_from_datetime(dt.date(2017, 3, 4)) == "2017-03-04"
    assert date_from_datetime(dt.datetime(1601, 1, 1)) == "1601-01-01T00:00:00"
    assert date_from_datetime(dt.datetime(999, 1, 1)) is None
    assert iso_date(2019, 2, 29) is None and iso_date(2020, 2, 29) == "2020-02-29"
