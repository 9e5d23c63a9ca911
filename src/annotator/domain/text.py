"""The one normalisation that every imported text goes through, and nothing after it.

Contract: :func:`normalize_text` maps any ``str`` to a string that

* has ``\\n`` as its only line break (``\\r\\n``, lone ``\\r``, NEL, U+2028 and U+2029
  become ``\\n``), so offsets agree between Python, SQLite and Qt;
* holds no character of Unicode category ``Cc`` except ``\\t`` and ``\\n`` (NUL and the
  other controls are removed; they cannot be shown and break some exporters);
* keeps everything else, format characters such as ZWJ, ZWNJ, RLM and U+FEFF included.
  (A byte-order mark is an encoding matter: ``formats.decoding`` removes it from bytes.)

It is idempotent: ``normalize_text(normalize_text(s)) == normalize_text(s)``.
"""

from __future__ import annotations

import re
from typing import Any

_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
# Anything normalisation would change; most texts have none, and one search is cheap.
_NEEDS_WORK = re.compile("[\r\x85\u2028\u2029\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Category Cc is U+0000-U+001F and U+007F-U+009F; keep TAB (09) and LF (0A).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_normalized(text: str) -> bool:
    """Whether :func:`normalize_text` would return ``text`` unchanged (one fast scan)."""
    return _NEEDS_WORK.search(text) is None


def normalize_text(text: str) -> str:
    """Return ``text`` with newlines unified and control characters removed (see module)."""
    if _NEEDS_WORK.search(text) is None:
        return text
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def normalize_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """``attributes`` with every name and text value normalised as texts are (control
    characters such as NUL cannot be indexed or shown); the same object if nothing
    changes."""
    changed = False

    def clean(value: Any) -> Any:
        nonlocal changed
        if isinstance(value, str):
            cleaned = normalize_text(value)
            changed = changed or cleaned is not value
            return cleaned
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {clean(key): clean(item) for key, item in value.items()}
        return value

    result = clean(attributes)
    return result if changed else attributes
