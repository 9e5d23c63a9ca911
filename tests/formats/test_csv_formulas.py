"""The spreadsheet CSV makes formula-like cells inert; the plain CSV keeps them verbatim."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

import pytest

from annotator.domain.model import Document, Highlight
from annotator.formats.csv_export import FORMULA_STARTS, inert_cell, write_highlight_rows

PATHS = {1: ("=parent", "@child")}
ATTRIBUTES = ["outlet", "score", "ratio", "typed"]
#: The columns holding text (strings), and where each one's value comes from.
TEXT_COLUMNS = ("document_title", "document_date", "attr:outlet", "attr:typed", "quote",
                "memo", "coder", "created_at")
PAYLOAD = "cmd|' /C calc'!A0"


def records(first: str) -> tuple[Document, Highlight]:
    """A document and a highlight whose every text field starts with ``first``."""
    value = first + PAYLOAD
    document = Document(1, "g1", value, "text", value, "a.txt", "0" * 64,
                        {"outlet": value, "typed": value, "score": -3, "ratio": -0.25},
                        "2026-01-01T00:00:00Z")
    highlight = Highlight(7, "h7", 1, 0, 4, value, value, value, value, value, (1,))
    return document, highlight


def export(rows: Any, *, for_spreadsheet: bool) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    write_highlight_rows(out, rows, PATHS, ATTRIBUTES, for_spreadsheet=for_spreadsheet)
    text = out.getvalue()
    assert text.startswith("\ufeff") is for_spreadsheet
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_the_formula_starts_are_owasps() -> None:
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("first", FORMULA_STARTS, ids=repr)
@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_every_text_column_is_made_inert_only_for_spreadsheets(first: str, column: str) -> None:
    value = first + PAYLOAD
    [plain] = export([records(first)], for_spreadsheet=False)
    [sheet] = export([records(first)], for_spreadsheet=True)
    assert plain[column] == value
    assert sheet[column] == "'" + value


@pytest.mark.parametrize("first", FORMULA_STARTS, ids=repr)
def test_tag_names_and_paths_are_made_inert_too(first: str) -> None:
    document, highlight = records("x")
    paths = {1: (first + "parent", first + "child")}
    out = io.StringIO(newline="")
    write_highlight_rows(out, [(document, highlight)], paths, [], for_spreadsheet=True)
    [row] = csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"), newline=""))
    assert row["tag"] == "'" + first + "child"
    assert row["tag_path"] == f"'{first}parent/{first}child"


def test_numbers_stay_numbers_in_both_variants() -> None:
    document, highlight = records("=")
    document = replace(document, attributes={**document.attributes, "typed": "-7"})
    for for_spreadsheet in (False, True):
        [row] = export([(document, highlight)], for_spreadsheet=for_spreadsheet)
        assert (row["attr:score"], row["attr:ratio"], row["attr:typed"]) == ("-3", "-0.25", "-7")
        assert (row["document_id"], row["highlight_id"], row["start"], row["end"]) == (
            "1", "7", "0", "4")


@pytest.mark.parametrize("number", ["-3", "+3", "-0.5", "-.5", "+2.", "-1e-3", "+6E+23"])
def test_a_plain_number_is_never_prefixed(number: str) -> None:
    assert inert_cell(number) == number


@pytest.mark.parametrize("text", ["-", "+", "-3 apples", "-1+2", "+1e", "--3", "-3-2",
                                  "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "=1", "\t=1", "\r-3"])
def test_anything_else_that_starts_like_a_formula_is_prefixed(text: str) -> None:
    assert inert_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "plain", " =1", "'=1", "1-2", "(=1)", "\n=1", "＝1"])
def test_other_cells_are_unchanged(text: str) -> None:
    assert inert_cell(text) == text
