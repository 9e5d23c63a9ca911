"""How a user names a tag in text (the command line): a name, or a path of names.

A tag's *path* is its chain of names from the top, e.g. ``("economy", "sanctions")``,
written ``economy/sanctions``. Tag names may themselves hold ``/`` (real codebooks have
"pro/contra"); in a written path such a slash is escaped as ``\\/``.

:func:`resolve_tag` is the one rule every command follows to find the tag a text means:

1. the exact name: a tag anywhere in the tree whose name is the text (with ``\\/`` read as
   ``/``); one such tag is the answer, several are refused with their paths listed;
2. else the name path from the top, split at the unescaped slashes (``a/b``; a leading
   ``/`` anchors a path at the top, so ``/economy`` names the top-level ``economy`` when a
   deeper tag has the same name).

Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from .errors import NotFoundError, UserError

PATH_SEPARATOR = "/"
ESCAPED_SEPARATOR = "\\/"

Key = TypeVar("Key")


def split_tag_path(text: str) -> tuple[str, ...]:
    """``"a/b"`` → ``("a", "b")``; ``"pro\\/contra/x"`` → ``("pro/contra", "x")``. White
    space around each part and empty parts (a leading or doubled slash) are dropped."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        if text.startswith(ESCAPED_SEPARATOR, index):
            current.append(PATH_SEPARATOR)
            index += len(ESCAPED_SEPARATOR)
            continue
        char = text[index]
        if char == PATH_SEPARATOR:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return tuple(part.strip() for part in parts if part.strip())


def tag_path_text(path: tuple[str, ...]) -> str:
    """The path as a user writes it: names joined by ``/``, a ``/`` inside a name written
    ``\\/``, so that ``split_tag_path(tag_path_text(p)) == p`` for stripped names."""
    return PATH_SEPARATOR.join(name.replace(PATH_SEPARATOR, ESCAPED_SEPARATOR) for name in path)


def has_separator(text: str) -> bool:
    """Whether ``text`` holds an unescaped ``/`` (is a path, not a bare name)."""
    return PATH_SEPARATOR in text.replace(ESCAPED_SEPARATOR, "")


def resolve_tag(text: str, paths: Mapping[Key, tuple[str, ...]]) -> Key:
    """The tag ``text`` means among ``paths`` (every tag's name path, by key), by the rule
    in the module docstring.

    Raises :class:`UserError` naming every matching path if the name is ambiguous, and
    :class:`NotFoundError` if nothing matches.
    """
    given = text.strip()
    names = {given, given.replace(ESCAPED_SEPARATOR, PATH_SEPARATOR)}
    by_name = [key for key, path in paths.items() if path and path[-1] in names]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        listed = ", ".join(sorted(tag_path_text(paths[key]) for key in by_name))
        raise UserError(f"tag name {given!r} is ambiguous: it names {listed}; give the path")
    wanted = split_tag_path(given)
    if wanted and has_separator(given):
        for key, path in paths.items():
            if path == wanted:
                return key
    raise NotFoundError(f"no tag called {given!r}")
