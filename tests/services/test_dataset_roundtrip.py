"""Coded-dataset JSON and CSV through the services: export, merge back, refuse bad files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import InputFileError
from annotator.domain.model import NewDocument
from annotator.formats.coded_dataset import schema_text
from annotator.services import Project
from annotator.services.dataset_merge import merge_dataset
from annotator.services.exporting import export_csv, export_json
from helpers import add_text

PIECES = ["👩‍👩‍👧 ", "🇰🇿", "👍🏽", "e\u0301", "𠀋𠀌", "مرحبا بالعالم", "שלום", "\r\n", "\r", "中文字",
          "ZW\u200dJ", "plain words ", "\n\n", "\ufeff"]
documents = st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join).filter(
    lambda t: t.strip("\r\n\ufeff ")
)


def build(project: Project, texts: list[str], data: st.DataObject) -> None:
    security, _ = project.tags.create("security", description="threats")
    child, _ = project.tags.create("borders", parent_id=security, color="#123456")
    for i, raw in enumerate(texts):
        added = project.documents.add(
            NewDocument(f"Doc {i} 🇰🇿", raw, "2018-02-12" if i % 2 else None, f"f{i}.txt", {"n": i})
        )
        if added.duplicate:
            continue
        text = project.documents.text(added.document_id)
        for _ in range(data.draw(st.integers(0, 4))):
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, len(text)))
            tags = data.draw(st.sampled_from([[security], [child], [security, child], []]))
            project.highlights.create(added.document_id, start, end, tags, memo="m ✓")


def canonical(path: Path) -> dict[str, object]:
    """The dataset with file ids replaced by content, so that renumbering does not matter."""
    data = json.loads(path.read_text(encoding="utf-8"))
    tags = {t["id"]: t for t in data["tags"]}

    def tag_path(tid: int) -> str:
        tag = tags[tid]
        return (tag_path(tag["parent"]) + "/" if tag["parent"] else "") + tag["name"]

    docs = {d["id"]: d["sha256"] for d in data["documents"]}
    return {
        "tags": sorted((tag_path(t["id"]), t["color"], t["description"], t["guid"]) for t in data["tags"]),
        "documents": sorted(
            (d["sha256"], d["title"], d["date"], d["source"], json.dumps(d["attributes"]), d["text"], d["guid"])
            for d in data["documents"]
        ),
        "annotations": sorted(
            (docs[a["document"]], a["start"], a["end"], a["quote"], tuple(sorted(tag_path(t) for t in a["tags"])),
             a["memo"], a["coder"], a["created_at"], a["guid"])
            for a in data["annotations"]
        ),
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(documents, min_size=1, max_size=4), st.data())
def test_export_merge_export_is_lossless(tmp_path: Path, texts: list[str], data: st.DataObject) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    with Project.in_memory(coder="a") as source:
        build(source, texts, data)
        export_json(source, first)
    exported = json.loads(first.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(schema_text())).validate(exported)
    for a in exported["annotations"]:
        doc = next(d for d in exported["documents"] if d["id"] == a["document"])
        assert doc["text"][a["start"] : a["end"]] == a["quote"]
    with Project.in_memory(coder="b") as target:
        merge_dataset(target, first)
        again = merge_dataset(target, first)  # a second merge adds nothing
        assert (again.documents_added, again.highlights_added, again.tags_added) == (0, 0, 0)
        export_json(target, second)
    assert canonical(first) == canonical(second)


def test_no_text_export_validates_and_leaves_texts_out(project: Project, tmp_path: Path) -> None:
    doc = add_text(project, "Some text")
    tag, _ = project.tags.create("t")
    project.highlights.create(doc, 0, 4, [tag])
    out = tmp_path / "no-text.json"
    assert export_json(project, out, include_text=False) == "1 document, 1 tag, 1 highlight"
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(schema_text())).validate(data)
    assert "text" not in data["documents"][0]
    with Project.in_memory() as other, pytest.raises(InputFileError, match="no text"):
        merge_dataset(other, out)
    merged = merge_dataset(project, out)  # the project has the texts: fine
    assert merged.documents_matched == 1 and merged.highlights_matched == 1


def _exported(project: Project, tmp_path: Path) -> dict[str, object]:
    doc = add_text(project, "Water and security")
    tag, _ = project.tags.create("water")
    project.highlights.create(doc, 0, 5, [tag])
    out = tmp_path / "good.json"
    export_json(project, out)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d["annotations"][0].update(quote="Wxter"), "quote does not match"),
        (lambda d: d["annotations"][0].update(end=999), "annotations\\[0\\]"),
        (lambda d: d["annotations"][0].update(tags=[42]), "unknown tag id 42"),
        (lambda d: d.update(version=3), "version 3"),
        (lambda d: d["documents"][0].update(text="Water and security, changed"), "sha256"),
    ],
)
def test_inconsistent_files_are_refused_whole(tmp_path: Path, damage, message: str) -> None:  # type: ignore[no-untyped-def]
    with Project.in_memory() as source:
        data = _exported(source, tmp_path)
    damage(data)
    data["tags"].append({"id": 77, "name": "new tag", "parent": None, "color": "#000000", "description": ""})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with Project.in_memory() as target:
        with pytest.raises(InputFileError, match=message) as error:
            merge_dataset(target, bad)
        assert str(bad) in str(error.value)
        assert target.documents.count() == 0 and target.tags.all() == []


def test_csv_has_the_json_rows(project: Project, tmp_path: Path) -> None:
    doc = add_text(project, 'He said "no, never"\nthen left 🇰🇿.', attributes={"outlet": "TASS"})
    a, _ = project.tags.create("a")
    b, _ = project.tags.create("b", parent_id=a)
    project.highlights.create(doc, 8, 29, [a, b], memo="multi\nline")
    project.highlights.create(doc, 0, 2, [])
    out = tmp_path / "out.csv"
    assert export_csv(project, out, bom=True) == "2 highlights in 3 rows"
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["tag_path"] for r in rows] == ["", "a", "a/b"]
    assert rows[1]["quote"] == '"no, never"\nthen left'
    assert rows[1]["attr:outlet"] == "TASS" and rows[1]["memo"] == "multi\nline"


def test_identical_texts_from_two_sources_round_trip_as_two_documents(tmp_path: Path) -> None:
    out = tmp_path / "survey.json"
    with Project.in_memory() as source:
        for row in (2, 3):
            source.documents.add(NewDocument(f"r{row}", "Tidyverse", None, f"s.csv, row {row}"),
                                 distinct_sources=True)
        tag, _ = source.tags.create("tools")
        for doc in source.documents.ids():
            source.highlights.create(doc, 0, 4, [tag])
        export_json(source, out)
    with Project.in_memory() as target:
        first = merge_dataset(target, out)
        assert (first.documents_added, first.highlights_added) == (2, 2)
        assert sorted(target.documents.get(d).source for d in target.documents.ids()) == [
            "s.csv, row 2", "s.csv, row 3"]
        again = merge_dataset(target, out)
        assert (again.documents_added, again.documents_matched, again.highlights_added) == (0, 2, 0)
