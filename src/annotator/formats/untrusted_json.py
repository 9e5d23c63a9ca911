"""Load JSON from a file the user pointed at, and pick its values apart, refusing hostility.

Two halves, shared by the readers of JSON formats:

* :func:`load_json_file` turns bytes into JSON values or raises :class:`InputFileError`
  with one plain reason: too big (checked before parsing), unreadable, empty, not UTF-8,
  not JSON, NaN or Infinity, a key twice in one object, absurd nesting, an integer with
  thousands of digits, a lone UTF-16 surrogate in a string (``"\\ud800"``, which no
  encoding can store). Nothing else escapes it (no RecursionError, no ValueError).
* The field helpers check one value each and raise :class:`ShapeError` whose message
  names the field by its JSON path (``tags[2].parent: expected ...``); a reader turns
  it into an :class:`InputFileError` for its file.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path
from typing import Any, NoReturn

from annotator.domain.errors import InputFileError

#: An escape of a UTF-16 surrogate: the only way a surrogate gets into parsed JSON text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class ShapeError(Exception):
    """A JSON value is not what the format expects; ``str(error)`` is ``path: problem``."""


class _Refused(Exception):
    """Raised from inside the JSON parser's hooks; not a ValueError on purpose."""


def load_json_file(path: Path, *, max_bytes: int) -> Any:
    """Return the JSON value stored in ``path``; raise :class:`InputFileError` if unusable.

    Files over ``max_bytes`` are refused before any parsing; a UTF-8 byte-order mark is
    accepted and ignored.
    """
    try:
        raw = _read_bytes(path, max_bytes)
        if not raw or raw.isspace():
            raise _Refused("the file is empty")
        return _parse(raw)
    except _Refused as error:
        raise InputFileError(str(path), str(error)) from None


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                raise _Refused(_too_big(size, max_bytes))
            # read(n) reserves n bytes up front: ask for what the file holds, then for what
            # it may have grown by (a pipe, a growing file), never past the limit.
            raw = stream.read(min(size, max_bytes) + 1)
            if len(raw) > size:
                raw += stream.read(max_bytes + 1 - len(raw))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise _Refused(f"cannot be read: {reason.lower()}") from None
    if len(raw) > max_bytes:
        raise _Refused(_too_big(len(raw), max_bytes))
    return raw


def _parse(raw: bytes) -> Any:
    skipped = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = raw[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + skipped
        raise _Refused(f"not UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise _Refused(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise _Refused("not usable JSON: nested too deeply") from None
    except ValueError:  # an integer literal beyond sys.get_int_max_str_digits()
        raise _Refused("not usable JSON: a number has too many digits") from None
    if _SURROGATE_ESCAPE.search(text):  # else no string can hold a surrogate
        _refuse_lone_surrogates(value)
    return value


#: Where a value sits, innermost first: (key or index, where its container sits).
_Trail = tuple[str | int, "_Trail | None"]


def _refuse_lone_surrogates(value: Any) -> None:
    """Raise :class:`_Refused` naming the first string, key or value, in file order, that
    holds a lone surrogate. JSON joins an escaped pair (``"\\ud83d\\ude00"``) into one
    character; a half left alone (``"\\ud800"``) is no character, and no encoding, UTF-8
    and SQLite included, can store it. Walks the value with a stack (any depth works) and
    spells a JSON path only for the string it refuses."""
    stack: list[tuple[Any, _Trail | None, bool]] = [(value, None, False)]
    while stack:
        item, trail, is_key = stack.pop()
        if isinstance(item, str):
            found = None if item.isascii() else _SURROGATE.search(item)
            if found:
                where = _json_path(trail)
                place = (f"a key of {where or 'the top-level object'}" if is_key
                         else where or "the top-level string")
                raise _Refused(f"{place} holds \\u{ord(found.group()):04x}, a lone UTF-16 "
                               "surrogate, which is not a character")
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                stack.append((child, (key, trail), False))
                stack.append((key, trail, True))
        elif isinstance(item, list):
            stack.extend((item[i], (i, trail), False) for i in range(len(item) - 1, -1, -1))


def _json_path(trail: _Trail | None) -> str:
    """``documents[3].title`` from a trail (``""`` for the top level)."""
    labels: list[str | int] = []
    while trail is not None:
        label, trail = trail
        labels.append(label)
    where = ""
    for label in reversed(labels):
        where = f"{where}[{label}]" if isinstance(label, int) else at(where, preview(label))
    return where


def _too_big(size: int, limit: int) -> str:
    return f"the file is {human_size(size)}, more than the {human_size(limit)} allowed"


def human_size(count: int) -> str:
    """``count`` bytes for a message: ``"2.0 GB"``, ``"3.5 MB"``, ``"100 bytes"``."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def _refuse_constant(name: str) -> NoReturn:
    raise _Refused(f"not valid JSON: {name} is not a number JSON allows")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"not usable JSON: the key {preview(key)!r} appears twice "
                               "in one object")
            seen.add(key)
    return result


# --- field helpers ------------------------------------------------------------------
# ``where`` is the JSON path of the object holding the field ("" for the top level).


def at(where: str, key: str) -> str:
    """The JSON path of field ``key`` of the object at ``where``."""
    return f"{where}.{key}" if where else key


def field(obj: dict[str, Any], key: str, where: str) -> Any:
    """``obj[key]``, or :class:`ShapeError` ``where: missing field 'key'``."""
    if key not in obj:
        raise ShapeError(f"{where + ': ' if where else ''}missing field {key!r}")
    return obj[key]


def integer_field(
    obj: dict[str, Any], key: str, where: str, minimum: int | None = None
) -> int:
    """An integer field, at least ``minimum``; floats (even ``2.0``) and booleans refused."""
    value = field(obj, key, where)
    if type(value) is not int:  # bool is an int subclass: refused here too
        raise ShapeError(f"{at(where, key)}: expected an integer, found {describe(value)}")
    if minimum is not None and value < minimum:
        raise ShapeError(f"{at(where, key)}: {value} is below {minimum}")
    return value


def string_field(obj: dict[str, Any], key: str, where: str) -> str:
    """A string field."""
    value = field(obj, key, where)
    if not isinstance(value, str):
        raise ShapeError(f"{at(where, key)}: expected a string, found {describe(value)}")
    return value


def array_field(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    """A list field."""
    value = field(obj, key, where)
    if not isinstance(value, list):
        raise ShapeError(f"{at(where, key)}: expected a list, found {describe(value)}")
    return value


def as_object(value: Any, where: str) -> dict[str, Any]:
    """``value`` if it is a JSON object, else :class:`ShapeError` naming ``where``."""
    if not isinstance(value, dict):
        raise ShapeError(f"{where}: expected an object, found {describe(value)}")
    return value


def reject_other_keys(obj: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    """:class:`ShapeError` for the first key of ``obj`` not in ``allowed``."""
    for key in obj:
        if key not in allowed:
            raise ShapeError(f"{where + ': ' if where else ''}unexpected field {preview(key)!r}")


def describe(value: Any) -> str:
    """A short description of a JSON value for a message: ``null``, ``1.5``, ``a string``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return preview(repr(value), 24) if abs(value) != float("inf") else "a huge number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def preview(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
