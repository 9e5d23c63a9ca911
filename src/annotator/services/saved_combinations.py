"""Combinations of tags saved by name in the project (the timeline draws each as a
series: see ``combined_tags``).

They are kept in the project's key/value table (``project_info``) under
:data:`STORAGE_KEY`, as a JSON array of ``{"name", "combine", "tags"}`` (``tags``: tag
ids), in the order saved. A combination whose tags were deleted down to fewer than two is
not listed (and is dropped at the next save).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from ..domain.errors import UserError
from ..domain.tag_paths import tag_path_text
from .combined_tags import COMBINE_SIGNS, combination_name
from .stats_records import Combine

if TYPE_CHECKING:
    from .project import Project

STORAGE_KEY = "timeline.combinations"
#: Longest name a combination may have (it is a legend label).
MAX_NAME = 120


@dataclass(frozen=True)
class SavedCombination:
    """A named combination: documents carrying all (``and``) or any (``or``) of
    ``tag_ids``."""

    name: str
    combine: Combine
    tag_ids: tuple[int, ...]


def default_name(project: Project, tag_ids: Sequence[int], combine: Combine) -> str:
    """``security & water``: the tags' paths joined by the combination's sign."""
    paths = project.tags.paths()
    return combination_name([tag_path_text(paths[t]) for t in tag_ids], combine)


def saved_combinations(project: Project) -> list[SavedCombination]:
    """The saved combinations, in order, each with the tags of it that still exist
    (those left with fewer than two are not listed). A value that is not such a list
    (written by hand) reads as none."""
    try:
        stored = json.loads(project.store.info(STORAGE_KEY, "[]"))
    except ValueError:
        return []
    if not isinstance(stored, list):
        return []
    existing = {t.id for t in project.tags.all()}
    out = []
    for item in stored:
        if not isinstance(item, dict) or item.get("combine") not in COMBINE_SIGNS:
            continue
        tags = tuple(t for t in item.get("tags", []) if isinstance(t, int) and t in existing)
        if len(set(tags)) >= 2 and isinstance(item.get("name"), str):
            out.append(SavedCombination(item["name"], cast(Combine, item["combine"]), tags))
    return out


def save_combinations(project: Project, combinations: Sequence[SavedCombination]) -> None:
    """Replace the saved combinations by ``combinations`` in one transaction. Refuses
    (changing nothing) an empty, over-long or repeated name, an unknown way of combining,
    and fewer than two different existing tags."""
    existing = {t.id for t in project.tags.all()}
    names: set[str] = set()
    for c in combinations:
        name = c.name.strip()
        if not name or len(name) > MAX_NAME:
            raise UserError(f"a combination needs a name of 1 to {MAX_NAME} characters")
        if name in names:
            raise UserError(f"there is already a combination called {name!r}")
        names.add(name)
        if c.combine not in COMBINE_SIGNS:
            raise UserError(f"unknown combination {c.combine!r}; use and or or")
        if len(set(c.tag_ids) & existing) < 2:
            raise UserError(f"{name!r}: a combination needs two or more existing tags")
    value = json.dumps([{"name": c.name.strip(), "combine": c.combine,
                         "tags": list(dict.fromkeys(c.tag_ids))} for c in combinations],
                       ensure_ascii=False)
    with project.transaction():
        project.store.set_info(STORAGE_KEY, value)
