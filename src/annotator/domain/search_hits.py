"""Where a query's terms are in a text: the hits a keyword-in-context list shows.

:class:`HitFinder` decides whether a text matches a query exactly as the full-text index
does (same tokens, same folding: :mod:`.search_tokens`), and returns the hits of the
terms that made it match as code-point spans ``(start, end)`` of the text:

* a word's hit is the word as written (``Sécurité`` for ``securite``); a prefix term's
  hit is the whole word it begins; a phrase's hit spans the whole phrase;
* a ``NEAR`` group hits every occurrence of its terms that lies within the distance of
  occurrences of all the others;
* terms left out (NOT, ``-``) have no hits, and neither has an alternative of OR, or an
  AND group, that does not match;
* hits never overlap: occurrences that overlap (``"a b" "b c"`` in ``a b c``) are one
  hit, and they come in text order.

A text has hits if and only if it matches, so the documents the index lists and the
documents with hits are the same set.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from .search_query import AllOf, Near, Node, SearchQuery, Term
from .search_tokens import starts_token, term_pattern, token_starts

Span = tuple[int, int]


class HitFinder:
    """Finds a query's hits in texts (compiles the query's patterns once; any thread)."""

    def __init__(self, query: SearchQuery) -> None:
        self.query = query
        self._patterns = {term: term_pattern(term.keys, term.prefix) for term in query.terms()}

    def matches(self, text: str) -> bool:
        """Whether ``text`` matches the query (as the full-text index decides)."""
        return self.hits(text) is not None

    def hits(self, text: str) -> list[Span] | None:
        """The hits in ``text``, or ``None`` if it does not match (then it has none)."""
        found = _Evaluation(text, self._occurrences).node(self.query.root)
        return None if found is None else _disjoint(found)

    def _occurrences(self, text: str, term: Term) -> list[Span]:
        """Every occurrence of ``term`` in ``text``, overlapping ones included."""
        pattern = self._patterns[term]
        found: list[Span] = []
        at = 0
        while (match := pattern.search(text, at)) is not None:
            start = match.start()
            if starts_token(text, start):
                found.append((start, match.end()))
            # A phrase can overlap itself ("a a" in "a a a"): look again one further on.
            at = start + 1
        return found


class _Evaluation:
    """One text against one query tree: each node gives its hits or ``None``."""

    def __init__(self, text: str, occurrences: Callable[[str, Term], list[Span]]) -> None:
        self._text = text
        self._occurrences = occurrences
        self._cache: dict[Term, list[Span]] = {}
        self._starts: list[int] | None = None

    def node(self, node: Node) -> list[Span] | None:
        if isinstance(node, Term):
            spans = self._term(node)
            return spans or None
        if isinstance(node, Near):
            return self._near(node)
        if isinstance(node, AllOf):
            if any(self.node(child) is not None for child in node.exclude):
                return None
            found: list[Span] = []
            for child in node.include:
                included = self.node(child)
                if included is None:
                    return None
                found += included
            return found
        options = [self.node(child) for child in node.options]
        matched = [spans for spans in options if spans is not None]
        return [span for spans in matched for span in spans] if matched else None

    def _term(self, term: Term) -> list[Span]:
        if term not in self._cache:
            self._cache[term] = self._occurrences(self._text, term)
        return self._cache[term]

    def _token_index(self, position: int) -> int:
        if self._starts is None:
            self._starts = token_starts(self._text)
        return bisect_left(self._starts, position)

    def _near(self, near: Near) -> list[Span] | None:
        """FTS5's rule: occurrences, one per term, such that none ends more than
        ``distance`` tokens before the last of them starts. With ``m`` the start (in
        tokens) of an occurrence, the occurrences of term ``j`` that can go with it
        are those starting in ``[m - length_j - distance, m]``."""
        placed: list[tuple[list[int], list[Span], int]] = []
        for term in near.terms:
            spans = self._term(term)
            if not spans:
                return None
            placed.append(([self._token_index(s) for s, _ in spans], spans, len(term.keys)))
        hit: set[Span] = set()
        for starts, _, _ in placed:
            for last in starts:
                ranges = [(bisect_left(s, last - length - near.distance), bisect_right(s, last))
                          for s, _, length in placed]
                if all(low < high for low, high in ranges):
                    for (low, high), (_, spans, _) in zip(ranges, placed, strict=True):
                        hit.update(spans[low:high])
        return sorted(hit) or None


def _disjoint(spans: list[Span]) -> list[Span]:
    """``spans`` sorted, overlapping ones merged (touching ones stay apart)."""
    merged: list[Span] = []
    for start, end in sorted(set(spans)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
