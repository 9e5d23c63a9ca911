"""Plain records of a REFI-QDA project (``.qde``/``.qdpx``) or codebook (``.qdc``).

They mirror the file, not our project: identifiers are the file's GUIDs, normalised by
:func:`normalize_guid` (no braces, lower case) so that references compare equal however
the tool spelled them. Positions of selections are left in the file's unit; resolving
them against the source text is :mod:`refi_qda_positions`' job. The writer takes the
same records, with ``TextSource.text`` filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

GUID_PATTERN = re.compile(
    r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?"
)

#: The variable types the schema allows (``typeOfVariable``), case-sensitive.
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")


def normalize_guid(value: str) -> str | None:
    """``value`` as a lower-case GUID without braces, or ``None`` if it is not a GUID."""
    match = GUID_PATTERN.fullmatch(value.strip())
    if match is None or (value.strip().startswith("{") != value.strip().endswith("}")):
        return None
    return match.group(1).lower()


@dataclass(frozen=True)
class User:
    guid: str
    name: str


@dataclass(frozen=True)
class Code:
    """A code; ``children`` nest it; ``color`` is ``#rrggbb`` or ``None`` (absent or unusable)."""

    guid: str
    name: str
    codable: bool = True
    color: str | None = None
    description: str = ""
    note_guids: tuple[str, ...] = ()
    children: tuple[Code, ...] = ()


@dataclass(frozen=True)
class Coding:
    """One code applied to a selection or a whole source."""

    guid: str
    code_guid: str
    creating_user: str | None = None
    creation_time: str | None = None
    note_guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    """A ``PlainTextSelection``: ``start``/``end`` as written (unit still unknown)."""

    guid: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    codings: tuple[Coding, ...] = ()
    note_guids: tuple[str, ...] = ()
    creating_user: str | None = None
    creation_time: str | None = None
    modified_time: str | None = None


@dataclass(frozen=True)
class VariableValue:
    """A value of a declared variable; ``kind`` is one of :data:`VARIABLE_TYPES`,
    ``value`` its text as written (a Text value whole, others without surrounding blanks;
    the reader checks nothing more than presence)."""

    variable_guid: str
    kind: str
    value: str


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class TextSource:
    """A text document: its text is inline (``text``) or in a file (``plain_text_path``).

    On export ``text`` always holds the text and ``plain_text_path`` is ignored.
    """

    guid: str
    name: str
    plain_text_path: str | None = None
    text: str | None = None
    description: str = ""
    selections: tuple[Selection, ...] = ()
    codings: tuple[Coding, ...] = ()
    note_guids: tuple[str, ...] = ()
    variable_values: tuple[VariableValue, ...] = ()
    creating_user: str | None = None
    creation_time: str | None = None


@dataclass(frozen=True)
class Note:
    """A memo: its body inline (``text``) or in an internal file (``plain_text_path``)."""

    guid: str
    name: str = ""
    text: str | None = None
    plain_text_path: str | None = None
    description: str = ""
    creating_user: str | None = None
    creation_time: str | None = None


@dataclass(frozen=True)
class Case:
    """A case; its variable values apply to the sources it references."""

    guid: str
    name: str
    variable_values: tuple[VariableValue, ...] = ()
    source_guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    guid: str
    origin_guid: str | None
    target_guid: str | None
    name: str = ""


@dataclass(frozen=True)
class Skipped:
    """Something of the file we cannot represent; ``what`` and ``why`` are for the user."""

    what: str
    why: str


@dataclass(frozen=True)
class RefiProject:
    """A parsed project (``.qde``/``.qdpx``); ``skipped`` lists what the reader passed over."""

    name: str
    origin: str = ""
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()
    variables: tuple[Variable, ...] = ()
    cases: tuple[Case, ...] = ()
    sources: tuple[TextSource, ...] = ()
    notes: tuple[Note, ...] = ()
    links: tuple[Link, ...] = ()
    description: str = ""
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class RefiCodebook:
    """A parsed codebook (``.qdc``)."""

    codes: tuple[Code, ...]
    origin: str = ""
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)


def iter_codes(codes: tuple[Code, ...]) -> list[tuple[tuple[Code, ...], Code]]:
    """Every code with its chain of ancestors (outermost first), in document order."""
    out: list[tuple[tuple[Code, ...], Code]] = []
    stack: list[tuple[tuple[Code, ...], Code]] = [((), c) for c in reversed(codes)]
    while stack:
        ancestors, code = stack.pop()
        out.append((ancestors, code))
        stack.extend(((*ancestors, code), c) for c in reversed(code.children))
    return out
