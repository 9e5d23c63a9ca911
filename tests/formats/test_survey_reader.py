"""Surveys: CSV/TSV/XLSX tables, column mappings, proposals, previews, and the real export."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from annotator.domain.errors import InputFileError
from annotator.domain.text import normalize_text
from annotator.formats.dates import date_from_value, slash_dates_are_day_first
from annotator.formats.readers import read_document
from annotator.formats.survey_reader import (
    NO_COLUMN,
    SurveyMapping,
    preview_documents,
    propose_mapping,
    read_survey,
    resolve_mapping,
)
from annotator.formats.survey_table import read_survey_table
from helpers import SHARED
from make_documents import make_xlsx

SURVEY = SHARED / "corpora" / "survey-r-community"

ANSWERS = [
    ["id", "Timestamp", "Country", "What did you like?", "Age"],
    ["r1", "12/13/2019 9:50:30", "Chile", "The community, mostly.\nAnd \"tidy\" data.", "34"],
    ["r2", "1/2/2020 18:05:00", "Kazakhstan", "", "41"],
    ["r3", "12/31/2019 23:59:59", "Chile", "Пакеты для статистики", "29"],
]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_one_document_per_row_with_text(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "answers.csv", ANSWERS)
    survey = read_survey(path)
    assert survey.empty_rows == 1
    first, second = survey.documents
    assert first.text == "The community, mostly.\nAnd \"tidy\" data."
    assert (first.title, first.date, first.source) == ("r1", "2019-12-13T09:50:30",
                                                       "answers.csv, row 2")
    assert first.attributes == {"Country": "Chile", "Age": "34"}
    assert (second.title, second.date, second.source) == ("r3", "2019-12-31T23:59:59",
                                                          "answers.csv, row 4")


def test_proposed_mapping(tmp_path: Path) -> None:
    table = read_survey_table(write_csv(tmp_path / "a.csv", ANSWERS))
    assert propose_mapping(table) == SurveyMapping(
        text_columns=("What did you like?",), title_column="id", date_column="Timestamp",
        attribute_columns=("Country", "Age"),
    )


def test_several_text_columns_are_joined_by_a_blank_line(tmp_path: Path) -> None:
    rows = [["Q1", "Q2", "when"], ["  first answer ", "second", "2019-05-06"],
            ["", "only second", "06.05.2019"], ["", " ", "2019-05-07"]]
    path = write_csv(tmp_path / "two.csv", rows)
    survey = read_survey(path, mapping=SurveyMapping(text_columns=("Q1", "q2")))
    assert [d.text for d in survey.documents] == ["first answer\n\nsecond", "only second"]
    assert [d.date for d in survey.documents] == ["2019-05-06", "2019-05-06"]
    assert [d.title for d in survey.documents] == ["two, row 2", "two, row 3"]
    assert survey.empty_rows == 1


def test_explicit_columns_and_no_title(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", ANSWERS)
    mapping = SurveyMapping(text_columns=("Country",), title_column=NO_COLUMN,
                            date_column=NO_COLUMN, attribute_columns=("id",))
    documents = read_survey(path, mapping=mapping).documents
    assert [(d.text, d.title, d.date, d.attributes) for d in documents] == [
        ("Chile", "a, row 2", None, {"id": "r1"}),
        ("Kazakhstan", "a, row 3", None, {"id": "r2"}),
        ("Chile", "a, row 4", None, {"id": "r3"}),
    ]


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", ANSWERS)
    with pytest.raises(InputFileError) as caught:
        read_survey(path, mapping=SurveyMapping(text_columns=("Q9",)))
    assert caught.value.reason.startswith("no column named 'Q9' (columns: 'id', 'Timestamp'")


def test_semicolon_dialect_and_legacy_encoding_are_detected(tmp_path: Path) -> None:
    rows = [["Дата", "Ответ", "Город"], ["12.02.2018", "Хорошо; очень", "Москва"],
            ["13.02.2018", "Плохо", "Алматы"]]
    path = write_csv(tmp_path / "ru.csv", rows, delimiter=";", encoding="cp1251")
    table = read_survey_table(path)
    assert table.columns == ("Дата", "Ответ", "Город")
    assert table.rows == (("12.02.2018", "Хорошо; очень", "Москва"),
                          ("13.02.2018", "Плохо", "Алматы"))
    documents = read_survey(path, mapping=SurveyMapping(text_columns=("Ответ",))).documents
    assert [d.date for d in documents] == ["2018-02-12", "2018-02-13"]


def test_tsv_bom_blank_lines_ragged_rows_and_header_names(tmp_path: Path) -> None:
    data = "\ufeffA\t\tA\r\n\r\nx\ty\tz\textra\r\nshort\r\n".encode()
    path = tmp_path / "t.tsv"
    path.write_bytes(data)
    table = read_survey_table(path)
    assert table.columns == ("A", "column 2", "A.1", "column 4")
    assert table.rows == (("x", "y", "z", "extra"), ("short", "", "", ""))
    assert table.row_numbers == (3, 4)


def test_xlsx_cells_become_strings(tmp_path: Path) -> None:
    rows = [["When", "Answer", "Score", "Day"],
            [dt.datetime(2019, 12, 13, 9, 50, 30), "Great tool", 4.0, dt.datetime(2020, 1, 2)],
            [None, "Second answer", 2.5, None]]
    path = make_xlsx(tmp_path / "s.xlsx", rows)
    table = read_survey_table(path)
    assert table.rows == (("2019-12-13T09:50:30", "Great tool", "4", "2020-01-02"),
                          ("", "Second answer", "2.5", ""))
    documents = read_survey(path).documents
    assert [(d.text, d.date) for d in documents] == [("Great tool", "2019-12-13T09:50:30"),
                                                     ("Second answer", None)]


def test_preview_stops_at_the_limit(tmp_path: Path) -> None:
    rows = [["n", "text"]] + [[str(i), f"answer number {i}"] for i in range(50)]
    table = read_survey_table(write_csv(tmp_path / "p.csv", rows))
    preview = preview_documents(table, SurveyMapping(), "p.csv", limit=3)
    assert [d.text for d in preview] == ["answer number 0", "answer number 1",
                                         "answer number 2"]


def test_multiple_choice_columns_are_not_proposed_as_text(tmp_path: Path) -> None:
    options = ["Modelling", "Reporting", "Data cleaning", "Teaching", "Visualisation"]
    rows = [["Uses", "Comment"]]
    for i in range(40):
        picked = ", ".join(options[j] for j in range(5) if (i >> j) & 1) or "Teaching"
        rows.append([picked, f"short note {i}"])
    table = read_survey_table(write_csv(tmp_path / "m.csv", rows))
    assert propose_mapping(table).text_columns == ("Comment",)


def test_a_survey_without_any_text_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", [["a", "b"], ["", ""], ["", " "]])
    with pytest.raises(InputFileError) as caught:
        read_survey(path)
    assert caught.value.reason.startswith("no row has text")


def test_read_document_points_surveys_elsewhere(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_document(write_csv(tmp_path / "a.csv", ANSWERS))
    assert "one document per row" in caught.value.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12/13/2019 9:50:30", "2019-12-13T09:50:30"),
        ("1/1/2019 4:54:35", "2019-01-01T04:54:35"),
        ("1/2/2019", "2019-01-02"),
        ("2/3/2019 3:04 PM", "2019-02-03T15:04"),
        ("12/1/2019 12:00 AM", "2019-12-01T00:00"),
        ("2019-12-13 09:50:30.123+01:00", "2019-12-13T09:50:30"),
        ("2019-12-13T09:50Z", "2019-12-13T09:50"),
        ("2019/12/13", "2019-12-13"),
        ("13.12.2019 10:11", "2019-12-13T10:11"),
        ("12 February 2018", "2018-02-12"),
        ("February 12, 2018", "2018-02-12"),
        ("12 февраля 2018", "2018-02-12"),
        (" 2019-12-13 ", "2019-12-13"),
    ],
)
def test_survey_date_values(value: str, expected: str) -> None:
    assert date_from_value(value) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "2/30/2019", "13/13/2019", "2019-02-12 x",
                                   "12/13/19", "0999-01-01", "13:00 1/2/2019"])
def test_survey_non_dates(value: str) -> None:
    assert date_from_value(value) is None


def test_day_first_columns_are_recognised() -> None:
    assert slash_dates_are_day_first(["1/2/2019", "25/12/2019"])
    assert not slash_dates_are_day_first(["1/2/2019", "12/25/2019"])
    assert not slash_dates_are_day_first(["1/2/2019"])
    assert date_from_value("25/12/2019", day_first=True) == "2019-12-25"
    assert date_from_value("1/2/2019", day_first=True) == "2019-02-01"


# -- the real survey export ------------------------------------------------------------
REAL = [
    ("2019 English R Community Survey Responses.csv", ",", 1838, 52,
     "What do you like best about using R?"),
    ("2019 Spanish R Community Survey Responses.csv", ",", 338, 52,
     "¿Qué es lo que más te gusta de usar R?"),
    ("2018 Learning R Internet Survey - Form Responses 1.tsv", "\t", 3062, 43,
     "What do you like best about using R?"),
]


def independent_rows(path: Path, delimiter: str) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


@pytest.mark.parametrize(("name", "delimiter", "rows", "columns", "question"), REAL)
def test_real_survey_against_an_independent_csv_pass(
    name: str, delimiter: str, rows: int, columns: int, question: str
) -> None:
    if not SURVEY.is_dir():
        pytest.skip("../shared/corpora is not present")
    path = SURVEY / name
    expected = independent_rows(path, delimiter)
    header, records = expected[0], expected[1:]
    assert (len(records), len(header)) == (rows, columns)  # the counts SOURCE.md gives

    table = read_survey_table(path)
    assert len(table.rows) == rows and len(table.columns) == columns
    mapping = SurveyMapping(text_columns=(question,))
    survey = read_survey(path, mapping=mapping)
    q, t = header.index(question), header.index("Timestamp")
    answered = [(n, r) for n, r in enumerate(records, start=2) if r[q].strip()]
    assert len(survey.documents) == len(answered)
    assert survey.empty_rows == rows - len(answered)
    for document, (number, record) in zip(survey.documents, answered, strict=True):
        assert document.text == normalize_text(record[q].strip())
        assert document.source == f"{name}, row {number}"
        stamp = dt.datetime.strptime(record[t], "%m/%d/%Y %H:%M:%S")
        assert document.date == stamp.isoformat()
    # Spot-check attributes: every non-empty other cell, under its header.
    document, (_, record) = survey.documents[7], answered[7]
    assert document.attributes == {
        table.columns[i]: value for i, value in enumerate(record)
        if i not in (q, t) and value.strip()
    }


def test_real_survey_default_mapping() -> None:
    if not SURVEY.is_dir():
        pytest.skip("../shared/corpora is not present")
    for name, *_ in REAL:
        table = read_survey_table(SURVEY / name)
        mapping = resolve_mapping(table, SurveyMapping(), SURVEY / name)
        assert mapping.date_column == "Timestamp"
        assert mapping.title_column == NO_COLUMN
        text = mapping.text_columns[0]
        assert text.startswith(("What do you like", "If you could change",
                                "¿Qué es lo que menos", "¿Qué es lo que más"))
        used = [i for i, name in enumerate(table.columns)
                if any(row[i].strip() for row in table.rows)]
        assert mapping.attribute_columns == tuple(
            table.columns[i] for i in used if table.columns[i] not in (text, "Timestamp"))
