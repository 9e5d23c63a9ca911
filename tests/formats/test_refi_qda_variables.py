"""Document attributes as REFI-QDA variables: the type rule, the values as text, and back."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.refi_qda_model import RefiProject, TextSource, Variable, VariableValue
from annotator.formats.refi_qda_reader import read_project
from annotator.formats.refi_qda_variables import (
    JSON_VALUES_NOTE,
    VariableShape,
    attribute_value,
    is_iso_date,
    is_iso_date_time,
    value_text,
    variable_shape,
)
from annotator.formats.refi_qda_writer import project_xml
from helpers import SHARED

SCHEMA = xmlschema.XMLSchema(str(SHARED / "refi-qda" / "Project-mrt2019.xsd"))
SOURCE = "44444444-4444-4444-8444-444444444444"


def exact(value: Any) -> str:
    """A value with its JSON type visible: ``3`` and ``3.0`` differ, as do ``1`` and ``true``."""
    return json.dumps(value, ensure_ascii=False) + type(value).__name__


@pytest.mark.parametrize(("values", "kind", "as_json"), [
    ([True, False], "Boolean", False),
    ([3, -4, 10**30], "Integer", False),
    ([3, 2.5], "Float", False),
    ([0.1, -0.0], "Float", False),
    (["2018-02-12", "0001-01-01"], "Date", False),
    (["2018-02-12T10:00:00", "2018-02-12T10:00:00.125Z", "2018-02-12T23:59:59-14:00"],
     "DateTime", False),
    (["RFE", "3", ""], "Text", False),
    (["2018-02-12", "2018-02-12T10:00:00"], "Text", False),  # dates and date-times mixed
    (["2018-02-30"], "Text", False),  # no such day
    (["2018-02-12T10:00"], "Text", False),  # xsd:dateTime needs the seconds
    (["2018-02-12T24:00:00"], "Text", False),
    (["2018-02-12T10:00:00+14:30"], "Text", False),  # zones end at 14:00
    (["0000-01-01"], "Text", False),  # XML Schema 1.0 has no year 0
    (["١٢٣٤-٠١-٠١"], "Text", False),  # digits other than 0-9
    ([True, 1], "Text", True),  # a boolean is not a number
    ([3, "RFE"], "Text", True),
    ([["a", "b"]], "Text", True),
    ([{"k": 1}], "Text", True),
    ([1.5, math.nan], "Text", True),  # not a decimal
    (["line\none\ttab", " "], "Text", False),
    (["a\r\nb", "plain"], "Text", True),  # XML would turn the CR into a line feed
    (["\x01"], "Text", True),  # XML 1.0 cannot carry it at all
    (["\ufffe"], "Text", True),
    ([3, None, 4], "Integer", False),  # null is no value
    ([None], "Text", False),
    ([], "Text", False),
])
def test_the_type_rule(values: list[Any], kind: str, as_json: bool) -> None:
    shape = variable_shape(values)
    assert (shape.kind, shape.json_values) == (kind, as_json)
    assert shape.description == (JSON_VALUES_NOTE if as_json else "")


def test_dates_are_checked_as_calendar_dates() -> None:
    assert is_iso_date("2024-02-29") and not is_iso_date("2023-02-29")
    assert not is_iso_date(" 2024-02-29") and not is_iso_date("2024-2-29")
    assert is_iso_date_time("2024-02-29T00:00:00+05:30")
    assert not is_iso_date_time("2024-02-29T00:00:60")
    assert not is_iso_date_time("2024-02-29 00:00:00")


@pytest.mark.parametrize(("value", "shape", "text"), [
    (True, VariableShape("Boolean"), "true"),
    (-7, VariableShape("Integer"), "-7"),
    (3, VariableShape("Float"), "3"),
    (3.0, VariableShape("Float"), "3.0"),
    (1e-7, VariableShape("Float"), "0.0000001"),  # xsd:decimal: no exponent
    (1.5e22, VariableShape("Float"), "15000000000000000000000.0"),
    ("2018-02-12", VariableShape("Date"), "2018-02-12"),
    ("RFE", VariableShape("Text", True), "RFE"),
    ("3", VariableShape("Text", True), '"3"'),
    (" true ", VariableShape("Text", True), '" true "'),
    ('"quoted"', VariableShape("Text", True), '"\\"quoted\\""'),
    ("NaN", VariableShape("Text", True), "NaN"),  # not JSON, so left as it is
    (3, VariableShape("Text", True), "3"),
    (["é", 1], VariableShape("Text", True), '["é", 1]'),
    ("a\r\nb", VariableShape("Text", True), '"a\\r\\nb"'),
    ("\x01\ufffe", VariableShape("Text", True), '"\\u0001\\ufffe"'),
    (["\ud800"], VariableShape("Text", True), '["\\ud800"]'),
])
def test_value_text(value: Any, shape: VariableShape, text: str) -> None:
    assert value_text(value, shape) == text
    assert exact(attribute_value(text, shape.kind, shape.kind, shape.json_values)) == exact(value)


@pytest.mark.parametrize(("text", "kind", "declared", "expected"), [
    ("34", "Integer", "Integer", 34),
    (" +34 ", "Integer", "Integer", 34),
    ("34", "Text", "Integer", 34),  # QualCoder and MAXQDA write TextValues
    ("34", "Text", "integer", 34),
    ("1", "Text", "Boolean", True),
    ("0", "Boolean", "Boolean", False),
    ("yes", "Boolean", "Boolean", "yes"),  # not an xsd:boolean: kept as written
    ("3,5", "Float", "Float", "3,5"),
    ("3,5", "Text", "Float", "3,5"),
    ("1_000", "Integer", "Integer", "1_000"),
    ("٣", "Integer", "Integer", "٣"),
    ("1" * 400 + ".0", "Float", "Float", "1" * 400 + ".0"),  # beyond a float: kept as text
    ("9" * 5000, "Integer", "Integer", "9" * 5000),  # beyond what Python converts
    ("2.50", "Float", "Float", 2.5),
    ("-5", "Float", "Float", -5),
    ("2018-02-12", "Date", "Date", "2018-02-12"),
    ("2019-06-04T05:25:16Z", "DateTime", "Datetime", "2019-06-04T05:25:16Z"),
    ("  kept  ", "Text", "Text", "  kept  "),
    ("3", "Text", "Text", "3"),  # a plain Text variable is never decoded
    ("[1]", "Text", "Text", "[1]"),
    ("[1", "Text", "Text", "[1"),
    ("x", "Unknown", "Nonsense", "x"),
])
def test_attribute_value_from_any_tool(text: str, kind: str, declared: str,
                                       expected: Any) -> None:
    assert exact(attribute_value(text, kind, declared)) == exact(expected)


def test_a_marked_variable_decodes_json_and_leaves_other_text() -> None:
    assert attribute_value("[1, 2]", "Text", "Text", True) == [1, 2]
    assert attribute_value("Infinity", "Text", "Text", True) == "Infinity"
    assert attribute_value("[" * 100_000, "Text", "Text", True) == "[" * 100_000


# --- every value through a written and re-read .qde --------------------------------------

#: Any text: control characters, CR, U+FFFE and lone surrogates included.
any_text = st.text(st.characters(codec=None), max_size=12)
scalars = st.one_of(st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=False, allow_infinity=False), any_text,
                    st.dates().map(lambda d: d.isoformat()),
                    st.datetimes().map(lambda d: d.isoformat(timespec="seconds")))
json_values = st.recursive(scalars | st.none(), lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(any_text, inner, max_size=3), max_leaves=6)
columns = st.lists(st.one_of(st.lists(st.booleans(), min_size=1, max_size=4),
                             st.lists(st.integers(), min_size=1, max_size=4),
                             st.lists(st.integers() | st.floats(allow_nan=False,
                                                                allow_infinity=False),
                                      min_size=1, max_size=4),
                             st.lists(scalars, min_size=1, max_size=4),
                             st.lists(json_values, min_size=1, max_size=4)),
                   min_size=1, max_size=4)


def guid(i: int) -> str:
    return f"66666666-6666-4666-8666-{i:012d}"


@settings(max_examples=60, deadline=None)
@given(columns)
def test_any_attribute_values_are_valid_and_read_back_exactly(columns: list[list[Any]]) -> None:
    """Each column is one attribute's values (one per source); the written .qde is valid
    against the schema and every value reads back with its JSON type (nulls: no value)."""
    shapes = [variable_shape(column) for column in columns]
    variables = tuple(Variable(guid(i), f"attribute {i} é", s.kind, s.description)
                      for i, s in enumerate(shapes))
    rows = max(len(c) for c in columns)
    sources = tuple(
        TextSource(f"44444444-4444-4444-8444-{row:012d}", f"doc {row}",
                   variable_values=tuple(
                       VariableValue(guid(i), shapes[i].kind, value_text(column[row], shapes[i]))
                       for i, column in enumerate(columns)
                       if row < len(column) and column[row] is not None))
        for row in range(rows))
    xml = project_xml(RefiProject("p", "test", variables=variables, sources=sources))
    assert list(SCHEMA.iter_errors(xml.decode("utf-8"))) == []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.qde"
        path.write_bytes(xml)
        loaded = read_project(path).project
    declared = {v.guid: v for v in loaded.variables}
    for row, source in enumerate(loaded.sources):
        read = {value.variable_guid: attribute_value(
            value.value, value.kind, declared[value.variable_guid].kind,
            declared[value.variable_guid].description == JSON_VALUES_NOTE)
            for value in source.variable_values}
        expected = {guid(i): column[row] for i, column in enumerate(columns)
                    if row < len(column) and column[row] is not None}
        assert {k: exact(v) for k, v in read.items()} == {k: exact(v)
                                                          for k, v in expected.items()}
