"""The codebook's shape: how deep tags may nest, and walks of the tag tree.

Tags form a forest through their parents. Every walk here is a loop, never a recursion,
so a tree of any depth (a project written before :data:`MAX_TAG_DEPTH` was enforced, say)
can still be listed and counted. The limit itself is what the imports and the codebook
edits guarantee, and what keeps recursive code elsewhere safe (the XML serialiser used for
REFI-QDA exports recurses once per level, and Python stops at about 1,000).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

#: Tags nest at most this many levels deep: a top-level tag is at level 1, its children
#: at level 2. Real codebooks use a handful of levels; the imports refuse deeper trees,
#: and creating, moving or merging a tag refuses to go deeper.
MAX_TAG_DEPTH = 100

Key = TypeVar("Key", bound=Hashable)


def tag_levels(parent_of: Mapping[Key, Key | None]) -> dict[Key, int]:
    """Every tag's level: 1 for a tag without parent, its parent's level + 1 otherwise.

    ``parent_of`` maps every tag to its parent; every parent must be a key, and the
    parents must form no cycle (a ``ValueError`` otherwise). Linear in the number of tags.
    """
    levels: dict[Key, int] = {}
    for start in parent_of:
        chain: list[Key] = []
        node: Key | None = start
        while node is not None and node not in levels:
            if len(chain) > len(parent_of):
                raise ValueError("the tags' parents form a cycle")
            chain.append(node)
            node = parent_of[node]
        level = 0 if node is None else levels[node]
        for tag in reversed(chain):
            level += 1
            levels[tag] = level
    return levels


def name_paths(
    parent_of: Mapping[Key, Key | None], name_of: Callable[[Key], str]
) -> dict[Key, tuple[str, ...]]:
    """Every tag's chain of names from the top, e.g. ``("economy", "migration")``.

    The same preconditions as :func:`tag_levels`; time and memory grow with the sum of
    the tags' levels.
    """
    paths: dict[Key, tuple[str, ...]] = {}
    for start in parent_of:
        chain: list[Key] = []
        node: Key | None = start
        while node is not None and node not in paths:
            if len(chain) > len(parent_of):
                raise ValueError("the tags' parents form a cycle")
            chain.append(node)
            node = parent_of[node]
        path = () if node is None else paths[node]
        for tag in reversed(chain):
            path = (*path, name_of(tag))
            paths[tag] = path
    return paths


def tree_order(ordered: Iterable[Key], parent_of: Mapping[Key, Key | None]) -> list[Key]:
    """The tags depth first (each parent before its children), siblings in the order of
    ``ordered``, which must hold every key of ``parent_of`` once. Tags whose parents form
    a cycle cannot be reached from the top and are left out."""
    children: dict[Key | None, list[Key]] = {}
    for tag in ordered:
        children.setdefault(parent_of[tag], []).append(tag)
    out: list[Key] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        tag = stack.pop()
        out.append(tag)
        stack.extend(reversed(children.get(tag, [])))
    return out
