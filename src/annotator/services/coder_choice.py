"""Choosing coders by name for a filter: ``stats --coder`` and the window's coder views."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..store.scoped_stats import Scope

if TYPE_CHECKING:
    from .project import Project


def split_names(values: Iterable[str]) -> list[str]:
    """Coder names from repeated and comma-separated values (``["ann,bob", "cem"]``),
    stripped, empty ones dropped, each once in the order given."""
    names = (name.strip() for value in values for name in value.split(","))
    return list(dict.fromkeys(name for name in names if name))


def chosen_coders(project: Project, names: Iterable[str]) -> frozenset[str]:
    """The coders ``names`` asks for; raises ``UserError`` naming one that made no
    highlight in the project (and the coders who did), so that a misspelt name is never
    an empty count."""
    wanted = split_names(names)
    known = project.highlights.coders()
    for name in wanted:
        if name not in known:
            listed = ", ".join(known) or "none yet"
            raise UserError(f"no highlights by a coder called {name!r} (coders: {listed})")
    return frozenset(wanted)


def coder_documents(project: Project) -> list[tuple[str, int]]:
    """Every coder of the project with the number of documents they made highlights in,
    by name (what the filter's coder condition offers)."""
    per_coder = project.store.scoped.documents_per_group(Scope(by_coder=True))
    return sorted(((str(coder), count) for coder, count in per_coder.items()),
                  key=lambda item: (item[0].casefold(), item[0]))
