"""Document attributes as REFI-QDA variables: each variable's type, its values as text, and back.

An attribute (a name and a JSON value in ``Document.attributes``) becomes one
``<Variable>``. Its ``typeOfVariable`` comes from the attribute's values in every
document that has one, by the first rule that holds (``null`` is no value: nothing is
written for it, and it plays no part in the choice):

1. every value is ``true`` or ``false`` → ``Boolean``;
2. every value is an integer → ``Integer``;
3. every value is a number (integers and finite decimals) → ``Float``;
4. every value is a string holding a calendar date ``YYYY-MM-DD`` → ``Date``;
5. every value is a string holding ``YYYY-MM-DDTHH:MM:SS[.f][Z|±HH:MM]`` → ``DateTime``;
6. every value is a string that XML carries as it is → ``Text``;
7. anything else (types mixed, lists, objects, a string holding a carriage return or a
   character XML 1.0 cannot carry) → ``Text`` with :data:`JSON_VALUES_NOTE` as the
   variable's description. A string is then written as it is unless it reads as JSON
   (``"3"``, ``"true"``, ``"[1]"``) or XML would not keep it, and then as a JSON string
   (``"\\"3\\""``, ``"a\\r\\nb"``); any other value is written as JSON (``3``,
   ``[1, 2]``), with every character XML would not keep escaped. Other tools thus see
   ``3`` and ``RFE`` as they are.

Reading a value back (:func:`attribute_value`) inverts this exactly, so an attribute
survives a round trip through a ``.qdpx`` with its JSON type: a ``FloatValue`` written
without a decimal point (``3``) reads as an integer, one with a point (``3.0``) as a
decimal. A ``TextValue`` in a variable another tool declared ``Integer``, ``Float`` or
``Boolean`` (QualCoder and MAXQDA write TextValues) reads as that type when it parses as
one. Dates stay ISO strings, as written. A value that does not parse as its type is kept
as the text it is.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .refi_qda_model import VARIABLE_TYPES

#: The description that marks a Text variable whose values are written as JSON (rule 7).
JSON_VALUES_NOTE = "Annotator: values that are not plain text are written as JSON"

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
                        r"(\.[0-9]+)?(Z|[+-]([0-9]{2}):([0-9]{2}))?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+)")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_KINDS = {kind.casefold(): kind for kind in VARIABLE_TYPES}
_NOT_JSON = object()
#: What XML text does not keep as it is: characters XML 1.0 forbids, and CR (a line feed
#: once parsed).
_NOT_VERBATIM = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class VariableShape:
    """How one attribute is written: its REFI type, and whether values are JSON (rule 7)."""

    kind: str
    json_values: bool = False

    @property
    def description(self) -> str:
        """The variable's description: the JSON marker, or nothing."""
        return JSON_VALUES_NOTE if self.json_values else ""


def variable_shape(values: Iterable[Any]) -> VariableShape:
    """The type of a variable holding ``values`` (the module's rules 1-7; ``None`` ignored)."""
    present = [v for v in values if v is not None]
    if all(isinstance(v, bool) for v in present) and present:
        return VariableShape("Boolean")
    if all(_is_integer(v) for v in present) and present:
        return VariableShape("Integer")
    if all(_is_number(v) for v in present) and present:
        return VariableShape("Float")
    if all(isinstance(v, str) and not _NOT_VERBATIM.search(v) for v in present):
        return VariableShape(date_kind(present) if present else "Text")
    return VariableShape("Text", json_values=True)


def date_kind(values: list[str]) -> str:
    """``Date`` if every value is a calendar date, ``DateTime`` if every one is an XML
    Schema date-time (with seconds), else ``Text``; written as they are, all three are
    valid values of their type."""
    if values and all(is_iso_date(v) for v in values):
        return "Date"
    if values and all(is_iso_date_time(v) for v in values):
        return "DateTime"
    return "Text"


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is exactly ``YYYY-MM-DD`` and a real date (year 1 or later)."""
    match = _DATE.fullmatch(text)
    return match is not None and _real_date(*match.groups())


def is_iso_date_time(text: str) -> bool:
    """Whether ``text`` is ``YYYY-MM-DDTHH:MM:SS``, optionally with a fraction and a zone
    (``Z`` or ``±HH:MM`` up to 14:00), naming a real moment: a valid ``xsd:dateTime``."""
    match = _DATE_TIME.fullmatch(text)
    if match is None or not _real_date(*match.group(1, 2, 3)):
        return False
    hour, minute, second = (int(g) for g in match.group(4, 5, 6))
    if hour > 23 or minute > 59 or second > 59:
        return False
    if match.group(9) is None:
        return True
    zone_hours, zone_minutes = int(match.group(9)), int(match.group(10))
    return zone_minutes <= 59 and (zone_hours, zone_minutes) <= (14, 0)


def value_text(value: Any, shape: VariableShape) -> str:
    """``value`` (not ``None``) as the text of a value of a variable of ``shape``.

    ``value`` must be one of the values the shape was inferred from."""
    if shape.json_values:
        if isinstance(value, str) and not _NOT_VERBATIM.search(value) and (
                _json(value) is _NOT_JSON):
            return value
        return _NOT_VERBATIM.sub(lambda m: f"\\u{ord(m.group()):04x}",
                                 json.dumps(value, ensure_ascii=False))
    if shape.kind == "Boolean":
        return "true" if value else "false"
    if shape.kind == "Float" and isinstance(value, float):
        text = format(Decimal(repr(value)), "f")  # xsd:decimal has no exponent
        return text if "." in text else text + ".0"
    return str(value)


def attribute_value(text: str, kind: str, declared: str = "Text",
                    json_values: bool = False) -> Any:
    """The JSON value of a variable value read from a file.

    ``kind`` is the type of the value's element (``IntegerValue`` → ``Integer``),
    ``declared`` the variable's ``typeOfVariable`` (any case), ``json_values`` whether the
    variable carries :data:`JSON_VALUES_NOTE`. A Text value is used as it is; other
    values have surrounding blanks removed first. Never returns a non-finite float."""
    kind, declared = _canonical(kind), _canonical(declared)
    if kind == "Text":
        if json_values:
            decoded = _json(text)
            return text if decoded is _NOT_JSON else decoded
        if declared in ("Boolean", "Integer", "Float"):
            typed = _typed(text.strip(), declared)
            return text if typed is None else typed
        return text
    typed = _typed(text.strip(), kind)
    return text.strip() if typed is None else typed


def _canonical(kind: str) -> str:
    return _KINDS.get(kind.strip().casefold(), "Text")


def _typed(text: str, kind: str) -> Any:
    """``text`` as a value of ``kind``, or ``None`` if it is not one (dates stay text)."""
    if kind == "Boolean":
        return _BOOLEANS.get(text)
    if kind in ("Integer", "Float") and _INTEGER.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            return None
    if kind == "Float" and _DECIMAL.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else None
    if kind in ("Date", "DateTime"):
        return text
    return None


def _json(text: str) -> Any:
    """``text`` parsed as JSON (without NaN or Infinity), or ``_NOT_JSON``."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return _is_integer(value) or (isinstance(value, float) and math.isfinite(value))


def _real_date(year: str, month: str, day: str) -> bool:
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True
