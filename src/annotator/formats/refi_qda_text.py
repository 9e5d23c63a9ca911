"""Values read from REFI-QDA XML attributes and texts: colours, source titles, and text
without the indentation a pretty-printed file adds. Standard library only (the elements
are ``xml.etree`` ones)."""

from __future__ import annotations

import re
import textwrap
from xml.etree.ElementTree import Element

from .titles import file_name_title

__all__ = ["parse_color", "source_title", "without_indentation"]


def parse_color(value: str | None) -> str | None:
    """A colour as ``#rrggbb`` from ``#RGB``, ``#RRGGBB``, ``#RRGGBBAA`` or ``rgb(r,g,b)``."""
    if not value:
        return None
    text = value.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        return "#" + "".join(c * 2 for c in text[1:])
    if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", text):
        return text[:7]
    match = re.fullmatch(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(,[^)]*)?\)",
                         text)
    if match and all(int(g) <= 255 for g in match.groups()[:3]):
        return "#" + "".join(f"{int(g):02x}" for g in match.groups()[:3])
    return None


def without_indentation(text: str) -> str:
    """``text`` as written inside a pretty-printed XML element, without the indentation
    the file added: blank lines around it dropped and the common leading white space of
    its lines removed (a first line that follows the opening tag directly counts apart).
    Line breaks and the relative indentation of the author's lines are kept."""
    lines = text.split("\n")
    inline_first = bool(lines[0].strip())  # the text starts on the opening tag's line
    while lines and not lines[0].strip():
        del lines[0]
    while lines and not lines[-1].strip():
        del lines[-1]
    if inline_first and len(lines) > 1:
        lines = [lines[0], *textwrap.dedent("\n".join(lines[1:])).split("\n")]
    return textwrap.dedent("\n".join(lines)).strip()


def source_title(item: Element) -> str:
    """A source's title: its ``name``, else the file name of its text (``plainTextPath``,
    then ``richTextPath``) without scheme, folder or extension, else its GUID."""
    name = (item.get("name") or "").strip()
    if name:
        return name
    for attribute in ("plainTextPath", "richTextPath"):
        where = (item.get(attribute) or "").replace("\\", "/").rsplit("/", 1)[-1]
        if where.strip():
            return file_name_title(where)
    return item.get("guid") or "?"
