"""``stats --coder`` and ``stats --split coder``, against counts made in the test from
the exported coded dataset (each annotation names its coder)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.model import NewDocument
from annotator.services import Project

CODERS = ("ann", "Bob", "cem")
WORDS = ["water", "border", "security", "migration", "river", "labour", "gas", "treaty"]


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    """Three coders' highlights of three tags (one nested) over dated and undated documents,
    with shared spans and documents only some coders touched."""
    rng = random.Random(15)
    path = tmp_path / "coders.annotator"
    with Project.open(path, coder="setup") as project:
        security = project.tags.create("security")[0]
        tags = [security, project.tags.create("borders", parent_id=security)[0],
                project.tags.create("water")[0]]
        documents = []
        for i in range(14):
            text = " ".join(rng.choice(WORDS) for _ in range(30))
            date = None if i % 5 == 4 else f"20{18 + i % 3}-{1 + i % 12:02d}-{1 + i:02d}"
            documents.append(project.documents.add(NewDocument(f"d{i}", text, date)).document_id)
        assert len(set(documents)) == 14
        for coder in CODERS:
            project.coder = coder
            for document in rng.sample(documents, 9):
                for _ in range(rng.randint(1, 4)):
                    start = rng.randrange(0, 100)
                    chosen = rng.sample(tags, rng.randint(1, 2))
                    project.highlights.create(document, start, start + rng.randint(3, 40),
                                              chosen)
    return path


def exported(capsys: pytest.CaptureFixture[str], path: Path, tmp_path: Path) -> dict:
    out = tmp_path / "coded.json"
    assert run(capsys, "export", path, out)[0] == 0
    return json.loads(out.read_text(encoding="utf-8"))


def tag_paths(dataset: dict) -> dict[int, str]:
    by_id = {t["id"]: t for t in dataset["tags"]}

    def path(tag: dict) -> str:
        return tag["name"] if tag["parent"] is None else f"{path(by_id[tag['parent']])}/" \
            f"{tag['name']}"
    return {i: path(t) for i, t in by_id.items()}


def expected_rows(dataset: dict, coders: set[str] | None, by_coder: bool
                  ) -> tuple[Counter, dict, Counter, dict]:
    """Highlights and distinct documents per (tag path, group) and per (month, tag path,
    group), counted straight from the annotations."""
    paths = tag_paths(dataset)
    dates = {d["id"]: d["date"] for d in dataset["documents"]}
    tag_highlights: Counter = Counter()
    tag_documents: dict = {}
    month_highlights: Counter = Counter()
    month_documents: dict = {}
    for a in dataset["annotations"]:
        if coders is not None and a["coder"] not in coders:
            continue
        group = a["coder"] if by_coder else None
        for tag in a["tags"]:
            key = (paths[tag], group)
            tag_highlights[key] += 1
            tag_documents.setdefault(key, set()).add(a["document"])
            if dates[a["document"]]:
                month = (dates[a["document"]][:7], paths[tag], group)
                month_highlights[month] += 1
                month_documents.setdefault(month, set()).add(a["document"])
    return tag_highlights, tag_documents, month_highlights, month_documents


def test_split_coder_gives_each_coders_own_counts(coded: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    dataset = exported(capsys, coded, tmp_path)
    code, out, err = run(capsys, "stats", coded, "--split", "coder", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    highlights, documents, months, month_documents = expected_rows(dataset, None, True)
    assert report["split"] == "coder"
    coded_by = {c: {a["document"] for a in dataset["annotations"] if a["coder"] == c}
                for c in CODERS}
    assert report["groups"] == [{"group": c, "documents": len(coded_by[c])}
                                for c in sorted(CODERS, key=str.casefold)]
    got = {(r["path"], r["group"]): (r["highlights"], r["documents"]) for r in report["tags"]}
    assert {k for k, v in got.items() if v != (0, 0)} == set(highlights)
    for key, count in highlights.items():
        assert got[key] == (count, len(documents[key])), key
    timeline = {(r["period"], r["tag"], r["group"]): (r["highlights"], r["documents"])
                for r in report["timeline"]}
    assert timeline == {k: (n, len(month_documents[k])) for k, n in months.items()}
    undated = [a for a in dataset["annotations"]
               if not next(d["date"] for d in dataset["documents"] if d["id"] == a["document"])]
    assert report["undated"]["highlights"] == len({a["id"] for a in undated if a["tags"]})


@pytest.mark.parametrize("asked", [["ann"], ["ann,cem"], ["Bob", "cem"]])
def test_coder_counts_only_their_highlights(coded: Path, tmp_path: Path, asked: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    dataset = exported(capsys, coded, tmp_path)
    arguments = [x for name in asked for x in ("--coder", name)]
    code, out, err = run(capsys, "stats", coded, *arguments, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    coders = {n for value in asked for n in value.split(",")}
    highlights, documents, months, month_documents = expected_rows(dataset, coders, False)
    got = {r["path"]: (r["highlights"], r["documents"]) for r in report["tags"]}
    for (path, _), count in highlights.items():
        assert got[path] == (count, len(documents[(path, None)])), path
    assert sum(h for h, _ in got.values()) == sum(highlights.values())
    timeline = {(r["period"], r["tag"]): (r["highlights"], r["documents"])
                for r in report["timeline"]}
    assert timeline == {(m, t): (n, len(month_documents[(m, t, g)]))
                        for (m, t, g), n in months.items()}


def test_a_coder_with_no_highlights_is_an_error_naming_the_coders(
        coded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "stats", coded, "--coder", "anne")
    assert code == 1 and not out
    assert err.strip() == "annotator: no highlights by a coder called 'anne' " \
        "(coders: Bob, ann, cem)"


def test_split_coder_wins_over_a_variable_called_coder(
        coded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(coded) as project:
        first = project.documents.ids()[0]
        project.variables.set_value([first], "coder", "someone else")
    code, out, _ = run(capsys, "stats", coded, "--split", "coder", "--format", "json")
    assert code == 0
    assert [g["group"] for g in json.loads(out)["groups"]] == ["ann", "Bob", "cem"]
