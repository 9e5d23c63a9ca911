"""Hostile coded datasets and REFI-QDA files through ``annotator import``: a lone surrogate
in any text, or tags nested deeper than ``MAX_TAG_DEPTH``, is refused with one line naming
the file and the reason (exit 1), and the project is left unchanged."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.domain.tag_tree import MAX_TAG_DEPTH
from annotator.services import Project

TEXT = "Water and labour migration in Central Asia."
LONE = "\ud800"
HEADLINE = "Imported 0 documents, 0 duplicates, 1 failed, 0 skipped.\n"
GUID = "aaaaaaaa-1111-4111-8111-{:012x}"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def dataset(tags: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A valid coded dataset: one document with attributes, one tag, one annotation."""
    return {
        "format": "annotator/coded-dataset", "version": 1,
        "exported_at": "2026-11-26T16:00:00Z",
        "project": {"name": "Hostile"},
        "tags": tags if tags is not None else [
            {"id": 1, "name": "water", "parent": None, "color": "#d62728",
             "description": "About water"}],
        "documents": [{"id": 1, "title": "A title", "date": "2018-02-12", "source": "a.txt",
                       "attributes": {"outlet": "Fergana", "tags": ["x", {"y": "z"}]},
                       "sha256": sha(TEXT), "text": TEXT}],
        "annotations": [{"id": 1, "document": 1, "start": 0, "end": 5, "quote": "Water",
                         "tags": [1] if tags is None else [len(tags)], "memo": "A memo",
                         "coder": "ana", "created_at": "2026-01-02T03:04:05Z"}],
    }


def chain(levels: int) -> list[dict[str, Any]]:
    """Tags nested ``levels`` deep: each the only child of the one before."""
    return [{"id": i, "name": f"level {i}", "parent": i - 1 if i > 1 else None,
             "color": "#d62728", "description": ""} for i in range(1, levels + 1)]


def lone_text(data: dict[str, Any]) -> None:
    text = LONE + TEXT
    data["documents"][0].update(text=text, sha256=sha(text))
    data["annotations"][0].update(start=1, end=6)


def lone_quote(data: dict[str, Any]) -> None:
    lone_text(data)
    data["annotations"][0].update(start=0, end=6, quote=LONE + "Water")


def setter(record: str, key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target = data[record] if record == "project" else data[record][0]
        target[key] = f"a{LONE}b"
    return mutate


SURROGATE_FIELDS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("project name", setter("project", "name"), "project.name"),
    ("tag name", setter("tags", "name"), "tags[0].name"),
    ("tag description", setter("tags", "description"), "tags[0].description"),
    ("document title", setter("documents", "title"), "documents[0].title"),
    ("document text", lone_text, "documents[0].text"),
    ("document source", setter("documents", "source"), "documents[0].source"),
    ("attribute name", lambda d: d["documents"][0]["attributes"].update({LONE: "v"}),
     "a key of documents[0].attributes"),
    ("attribute value", lambda d: d["documents"][0]["attributes"].update(outlet=LONE),
     "documents[0].attributes.outlet"),
    ("nested attribute value", lambda d: d["documents"][0]["attributes"]["tags"][1].update(
        y=LONE), "documents[0].attributes.tags[1].y"),
    ("annotation quote", lone_quote, "documents[0].text"),  # the text comes first in the file
    ("memo", setter("annotations", "memo"), "annotations[0].memo"),
    ("coder", setter("annotations", "coder"), "annotations[0].coder"),
    ("guid", setter("annotations", "guid"), "annotations[0].guid"),
]


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """A project holding one document, and its bytes to compare with afterwards."""
    path = tmp_path / "existing.annotator"
    source = tmp_path / "first.txt"
    source.write_text("A first document.", encoding="utf-8")
    assert main(["import", str(path), str(source)]) == 0
    return path


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: "\ud800" escapes
    return path


def assert_refused(capsys: pytest.CaptureFixture[str], project: Path, file: Path,
                   reason: str) -> None:
    before = project.read_bytes()
    code, out, err = run(capsys, "import", project, file)
    assert code == 1
    assert out == HEADLINE
    assert err == f"failed: {file}: {reason}\n"
    assert project.read_bytes() == before
    assert sorted(p.name for p in project.parent.iterdir() if p.name.startswith(".")) == []
    # Into a new project: no file at all.
    new = project.with_name("new.annotator")
    assert run(capsys, "import", new, file) == (code, out, err)
    assert not new.exists()


@pytest.mark.parametrize(("mutate", "where"), [f[1:] for f in SURROGATE_FIELDS],
                         ids=[f[0] for f in SURROGATE_FIELDS])
def test_a_lone_surrogate_in_any_text_is_refused(
    tmp_path: Path, existing: Path, capsys: pytest.CaptureFixture[str],
    mutate: Callable[[dict[str, Any]], None], where: str,
) -> None:
    data = dataset()
    mutate(data)
    file = write_json(tmp_path / "hostile.json", data)
    assert "\\ud800" in file.read_text(encoding="utf-8")
    assert_refused(capsys, existing, file,
                   f"{where} holds \\ud800, a lone UTF-16 surrogate, which is not a character")


@pytest.mark.parametrize("text", ["\udc00 low half first", "high half last \udbff",
                                  "reversed pair \ude00\ud83d"])
def test_any_unpaired_half_is_refused(
    tmp_path: Path, existing: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    data = dataset()
    data["tags"][0]["name"] = text
    file = write_json(tmp_path / "hostile.json", data)
    half = next(f"\\u{ord(c):04x}" for c in text if 0xD800 <= ord(c) <= 0xDFFF)
    assert_refused(capsys, existing, file,
                   f"tags[0].name holds {half}, a lone UTF-16 surrogate, which is not a character")


def test_the_same_dataset_without_the_surrogate_imports(
    tmp_path: Path, existing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = dataset()
    data["documents"][0]["title"] = "An emoji 😀 escaped as a surrogate pair"
    file = write_json(tmp_path / "fine.json", data)
    assert "\\ud83d\\ude00" in file.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "import", existing, file)
    assert code == 0 and out.startswith("Merged fine.json: 1 document, 1 tag, 1 highlight")
    with Project.open(existing, create=False) as project:
        titles = {project.documents.get(i).title for i in project.documents.ids()}
    assert "An emoji 😀 escaped as a surrogate pair" in titles


def test_tags_nested_to_the_limit_are_accepted_and_every_command_works(
    tmp_path: Path, existing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write_json(tmp_path / "deep.json", dataset(chain(MAX_TAG_DEPTH)))
    code, out, err = run(capsys, "import", existing, file)
    assert (code, err) == (0, "") and f"1 document, {MAX_TAG_DEPTH} tags," in out
    code, out, _ = run(capsys, "tags", existing, "--format", "json")
    records = json.loads(out)
    assert code == 0 and len(records) == MAX_TAG_DEPTH
    assert records[-1]["path"] == "/".join(f"level {i}" for i in range(1, MAX_TAG_DEPTH + 1))
    assert records[-1]["highlights"] == 1
    code, out, _ = run(capsys, "stats", existing, "--format", "json")
    assert code == 0 and len(json.loads(out)["tags"]) == MAX_TAG_DEPTH
    for name in ("out.qdpx", "out.qdc", "out.json", "out.csv"):
        code, out, err = run(capsys, "export", existing, tmp_path / name)
        assert (code, err) == (0, ""), name
    # And back: the REFI-QDA codebook at the limit is accepted too.
    code, out, err = run(capsys, "import", tmp_path / "copy.annotator", tmp_path / "out.qdc")
    assert (code, err) == (0, "")
    with Project.open(tmp_path / "copy.annotator", create=False) as copy_project:
        assert max(len(p) for p in copy_project.tags.paths().values()) == MAX_TAG_DEPTH


@pytest.mark.parametrize("levels", [MAX_TAG_DEPTH + 1, 1200])
def test_tags_nested_past_the_limit_are_refused(
    tmp_path: Path, existing: Path, capsys: pytest.CaptureFixture[str], levels: int
) -> None:
    file = write_json(tmp_path / "deep.json", dataset(chain(levels)))
    assert_refused(capsys, existing, file,
                   f"tags[{MAX_TAG_DEPTH}].parent: tags are nested more than {MAX_TAG_DEPTH} "
                   f"levels deep (Annotator accepts at most {MAX_TAG_DEPTH})")


def codebook(levels: int, name: str = "code") -> str:
    opening = "".join(f'<Code guid="{GUID.format(i)}" name="{name} {i}" isCodable="true">'
                      for i in range(levels))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            + opening + "</Code>" * levels + "</Codes></CodeBook>")


def test_a_refi_codebook_nested_to_the_limit_is_accepted(
    tmp_path: Path, existing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "deep.qdc"
    file.write_text(codebook(MAX_TAG_DEPTH), encoding="utf-8")
    code, out, err = run(capsys, "import", existing, file)
    assert (code, err) == (0, "") and f"codebook: {MAX_TAG_DEPTH} tags added" in out
    code, out, _ = run(capsys, "tags", existing, "--format", "json")
    assert len(json.loads(out)) == MAX_TAG_DEPTH


@pytest.mark.parametrize("suffix", [".qdc", ".qde"])
def test_refi_codes_nested_past_the_limit_are_refused(
    tmp_path: Path, existing: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    xml = codebook(MAX_TAG_DEPTH + 1)
    if suffix == ".qde":
        xml = xml.replace("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">",
                          '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook>')
        xml = xml.replace("</CodeBook>", "</CodeBook></Project>")
    file = tmp_path / f"deep{suffix}"
    file.write_text(xml, encoding="utf-8")
    assert_refused(capsys, existing, file,
                   f"codes are nested more than {MAX_TAG_DEPTH} levels deep "
                   f"(Annotator accepts at most {MAX_TAG_DEPTH})")


def test_a_surrogate_character_reference_in_refi_xml_is_refused(
    tmp_path: Path, existing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "surrogate.qdc"
    file.write_text(codebook(1, name="&#xD800;"), encoding="utf-8")
    before = existing.read_bytes()
    code, out, err = run(capsys, "import", existing, file)
    assert code == 1 and out == HEADLINE
    assert err.startswith(f"failed: {file}: ") and err.count("\n") == 1
    assert "Traceback" not in err and "invalid character" in err
    assert existing.read_bytes() == before


def test_a_project_nested_past_the_limit_before_it_existed_still_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A project whose tags were nested 1,200 deep by an older Annotator: listing,
    counting and the JSON and CSV exports work (no recursion); the REFI-QDA export, whose
    XML writer recurses per level, refuses with one line."""
    path = tmp_path / "legacy.annotator"
    source = write_json(tmp_path / "one.json", dataset())
    assert main(["import", str(path), str(source)]) == 0
    connection = sqlite3.connect(path)
    with connection:
        for level in range(2, 1201):
            connection.execute(
                "INSERT INTO tags (guid, name, parent_id, color, description, position, "
                "created_at) SELECT ?, ?, max(id), '#d62728', '', 0, created_at FROM tags",
                [GUID.format(level), f"level {level}"])
    connection.close()
    capsys.readouterr()
    code, out, err = run(capsys, "tags", path, "--format", "json")
    assert (code, err) == (0, "") and len(json.loads(out)) == 1200
    code, out, err = run(capsys, "stats", path, "--format", "csv")
    assert (code, err) == (0, "") and out.count("\ntag,") == 1200
    for name in ("out.json", "out.csv"):
        assert run(capsys, "export", path, tmp_path / name)[0] == 0
    code, out, err = run(capsys, "export", path, tmp_path / "out.qdpx")
    assert code == 1 and out == ""
    assert err == (f"annotator: the codebook is nested 1200 levels deep; REFI-QDA export "
                   f"takes at most {MAX_TAG_DEPTH} (move some tags up first)\n")
    assert not (tmp_path / "out.qdpx").exists()
