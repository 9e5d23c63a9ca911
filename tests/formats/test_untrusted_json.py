"""Loading untrusted JSON: lone UTF-16 surrogates are refused wherever they hide."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import InputFileError
from annotator.formats.untrusted_json import load_json_file

REASON = "{where} holds {half}, a lone UTF-16 surrogate, which is not a character"


def load(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    return load_json_file(path, max_bytes=10**7)


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputFileError) as caught:
        load(tmp_path, text)
    assert str(caught.value) == f"{tmp_path / 'data.json'}: {caught.value.reason}"
    return caught.value.reason


def test_escaped_pairs_and_raw_characters_are_text(tmp_path: Path) -> None:
    value = {"emoji 😀": ["😀 and 𠀀", {"k": "\U0010ffff"}], "plain": "\\ud800 written out"}
    assert load(tmp_path, json.dumps(value)) == value  # ensure_ascii: escaped pairs
    assert load(tmp_path, json.dumps(value, ensure_ascii=False)) == value


@pytest.mark.parametrize(("text", "where", "half"), [
    ('"\\ud800"', "the top-level string", "\\ud800"),
    ('{"a": ["ok", {"b": "x\\udfff"}]}', "a[1].b", "\\udfff"),
    ('{"\\udbff key": 1}', "a key of the top-level object", "\\udbff"),
    ('{"outer": {"\\ud800": "\\udc01"}}', "a key of outer", "\\ud800"),  # the key comes first
    ('{"a": "\\udc00", "b": "\\ud801"}', "a", "\\udc00"),  # the first in file order
    ('[1, 2.5, null, true, "\\ude00\\ud83d"]', "[4]", "\\ude00"),  # a pair the wrong way round
])
def test_a_lone_surrogate_is_refused_naming_where(tmp_path: Path, text: str, where: str,
                                                  half: str) -> None:
    assert refusal(tmp_path, text) == REASON.format(where=where, half=half)


def test_a_deeply_nested_surrogate_is_found_without_recursion(tmp_path: Path) -> None:
    depth = 900  # as deep as the JSON parser itself goes
    text = "[" * depth + '"\\ud800"' + "]" * depth
    assert refusal(tmp_path, text) == REASON.format(where="[0]" * depth, half="\\ud800")
