"""Checking a date typed by a user: ISO 8601 at the precision the user knows."""

from __future__ import annotations

import re
from datetime import date, datetime

from .errors import UserError

_SHAPE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?)?)?")


def checked_date(text: str) -> str | None:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]`` (a space may stand
    for the ``T``), validated as a real calendar date; empty means no date (``None``).

    Raises :class:`UserError` naming the value otherwise.
    """
    value = text.strip()
    if not value:
        return None
    if not _SHAPE.fullmatch(value):
        raise UserError(f"{value!r} is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or "
                        "YYYY-MM-DDTHH:MM")
    value = value.replace(" ", "T")
    try:
        if len(value) == 4:
            date(int(value), 1, 1)
        elif len(value) == 7:
            date(int(value[:4]), int(value[5:7]), 1)
        elif len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        raise UserError(f"{value!r} is not a real date") from None
    return value
