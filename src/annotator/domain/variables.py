"""Document variables: their types, told from their values, and how values sort.

A variable's values are kept as text (see ``store/variables.py``); its type says how to
read them: ``number`` (every value a decimal number), ``date`` (every value an ISO date,
``YYYY-MM`` at least, with an optional time) or ``text``. The type is inferred from the
values unless the user chose one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

VariableType = Literal["text", "number", "date"]
VARIABLE_TYPES: tuple[VariableType, ...] = ("text", "number", "date")

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?)?"
)


@dataclass(frozen=True)
class Variable:
    """A document variable: its name, type (chosen, or else inferred), whether the user
    chose the type, its place in the variables table, and how many documents have a
    value for it."""

    id: int
    name: str
    type: VariableType
    type_chosen: bool
    position: int
    documents: int


def infer_type(values: Iterable[str]) -> VariableType:
    """``number`` if every value is a decimal number, ``date`` if every value is an ISO
    date (at least ``YYYY-MM``), else ``text``; a variable without values is ``text``."""
    number = date = True
    seen = False
    for value in values:
        seen = True
        number = number and _NUMBER.fullmatch(value) is not None
        date = date and _DATE.fullmatch(value) is not None
        if not (number or date):
            return "text"
    if not seen:
        return "text"
    return "number" if number else "date"


def value_sort_key(kind: VariableType, value: str | None) -> tuple[int, float, str]:
    """A key that sorts values of a variable of type ``kind`` as a reader expects:
    numbers by size, dates and text in order (text without regard to case); values that
    do not fit the type after those that do, and no value (``None``) last."""
    if value is None:
        return (2, 0.0, "")
    if kind == "number" and _NUMBER.fullmatch(value):
        return (0, float(value), "")
    if kind == "date" and _DATE.fullmatch(value):
        return (0, 0.0, value)
    return (1 if kind != "text" else 0, 0.0, value.casefold())
