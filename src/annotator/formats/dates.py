"""Find a document's date in its first lines or in its file name.

Every function returns an ISO 8601 string or ``None``: ``YYYY-MM-DD``,
``YYYY-MM-DDTHH:MM`` (``:SS`` only when the source has seconds), or ``YYYY`` for a
year-only file name. Only real calendar dates with years 1000-2999 and real times
(00:00-23:59) count; anything else is not a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime

HEADER_LINES = 15
# Header lines are short (a title, a byline, a timestamp); a longer line is body text,
# where a date names an event, not the document.
MAX_HEADER_LINE = 300
# A date without a time counts only on a line that is mostly the date ("Published
# 12 February 2018", "Date: 2018-02-12"): in a sentence it names an event instead.
MAX_WORDS_BESIDE_DATE = 6
_WORD = re.compile(r"\w+")

_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july",
                   "august", "september", "october", "november", "december")
# Russian dates name the month in the genitive: "12 февраля 2018".
_RUSSIAN_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                   "августа", "сентября", "октября", "ноября", "декабря")
_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                  "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTHS = {
    **{name: number for number, name in enumerate(_ENGLISH_MONTHS, start=1)},
    **{name: number for number, name in enumerate(_RUSSIAN_MONTHS, start=1)},
    **_ABBREVIATIONS,
}
# Longest names first, so that "sept" is not read as "sep" and "march" not as "mar";
# an abbreviation may end in a full stop ("12 Feb. 2018").
_MONTH = ("(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True))
          + r")\b\.?")
_TIME = r"(?:[T ]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
_PATTERNS = (
    # DD.MM.YYYY [HH:MM[:SS]]
    re.compile(
        r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?![\d.]\d)"
        + _TIME.replace("[T ]+", r"[ \u00a0,]+") + r"(?!\d)"
    ),
    # YYYY-MM-DD[THH:MM[:SS]]
    re.compile(
        r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})" + _TIME + r"(?![\d-])"
    ),
    # 12 February 2018
    re.compile(r"(?<!\d)(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)",
               re.IGNORECASE),
    # February 12, 2018
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})(?!\d)",
               re.IGNORECASE),
)
_CLOCK = (r"(?:[T ]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
          r"(?:\s*(?P<meridiem>[AaPp][Mm]))?)?")
_ZONE = r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
# Whole-value formats of survey date columns (each matched against the stripped value).
_VALUE_PATTERNS = (
    # M/D/YYYY H:MM:SS (Google Forms), or D/M/YYYY in a day-first column
    re.compile(r"(?P<first>\d{1,2})/(?P<second_part>\d{1,2})/(?P<year>\d{4})" + _CLOCK),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _CLOCK + _ZONE),
    re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})" + _CLOCK),
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
               + _CLOCK.replace("[T ]+", r"[ ,]+")),
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _CLOCK,
               re.IGNORECASE),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _CLOCK, re.IGNORECASE),
)
_DOTTED_STAMP = re.compile(
    r"(?P<day>\d{2})\.(?P<month>\d{2})\.(?P<year>\d{4})[ \u00a0](?P<hour>\d{2}):(?P<minute>\d{2})"
)
_SLASH_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{4}")
_FILE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")
_FILE_YEAR = re.compile(r"(\d{4})(?!\d)")


def date_from_text_header(text: str) -> str | None:
    """The first valid date in the first :data:`HEADER_LINES` lines of ``text``.

    Recognised: ``DD.MM.YYYY HH:MM`` (also with seconds, or a no-break space or comma
    before the time) gives ``YYYY-MM-DDTHH:MM``; ``DD.MM.YYYY`` gives ``YYYY-MM-DD``;
    ISO ``YYYY-MM-DD`` with an optional ``THH:MM[:SS]`` or `` HH:MM`` is kept as is (with
    ``T``); ``12 February 2018`` and ``February 12, 2018`` give ``YYYY-MM-DD``. Lines are
    read in order and the leftmost date of a line wins; lines longer than
    :data:`MAX_HEADER_LINE` characters are body text and skipped, and a date without a
    time counts only on a line with at most :data:`MAX_WORDS_BESIDE_DATE` other words.
    """
    for line in text.split("\n", HEADER_LINES)[:HEADER_LINES]:
        if len(line) > MAX_HEADER_LINE:
            continue
        found = _leftmost_date(line)
        if found is not None:
            return found
    return None


def date_time_from_stamp(stamp: str) -> str | None:
    """``YYYY-MM-DDTHH:MM`` for ``stamp`` when it is exactly ``DD.MM.YYYY HH:MM`` (or
    with a no-break space) with a real date and time, else ``None``.

    The same as :func:`date_from_text_header` gives for such a line, without trying the
    other patterns (a news page's timestamp line, read for every file of an import).
    """
    match = _DOTTED_STAMP.fullmatch(stamp)
    if match is None:
        return None
    found = _from_parts(match.groupdict())
    return found if found is not None and "T" in found else None


def date_from_filename(name: str) -> str | None:
    """The date a file name starts with: ``YYYY-MM-DD`` (a real date), else ``YYYY``.

    ``"2016-11-07-Title.txt"`` gives ``"2016-11-07"``, ``"1789-Washington.txt"`` gives
    ``"1789"``; the year must be followed by a non-digit or end the name, and lie in
    1000-2999. Anything else gives ``None``.
    """
    iso = _FILE_ISO.match(name)
    if iso is not None:
        year, month, day = (int(part) for part in iso.groups())
        found = _iso_date(year, month, day)
        if found is not None:
            return found
    year_match = _FILE_YEAR.match(name)
    if year_match is not None and _valid_year(int(year_match.group(1))):
        return year_match.group(1)
    return None


def _leftmost_date(line: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(line):
            found = _from_match(match)
            if found is None:
                continue
            if "T" not in found and not _mostly_date(line, match):
                continue
            # Leftmost first; at the same place, the longer reading (with a time) wins.
            key = (match.start(), -len(found), found)
            if best is None or key < best:
                best = key
            break
    return best[2] if best is not None else None


def _mostly_date(line: str, match: re.Match[str]) -> bool:
    beside = line[: match.start()] + " " + line[match.end():]
    return len(_WORD.findall(beside)) <= MAX_WORDS_BESIDE_DATE


def _from_match(match: re.Match[str]) -> str | None:
    return _from_parts(match.groupdict())


def _from_parts(parts: dict[str, str | None]) -> str | None:
    month_name = parts.get("month_name")
    month = _MONTHS[month_name.lower()] if month_name else int(parts["month"] or 0)
    found = _iso_date(int(parts["year"] or 0), month, int(parts["day"] or 0))
    if found is None or parts.get("hour") is None:
        return found
    hour, minute = int(parts["hour"] or 0), int(parts["minute"] or 0)
    second = parts.get("second")
    meridiem = (parts.get("meridiem") or "").lower()
    if meridiem and not 1 <= hour <= 12:
        return found
    if meridiem:
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or (second is not None and int(second) > 59):
        return found
    clock = f"{hour:02d}:{minute:02d}" + (f":{second}" if second is not None else "")
    return f"{found}T{clock}"


def iso_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date with a year in 1000-2999, else ``None``."""
    return _iso_date(year, month, day)


def _iso_date(year: int, month: int, day: int) -> str | None:
    if not _valid_year(year):
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _valid_year(year: int) -> bool:
    return 1000 <= year <= 2999


def date_from_value(value: str, *, day_first: bool = False) -> str | None:
    """The ISO date of a whole cell of a survey's date column, or ``None``.

    Recognised (surrounding white space ignored): ``M/D/YYYY`` with an optional
    ``H:MM[:SS]`` and ``AM``/``PM`` (``D/M/YYYY`` when ``day_first``; see
    :func:`slash_dates_are_day_first`), ISO ``YYYY-MM-DD`` with an optional time
    (fractions of a second and a zone are dropped: the clock time is kept as written),
    ``YYYY/MM/DD``, ``DD.MM.YYYY``, ``12 February 2018`` and ``February 12, 2018`` (also
    with a time). The result is ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` (``:SS`` when
    the value has seconds); an impossible time keeps only the day.
    """
    value = value.strip()
    for pattern in _VALUE_PATTERNS:
        match = pattern.fullmatch(value)
        if match is None:
            continue
        parts = match.groupdict()
        if parts.get("first") is not None:
            first, second = int(parts["first"]), int(parts["second_part"])
            parts["month"], parts["day"] = (
                (str(second), str(first)) if day_first else (str(first), str(second))
            )
        return _from_parts(parts)
    return None


def slash_dates_are_day_first(values: list[str]) -> bool:
    """Whether the ``A/B/YYYY`` values of one column are day-first (``D/M/YYYY``).

    True when some value has a first number above 12 and none has a second number above
    12; otherwise the column is read month-first, as US exports (Google Forms) write it.
    """
    first_big = second_big = False
    for value in values:
        match = _SLASH_DATE.match(value)
        if match is not None:
            first_big |= int(match.group(1)) > 12
            second_big |= int(match.group(2)) > 12
    return first_big and not second_big


def date_from_datetime(value: datetime | date) -> str | None:
    """``YYYY-MM-DD`` for a date, ``YYYY-MM-DDTHH:MM:SS`` for a date-time (any zone dropped).

    Used for document metadata (creation dates) and spreadsheet cells; a year outside
    1000-2999 gives ``None``. A date-time at exactly midnight is kept with its time.
    """
    if not _valid_year(value.year):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0).isoformat()
    return value.isoformat()
