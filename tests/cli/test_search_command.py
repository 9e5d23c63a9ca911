"""``annotator search`` on the Kremlin news corpus: the JSON's exact shape, counts and
offsets checked against regular expressions on the corpus files, ``--where`` against
``index.csv``, the table, and a malformed query as a one-line usage error."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from helpers import SHARED

KREMLIN = SHARED / "corpora" / "news-kremlin-en"


def cli(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def kremlin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("search") / "kremlin.annotator"
    assert cli("import", path, KREMLIN)[0] == 0
    assert cli("attributes", path, KREMLIN / "index.csv")[0] == 0
    yield path


def corpus_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in KREMLIN.iterdir()
            if p.suffix in (".txt", ".md")}


def search_json(project: Path, *args: object) -> dict:
    code, out, err = cli("search", project, *args, "--format", "json")
    assert code == 0 and err == ""
    return json.loads(out)


def test_json_lists_every_hit_with_its_context_and_offsets(kremlin: Path) -> None:
    texts = corpus_texts()
    pattern = re.compile(r"\bwater\b|\bmigration\b", re.IGNORECASE)
    expected = {name: [m.span() for m in pattern.finditer(text)] for name, text in texts.items()}
    expected = {name: spans for name, spans in expected.items() if spans}
    result = search_json(kremlin, "water OR migration", "--context", 15)
    assert set(result) == {"documents", "hits"} and result["documents"] == len(expected) == 8
    titles = {row["file"]: row["title"] for row in csv.DictReader(
        (KREMLIN / "index.csv").open(encoding="utf-8", newline=""))}
    by_title = {" ".join(t.split()): name for name, t in titles.items()}
    found: dict[str, list[tuple[int, int]]] = {}
    for hit in result["hits"]:
        assert list(hit) == ["document", "title", "date", "start", "end", "hit", "left",
                             "right"]
        name = by_title[" ".join(hit["title"].split())]
        text = texts[name]
        assert text[hit["start"]:hit["end"]] == hit["hit"]
        assert hit["left"] == text[max(0, hit["start"] - 15):hit["start"]]
        assert hit["right"] == text[hit["end"]:hit["end"] + 15]
        assert hit["date"][:10] == next(r["date"] for r in csv.DictReader(
            (KREMLIN / "index.csv").open(encoding="utf-8", newline="")) if r["file"] == name)
        found.setdefault(name, []).append((hit["start"], hit["end"]))
    assert found == expected
    assert len({h["document"] for h in result["hits"]}) == 8


def test_default_context_is_forty_code_points(kremlin: Path) -> None:
    result = search_json(kremlin, '"national security"')
    assert result["documents"] == 7 and len(result["hits"]) == 10
    assert all(len(h["left"]) == 40 == len(h["right"]) for h in result["hits"])
    assert all(h["hit"].lower() == "national security" for h in result["hits"])


def test_where_keeps_the_documents_with_that_value(kremlin: Path) -> None:
    texts = corpus_texts()
    rows = list(csv.DictReader((KREMLIN / "index.csv").open(encoding="utf-8", newline="")))
    place = "Novo-Ogaryovo, Moscow Region"
    expected = {r["file"] for r in rows if " ".join(r["place"].split()) == place
                and re.search(r"\bsecurity\b", texts[r["file"]], re.IGNORECASE)}
    result = search_json(kremlin, "security", "--where", f"place={place}")
    assert result["documents"] == len(expected) > 0
    assert len(result["hits"]) == sum(
        len(re.findall(r"\bsecurity\b", texts[n], re.IGNORECASE)) for n in expected)


def test_no_match_is_an_empty_list_not_an_error(kremlin: Path) -> None:
    assert search_json(kremlin, "xylophone") == {"documents": 0, "hits": []}
    code, out, _ = cli("search", kremlin, "xylophone")
    assert (code, out) == (0, "No documents match.\n")


def test_the_table_shows_each_document_once_and_each_hit_on_a_line(kremlin: Path) -> None:
    result = search_json(kremlin, '"national security"', "--context", 20)
    code, out, err = cli("search", kremlin, '"national security"', "--context", 20)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[-1] == f"{result['documents']} documents, {len(result['hits'])} hits."
    hit_lines = [line for line in lines if line.startswith("        ")]
    assert len(hit_lines) == len(result["hits"])
    for line, hit in zip(hit_lines, result["hits"], strict=True):
        # any white space shown as a space
        left, shown = re.sub(r"\s", " ", hit["left"]), re.sub(r"\s", " ", hit["hit"])
        assert line.startswith(f"        {left:>20}  {shown}  ")
    headers = [line for line in lines if re.match(r"\s*\d+  \d{4}-\d\d-\d\d  ", line)]
    assert len(headers) == result["documents"]


@pytest.mark.parametrize(("query", "message"), [
    ("water OR", 'character 9: expected a word, a "phrase" or ( after OR'),
    ('"national security', 'character 1: the quote is not closed; expected a closing "'),
    ("NOT terrorism", "character 1: nothing to search for: NOT terrorism only leaves "
                      "documents out; add a word to find"),
    ("-terrorism", "character 1: nothing to search for: -terrorism only leaves documents "
                   "out; add a word to find"),
])
def test_a_malformed_query_is_a_usage_error_in_one_line(kremlin: Path, query: str,
                                                        message: str) -> None:
    code, out, err = cli("search", kremlin, "--", query)  # -- : a query may begin with -
    assert (code, out) == (2, "")
    assert err == f"annotator search: error: argument QUERY: {message}\n"


@pytest.mark.parametrize("value", ["-1", "x", "10001", "٣"])
def test_a_bad_context_is_a_usage_error_in_one_line(kremlin: Path, value: str) -> None:
    with pytest.raises(SystemExit) as caught, contextlib.redirect_stderr(io.StringIO()) as err:
        main(["search", str(kremlin), "water", "--context", value])
    assert caught.value.code == 2
    assert err.getvalue() == (f"annotator search: error: argument --context: {value!r} is not "
                              "a number of characters from 0 to 10,000\n")


def test_help_shows_the_syntax() -> None:
    with pytest.raises(SystemExit), contextlib.redirect_stdout(io.StringIO()) as out:
        main(["search", "--help"])
    assert '"national security"' in out.getvalue() and "NEAR(water dam, 5)" in out.getvalue()
