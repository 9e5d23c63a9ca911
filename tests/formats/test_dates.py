"""Dates from the first lines of a text and from the start of a file name."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.formats.dates import date_from_filename, date_from_text_header
from helpers import SHARED

CORPORA = SHARED / "corpora"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.02.2018 15:32", "2018-02-12T15:32"),
        ("Title\u00a012.02.2018 15:32\nbody", "2018-02-12T15:32"),
        ("Title\n\n12.02.2018\u00a015:32", "2018-02-12T15:32"),
        ("Posted 12.02.2018, 15:32:09", "2018-02-12T15:32:09"),
        ("Date: 12.02.2018", "2018-02-12"),
        ("1.2.2018", "2018-02-01"),
        ("2018-02-12", "2018-02-12"),
        ("Updated 2018-02-12T15:32", "2018-02-12T15:32"),
        ("2018-02-12 15:32:07", "2018-02-12T15:32:07"),
        ("Published 12 February 2018", "2018-02-12"),
        ("February 12, 2018", "2018-02-12"),
        ("february 29, 2020", "2020-02-29"),
        ("12.02.2018 and then 2019-01-01", "2018-02-12"),
        ("Title line\nby A. Writer\n2019-03-04\n12.02.2018", "2019-03-04"),
    ],
)
def test_header_dates(text: str, expected: str) -> None:
    assert date_from_text_header(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no date at all\nnone here either",
        "31.04.2018",  # April has 30 days
        "29.02.2019",
        "February 29, 2019",
        "12.02.0999",
        "12.02.3000",
        "2018-13-01",
        "Version 1.2.2018.5",
        "ISBN 978-2018-02-12",
    ],
)
def test_non_dates_are_not_taken(text: str) -> None:
    assert date_from_text_header(text) is None


def test_an_impossible_time_keeps_the_day() -> None:
    assert date_from_text_header("12.02.2018 25:61") == "2018-02-12"


def test_only_the_first_fifteen_lines_count() -> None:
    assert date_from_text_header("line\n" * 14 + "12.02.2018") == "2018-02-12"
    assert date_from_text_header("line\n" * 15 + "12.02.2018") is None


def test_a_long_body_line_is_not_a_header() -> None:
    body = "word " * 100 + "12.02.2018 15:32"
    assert date_from_text_header(body) is None


def test_a_date_inside_a_sentence_names_an_event_not_the_document() -> None:
    sentence = "We now know their choice of the time: a peaceful Sunday morning— December 7, 1941."
    assert date_from_text_header(sentence) is None
    assert date_from_text_header("In my Message to the Congress on December 5, 1905, I said:") is None


def test_a_timestamp_inside_a_title_line_counts() -> None:
    line = "Moscow discussed cooperation of Russia with Central Asia 12.02.2018 15:32"
    assert date_from_text_header(line) == "2018-02-12T15:32"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2016-11-07-Липы за 200 тысяч.txt", "2016-11-07"),
        ("1790-01-08_Washington_su1790.txt", "1790-01-08"),
        ("1789-Washington.txt", "1789"),
        ("2018.txt", "2018"),
        ("2018", "2018"),
        ("2018-02-30-x.txt", "2018"),  # not a real day: the year is still right
        ("12345.txt", None),
        ("notes-2018-02-12.txt", None),
        ("0999-early.txt", None),
        ("kremlin-en-37383.txt", None),
        ("", None),
    ],
)
def test_dates_from_file_names(name: str, expected: str | None) -> None:
    assert date_from_filename(name) == expected


def corpus(folder: str) -> Path:
    path = CORPORA / folder
    if not path.is_dir():
        pytest.skip(f"corpus folder {path} is absent")
    return path


def test_inaugural_file_names_give_the_year() -> None:
    files = sorted(corpus("inaugural-addresses").glob("*.txt"))
    assert len(files) == 59
    for path in files:
        assert date_from_filename(path.name) == path.name[:4]


def test_sotu_file_names_give_the_index_date() -> None:
    folder = corpus("sotu-addresses")
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 245
    for row in rows:
        assert date_from_filename(row["file"]) == row["date"]


def test_meduza_file_names_give_the_index_date() -> None:
    folder = corpus("news-meduza-golunov-ru")
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 101
    for row in rows:
        assert date_from_filename(row["file"]) == (row["date"] or None)


@pytest.mark.parametrize("stamp", [
    "11.07.2008 16:13", "11.07.2008\u00a016:13", "31.02.2008 16:13", "11.07.2008 25:13",
    "11.07.2008 16:61", "11.13.2008 16:13", "01.01.0999 10:00", "1.07.2008 16:13",
    "11.07.2008 16:13 MSK", "11.07.2008, 16:13", "11.07.2008", "00.07.2008 00:00",
    "29.02.2024 23:59",
])
def test_a_stamp_reads_as_the_header_reads_it(stamp: str) -> None:
    from annotator.formats.dates import date_time_from_stamp

    header = date_from_text_header(stamp)
    full_shape = len(stamp) == 16 and stamp[2] == "." and stamp[10] in " \u00a0"
    expected = header if full_shape and header is not None and "T" in header else None
    assert date_time_from_stamp(stamp) == expected
    if stamp in ("11.07.2008 16:13", "29.02.2024 23:59"):
        assert expected is not None
