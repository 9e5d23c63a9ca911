"""The hit finder agrees with FTS5 on varied text (emoji, combining marks, CJK, RTL,
CRLF, any code point): the same tokens as ``fts5vocab`` lists, the same documents as
``MATCH`` selects; and its hits are those of a plain token-by-token reading of the query.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.domain.search_hits import HitFinder, Span
from annotator.domain.search_query import (
    AllOf,
    Near,
    Node,
    QuerySyntaxError,
    Term,
    parse_query,
)
from annotator.domain.search_tokens import Token, token_words, tokens
from annotator.store.full_text import match_expression
from annotator.store.sqlite_library import sqlite3
from annotator.store.tokenizer_probe import TOKENIZER

PIECES = [
    "security", "Security", "SÉCURITÉ", "se\u0301curite\u0301", "national", "water", "Water",
    "dam", "river", "a", "b", "OR", "NOT", "near", "café", "CAFE\u0301", "e\u0301", "\u0301",
    "\u0327c", "straße", "İstanbul", "ﬁne", "Ⅲ", "x²", "n\u0305", "日本語", "中文", "שָׁלוֹם",
    "مرحبا", "Привет", "🙂", "👩\u200d👩\u200d👧", "🇰🇿", "\r\n", "\n", " ", "  ", ", ", ". ",
    "-", "'", "_", "\u00a0", "\u200d", "\u200f", "\ufeff", "\t", "*", '"', "(", ")",
]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=25).map(
    "".join)


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE documents_fts USING fts5 "
                 f"(title, text, tokenize = '{TOKENIZER}')")
    conn.execute("CREATE VIRTUAL TABLE terms USING fts5vocab (documents_fts, instance)")
    yield conn
    conn.close()


def indexed(conn: sqlite3.Connection, texts: list[str], titles: list[str]) -> None:
    conn.execute("DELETE FROM documents_fts")
    conn.executemany("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                     [(i + 1, title, text) for i, (title, text) in enumerate(zip(titles, texts, strict=True))])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_tokens_are_those_fts5_indexes(fts: sqlite3.Connection, text: str) -> None:
    indexed(fts, [text], [""])
    expected = [term for (term,) in fts.execute(
        "SELECT term FROM terms WHERE col = 'text' ORDER BY offset")]
    found = tokens(text)
    assert [t.key for t in found] == expected
    for token in found:  # each token alone is itself, and tokens never overlap
        assert tokens(text[token.start:token.end]) == [Token(0, token.end - token.start,
                                                              token.key)]
    assert all(a.end < b.start for a, b in itertools.pairwise(found))


@st.composite
def corpora_and_queries(draw: st.DrawFn) -> tuple[list[str], list[str], str]:
    texts = draw(st.lists(TEXTS, min_size=1, max_size=6))
    titles = draw(st.lists(TEXTS, min_size=len(texts), max_size=len(texts)))
    runs = [[word for _, word in token_words(text)] for text in texts]
    words = [word for run in runs for word in run] + ["zzz", "water", "e\u0301"]
    return texts, titles, draw(_query(words, runs, depth=2))


def _leaf(words: list[str], runs: list[list[str]]) -> st.SearchStrategy[str]:
    word = st.sampled_from(words)
    prefix = st.tuples(word, st.integers(1, 3)).map(lambda w: f'"{w[0][:w[1]]}"*')
    phrases = [run[i:i + n] for run in runs for n in (2, 3) for i in range(len(run) - n + 1)]
    options = [word.map(lambda w: f'"{w}"'), prefix]
    if phrases:
        options.append(st.sampled_from(phrases).map(lambda p: '"' + " ".join(p) + '"'))
    return st.one_of(*options)


def _query(words: list[str], runs: list[list[str]], depth: int) -> st.SearchStrategy[str]:
    leaf = _leaf(words, runs)
    near = st.tuples(st.lists(leaf, min_size=2, max_size=3), st.integers(0, 4)).map(
        lambda n: f"NEAR({' '.join(n[0])}, {n[1]})")
    if depth == 0:
        return st.one_of(leaf, near)
    child = _query(words, runs, depth - 1).map(lambda q: f"({q})")
    part = st.one_of(leaf, near, child)
    excluded = st.tuples(st.sampled_from(["-", "NOT "]), part).map("".join)
    both = st.tuples(part, st.lists(st.one_of(part, excluded), max_size=2)).map(
        lambda a: " ".join([a[0], *a[1]]))
    either = st.lists(part, min_size=2, max_size=3).map(" OR ".join)
    return st.one_of(leaf, near, both, either)


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(corpora_and_queries())
def test_documents_with_hits_are_the_documents_fts5_matches(
        fts: sqlite3.Connection, drawn: tuple[list[str], list[str], str]) -> None:
    texts, titles, text_of_query = drawn
    try:
        query = parse_query(text_of_query)
    except QuerySyntaxError:
        assume(False)
        raise
    indexed(fts, texts, titles)
    matched = {r for (r,) in fts.execute(
        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [match_expression(query)])}
    finder = HitFinder(query)
    for number, text in enumerate(texts, 1):
        hits = finder.hits(text)
        assert (hits is not None) == (number in matched), (text_of_query, text)
        assert hits == _reference_hits(query.root, text), (text_of_query, text)
        if hits is not None:
            assert hits and all(s < e for s, e in hits)
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(hits))


def _reference_hits(root: Node, text: str) -> list[Span] | None:
    """The query read token by token over :func:`tokens` (no patterns): the spans of the
    occurrences that make the text match, overlapping ones merged."""
    found = tokens(text)
    keys = [t.key for t in found]

    def occurrences(term: Term) -> list[tuple[int, int]]:
        n = len(term.keys)
        return [(i, i + n) for i in range(len(keys) - n + 1)
                if keys[i:i + n - 1] == list(term.keys[:-1])
                and (keys[i + n - 1].startswith(term.keys[-1]) if term.prefix
                     else keys[i + n - 1] == term.keys[-1])]

    def evaluate(node: Node) -> list[tuple[int, int]] | None:
        if isinstance(node, Term):
            return occurrences(node) or None
        if isinstance(node, Near):
            every = [occurrences(term) for term in node.terms]
            chosen: set[tuple[int, int]] = set()
            for combination in itertools.product(*every):
                last = max(start for start, _ in combination)
                if all(last - end <= node.distance for _, end in combination):
                    chosen.update(combination)
            return sorted(chosen) or None
        if isinstance(node, AllOf):
            if any(evaluate(n) is not None for n in node.exclude):
                return None
            parts = [evaluate(n) for n in node.include]
            if any(p is None for p in parts):
                return None
            return [span for p in parts for span in p or []]
        options = [evaluate(n) for n in node.options]
        matched = [p for p in options if p is not None]
        return [span for p in matched for span in p] if matched else None

    spans = evaluate(root)
    if spans is None:
        return None
    merged: list[Span] = []
    for first, end in sorted({(found[a].start, found[b - 1].end) for a, b in spans}):
        if merged and first < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((first, end))
    return merged
