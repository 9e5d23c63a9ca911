"""Document variables: their types, told from their values, and how values sort.

A variable's values are kept as text (see ``store/variables.py``); its type says how to
read them: ``number`` (every value a decimal number), ``date`` (every value an ISO date,
``YYYY-MM`` at least, with an optional time) or ``text``. The type is inferred from the
values unless the user chose one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import UserError

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


@dataclass(frozen=True)
class VariableDefinition:
    """A variable's row in the variables table: its type as the user chose it (``None``:
    inferred), its place, and whether it is kept without values (``declared``)."""

    id: int
    name: str
    chosen_type: VariableType | None
    position: int
    declared: bool


@dataclass(frozen=True)
class VariableSnapshot:
    """A variable as it was, to be put back exactly (the undo of an edit to it).

    ``definition`` is ``None`` when no variable had that name. ``values`` holds, for the
    documents of ``documents`` whose attributes had the name, its value there (a JSON
    value: ``2018`` stays a number, a ``null`` stays one) and ``places`` where among the
    attributes it stood; the others of ``documents`` did not have it.
    """

    name: str
    definition: VariableDefinition | None
    documents: tuple[int, ...] = ()
    values: Mapping[int, Any] = field(default_factory=dict)
    places: Mapping[int, int] = field(default_factory=dict)


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


def fits_type(kind: VariableType, value: str) -> bool:
    """Whether ``value`` reads as a value of a ``kind`` variable (any text is text)."""
    if kind == "number":
        return _NUMBER.fullmatch(value) is not None
    if kind == "date":
        return _DATE.fullmatch(value) is not None
    return True


def checked_value(kind: VariableType, text: str) -> str:
    """``text`` without surrounding spaces as a value of a ``kind`` variable ("" means no
    value); :class:`UserError` saying in one line why it is not one."""
    value = text.strip()
    if not value or kind == "text":
        return value
    if kind == "number" and not fits_type(kind, value):
        raise UserError(f"{_shown(value)} is not a number (write it like 12, -3.5 or 1e6)")
    if kind == "date" and not (fits_type(kind, value) and _on_the_calendar(value)):
        raise UserError(f"{_shown(value)} is not a date (write it like 2019-04-01, "
                        "2019-04 or 2019-04-01 10:30)")
    return value


def _on_the_calendar(value: str) -> bool:
    """A ``YYYY-MM-DD`` date (and time) that exists: no 31 April, no 25:00."""
    if len(value) < 10:
        return True
    try:
        dt.datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return False
    return True


def _shown(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")
