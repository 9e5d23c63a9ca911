"""The one document filter of the browser, the quotes view, the charts and the CLI.

A :class:`DocumentFilter` selects documents by a search query on their text (the
language of :mod:`.search_query`), by date range, by the tags they
carry, by the values of their variables, and by coder. Its parts combine with AND; within
one variable, several values combine with OR (``outlet`` is RT or TASS); tags are matched as
``any`` of the chosen tags, ``all`` of them, or ``none`` of them.

The coder condition is the one part that also narrows the highlights: with ``coders``,
only those coders' highlights count (in the browser's counts, the quotes, the charts and
``stats``), a tag condition asks for their highlights of the tags, and the documents are
those in which one of them made at least one highlight.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from .search_query import parse_query

TagMatch = Literal["any", "all", "none"]
TAG_MATCHES: tuple[TagMatch, ...] = ("any", "all", "none")


@dataclass(frozen=True)
class DocumentFilter:
    """Which documents to show and count (every part optional; empty: all documents).

    ``text``: a search query the document's text matches (the browser's filter box; see
    :mod:`.search_query`); a malformed one is refused when the filter is made
    (:class:`~.search_query.QuerySyntaxError`), so a filter never selects by a query
    that means something else.
    ``first_day``/``last_day``: inclusive ``YYYY[-MM[-DD]]`` bounds on the date (undated
    documents are then left out). ``tag_ids`` with ``tag_match``: documents that carry any
    / all / none of these tags (a tag's own highlights; children are separate tags).
    ``values``: variable name -> the values allowed (text as the variable holds it; ``None``
    in the set stands for "no value").
    ``coders``: only these coders' highlights count, in the documents where one of them
    made a highlight (see the module's docstring).
    """

    text: str = ""
    first_day: str | None = None
    last_day: str | None = None
    tag_ids: frozenset[int] = frozenset()
    tag_match: TagMatch = "any"
    values: Mapping[str, frozenset[str | None]] = field(default_factory=dict)
    coders: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.tag_match not in TAG_MATCHES:
            raise ValueError(f"tag_match must be one of {TAG_MATCHES}, not {self.tag_match!r}")
        if self.text.strip():
            parse_query(self.text)
        # Frozen, hashable and order-free whatever the caller passed.
        object.__setattr__(self, "tag_ids", frozenset(self.tag_ids))
        object.__setattr__(self, "values", _frozen_values(self.values))
        object.__setattr__(self, "coders", frozenset(self.coders))

    def __hash__(self) -> int:
        return hash((self.text, self.first_day, self.last_day, self.tag_ids, self.tag_match,
                     tuple(sorted(self.values.items(), key=lambda item: item[0])), self.coders))

    @property
    def is_empty(self) -> bool:
        """Whether the filter lets every document through."""
        return not (self.text.strip() or self.first_day or self.last_day or self.tag_ids
                    or self.values or self.coders)

    def with_value(self, name: str, value: str | None) -> DocumentFilter:
        """This filter with ``value`` added to the values allowed for ``name``."""
        values = dict(self.values)
        values[name] = values.get(name, frozenset()) | {value}
        return replace(self, values=values)

    def without_value(self, name: str, value: str | None) -> DocumentFilter:
        """This filter without ``value`` for ``name`` (and without ``name`` once empty)."""
        values = dict(self.values)
        left = values.get(name, frozenset()) - {value}
        if left:
            values[name] = left
        else:
            values.pop(name, None)
        return replace(self, values=values)

    def with_tags(self, tag_ids: Iterable[int], match: TagMatch = "any") -> DocumentFilter:
        """This filter with the tag condition replaced."""
        return replace(self, tag_ids=frozenset(tag_ids), tag_match=match)

    def with_dates(self, first_day: str | None, last_day: str | None) -> DocumentFilter:
        """This filter with the date range replaced (both ``None``: no range)."""
        return replace(self, first_day=first_day, last_day=last_day)

    def with_coders(self, coders: Iterable[str]) -> DocumentFilter:
        """This filter with the coder condition replaced (empty: every coder)."""
        return replace(self, coders=frozenset(coders))

    def with_text(self, text: str) -> DocumentFilter:
        """This filter with the search query replaced (raises
        :class:`~.search_query.QuerySyntaxError` for a malformed one)."""
        return replace(self, text=text.strip())


def _frozen_values(values: Mapping[str, Iterable[str | None]]) -> dict[str, frozenset[str | None]]:
    return {name: frozenset(allowed) for name, allowed in values.items() if allowed}


def parse_where(conditions: Iterable[str]) -> dict[str, frozenset[str | None]]:
    """``NAME=VALUE`` conditions (the CLI's ``--where``) as filter values: the same name
    twice is OR, different names AND; ``NAME=`` (nothing after ``=``) is "no value".
    Raises ``ValueError`` naming a condition without ``=`` or without a name."""
    values: dict[str, set[str | None]] = {}
    for condition in conditions:
        name, equals, value = condition.partition("=")
        if not equals or not name.strip():
            raise ValueError(f"{condition!r} is not NAME=VALUE")
        values.setdefault(name.strip(), set()).add(value if value != "" else None)
    return {name: frozenset(allowed) for name, allowed in values.items()}
