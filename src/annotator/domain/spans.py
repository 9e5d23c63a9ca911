"""Span rules: validity of a highlight against its text, and whole-word snapping."""

from __future__ import annotations

import unicodedata

from .errors import InvalidSpanError


def check_span(text: str, start: int, end: int, quote: str | None = None) -> str:
    """Return ``text[start:end]`` after checking the span; raise :class:`InvalidSpanError`.

    A span is valid when ``0 <= start < end <= len(text)`` and, if ``quote`` is given,
    ``text[start:end] == quote``.
    """
    check_span_fits(len(text), start, end)
    return check_quote(text[start:end], start, end, quote)


def check_span_fits(length: int, start: int, end: int) -> None:
    """Raise :class:`InvalidSpanError` unless ``0 <= start < end <= length``."""
    if not (0 <= start < end <= length):
        raise InvalidSpanError(f"span {start}..{end} does not fit a text of {length} characters")


def check_quote(sliced: str, start: int, end: int, quote: str | None) -> str:
    """Return ``sliced`` (the text at ``start..end``) if ``quote`` is ``None`` or equal."""
    if quote is not None and sliced != quote:
        raise InvalidSpanError(
            f"quote at {start}..{end} is {_preview(quote)!r} but the text there is "
            f"{_preview(sliced)!r}"
        )
    return sliced


def _preview(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_word_char(ch: str) -> bool:
    # Letters, digits, marks (combining accents), underscore, joiners and apostrophes
    # inside words; str.isalnum misses combining marks, so test categories loosely.
    return ch.isalnum() or ch in "_'’\u200c\u200d" or _is_mark(ch)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``start..end`` outwards to whole words and trim surrounding white space.

    A selection that starts or ends inside a word grows to include the whole word; white
    space at either edge is dropped. An all-white-space selection is returned unchanged.
    """
    start, end = max(0, start), min(len(text), end)
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s == e:
        return start, end
    while s > 0 and _is_word_char(text[s - 1]) and _is_word_char(text[s]):
        s -= 1
    while e < len(text) and _is_word_char(text[e]) and _is_word_char(text[e - 1]):
        e += 1
    return s, e
