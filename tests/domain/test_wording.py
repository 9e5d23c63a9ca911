"""Numbers with nouns: the one helper every count in a message goes through."""

from __future__ import annotations

import pytest

from annotator.domain.wording import plural, plural_of


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0 highlights"), (1, "1 highlight"), (2, "2 highlights"), (-1, "-1 highlights"),
])
def test_one_is_singular_and_every_other_number_plural(count: int, expected: str) -> None:
    assert plural(count, "highlight") == expected


@pytest.mark.parametrize(("noun", "expected"), [
    ("document", "documents"), ("match", "matches"), ("box", "boxes"), ("entry", "entries"),
    ("day", "days"), ("child tag", "child tags"), ("class", "classes"), ("memo", "memos"),
])
def test_regular_plurals(noun: str, expected: str) -> None:
    assert plural_of(noun) == expected
    assert plural(2, noun) == f"2 {expected}" and plural(1, noun) == f"1 {noun}"


def test_an_irregular_plural_and_grouped_thousands() -> None:
    assert plural(3, "person", "people") == "3 people"
    assert plural(1, "person", "people") == "1 person"
    assert plural(12045, "document", grouped=True) == "12,045 documents"
    assert plural(1, "document", grouped=True) == "1 document"
    assert plural(1200, "document") == "1200 documents"
