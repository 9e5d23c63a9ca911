"""Two coders' projects built separately, merged through the other project file, its JSON
export and its REFI-QDA export: nothing either side holds is lost, each coder's highlights
are kept (an identical span by both stays two highlights), merging again adds nothing, and
a bad file gives one message and leaves the project unchanged.

What each side holds is counted from its own JSON export (parsed here with ``json``), not
through the code under test."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.memos import MemoPlace
from annotator.domain.text import normalize_text
from annotator.services import Project
from annotator.services.exporting import export_json
from annotator.services.importing import import_paths
from annotator.services.refi_qda import export_qdpx
from helpers import SHARED, add_text
from undo_scenarios import table_rows

CORPUS = SHARED / "corpora" / "news-kremlin-en"
SHARED_FILES = ("kremlin-en-37383.txt", "kremlin-en-37410.txt")


def _corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8").replace("\r\n", "\n")


def _code_words(project: Project, document_id: int, words: list[str], tag_ids: list[int]) -> None:
    """Highlight the first occurrence of each word (found with ``str.find``)."""
    text = project.store.documents.text(document_id)
    for word in words:
        start = text.find(word)
        assert start >= 0, word
        project.highlights.create(document_id, start, start + len(word), tag_ids)


def _build(path: Path, coder: str, words: list[str], *, extra: bool) -> None:
    """A coder's project: the two shared news texts, a tag ``power`` both coders use (red),
    a tag of the coder's own; every word in ``words`` coded with ``power`` in both texts.
    With ``extra``: a document only this side has, with a typed variable, memos of every
    kind, a nested tag, and a highlight last changed by another coder."""
    with Project.open(path, coder=coder) as project:
        ids = [add_text(project, _corpus_text(name), title=name, source=name,
                        attributes={"outlet": "kremlin"}) for name in SHARED_FILES]
        power, _ = project.tags.create("power", color="#d62728", description="who holds it")
        own, _ = project.tags.create(f"{coder} notes", color="#1f77b4")
        for document_id in ids:
            _code_words(project, document_id, words, [power])
        _code_words(project, ids[0], ["decree"], [own])
        if not extra:
            return
        solo = add_text(project, "Water and borders: a talk on the Amu Darya.\nÉmigré ✈️ 水",
                        title="Solo", source="solo.txt",
                        attributes={"outlet": "talk", "pages": 12})
        project.variables.set_type("pages", "number")
        parent, _ = project.tags.create("region")
        child, _ = project.tags.create("central asia", parent_id=parent, color="#2ca02c")
        _code_words(project, solo, ["Amu Darya", "✈️ 水"], [child])
        highlight, _ = project.highlights.create(solo, 0, 5, [power])
        project.memos.write(MemoPlace.project(), f"{coder}'s project memo")
        project.memos.write(MemoPlace.document(solo), "a document memo")
        project.memos.write(MemoPlace.tag(child), "a tag memo")
        project.memos.write(MemoPlace.highlight(highlight), "a highlight memo")
        project.memos.create_span(solo, 6, 9, "a span memo")
    with Project.open(path, coder="carol") as project:
        if extra:
            (solo,) = [d.id for d in project.store.documents.iterate(with_text=False)
                       if d.title == "Solo"]
            water = project.store.highlights.with_span(solo, 0, 5)[0]
            project.highlights.add_tags(water.id, [project.tags.find(("region",)) or 0])


@pytest.fixture
def sides(tmp_path: Path) -> tuple[Path, Path]:
    """alice's project and bob's, built separately; both coded "President" and "Putin"
    with ``power`` (the same spans and tags, by two coders)."""
    alice, bob = tmp_path / "alice.annotator", tmp_path / "colleague" / "bob.annotator"
    bob.parent.mkdir()
    _build(alice, "alice", ["President", "Putin"], extra=False)
    _build(bob, "bob", ["President", "Putin", "Acting"], extra=True)
    return alice, bob


def _export(path: Path, out: Path) -> dict[str, Any]:
    with Project.open(path, create=False) as project:
        export_json(project, out)
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def _paths(data: dict[str, Any]) -> dict[int, str]:
    tags = {t["id"]: t for t in data["tags"]}

    def path(tag_id: int) -> str:
        tag = tags[tag_id]
        return (path(tag["parent"]) + "/" if tag["parent"] else "") + tag["name"]

    return {tag_id: path(tag_id) for tag_id in tags}


def _highlights(data: dict[str, Any], *, full: bool = True) -> Counter[tuple[Any, ...]]:
    """Each annotation as (document sha256, start, end, quote, coder, tag paths[, GUID,
    times, last modifier]), counted."""
    paths = _paths(data)
    sha = {d["id"]: d["sha256"] for d in data["documents"]}
    found: Counter[tuple[Any, ...]] = Counter()
    for a in data["annotations"]:
        key: tuple[Any, ...] = (sha[a["document"]], a["start"], a["end"], a["quote"], a["coder"],
                                frozenset(paths[t] for t in a["tags"]))
        if full:
            key += (a.get("guid"), a["created_at"], a.get("modified_at"),
                    a.get("modified_by", a["coder"]))
        found[key] += 1
    return found


def _memos(data: dict[str, Any]) -> set[tuple[Any, ...]]:
    paths = _paths(data)
    sha = {d["id"]: d["sha256"] for d in data["documents"]}
    quotes = {a["id"]: (sha[a["document"]], a["start"], a["end"]) for a in data["annotations"]}
    return {(m["kind"], m["text"], m["author"], m["created_at"], sha.get(m.get("document")),
             paths.get(m.get("tag")), quotes.get(m.get("annotation")), m.get("start"))
            for m in data["memos"] if m["kind"] != "project"}


def _tags(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    paths = _paths(data)
    return {(paths[t["id"]], t["color"], t["description"]) for t in data["tags"]}


def _documents(data: dict[str, Any]) -> set[tuple[Any, ...]]:
    """Each document by its text, with title, date and attributes (a document both sides
    have keeps this side's GUID: see :func:`_guids`)."""
    return {(d["sha256"], d["title"], d["date"], json.dumps(d["attributes"], sort_keys=True))
            for d in data["documents"]}


def _guids(data: dict[str, Any]) -> dict[str, str]:
    return {d["sha256"]: d["guid"] for d in data["documents"]}


def _coders(data: dict[str, Any]) -> Counter[str]:
    return Counter(a["coder"] for a in data["annotations"])


def _merge(target: Path, source: Path) -> list[str]:
    with Project.open(target, coder="alice") as project:
        report = import_paths(project, [source])
    assert not report.failed, report.failed
    return report.summary_lines()


def test_merging_the_other_project_file_loses_nothing(sides, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice, bob = sides
    mine, theirs = _export(alice, tmp_path / "a.json"), _export(bob, tmp_path / "b.json")
    lines = _merge(alice, bob)
    merged = _export(alice, tmp_path / "merged.json")
    assert _coders(merged) == _coders(mine) + _coders(theirs)
    assert _highlights(merged) == _highlights(mine) + _highlights(theirs)
    assert _tags(merged) == _tags(mine) | _tags(theirs)
    assert _documents(merged) == _documents(mine) | _documents(theirs)
    assert _guids(merged) == _guids(theirs) | _guids(mine)
    assert _memos(merged) == _memos(mine) | _memos(theirs)
    project_memo = next(m["text"] for m in merged["memos"] if m["kind"] == "project")
    assert project_memo == "bob's project memo"
    with Project.open(alice, create=False) as project:
        assert project.variables.get("pages").type == "number"
    assert not mine["memos"]  # so every memo of bob's is new here
    new_documents = len(_documents(theirs) - _documents(mine))
    new_tags = len(_tags(theirs) - _tags(mine))
    assert lines == [
        f"Merged bob.annotator: {new_documents} document, {new_tags} tags, "
        f"{len(theirs['annotations'])} highlights (bob {_coders(theirs)['bob']}), "
        f"{len(theirs['memos'])} memos; "
        f"{len(SHARED_FILES)} documents, 1 tag already present."]


def test_the_same_span_by_two_coders_stays_two_highlights(sides, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice, bob = sides
    _merge(alice, bob)
    merged = _export(alice, tmp_path / "merged.json")
    spans = Counter((a["document"], a["start"], a["end"]) for a in merged["annotations"]
                    if a["quote"] == "Putin")
    assert sorted(spans.values()) == [2] * len(SHARED_FILES)


@pytest.mark.parametrize("route", ["annotator", "json", "qdpx"])
def test_each_route_keeps_every_coder_and_merging_again_adds_nothing(  # type: ignore[no-untyped-def]
        sides, tmp_path: Path, route: str) -> None:
    alice, bob = sides
    mine, theirs = _export(alice, tmp_path / "a.json"), _export(bob, tmp_path / "b.json")
    source = {"annotator": bob, "json": tmp_path / "b.json", "qdpx": tmp_path / "b.qdpx"}[route]
    if route == "qdpx":
        with Project.open(bob, create=False) as project:
            export_qdpx(project, source)
    _merge(alice, source)
    merged = _export(alice, tmp_path / "merged.json")
    assert _coders(merged) == _coders(mine) + _coders(theirs)
    assert (_highlights(merged, full=False)
            == _highlights(mine, full=False) + _highlights(theirs, full=False))
    with Project.open(alice, create=False) as project:
        before = table_rows(project)
        again = import_paths(project, [source])
        assert not again.failed
        assert not again.changes
        assert table_rows(project) == before
    assert "nothing new" in again.summary_lines()[0]


def test_a_coders_json_export_keeps_who_changed_a_highlight_last(sides, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, bob = sides
    theirs = _export(bob, tmp_path / "b.json")
    changed = [a for a in theirs["annotations"] if a.get("modified_by")]
    assert [(a["coder"], a["modified_by"]) for a in changed] == [("bob", "carol")]
    target = tmp_path / "fresh.annotator"
    _merge(target, tmp_path / "b.json")
    assert _highlights(_export(target, tmp_path / "fresh.json")) == _highlights(theirs)


def test_an_older_project_file_is_merged_and_left_as_it_was(sides, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice, bob = sides
    theirs = _export(bob, tmp_path / "b.json")
    conn = sqlite3.connect(bob)  # bob's file is closed: made older the way 0007 found it
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_highlight_modified_by'")
    conn.execute("ALTER TABLE highlights DROP COLUMN modified_by")
    conn.commit()
    conn.close()
    content = bob.read_bytes()
    _merge(alice, bob)
    assert bob.read_bytes() == content
    assert sorted(os.listdir(bob.parent)) == ["bob.annotator"]
    merged = _export(alice, tmp_path / "merged.json")
    assert _coders(merged)["bob"] == _coders(theirs)["bob"]


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('annotator', '9999_from_the_future', '2099-01-01')")
    conn.commit()
    conn.close()


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _not_sqlite(path: Path) -> None:
    path.write_text("a note, not a project\n", encoding="utf-8")


def _foreign(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("spoil", "reason"), [
    (_truncated, "the project file is damaged (it is truncated"),
    (_not_sqlite, "not an Annotator project (the file is not an SQLite database)"),
    (_foreign, "not an Annotator project (an SQLite database of another application)"),
    (_newer, "written by a newer version of Annotator"),
])
def test_a_bad_project_file_gives_one_message_and_changes_nothing(  # type: ignore[no-untyped-def]
        sides, tmp_path: Path, spoil, reason: str) -> None:
    alice, bob = sides
    bad = tmp_path / "bad.annotator"
    shutil.copyfile(bob, bad)
    spoil(bad)
    content = bad.read_bytes()
    with Project.open(alice, create=False) as project:
        before = table_rows(project)
        report = import_paths(project, [bad])
        assert table_rows(project) == before
    assert bad.read_bytes() == content
    assert not any(Path(f"{bad}{suffix}").exists() for suffix in ("-wal", "-shm"))
    assert [(path, why.startswith(f"{bad}: {reason}")) for path, why in report.failed] == [
        (bad, True)]
    assert report.summary_lines()[1:] == [f"failed: {report.failed[0][1]}"]


def test_the_project_itself_is_refused_under_any_name(sides, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice, _ = sides
    link = tmp_path / "same-file.annotator"
    os.link(alice, link)
    with Project.open(alice, create=False) as project:
        before = table_rows(project)
        report = import_paths(project, [alice, link])
        assert table_rows(project) == before
    assert [why for _, why in report.failed] == [
        f"{path}: this is the project being merged into; a project cannot be merged into "
        "itself" for path in (alice, link)]


def test_a_project_file_inside_a_folder_is_not_merged(sides, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice, bob = sides
    with Project.open(alice, create=False) as project:
        report = import_paths(project, [bob.parent])
    assert report.skipped == [(bob, "a project file inside a folder is not merged (merge it "
                                    "by itself)")]
    assert not report.changes


HARD_TEXT = st.lists(
    st.sampled_from(["a", "b", " ", "\n", ".", "\u00e9", "e\u0301", "🙂", "👩\u200d🔬", "𠀋",
                     "ש", "\u200f", "中", "\r\n", "\u0651"]),
    min_size=1, max_size=30,
).map("".join).filter(lambda s: normalize_text(s).strip() != "")


def _spans(length: int) -> st.SearchStrategy[list[tuple[int, int]]]:
    """One to four distinct spans of a text of ``length`` code points."""
    return st.lists(st.integers(0, length - 1).flatmap(
        lambda start: st.tuples(st.just(start), st.integers(start + 1, length))),
        min_size=1, max_size=4, unique=True)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HARD_TEXT, data=st.data())
def test_hard_text_merges_with_true_quotes_and_both_coders(tmp_path: Path, text: str,  # type: ignore[no-untyped-def]
                                                           data) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        spans: dict[str, list[tuple[int, int]]] = {}
        paths = {coder: Path(folder) / f"{coder}.annotator" for coder in ("alice", "bob")}
        for coder, path in paths.items():
            with Project.open(path, coder=coder) as project:
                document = add_text(project, text, title="hard")
                stored = project.store.documents.text(document)
                tag, _ = project.tags.create("t")
                chosen = data.draw(_spans(len(stored)))
                for start, end in chosen:
                    project.highlights.create(document, start, end, [tag])
                spans[coder] = sorted(chosen)
        with Project.open(paths["alice"], coder="alice") as project:
            report = import_paths(project, [paths["bob"]])
            assert not report.failed
            (document,) = project.documents.ids()
            stored = project.store.documents.text(document)
            found: dict[str, list[tuple[int, int]]] = {"alice": [], "bob": []}
            for highlight in project.store.highlights.iterate():
                assert stored[highlight.start : highlight.end] == highlight.quote
                found[highlight.coder].append((highlight.start, highlight.end))
        assert {coder: sorted(s) for coder, s in found.items()} == spans


def test_damage_found_only_while_reading_is_one_message(sides, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch) -> None:
    """A file too big for the check on opening (made so here) whose highlights' pages are
    damaged: the damage met while reading it refuses the merge like any other."""
    from annotator.store import other_project

    alice, bob = sides
    monkeypatch.setattr(other_project, "QUICK_CHECK_MAX_BYTES", 0)
    bad = tmp_path / "bad.annotator"
    shutil.copyfile(bob, bad)
    conn = sqlite3.connect(bad)
    pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'highlights'")]
    conn.close()
    data = bytearray(bad.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    for number in pages:  # the highlights' pages only: opening the file reads none of them
        data[(number - 1) * size : (number - 1) * size + 64] = b"\xff" * 64
    bad.write_bytes(bytes(data))
    with Project.open(alice, create=False) as project:
        before = table_rows(project)
        report = import_paths(project, [bad])
        assert table_rows(project) == before
    assert [why.startswith(f"{bad}: the project file is damaged") for _, why in report.failed
            ] == [True]
