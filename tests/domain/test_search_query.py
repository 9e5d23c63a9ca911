"""The search language: what each form means as a tree, the precedence, and one clear
error (position and what was expected) for every malformed query."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.search_query import (
    DEFAULT_NEAR,
    AllOf,
    AnyOf,
    Near,
    Node,
    QuerySyntaxError,
    Term,
    parse_query,
)


def shape(node: Node) -> object:
    """A tree as nested tuples of keys, easy to compare."""
    if isinstance(node, Term):
        words = " ".join(node.keys)
        return words + "*" if node.prefix else words
    if isinstance(node, Near):
        return ("NEAR", *(shape(t) for t in node.terms), node.distance)
    if isinstance(node, AllOf):
        return ("AND", *(shape(n) for n in node.include),
                *(("NOT", shape(n)) for n in node.exclude))
    assert isinstance(node, AnyOf)
    return ("OR", *(shape(n) for n in node.options))


def parsed(text: str) -> object:
    return shape(parse_query(text).root)


@pytest.mark.parametrize(("text", "expected"), [
    ("water", "water"),
    ("Éau", "eau"),  # case and diacritics folded as the index folds them
    ("cafe\u0301", "cafe"),
    ('"national security"', "national security"),
    ('  "National   Security"  ', "national security"),
    ("e-mail", "e mail"),  # a word is cut into tokens: a phrase
    ("migra*", "migra*"),
    ('"national secur"*', "national secur*"),
    ('"national secur*"', "national secur*"),
    ('"national secur* "', "national secur*"),
    ("water migration", ("AND", "water", "migration")),
    ("water AND migration", ("AND", "water", "migration")),
    ("water OR migration", ("OR", "water", "migration")),
    ("water or migration", ("AND", "water", "or", "migration")),  # operators in capitals
    ('"OR" water', ("AND", "or", "water")),
    ("security -terrorism", ("AND", "security", ("NOT", "terrorism"))),
    ("security NOT terrorism", ("AND", "security", ("NOT", "terrorism"))),
    ("-terrorism security", ("AND", "security", ("NOT", "terrorism"))),
    ("a -(b OR c)", ("AND", "a", ("NOT", ("OR", "b", "c")))),
    ('a -"b c"', ("AND", "a", ("NOT", "b c"))),
    ("NEAR(water dam, 5)", ("NEAR", "water", "dam", 5)),
    ("NEAR (water \"dam river\" irriga*)", ("NEAR", "water", "dam river", "irriga*",
                                            DEFAULT_NEAR)),
    ("NEAR(a b,0)", ("NEAR", "a", "b", 0)),
    ("NEAR", "near"),  # without ( it is a word
    ("(a OR b) c", ("AND", ("OR", "a", "b"), "c")),
    ("a,b", "a b"),
    ("🙂", "🙂"),  # the index keeps emoji as tokens
    ("日本語", "日本語"),
])
def test_each_form_means_what_the_syntax_says(text: str, expected: object) -> None:
    assert parsed(text) == expected


def test_precedence_is_not_then_and_then_or_as_in_fts5() -> None:
    assert parsed("a b OR c -d") == ("OR", ("AND", "a", "b"), ("AND", "c", ("NOT", "d")))
    assert parsed("a OR b c") == ("OR", "a", ("AND", "b", "c"))
    assert parsed("a OR b OR c") == ("OR", "a", "b", "c")
    assert parsed("NOT a b") == ("AND", "b", ("NOT", "a"))
    assert parsed("(a OR b) (c OR d)") == ("AND", ("OR", "a", "b"), ("OR", "c", "d"))


def test_terms_are_listed_left_to_right_with_their_positions() -> None:
    query = parse_query('water -"dam river" OR NEAR(a b)')
    assert [(t.keys, t.position) for t in query.terms()] == [
        (("water",), 0), (("dam", "river"), 7), (("a",), 27), (("b",), 29)]


@pytest.mark.parametrize(("text", "message"), [
    ("", "character 1: the query is empty; expected a word to search for"),
    ("   ", "character 1: the query is empty; expected a word to search for"),
    ("water OR", 'character 9: expected a word, a "phrase" or ( after OR'),
    ("OR water", 'character 1: expected a word, a "phrase" or ( before OR'),
    ("a OR OR b", 'character 6: expected a word, a "phrase" or ( after OR'),
    ("a AND", 'character 6: expected a word, a "phrase" or ( after AND'),
    ("AND a", 'character 1: expected a word, a "phrase" or ( before AND'),
    ('"national security', 'character 1: the quote is not closed; expected a closing "'),
    ('water "dam', 'character 7: the quote is not closed; expected a closing "'),
    ("(a OR b", "character 8: expected ) to close the ( at character 1"),
    ("a)", "character 2: unexpected ); expected a word, OR or the end of the query"),
    (")", 'character 1: unexpected ); expected a word, a "phrase" or ('),
    ("()", 'character 2: expected a word, a "phrase" or ( inside ( )'),
    ("-terrorism", "character 1: nothing to search for: -terrorism only leaves documents "
                   "out; add a word to find"),
    ("NOT a", "character 1: nothing to search for: NOT a only leaves documents out; add "
              "a word to find"),
    ("a OR -b", "character 6: nothing to search for: -b only leaves documents out; add a "
                "word to find"),
    ("--a", "character 1: a term that is left out cannot be left out again"),
    ("a - b", "character 3: expected a word right after - (no space)"),
    ("a NOT", 'character 6: expected a word, a "phrase" or ( after NOT'),
    ("mi*gra", "character 3: * can only end a word (prefix*)"),
    ("a **", "character 3: * needs a word before it (prefix*)"),
    ('"nuc* weapon"', "character 5: * can only end the last word of a phrase"),
    ('"nuclear *"', "character 10: * needs a word before it (prefix*)"),
    ("!!!", "character 1: !!! has no letters or digits to search for"),
    ('a "..."', 'character 3: "..." has no letters or digits to search for'),
    ("NEAR(a)", "character 1: NEAR needs at least two words or phrases"),
    ("NEAR(a b, x)", "character 11: expected a number of words after , in NEAR( )"),
    ("NEAR(a b, 5", "character 12: expected ) to close the NEAR( at character 1"),
    ("NEAR(a b", "character 9: expected ) to close the NEAR( at character 1"),
    ("NEAR(a OR b)", 'character 8: expected a word, a "phrase", "," or ) inside NEAR( )'),
    ("NEAR(a (b))", 'character 8: expected a word, a "phrase", "," or ) inside NEAR( )'),
    ("a" * 1001, "character 1: a word of more than 1,000 characters"),
])
def test_a_malformed_query_gets_one_line_naming_the_place_and_what_was_expected(
        text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert str(caught.value) == message
    assert "\n" not in message
    position = int(message.split()[1].rstrip(":")) - 1
    assert caught.value.position == position <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*'ab "()*-,', "OR", "AND", "NOT", "NEAR", "5", "é", "🙂",
                                  "\n", " OR ", " NOT "]), max_size=20).map("".join))
def test_any_input_parses_or_raises_one_line_within_the_text(text: str) -> None:
    try:
        query = parse_query(text)
    except QuerySyntaxError as error:
        assert "\n" not in str(error) and 0 <= error.position <= len(text)
        return
    assert query.terms()  # something to search for
    for term in query.terms():
        assert term.words and len(term.words) == len(term.keys)
