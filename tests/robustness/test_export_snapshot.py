"""An export is one snapshot of the project, even while another process writes to it.

Two kinds of test:

- deterministic: right after an export's first read, another connection commits a tag,
  a document and a highlight with that tag; the file must then be exactly the export
  taken before that commit (without one read transaction the highlight appeared with a
  tag the file did not define, or the export crashed on it);
- the same for ``annotator stats`` (tag totals, timeline and undated counts);
- a race harness: a writer process keeps adding tags, documents and tagged highlights
  (and deleting some) while JSON, CSV, REFI-QDA .qdpx and .qdc exports run, round after
  round; every file must be internally consistent and import back into an empty project.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from annotator.domain.errors import UserError
from annotator.domain.model import NewDocument
from annotator.formats.coded_dataset import schema_text
from annotator.services import Project
from annotator.services.dataset_merge import merge_dataset
from annotator.services.exporting import export_csv, export_json
from annotator.services.refi_qda import export_qdc, export_qdpx, import_refi
from annotator.services.refi_qda_export import derived_guid
from annotator.services.statistics import compute_stats

ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
NS = "{urn:QDA-XML:project:1.0}"
#: Rounds of the race harness; each exports the project in all four formats.
ROUNDS = 30
#: The writer's documents are about this many; older ones are deleted as it goes.
LIVE_DOCUMENTS = 60

#: A writer that commits many small transactions, each a separate service call, in an
#: order that opens every window an export could fall into: a new tag before the
#: highlight using it, a new document (with an attribute no other document has) before
#: its highlights, a new coder, a memo; and deletions of highlights, tags and documents.
#: It prints READY once the first objects exist and stops when ``STOP`` appears.
CHURN = r"""
import random, sys
from pathlib import Path
from annotator.domain.errors import NotFoundError
from annotator.domain.model import NewDocument
from annotator.services import Project

path, stop, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
words = ("water", "security", "labour", "border", "river", "gas", "treaty")
with Project.open(path, create=False, coder="writer") as project:
    tags, documents, highlights = [], [], []
    n = 0
    while not stop.exists():
        n += 1
        parent = rng.choice(tags) if tags and rng.random() < 0.4 else None
        tag, _ = project.tags.create(f"t{n}", parent_id=parent, description=f"tag {n}")
        tags.append(tag)
        text = f"doc {n}: " + " ".join(rng.choice(words) for _ in range(40))
        added = project.documents.add(NewDocument(
            f"doc {n}", text, f"20{n % 30:02d}-0{1 + n % 9}-1{n % 10}" if n % 4 else None,
            f"doc{n}.txt", {f"a{n}": n}))
        documents.append(added.document_id)
        project.coder = f"coder {n % 7}"
        for _ in range(3):
            doc = rng.choice(documents[-5:])
            start = rng.randrange(0, 30)
            chosen = [tag] + ([rng.choice(tags)] if rng.random() < 0.5 else [])
            highlight, _ = project.highlights.create(
                doc, start, start + rng.randrange(1, 40), chosen,
                memo=f"memo {n}" if rng.random() < 0.3 else "")
            highlights.append(highlight)
        if len(highlights) > 3 * LIVE and rng.random() < 0.7:
            victim = highlights.pop(rng.randrange(len(highlights) // 2))
            try:
                project.highlights.delete(victim)
            except NotFoundError:  # deleted with its document already
                pass
        if len(tags) > LIVE // 2:
            project.tags.delete(tags.pop(rng.randrange(len(tags) // 2)))
            tags = [t for t in tags if t in {x.id for x in project.tags.all()}]
        if len(documents) > LIVE:
            project.documents.delete(documents.pop(0))
        if n == 5:
            print("READY", flush=True)
    print(f"WROTE {n}", flush=True)
""".replace("LIVE", str(LIVE_DOCUMENTS))


# -- deterministic: a commit lands right after the export's first read -----------------


def _seed(project: Project) -> None:
    security, _ = project.tags.create("security")
    doc = project.documents.add(NewDocument("one", "Water and security.", "2018-02-12",
                                            "one.txt", {"outlet": "RFE"})).document_id
    project.highlights.create(doc, 10, 18, [security], memo="first")


def _commit_after_first_read(exporting: Project, writer: Project) -> None:
    """After ``exporting`` first reads its tags, ``writer`` commits a new tag and a
    document with a highlight carrying it (a new coder and attribute too)."""
    store = exporting.store
    read_tags = store.tags.all

    def all_then_commit() -> list[object]:
        tags = read_tags()
        store.tags.all = read_tags  # type: ignore[method-assign]
        tag, _ = writer.tags.create("late")
        doc = writer.documents.add(NewDocument("late", "Late water.", None, "late.txt",
                                               {"late": True})).document_id
        writer.coder = "late coder"
        writer.highlights.create(doc, 5, 10, [tag], memo="late memo")
        return tags  # type: ignore[return-value]

    store.tags.all = all_then_commit  # type: ignore[method-assign]


def _contents(path: Path) -> object:
    """What a file says, without its export time stamp."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("exported_at")
        return data
    if path.suffix == ".qdpx":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in sorted(archive.namelist())}
    return path.read_bytes()


EXPORTS: dict[str, Callable[[Project, Path], str]] = {
    "json": export_json, "csv": export_csv, "qdpx": export_qdpx, "qdc": export_qdc,
}


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_an_export_does_not_see_a_commit_made_while_it_runs(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "p.annotator"
    export = EXPORTS[kind]
    with Project.open(path, coder="me") as exporting, Project.open(path) as writer:
        _seed(exporting)
        before = tmp_path / f"before.{kind}"
        before_summary = export(exporting, before)
        _commit_after_first_read(exporting, writer)
        during = tmp_path / f"during.{kind}"
        assert export(exporting, during) == before_summary
        assert _contents(during) == _contents(before)
        # The commit did happen, and the next export has it.
        after = tmp_path / f"after.{kind}"
        assert export(exporting, after) != before_summary
        assert _contents(after) != _contents(before)


def test_stats_do_not_see_a_commit_made_while_they_are_computed(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.open(path, coder="me") as counting, Project.open(path) as writer:
        _seed(counting)
        before = compute_stats(counting, by="year")
        store = counting.store
        read_totals = store.stats.tag_totals

        def totals_then_commit() -> object:
            totals = read_totals()
            store.stats.tag_totals = read_totals  # type: ignore[method-assign]
            security = writer.tags.resolve("security")
            late, _ = writer.tags.create("late")
            doc = writer.documents.add(NewDocument("late", "Late water.", "2018-03-01",
                                                   "late.txt", {})).document_id
            writer.highlights.create(doc, 5, 10, [security, late])
            return totals

        store.stats.tag_totals = totals_then_commit  # type: ignore[method-assign]
        assert compute_stats(counting, by="year") == before
        after = compute_stats(counting, by="year")
        assert [(t.path, t.highlights) for t in after.tags] == [("security", 2), ("late", 1)]


# -- the race harness ------------------------------------------------------------------


def _check_json(path: Path, summary: str, schema: dict[str, object]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    tag_ids = {t["id"] for t in data["tags"]}
    document_ids = {d["id"] for d in data["documents"]}
    assert {t["parent"] for t in data["tags"]} - {None} <= tag_ids, "a parent is missing"
    for annotation in data["annotations"]:
        assert annotation["document"] in document_ids, f"document missing: {annotation}"
        assert set(annotation["tags"]) <= tag_ids, f"tag missing: {annotation}"
    annotation_ids = {a["id"] for a in data["annotations"]}
    for memo in data["memos"]:
        assert memo.get("annotation", min(annotation_ids, default=0)) in annotation_ids | {0}, \
            f"annotation missing: {memo}"
        assert memo.get("document", min(document_ids, default=0)) in document_ids | {0}, memo
    memos = len(data["memos"])
    assert summary == (f"{len(document_ids)} documents, {len(tag_ids)} tags, "
                       f"{len(data['annotations'])} highlights"
                       + (f", {memos} memo{'s' * (memos != 1)}" if memos else ""))
    with Project.in_memory(coder="check") as empty:
        merged = merge_dataset(empty, path)  # Annotator takes its own file back
        assert merged.documents_added == len(document_ids)
        assert empty.highlights.count() == len(data["annotations"])
        assert empty.memos.count() == memos


def _check_csv(path: Path, summary: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    highlights = set()
    for row in rows:
        serial = re.fullmatch(r"doc (\d+)", row["document_title"])
        assert serial, row["document_title"]
        # Every document's own attribute has its column (the columns and rows agree).
        assert row.get(f"attr:a{serial[1]}") == serial[1], f"attribute column missing: {row}"
        assert row["tag_path"].split("/")[-1] == row["tag"], row
        highlights.add(row["highlight_id"])
    assert summary == f"{len(highlights)} highlights in {len(rows)} rows"


def _check_qdpx(path: Path, summary: str) -> None:
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))
        names = set(archive.namelist())

    def guids(tag: str) -> set[str | None]:
        return {e.get("guid") for e in root.iter(f"{NS}{tag}")}

    codes, users, notes = guids("Code"), guids("User"), guids("Note")
    variables = guids("Variable")
    for ref in root.iter(f"{NS}CodeRef"):
        assert ref.get("targetGUID") in codes, "a coding names a code not in the file"
    for ref in root.iter(f"{NS}NoteRef"):
        assert ref.get("targetGUID") in notes, "a note reference names no note"
    for ref in root.iter(f"{NS}VariableRef"):
        assert ref.get("targetGUID") in variables, "a value names no variable"
    for element in root.iter():
        if element.get("creatingUser") is not None:
            assert element.get("creatingUser") in users, "a creating user is not a user"
    sources = list(root.iter(f"{NS}TextSource"))
    for source in sources:
        assert f"sources/{source.get('guid')}.txt" in names
    # Every selection is a highlight but those of span memos (GUIDs derived from theirs).
    span_memos = {derived_guid("span memo", str(note)) for note in notes}
    selections = sum(1 for s in root.iter(f"{NS}PlainTextSelection")
                     if s.get("guid") not in span_memos)
    memos = len(notes)
    assert summary == (f"{len(sources)} documents, {len(codes)} tags, {selections} highlights"
                       + (f", {memos} memo{'s' * (memos != 1)}" if memos else ""))
    with Project.in_memory(coder="check") as empty:
        result = import_refi(empty, path)
        assert result.documents_added == len(sources) and not result.skipped


def _check_qdc(path: Path, summary: str) -> None:
    with Project.in_memory(coder="check") as empty:
        result = import_refi(empty, path)
        assert summary == f"{result.tags_added} tags"


class Writer:
    """The writer process of :data:`CHURN` on a project."""

    def __init__(self, path: Path, stop: Path) -> None:
        self.stop_file = stop
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHURN, str(path), str(stop), "12"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        assert first == "READY\n", self.stop()

    def stop(self) -> str:
        """Stop the writer; return its report (``WROTE n``) and stderr."""
        self.stop_file.touch()
        out, err = self.process.communicate(timeout=60)
        return out + err


@pytest.fixture
def churning(tmp_path: Path) -> Iterator[tuple[Path, Writer]]:
    """A project that a writer process keeps changing until the test stops it."""
    path = tmp_path / "busy.annotator"
    Project.open(path).close()
    writer = Writer(path, tmp_path / "STOP")
    try:
        yield path, writer
    finally:
        if writer.process.returncode is None:
            writer.stop()


def test_exports_taken_while_another_process_writes_are_consistent(
        churning: tuple[Path, Writer], tmp_path: Path) -> None:
    path, writer = churning
    schema = json.loads(schema_text())
    checks = {"json": lambda f, s: _check_json(f, s, schema), "csv": _check_csv,
              "qdpx": _check_qdpx, "qdc": _check_qdc}
    failures: list[str] = []
    changed_during = 0
    with Project.open(path, create=False) as project:
        for round_ in range(ROUNDS):
            for kind, check in checks.items():
                out = tmp_path / f"out-{round_}.{kind}"
                version = project.data_version()
                try:
                    summary = EXPORTS[kind](project, out)
                    changed_during += project.data_version() != version
                    check(out, summary)
                except (AssertionError, KeyError, UserError, jsonschema.ValidationError) as error:
                    failures.append(f"{kind}: {type(error).__name__}: {str(error)[:200]}")
                out.unlink(missing_ok=True)
    report = writer.stop()
    assert writer.process.returncode == 0 and report.startswith("WROTE"), report
    total = ROUNDS * len(checks)
    print(f"\n[export snapshot] {total} exports while a writer committed "
          f"({report.split()[1]} rounds of writes; {changed_during} exports saw the project "
          f"change while they ran): {len(failures)} inconsistent")
    assert changed_during >= total // 4, "the writer was too slow to race the exports"
    assert failures == [], "\n".join(failures)
