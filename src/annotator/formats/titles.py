"""A document's title: the title its file's metadata gives, when that is a real one, else
the file name without its extension.

The file name is the convention of QDA tools (NVivo, ATLAS.ti, MAXQDA, QualCoder): the
first line of a text is often a salutation ("Fellow-Citizens of the Senate...") shared by
a whole corpus, while file names are what a researcher chose to tell documents apart.
Metadata titles are kept when they say something; the placeholders that word processors,
PDF printers and page editors write by themselves ("Untitled", "Document1",
"Microsoft Word - report.docx") are not titles and give way to the file name.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ..domain.text import normalize_text

MAX_TITLE = 200
#: The title of a file whose name is only white space or control characters.
UNNAMED = "Untitled"
#: What :func:`_one_line` makes one space (a no-break space is part of a name).
_BREAKS = re.compile("[ \t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+")
#: Metadata titles that no one chose (matched whole, ignoring case, once on one line).
_GENERIC_TITLE = re.compile(
    r"""(?ix)
      \(?untitled\)? (?: [\s_-]* (?:document|page|\d+) )*     # Untitled document, Untitled-1
    | (?:new\s+|blank\s+)? document \s* \d*                   # Document1, New document
    | microsoft \s+ (?:office\s+)? (?:word|excel|powerpoint|publisher) \s* - .*  # printed
    | powerpoint \s+ presentation
    | \(? (?:no\s+)? title \)?                                # Title, (no title)
    | .* \. (?:docx?|dotx?|odt|ott|rtf|pdf|txt|html?|tex|dvi|pptx?|xlsx?|indd|qxd|wpd|pages)
                                                              # a file name: report.doc
    """
)


def file_name_title(file_name: str) -> str:
    """The title a file named ``file_name`` gives: its name without the last extension
    (``1790-01-08_Washington_su1790.txt`` -> ``1790-01-08_Washington_su1790``), on one
    line (runs of spaces, tabs and line breaks made one space, other control characters
    dropped) and shortened by
    :func:`shorten_title`. Never empty: a name that would leave nothing (``.txt``,
    ``" .md"``) is kept whole, and one with nothing printable is :data:`UNNAMED`."""
    name = PurePath(file_name).name
    return shorten_title(_one_line(PurePath(name).stem) or _one_line(name) or UNNAMED)


def file_name_text(file_name: str) -> str:
    """``file_name`` as text a project can store: a byte the system could not decode
    (which Python keeps as a lone surrogate, ``"caf\\udce9.txt"``) becomes U+FFFD;
    any other name is returned unchanged."""
    return _without_surrogates(file_name)


def metadata_title(value: str | None) -> str | None:
    """``value``, a title from a file's metadata, on one line and shortened; ``None`` when
    it is missing, blank, has no letter or digit, or is a placeholder no one chose
    (``Untitled``, ``Document1``, ``Microsoft Word - x.docx``, a bare file name...)."""
    if value is None:
        return None
    title = _one_line(value)
    if not any(character.isalnum() for character in title) or _GENERIC_TITLE.fullmatch(title):
        return None
    return shorten_title(title)


def shorten_title(line: str, limit: int = MAX_TITLE) -> str:
    """``line`` if it has at most ``limit`` characters, else cut at a word boundary + "…".

    The result never exceeds ``limit`` characters; a first word longer than the limit
    is cut inside the word.
    """
    if len(line) <= limit:
        return line
    head = line[: limit - 1]
    cut = head.rfind(" ")
    if cut > limit // 2:
        head = head[:cut]
    return head.rstrip() + "…"


def _one_line(value: str) -> str:
    """``value`` with control characters dropped, runs of spaces, tabs and line breaks
    made one space (other spaces, such as no-break spaces, kept), and any lone surrogate
    (an undecodable byte of a file name) made U+FFFD."""
    return _BREAKS.sub(" ", normalize_text(_without_surrogates(value))).strip(" ")


def _without_surrogates(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return value
    try:  # a file name's undecodable bytes, as os.fsdecode escaped them
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # any other lone surrogate
        raw = value.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")
