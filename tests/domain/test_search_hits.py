"""What counts as a hit: phrases span the phrase, prefixes hit whole words, NEAR hits
both terms, terms left out have none, and offsets always slice the text."""

from __future__ import annotations

import pytest

from annotator.domain.search_hits import HitFinder
from annotator.domain.search_query import parse_query


def hit_texts(query: str, text: str) -> list[str] | None:
    hits = HitFinder(parse_query(query)).hits(text)
    return None if hits is None else [text[start:end] for start, end in hits]


@pytest.mark.parametrize(("query", "text", "expected"), [
    # a phrase hit spans the whole phrase, whatever separates its words
    ('"national security"', "National  Security,\nnational-security", ["National  Security",
                                                                      "national-security"]),
    ('"national security"', "international security", None),
    ('"national security"', "national\r\nsecurity", ["national\r\nsecurity"]),
    # case and diacritics folded; the hit is the text as written
    ("securite", "Sécurité, SECURITE, se\u0301curite\u0301!", [
        "Sécurité", "SECURITE", "se\u0301curite\u0301"]),
    ("cafe", "CAFÉ café", ["CAFÉ", "café"]),
    # a prefix hits the whole word it begins, never the middle of a word
    ("secur*", "insecure security Securities", ["security", "Securities"]),
    # a combining mark after a letter continues its word; after a space it separates
    ("water", "e\u0301water", None),
    ("water", " \u0301water", ["water"]),
    ("ab", "a\u0301b", ["a\u0301b"]),
    # NOT terms have no hits, and a text with them does not match
    ("security -terrorism", "security and terrorism", None),
    ("security -terrorism", "security, water", ["security"]),
    ("security NOT (water OR gas)", "security gas", None),
    # an alternative that does not match gives no hits, even for its present terms
    ("(water dam) OR river", "water river", ["river"]),
    ("(water dam) OR river", "water dam river", ["water", "dam", "river"]),
    # NEAR hits every occurrence within reach of the others, and only those
    ("NEAR(water dam, 2)", "water a b dam c d e f water", ["water", "dam"]),
    ("NEAR(water dam, 1)", "water a b dam", None),
    ("NEAR(dam water, 0)", "water dam", ["water", "dam"]),
    ('NEAR("water dam" river, 0)', "river water dam", ["river", "water dam"]),
    # overlapping occurrences are one hit; touching ones stay two
    ('"a b" "b c"', "a b c", ["a b c"]),
    ('"a a"', "a a a", ["a a a"]),
    ("water OR water", "water", ["water"]),
    ("a b", "a b", ["a", "b"]),
    # astral characters: offsets are code points
    ("🙂 x", "👍🏽 🙂 x", ["🙂", "x"]),
    ("日本語", "東京 日本語、", ["日本語"]),
])
def test_hits(query: str, text: str, expected: list[str] | None) -> None:
    assert hit_texts(query, text) == expected


def test_hit_offsets_are_code_points_into_the_text() -> None:
    text = "👩\u200d👩\u200d👧 water\nשָׁלוֹם water"
    hits = HitFinder(parse_query("water")).hits(text)
    first, last = text.index("water"), text.rindex("water")
    assert hits == [(first, first + 5), (last, last + 5)] and first == 6
    assert all(text[start:end] == "water" for start, end in hits)
