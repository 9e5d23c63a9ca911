"""Autocode in context on the Kremlin corpus, checked on the exported coded dataset with
plain regular expressions (nothing of the segmenter is reused)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from annotator.services import Project
from annotator.services.autocode import autocode, compile_pattern
from annotator.services.exporting import export_json
from annotator.services.importing import import_paths

#: A sentence may end with one of these, then closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…][”’\"»)\]]*$")
#: A full stop that would end a sentence inside a quote: terminator, spaces, a capital.
INNER_END = re.compile(r"(\w*)[.!?][”’\"»)\]]*\s+(?=[“\"«(]?[A-Z])")
ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "St", "e.g", "i.e", "Gen", "Prof"}


@pytest.fixture(scope="module")
def kremlin_once(tmp_path_factory: pytest.TempPathFactory, shared_corpora_dir: Path) -> Path:
    """The Kremlin corpus imported once into a project file, closed."""
    path = tmp_path_factory.mktemp("kremlin") / "kremlin.annotator"
    with Project.open(path, coder="tester") as project:
        report = import_paths(project, [shared_corpora_dir / "news-kremlin-en"])
        assert len(report.imported) >= 204
    return path


@pytest.fixture
def kremlin(kremlin_once: Path, tmp_path: Path) -> Path:
    """A copy of the imported corpus for one test (the original is closed)."""
    path = tmp_path / "kremlin.annotator"
    shutil.copy(kremlin_once, path)
    return path


@pytest.fixture(scope="module")
def shared_corpora_dir() -> Path:
    from helpers import SHARED

    folder = SHARED / "corpora"
    if not folder.is_dir():
        pytest.skip("../shared/corpora is not present")
    return folder


def coded(project: Project, tmp_path: Path, tag: str) -> tuple[dict[int, str], list[dict]]:  # type: ignore[type-arg]
    """The exported texts by document id and the annotations with ``tag``."""
    out = tmp_path / "export.json"
    export_json(project, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    tag_id = next(t["id"] for t in data["tags"] if t["name"] == tag)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    return texts, [a for a in data["annotations"] if tag_id in a["tags"]]


@pytest.mark.parametrize(("phrase", "least"), [("security", 100), ("Bush", 3), ("Putyatin", 1)])
def test_sentence_context_codes_whole_sentences_holding_the_phrase(
    kremlin: Path, tmp_path: Path, phrase: str, least: int
) -> None:
    with Project.open(kremlin, coder="tester") as project:
        result = autocode(project, "found", compile_pattern(phrase=phrase), context="sentence")
        texts, annotations = coded(project, tmp_path, "found")
    hits = {(d, m.start()) for d, t in texts.items() for m in re.finditer(phrase, t, re.I)}
    assert result.hits == len(hits) >= least
    assert len(annotations) == result.created
    covering: dict[tuple[int, int], int] = {}
    for a in annotations:
        text, quote = texts[a["document"]], a["quote"]
        assert text[a["start"]:a["end"]] == quote and phrase.lower() in quote.lower()
        assert "\n" not in quote and quote == quote.strip()
        line_start = text.rfind("\n", 0, a["start"]) + 1
        before = text[line_start:a["start"]]
        if before:  # after the end of a sentence, not after an abbreviation or initial
            assert before.endswith(" ") and SENTENCE_END.search(before.rstrip()), before[-40:]
            ends = list(INNER_END.finditer(before[-40:] + "X"))
            assert ends and not _abbreviation(ends[-1].group(1)), before[-40:]
        line_end = text.find("\n", a["end"])
        after = text[a["end"]:line_end if line_end >= 0 else len(text)]
        assert after.strip() == "" or SENTENCE_END.search(quote), quote[-40:]
        for inner in INNER_END.finditer(quote):  # one sentence: no full stop before a capital
            assert _abbreviation(inner.group(1)), quote
        for d, at in hits:
            if d == a["document"] and a["start"] <= at < a["end"]:
                covering[(d, at)] = covering.get((d, at), 0) + 1
    assert covering == dict.fromkeys(hits, 1)  # every hit in exactly one highlight


def _abbreviation(word: str) -> bool:
    return word in ABBREVIATIONS or (len(word) == 1 and word.isupper() and word != "I")


def test_paragraph_context_codes_each_line_with_the_phrase_once(kremlin: Path, tmp_path: Path) -> None:
    with Project.open(kremlin, coder="tester") as project:
        result = autocode(project, "security", compile_pattern(phrase="security"),
                          context="paragraph")
        texts, annotations = coded(project, tmp_path, "security")
    lines = [(d, line.strip()) for d, t in texts.items() for line in t.split("\n")
             if "security" in line.lower()]
    assert sorted((a["document"], a["quote"]) for a in annotations) == sorted(lines)
    assert result.created == len(lines) < result.hits


def test_document_context_codes_each_matching_document_whole(kremlin: Path, tmp_path: Path) -> None:
    with Project.open(kremlin, coder="tester") as project:
        result = autocode(project, "migra", compile_pattern(pattern=r"migra\w*"),
                          context="document")
        texts, annotations = coded(project, tmp_path, "migra")
    expected = {d: t.strip() for d, t in texts.items() if re.search(r"migra\w*", t, re.I)}
    assert {a["document"]: a["quote"] for a in annotations} == expected
    assert len(annotations) == result.created == result.documents == len(expected) > 0


def test_running_again_or_widening_adds_no_character_twice(kremlin: Path, tmp_path: Path) -> None:
    with Project.open(kremlin, coder="tester") as project:
        phrase = compile_pattern(phrase="security")
        first = autocode(project, "security", phrase, context="match")
        again = autocode(project, "security", phrase, context="match")
        assert (again.created, again.skipped) == (0, first.hits)
        widened = autocode(project, "security", phrase, context="sentence")
        assert widened.extended > 0 and widened.merged > 0
        _, annotations = coded(project, tmp_path, "security")
    by_document: dict[int, list[tuple[int, int]]] = {}
    for a in annotations:
        by_document.setdefault(a["document"], []).append((a["start"], a["end"]))
    for spans in by_document.values():
        union = {i for s, e in spans for i in range(s, e)}
        assert sum(e - s for s, e in spans) == len(union)
